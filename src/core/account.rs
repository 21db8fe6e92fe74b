//! A mailbox login mailseq sends from: one Roundcube origin and user, or one Gmail `/u/N`.
use crate::core::ids::AccountId;
use crate::core::time::ms;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    Roundcube,
    Gmail,
}

/// Whether the provider currently accepts our requests. Sends wait while it does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum Session {
    #[default]
    Ok,
    /// Logged out, token revoked or expired: the user must log in / reconnect.
    Expired {
        #[serde(with = "ms")]
        since: Timestamp,
    },
    /// The server could not be reached; retried on the next tick.
    Unreachable {
        #[serde(with = "ms")]
        since: Timestamp,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub id: AccountId,
    pub provider: ProviderKind,
    /// Roundcube: the origin (`http://127.0.0.1:18765`). Gmail: `https://mail.google.com/mail/u/N`.
    pub origin: String,
    /// The login address, lower case.
    pub user: String,
    /// The user's own addresses and aliases: mail from these is never a reply.
    #[serde(default)]
    pub own_addresses: Vec<String>,
    /// The provider's incremental-sync position (Gmail historyId, Roundcube INBOX uid, JMAP state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    #[serde(default)]
    pub session: Session,
}

impl Account {
    pub fn is_own(&self, address: &str) -> bool {
        let a = address.trim().to_ascii_lowercase();
        a == self.user || self.own_addresses.contains(&a)
    }
}
