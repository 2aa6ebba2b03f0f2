//! The ICD-10-PCS builder's state: the characters chosen so far, axis by axis.

use std::rc::Rc;

use yew::Reducible;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PcsAction {
    /// The value chosen for the next axis.
    Pick(char),
    /// The next axis has one value only: taken for the user (and undone with the choice
    /// before it, so Back never lands on an axis with nothing to choose).
    Auto(char),
    /// Undo the last axis.
    Back,
    /// Go back to axis `n` (keep the first `n` characters).
    Truncate(usize),
    Reset,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PcsState {
    pub prefix: String,
    /// Positions (0-based) of the characters taken automatically.
    pub auto: Vec<usize>,
}

impl PcsState {
    pub fn apply(mut self, action: PcsAction) -> PcsState {
        match action {
            PcsAction::Pick(c) if self.prefix.len() < 7 && c.is_ascii_alphanumeric() => {
                self.prefix.push(c.to_ascii_uppercase());
            }
            PcsAction::Auto(c) if self.prefix.len() < 7 && c.is_ascii_alphanumeric() => {
                self.auto.push(self.prefix.len());
                self.prefix.push(c.to_ascii_uppercase());
            }
            PcsAction::Pick(_) | PcsAction::Auto(_) => {}
            PcsAction::Back => {
                while self.auto.last() == Some(&(self.prefix.len().wrapping_sub(1))) {
                    self.auto.pop();
                    self.prefix.pop();
                }
                self.prefix.pop();
            }
            PcsAction::Truncate(n) => {
                self.prefix.truncate(n);
                self.auto.retain(|i| *i < n);
            }
            PcsAction::Reset => {
                self.prefix.clear();
                self.auto.clear();
            }
        }
        self
    }
}

impl Reducible for PcsState {
    type Action = PcsAction;
    fn reduce(self: Rc<Self>, action: PcsAction) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}
