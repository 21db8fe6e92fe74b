//! Browser-adapter tests, in headless Chromium through wasm-bindgen-test. A plain test page
//! has no `chrome.*`, so `stub.rs` installs a small recording fake of the parts we use.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test. (clippy's allow-unwrap-in-tests does not see
// wasm_bindgen_test functions as tests.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod stub;

mod alarms;
mod clock;
mod content_scripts;
mod http;
mod messaging;
mod storage;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
