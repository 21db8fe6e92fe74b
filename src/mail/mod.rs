//! Mail providers behind `core::ports::MailPort`. Request building and response parsing are
//! pure and tested natively on recorded fixtures; the HTTP call, the clock and the OAuth token
//! come through the small ports in `http` and `gmail::auth`, which the browser implements.
pub mod encode;
#[cfg(test)]
pub mod fake_http;
pub mod gmail;
pub mod http;
