//! The browser edge: the only code that touches `JsValue`. `chrome.rs` holds every `chrome.*`
//! binding.
pub mod chrome;
