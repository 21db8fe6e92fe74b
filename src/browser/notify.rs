//! The one notification mailseq raises: sending is blocked (logged out, daily cap reached...).
//! It has a fixed id, so a new reason replaces the old one instead of piling up.
use crate::browser::chrome;
use crate::browser::js::{error_text, set};
use wasm_bindgen::JsValue;

const BLOCKED_ID: &str = "mailseq-blocked";

pub async fn sending_blocked(reason: &str) -> Result<(), String> {
    let icon = chrome::runtime_get_url("icons/icon128.png").map_err(|e| error_text(&e))?;
    let options = js_sys::Object::new();
    set(&options, "type", &JsValue::from_str("basic"));
    set(&options, "iconUrl", &JsValue::from_str(&icon));
    set(
        &options,
        "title",
        &JsValue::from_str("mailseq: sending is blocked"),
    );
    set(&options, "message", &JsValue::from_str(reason));
    chrome::notifications_create(BLOCKED_ID, &options)
        .await
        .map_err(|e| error_text(&e))?;
    Ok(())
}

/// Sending works again: take the notification down.
pub async fn sending_unblocked() -> Result<(), String> {
    chrome::notifications_clear(BLOCKED_ID)
        .await
        .map_err(|e| error_text(&e))?;
    Ok(())
}
