//! The service worker's Rust side. `background.js` registers every listener synchronously
//! and hands events to the `BackgroundHandle` once `start()` resolves. Start order matters:
//! storage is read and migrated first (nothing is written before we know the data is ours to
//! write), then the zones the data needs, then the alarm is re-armed, then messages are served.
use crate::browser::clock::Clock;
use crate::browser::messaging::{answer, error_response, validate, OriginPolicy, Sender};
use crate::browser::ports::{BrowserPorts, Mail};
use crate::browser::storage::Storage;
use crate::browser::{alarms, badge, chrome, content_scripts, js, load};
use crate::core::message::{Request, Response};
use crate::core::service::{Caller, Service};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub struct Background {
    pub ports: BrowserPorts,
    pub service: Service,
    pub policy: RefCell<OriginPolicy>,
    /// Sentences for the user: unreadable records, withdrawn permissions, alarm failures.
    pub problems: RefCell<Vec<String>>,
}

/// What `background.js` holds and calls.
#[wasm_bindgen]
pub struct BackgroundHandle {
    bg: Rc<Background>,
}

pub async fn start() -> Result<BackgroundHandle, JsValue> {
    let store = Storage;
    let clock = Clock::load(&store)
        .await
        .map_err(|e| js::js_error(&e.to_string()))?;
    let state = load::load(&store).await.map_err(|e| js::js_error(&e))?;
    let problems: Vec<String> = state.unreadable.iter().map(|e| e.to_string()).collect();
    for p in &problems {
        web_sys::console::warn_1(&JsValue::from_str(p));
    }
    let origins = state.settings.roundcube_origins.clone();
    let bg = Rc::new(Background {
        ports: BrowserPorts {
            store,
            clock: Rc::new(clock),
            mail: Mail::default(),
        },
        service: Service::new(state),
        policy: RefCell::new(OriginPolicy::new(&origins)),
        problems: RefCell::new(problems),
    });
    let names = bg.service.zones_needed();
    bg.service.ensure_zones(&bg.ports, &names).await;
    bg.sync_origins().await;
    bg.rearm().await;
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
    /// Arms the wake-up alarm for the engine's next due instant (or clears it) and updates
    /// the badge.
    pub async fn rearm(&self) {
        let result = match self.service.next_wakeup() {
            Some(at) => alarms::arm(alarms::WAKE, at.as_millisecond())
                .await
                .map(|_| ()),
            None => alarms::clear(alarms::WAKE).await.map(|_| ()),
        };
        if let Err(e) = result {
            self.problems.borrow_mut().push(e.to_string());
        }
        let read_only = self.service.state().read_only.clone();
        let why = read_only.or_else(|| self.problems.borrow().first().cloned());
        let count = self.service.badge_count(self.ports.clock.now());
        let b = badge::Badge {
            count: u32::try_from(count).unwrap_or(u32::MAX),
            blocked: why.is_some(),
        };
        let title = why.map_or_else(|| "mailseq".to_owned(), |w| format!("mailseq: {w}"));
        if let Err(e) = badge::show(b, &title).await {
            web_sys::console::warn_1(&JsValue::from_str(&e));
        }
    }

    /// Which webmail origins may message us, and where the Roundcube script is injected,
    /// follow the settings (and the permissions the user still grants).
    pub async fn sync_origins(&self) {
        let origins = self.service.state().settings.roundcube_origins.clone();
        *self.policy.borrow_mut() = OriginPolicy::new(&origins);
        match content_scripts::reconcile(&origins).await {
            Ok(revoked) => self.problems.borrow_mut().extend(revoked.iter().map(|o| {
                format!("Access to {o} was withdrawn: switch it on again in the options.")
            })),
            Err(e) => self.problems.borrow_mut().push(e),
        }
    }

    pub async fn handle(&self, caller: &Caller, request: Request) -> Response {
        let origins_change = matches!(
            request,
            Request::EnableRoundcube { .. }
                | Request::DisableRoundcube { .. }
                | Request::SaveSettings { .. }
                | Request::Import { .. }
        );
        let response = self.service.handle(&self.ports, caller, request).await;
        if origins_change {
            self.sync_origins().await;
        }
        self.rearm().await;
        response
    }

    pub async fn tick(&self) -> crate::core::runner::TickReport {
        let report = self.service.tick(&self.ports).await;
        self.rearm().await;
        report
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
                Ok((who, request)) => {
                    let caller = match who {
                        Sender::Page { .. } => Caller::Page,
                        Sender::Content { origin, .. } => Caller::Webmail { origin },
                    };
                    answer(&bg.handle(&caller, request).await)
                }
                Err(e) => error_response(&e.to_string()),
            })
        })
    }

    /// `alarms.onAlarm`: the wake-up runs a tick (not while a test holds the clock frozen:
    /// the test drives ticks itself, and a wake-up racing its tick would take its sends).
    pub fn alarm(&self, name: String) -> js_sys::Promise {
        let bg = self.bg.clone();
        future_to_promise(async move {
            if name == alarms::WAKE && !bg.ports.clock.is_frozen() {
                bg.tick().await;
            }
            Ok(JsValue::UNDEFINED)
        })
    }

    /// `runtime.onStartup` / `onInstalled`: start-up already re-armed everything.
    pub fn started(&self, _reason: String) -> js_sys::Promise {
        js_sys::Promise::resolve(&JsValue::UNDEFINED)
    }
}
