//! Time-zone rules, loaded on demand. The wasm has no tz database: `tz/<Name>` TZif files ship
//! beside it (written at build time by `src/bin/tzdata.rs`), and `tz/zones.json` lists them.
//! Only names on that list are fetched, so a name from storage or a message can never turn
//! into a path outside `tz/`.
use crate::browser::chrome;
use crate::browser::http::get_bytes;
use crate::browser::js::error_text;
use crate::core::time::Zones;
use std::cell::RefCell;
use std::rc::Rc;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TzError {
    #[error("time-zone data could not be read: {0}")]
    Files(String),
    #[error("unknown time zone \"{0}\"")]
    Unknown(String),
}

thread_local! {
    // The list never changes while the extension runs: read it once per worker.
    static NAMES: RefCell<Option<Rc<Vec<String>>>> = const { RefCell::new(None) };
}

async fn fetch_file(path: &str) -> Result<Vec<u8>, TzError> {
    let url = chrome::runtime_get_url(path).map_err(|e| TzError::Files(error_text(&e)))?;
    let (status, bytes) = get_bytes(&url)
        .await
        .map_err(|e| TzError::Files(e.to_string()))?;
    if status != 200 {
        return Err(TzError::Files(format!("{path}: HTTP {status}")));
    }
    Ok(bytes)
}

/// Every zone name the extension ships, sorted.
pub async fn zone_names() -> Result<Rc<Vec<String>>, TzError> {
    if let Some(names) = NAMES.with(|n| n.borrow().clone()) {
        return Ok(names);
    }
    let bytes = fetch_file("tz/zones.json").await?;
    let text = String::from_utf8(bytes).map_err(|e| TzError::Files(e.to_string()))?;
    let list: Vec<String> = js_sys::JSON::parse(&text)
        .ok()
        .and_then(|v| crate::browser::js::from_js(v).ok())
        .ok_or_else(|| TzError::Files("tz/zones.json is not a list of names".to_owned()))?;
    let names = Rc::new(list);
    NAMES.with(|n| *n.borrow_mut() = Some(names.clone()));
    Ok(names)
}

/// The canonical spelling of a zone name (the list is exact, lookups forgive case).
pub async fn canonical(name: &str) -> Result<Option<String>, TzError> {
    let names = zone_names().await?;
    Ok(names.iter().find(|n| n.eq_ignore_ascii_case(name)).cloned())
}

/// TZif bytes of one zone; None when the extension ships no such zone.
pub async fn zone_bytes(name: &str) -> Result<Option<Vec<u8>>, TzError> {
    let Some(name) = canonical(name).await? else {
        return Ok(None);
    };
    fetch_file(&format!("tz/{name}")).await.map(Some)
}

/// Loads the named zones that `zones` lacks. Returns the failures, with why, so the caller
/// can show them (a sequence in an unknown zone cannot send). Takes the table by value and
/// gives it back, so no borrow of the caller's copy is held across the fetches.
pub async fn load_missing(mut zones: Zones, names: &[String]) -> (Zones, Vec<TzError>) {
    let mut failed = Vec::new();
    for name in names {
        if zones.contains(name) || name == "UTC" {
            continue;
        }
        match zone_bytes(name).await {
            Ok(Some(bytes)) => {
                if zones.insert_tzif(name, &bytes).is_err() {
                    failed.push(TzError::Files(format!("tz/{name} is not TZif data")));
                }
            }
            Ok(None) => failed.push(TzError::Unknown(name.clone())),
            Err(e) => failed.push(e),
        }
    }
    (zones, failed)
}
