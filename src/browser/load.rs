//! Start-up read of storage: migrate an older layout in place (one write), refuse to touch a
//! newer one (read-only), and decode the records into the engine's state. A record that
//! cannot be read is listed and left untouched; it is never overwritten.
use crate::browser::js::{json_text, to_js};
use crate::browser::storage::Storage;
use crate::core::migrate::{migrate, stored_version, MigrateError, RawRecords};
use crate::core::ports::StoreError;
use crate::core::state::State;
use crate::core::store::{Key, SCHEMA_VERSION};
use crate::core::view::load_state;
use wasm_bindgen::JsValue;

/// The key the v1 layout kept everything under.
const LEGACY_KEY: &str = "mailseq";

fn version_of(value: &JsValue) -> Option<u32> {
    js_sys::Reflect::get(value, &JsValue::from_str("schemaVersion"))
        .ok()?
        .as_f64()
        .map(|v| v as u32)
}

pub async fn load(store: &Storage) -> Result<State, StoreError> {
    let entries = store.load_all().await?;
    let meta = entries
        .iter()
        .find(|(k, _)| k == "meta")
        .and_then(|(_, v)| version_of(v));
    let legacy = entries
        .iter()
        .find(|(k, _)| k == LEGACY_KEY)
        .and_then(|(_, v)| version_of(v));
    let stored = meta.or(legacy).unwrap_or(0);
    if stored != 0 && stored < SCHEMA_VERSION {
        return upgrade(store, entries).await;
    }
    if stored == 0 {
        // A fresh install: stamp the layout so a later version knows what it reads.
        let meta = js_sys::Object::new();
        crate::browser::js::set(
            &meta,
            "schemaVersion",
            &JsValue::from_f64(SCHEMA_VERSION as f64),
        );
        store.set_one("meta", &meta.into()).await?;
    }
    Ok(load_state(entries.into_iter().map(|(k, v)| {
        (k, serde_wasm_bindgen::Deserializer::from(v))
    })))
}

/// Runs the ordered migrations over the records as JSON, writes what changed in one call, and
/// decodes the result. If anything fails, storage is left exactly as it was.
async fn upgrade(store: &Storage, entries: Vec<(String, JsValue)>) -> Result<State, StoreError> {
    let mut raw = RawRecords::new();
    for (key, value) in &entries {
        if key != LEGACY_KEY && !Key::loaded_at_start(key) {
            continue;
        }
        let text = json_text(value).map_err(StoreError)?;
        let json = serde_json::from_str(&text).map_err(|e| StoreError(format!("{key}: {e}")))?;
        raw.insert(key.clone(), json);
    }
    let from = stored_version(&raw);
    let migrated = match migrate(&mut raw) {
        Ok(m) => m,
        Err(e @ MigrateError::Newer { .. }) | Err(e @ MigrateError::Broken { .. }) => {
            let mut state = State::default();
            state.read_only = Some(e.to_string());
            return Ok(state);
        }
    };
    let mut sets = Vec::new();
    for key in &migrated.written {
        if let Some(v) = raw.get(key) {
            let js = to_js(v).map_err(|e| StoreError(format!("{key}: {e}")))?;
            sets.push((key.clone(), js));
        }
    }
    let removes: Vec<String> = migrated.removed.iter().cloned().collect();
    store.apply(&sets, &removes).await?;
    web_sys::console::info_1(&JsValue::from_str(&format!(
        "mailseq: storage upgraded from layout v{from} to v{SCHEMA_VERSION}"
    )));
    Ok(load_state(raw))
}
