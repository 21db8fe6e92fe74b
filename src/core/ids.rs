//! Identifiers. Ids are plain strings at every boundary (the test contract says so); the
//! newtypes keep a sequence id from being passed where an enrollment id belongs.
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

string_id!(
    /// A sequence's id, e.g. `s-3f9a0c1d2e`.
    SequenceId
);
string_id!(
    /// An enrollment's id, e.g. `e-7b1c44d09a`. It is part of every follow-up's Message-ID.
    EnrollmentId
);
string_id!(
    /// One mailbox login: a Roundcube origin plus user, or one Gmail `/u/N` account.
    AccountId
);
