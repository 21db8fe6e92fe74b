//! The browser edge: the only code that touches `JsValue`. `chrome.rs` holds every `chrome.*`
//! binding; each other file wraps one browser facility for the core's ports and the pages.
//! The service worker's own modules (feature `background`) are left out of the pages' wasm.
pub mod alarms;
#[cfg(feature = "background")]
pub mod background;
pub mod badge;
pub mod chrome;
pub mod clock;
pub mod content_scripts;
pub mod gmail_auth;
#[cfg(feature = "background")]
pub mod gmail_connect;
pub mod http;
pub mod js;
pub mod load;
pub mod mail_router;
pub mod messaging;
pub mod notify;
#[cfg(feature = "background")]
pub mod ports;
pub mod session;
pub mod storage;
#[cfg(all(feature = "background", feature = "test-hooks"))]
pub mod test_hooks;
pub mod tz;
