//! Event listeners owned by Rust values: dropping the value removes the listener, so no
//! callback can outlive the state it points into.
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventTarget};

pub struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

impl Listener {
    pub fn new(
        target: &EventTarget,
        kind: &'static str,
        f: impl FnMut(Event) + 'static,
    ) -> Result<Listener, JsValue> {
        let closure = Closure::<dyn FnMut(Event)>::new(f);
        target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
        Ok(Listener {
            target: target.clone(),
            kind,
            closure,
        })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.closure.as_ref().unchecked_ref());
    }
}

/// Coalesces many change notifications into one call per animation frame. A hidden page gets
/// no frames, so a short timer stands in: whichever comes first runs, once.
pub struct FrameDebounce {
    pending: Rc<Cell<Option<(i32, i32)>>>,
    callback: Closure<dyn FnMut()>,
}

impl FrameDebounce {
    pub fn new(mut f: impl FnMut() + 'static) -> FrameDebounce {
        let pending: Rc<Cell<Option<(i32, i32)>>> = Rc::new(Cell::new(None));
        let p = pending.clone();
        let callback = Closure::<dyn FnMut()>::new(move || {
            let Some((frame, timer)) = p.take() else {
                return;
            };
            if let Some(w) = web_sys::window() {
                let _ = w.cancel_animation_frame(frame);
                w.clear_timeout_with_handle(timer);
            }
            f();
        });
        FrameDebounce { pending, callback }
    }

    /// Asks for one call on the next frame (a no-op if one is already asked for).
    pub fn schedule(&self) {
        if self.pending.get().is_some() {
            return;
        }
        let Some(w) = web_sys::window() else { return };
        let f = self.callback.as_ref().unchecked_ref();
        let frame = w.request_animation_frame(f).unwrap_or(0);
        let timer = w
            .set_timeout_with_callback_and_timeout_and_arguments_0(f, 100)
            .unwrap_or(0);
        self.pending.set(Some((frame, timer)));
    }
}

impl Drop for FrameDebounce {
    fn drop(&mut self) {
        if let (Some((frame, timer)), Some(w)) = (self.pending.take(), web_sys::window()) {
            let _ = w.cancel_animation_frame(frame);
            w.clear_timeout_with_handle(timer);
        }
    }
}
