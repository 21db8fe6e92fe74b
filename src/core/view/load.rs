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

/// The state a page keeps while it follows storage: each change decodes only the records it
/// names, so a page over 100,000 enrollments does not decode them all again on every send.
#[derive(Debug, Default)]
pub struct LiveState {
    state: std::rc::Rc<State>,
    unreadable: std::collections::BTreeMap<String, crate::core::store::DecodeError>,
    newer: Option<u32>,
}

impl LiveState {
    /// Starts from a state loaded in one piece (`load_columns`: current layout, every record
    /// read).
    pub fn from_state(state: State) -> LiveState {
        LiveState {
            state: std::rc::Rc::new(state),
            ..LiveState::default()
        }
    }

    /// Applies one batch of changes: a value, or `None` for a removed key.
    pub fn apply<'de, D: Deserializer<'de>>(
        &mut self,
        changes: impl IntoIterator<Item = (String, Option<D>)>,
    ) {
        let state = std::rc::Rc::make_mut(&mut self.state);
        let mut touched = false;
        for (key, value) in changes {
            if !Key::loaded_at_start(&key) {
                continue;
            }
            let Some(k) = Key::parse(&key) else { continue };
            touched = true;
            self.unreadable.remove(&key);
            if value.is_none() && k == Key::Meta {
                // The meta record went away: nothing says the data is newer any more.
                self.newer = None;
            }
            let record = match value.map(|v| Record::decode(&key, v)) {
                None | Some(Ok(None)) => None,
                Some(Ok(Some(Record::Meta(m)))) => {
                    self.newer = (m.schema_version > SCHEMA_VERSION).then_some(m.schema_version);
                    None
                }
                Some(Ok(Some(r))) => Some(r),
                Some(Err(e)) => {
                    self.unreadable.insert(key.clone(), e);
                    None
                }
            };
            state.put(&k, record);
        }
        if touched {
            state.unreadable = self.unreadable.values().cloned().collect();
            state.read_only = self
                .newer
                .map(|found| MigrateError::Newer { found }.to_string());
        }
    }

    /// The state as of the last batch; cheap to take (shared until the next change).
    pub fn state(&self) -> std::rc::Rc<State> {
        self.state.clone()
    }
}
