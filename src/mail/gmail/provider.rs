//! `MailPort` for Gmail. See the module documentation in `mod.rs` for why nothing searches.
use crate::core::account::Account;
use crate::core::message::RecipientInput;
use crate::core::observed::{bare_id, parse_id_list, ObservedMessage};
use crate::core::ports::{
    Composed, ComposedRef, MailError, MailPort, Outgoing, SentRef, SyncResult, WatchSet, Watched,
};
use crate::core::reply::parse_message_id;
use crate::mail::gmail::api::Api;
use crate::mail::gmail::auth::TokenSource;
use crate::mail::gmail::errors::ApiError;
use crate::mail::gmail::headers::addresses;
use crate::mail::gmail::mime::{build_raw, Attribution};
use crate::mail::gmail::observe::{decode, observed, Relevance};
use crate::mail::gmail::types::{Message, Thread};
use crate::mail::gmail::GmailProvider;
use crate::mail::http::{Clock, Http};
use std::collections::BTreeSet;

impl<H: Http, T: TokenSource, C: Clock> MailPort for GmailProvider<H, T, C> {
    /// `history.list` since the cursor, then the metadata of added messages that can matter.
    /// Skipped (cursor kept, nothing returned) when the idle budget says so: see `quota`.
    async fn sync(&self, account: &Account, watched: &WatchSet) -> Result<SyncResult, MailError> {
        let now = self.clock.now();
        if !self.memory.borrow_mut().quota.take_poll(now) {
            return Ok(SyncResult {
                cursor: account.cursor.clone(),
                messages: Vec::new(),
            });
        }
        // No copy of every watched thread id into memory here (that cost every poll the
        // number of watched threads): the entries carry their thread ids, and `find_sent`
        // runs after the pre-send check (`read_thread`), which remembers its thread.
        let Some(cursor) = account.cursor.as_deref().filter(|c| !c.is_empty()) else {
            return self.resync(account, watched).await;
        };
        let added = match self.history_added(account, cursor, None).await {
            Ok(a) => a,
            // The history id is older than Gmail keeps (about a week): read the threads again.
            Err(ApiError::NotFound) => return self.resync(account, watched).await,
            Err(ApiError::Mail(e)) => return Err(e),
        };
        let relevance = Relevance::new(watched);
        // Our own follow-ups come back through history; the send already told the engine
        // everything about them, so their headers are not paid for again (5 units each).
        let ours: BTreeSet<String> = self
            .memory
            .borrow()
            .sent
            .values()
            .filter_map(|s| s.provider_id.clone())
            .collect();
        let mut messages = Vec::new();
        for a in added
            .messages
            .iter()
            .filter(|a| relevance.worth_fetching(a) && !ours.contains(&a.id))
        {
            if let Some(m) = self.metadata(account, &a.id).await? {
                let o = observed(&m);
                if relevance.keeps(&o) {
                    messages.push(o);
                }
            }
        }
        Ok(SyncResult {
            cursor: Some(added.cursor),
            messages,
        })
    }

    /// `threads.get` of the enrollment's thread. Without a known thread id (an enrollment
    /// made before its thread was known), the thread is located by the Message-IDs of our
    /// own mail among the newest SENT messages: there is no search with `gmail.metadata`.
    async fn read_thread(
        &self,
        account: &Account,
        watched: &Watched,
    ) -> Result<Vec<ObservedMessage>, MailError> {
        self.remember_thread(watched);
        let thread_id = match self.thread_of(watched) {
            Some(t) => t,
            None => self.locate_thread(account, watched).await?.ok_or_else(|| {
                MailError::Protocol(
                    "The Gmail thread of this enrollment was not found among the recent sent \
                     messages, so it could not be checked for replies."
                        .to_owned(),
                )
            })?,
        };
        let thread = self.thread(account, &thread_id).await?;
        Ok(thread.map(|t| observe_all(&t)).unwrap_or_default())
    }

