//! The service worker's Rust side. `background.js` registers every listener synchronously
//! and hands events to the `BackgroundHandle` once `start()` resolves. Start order matters:
//! storage is read first (nothing is written before we know the data is ours to write), then
//! the zones the data needs, then the alarm is re-armed, then messages are served.
//! Every event runs through one `Serial` queue: the worker is single-threaded, but awaits
//! interleave, and the engine must never see another event half-done.
use crate::browser::alarms;
use crate::browser::clock::Clock;
use crate::browser::interim::{Interim, Request, Response};
use crate::browser::messaging::{answer, error_response, validate, OriginPolicy, Sender};
use crate::browser::serial::Serial;
use crate::browser::storage::Storage;
use crate::browser::{badge, chrome, content_scripts, js, tz};
use crate::core::ports::StorePort;
use crate::core::time::Zones;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub struct Background {
    pub store: Storage,
    pub clock: Clock,
    pub zones: RefCell<Zones>,
    pub serial: Serial,
    pub engine: RefCell<Interim>,
    pub policy: RefCell<OriginPolicy>,
    /// Sentences for the UI: unreadable records, zones that failed to load.
    pub problems: RefCell<Vec<String>>,
}

/// What `background.js` holds and calls.
#[wasm_bindgen]
pub struct BackgroundHandle {
    bg: Rc<Background>,
}

pub async fn start() -> Result<BackgroundHandle, JsValue> {
    let store = Storage;
    let records = store
        .load_all()
        .await
        .map_err(|e| js::js_error(&e.to_string()))?;
    let clock = Clock::load(&store)
        .await
        .map_err(|e| js::js_error(&e.to_string()))?;
    let engine = Interim::load(records);
    let mut problems = engine.unreadable.clone();
    let (zones, failed) = tz::load_missing(Zones::default(), &engine.zones_needed()).await;
    problems.extend(failed.iter().map(|f| f.to_string()));
    for p in &problems {
        web_sys::console::warn_1(&JsValue::from_str(p));
    }
    let bg = Rc::new(Background {
        store,
        clock,
        zones: RefCell::new(zones),
        serial: Serial::default(),
        engine: RefCell::new(engine),
        policy: RefCell::new(OriginPolicy::new(&[])),
        problems: RefCell::new(problems),
    });
    bg.rearm().await;
    // INTERIM: the switched-on Roundcube origins will come from the stored settings.
    let roundcube_origins: Vec<String> = Vec::new();
    match content_scripts::reconcile(&roundcube_origins).await {
        Ok(revoked) => {
            bg.problems.borrow_mut().extend(revoked.iter().map(|o| {
                format!("Access to {o} was withdrawn: switch it on again in the options.")
            }))
        }
        Err(e) => bg.problems.borrow_mut().push(e),
    }
    if chrome::has(&["chrome", "sidePanel"]) {
        let behavior = js_sys::Object::new();
        js::set(&behavior, "openPanelOnActionClick", &JsValue::TRUE);
        let _ = chrome::side_panel_set_behavior(&behavior).await;
    }
    #[cfg(feature = "test-hooks")]
    crate::browser::test_hooks::install(bg.clone());
    Ok(BackgroundHandle { bg })
}

impl Background {
    /// Arms the wake-up alarm for the engine's next due instant, or clears it.
    pub async fn rearm(&self) {
        let next = self.engine.borrow().next_wakeup();
        let result = match next {
            Some(at) => alarms::arm(alarms::WAKE, at).await.map(|_| ()),
            None => alarms::clear(alarms::WAKE).await.map(|_| ()),
        };
        if let Err(e) = result {
            self.problems.borrow_mut().push(e.to_string());
        }
        // Until the UI shows them, read-only mode and start-up problems are at least visible
        // on the action icon: a "!" badge and the sentence as its tooltip.
        let read_only = self.engine.borrow().read_only.clone();
        let why = read_only.or_else(|| self.problems.borrow().first().cloned());
        let b = badge::Badge {
            count: 0,
            blocked: why.is_some(),
        };
        let title = why.map_or_else(|| "mailseq".to_owned(), |w| format!("mailseq: {w}"));
        if let Err(e) = badge::show(b, &title).await {
            web_sys::console::warn_1(&JsValue::from_str(&e));
        }
    }

    /// Loads zones the table lacks (works on a copy: no borrow is held across the fetches).
    pub async fn ensure_zones(&self, names: &[String]) -> Vec<tz::TzError> {
        let current = self.zones.borrow().clone();
        let (zones, failed) = tz::load_missing(current, names).await;
        self.zones.replace(zones);
        failed
    }

    /// One validated request, run in the queue.
    pub async fn handle(self: &Rc<Self>, request: Request) -> Response {
        let me = self.clone();
        self.serial
            .run(async move {
                let response = me.apply(request).await;
                me.rearm().await;
                response
            })
            .await
    }

    async fn apply(&self, request: Request) -> Response {
        let now = self.clock.now();
        match request {
            Request::CreateSequence { sequence } => {
                let zone = sequence.window.time_zone.clone();
                if let Some(e) = self.ensure_zones(&[zone]).await.first() {
                    return Response::Error {
                        message: format!("window.timeZone: {e}"),
                    };
                }
                let prepared =
                    self.engine
                        .borrow()
                        .prepare_create(&self.zones.borrow(), sequence, now);
                let (seq, batch) = match prepared {
                    Ok(p) => p,
                    Err(message) => return Response::Error { message },
                };
                if let Err(e) = self.store.write(batch).await {
                    return Response::Error {
                        message: e.to_string(),
                    };
                }
                let id = seq.id.clone();
                self.engine.borrow_mut().insert(seq);
                Response::Created { id }
            }
            Request::Tick => Response::Ticked {
                report: Default::default(),
            },
        }
    }
}

#[wasm_bindgen]
impl BackgroundHandle {
    /// `runtime.onMessage`: resolves with the answer for `sendResponse`.
    pub fn message(&self, message: JsValue, sender: JsValue) -> js_sys::Promise {
        let bg = self.bg.clone();
        future_to_promise(async move {
            let checked = validate::<Request>(message, sender, &bg.policy.borrow());
            Ok(match checked {
                Ok((Sender::Content { origin, .. }, request)) if !request.from_content_ok() => {
                    error_response(&format!(
                        "message refused: a webmail page ({origin}) may not ask for that"
                    ))
                }
                Ok((_, request)) => answer(&bg.handle(request).await),
                Err(e) => error_response(&e.to_string()),
            })
        })
    }

    /// `alarms.onAlarm`: the wake-up runs a tick.
    pub fn alarm(&self, name: String) -> js_sys::Promise {
        let bg = self.bg.clone();
        future_to_promise(async move {
            if name == alarms::WAKE && !bg.clock.is_frozen() {
                bg.handle(Request::Tick).await;
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `runtime.onStartup` / `onInstalled`: start-up already re-armed everything.
    pub fn started(&self, _reason: String) -> js_sys::Promise {
        js_sys::Promise::resolve(&JsValue::UNDEFINED)
    }
}
