//! The extension pages (side panel, options), rendered with web-sys from `core::view` models.
pub mod bridge;
pub mod dom;
mod enrollment_item;
pub mod listen;
pub mod options;
mod options_editor;
mod options_gmail;
mod options_list;
mod options_settings;
mod options_transfer;
mod panel_gmail;
mod panel_sections;
pub mod schedule_preview;
pub mod sequence_editor;
pub mod sidepanel;
pub mod stats_view;

use wasm_bindgen::JsValue;

pub fn start_sidepanel() -> Result<(), JsValue> {
    sidepanel::start()
}

pub fn start_options() -> Result<(), JsValue> {
    options::start()
}
