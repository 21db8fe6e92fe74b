//! mailseq: follow-up sequences from your own mailbox. This file holds entry points only.
pub mod core;
pub mod mail;
