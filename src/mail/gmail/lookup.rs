//! Finding messages without search (`gmail.metadata` forbids `q`): history pages, threads,
//! metadata, and the newest SENT messages; plus the account's identities.
use crate::core::account::Account;
use crate::core::observed::bare_id;
use crate::core::ports::MailError;
use crate::mail::gmail::api::Api;
use crate::mail::gmail::auth::TokenSource;
use crate::mail::gmail::errors::ApiError;
use crate::mail::gmail::mime::Attribution;
use crate::mail::gmail::observe::{decode, internal_date};
use crate::mail::gmail::types::{
    ListHistoryResponse, ListMessagesResponse, ListSendAsResponse, Message, Profile, Thread,
};
use crate::mail::gmail::GmailProvider;
use crate::mail::http::{Clock, Http};
use std::collections::BTreeSet;

/// History pages read in one go; a longer backlog resumes from the last record next time.
pub const MAX_HISTORY_PAGES: usize = 10;
/// SENT messages looked at by a lookup: ours were sent minutes ago, so they are among these.
pub const SENT_SCAN: u32 = 10;

/// Messages added since a history id, in history order, and where to resume.
#[derive(Debug, Clone, Default)]
pub struct Added {
    pub messages: Vec<Message>,
    pub cursor: String,
}

/// The user's own addresses as far as Gmail tells them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Identities {
    /// The account's address (`users.getProfile`), lower case.
    pub primary: String,
    /// The primary address, the accepted send-as aliases when known, and the account's own
    /// addresses already set by the user; lower case, no duplicates.
    pub addresses: Vec<String>,
    /// False when `sendAs.list` was refused (403 under mailseq's scopes): the options page
    /// should then ask the user for their aliases.
    pub aliases_known: bool,
    /// The mailbox's current history id.
    pub history_id: String,
}

impl<H: Http, T: TokenSource, C: Clock> GmailProvider<H, T, C> {
    pub(crate) async fn history_added(
        &self,
        account: &Account,
        start: &str,
        label: Option<&str>,
    ) -> Result<Added, ApiError> {
        let api = Api::for_user(&account.user);
        let mut out = Added::default();
        let mut seen = BTreeSet::new();
        let mut page: Option<String> = None;
        for _ in 0..MAX_HISTORY_PAGES {
            let resp: ListHistoryResponse = self
                .call(
                    &account.user,
                    &api.list_history(start, label, page.as_deref()),
                )
                .await?;
            out.cursor = resp.history_id.clone();
            for record in &resp.history {
                for added in &record.messages_added {
                    if seen.insert(added.message.id.clone()) {
                        out.messages.push(added.message.clone());
                    }
                }
            }
            match resp.next_page_token {
                Some(t) => {
                    // Not done: if the page cap stops us, resume after the last record read.
                    if let Some(last) = resp.history.last() {
                        out.cursor = last.id.clone();
                    }
                    page = Some(t);
                }
                None => return Ok(out),
            }
        }
        Ok(out)
    }

    /// A message's metadata; `None` when it is gone (deleted since history listed it).
    pub(crate) async fn metadata(
        &self,
        account: &Account,
        id: &str,
    ) -> Result<Option<Message>, MailError> {
        let api = Api::for_user(&account.user);
        match self
            .call::<Message>(&account.user, &api.get_message(id))
            .await
        {
            Ok(m) => {
                self.remember_author(&m);
                Ok(Some(m))
            }
            Err(ApiError::NotFound) => Ok(None),
            Err(ApiError::Mail(e)) => Err(e),
        }
    }

    /// A thread's messages with metadata; `None` when the thread is gone.
    pub(crate) async fn thread(
        &self,
        account: &Account,
        id: &str,
    ) -> Result<Option<Thread>, MailError> {
        let api = Api::for_user(&account.user);
        match self
            .call::<Thread>(&account.user, &api.get_thread(id))
            .await
        {
            Ok(t) => {
                t.messages.iter().for_each(|m| self.remember_author(m));
                Ok(Some(t))
            }
            Err(ApiError::NotFound) => Ok(None),
            Err(ApiError::Mail(e)) => Err(e),
        }
    }

    pub(crate) async fn profile(&self, account: &Account) -> Result<Profile, MailError> {
        let api = Api::for_user(&account.user);
        self.call(&account.user, &api.get_profile())
            .await
            .map_err(|e| e.into_mail("profile"))
    }

