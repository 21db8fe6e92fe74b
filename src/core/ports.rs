//! The core's ports: what it needs from a mail provider, from storage and from the test
//! build. The browser implements them; native tests use the in-memory fakes in `fakes`.
#![allow(async_fn_in_trait)] // single-threaded wasm: the futures need not be Send

use crate::core::account::Account;
use crate::core::enrollment::{Identity, Recipient};
use crate::core::ids::EnrollmentId;
use crate::core::observed::ObservedMessage;
use serde::{Deserialize, Serialize};
use thiserror::Error;

mod watch;
pub use watch::WatchSet;

/// A follow-up ready to go. Built by the engine; each provider turns it into its own request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outgoing {
    pub identity: Identity,
    pub to: Vec<Recipient>,
    pub subject: String,
    /// The new text, plain. The provider puts the signature and the quoted previous message
    /// below it, as a manual reply would have them.
    pub body: String,
    /// Deterministic, from (enrollment, step), without angle brackets.
    pub message_id: String,
    /// The message this one answers (absent for a step in a new thread).
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub provider_thread_id: Option<String>,
    /// Text of the previous message, when the provider cannot quote it itself.
    #[serde(default)]
    pub quote: Option<String>,
    /// The compliance footer (unsubscribe sentence and postal address), when the sequence
    /// has it on. Providers put it below the text with `craft::footer::append`, before the
    /// quoted message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// The `List-Unsubscribe` header value, for providers that let us set headers (Gmail's
    /// raw message does; Roundcube's compose form does not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_unsubscribe: Option<String>,
}

/// What the provider says about a message it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SentRef {
    pub message_id: String,
    #[serde(default)]
    pub provider_id: Option<String>,
    #[serde(default)]
    pub provider_thread_id: Option<String>,
}

/// One thread the engine is watching for replies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watched {
    pub enrollment: EnrollmentId,
    /// Our own Message-IDs in the thread (enrolling email, then follow-ups), bare.
    pub message_ids: Vec<String>,
    pub provider_thread_id: Option<String>,
    /// Prospect addresses, for the "any mail from the prospect / domain" stop rules.
    pub prospects: Vec<String>,
    pub watch_prospect_mail: bool,
    pub watch_domain_mail: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncResult {
    pub cursor: Option<String>,
    pub messages: Vec<ObservedMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MailError {
    /// Logged out / token expired: sends wait, nothing fails, the user is told to log in.
    #[error("{0}")]
    SessionExpired(String),
    /// Network down or server unreachable: try again later.
    #[error("{0}")]
    Unreachable(String),
    /// 429 or 5xx: back off, honouring the server's delay where it gives one.
    #[error("the mail server asked us to slow down: {message}")]
    RateLimited {
        message: String,
        retry_after_ms: Option<i64>,
    },
    /// The provider refused this message for good (bad address, too large...).
    #[error("{0}")]
    Rejected(String),
    /// The provider answered something we do not understand (page changed, new version).
    #[error("{0}")]
    Protocol(String),
}

impl MailError {
    /// Worth trying the same send again later.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, MailError::Rejected(_))
    }

    /// Not the message's fault: the whole account is blocked until the user acts.
    pub fn blocks_account(&self) -> bool {
        matches!(self, MailError::SessionExpired(_))
    }
}

/// A mail provider, for one kind of account. All of these may be called again after the
/// service worker restarts, so each must be safe to repeat.
pub trait MailPort {
    /// Incremental sync: messages new since `account.cursor` that may belong to `watched`.
    async fn sync(&self, account: &Account, watched: &WatchSet) -> Result<SyncResult, MailError>;
    /// Re-reads one thread: the pre-send check.
    async fn read_thread(
        &self,
        account: &Account,
        watched: &Watched,
    ) -> Result<Vec<ObservedMessage>, MailError>;
    /// Looks for a message with this Message-ID in the thread or in Sent.
    async fn find_sent(
        &self,
        account: &Account,
        message_id: &str,
    ) -> Result<Option<SentRef>, MailError>;
    async fn send(&self, account: &Account, msg: &Outgoing) -> Result<SentRef, MailError>;
    /// Finds the email the user just sent from a compose window (the enrolling email).
    /// `Ok(None)` when it is not in Sent (yet).
    async fn find_composed(
        &self,
        account: &Account,
        composed: &Composed,
    ) -> Result<Option<ComposedRef>, MailError>;
    /// The Message-ID a saved draft carries (Roundcube: the draft the compose window saved
    /// when the user armed a sequence; its send reuses that id). Bare; `Ok(None)` when the
    /// provider has no drafts handle or the draft is gone.
    async fn draft_message_id(
        &self,
        _account: &Account,
        _draft: &str,
    ) -> Result<Option<String>, MailError> {
        Ok(None)
    }
}

/// What is known of an email the user sent from a compose window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    pub hint: crate::core::message::SentHint,
    /// Lower-case recipient addresses.
    pub to: Vec<String>,
    pub subject: String,
}

/// The enrolling email as the provider holds it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ComposedRef {
    pub message_id: String,
    pub references: Vec<String>,
    pub provider_thread_id: Option<String>,
    pub subject: String,
    /// Its To recipients, where the provider reads them (Gmail): the prospects when the
    /// page could not tell them (the side panel enrolling an open thread).
    pub to: Vec<crate::core::message::RecipientInput>,
    /// Its From, where the provider reads it: the identity follow-ups go from.
    pub from: Option<crate::core::message::RecipientInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("storage: {0}")]
pub struct StoreError(pub String);

/// One atomic write of the records an event touched (`None` removes the key).
pub type Batch = Vec<(String, Option<crate::core::store::Record>)>;

/// Key-value storage with one key per record. `write` is one atomic call.
pub trait StorePort {
    async fn write(&self, batch: Batch) -> Result<(), StoreError>;
    /// Reads one record that is not kept in memory (an enrolling email's body).
    async fn read(&self, key: &str) -> Result<Option<crate::core::store::Record>, StoreError>;
}

/// Points in the send protocol where a test build can hold the runner, to make races
/// deterministic (a reply landing mid-send, the worker stopping mid-send).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Checkpoint {
    AfterSendingRecord,
    BeforePresendCheck,
    AfterHttpSend,
}

/// Everything the service needs from its surroundings.
pub trait Ports {
    type Mail: MailPort;
    type Store: StorePort;
    fn mail(&self) -> &Self::Mail;
    fn store(&self) -> &Self::Store;
    /// The engine's clock.
    fn now(&self) -> jiff::Timestamp;
    /// A fresh random id (no prefix).
    fn new_id(&self) -> String;
    /// TZif bytes of a zone, for zones not loaded yet; None if there is no such zone.
    async fn zone(&self, name: &str) -> Option<Vec<u8>>;
    /// A no-op except in test builds.
    async fn checkpoint(&self, point: Checkpoint);
    /// Tells the user something needs them (a notification): sending is blocked.
    fn notify(&self, message: &str);
}
