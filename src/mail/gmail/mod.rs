//! Gmail through its REST API, with the smallest scopes: `gmail.send` + `gmail.metadata`.
//!
//! What `gmail.metadata` allows shapes everything here: headers, labels, snippets, threads
//! and history, but no bodies and no `q` search. So messages are found through history
//! (`history.list`), threads (`threads.get`) and their headers, never through search:
//! - sync: `history.list` since the stored historyId, then metadata of the added messages
//!   that can matter; an expired history id (404) or no cursor means reading the watched
//!   threads again and resuming from the profile's current historyId;
//! - the sent-message checks (`find_sent`, `find_composed`): the thread, then the SENT
//!   label's history since the cursor, then the newest SENT messages (`messages.list` with a
//!   label, which metadata allows) matched by their Message-ID / To / Subject headers.
//!
//! `users.settings.sendAs.list` needs `gmail.settings.basic` or a read scope; with mailseq's
//! scopes it answers 403. That is not an error: aliases are then unknown, and the user's own
//! addresses are the profile's address plus the ones the user lists in the options (see
//! `Identities`). Asking for one more scope only to list aliases is not worth a consent
//! screen line.
//!
//! One provider serves any number of accounts; the token source must hand out the token of
//! the account asked for (the browser half keys it by `Account::user`). Every request names
//! that account as `userId`, so a token of another Google account is refused (403).
mod api;
pub mod auth;
mod client;
pub mod errors;
pub mod headers;
mod lookup;
pub mod mime;
pub mod observe;
mod provider;
pub mod quota;
#[cfg(test)]
mod tests;
pub mod types;

pub use api::{metadata_headers, Api, ApiMethod, Call, API_ROOT, THREADING_HEADERS};
pub use auth::{AuthError, Grant, TokenSource};
pub use lookup::Identities;

use crate::core::ids::EnrollmentId;
use crate::core::ports::SentRef;
use crate::mail::gmail::mime::Attribution;
use crate::mail::gmail::quota::Quota;
use crate::mail::http::{Clock, Http};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The Gmail `MailPort`. `H` does the HTTP, `T` gives tokens, `C` is real time (quota minutes,
/// Retry-After, the Date header, backoff sleeps).
pub struct GmailProvider<H, T, C> {
    http: H,
    tokens: T,
    clock: C,
    memory: RefCell<Memory>,
}

/// What the provider learns while the service worker lives. All of it can be lost at any
/// moment: each entry only saves a call, never decides anything alone.
#[derive(Debug, Default)]
struct Memory {
    quota: Quota,
    /// Enrollment -> Gmail thread, from the watched threads seen in read_thread and sync.
    threads: BTreeMap<EnrollmentId, String>,
    /// Message-ID (lower case) -> its author and date, for the attribution line of a quote.
    authors: BTreeMap<String, Attribution>,
    /// Message-ID -> what `send` got back, so a retry in the same worker life is answered
    /// without a call.
    sent: BTreeMap<String, SentRef>,
    /// Send-as address (lower case) -> plain-text signature.
    signatures: BTreeMap<String, String>,
    /// Metadata of SENT messages a lookup has read.
    scanned: Scanned,
}

/// The newest metadata reads of SENT lookups, by message id; a bounded cache.
#[derive(Debug, Default)]
struct Scanned {
    by_id: BTreeMap<String, crate::mail::gmail::types::Message>,
    order: std::collections::VecDeque<String>,
}

impl Scanned {
    /// More than two lookups' worth (`SENT_SCAN` each), a few KB.
    const CAP: usize = 32;

    fn get(&self, id: &str) -> Option<&crate::mail::gmail::types::Message> {
        self.by_id.get(id)
    }

    fn insert(&mut self, m: crate::mail::gmail::types::Message) {
        if self.by_id.insert(m.id.clone(), m.clone()).is_none() {
            self.order.push_back(m.id);
        }
        while self.order.len() > Self::CAP {
            if let Some(old) = self.order.pop_front() {
                self.by_id.remove(&old);
            }
        }
    }
}

impl<H: Http, T: TokenSource, C: Clock> GmailProvider<H, T, C> {
    pub fn new(http: H, tokens: T, clock: C) -> Self {
        GmailProvider {
            http,
            tokens,
            clock,
            memory: RefCell::new(Memory::default()),
        }
    }

    /// Quota units spent since this provider started (`make bench` reads it).
    pub fn units_used(&self) -> u64 {
        self.memory.borrow().quota.total()
    }

    /// Units spent in the rolling minute ending now.
    pub fn units_last_minute(&self) -> u32 {
        let now = self.clock.now();
        self.memory.borrow_mut().quota.last_minute(now)
    }

    /// Lets the next `sync` run even if the idle budget would skip it: an explicit "check
    /// now" (the side panel's refresh, a test build's `tick()`), never the polling alarm.
    pub fn force_next_sync(&self) {
        self.memory.borrow_mut().quota.force_next();
    }

    /// The plain-text signature to put under follow-ups from `address` (captured from the
    /// compose window by the page driver; `sendAs` is not readable with mailseq's scopes).
    pub fn set_signature(&self, address: &str, text: &str) {
        self.memory
            .borrow_mut()
            .signatures
            .insert(address.trim().to_ascii_lowercase(), text.to_owned());
    }
}
