//! The Roundcube provider against the REAL testbed (`tests/testbed/up.sh`): a follow-up goes
//! out end to end, reply detection sees bob's answer and a bounce, the user's own send is
//! enrolled by its draft's Message-ID, and Roundcube's header rules are pinned. It proves the
//! provider on the real server before the extension is wired. When nothing answers at the
//! testbed's address the tests print a note and pass, unless `MAILSEQ_TESTBED=required`:
//! `make test` starts the testbed and sets it, so there they can never skip (see `live.rs`).
//!
//! The testbed's address comes from `MAILSEQ_TESTBED_RC_PORT` (default 18765), as in the
//! testbed scripts; `mailtool.py` reads bob's mailbox over IMAP with the same variables.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cost;
mod enroll;
mod follow_up;
mod headers_pin;
mod live;
