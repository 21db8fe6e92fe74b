//! The pages read `storage.local` themselves (no round trip through the worker, which may be
//! asleep) and build the same `State` the engine has. Records that fail to decode are listed,
//! not dropped silently; data from a newer layout makes the view read-only, as in the worker.
use crate::core::migrate::MigrateError;
use crate::core::state::State;
use crate::core::store::{Key, Record, SCHEMA_VERSION};
use serde::Deserializer;

/// Builds the state from stored `(key, value)` pairs. Keys that are not records are ignored.
pub fn load_state<'de, D: Deserializer<'de>>(
    entries: impl IntoIterator<Item = (String, D)>,
) -> State {
    let mut records = Vec::new();
    let mut unreadable = Vec::new();
    let mut newer = None;
    for (key, value) in entries {
        if !Key::loaded_at_start(&key) {
            continue;
        }
        match Record::decode(&key, value) {
            Ok(Some(Record::Meta(m))) if m.schema_version > SCHEMA_VERSION => {
                newer = Some(m.schema_version)
            }
            Ok(Some(r)) => records.push((key, r)),
            Ok(None) => {}
            Err(e) => unreadable.push(e),
        }
    }
    let mut state = State::from_records(records);
    state.unreadable = unreadable;
    state.read_only = newer.map(|found| MigrateError::Newer { found }.to_string());
    state
}
