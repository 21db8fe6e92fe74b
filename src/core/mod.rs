//! The pure domain: every decision mailseq makes, from plain data and an explicit `now`.
//! Nothing here touches wasm-bindgen, web-sys or js-sys; `cargo test` runs it natively.
pub mod account;
pub mod enrollment;
pub mod ids;
pub mod limits;
pub mod observed;
pub mod ports;
pub mod reply;
pub mod sequence;
pub mod stats;
pub mod store;
pub mod template;
pub mod time;
