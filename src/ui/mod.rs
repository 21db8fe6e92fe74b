//! The extension pages (side panel, options), rendered with web-sys from `core::view` models.
pub mod bridge;
mod chart;
pub mod dom;
mod enrollment_item;
mod file_chunks;
pub mod listen;
mod metrics_view;
pub mod options;
mod options_editor;
mod options_gmail;
mod options_import;
mod options_import_preview;
mod options_import_run;
mod options_list;
mod options_settings;
mod options_starters;
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
