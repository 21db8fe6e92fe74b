//! Start-up from storage: straight to typed records when the layout is current and every
//! record reads (`load_columns`); otherwise raw records, ordered migrations (written back in
//! one call), then typed records. Data this build cannot read is never written over: a newer
//! layout makes the state read-only, and a record that does not decode is reported and left
//! where it is.
//! The pages read the same way (`core::view::load_state`) but never migrate: only the worker
//! writes.
use crate::browser::js::{json_entries, record_to_js};
use crate::browser::storage::Storage;
use crate::core::migrate::{migrate, RawRecords};
use crate::core::state::State;
use crate::core::store::Key;
use crate::core::view::{load_columns, load_state};
use std::collections::BTreeSet;

pub async fn load(store: &Storage) -> Result<State, String> {
    let (all, text) = store.load_all().await.map_err(|e| e.to_string())?;
    if let Some(state) = load_columns(&text) {
        return Ok(state);
    }
    let mut raw = RawRecords::new();
    for (key, value) in json_entries(&all, &text)? {
        if Key::loaded_at_start(&key) {
            raw.insert(key, value);
        }
    }
    // A failed migration (newer or broken layout) writes nothing and leaves the state read-only.
    let read_only = match migrate(&mut raw) {
        Ok(done) => {
            write_migration(store, &raw, &done.written, &done.removed).await?;
            None
        }
        Err(e) => Some(e.to_string()),
    };
    let mut state = load_state(raw);
    if read_only.is_some() {
        state.read_only = read_only;
    }
    Ok(state)
}

async fn write_migration(
    store: &Storage,
    raw: &RawRecords,
    written: &BTreeSet<String>,
    removed: &BTreeSet<String>,
) -> Result<(), String> {
    let mut sets = Vec::new();
    for key in written {
        if let Some(v) = raw.get(key) {
            sets.push((key.clone(), record_to_js(key, v)?));
        }
    }
    let removes: Vec<String> = removed.iter().cloned().collect();
    store
        .apply(&sets, &removes)
        .await
        .map_err(|e| format!("the upgrade of stored data could not be saved: {e}"))
}
