//! The search box's state: the WAI-ARIA combobox with list autocomplete. Pure: the component
//! runs the search and hands the results in, so every transition is testable without a DOM.

use std::rc::Rc;

use codeglass_lookup::Hit;
use codeglass_tables::canonical_code;
use yew::Reducible;

/// Keys the combobox handles (the rest belong to the text box).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavKey {
    Down,
    Up,
    Home,
    End,
    Escape,
}

impl NavKey {
    /// The key of a `KeyboardEvent.key`, when the combobox handles it.
    pub fn from_key(key: &str) -> Option<NavKey> {
        Some(match key {
            "ArrowDown" | "Down" => NavKey::Down,
            "ArrowUp" | "Up" => NavKey::Up,
            "Home" => NavKey::Home,
            "End" => NavKey::End,
            "Escape" | "Esc" => NavKey::Escape,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum SearchAction {
    /// The text box changed and the engine answered (`Err`: its error message).
    Results {
        query: String,
        hits: Result<Vec<Hit>, String>,
        engine_ms: f64,
    },
    /// The same query answered again because tables arrived: the list is replaced, but the
    /// active option stays on its code (and a closed list stays closed).
    Refreshed {
        hits: Result<Vec<Hit>, String>,
        engine_ms: f64,
    },
    Key(NavKey),
    /// A header was chosen: the list now shows the codes under it (`query` is the header's
    /// code), with `active` on the code a coder takes by default.
    Opened {
        query: String,
        hits: Vec<Hit>,
        active: Option<usize>,
    },
    /// The pointer is over option `i`.
    Hover(usize),
    /// Enter or a click on option `i` (or on the active option when `None`).
    Choose(Option<usize>),
    /// Focus left the combobox.
    Close,
    /// Empty the text box (after a choice, where the box adds codes to a list).
    Clear,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchState {
    pub query: String,
    pub hits: Vec<Hit>,
    /// The option `aria-activedescendant` points at.
    pub active: Option<usize>,
    pub expanded: bool,
    pub error: Option<String>,
    /// The last choice, with a serial number so that choosing the same code twice is news.
    pub chosen: Option<(u32, Hit)>,
    /// Milliseconds the last search took in the engine.
    pub engine_ms: f64,
}

impl SearchState {
    /// What the live region announces.
    pub fn announcement(&self) -> String {
        match (&self.error, self.hits.len()) {
            (Some(e), _) => e.clone(),
            _ if self.query.trim().is_empty() => String::new(),
            (None, 0) => "No results".into(),
            (None, 1) => "1 result".into(),
            (None, n) => format!("{n} results"),
        }
    }

    /// Home and End move among the options only while the list is open with an active
    /// option; otherwise they move the caret in the text box.
    pub fn handles(&self, key: NavKey) -> bool {
        match key {
            NavKey::Home | NavKey::End => self.expanded && self.active.is_some(),
            NavKey::Escape => self.expanded,
            NavKey::Down | NavKey::Up => !self.hits.is_empty(),
        }
    }

    /// The option Enter acts on when none is active: the first one, when it is the code typed
    /// in full (dotted or not, any case).
    pub fn exact_code(&self) -> Option<usize> {
        let typed = canonical_code(&self.query)?;
        let first = self.hits.first()?;
        (first.match_kind == "code" && canonical_code(&first.code).as_deref() == Some(typed.as_str())).then_some(0)
    }

    /// The engine's answer: the list, or its error and an empty list.
    fn set_hits(&mut self, hits: Result<Vec<Hit>, String>, engine_ms: f64) {
        self.engine_ms = engine_ms;
        match hits {
            Ok(h) => {
                self.hits = h;
                self.error = None;
            }
            Err(e) => {
                self.hits.clear();
                self.error = Some(e);
            }
        }
    }

    pub fn apply(mut self, action: SearchAction) -> SearchState {
        let n = self.hits.len();
        match action {
            SearchAction::Results { query, hits, engine_ms } => {
                self.expanded = !query.trim().is_empty();
                self.query = query;
                self.active = None;
                self.set_hits(hits, engine_ms);
            }
            SearchAction::Refreshed { hits, engine_ms } => {
                let active_code = self.active.and_then(|i| self.hits.get(i)).map(|h| (h.code.clone(), h.system));
                self.set_hits(hits, engine_ms);
                self.active = active_code
                    .and_then(|(code, system)| self.hits.iter().position(|x| x.code == code && x.system == system));
            }
            SearchAction::Opened { query, hits, active } => {
                self.query = query;
                self.set_hits(Ok(hits), self.engine_ms);
                self.expanded = !self.hits.is_empty();
                self.active = active.filter(|i| *i < self.hits.len());
            }
            SearchAction::Key(NavKey::Escape) => {
                self.active = None;
                self.expanded = false;
            }
            SearchAction::Key(_) if n == 0 => {}
            SearchAction::Key(key) => {
                let opening = !self.expanded;
                self.expanded = true;
                self.active = match (key, self.active) {
                    // Down on a closed list opens it on the first option; Up on the last.
                    (NavKey::Down, _) if opening => Some(0),
                    (NavKey::Down, None) | (NavKey::Home, _) => Some(0),
                    (NavKey::Down, Some(i)) => Some((i + 1) % n),
                    (NavKey::Up, None | Some(0)) | (NavKey::End, _) => Some(n - 1),
                    (NavKey::Up, Some(i)) => Some(i - 1),
                    (NavKey::Escape, _) => None,
                };
            }
            SearchAction::Hover(i) if i < n => self.active = Some(i),
            SearchAction::Hover(_) => {}
            SearchAction::Choose(i) => {
                if let Some(hit) = i.or(self.active).and_then(|i| self.hits.get(i)) {
                    let serial = self.chosen.as_ref().map_or(0, |(s, _)| s + 1);
                    self.chosen = Some((serial, hit.clone()));
                    self.expanded = false;
                    self.active = None;
                }
            }
            SearchAction::Close => {
                self.expanded = false;
                self.active = None;
            }
            SearchAction::Clear => {
                self.query.clear();
                self.hits.clear();
                self.error = None;
                self.expanded = false;
                self.active = None;
            }
        }
        self
    }
}

impl Reducible for SearchState {
    type Action = SearchAction;
    fn reduce(self: Rc<Self>, action: SearchAction) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}
