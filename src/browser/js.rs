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

/// A whole `storage.get` answer as JSON values, from its `storage_text` (parsed in Rust): the
/// path of a load that migrates or meets an unreadable record. Why not `from_js` per record:
/// serde-wasm-bindgen walks each JS object field by field, a call across the wasm boundary per
/// field, which at 1,000 records cost more than the storage read itself.
pub fn json_entries(
    value: &JsValue,
    text: &str,
) -> Result<BTreeMap<String, serde_json::Value>, String> {
    type Columns = (Vec<String>, Vec<serde_json::Value>);
    // The count check: a value that is JSON text but not one value (`1,2`) would shift the rest.
    if let Ok((keys, values)) = serde_json::from_str::<Columns>(text) {
        if keys.len() == values.len() {
            return Ok(keys.into_iter().zip(values).collect());
        }
    }
    // Something stored is not JSON text: read value by value, and keep a string that does not
    // parse as the string it is, so its record is reported as unreadable and left in place.
    let text = js_sys::JSON::stringify(value)
        .map_err(|e| error_text(&e))?
        .as_string()
        .ok_or_else(|| "storage.get returned no object".to_owned())?;
    let mut map: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|e| format!("storage is unreadable: {e}"))?;
    for v in map.values_mut() {
        if let serde_json::Value::String(s) = v {
            if let Some(parsed) = parse_record_text(s) {
                *v = parsed;
            }
        }
    }
    Ok(map)
}

/// One stored value as JSON: a record's JSON text parsed, anything else converted as it is.
pub fn record_value(value: JsValue) -> Result<serde_json::Value, String> {
    match value.as_string() {
        Some(s) => Ok(parse_record_text(&s).unwrap_or(serde_json::Value::String(s))),
        None => serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string()),
    }
}

/// Records are JSON objects, so only a string that starts with `{` can be one's text.
fn parse_record_text(s: &str) -> Option<serde_json::Value> {
    s.starts_with('{')
        .then(|| serde_json::from_str(s).ok())
        .flatten()
}

/// How a record is stored: as its JSON text (layout v3), which `storage.local` reads back
/// several times faster than the same data as an object (measured at 10,000 enrollments:
/// `get(null)` 900 ms as objects, 160 ms as strings). `meta` stays an object, so that a build
/// from before v3 still reads the layout version and goes read-only instead of writing.
pub fn record_to_js<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<JsValue, String> {
    if key == "meta" {
        return to_js(value).map_err(|e| e.to_string());
    }
    serde_json::to_string(value)
        .map(|s| JsValue::from_str(&s))
        .map_err(|e| e.to_string())
}

#[wasm_bindgen(module = "/src/browser/storage_text.js")]
extern "C" {
    /// A whole `storage.get` answer as one JSON text `[[key, ...], [value, ...]]`.
    pub fn storage_text(all: &JsValue) -> String;
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
