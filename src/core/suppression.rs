//! Addresses that must never be mailed again: bounced or opted out. Checked at enroll time and
//! again right before every send.
use crate::core::ids::EnrollmentId;
use crate::core::time::ms;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionReason {
    Bounced,
    Unsubscribed,
    Manual,
}

impl SuppressionReason {
    pub fn sentence(self) -> &'static str {
        match self {
            SuppressionReason::Bounced => "an earlier email to it bounced",
            SuppressionReason::Unsubscribed => "the recipient asked not to be emailed",
            SuppressionReason::Manual => "it is on your do-not-email list",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Suppression {
    pub email: String,
    pub reason: SuppressionReason,
    #[serde(with = "ms")]
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrollment: Option<EnrollmentId>,
}
