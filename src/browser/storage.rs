//! `chrome.storage.local` behind the core's `StorePort`: one key per record, every batch in
//! ONE `set` call (plus one `remove` when it deletes keys). The worker may die between two
//! calls at any moment; one `set` is all-or-nothing, so an event's records never half-land.
use crate::browser::chrome;
use crate::browser::js::{error_text, record_to_js, record_value, storage_text};
use crate::core::ports::{Batch, StoreError, StorePort};
use crate::core::store::Key;
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

/// The extension's local storage area. Holds nothing: every call goes to the browser, which
/// is the only copy that survives the worker.
#[derive(Debug, Clone, Copy, Default)]
pub struct Storage;

fn store_err(e: JsValue) -> StoreError {
    StoreError(error_text(&e))
}

impl Storage {
    /// What the load at start reads, and its `storage_text`: every key but the enrolling
    /// emails' texts (`body:<id>`, one per compose enroll), which only a quoting follow-up
    /// reads, one at a time. `getKeys` lists the keys in about 15 ms at 10,000 records; where
    /// it is missing, or no text is stored, one `get(null)`.
    pub async fn load_all(&self) -> Result<(JsValue, String), StoreError> {
        let all = read_at_start().await.map_err(store_err)?;
        let text = storage_text(&all);
        Ok((all, text))
    }

    /// One key's value, or None when it is not stored.
    pub async fn get(&self, key: &str) -> Result<Option<JsValue>, StoreError> {
        let got = chrome::storage_get(&JsValue::from_str(key))
            .await
            .map_err(store_err)?;
        let value = js_sys::Reflect::get(&got, &JsValue::from_str(key)).map_err(store_err)?;
        Ok((!value.is_undefined()).then_some(value))
    }

    /// Writes already-converted values in one `set`, then removes keys in one `remove`.
    pub async fn apply(
        &self,
        sets: &[(String, JsValue)],
        removes: &[String],
    ) -> Result<(), StoreError> {
        if !sets.is_empty() {
            let items = Object::new();
            for (key, value) in sets {
                crate::browser::js::set(&items, key, value);
            }
            chrome::storage_set(&items).await.map_err(store_err)?;
        }
        if !removes.is_empty() {
            let keys: Array = removes.iter().map(|k| JsValue::from_str(k)).collect();
            chrome::storage_remove(&keys).await.map_err(store_err)?;
        }
        Ok(())
    }

    pub async fn set_one(&self, key: &str, value: &JsValue) -> Result<(), StoreError> {
        self.apply(&[(key.to_owned(), value.clone())], &[]).await
    }
}

/// See `Storage::load_all`; the pages read the same way.
pub async fn read_at_start() -> Result<JsValue, JsValue> {
    if let Ok(keys) = chrome::storage_get_keys().await {
        let keys = Array::from(&keys);
        let wanted: Array = keys
            .iter()
            .filter(|k| k.as_string().is_some_and(|k| Key::loaded_at_start(&k)))
            .collect();
        if wanted.length() < keys.length() {
            return chrome::storage_get(&wanted).await;
        }
    }
    chrome::storage_get(&JsValue::NULL).await
}

impl StorePort for Storage {
    async fn write(&self, batch: Batch) -> Result<(), StoreError> {
        let mut sets = Vec::new();
        let mut removes = Vec::new();
        for (key, record) in batch {
            match record {
                Some(r) => {
                    let value =
                        record_to_js(&key, &r).map_err(|e| StoreError(format!("{key}: {e}")))?;
                    sets.push((key, value));
                }
                None => removes.push(key),
            }
        }
        self.apply(&sets, &removes).await
    }

    async fn read(&self, key: &str) -> Result<Option<crate::core::store::Record>, StoreError> {
        let Some(value) = self.get(key).await? else {
            return Ok(None);
        };
        let value = record_value(value).map_err(|e| StoreError(format!("{key}: {e}")))?;
        crate::core::store::Record::decode(key, value).map_err(|e| StoreError(e.to_string()))
    }
}

/// One changed key, as `storage.local.onChanged` reports it.
#[derive(Debug, Clone)]
pub struct Change {
    pub key: String,
    /// None when the key was removed.
    pub new_value: Option<JsValue>,
}

/// A live `onChanged` listener. Dropping it removes the listener, so a page view that goes
/// away cannot leave a callback into freed Rust state behind.
pub struct Subscription {
    listener: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let _ = chrome::storage_on_changed_remove(self.listener.as_ref().unchecked_ref());
    }
}

/// Calls `f` with every batch of changes until the returned value is dropped.
pub fn subscribe(mut f: impl FnMut(Vec<Change>) + 'static) -> Result<Subscription, StoreError> {
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |changes: JsValue| {
        f(parse_changes(&changes));
    });
    chrome::storage_on_changed_add(listener.as_ref().unchecked_ref()).map_err(store_err)?;
    Ok(Subscription { listener })
}

fn parse_changes(changes: &JsValue) -> Vec<Change> {
    let Some(obj) = changes.dyn_ref::<Object>() else {
        return Vec::new();
    };
    Object::entries(obj)
        .iter()
        .filter_map(|pair| {
            let pair: Array = pair.dyn_into().ok()?;
            let key = pair.get(0).as_string()?;
            let new_value = js_sys::Reflect::get(&pair.get(1), &JsValue::from_str("newValue"))
                .ok()
                .filter(|v| !v.is_undefined());
            Some(Change { key, new_value })
        })
        .collect()
}
