//! Export and import as JSON: the whole pipeline in one document a user can keep or move.
use crate::core::enrollment::Enrollment;
use crate::core::ids::SequenceId;
use crate::core::sequence::{Sequence, SequenceSpec, SequenceState};
use crate::core::settings::Settings;
use crate::core::suppression::Suppression;
use crate::core::time::ms;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

pub const EXPORT_FORMAT: &str = "mailseq-export";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportData {
    pub format: String,
    pub schema_version: u32,
    #[serde(with = "ms")]
    pub exported_at: Timestamp,
    pub sequences: Vec<ExportedSequence>,
    #[serde(default)]
    pub enrollments: Vec<Enrollment>,
    #[serde(default)]
    pub suppression: Vec<Suppression>,
    #[serde(default)]
    pub settings: Settings,
}

/// A sequence in an export: its id and lifecycle beside the definition in the contract's shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedSequence {
    pub id: SequenceId,
    #[serde(default)]
    pub state: SequenceState,
    #[serde(default)]
    pub rev: u32,
    #[serde(with = "ms")]
    pub created_at: Timestamp,
    pub sequence: SequenceSpec,
}

impl From<&Sequence> for ExportedSequence {
    fn from(s: &Sequence) -> Self {
        ExportedSequence {
            id: s.id.clone(),
            state: s.state,
            rev: s.rev,
            created_at: s.created_at,
            sequence: s.spec.clone(),
        }
    }
}

impl From<ExportedSequence> for Sequence {
    fn from(e: ExportedSequence) -> Self {
        Sequence {
            id: e.id,
            spec: e.sequence,
            state: e.state,
            rev: e.rev,
            created_at: e.created_at,
        }
    }
}

/// The whole pipeline as one document.
pub fn export(state: &crate::core::state::State, now: Timestamp) -> ExportData {
    ExportData {
        format: EXPORT_FORMAT.to_owned(),
        schema_version: crate::core::store::SCHEMA_VERSION,
        exported_at: now,
        sequences: state
            .sequences
            .values()
            .map(ExportedSequence::from)
            .collect(),
        enrollments: state.enrollments.values().cloned().collect(),
        suppression: state.suppression.values().cloned().collect(),
        settings: state.settings.clone(),
    }
}

/// Merges an export into the state: records with the same id are replaced, nothing else is
/// removed. Every sequence is validated first, so a bad file changes nothing.
pub fn import(
    state: &mut crate::core::state::State,
    zones: &crate::core::time::Zones,
    data: ExportData,
) -> Result<(crate::core::state::Touched, usize, usize), crate::core::engine::EngineError> {
    use crate::core::engine::EngineError;
    use crate::core::store::{Key, SCHEMA_VERSION};
    if data.format != EXPORT_FORMAT {
        return Err(EngineError::Refused(format!(
            "this file is not a mailseq export (format “{}”)",
            data.format
        )));
    }
    if data.schema_version > SCHEMA_VERSION {
        return Err(EngineError::Refused(format!(
            "this export is from a newer mailseq (layout v{}); update mailseq to import it",
            data.schema_version
        )));
    }
    for (i, s) in data.sequences.iter().enumerate() {
        s.sequence.validate(zones).map_err(|e| {
            EngineError::Refused(format!("sequence {} (“{}”): {e}", i + 1, s.sequence.name))
        })?;
    }
    for e in &data.enrollments {
        let known = state.sequences.contains_key(&e.sequence_id)
            || data.sequences.iter().any(|s| s.id == e.sequence_id);
        if !known {
            return Err(EngineError::Refused(format!(
                "enrollment {} refers to sequence {}, which is neither in the file nor here",
                e.id, e.sequence_id
            )));
        }
    }
    let mut touched = crate::core::state::Touched::default();
    let (ns, ne) = (data.sequences.len(), data.enrollments.len());
    for s in data.sequences {
        touched.add(Key::Sequence(s.id.clone()));
        state.sequences.insert(s.id.clone(), Sequence::from(s));
    }
    for e in data.enrollments {
        let id = e.id.clone();
        touched.add(Key::Enrollment(id.clone()));
        state.enrollments.insert(id.clone(), e);
        state.reindex(&id);
    }
    for s in data.suppression {
        touched.add(Key::Suppression(s.email.clone()));
        state.suppression.insert(s.email.clone(), s);
    }
    Ok((touched, ns, ne))
}

#[cfg(test)]
mod tests {
    use crate::core::message::{Request, Response};
    use crate::core::testkit::{two_step, Kit};

    #[test]
    fn storage_export_then_import_round_trips_the_pipeline() {
        let k = Kit::new(two_step());
        let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
        let Response::Exported { data } = k.handle(Request::Export) else {
            panic!("no export")
        };
        let json = serde_json::to_string(&data).unwrap();
        assert!(json.contains("\"format\":\"mailseq-export\""));
        let fresh = Kit::new(two_step());
        // A sequence only the importing side has: import never removes anything.
        let Response::Created { id: own } = fresh.handle(Request::CreateSequence {
            sequence: two_step(),
        }) else {
            panic!("not created")
        };
        let parsed = serde_json::from_str(&json).unwrap();
        let r = fresh.handle(Request::Import { data: parsed });
        assert_eq!(
            r,
            Response::Imported {
                sequences: 1,
                enrollments: 1
            }
        );
        assert_eq!(fresh.e(&id), k.e(&id));
        // What was there before the import is still there.
        assert!(fresh.service.state().sequences.contains_key(&own));
        assert_eq!(fresh.service.state().sequences.len(), 2);
    }

    #[test]
    fn storage_import_of_a_bad_file_changes_nothing_and_says_why() {
        let k = Kit::new(two_step());
        let Response::Exported { mut data } = k.handle(Request::Export) else {
            panic!("no export")
        };
        data.sequences[0].sequence.window.time_zone = "Mars/Olympus".into();
        let before = k.ports.store.writes.borrow().len();
        let r = k.handle(Request::Import { data: data.clone() });
        assert!(
            matches!(&r, Response::Error { message } if message.contains("Mars/Olympus")),
            "{r:?}"
        );
        data.schema_version = 99;
        let r = k.handle(Request::Import { data });
        assert!(
            matches!(&r, Response::Error { message } if message.contains("newer mailseq")),
            "{r:?}"
        );
        assert_eq!(
            k.ports.store.writes.borrow().len(),
            before,
            "nothing written"
        );
    }
}
