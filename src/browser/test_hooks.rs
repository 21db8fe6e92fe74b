//! `globalThis.mailseqTest`, the test build's automation surface (DESIGN.md, "Contract for
//! tests and automation"). Compiled only with the `test-hooks` feature, so neither this code
//! nor its name exists in the shipped build.
//!
//! The object is defined by a JS snippet that the wasm-bindgen glue imports statically, so it
//! exists as soon as the worker's modules are evaluated, before the wasm has started. Calls
//! made that early wait for `provide`, which start-up calls once storage is loaded.
//!
//! Beyond the contract it has checkpoint holds, which make send-protocol races deterministic:
//! `holdAt(point)` makes the runner stop at that point of its next send, `reached(point)`
//! resolves when it is there, `release(point)` lets it go on. Points: `after-sending-record`,
//! `before-presend-check`, `after-http-send`. `pollTick()` is a tick as the sync alarm runs
//! it: unlike `tick()` it does not force Gmail's sync past the idle quota budget, so a test
//! can measure what idle polling costs.
//!
//! For `make bench`: `readyAt()` is `performance.now()` (milliseconds since the worker
//! started) when start-up finished (wasm instantiated, state loaded, alarms re-armed);
//! `benchSeed(n)` writes n active enrollments (one sequence, one account) to storage, due one a
//! minute from an hour after the engine's now, for a restart to load; `benchEngine({n, runs})`
//! runs the engine-scale figures (src/core/benchkit.rs) on the in-memory ports in this wasm.
use crate::browser::background::Background;
use crate::browser::js::{js_error, to_js};
use crate::core::contract::contract_state;
use crate::core::ports::Checkpoint;
use crate::core::sequence::SequenceSpec;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen(inline_js = r#"
let provided = null;
let resolveProvided;
const ready = new Promise((resolve) => { resolveProvided = resolve; });
const call = (name) => (...args) =>
  provided ? provided[name](...args) : ready.then((hooks) => hooks[name](...args));
const holds = new Map();
const hold = (point) => {
  let h = holds.get(point);
  if (!h) {
    h = {};
    h.reached = new Promise((r) => { h.markReached = r; });
    h.released = new Promise((r) => { h.release = r; });
    holds.set(point, h);
  }
  return h;
};
if (typeof ServiceWorkerGlobalScope !== 'undefined' && globalThis instanceof ServiceWorkerGlobalScope) {
  globalThis.mailseqTest = Object.freeze({
    now: call('now'),
    setNow: call('setNow'),
    advance: call('advance'),
    tick: call('tick'),
    pollTick: call('pollTick'),
    state: call('state'),
    createSequence: call('createSequence'),
    readyAt: call('readyAt'),
    benchSeed: call('benchSeed'),
    benchEngine: call('benchEngine'),
    holdAt: (point) => { hold(point).armed = true; },
    reached: (point) => hold(point).reached,
    release: (point) => { const h = hold(point); holds.delete(point); h.release(); },
  });
}
export function perfNow() {
  return performance.now();
}
export function provide(hooks) {
  provided = hooks;
  resolveProvided(hooks);
}
export function checkpoint(point) {
  const h = holds.get(point);
  if (!h || !h.armed) return Promise.resolve();
  h.markReached();
  return h.released;
}
"#)]
extern "C" {
    fn provide(hooks: &JsValue);
    #[wasm_bindgen(js_name = perfNow)]
    fn perf_now() -> f64;
    #[wasm_bindgen(js_name = checkpoint)]
    fn checkpoint_js(point: &str) -> js_sys::Promise;
}

/// Where the runner stops when a test holds it there.
pub async fn checkpoint(point: Checkpoint) {
    let name = match point {
        Checkpoint::AfterSendingRecord => "after-sending-record",
        Checkpoint::BeforePresendCheck => "before-presend-check",
        Checkpoint::AfterHttpSend => "after-http-send",
    };
    let _ = JsFuture::from(checkpoint_js(name)).await;
}

fn ms_arg(value: &JsValue, what: &str) -> Result<i64, JsValue> {
    match value.as_f64() {
        Some(ms) if ms.is_finite() => Ok(ms.round() as i64),
        _ => Err(js_error(&format!("{what}: ms must be a finite number"))),
    }
}

fn promise_fn(bg: &Rc<Background>, f: fn(Rc<Background>, JsValue) -> js_sys::Promise) -> JsValue {
    let bg = bg.clone();
    Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |arg| f(bg.clone(), arg))
        .into_js_value()
}

