//! The ICD-10-PCS builder's state: the characters chosen so far, axis by axis.

use std::rc::Rc;

use yew::Reducible;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PcsAction {
    /// The value chosen for the next axis.
    Pick(char),
    /// Undo the last axis.
    Back,
    /// Go back to axis `n` (keep the first `n` characters).
    Truncate(usize),
    Reset,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PcsState {
    pub prefix: String,
}

impl PcsState {
    pub fn apply(mut self, action: PcsAction) -> PcsState {
        match action {
            PcsAction::Pick(c) if self.prefix.len() < 7 && c.is_ascii_alphanumeric() => {
                self.prefix.push(c.to_ascii_uppercase());
            }
            PcsAction::Pick(_) => {}
            PcsAction::Back => {
                self.prefix.pop();
            }
            PcsAction::Truncate(n) => self.prefix.truncate(n),
            PcsAction::Reset => self.prefix.clear(),
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
