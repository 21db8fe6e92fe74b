//! Content scripts for self-hosted webmails (Roundcube), registered at run time: the shipped
//! manifest only names Gmail, and each Roundcube origin is switched on by the user with an
//! optional host permission. Registration persists across browser restarts, but is
//! reconciled at every start anyway, because the user can revoke a permission at any time.
use crate::browser::chrome;
use crate::browser::js::{error_text, from_js, set, to_js};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const PREFIX: &str = "roundcube:";
/// The driver's files in load order, shared with the test build's manifest (assemble.mjs).
const FILES: &str = include_str!("../../extension/content/roundcube/files.json");

#[derive(Debug, Deserialize)]
struct Files {
    js: Vec<String>,
    css: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Registration {
    id: String,
    matches: Vec<String>,
    js: Vec<String>,
    css: Vec<String>,
    run_at: &'static str,
    all_frames: bool,
    persist_across_sessions: bool,
}

#[derive(Debug, Deserialize)]
struct Registered {
    id: String,
}

/// `https://mail.example.org` -> `https://mail.example.org/*`.
pub fn match_pattern(origin: &str) -> String {
    format!("{}/*", origin.trim_end_matches('/'))
}

/// Whether the user granted host access to this origin.
pub async fn granted(origin: &str) -> Result<bool, String> {
    let query = js_sys::Object::new();
    let origins = js_sys::Array::of1(&JsValue::from_str(&match_pattern(origin)));
    set(&query, "origins", &origins);
    let yes = chrome::permissions_contains(&query)
        .await
        .map_err(|e| error_text(&e))?;
    Ok(yes.as_bool().unwrap_or(false))
}

/// Makes the registered Roundcube scripts match `origins` (those still granted): registers
/// the missing ones and removes the ones no longer wanted. Returns the origins it skipped
/// because their permission is gone.
pub async fn reconcile(origins: &[String]) -> Result<Vec<String>, String> {
    let mut wanted = Vec::new();
    let mut revoked = Vec::new();
    for origin in origins {
        // Test builds inject the script on loopback from the manifest already.
        if cfg!(feature = "test-hooks") && crate::browser::messaging::is_loopback(origin) {
            continue;
        }
        if granted(origin).await? {
            wanted.push(format!("{PREFIX}{}", origin.trim_end_matches('/')));
        } else {
            revoked.push(origin.clone());
        }
    }
    let all = chrome::scripting_get_registered(&js_sys::Object::new())
        .await
        .map_err(|e| error_text(&e))?;
    let have: Vec<String> = from_js::<Vec<Registered>>(all)?
        .into_iter()
        .map(|r| r.id)
        .filter(|id| id.starts_with(PREFIX))
        .collect();

    let stale: Vec<&String> = have.iter().filter(|id| !wanted.contains(id)).collect();
    if !stale.is_empty() {
        let filter = js_sys::Object::new();
        set(&filter, "ids", &to_js(&stale).map_err(|e| e.to_string())?);
        chrome::scripting_unregister(&filter)
            .await
            .map_err(|e| error_text(&e))?;
    }
    let files: Files = serde_json::from_str(FILES).map_err(|e| e.to_string())?;
    let missing: Vec<Registration> = wanted
        .iter()
        .filter(|id| !have.contains(id))
        .map(|id| Registration {
            id: id.clone(),
            matches: vec![match_pattern(&id[PREFIX.len()..])],
            js: files.js.clone(),
            css: files.css.clone(),
            run_at: "document_idle",
            all_frames: true,
            persist_across_sessions: true,
        })
        .collect();
    if !missing.is_empty() {
        chrome::scripting_register(&to_js(&missing).map_err(|e| e.to_string())?)
            .await
            .map_err(|e| error_text(&e))?;
    }
    Ok(revoked)
}
