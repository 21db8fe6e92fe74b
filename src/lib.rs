//! mailseq: follow-up sequences from your own mailbox. This file holds entry points only.
//! Features `background` (the service worker), `sidepanel` and `options` (the pages) pick the
//! entry points, so each context loads a wasm with only its own code; all are on by default.
pub mod core;
pub mod mail;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(all(
    target_arch = "wasm32",
    any(feature = "sidepanel", feature = "options")
))]
pub mod ui;

#[cfg(target_arch = "wasm32")]
mod entry {
    use wasm_bindgen::prelude::*;

    /// The service worker: loads state, re-arms alarms and returns the handle that
    /// `background.js` hands every message and alarm to.
    #[cfg(feature = "background")]
    #[wasm_bindgen]
    pub async fn start_background() -> Result<crate::browser::background::BackgroundHandle, JsValue>
    {
        crate::browser::background::start().await
    }

    #[cfg(feature = "sidepanel")]
    #[wasm_bindgen]
    pub fn start_sidepanel() -> Result<(), JsValue> {
        crate::ui::start_sidepanel()
    }

    #[cfg(feature = "options")]
    #[wasm_bindgen]
    pub fn start_options() -> Result<(), JsValue> {
        crate::ui::start_options()
    }
}
