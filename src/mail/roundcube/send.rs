//! Sending a follow-up the way the user would: open a reply to the previous message in Sent
//! (Roundcube quotes it and threads it), write the new text above the quote with the
//! identity's signature, and post the form. The Message-ID is chosen on the compose URL.
use super::answer::Row;
use super::compose::{reply_body, send_answer, send_fields, ComposePage};
use super::filter::{self, query};
use super::search::Scope;
use super::Roundcube;
use crate::core::account::Account;
use crate::core::observed::bare_id;
use crate::core::ports::{MailError, Outgoing, SentRef};
use crate::mail::http::{Clock, Http};

impl<H: Http, C: Clock> Roundcube<H, C> {
    /// A message by Message-ID: in Sent first (one cheap folder), then in every folder
    /// (another "save sent mail in" folder). Rows of Sent come first.
    pub(super) async fn find_by_message_id(
        &self,
        account: &Account,
        message_id: &str,
    ) -> Result<Option<Row>, MailError> {
        let id = bare_id(message_id);
        let f = filter::message_id(&id).ok_or_else(|| {
            MailError::Protocol(format!(
                "the Message-ID “{id}” cannot be searched for in Roundcube"
            ))
        })?;
        let sent = self.folders.sent.clone();
        let rows = self.search(account, &sent, Scope::Base, &f).await?;
        if let Some(row) = rows.into_iter().next() {
            return Ok(Some(row));
        }
        let mut rows = self.search(account, &sent, Scope::All, &f).await?;
        rows.sort_by_key(|r| r.mbox != sent);
        Ok(rows.into_iter().next())
    }

    pub(super) async fn send_follow_up(
        &self,
        account: &Account,
        msg: &Outgoing,
    ) -> Result<SentRef, MailError> {
        let page = self.open_compose(account, msg).await?;
        // The session is the browser's: whoever is logged in at this origin now. If that
        // login does not offer the enrolling identity, another user is logged in (or the
        // identity was deleted): wait for the right login rather than send as someone else.
        let from = page.pick_identity(&msg.identity).ok_or_else(|| {
            MailError::SessionExpired(format!(
                "Log in to Roundcube at {} as the user with the identity {} <{}>: the account logged in now does not offer it",
                account.origin, msg.identity.name, msg.identity.email
            ))
        })?;
        let quote = if page.mode() == Some("reply") {
            page.quoted().to_owned()
        } else {
            // No previous message to answer in Roundcube: quote the text mailseq kept.
            let kept = msg.quote.as_deref().unwrap_or("");
            quote_text(kept, page.is_html())
        };
        // `msg.list_unsubscribe` cannot be honoured: Roundcube sets no header it is given
        // (see mod.rs). The footer's unsubscribe sentence is the opt-out here.
        let body = reply_body(
            &msg.body,
            page.signature(&from).as_deref(),
            msg.footer.as_deref(),
            &quote,
            page.is_html(),
        );
        let subject = if msg.subject.trim().is_empty() {
            page.value("_subject").to_owned()
        } else {
            msg.subject.clone()
        };
        let fields = send_fields(&page, &from, &msg.to, &subject, &body);
        let answer = self.post_framed(account, &fields).await?;
        let saved = send_answer(&answer, &account.origin)?;
        if !saved {
            self.warn(format!(
                "Follow-up {} went out, but Roundcube could not save it in {}; the next follow-up quotes mailseq's copy instead",
                msg.message_id, self.folders.sent
            ));
        }
        Ok(SentRef {
            message_id: bare_id(&msg.message_id),
            provider_id: None,
            provider_thread_id: None,
        })
    }

    /// The compose page for this follow-up, with its Message-ID fixed at compose init:
    /// - a reply to the previous message, found in Sent by its Message-ID;
    /// - when that message is not in Roundcube (its copy in Sent was not saved), a new
    ///   compose that still threads, through `_in-reply-to` and `_references`;
    /// - a step in a new thread: a new compose.
    async fn open_compose(
        &self,
        account: &Account,
        msg: &Outgoing,
    ) -> Result<ComposePage, MailError> {
        let message_id = format!("<{}>", bare_id(&msg.message_id));
        let previous = match &msg.in_reply_to {
            Some(prev) => Some((bare_id(prev), self.find_by_message_id(account, prev).await?)),
            None => None,
        };
        let q = match &previous {
            Some((_, Some(row))) => {
                let uid = row.uid.to_string();
                query(&[
                    ("_task", "mail"),
                    ("_action", "compose"),
                    ("_reply_uid", &uid),
                    ("_mbox", &row.mbox),
                    ("_message-id", &message_id),
                ])
            }
            Some((prev, None)) => {
                let mut refs: Vec<String> = msg.references.iter().map(|r| bare_id(r)).collect();
                if !refs.contains(prev) {
                    refs.push(prev.clone());
                }
                let references = refs
                    .iter()
                    .map(|r| format!("<{r}>"))
                    .collect::<Vec<_>>()
                    .join(" ");
                query(&[
                    ("_task", "mail"),
                    ("_action", "compose"),
                    ("_in-reply-to", prev),
                    ("_references", &references),
                    ("_message-id", &message_id),
                ])
            }
            None => query(&[
                ("_task", "mail"),
                ("_action", "compose"),
                ("_message-id", &message_id),
            ]),
        };
        let resp = self.page(account, &q).await?;
        let page = ComposePage::parse(&resp.body).ok_or_else(|| {
            MailError::Protocol(format!(
                "Roundcube at {} did not open a compose form (at {})",
                account.origin, resp.url
            ))
        })?;
        if let Some((prev, Some(_))) = &previous {
            // A reply compose of another message would thread the follow-up wrongly.
            if page.mode() != Some("reply") || page.reply_msgid().as_deref() != Some(prev) {
                return Err(MailError::Protocol(format!(
                    "Roundcube at {} opened a reply to another message than {prev}",
                    account.origin
                )));
            }
        }
        Ok(page)
    }
}

/// Text mailseq kept, quoted: `> ` before every line, or a cited blockquote in HTML mode.
fn quote_text(text: &str, is_html: bool) -> String {
    let text = text.trim_end();
    if text.is_empty() {
        return String::new();
    }
    if is_html {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('\n', "<br>\n");
        return format!("<blockquote type=\"cite\">{escaped}</blockquote>");
    }
    text.lines()
        .map(|l| {
            if l.is_empty() {
                ">".to_owned()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
