//! `globalThis.mailseqTest`, the test build's automation surface (DESIGN.md, "Contract for
//! tests and automation"). Compiled only with the `test-hooks` feature, so neither this code
//! nor its name exists in the shipped build.
//!
//! The object is defined by a JS snippet that the wasm-bindgen glue imports statically, so it
//! exists as soon as the worker's modules are evaluated, before the wasm has started. Calls
//! made that early wait for `provide`, which start-up calls once storage is loaded.
use crate::browser::background::Background;
use crate::browser::js::{js_error, to_js};
use crate::core::contract::contract_state;
use crate::core::sequence::SequenceSpec;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

#[wasm_bindgen(inline_js = r#"
let provided = null;
let resolveProvided;
const ready = new Promise((resolve) => { resolveProvided = resolve; });
const call = (name) => (...args) =>
  provided ? provided[name](...args) : ready.then((hooks) => hooks[name](...args));
if (typeof ServiceWorkerGlobalScope !== 'undefined' && globalThis instanceof ServiceWorkerGlobalScope) {
  globalThis.mailseqTest = Object.freeze({
    now: call('now'),
    setNow: call('setNow'),
    advance: call('advance'),
    tick: call('tick'),
    state: call('state'),
    createSequence: call('createSequence'),
  });
}
export function provide(hooks) {
  provided = hooks;
  resolveProvided(hooks);
}
"#)]
extern "C" {
    fn provide(hooks: &JsValue);
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
        let clock = &bg.ports.clock;
        clock
            .set_now(&bg.ports.store, ms)
            .await
            .map_err(|e| js_error(&e.to_string()))?;
        bg.rearm().await;
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
        bg.rearm().await;
        Ok(JsValue::from_f64(to as f64))
    })
}

fn tick(bg: Rc<Background>, _arg: JsValue) -> js_sys::Promise {
    future_to_promise(async move {
        let report = bg.tick().await;
        to_js(&report).map_err(|e| js_error(&e.to_string()))
    })
}

fn state(bg: Rc<Background>, _arg: JsValue) -> js_sys::Promise {
    let view = contract_state(&bg.service.state());
    match to_js(&view) {
        Ok(v) => js_sys::Promise::resolve(&v),
        Err(e) => js_sys::Promise::reject(&js_error(&e.to_string())),
    }
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
        bg.rearm().await;
        Ok(JsValue::from_str(id.as_str()))
    })
}

pub fn install(bg: Rc<Background>) {
    let hooks = js_sys::Object::new();
    let clock_bg = bg.clone();
    let now = Closure::<dyn Fn() -> f64>::new(move || clock_bg.ports.clock.now_ms() as f64);
    crate::browser::js::set(&hooks, "now", &now.into_js_value());
    for (name, f) in [
        (
            "setNow",
            set_now as fn(Rc<Background>, JsValue) -> js_sys::Promise,
        ),
        ("advance", advance),
        ("tick", tick),
        ("state", state),
        ("createSequence", create_sequence),
    ] {
        crate::browser::js::set(&hooks, name, &promise_fn(&bg, f));
    }
    provide(&hooks);
}
