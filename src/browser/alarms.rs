//! Named one-shot alarms: the engine's only way to wake a dead service worker. Alarms may be
//! lost when the browser restarts, so every start re-arms them; re-arming must not reset one
//! that is already right, or a worker that restarts often would push its own wake-up away.
use crate::browser::chrome;
use crate::browser::js::{error_text, set};
use thiserror::Error;
use wasm_bindgen::prelude::*;

/// The one alarm the engine uses: its next wake-up.
pub const WAKE: &str = "mailseq-wake";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("alarms: {0}")]
pub struct AlarmError(pub String);

fn alarm_err(e: JsValue) -> AlarmError {
    AlarmError(error_text(&e))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Armed {
    /// An alarm with this name was already set for this instant: left alone.
    AlreadySet,
    /// Created, or moved from another instant.
    Set,
}

/// When the named alarm will fire (ms since the epoch, browser time), if it is set.
pub async fn scheduled(name: &str) -> Result<Option<i64>, AlarmError> {
    let alarm = chrome::alarms_get(name).await.map_err(alarm_err)?;
    if alarm.is_undefined() || alarm.is_null() {
        return Ok(None);
    }
    let when = js_sys::Reflect::get(&alarm, &JsValue::from_str("scheduledTime"))
        .map_err(alarm_err)?
        .as_f64();
    Ok(when.map(|ms| ms.round() as i64))
}

/// Arms `name` to fire at `when_ms` (browser time), unless it already does.
pub async fn arm(name: &str, when_ms: i64) -> Result<Armed, AlarmError> {
    if scheduled(name).await? == Some(when_ms) {
        return Ok(Armed::AlreadySet);
    }
    let info = js_sys::Object::new();
    set(&info, "when", &JsValue::from_f64(when_ms as f64));
    chrome::alarms_create(name, &info)
        .await
        .map_err(alarm_err)?;
    Ok(Armed::Set)
}

/// Removes the alarm; true if there was one.
pub async fn clear(name: &str) -> Result<bool, AlarmError> {
    let cleared = chrome::alarms_clear(name).await.map_err(alarm_err)?;
    Ok(cleared.as_bool().unwrap_or(false))
}
