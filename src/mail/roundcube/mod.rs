//! Roundcube 1.6 as a mail provider, through its own web endpoints and the user's session
//! (verified facts and fixtures: `tests/fixtures/roundcube/NOTES.md`). Request building and
//! answer parsing are pure; the HTTP call and the clock come through `mail::http`.
//!
//! # What Roundcube lets a sender set (1.6, `compose.php` + `rcmail_sendmail.php`)
//! - The send POST reads only `_to _cc _bcc _subject _from _replyto _followupto _mdn _dsn
//!   _priority _charset` and the body fields. No POST field reaches Message-ID,
//!   In-Reply-To or References.
//! - The compose URL's GET parameters are copied into the compose session without their
//!   leading `_`, at compose init only. `&_message-id=%3C...%3E` becomes the sent
//!   Message-ID (brackets needed: a bare value goes out bare and invalid). On a NEW compose
//!   `&_in-reply-to=` and `&_references=` set those headers; a reply compose always takes
//!   them from the message answered (compose.php:241).
//! - Nothing else: no arbitrary header, so no `List-Unsubscribe` and no mailseq marker
//!   header. The deterministic Message-ID is the idempotency marker: `find_sent` looks for
//!   it in Sent before any retry. This is undocumented 1.6 behaviour; the E2E suite pins it.
//!
//! # Reply detection: why a UID watermark, and the tracked-ID filter only where it is cheap
//! `sync` searches INBOX for `UID <cursor+1>:*` and reads the headers of each new message;
//! only messages that point at a watched thread (or match the prospect/domain stop rules)
//! are returned. The tracked-ID filter (`OR HEADER In-Reply-To "x" HEADER References "x"
//! ...`) needs two keys per tracked Message-ID, and a request line must stay under 8 KB, so
//! it costs one request per ~45 ids; Roundcube also echoes the whole filter back in
//! `env.search_filter`, so the answer grows with it. Measured on the testbed on 2026-11-27
//! (`tests/roundcube_testbed/cost.rs`), per IDLE poll, two
//! ids per thread, bytes sent / received:
//!
//! | tracked threads | UID watermark            | tracked-ID filter            |
//! |-----------------|--------------------------|------------------------------|
//! | 1               | 1 request, 109 B / 947 B | 1 request, 396 B / 734 B     |
//! | 100             | 1 request, 109 B / 947 B | 5 requests, 31 KB / 28 KB    |
//! | 1000            | 1 request, 109 B / 947 B | 44 requests, 312 KB / 281 KB |
//!
//! So the steady state is the watermark: its idle cost does not depend on the number of
//! threads (the design's "cost per poll, not per active thread"). Each NEW INBOX message
//! costs one `headers` read (~1.5 KB), plus one `viewsource` when it concerns a thread (its
//! snippet) or is a delivery report: cost per incoming message, not per tracked thread. The
//! tracked-ID filter is used where its cost is bounded: the first sync (no cursor yet: the
//! watermark starts at the newest INBOX uid, and replies that came before it are found once
//! by the filter), and the pre-send check (`read_thread`: one thread, all folders).
//!
//! The cursor is `INBOX:<uid>`. Roundcube's HTTP answers do not show UIDVALIDITY; when the
//! highest uid comes back below the cursor (INBOX renumbered, or its newest messages
//! expunged) the cursor drops to that uid, which loses nothing in either case.
//! Replies that server-side rules file away from INBOX are not seen by the watermark; the
//! pre-send check, which searches every folder, still catches them before the next send.
//! Bounces carry no In-Reply-To: the watermark sees them in INBOX, and the DSN's attached
//! headers give the bounced Message-ID (`source`).
mod answer;
mod compose;
mod composed;
pub mod filter;
mod headers;
mod html;
mod mime;
mod search;
mod send;
mod session;
mod source;
mod sync;
#[cfg(test)]
mod tests;

use crate::core::account::Account;
use crate::core::observed::ObservedMessage;
use crate::core::ports::{
    Composed, ComposedRef, MailError, MailPort, Outgoing, SentRef, SyncResult, WatchSet, Watched,
};
use crate::mail::http::{Clock, Http};
use std::cell::RefCell;
use std::collections::BTreeMap;

pub use session::is_login_page;

/// The folders Roundcube is configured with (Debian's defaults). Messages in other folders
/// are still found by the all-folders searches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    pub inbox: String,
    pub sent: String,
    pub drafts: String,
}

impl Default for Folders {
    fn default() -> Folders {
        Folders {
            inbox: "INBOX".into(),
            sent: "Sent".into(),
            drafts: "Drafts".into(),
        }
    }
}

pub struct Roundcube<H, C> {
    http: H,
    clock: C,
    /// Request tokens per base URL, learned from pages (see `session`).
    tokens: RefCell<BTreeMap<String, String>>,
    /// Things that went wrong without failing the call (a send not saved to Sent), for the
    /// background to log.
    warnings: RefCell<Vec<String>>,
    pub folders: Folders,
    /// Waits before each look in Sent when confirming the user's own send: the content
    /// script reports the click at once, and Roundcube needs a moment to send and save.
    pub confirm_waits_ms: Vec<u64>,
}

impl<H: Http, C: Clock> Roundcube<H, C> {
    pub fn new(http: H, clock: C) -> Roundcube<H, C> {
        Roundcube {
            http,
            clock,
            tokens: RefCell::default(),
            warnings: RefCell::default(),
            folders: Folders::default(),
            confirm_waits_ms: vec![1000, 1000, 2000, 3000, 4000, 5000, 5000],
        }
    }

    /// Warnings collected since the last call.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut self.warnings.borrow_mut())
    }

    fn warn(&self, message: String) {
        self.warnings.borrow_mut().push(message);
    }
}

impl<H: Http, C: Clock> MailPort for Roundcube<H, C> {
    async fn sync(&self, account: &Account, watched: &WatchSet) -> Result<SyncResult, MailError> {
        self.sync_inbox(account, watched).await
    }

    async fn read_thread(
        &self,
        account: &Account,
        watched: &Watched,
    ) -> Result<Vec<ObservedMessage>, MailError> {
        self.thread(account, watched).await
    }

    async fn find_sent(
        &self,
        account: &Account,
        message_id: &str,
    ) -> Result<Option<SentRef>, MailError> {
        let found = self.find_by_message_id(account, message_id).await?;
        Ok(found.map(|row| SentRef {
            message_id: crate::core::observed::bare_id(message_id),
            provider_id: Some(format!("{}-{}", row.uid, row.mbox)),
            provider_thread_id: None,
        }))
    }

    async fn send(&self, account: &Account, msg: &Outgoing) -> Result<SentRef, MailError> {
        self.send_follow_up(account, msg).await
    }

    async fn find_composed(
        &self,
        account: &Account,
        composed: &Composed,
    ) -> Result<Option<ComposedRef>, MailError> {
        self.confirm_composed(account, composed).await
    }

    async fn draft_message_id(
        &self,
        account: &Account,
        draft: &str,
    ) -> Result<Option<String>, MailError> {
        self.draft_id(account, draft).await
    }
}
