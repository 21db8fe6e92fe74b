//! Runs async jobs one at a time, in arrival order. The engine's state is borrowed across
//! awaits (HTTP, storage), so two jobs interleaving would see each other half-done; and the
//! test contract says a second `tick()` waits for the first. A promise chain is the whole lock:
//! each job waits for the previous job's gate and opens its own when it finishes.
use js_sys::{Function, Promise};
use std::cell::RefCell;
use std::future::Future;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

pub struct Serial {
    tail: RefCell<Promise>,
}

impl Default for Serial {
    fn default() -> Self {
        Serial {
            tail: RefCell::new(Promise::resolve(&JsValue::UNDEFINED)),
        }
    }
}

/// Opens the gate when the job ends, even if it ends by being dropped.
struct Gate(Option<Function>);

impl Drop for Gate {
    fn drop(&mut self) {
        if let Some(open) = self.0.take() {
            let _ = open.call0(&JsValue::UNDEFINED);
        }
    }
}

impl Serial {
    pub async fn run<T>(&self, job: impl Future<Output = T>) -> T {
        let mut open = None;
        let gate = Promise::new(&mut |resolve, _reject| open = Some(resolve));
        let previous = self.tail.replace(gate);
        let _gate = Gate(open);
        // The previous job's gate only ever resolves.
        let _ = JsFuture::from(previous).await;
        job.await
    }
}