    /// The first of the user's recent sends that `pred` accepts, newest first: the SENT
    /// label's history since the cursor, then the newest SENT messages (the cursor may have
    /// moved past the message, or be missing or expired).
    pub(crate) async fn find_in_sent(
        &self,
        account: &Account,
        pred: impl Fn(&Message) -> bool,
    ) -> Result<Option<Message>, MailError> {
        let mut looked = BTreeSet::new();
        let mut ids: Vec<String> = Vec::new();
        if let Some(cursor) = &account.cursor {
            match self.history_added(account, cursor, Some("SENT")).await {
                Ok(added) => ids.extend(added.messages.into_iter().rev().map(|m| m.id)),
                Err(ApiError::NotFound) => {}
                Err(ApiError::Mail(e)) => return Err(e),
            }
        }
        for id in ids.iter().take(SENT_SCAN as usize) {
            if let Some(m) = self.checked(account, id, &mut looked, &pred).await? {
                return Ok(Some(m));
            }
        }
        let api = Api::for_user(&account.user);
        let list: ListMessagesResponse = self
            .call(&account.user, &api.list_messages("SENT", SENT_SCAN))
            .await
            .map_err(|e| e.into_mail("SENT label"))?;
        for m in &list.messages {
            if let Some(m) = self.checked(account, &m.id, &mut looked, &pred).await? {
                return Ok(Some(m));
            }
        }
        Ok(None)
    }

    async fn checked(
        &self,
        account: &Account,
        id: &str,
        looked: &mut BTreeSet<String>,
        pred: &impl Fn(&Message) -> bool,
    ) -> Result<Option<Message>, MailError> {
        if !looked.insert(id.to_owned()) {
            return Ok(None);
        }
        // Headers never change, so a message read by an earlier look (the Undo Send retries,
        // a find_sent after a find_composed) is not paid for again.
        let cached = self.memory.borrow().scanned.get(id).cloned();
        let message = match cached {
            Some(m) => Some(m),
            None => {
                let m = self.metadata(account, id).await?;
                if let Some(m) = &m {
                    self.memory.borrow_mut().scanned.insert(m.clone());
                }
                m
            }
        };
        Ok(message.filter(|m| pred(m)))
    }

    /// The account's addresses: the profile, plus send-as aliases where the scopes allow.
    pub async fn identities(&self, account: &Account) -> Result<Identities, MailError> {
        let profile = self.profile(account).await?;
        let primary = profile.email_address.trim().to_ascii_lowercase();
        let mut addresses = vec![primary.clone()];
        let api = Api::for_user(&account.user);
        let aliases_known = match self
            .call::<ListSendAsResponse>(&account.user, &api.list_send_as())
            .await
        {
            Ok(list) => {
                for s in &list.send_as {
                    let usable = s.is_primary
                        || s.verification_status
                            .as_deref()
                            .is_none_or(|v| v == "accepted");
                    if usable {
                        addresses.push(s.send_as_email.trim().to_ascii_lowercase());
                        if !s.signature.trim().is_empty() {
                            self.set_signature(&s.send_as_email, &html_to_text(&s.signature));
                        }
                    }
                }
                true
            }
            // Expected under gmail.send + gmail.metadata: see the module documentation.
            Err(ApiError::Mail(MailError::Rejected(_)))
            | Err(ApiError::Mail(MailError::SessionExpired(_))) => false,
            Err(e) => return Err(e.into_mail("send-as list")),
        };
        addresses.extend(
            account
                .own_addresses
                .iter()
                .map(|a| a.trim().to_ascii_lowercase()),
        );
        let mut seen = BTreeSet::new();
        addresses.retain(|a| !a.is_empty() && seen.insert(a.clone()));
        Ok(Identities {
            primary,
            addresses,
            aliases_known,
            history_id: profile.history_id,
        })
    }

    fn remember_author(&self, m: &Message) {
        let Some(id) = m.header("Message-ID").map(bare_id) else {
            return;
        };
        let d = decode(m);
        self.memory.borrow_mut().authors.insert(
            id.to_ascii_lowercase(),
            Attribution {
                date: internal_date(m),
                name: d.from_name,
                address: d.from,
            },
        );
    }
}

/// A Gmail signature (HTML) as plain text: line breaks kept, tags dropped, entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_ascii_lowercase();
        if tag.starts_with("br") || tag == "/div" || tag == "/p" {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let text = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned()
}
