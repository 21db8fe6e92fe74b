//! The three reads everything else is built on: search (`_action=search` with `_filter`),
//! one message's headers (`_action=headers`) and its raw source (`_action=viewsource`).
//! None of them sets `\Seen` (checked over IMAP, NOTES §5); show and preview would.
//!
//! Search and list change the session's current search and folder, which a Roundcube tab
//! the user has open shares (the tab's next list call drops it again). Polling stays light
//! for that reason too.
use super::answer::{self, Ajax, Row};
use super::session::expired;
use super::{filter, headers, source, Roundcube};
use crate::core::account::Account;
use crate::core::observed::ObservedMessage;
use crate::core::ports::MailError;
use crate::mail::http::{Clock, Http};

/// A cross-folder search that runs out of time asks to be continued; this bounds the loop.
const MAX_CONTINUES: usize = 5;
/// Pages of 50 rows read after the first; more than this many new messages in one poll
/// leaves the rest to the next.
const MAX_PAGES: u64 = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One folder.
    Base,
    /// Every subscribed folder. Rows come back as `<uid>-<folder>`, and a Dovecot virtual
    /// folder (`Virtual/All`) repeats messages of the real ones.
    All,
}

impl<H: Http, C: Clock> Roundcube<H, C> {
    /// Every row matching an IMAP filter, over all result pages.
    pub(super) async fn search(
        &self,
        account: &Account,
        mbox: &str,
        scope: Scope,
        imap_filter: &str,
    ) -> Result<Vec<Row>, MailError> {
        let scope_s = match scope {
            Scope::Base => "base",
            Scope::All => "all",
        };
        let params = [
            ("_task", "mail"),
            ("_action", "search"),
            ("_mbox", mbox),
            ("_q", ""),
            ("_scope", scope_s),
            ("_filter", imap_filter),
        ];
        let mut answer = self.ajax(account, &params).await?;
        for _ in 0..MAX_CONTINUES {
            let Some(cont) = answer::continue_search(&answer.exec) else {
                break;
            };
            let mut again = params.to_vec();
            again.push(("_continue", cont.as_str()));
            answer = self.ajax(account, &again).await?;
        }
        check_filter(account, &answer, imap_filter)?;
        if let Some(e) = answer.error_message() {
            return Err(MailError::Protocol(format!(
                "Roundcube at {} could not search: {e}",
                account.origin
            )));
        }
        let mut rows = answer::rows(&answer.exec);
        let pages = answer.env_u64("pagecount").unwrap_or(1).min(MAX_PAGES + 1);
        let request = answer.env_str("search_request").unwrap_or("").to_owned();
        for page in 2..=pages {
            let page = page.to_string();
            let next = self
                .ajax(
                    account,
                    &[
                        ("_task", "mail"),
                        ("_action", "list"),
                        ("_mbox", mbox),
                        ("_search", &request),
                        ("_page", &page),
                    ],
                )
                .await?;
            rows.extend(answer::rows(&next.exec));
        }
        Ok(rows)
    }

    /// Headers of one message, read as reply detection needs them.
    pub(super) async fn headers(
        &self,
        account: &Account,
        uid: u64,
        mbox: &str,
    ) -> Result<ObservedMessage, MailError> {
        Ok(headers::observe(
            &self.header_block(account, uid, mbox).await?,
        ))
    }

    /// One message's raw header block (`_action=headers`).
    pub(super) async fn header_block(
        &self,
        account: &Account,
        uid: u64,
        mbox: &str,
    ) -> Result<String, MailError> {
        let uid_s = uid.to_string();
        let answer = self
            .ajax(
                account,
                &[
                    ("_task", "mail"),
                    ("_action", "headers"),
                    ("_uid", &uid_s),
                    ("_mbox", mbox),
                ],
            )
            .await?;
        let html = answer::headers_html(&answer.exec).ok_or_else(|| {
            MailError::Protocol(format!(
                "Roundcube at {} showed no headers for message {uid} in {mbox}",
                account.origin
            ))
        })?;
        Ok(headers::to_raw(&html))
    }

    /// The raw message, parsed for its snippet and, for a bounce, what bounced.
    pub(super) async fn source(
        &self,
        account: &Account,
        uid: u64,
        mbox: &str,
    ) -> Result<source::Source, MailError> {
        let uid_s = uid.to_string();
        let q = filter::query(&[
            ("_task", "mail"),
            ("_action", "viewsource"),
            ("_uid", &uid_s),
            ("_mbox", mbox),
        ]);
        let raw = self.text(account, &q).await?;
        Ok(source::read(&raw))
    }
}

/// The filter Roundcube ran must be the one sent: a stripped filter matches every message,
/// and "every message" would read as "already sent" or as a flood of replies.
fn check_filter(account: &Account, answer: &Ajax, sent: &str) -> Result<(), MailError> {
    if answer.is_session_error() {
        return Err(expired(account));
    }
    match answer.env_str("search_filter") {
        Some(f) if f == sent.trim() => Ok(()),
        other => Err(MailError::Protocol(format!(
            "Roundcube at {} ran another search than asked ({:?} instead of {:?}); its answer is ignored",
            account.origin,
            other.unwrap_or(""),
            sent.trim()
        ))),
    }
}
