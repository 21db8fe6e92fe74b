//! A message seen in a watched thread or mailbox, as any provider reports it. Reply
//! classification works on this shape only, so it is the same for Roundcube, Gmail and JMAP.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservedMessage {
    /// Message-ID without angle brackets. Empty when the source could not tell (the DOM).
    #[serde(default)]
    pub message_id: String,
    /// Sender address, lower case.
    pub from: String,
    #[serde(default)]
    pub from_name: String,
    #[serde(default)]
    pub subject: String,
    /// In-Reply-To ids, without angle brackets.
    #[serde(default)]
    pub in_reply_to: Vec<String>,
    /// References ids, without angle brackets.
    #[serde(default)]
    pub references: Vec<String>,
    /// Headers that classification reads, names in lower case: auto-submitted, x-autoreply,
    /// x-autorespond, precedence, content-type, x-failed-recipients, list-unsubscribe...
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The start of the plain-text body, where the provider gives it.
    #[serde(default)]
    pub snippet: String,
    /// The provider's thread id (Gmail threadId, JMAP threadId), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_thread_id: Option<String>,
    /// True when the provider knows the user sent it (Sent folder, SENT label).
    #[serde(default)]
    pub sent_by_user: bool,
}

impl ObservedMessage {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    /// Every Message-ID this message points back to.
    pub fn ancestors(&self) -> impl Iterator<Item = &str> {
        self.in_reply_to
            .iter()
            .chain(self.references.iter())
            .map(String::as_str)
    }
}

/// Strips angle brackets and whitespace from a Message-ID.
pub fn bare_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_owned()
}

/// Splits a References / In-Reply-To header into bare ids.
pub fn parse_id_list(header: &str) -> Vec<String> {
    header
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(bare_id)
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observed_id_lists_are_bare() {
        assert_eq!(
            parse_id_list("<a@x> <b@y>\r\n <c@z>"),
            vec!["a@x".to_string(), "b@y".into(), "c@z".into()]
        );
        assert_eq!(bare_id(" <a@x> "), "a@x");
    }
}
