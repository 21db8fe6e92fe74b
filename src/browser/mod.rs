//! The browser edge: the only code that touches `JsValue`. `chrome.rs` holds every `chrome.*`
//! binding; each other file wraps one browser facility for the core's ports and the pages.
pub mod alarms;
pub mod background;
pub mod badge;
pub mod chrome;
pub mod clock;
pub mod content_scripts;
pub mod gmail_auth;
pub mod gmail_connect;
pub mod http;
pub mod js;
pub mod load;
pub mod mail_router;
pub mod messaging;
pub mod notify;
pub mod ports;
pub mod session;
pub mod storage;
#[cfg(feature = "test-hooks")]
pub mod test_hooks;
pub mod tz;
