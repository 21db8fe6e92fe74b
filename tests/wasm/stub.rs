//! A recording stand-in for `chrome.storage.local`, `chrome.alarms` and `chrome.runtime`.
//! Each test calls `install()` first, which starts from empty storage and zero counts.
use wasm_bindgen::prelude::*;

pub const EXTENSION_ID: &str = "abcdefghijklmnopabcdefghijklmnop";

#[wasm_bindgen(inline_js = r#"
export function install(id) {
  const calls = { get: 0, set: 0, remove: 0, setKeys: [], alarmsCreate: 0 };
  const data = new Map();
  const listeners = new Set();
  const alarms = new Map();
  const granted = new Set();
  const scripts = new Map();
  globalThis.__stubGranted = granted;
  globalThis.__stubScripts = scripts;
  const clone = (v) => (v === undefined ? undefined : structuredClone(v));
  const notify = (changes) => {
    // Like the browser: listeners run after the call resolved, in a later task.
    setTimeout(() => listeners.forEach((l) => l(changes)), 0);
  };
  globalThis.__stubCalls = calls;
  globalThis.chrome = {
    runtime: { id, getURL: (p) => `chrome-extension://${id}/${p}` },
    storage: {
      local: {
        async get(keys) {
          calls.get++;
          const names = keys === null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
          const out = {};
          for (const k of names) if (data.has(k)) out[k] = clone(data.get(k));
          return out;
        },
        async getKeys() {
          return [...data.keys()];
        },
        async set(items) {
          calls.set++;
          const changes = {};
          for (const [k, v] of Object.entries(items)) {
            calls.setKeys.push(k);
            changes[k] = { oldValue: clone(data.get(k)), newValue: clone(v) };
            data.set(k, clone(v));
          }
          notify(changes);
        },
        async remove(keys) {
          calls.remove++;
          const changes = {};
          for (const k of Array.isArray(keys) ? keys : [keys]) {
            if (data.has(k)) changes[k] = { oldValue: data.get(k) };
            data.delete(k);
          }
          notify(changes);
        },
        onChanged: {
          addListener: (l) => listeners.add(l),
          removeListener: (l) => listeners.delete(l),
          hasListener: (l) => listeners.has(l),
        },
      },
    },
    permissions: {
      async contains({ origins }) { return origins.every((o) => granted.has(o)); },
    },
    scripting: {
      async getRegisteredContentScripts() { return [...scripts.values()].map((s) => ({ ...s })); },
      async registerContentScripts(list) {
        for (const s of list) {
          if (scripts.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
          scripts.set(s.id, s);
        }
      },
      async unregisterContentScripts({ ids }) { ids.forEach((id) => scripts.delete(id)); },
    },
    alarms: {
      async get(name) { return alarms.get(name); },
      async create(name, info) {
        calls.alarmsCreate++;
        alarms.set(name, { name, scheduledTime: info.when });
      },
      async clear(name) { return alarms.delete(name); },
    },
  };
  globalThis.__stubListeners = listeners;
}
export function calls() { return globalThis.__stubCalls; }
export function grant(pattern) { globalThis.__stubGranted.add(pattern); }
export function revoke(pattern) { globalThis.__stubGranted.delete(pattern); }
export function scriptIds() { return [...globalThis.__stubScripts.keys()].sort(); }
export function listenerCount() { return globalThis.__stubListeners.size; }
"#)]
extern "C" {
    #[wasm_bindgen(js_name = install)]
    fn install_js(id: &str);
    #[wasm_bindgen(js_name = calls)]
    fn calls_js() -> JsValue;
    pub fn grant(pattern: &str);
    pub fn revoke(pattern: &str);
    #[wasm_bindgen(js_name = scriptIds)]
    fn script_ids_js() -> JsValue;
    #[wasm_bindgen(js_name = listenerCount)]
    pub fn listener_count() -> u32;
}

pub fn script_ids() -> Vec<String> {
    serde_wasm_bindgen::from_value(script_ids_js()).unwrap()
}

pub fn install() {
    install_js(EXTENSION_ID);
}

fn field(name: &str) -> JsValue {
    js_sys::Reflect::get(&calls_js(), &JsValue::from_str(name)).unwrap()
}

pub fn count(name: &str) -> u32 {
    field(name).as_f64().unwrap() as u32
}

pub fn set_keys() -> Vec<String> {
    serde_wasm_bindgen::from_value(field("setKeys")).unwrap()
}

/// Lets queued tasks (storage listeners) run.
pub async fn next_task() {
    gloo_timers::future::TimeoutFuture::new(5).await;
}
