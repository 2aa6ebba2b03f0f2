//! The little the components need from the browser: the clock and mounting.

use yew::AppHandle;

use crate::components::{App, AppProps};

/// Today's date in the browser's clock (UTC), `YYYY-MM-DD`.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_utc_full_year(), now.get_utc_month() + 1, now.get_utc_date())
}

/// A monotonic clock in milliseconds (`performance.now()`), for the engine-time figure.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Renders the widget into `root` (an element, typically inside a shadow root).
pub fn mount(root: web_sys::Element, props: AppProps) -> Mounted {
    let handle = yew::Renderer::<App>::with_root_and_props(root, props.clone()).render();
    Mounted { handle: Some(handle), props }
}

/// A widget mounted into an element; dropping it leaves the widget in place.
pub struct Mounted {
    handle: Option<AppHandle<App>>,
    props: AppProps,
}

impl Mounted {
    /// Removes the widget from its element (idempotent).
    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }

    /// New mode, date or system: the widget re-renders in place and keeps its state (a claim
    /// being entered survives a date change).
    pub fn set_view(
        &mut self,
        mode: crate::components::Mode,
        date: Option<yew::AttrValue>,
        system: Option<yew::AttrValue>,
    ) {
        self.props.mode = mode;
        self.props.date = date;
        self.props.system = system;
        self.rerender();
    }

    /// Tables were added: the panels ask the engine again (their state is kept).
    pub fn refresh(&mut self) {
        self.props.tables_epoch = self.props.tables_epoch.wrapping_add(1);
        self.rerender();
    }

    fn rerender(&mut self) {
        if let Some(handle) = self.handle.as_mut() {
            handle.update(self.props.clone());
        }
    }
}
