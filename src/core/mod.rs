//! The pure domain: every decision mailseq makes, from plain data and an explicit `now`.
//! Nothing here touches wasm-bindgen, web-sys or js-sys; `cargo test` runs it natively.
pub mod account;
#[cfg(any(test, feature = "test-hooks"))]
pub mod benchkit;
pub mod contract;
pub mod craft;
pub mod engine;
pub mod enrollment;
#[cfg(any(test, feature = "test-hooks"))]
pub mod fakes;
pub mod ids;
pub mod limits;
pub mod lock;
pub mod message;
pub mod migrate;
pub mod observed;
pub mod ports;
pub mod reply;
pub mod runner;
#[cfg(test)]
mod runner_tests;
pub mod schedule;
pub mod sequence;
pub mod service;
#[cfg(test)]
mod service_gmail_tests;
#[cfg(test)]
mod service_tests;
pub mod settings;
pub mod state;
pub mod stats;
pub mod store;
pub mod suppression;
pub mod template;
#[cfg(test)]
pub mod testkit;
pub mod time;
pub mod transfer;
pub mod view;
