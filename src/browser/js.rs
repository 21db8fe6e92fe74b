//! Crossing the JS boundary with serde. One serializer setting for the whole extension:
//! `json_compatible` turns maps into plain objects (not `Map`s, which storage cannot hold)
//! and 64-bit integers into numbers (milliseconds since the epoch fit exactly).
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, serde_wasm_bindgen::Error> {
    serde_wasm_bindgen::from_value(value)
}

/// Parses untrusted input strictly: through JSON text, so unknown fields are refused (which
/// serde-wasm-bindgen cannot do) and the error names the path of the field at fault.
pub fn parse_strict<T: DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let text = json_text(value)?;
    let mut de = serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        // serde_json appends " at line 1 column N": meaningless for an object.
        let inner = inner.split(" at line ").next().unwrap_or(&inner).to_owned();
        if path == "." {
            inner
        } else {
            format!("{path}: {inner}")
        }
    })
}

/// `JSON.stringify`, for values that must be read strictly.
pub fn json_text(value: &JsValue) -> Result<String, String> {
    js_sys::JSON::stringify(value)
        .map_err(|e| format!("not JSON: {}", error_text(&e)))?
        .as_string()
        .ok_or_else(|| "no value".to_owned())
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
