//! The `state()` shape of the test contract (DESIGN.md): plain data, ids as strings, times in
//! RFC 3339. Nothing else may depend on this shape; it exists for tests and automation.
use crate::core::enrollment::Event;
use crate::core::state::State;
use crate::core::time::rfc3339;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractState {
    pub sequences: Vec<ContractSequence>,
    pub enrollments: Vec<ContractEnrollment>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractSequence {
    pub id: String,
    pub name: String,
    pub state: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractEnrollment {
    pub id: String,
    pub sequence_id: String,
    pub status: &'static str,
    pub status_reason: Option<&'static str>,
    pub step_index: u32,
    pub next_due: Option<String>,
    pub recipients: Vec<ContractRecipient>,
    pub history: Vec<ContractHistory>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractRecipient {
    pub email: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContractHistory {
    pub at: String,
    pub event: Event,
    pub step: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// On `sent`: the version of an email with variants, 0 for its own text (A), 1 for B...
    /// Left out when the email has no variants. (An addition to the contract's shape.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<u32>,
}

pub fn contract_state(state: &State) -> ContractState {
    ContractState {
        sequences: state
            .sequences
            .values()
            .map(|s| ContractSequence {
                id: s.id.to_string(),
                name: s.spec.name.clone(),
                state: match s.state {
                    crate::core::sequence::SequenceState::Active => "active",
                    crate::core::sequence::SequenceState::Paused => "paused",
                    crate::core::sequence::SequenceState::Archived => "archived",
                },
            })
            .collect(),
        enrollments: state
            .enrollments
            .values()
            .map(|e| ContractEnrollment {
                id: e.id.to_string(),
                sequence_id: e.sequence_id.to_string(),
                status: e.status.as_str(),
                status_reason: e.status_reason.map(|r| r.as_str()),
                step_index: e.step_index,
                next_due: e.next_due.map(rfc3339),
                recipients: e
                    .recipients
                    .iter()
                    .map(|r| ContractRecipient {
                        email: r.email.clone(),
                        name: r.name.clone(),
                    })
                    .collect(),
                history: e
                    .history
                    .iter()
                    .map(|h| ContractHistory {
                        at: rfc3339(h.at),
                        event: h.event,
                        step: h.step,
                        detail: h.detail.clone(),
                        variant: h.variant,
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use crate::core::testkit::{two_step, Kit};

    #[test]
    fn contract_state_has_the_documented_shape() {
        let k = Kit::new(two_step());
        let id = k.enroll("Bob@Mail.test", "Bob", "r@mail.test").unwrap();
        let v = serde_json::to_value(super::contract_state(&k.service.state())).unwrap();
        let s = &v["sequences"][0];
        assert_eq!(s["name"], "Intro");
        assert!(s["id"].is_string());
        let e = &v["enrollments"][0];
        assert_eq!(e["id"], id.to_string());
        assert_eq!(e["sequenceId"], s["id"]);
        assert_eq!(e["status"], "active");
        assert_eq!(e["statusReason"], serde_json::Value::Null);
        assert_eq!(e["stepIndex"], 0);
        let due = e["nextDue"].as_str().unwrap();
        assert!(
            due.parse::<jiff::Timestamp>().is_ok() && due.ends_with('Z'),
            "{due}"
        );
        assert_eq!(
            e["recipients"],
            serde_json::json!([{"email": "bob@mail.test", "name": "Bob"}])
        );
        assert_eq!(e["history"][0]["event"], "enrolled");
        assert_eq!(e["history"][0]["step"], serde_json::Value::Null);
        assert!(e["history"][0]["at"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok());
    }
}
