//! INTERIM, until the engine service (`core::service::Service`) lands: just enough state for
//! the background to serve sequences (create, list, `state()`) from storage. It knows no
//! enrollments and sends nothing, so its tick reports zero. Replace the whole file with the
//! service's `load` / `handle` / `tick` / `state_view`; nothing else depends on its insides.
use crate::browser::js::new_id;
use crate::core::ids::SequenceId;
use crate::core::ports::Batch;
use crate::core::sequence::{Sequence, SequenceSpec, SequenceState};
use crate::core::store::Record;
use crate::core::time::Zones;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;

/// The newest storage layout this build understands (the service will own this number).
const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Default)]
pub struct Interim {
    pub sequences: BTreeMap<SequenceId, Sequence>,
    /// Set when storage holds data from a newer version: nothing may be written.
    pub read_only: Option<String>,
    /// Records that could not be read; they stay untouched in storage.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Request {
    CreateSequence { sequence: SequenceSpec },
    Tick,
}

impl Request {
    /// What a content script (a page that is not ours) may ask for. Everything else comes
    /// only from the extension's own pages.
    pub fn from_content_ok(&self) -> bool {
        match self {
            Request::CreateSequence { .. } | Request::Tick => false,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TickReport {
    pub sent: u32,
    pub paused: u32,
    pub waiting: u32,
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Response {
    Created { id: SequenceId },
    Ticked { report: TickReport },
    Error { message: String },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    schema_version: u32,
}

impl Interim {
    pub fn load(records: Vec<(String, JsValue)>) -> Interim {
        let mut me = Interim::default();
        for (key, value) in records {
            if key == "meta" {
                match serde_wasm_bindgen::from_value::<Meta>(value) {
                    Ok(m) if m.schema_version > SCHEMA_VERSION => {
                        me.read_only = Some(format!(
                            "Your data was saved by a newer version of mailseq (layout {}). \
                             Update the extension; until then nothing is changed.",
                            m.schema_version
                        ));
                    }
                    Ok(_) => {}
                    Err(e) => me.unreadable.push(format!("record \"meta\": {e}")),
                }
            } else if key.starts_with("seq:") {
                match serde_wasm_bindgen::from_value::<Sequence>(value) {
                    Ok(s) => {
                        me.sequences.insert(s.id.clone(), s);
                    }
                    Err(e) => me.unreadable.push(format!("record \"{key}\": {e}")),
                }
            }
        }
        me
    }

    /// The zones the stored sequences use.
    pub fn zones_needed(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .sequences
            .values()
            .map(|s| s.spec.window.time_zone.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    pub fn next_wakeup(&self) -> Option<i64> {
        None
    }

    /// Validates a new sequence and returns it with the batch that stores it; the caller
    /// writes the batch, then `insert`s (memory changes only after storage did). The error
    /// names the field at fault.
    pub fn prepare_create(
        &self,
        zones: &Zones,
        spec: SequenceSpec,
        now: Timestamp,
    ) -> Result<(Sequence, Batch), String> {
        if let Some(why) = &self.read_only {
            return Err(why.clone());
        }
        spec.validate(zones).map_err(|e| e.to_string())?;
        let id = SequenceId(format!("s-{}", new_id()));
        let seq = Sequence {
            id: id.clone(),
            spec,
            state: SequenceState::Active,
            rev: 0,
            created_at: now,
        };
        let batch: Batch = vec![(format!("seq:{id}"), Some(Record::Sequence(seq.clone())))];
        Ok((seq, batch))
    }

    pub fn insert(&mut self, seq: Sequence) {
        self.sequences.insert(seq.id.clone(), seq);
    }

    /// The contract's `state()` shape, for what this interim knows.
    pub fn state_view(&self) -> StateView {
        StateView {
            sequences: self
                .sequences
                .values()
                .map(|s| SequenceView {
                    id: s.id.to_string(),
                    name: s.spec.name.clone(),
                })
                .collect(),
            enrollments: Vec::new(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StateView {
    pub sequences: Vec<SequenceView>,
    /// Always empty here: the interim knows no enrollments.
    pub enrollments: Vec<()>,
}

#[derive(Debug, Serialize)]
pub struct SequenceView {
    pub id: String,
    pub name: String,
}
