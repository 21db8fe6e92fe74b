//! Roundcube provider tests: parsing on the dated fixtures (`tests/fixtures/roundcube/
//! 2026-11-27/`), and whole flows against a scripted server.
mod answers;
mod composed_flows;
mod fake;
mod filters;
mod mime;
mod parse;
mod request_counts;
mod send_flows;
mod sync_flows;
