//! What the pages need from the browser, typed: the stored records (read directly, so the
//! panel works while the worker sleeps), live changes, requests to the background, the
//! engine's clock, and time-zone rules from the extension's `tz/` files.
use crate::browser::chrome;
use crate::core::message::{Request, Response};
use crate::core::state::State;
use crate::core::store::Key;
use crate::core::time::{from_ms, Zones};
use crate::core::view::{load_columns, LiveState};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use thiserror::Error;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UiError {
    #[error("{0}")]
    Browser(String),
    #[error("the extension's background did not answer: {0}")]
    Unreachable(String),
    #[error("the extension's background answered something unreadable: {0}")]
    BadAnswer(String),
    #[error("time-zone data could not be read: {0}")]
    Zones(String),
}

/// A readable sentence from whatever a JS API threw.
pub fn error_text(err: &JsValue) -> String {
    if let Some(e) = err.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    err.as_string().unwrap_or_else(|| format!("{err:?}"))
}

impl From<JsValue> for UiError {
    fn from(e: JsValue) -> Self {
        UiError::Browser(error_text(&e))
    }
}

pub fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, UiError> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| UiError::Browser(e.to_string()))
}

/// What the page knows of storage: the records decoded once and kept in step with each
/// change (`LiveState`), and the raw values of keys that are not records (the test clock).
#[derive(Default)]
pub struct Store {
    live: LiveState,
    raw: BTreeMap<String, JsValue>,
}

impl Store {
    pub async fn load() -> Result<Store, UiError> {
        let all = crate::browser::storage::read_at_start().await?;
        let text = crate::browser::js::storage_text(&all);
        let mut store = Store::default();
        let all_obj: &js_sys::Object = all.unchecked_ref();
        for k in js_sys::Object::keys(all_obj)
            .iter()
            .filter_map(|k| k.as_string())
        {
            if Key::parse(&k).is_none() {
                let raw = js_sys::Reflect::get(&all, &JsValue::from_str(&k))?;
                store.raw.insert(k, raw);
            }
        }
        if let Some(state) = load_columns(&text) {
            store.live = LiveState::from_state(state);
            return Ok(store);
        }
        let map = crate::browser::js::json_entries(&all, &text).map_err(UiError::Browser)?;
        let records: Vec<_> = map
            .into_iter()
            .filter(|(k, _)| Key::parse(k).is_some())
            .map(|(k, v)| (k, Some(v)))
            .collect();
        store.live.apply(records);
        Ok(store)
    }

    /// Applies one `onChanged` batch, decoding only the records it names.
    pub fn apply(&mut self, changes: Vec<(String, Option<JsValue>)>) {
        let mut records = Vec::with_capacity(changes.len());
        for (k, v) in changes {
            if Key::parse(&k).is_some() {
                // Through JSON values, like the worker's load: one deserializer in the wasm, and
                // serde_json honours deny_unknown_fields where serde-wasm-bindgen does not.
                records.push((
                    k,
                    v.map(|v| {
                        crate::browser::js::record_value(v).unwrap_or(serde_json::Value::Null)
                    }),
                ));
            } else {
                match v {
                    Some(v) => self.raw.insert(k, v),
                    None => self.raw.remove(&k),
                };
            }
        }
        self.live.apply(records);
    }

    /// The state as of the last change; shared, so taking it costs nothing.
    pub fn state(&self) -> Rc<State> {
        self.live.state()
    }

    /// The engine's clock. Test builds may freeze it; the frozen instant is kept in storage
    /// (`testClock`: milliseconds, or `{frozenAt: ms}`) so pages show the worker's time.
    pub fn now(&self) -> Timestamp {
        #[cfg(feature = "test-hooks")]
        if let Some(v) = self.raw.get("testClock") {
            let ms = v.as_f64().or_else(|| {
                js_sys::Reflect::get(v, &JsValue::from_str("frozenAt"))
                    .ok()
                    .and_then(|x| x.as_f64())
            });
            if let Some(ms) = ms {
                return from_ms(ms as i64);
            }
        }
        from_ms(js_sys::Date::now() as i64)
    }
}

/// A live `storage.local.onChanged` listener; dropping it removes the listener.
pub struct StorageWatch {
    listener: Closure<dyn FnMut(JsValue)>,
}

impl Drop for StorageWatch {
    fn drop(&mut self) {
        let _ = chrome::storage_on_changed_remove(self.listener.as_ref().unchecked_ref());
    }
}

