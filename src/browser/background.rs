//! The service worker's Rust side. `background.js` registers every listener synchronously
//! and hands events to the `BackgroundHandle` once `start()` resolves. Start order matters:
//! storage is read first (nothing is written before we know the data is ours to write), then
//! the zones the data needs, then alarms are re-armed, then messages are served.
use crate::browser::clock::Clock;
use crate::browser::mail_router::MailRouter;
use crate::browser::messaging::{answer, error_response, validate, OriginPolicy, Sender};
use crate::browser::ports::BrowserPorts;
use crate::browser::storage::Storage;
use crate::browser::{alarms, badge, chrome, content_scripts, gmail_connect, js, load, notify};
use crate::core::account::{ProviderKind, Session};
use crate::core::message::Request;
use crate::core::service::{Caller, Service};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

pub struct Background {
    pub ports: BrowserPorts,
    pub service: Service,
    pub policy: RefCell<OriginPolicy>,
    /// Sentences about start-up: zones or content scripts that could not be set up.
    pub problems: RefCell<Vec<String>>,
}

/// What `background.js` holds and calls.
#[wasm_bindgen]
pub struct BackgroundHandle {
    bg: Rc<Background>,
}

pub async fn start() -> Result<BackgroundHandle, JsValue> {
    let store = Storage;
    let state = load::load(&store)
        .await
        .map_err(|e| js::js_error(&e.to_string()))?;
    let clock = Rc::new(
        Clock::load(&store)
            .await
            .map_err(|e| js::js_error(&e.to_string()))?,
    );
    let origins = state.settings.roundcube_origins.clone();
    let bg = Rc::new(Background {
        ports: BrowserPorts {
            store,
            clock,
            mail: MailRouter::default(),
        },
        service: Service::new(state),
        policy: RefCell::new(OriginPolicy::new(&origins)),
        problems: RefCell::new(Vec::new()),
    });
    let zones = bg.service.zones_needed();
    bg.service.ensure_zones(&bg.ports, &zones).await;
    bg.sync_content_scripts().await;
    bg.after_change().await;
    if chrome::has(&["chrome", "sidePanel"]) {
        let behavior = js_sys::Object::new();
        js::set(&behavior, "openPanelOnActionClick", &JsValue::TRUE);
        let _ = chrome::side_panel_set_behavior(&behavior).await;
    }
    #[cfg(feature = "test-hooks")]
    crate::browser::test_hooks::install(bg.clone());
    Ok(BackgroundHandle { bg })
}

/// How often the worker wakes to look for replies while threads are watched. Store builds
/// clamp alarms to 30 s; a minute keeps Gmail's idle cost at 2 quota units a minute.
const SYNC_PERIOD_MINUTES: f64 = 1.0;

impl Background {
    /// Re-arms the alarms from the state and refreshes the badge. Alarms that are already
    /// right are left alone, so frequent restarts never push a wake-up away.
    pub async fn after_change(&self) {
        self.ports
            .mail
            .follow_settings(&self.service.state().settings);
        let next = self.service.next_wakeup();
        let result = match next {
            // Armed at the engine's instant, frozen or not, so a restart finds it already
            // right; a frozen test clock ignores alarm wake-ups anyway.
            Some(at) => alarms::arm(alarms::WAKE, at.as_millisecond())
                .await
                .map(|_| ()),
            None => alarms::clear(alarms::WAKE).await.map(|_| ()),
        };
        if let Err(e) = result {
            self.problems.borrow_mut().push(e.to_string());
        }
        let watching = self.service.is_watching();
        let sync = if watching {
            alarms::arm_periodic(alarms::SYNC, SYNC_PERIOD_MINUTES)
                .await
                .map(|_| ())
        } else {
            alarms::clear(alarms::SYNC).await.map(|_| ())
        };
        if let Err(e) = sync {
            self.problems.borrow_mut().push(e.to_string());
        }
        self.show_badge().await;
    }

    async fn show_badge(&self) {
        let now = self.ports.clock.now();
        let count = self.service.badge_count(now) as u32;
        let (blocked, why) = {
            let st = self.service.state();
            let session = st.accounts.values().find_map(|a| match &a.session {
                Session::Ok => None,
                Session::Expired { .. } if a.provider == ProviderKind::Gmail => {
                    Some(format!("reconnect Gmail for {} in the options", a.user))
                }
                Session::Expired { .. } => Some(format!("log in to {} ({})", a.origin, a.user)),
                Session::Unreachable { message, .. } => Some(format!("{}: {message}", a.origin)),
            });
            let why = st
                .read_only
                .clone()
                .or(session)
                .or_else(|| st.unreadable.first().map(|e| e.to_string()))
                .or_else(|| self.problems.borrow().first().cloned());
            (why.is_some(), why)
        };
        let title = match &why {
            Some(w) => format!("mailseq: {w}"),
            None if count > 0 => format!("mailseq: {count} waiting for you"),
            None => "mailseq".to_owned(),
        };
        if !blocked {
            let _ = notify::sending_unblocked().await;
        }
        if let Err(e) = badge::show(badge::Badge { count, blocked }, &title).await {
            web_sys::console::warn_1(&JsValue::from_str(&e));
        }
    }

    /// Keeps the registered Roundcube content scripts and the message policy in step with the
    /// origins the user switched on.
    async fn sync_content_scripts(&self) {
        let origins = self.service.state().settings.roundcube_origins.clone();
        *self.policy.borrow_mut() = OriginPolicy::new(&origins);
        match content_scripts::reconcile(&origins).await {
            Ok(revoked) => self.problems.borrow_mut().extend(revoked.iter().map(|o| {
                format!("Access to {o} was withdrawn: switch it on again in the options.")
            })),
            Err(e) => self.problems.borrow_mut().push(e),
        }
    }

    pub async fn handle(
        &self,
        caller: &Caller,
        request: Request,
    ) -> crate::core::message::Response {
        let settings_change = matches!(
            request,
            Request::EnableRoundcube { .. }
                | Request::DisableRoundcube { .. }
                | Request::Import { .. }
        );
        let response = match (request, caller) {
            // Signing in needs the browser (a window, the token store): not the core's job.
            (
                Request::ConnectGmail {
                    account_index,
                    client_id,
                    code_flow,
                },
                Caller::Page,
            ) => gmail_connect::connect(self, account_index, client_id, code_flow).await,
            (request @ Request::Tick, _) => {
                self.ports.mail.force_next_sync();
                self.service.handle(&self.ports, caller, request).await
            }
            (request, _) => self.service.handle(&self.ports, caller, request).await,
        };
        if settings_change {
            self.sync_content_scripts().await;
        }
        self.after_change().await;
        response
    }

    /// An explicit tick (the test build's `tick()`): Gmail's idle budget must not skip its sync.
    pub async fn tick_now(&self) -> crate::core::runner::TickReport {
        self.ports.mail.force_next_sync();
        self.tick().await
    }

    pub async fn tick(&self) -> crate::core::runner::TickReport {
        let report = self.service.tick(&self.ports).await;
        for w in self.ports.mail.take_warnings() {
            web_sys::console::warn_1(&JsValue::from_str(&format!("mailseq: {w}")));
        }
        self.after_change().await;
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

    /// `alarms.onAlarm`: a wake-up or the periodic sync runs a tick. A frozen test clock
    /// moves only when the test says so, so alarms then do nothing.
    pub fn alarm(&self, name: String) -> js_sys::Promise {
        let bg = self.bg.clone();
        future_to_promise(async move {
            let ours = name == alarms::WAKE || name == alarms::SYNC;
            if ours && !bg.ports.clock.is_frozen() {
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
