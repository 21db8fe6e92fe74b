//! Every `chrome.*` binding mailseq uses, and nothing else: the one place to look when an API
//! changes or a browser lacks one. All are `catch`, because a missing namespace (a plain test
//! page, Firefox without `sidePanel`) must be an error value, not a trap.
//! The other files in `browser/` wrap these in typed, Rust-shaped functions.
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // chrome.storage.local
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = get)]
    pub async fn storage_get(keys: &JsValue) -> Result<JsValue, JsValue>;
    // Chrome 130+; where it is missing the call throws, and the caller reads everything.
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = getKeys)]
    pub async fn storage_get_keys() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = set)]
    pub async fn storage_set(items: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = remove)]
    pub async fn storage_remove(keys: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local", "onChanged"], js_name = addListener)]
    pub fn storage_on_changed_add(listener: &js_sys::Function) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local", "onChanged"], js_name = removeListener)]
    pub fn storage_on_changed_remove(listener: &js_sys::Function) -> Result<(), JsValue>;

    // chrome.storage.session: memory only, never written to disk, and by default closed to
    // content scripts. OAuth tokens live here and nowhere else.
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "session"], js_name = get)]
    pub async fn session_get(keys: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "session"], js_name = set)]
    pub async fn session_set(items: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "session"], js_name = remove)]
    pub async fn session_remove(keys: &JsValue) -> Result<JsValue, JsValue>;

    // chrome.identity (Gmail's OAuth). getAuthToken exists only in Chrome and needs the
    // manifest's oauth2; launchWebAuthFlow works in every Chromium and in Firefox.
    #[wasm_bindgen(catch, js_namespace = ["chrome", "identity"], js_name = getAuthToken)]
    pub async fn identity_get_auth_token(details: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "identity"], js_name = removeCachedAuthToken)]
    pub async fn identity_remove_cached_auth_token(details: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "identity"], js_name = launchWebAuthFlow)]
    pub async fn identity_launch_web_auth_flow(details: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "identity"], js_name = getRedirectURL)]
    pub fn identity_get_redirect_url() -> Result<String, JsValue>;

    // chrome.tabs: the side panel asks the active Gmail tab's content script what it shows
    // (no "tabs" permission: ids only, and URLs of hosts the manifest grants).
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = query)]
    pub async fn tabs_query(query: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "tabs"], js_name = sendMessage)]
    pub async fn tabs_send_message(tab_id: i32, message: &JsValue) -> Result<JsValue, JsValue>;

    // chrome.alarms (the onAlarm listener lives in background.js: it must exist synchronously)
    #[wasm_bindgen(catch, js_namespace = ["chrome", "alarms"], js_name = get)]
    pub async fn alarms_get(name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "alarms"], js_name = create)]
    pub async fn alarms_create(name: &str, info: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "alarms"], js_name = clear)]
    pub async fn alarms_clear(name: &str) -> Result<JsValue, JsValue>;

    // chrome.runtime
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = getURL)]
    pub fn runtime_get_url(path: &str) -> Result<String, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = sendMessage)]
    pub async fn runtime_send_message(message: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = getManifest)]
    pub fn runtime_get_manifest() -> Result<JsValue, JsValue>;

    // chrome.action
    #[wasm_bindgen(catch, js_namespace = ["chrome", "action"], js_name = setBadgeText)]
    pub async fn action_set_badge_text(details: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "action"], js_name = setBadgeBackgroundColor)]
    pub async fn action_set_badge_background_color(details: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "action"], js_name = setTitle)]
    pub async fn action_set_title(details: &JsValue) -> Result<JsValue, JsValue>;

    // chrome.notifications
    #[wasm_bindgen(catch, js_namespace = ["chrome", "notifications"], js_name = create)]
    pub async fn notifications_create(id: &str, options: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "notifications"], js_name = clear)]
    pub async fn notifications_clear(id: &str) -> Result<JsValue, JsValue>;

    // chrome.sidePanel (Chrome only; Firefox shows the same page as its sidebar_action)
    #[wasm_bindgen(catch, js_namespace = ["chrome", "sidePanel"], js_name = setPanelBehavior)]
    pub async fn side_panel_set_behavior(behavior: &JsValue) -> Result<JsValue, JsValue>;

    // chrome.scripting (content scripts for self-hosted webmail origins, registered at run time)
    #[wasm_bindgen(catch, js_namespace = ["chrome", "scripting"], js_name = getRegisteredContentScripts)]
    pub async fn scripting_get_registered(filter: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "scripting"], js_name = registerContentScripts)]
    pub async fn scripting_register(scripts: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "scripting"], js_name = unregisterContentScripts)]
    pub async fn scripting_unregister(filter: &JsValue) -> Result<JsValue, JsValue>;

    // chrome.permissions (self-hosted webmail origins are granted at run time)
    #[wasm_bindgen(catch, js_namespace = ["chrome", "permissions"], js_name = contains)]
    pub async fn permissions_contains(permissions: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["chrome", "permissions"], js_name = request)]
    pub async fn permissions_request(permissions: &JsValue) -> Result<JsValue, JsValue>;
}

/// `chrome.runtime.id`: Chrome's 32-letter id, or Firefox's add-on id (not the host of its
/// `moz-extension://` URLs, which is why this is not derived from getURL). Read as a property
/// walk so a page without `chrome` gives None instead of a ReferenceError.
pub fn runtime_id() -> Option<String> {
    property(&["chrome", "runtime", "id"])?.as_string()
}

/// Whether a `chrome.*` namespace exists in this browser (e.g. `["chrome", "sidePanel"]`).
pub fn has(path: &[&str]) -> bool {
    property(path).is_some_and(|v| !v.is_undefined() && !v.is_null())
}

fn property(path: &[&str]) -> Option<JsValue> {
    let mut v: JsValue = js_sys::global().into();
    for key in path {
        if v.is_undefined() || v.is_null() {
            return None;
        }
        v = js_sys::Reflect::get(&v, &JsValue::from_str(key)).ok()?;
    }
    Some(v)
}
