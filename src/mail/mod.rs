//! Mail providers behind `core::ports::MailPort`. Request building and response parsing are
//! pure and tested natively on recorded fixtures; the HTTP call and the clock come through the
//! small ports in `http`, which the browser implements.
pub mod http;
pub mod roundcube;