    /// Our Message-IDs are deterministic, so "was it sent?" is "is a message with this
    /// Message-ID header there?": first in the enrollment's thread (remembered from the
    /// pre-send check that runs just before), then among the user's recent sends. No search
    /// is used because `gmail.metadata` forbids `q` (`rfc822msgid:` would need
    /// `gmail.readonly`, a broader scope than this check is worth).
    async fn find_sent(
        &self,
        account: &Account,
        message_id: &str,
    ) -> Result<Option<SentRef>, MailError> {
        let wanted = bare_id(message_id);
        if let Some(s) = self.memory.borrow().sent.get(&wanted) {
            return Ok(Some(s.clone()));
        }
        let thread_id = parse_message_id(&wanted)
            .and_then(|(enrollment, _)| self.memory.borrow().threads.get(&enrollment).cloned());
        if let Some(t) = thread_id {
            if let Some(thread) = self.thread(account, &t).await? {
                if let Some(m) = thread.messages.iter().find(|m| has_id(m, &wanted)) {
                    return Ok(Some(sent_ref(&wanted, m)));
                }
            }
        }
        let found = self.find_in_sent(account, |m| has_id(m, &wanted)).await?;
        Ok(found.map(|m| sent_ref(&wanted, &m)))
    }

    /// `messages.send` with the thread id. Never retried here: after a 429/5xx the send may
    /// or may not have happened, and only the send protocol (find_sent first) may try again.
    async fn send(&self, account: &Account, msg: &Outgoing) -> Result<SentRef, MailError> {
        let (attribution, signature) = {
            let mem = self.memory.borrow();
            let author = msg
                .in_reply_to
                .as_deref()
                .and_then(|p| mem.authors.get(&bare_id(p).to_ascii_lowercase()))
                .cloned();
            let signature = mem
                .signatures
                .get(&msg.identity.email.trim().to_ascii_lowercase())
                .cloned();
            (author, signature)
        };
        let attribution = attribution.unwrap_or_else(|| Attribution {
            date: None,
            name: msg.identity.name.clone(),
            address: msg.identity.email.clone(),
        });
        let raw = build_raw(msg, self.clock.now(), &attribution, signature.as_deref())
            .map_err(|e| MailError::Protocol(e.to_string()))?;
        let api = Api::for_user(&account.user);
        let call = api
            .send(&raw, msg.provider_thread_id.as_deref())
            .map_err(|e| MailError::Protocol(e.to_string()))?;
        let sent: Message = self
            .call(&account.user, &call)
            .await
            .map_err(|e| e.into_mail("such thread"))?;
        let r = SentRef {
            message_id: bare_id(&msg.message_id),
            provider_id: Some(sent.id.clone()),
            provider_thread_id: (!sent.thread_id.is_empty()).then(|| sent.thread_id.clone()),
        };
        self.memory
            .borrow_mut()
            .sent
            .insert(r.message_id.clone(), r.clone());
        Ok(r)
    }

