//! mailseq: follow-up sequences from your own mailbox. This file holds entry points only.
pub mod core;
pub mod mail;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
mod entry {
    use wasm_bindgen::prelude::*;

    /// The service worker: loads state, re-arms alarms and returns the handle that
    /// `background.js` hands every message and alarm to.
    #[wasm_bindgen]
    pub async fn start_background() -> Result<crate::browser::background::BackgroundHandle, JsValue>
    {
        crate::browser::background::start().await
    }

    #[wasm_bindgen]
    pub fn start_sidepanel() -> Result<(), JsValue> {
        crate::ui::start_sidepanel()
    }

    #[wasm_bindgen]
    pub fn start_options() -> Result<(), JsValue> {
        crate::ui::start_options()
    }
}
