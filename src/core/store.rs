//! Storage layout: one key per record, a schema version in `meta`, ordered migrations.
//!
//! Keys: `meta`, `settings`, `seq:<id>`, `enr:<id>`, `sup:<email>`, `pace:<sequence id>`,
//! `acct:<account id>`, `body:<enrollment id>`. Keys that are not ours (the test clock, say)
//! are left alone.
use crate::core::account::Account;
use crate::core::enrollment::Enrollment;
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::limits::Pace;
use crate::core::sequence::Sequence;
use crate::core::settings::Settings;
use crate::core::suppression::Suppression;
use serde::{Deserialize, Deserializer, Serialize};
use thiserror::Error;

/// The layout this build reads and writes.
pub const SCHEMA_VERSION: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    pub schema_version: u32,
}

/// The text of an enrolling email, kept apart from the enrollment so that the records every
/// event rewrites stay small. Read only when a follow-up quotes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Body {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Record {
    Meta(Meta),
    Settings(Settings),
    Sequence(Box<Sequence>),
    Enrollment(Box<Enrollment>),
    Suppression(Suppression),
    Pace(Pace),
    Account(Box<Account>),
    Body(Body),
}

/// Which record a key names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    Meta,
    Settings,
    Sequence(SequenceId),
    Enrollment(EnrollmentId),
    Suppression(String),
    Pace(SequenceId),
    Account(AccountId),
    Body(EnrollmentId),
}

impl Key {
    pub fn parse(key: &str) -> Option<Key> {
        if key == "meta" {
            return Some(Key::Meta);
        }
        if key == "settings" {
            return Some(Key::Settings);
        }
        let (prefix, rest) = key.split_once(':')?;
        let rest = rest.to_owned();
        Some(match prefix {
            "seq" => Key::Sequence(SequenceId(rest)),
            "enr" => Key::Enrollment(EnrollmentId(rest)),
            "sup" => Key::Suppression(rest),
            "pace" => Key::Pace(SequenceId(rest)),
            "acct" => Key::Account(AccountId(rest)),
            "body" => Key::Body(EnrollmentId(rest)),
            _ => return None,
        })
    }

    pub fn to_key(&self) -> String {
        match self {
            Key::Meta => "meta".to_owned(),
            Key::Settings => "settings".to_owned(),
            Key::Sequence(id) => format!("seq:{id}"),
            Key::Enrollment(id) => format!("enr:{id}"),
            Key::Suppression(e) => format!("sup:{e}"),
            Key::Pace(id) => format!("pace:{id}"),
            Key::Account(id) => format!("acct:{id}"),
            Key::Body(id) => format!("body:{id}"),
        }
    }

    /// Bodies are not loaded at start: they are big and only needed when quoting.
    pub fn loaded_at_start(key: &str) -> bool {
        !key.starts_with("body:")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    #[error("record \"{key}\" cannot be read: {message}")]
    Corrupt { key: String, message: String },
}

impl Record {
    /// Reads the record stored under `key`. `Ok(None)` for keys that are not mailseq's.
    pub fn decode<'de, D: Deserializer<'de>>(
        key: &str,
        d: D,
    ) -> Result<Option<Record>, DecodeError> {
        let Some(k) = Key::parse(key) else {
            return Ok(None);
        };
        let corrupt = |e: D::Error| DecodeError::Corrupt {
            key: key.to_owned(),
            message: shortened(e.to_string()),
        };
        let r = match k {
            Key::Meta => Record::Meta(Meta::deserialize(d).map_err(corrupt)?),
            Key::Settings => Record::Settings(Settings::deserialize(d).map_err(corrupt)?),
            Key::Sequence(_) => {
                Record::Sequence(Box::new(Sequence::deserialize(d).map_err(corrupt)?))
            }
            Key::Enrollment(_) => {
                Record::Enrollment(Box::new(Enrollment::deserialize(d).map_err(corrupt)?))
            }
            Key::Suppression(_) => {
                Record::Suppression(Suppression::deserialize(d).map_err(corrupt)?)
            }
            Key::Pace(_) => Record::Pace(Pace::deserialize(d).map_err(corrupt)?),
            Key::Account(_) => Record::Account(Box::new(Account::deserialize(d).map_err(corrupt)?)),
            Key::Body(_) => Record::Body(Body::deserialize(d).map_err(corrupt)?),
        };
        Ok(Some(r))
    }
}

/// serde quotes the value it could not read ("invalid type: string \"…\""), and a stored text
/// that is not JSON can be a whole record: the sentence the user sees stays short.
fn shortened(message: String) -> String {
    const MAX_CHARS: usize = 200;
    match message.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &message[..cut]),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_record_is_reported_in_a_short_sentence() {
        let text = format!("{{not json {}", "x".repeat(5000));
        let e = Record::decode("seq:s", serde_json::Value::String(text)).unwrap_err();
        let sentence = e.to_string();
        assert!(sentence.starts_with("record \"seq:s\" cannot be read: invalid type: string"));
        assert!(sentence.chars().count() < 260, "{sentence}");
        assert!(sentence.ends_with('…'));
    }
}