    /// The user's own send from Gmail's compose window, among the recent SENT messages
    /// (history since the cursor, then the newest SENT): by its Message-ID when the page knew
    /// it, else by thread for a reply, else by the same To set and Subject. A send reported
    /// by a compose window (it has a compose id) is looked for again over Gmail's Undo Send
    /// window, during which the message is not in SENT yet; an open thread's is already there.
    async fn find_composed(
        &self,
        account: &Account,
        composed: &Composed,
    ) -> Result<Option<ComposedRef>, MailError> {
        let waits: &[u64] = if composed.hint.compose_id.is_some() {
            UNDO_SEND_WAITS_MS
        } else {
            &[0]
        };
        for wait in waits {
            if *wait > 0 {
                self.clock.sleep(*wait).await;
            }
            if let Some(found) = self.find_composed_once(account, composed).await? {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }
}

/// Waits before each look for a just-sent email: Gmail holds a send for the user's Undo Send
/// setting (5 s by default, at most 30 s) before it reaches SENT. About 37 s in all.
pub const UNDO_SEND_WAITS_MS: &[u64] = &[0, 3_000, 4_000, 5_000, 5_000, 5_000, 5_000, 5_000, 5_000];

impl<H: Http, T: TokenSource, C: Clock> GmailProvider<H, T, C> {
    async fn find_composed_once(
        &self,
        account: &Account,
        composed: &Composed,
    ) -> Result<Option<ComposedRef>, MailError> {
        let hint = &composed.hint;
        let want_id = hint.message_id.as_deref().map(bare_id);
        let want_to: BTreeSet<String> = composed
            .to
            .iter()
            .map(|a| a.trim().to_ascii_lowercase())
            .collect();
        let want_subject = squash(&composed.subject);
        let found = self
            .find_in_sent(account, |m| {
                if let Some(id) = &want_id {
                    return has_id(m, id);
                }
                if let Some(t) = &hint.provider_thread_id {
                    return &m.thread_id == t;
                }
                let d = decode(m);
                let to: BTreeSet<String> = d.to.into_iter().collect();
                to == want_to && squash(&d.subject) == want_subject
            })
            .await?;
        Ok(found.map(|m| composed_ref(&m)))
    }

    /// A full resync: the profile's history id first (so nothing arriving meanwhile is
    /// missed; a message seen twice is harmless), then every watched thread.
    async fn resync(&self, account: &Account, watched: &WatchSet) -> Result<SyncResult, MailError> {
        let profile = self.profile(account).await?;
        let mut threads: Vec<String> = watched.iter().filter_map(|w| self.thread_of(w)).collect();
        threads.dedup();
        let mut messages = Vec::new();
        let mut done = BTreeSet::new();
        for t in threads {
            if done.insert(t.clone()) {
                if let Some(thread) = self.thread(account, &t).await? {
                    messages.extend(observe_all(&thread));
                }
            }
        }
        Ok(SyncResult {
            cursor: Some(profile.history_id),
            messages,
        })
    }

    fn remember_thread(&self, w: &Watched) {
        if let Some(t) = &w.provider_thread_id {
            self.memory
                .borrow_mut()
                .threads
                .insert(w.enrollment.clone(), t.clone());
        }
    }

    fn thread_of(&self, w: &Watched) -> Option<String> {
        w.provider_thread_id
            .clone()
            .or_else(|| self.memory.borrow().threads.get(&w.enrollment).cloned())
    }

    async fn locate_thread(
        &self,
        account: &Account,
        watched: &Watched,
    ) -> Result<Option<String>, MailError> {
        let ids: Vec<String> = watched.message_ids.iter().map(|m| bare_id(m)).collect();
        let found = self
            .find_in_sent(account, |m| ids.iter().any(|id| has_id(m, id)))
            .await?;
        let thread = found.map(|m| m.thread_id).filter(|t| !t.is_empty());
        if let Some(t) = &thread {
            self.memory
                .borrow_mut()
                .threads
                .insert(watched.enrollment.clone(), t.clone());
        }
        Ok(thread)
    }
}

fn composed_ref(m: &Message) -> ComposedRef {
    let person = |(name, email): (String, String)| RecipientInput { email, name };
    ComposedRef {
        message_id: m.header("Message-ID").map(bare_id).unwrap_or_default(),
        references: m
            .header("References")
            .map(parse_id_list)
            .unwrap_or_default(),
        provider_thread_id: (!m.thread_id.is_empty()).then(|| m.thread_id.clone()),
        subject: decode(m).subject,
        to: m
            .header("To")
            .map(addresses)
            .unwrap_or_default()
            .into_iter()
            .map(person)
            .collect(),
        from: m
            .header("From")
            .map(addresses)
            .and_then(|a| a.into_iter().next())
            .map(person),
    }
}

fn observe_all(thread: &Thread) -> Vec<ObservedMessage> {
    thread.messages.iter().map(observed).collect()
}

fn has_id(m: &Message, bare: &str) -> bool {
    m.header("Message-ID")
        .is_some_and(|v| bare_id(v).eq_ignore_ascii_case(bare))
}

fn sent_ref(message_id: &str, m: &Message) -> SentRef {
    SentRef {
        message_id: message_id.to_owned(),
        provider_id: Some(m.id.clone()),
        provider_thread_id: (!m.thread_id.is_empty()).then(|| m.thread_id.clone()),
    }
}

/// Subjects compared the way a person reads them: trimmed, runs of spaces as one, any case.
fn squash(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
