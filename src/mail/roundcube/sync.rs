//! Reply detection over Roundcube: the INBOX watermark (`sync`) and the tracked-ID search
//! (`thread`, and the first sync). Why each is used where: see the module doc in `mod.rs`.
use super::answer::{size_bytes, Row};
use super::filter;
use super::search::Scope;
use super::Roundcube;
use crate::core::account::Account;
use crate::core::observed::ObservedMessage;
use crate::core::ports::{MailError, SyncResult, WatchSet, Watched};
use crate::mail::http::{Clock, Http};

pub const CURSOR_PREFIX: &str = "INBOX:";

/// Bodies larger than this are not downloaded just for a snippet (viewsource sends the whole
/// message, attachments included); delivery reports are always read.
const SNIPPET_MAX_BYTES: u64 = 2 * 1024 * 1024;

pub fn parse_cursor(cursor: Option<&str>) -> Option<u64> {
    cursor?.strip_prefix(CURSOR_PREFIX)?.parse().ok()
}

pub fn cursor(uid: u64) -> String {
    format!("{CURSOR_PREFIX}{uid}")
}

/// Does a message belong to a watched thread, or fall under a stop rule? The same tests the
/// engine's matching makes, so nothing it would use is left out. Lookups in the set: a new
/// message costs its own ids, not a walk over every watched thread.
pub fn relevant(msg: &ObservedMessage, watched: &WatchSet) -> bool {
    watched.answers(msg) || watched.watches_sender(&msg.from)
}

fn is_report(row: &Row, msg: &ObservedMessage) -> bool {
    let ct = |s: &str| {
        s.trim()
            .to_ascii_lowercase()
            .starts_with("multipart/report")
    };
    ct(&row.content_type) || msg.header("content-type").is_some_and(ct)
}

impl<H: Http, C: Clock> Roundcube<H, C> {
    pub(super) async fn sync_inbox(
        &self,
        account: &Account,
        watched: &WatchSet,
    ) -> Result<SyncResult, MailError> {
        let inbox = self.folders.inbox.clone();
        let Some(last) = parse_cursor(account.cursor.as_deref()) else {
            return self.first_sync(account, watched).await;
        };
        let rows = self
            .search(account, &inbox, Scope::Base, &filter::uids_from(last + 1))
            .await?;
        // `n:*` always holds the highest uid, so an idle poll returns the cursor's own row.
        // A highest uid below the cursor means INBOX was renumbered or its newest messages
        // expunged: the cursor follows it down (see mod.rs). An empty INBOX restarts at 0.
        let next = rows.iter().map(|r| r.uid).max().unwrap_or(0);
        let mut fresh: Vec<Row> = rows.into_iter().filter(|r| r.uid > last).collect();
        fresh.sort_by_key(|r| r.uid);
        fresh.dedup_by_key(|r| r.uid);
        let mut messages = Vec::new();
        for row in &fresh {
            if let Some(m) = self.read_row(account, row, Some(watched)).await? {
                messages.push(m);
            }
        }
        Ok(SyncResult {
            cursor: Some(cursor(next)),
            messages,
        })
    }

    /// No cursor yet: start at the newest INBOX message (an old mailbox is not re-read), and
    /// look once for answers to the watched threads that came before it.
    async fn first_sync(
        &self,
        account: &Account,
        watched: &WatchSet,
    ) -> Result<SyncResult, MailError> {
        let inbox = self.folders.inbox.clone();
        // `UID *` is the message with the highest uid.
        let newest = self
            .search(account, &inbox, Scope::Base, "UID *")
            .await?
            .iter()
            .map(|r| r.uid)
            .max()
            .unwrap_or(0);
        let ids: Vec<String> = watched
            .iter()
            .flat_map(|w| w.message_ids.iter().cloned())
            .collect();
        let mut rows: Vec<Row> = Vec::new();
        for f in filter::answering(&ids) {
            rows.extend(self.search(account, &inbox, Scope::Base, &f).await?);
        }
        rows.sort_by_key(|r| r.uid);
        rows.dedup_by_key(|r| r.uid);
        let mut messages = Vec::new();
        for row in &rows {
            if let Some(m) = self.read_row(account, row, Some(watched)).await? {
                messages.push(m);
            }
        }
        Ok(SyncResult {
            cursor: Some(cursor(newest)),
            messages,
        })
    }

    /// The pre-send check: every message in any folder that answers one of the thread's
    /// Message-IDs. The user's own copies (Sent, Drafts, or their address in the From
    /// column) are left out without reading them: they never pause anything.
    pub(super) async fn thread(
        &self,
        account: &Account,
        watched: &Watched,
    ) -> Result<Vec<ObservedMessage>, MailError> {
        let inbox = self.folders.inbox.clone();
        let mut rows: Vec<Row> = Vec::new();
        for f in filter::answering(&watched.message_ids) {
            rows.extend(self.search(account, &inbox, Scope::All, &f).await?);
        }
        rows.retain(|r| {
            r.mbox != self.folders.sent
                && r.mbox != self.folders.drafts
                && !account.is_own(&r.address)
        });
        // A virtual folder (Dovecot `Virtual/All`) repeats the real folders' messages with
        // other uids: keep one row per message as the list shows it, INBOX first.
        rows.sort_by_key(|r| r.mbox != inbox);
        let mut seen_keys: Vec<String> = Vec::new();
        rows.retain(|r| {
            let dup = seen_keys.contains(&r.key);
            seen_keys.push(r.key.clone());
            !dup
        });
        let mut out: Vec<ObservedMessage> = Vec::new();
        for row in &rows {
            if let Some(m) = self.read_row(account, row, None).await? {
                if !out.iter().any(|o| o.message_id == m.message_id) {
                    out.push(m);
                }
            }
        }
        Ok(out)
    }

    /// One message as reply detection sees it, or None when it does not concern `watched`
    /// (None: the search already found it in the thread).
    /// Headers always; the raw source for a delivery report (what bounced) and, for a
    /// message that concerns a thread, its first text (opt-out wording).
    async fn read_row(
        &self,
        account: &Account,
        row: &Row,
        watched: Option<&WatchSet>,
    ) -> Result<Option<ObservedMessage>, MailError> {
        let mut msg = self.headers(account, row.uid, &row.mbox).await?;
        let report = is_report(row, &msg);
        if report {
            let src = self.source(account, row.uid, &row.mbox).await?;
            for id in src.original_ids {
                if !msg.references.contains(&id) {
                    msg.references.push(id);
                }
            }
            if !src.failed_recipients.is_empty() && msg.header("x-failed-recipients").is_none() {
                msg.headers.insert(
                    "x-failed-recipients".into(),
                    src.failed_recipients.join(", "),
                );
            }
            msg.snippet = src.snippet;
        }
        if watched.is_some_and(|w| !relevant(&msg, w)) {
            return Ok(None);
        }
        let small = size_bytes(&row.size).is_none_or(|n| n <= SNIPPET_MAX_BYTES);
        if !report && small {
            msg.snippet = self.source(account, row.uid, &row.mbox).await?.snippet;
        }
        Ok(Some(msg))
    }
}