fn set_now(bg: Rc<Background>, arg: JsValue) -> js_sys::Promise {
    future_to_promise(async move {
        let ms = ms_arg(&arg, "setNow")?;
        bg.ports
            .clock
            .set_now(&bg.ports.store, ms)
            .await
            .map_err(|e| js_error(&e.to_string()))?;
        bg.after_change().await;
        Ok(JsValue::from_f64(ms as f64))
    })
}

fn advance(bg: Rc<Background>, arg: JsValue) -> js_sys::Promise {
    future_to_promise(async move {
        let ms = ms_arg(&arg, "advance")?;
        let to = bg
            .ports
            .clock
            .advance(&bg.ports.store, ms)
            .await
            .map_err(|e| js_error(&e.to_string()))?;
        bg.after_change().await;
        Ok(JsValue::from_f64(to as f64))
    })
}

fn tick(bg: Rc<Background>, _arg: JsValue) -> js_sys::Promise {
    future_to_promise(async move {
        let report = bg.tick_now().await;
        to_js(&report).map_err(|e| js_error(&e.to_string()))
    })
}

fn poll_tick(bg: Rc<Background>, _arg: JsValue) -> js_sys::Promise {
    future_to_promise(async move {
        let report = bg.tick().await;
        to_js(&report).map_err(|e| js_error(&e.to_string()))
    })
}

fn state(bg: Rc<Background>, _arg: JsValue) -> js_sys::Promise {
    let view = contract_state(&bg.service.state());
    future_to_promise(async move { to_js(&view).map_err(|e| js_error(&e.to_string())) })
}

fn create_sequence(bg: Rc<Background>, arg: JsValue) -> js_sys::Promise {
    future_to_promise(async move {
        let value: serde_json::Value = serde_wasm_bindgen::from_value(arg)
            .map_err(|e| js_error(&format!("createSequence: {e}")))?;
        let spec = SequenceSpec::parse(value).map_err(|e| js_error(&e.to_string()))?;
        let id = bg
            .service
            .create_sequence(&bg.ports, spec)
            .await
            .map_err(|e| js_error(&e.to_string()))?;
        bg.after_change().await;
        Ok(JsValue::from_str(id.as_str()))
    })
}

fn bench_seed(bg: Rc<Background>, arg: JsValue) -> js_sys::Promise {
    future_to_promise(async move {
        let n = arg.as_f64().unwrap_or(0.0).max(0.0) as usize;
        let start = crate::core::time::from_ms(bg.ports.clock.now_ms());
        let seeded = crate::core::benchkit::seed_at(n, start)
            .await
            .map_err(|e| js_error(&e))?;
        let batch = crate::core::benchkit::all_records(&seeded.service.state());
        use crate::core::ports::StorePort;
        bg.ports
            .store
            .write(batch)
            .await
            .map_err(|e| js_error(&e.to_string()))?;
        Ok(JsValue::from_f64(n as f64))
    })
}

fn bench_engine(_bg: Rc<Background>, arg: JsValue) -> js_sys::Promise {
    future_to_promise(async move {
        let get = |k: &str| {
            js_sys::Reflect::get(&arg, &JsValue::from_str(k))
                .ok()
                .and_then(|v| v.as_f64())
        };
        let n = get("n").unwrap_or(1000.0).max(1.0) as usize;
        let runs = get("runs").unwrap_or(5.0).max(1.0) as usize;
        let report = crate::core::benchkit::measure(n, runs, &perf_now)
            .await
            .map_err(|e| js_error(&e))?;
        to_js(&report).map_err(|e| js_error(&e.to_string()))
    })
}

pub fn install(bg: Rc<Background>) {
    let hooks = js_sys::Object::new();
    let ready_at = perf_now();
    let ready = Closure::<dyn Fn() -> f64>::new(move || ready_at);
    crate::browser::js::set(&hooks, "readyAt", &ready.into_js_value());
    let clock = bg.ports.clock.clone();
    let now = Closure::<dyn Fn() -> f64>::new(move || clock.now_ms() as f64);
    crate::browser::js::set(&hooks, "now", &now.into_js_value());
    for (name, f) in [
        (
            "setNow",
            set_now as fn(Rc<Background>, JsValue) -> js_sys::Promise,
        ),
        ("advance", advance),
        ("tick", tick),
        ("pollTick", poll_tick),
        ("state", state),
        ("createSequence", create_sequence),
        ("benchSeed", bench_seed),
        ("benchEngine", bench_engine),
    ] {
        crate::browser::js::set(&hooks, name, &promise_fn(&bg, f));
    }
    provide(&hooks);
}