pub fn watch_storage(
    mut f: impl FnMut(Vec<(String, Option<JsValue>)>) + 'static,
) -> Result<StorageWatch, UiError> {
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |changes: JsValue| {
        let Some(obj) = changes.dyn_ref::<js_sys::Object>() else {
            return;
        };
        let list = js_sys::Object::entries(obj)
            .iter()
            .filter_map(|pair| {
                let pair: js_sys::Array = pair.dyn_into().ok()?;
                let key = pair.get(0).as_string()?;
                let new = js_sys::Reflect::get(&pair.get(1), &JsValue::from_str("newValue"))
                    .ok()
                    .filter(|v| !v.is_undefined());
                Some((key, new))
            })
            .collect();
        f(list);
    });
    chrome::storage_on_changed_add(listener.as_ref().unchecked_ref())?;
    Ok(StorageWatch { listener })
}

/// Sends a request to the background. A refusal is `Ok(Response::Error)`: the caller shows it.
pub async fn send(req: &Request) -> Result<Response, UiError> {
    let msg = to_js(req)?;
    let reply = chrome::runtime_send_message(&msg)
        .await
        .map_err(|e| UiError::Unreachable(error_text(&e)))?;
    crate::browser::js::from_js(reply).map_err(UiError::BadAnswer)
}

/// The browser's own zone name (`Intl`), the default for display and new sequences.
pub fn browser_zone() -> String {
    let opts = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&opts, &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| "UTC".to_owned())
}

async fn fetch(path: &str) -> Result<web_sys::Response, UiError> {
    let url = chrome::runtime_get_url(path)?;
    let window = web_sys::window().ok_or_else(|| UiError::Browser("no window".into()))?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|e| UiError::Zones(error_text(&e)))?
        .unchecked_into();
    if !resp.ok() {
        return Err(UiError::Zones(format!("{path}: HTTP {}", resp.status())));
    }
    Ok(resp)
}

thread_local! {
    static NAMES: RefCell<Option<Rc<Vec<String>>>> = const { RefCell::new(None) };
}

/// Every zone name the extension ships (`tz/zones.json`), read once per page.
pub async fn zone_names() -> Result<Rc<Vec<String>>, UiError> {
    if let Some(n) = NAMES.with(|n| n.borrow().clone()) {
        return Ok(n);
    }
    let text = JsFuture::from(fetch("tz/zones.json").await?.text()?)
        .await
        .map_err(|e| UiError::Zones(error_text(&e)))?;
    let list: Vec<String> = text
        .as_string()
        .and_then(|t| serde_json::from_str(&t).ok())
        .ok_or_else(|| UiError::Zones("tz/zones.json is not a list of names".into()))?;
    let names = Rc::new(list);
    NAMES.with(|n| *n.borrow_mut() = Some(names.clone()));
    Ok(names)
}

/// The rules of one zone, from `tz/<Name>`. Only listed names are fetched, so a name from
/// storage can never become a path outside `tz/`.
pub async fn zone(zones: &RefCell<Zones>, name: &str) -> Result<TimeZone, UiError> {
    if let Ok(tz) = zones.borrow().get(name) {
        return Ok(tz);
    }
    let names = zone_names().await?;
    if !names.iter().any(|n| n == name) {
        return Err(UiError::Zones(format!("unknown time zone \"{name}\"")));
    }
    let buf = JsFuture::from(fetch(&format!("tz/{name}")).await?.array_buffer()?)
        .await
        .map_err(|e| UiError::Zones(error_text(&e)))?;
    let bytes = js_sys::Uint8Array::new(&buf).to_vec();
    let mut z = zones.borrow_mut();
    z.insert_tzif(name, &bytes)
        .map_err(|e| UiError::Zones(e.to_string()))?;
    z.get(name).map_err(|e| UiError::Zones(e.to_string()))
}

/// Asks for host access to a self-hosted webmail. Must start from a click handler.
pub async fn request_origin(origin: &str) -> Result<bool, UiError> {
    let perms = js_sys::Object::new();
    let origins: js_sys::Array = [JsValue::from_str(&format!("{origin}/*"))].iter().collect();
    js_sys::Reflect::set(&perms, &JsValue::from_str("origins"), &origins)?;
    let granted = chrome::permissions_request(&perms).await?;
    Ok(granted.as_bool().unwrap_or(false))
}
