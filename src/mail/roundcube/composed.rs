//! The user's own enrolling email, sent from Roundcube's compose window.
//!
//! Roundcube picks a random Message-ID at send time, unless the compose session already has
//! one: the first draft save fixes it for the rest of that compose (send.php:73 and
//! rcmail_sendmail.php:175). So the content script saves a draft when the user arms a
//! sequence, the background reads that draft's Message-ID (`draft_id`), and after Send the
//! provider confirms the send by finding that Message-ID in Sent. A failed send is never
//! found, so it is never enrolled.
use super::answer::Row;
use super::filter;
use super::headers;
use super::search::Scope;
use super::Roundcube;
use crate::core::account::Account;
use crate::core::observed::bare_id;
use crate::core::ports::{Composed, ComposedRef, MailError};
use crate::mail::http::{Clock, Http};

/// How far the sent copy's Date may be from now for the To/Subject fallback to take it.
const FALLBACK_WINDOW_MS: i64 = 15 * 60 * 1000;
/// Newest candidates read in the fallback before giving up.
const FALLBACK_CANDIDATES: usize = 3;

impl<H: Http, C: Clock> Roundcube<H, C> {
    /// The Message-ID of a draft in Drafts (`_action=headers` does not mark it read).
    pub(super) async fn draft_id(
        &self,
        account: &Account,
        draft_uid: &str,
    ) -> Result<Option<String>, MailError> {
        let Ok(uid) = draft_uid.trim().parse::<u64>() else {
            return Err(MailError::Protocol(format!(
                "“{draft_uid}” is not a Roundcube draft uid"
            )));
        };
        let drafts = self.folders.drafts.clone();
        let msg = self.headers(account, uid, &drafts).await?;
        Ok((!msg.message_id.is_empty()).then_some(msg.message_id))
    }

    /// Waits for the sent email to show up in Sent. `Ok(None)` after the last try: the send
    /// failed, or Roundcube did not keep a copy.
    pub(super) async fn confirm_composed(
        &self,
        account: &Account,
        composed: &Composed,
    ) -> Result<Option<ComposedRef>, MailError> {
        let id = composed
            .hint
            .message_id
            .as_deref()
            .map(bare_id)
            .filter(|s| !s.is_empty());
        let waits = self.confirm_waits_ms.clone();
        for wait in waits {
            if wait > 0 {
                self.clock.sleep(wait).await;
            }
            let found = match &id {
                Some(id) => self.find_by_message_id(account, id).await?,
                None => self.find_by_to_subject(account, composed).await?,
            };
            if let Some(row) = found {
                let raw = self.header_block(account, row.uid, &row.mbox).await?;
                let h = headers::observe(&raw);
                return Ok(Some(ComposedRef {
                    message_id: if h.message_id.is_empty() {
                        id.clone().unwrap_or_default()
                    } else {
                        h.message_id
                    },
                    references: h.references,
                    provider_thread_id: None,
                    subject: if h.subject.is_empty() {
                        row.subject
                    } else {
                        h.subject
                    },
                    ..ComposedRef::default()
                }));
            }
        }
        Ok(None)
    }

    /// The fallback when the page gave no Message-ID (no draft was saved): the newest message
    /// in Sent to the first recipient with that subject, sent within minutes of now.
    /// Limits: IMAP matches To and Subject as substrings; two sends with the same To and
    /// Subject within the window cannot be told apart (the newest wins); a message saved in
    /// another folder than Sent, or not saved at all, is not found.
    async fn find_by_to_subject(
        &self,
        account: &Account,
        composed: &Composed,
    ) -> Result<Option<Row>, MailError> {
        let Some(to) = composed.to.first() else {
            return Ok(None);
        };
        let now = self.clock.now();
        // SINCE compares the server's local date: start a day early.
        let day = now
            .checked_sub(jiff::SignedDuration::from_hours(24))
            .unwrap_or(now);
        let day = jiff::tz::TimeZone::UTC.to_datetime(day).date();
        let Some(f) = filter::to_subject_since(to, &composed.subject, &filter::imap_date(day))
        else {
            return Ok(None);
        };
        let sent = self.folders.sent.clone();
        let mut rows = self.search(account, &sent, Scope::Base, &f).await?;
        rows.sort_by_key(|r| std::cmp::Reverse(r.uid));
        for row in rows.into_iter().take(FALLBACK_CANDIDATES) {
            let raw = self.header_block(account, row.uid, &row.mbox).await?;
            let recent = headers::date_ms(&raw)
                .is_some_and(|d| (d - now.as_millisecond()).abs() <= FALLBACK_WINDOW_MS);
            if recent {
                return Ok(Some(row));
            }
        }
        Ok(None)
    }
}
