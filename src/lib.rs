//! mailseq: follow-up sequences from your own mailbox. This file holds entry points only.
//! Features `background` (the service worker) and `pages` (side panel, options) pick the entry
//! points, so each context loads a wasm with only its own code; both are on by default.
pub mod core;
pub mod mail;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(all(target_arch = "wasm32", feature = "pages"))]
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

    #[cfg(feature = "pages")]
    #[wasm_bindgen]
    pub fn start_sidepanel() -> Result<(), JsValue> {
        crate::ui::start_sidepanel()
    }

    #[cfg(feature = "pages")]
    #[wasm_bindgen]
    pub fn start_options() -> Result<(), JsValue> {
        crate::ui::start_options()
    }
}
