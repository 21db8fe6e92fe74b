//! The core's `Ports` in the browser: storage, the engine clock, random ids, zone files,
//! notifications, the test build's checkpoints, and the mail providers behind one router.
use crate::browser::clock::Clock;
use crate::browser::mail_router::MailRouter;
use crate::browser::storage::Storage;
use crate::browser::{js, notify, tz};
use crate::core::ports::{Checkpoint, Ports};
use std::rc::Rc;

pub struct BrowserPorts {
    pub store: Storage,
    pub clock: Rc<Clock>,
    pub mail: MailRouter,
}

impl Ports for BrowserPorts {
    type Mail = MailRouter;
    type Store = Storage;

    fn mail(&self) -> &MailRouter {
        &self.mail
    }

    fn store(&self) -> &Storage {
        &self.store
    }

    fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    fn new_id(&self) -> String {
        js::new_id()
    }

    async fn zone(&self, name: &str) -> Option<Vec<u8>> {
        tz::zone_bytes(name).await.ok().flatten()
    }

    async fn checkpoint(&self, point: Checkpoint) {
        #[cfg(feature = "test-hooks")]
        crate::browser::test_hooks::checkpoint(point).await;
        #[cfg(not(feature = "test-hooks"))]
        let _ = point;
    }

    fn notify(&self, message: &str) {
        let message = message.to_owned();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = notify::sending_blocked(&message).await {
                web_sys::console::warn_1(&wasm_bindgen::JsValue::from_str(&e));
            }
        });
    }
}
