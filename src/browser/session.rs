//! `chrome.storage.session`, typed: what must outlive a service-worker restart but never
//! reach the disk (OAuth tokens). The browser clears it when it closes, and content scripts
//! cannot read it (its default access level is the extension's own contexts).
use crate::browser::chrome;
use crate::browser::js::{error_text, from_js, set, to_js};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

pub async fn get<T: DeserializeOwned>(key: &str) -> Result<Option<T>, String> {
    let got = chrome::session_get(&JsValue::from_str(key))
        .await
        .map_err(|e| error_text(&e))?;
    let value = js_sys::Reflect::get(&got, &JsValue::from_str(key)).map_err(|e| error_text(&e))?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    from_js(value).map(Some)
}

pub async fn put<T: Serialize>(key: &str, value: &T) -> Result<(), String> {
    let items = js_sys::Object::new();
    set(&items, key, &to_js(value).map_err(|e| e.to_string())?);
    chrome::session_set(&items)
        .await
        .map(|_| ())
        .map_err(|e| error_text(&e))
}

pub async fn remove(key: &str) -> Result<(), String> {
    chrome::session_remove(&JsValue::from_str(key))
        .await
        .map(|_| ())
        .map_err(|e| error_text(&e))
}
