//! Storage records: one key per record. (Filled in by the engine work.)
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Record {
    Sequence(crate::core::sequence::Sequence),
    Enrollment(Box<crate::core::enrollment::Enrollment>),
}
