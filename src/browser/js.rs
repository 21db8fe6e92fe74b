//! Crossing the JS boundary with serde. One serializer setting for the whole extension:
//! `json_compatible` turns maps into plain objects (not `Map`s, which storage cannot hold)
//! and 64-bit integers into numbers (milliseconds since the epoch fit exactly).
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

/// Every typed read goes JsValue -> `serde_json::Value` -> T. One deserializer for all types
/// keeps the wasm small: each deserializer instantiates the serde code of every type it reads
/// (measured: that monomorphization was the largest part of the binary).
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    let v: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())?;
    serde_json::from_value(v).map_err(|e| e.to_string())
}

/// A whole `storage.get` answer as JSON values, through one `JSON.stringify` parsed in Rust.
/// Why not `from_js` per record: serde-wasm-bindgen walks each JS object field by field, a
/// call across the wasm boundary per field, which at 1,000 records cost more than the storage
/// read itself. Storage holds only JSON, so nothing is lost.
pub fn json_entries(value: &JsValue) -> Result<BTreeMap<String, serde_json::Value>, String> {
    let text = js_sys::JSON::stringify(value)
        .map_err(|e| error_text(&e))?
        .as_string()
        .ok_or_else(|| "storage.get returned no object".to_owned())?;
    serde_json::from_str(&text).map_err(|e| format!("storage is unreadable: {e}"))
}

/// Parses untrusted input strictly: `deny_unknown_fields` works on a JSON value (it does not
/// through serde-wasm-bindgen, which reads only the fields a struct names).
pub fn parse_strict<T: DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    from_js(value.clone())
}

/// A readable sentence from whatever a JS API threw (an Error, a string, anything).
pub fn error_text(err: &JsValue) -> String {
    if let Some(e) = err.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    if let Some(s) = err.as_string() {
        return s;
    }
    js_sys::JSON::stringify(err)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// A JS `Error` carrying a Rust error's sentence: what rejected promises hand to callers.
pub fn js_error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

/// Sets `obj[key] = value` on a plain object this code just created (cannot fail for those).
pub fn set(obj: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), value);
}

#[wasm_bindgen]
extern "C" {
    // Present in service workers and secure pages, which is everywhere the extension runs.
    #[wasm_bindgen(js_namespace = crypto, js_name = randomUUID)]
    fn random_uuid() -> String;
}

/// A fresh random id: 16 hex digits (64 bits), plenty for one user's records.
pub fn new_id() -> String {
    random_uuid().replace('-', "").chars().take(16).collect()
}
