//! The side panel: banners, Upcoming, Tasks due, Enrollments and per-step stats. It reads
//! storage itself and re-renders (once per frame) on every change, keeping focus and open
//! history panels across renders. Each render has two parts: the first screen (banners, the
//! first rows of Upcoming, Tasks due), then, one task later, the rest of Upcoming, Enrollments
//! and stats: at 1,000 enrollments, building all 27k nodes before the first paint took most
//! of the panel's start.
use crate::core::enrollment::Class;
use crate::core::ids::EnrollmentId;
use crate::core::message::{EnrollmentAction, Request, Response};
use crate::core::time::Zones;
use crate::core::view::{self, ViewCtx};
use crate::ui::bridge::{self, StorageWatch, Store};
use crate::ui::dom::{self, button, closest, El};
use crate::ui::listen::{FrameDebounce, Listener};
use crate::ui::panel_gmail::{self, GmailPart};
use crate::ui::panel_sections as sections;
use crate::ui::stats_view;
use gloo_timers::callback::Interval;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlButtonElement};

struct Panel {
    store: RefCell<Store>,
    zones: RefCell<Zones>,
    content: Element,
    status: Element,
    alert: Element,
    debounce: RefCell<Option<FrameDebounce>>,
    /// Counts renders, so a second part whose render was overtaken is dropped.
    renders: Cell<u64>,
    /// Whether a render has completed its second part yet (for `make bench`'s mark).
    completed: Cell<bool>,
    /// What the last render must restore once its second part is in (open history panels,
    /// the focused control), until then carried into the next render.
    restore: RefCell<Restore>,
    gmail: GmailPart,
    /// Owned so that dropping the panel removes every listener and timer.
    _owned: RefCell<(Vec<Listener>, Option<StorageWatch>, Vec<Interval>)>,
}

#[derive(Default)]
struct Restore {
    open: HashSet<String>,
    focus: Option<String>,
}

thread_local! {
    static PAGE: RefCell<Option<Rc<Panel>>> = const { RefCell::new(None) };
}

pub fn start() -> Result<(), JsValue> {
    let app = dom::by_id("app")?;
    spawn_local(async move {
        if let Err(e) = run(app.clone()).await {
            let msg = El::new("p").map(|p| {
                p.attr("role", "alert")
                    .class("banner banner-error")
                    .text(&format!("The side panel could not start: {e}"))
                    .build()
            });
            if let Ok(p) = msg {
                dom::replace_children(&app, &[p]);
            }
        }
    });
    Ok(())
}

async fn run(app: Element) -> Result<(), bridge::UiError> {
    let status = El::new("p")?
        .attr("id", "status")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .class("status")
        .build();
    let alert = El::new("p")?
        .attr("id", "alert")
        .attr("role", "alert")
        .class("status error")
        .build();
    let header = El::new("header")?
        .class("bar")
        .child(El::new("h1")?.text("mailseq"))
        .child(
            button("Check now")?
                .attr("data-action", "check-now")
                .attr("data-key", "check-now")
                .class("primary"),
        );
    let content = El::new("div")?.attr("id", "content").build();
    let gmail = GmailPart::new()?;
    dom::replace_children(
        &app,
        &[
            header.build(),
            status.clone(),
            alert.clone(),
            gmail.root.clone(),
            content.clone(),
        ],
    );

    let panel = Rc::new(Panel {
        store: RefCell::new(Store::load().await?),
        zones: RefCell::new(Zones::default()),
        content,
        status,
        alert,
        debounce: RefCell::new(None),
        renders: Cell::new(0),
        completed: Cell::new(false),
        restore: RefCell::new(Restore::default()),
        gmail,
        _owned: RefCell::new((Vec::new(), None, Vec::new())),
    });
    let weak = Rc::downgrade(&panel);
    *panel.debounce.borrow_mut() = Some(FrameDebounce::new({
        let w = weak.clone();
        move || {
            if let Some(p) = w.upgrade() {
                p.render();
            }
        }
    }));
    let click = Listener::new(&app, "click", {
        let w = weak.clone();
        move |ev| {
            if let Some(p) = w.upgrade() {
                p.on_click(ev);
            }
        }
    })?;
    let watch = bridge::watch_storage({
        let w = weak.clone();
        move |changes| {
            if let Some(p) = w.upgrade() {
                p.store.borrow_mut().apply(changes);
                p.schedule();
            }
        }
    })?;
    // "Today", "late" and the like move with the clock even when storage does not.
    let tick = Interval::new(30_000, {
        let w = weak.clone();
        move || {
            if let Some(p) = w.upgrade() {
                p.schedule();
            }
        }
    });
    // The Gmail tab changes without storage changing (a thread opens, a compose appears).
    let gmail_poll = Interval::new(GMAIL_POLL_MS, {
        let w = weak.clone();
        move || {
            if let Some(p) = w.upgrade() {
                p.look_at_gmail();
            }
        }
    });
    *panel._owned.borrow_mut() = (vec![click], Some(watch), vec![tick, gmail_poll]);
    PAGE.with(|p| *p.borrow_mut() = Some(panel.clone()));
    panel.render();
    panel.look_at_gmail();
    Ok(())
}

/// How often the panel asks the Gmail tab what it shows: a message to one content script.
const GMAIL_POLL_MS: u32 = 1_500;

impl Panel {
    fn look_at_gmail(self: &Rc<Self>) {
        let me = Rc::downgrade(self);
        spawn_local(async move {
            let seen = panel_gmail::describe().await;
            if let Some(p) = me.upgrade() {
                let state = p.store.borrow().state();
                p.gmail.show(seen, &state);
            }
        });
    }

    fn schedule(&self) {
        if let Some(d) = self.debounce.borrow().as_ref() {
            d.schedule();
        }
    }

    /// The display zone: the user's setting, else the browser's. Loads its rules on first use
    /// and renders again; until then times show in UTC.
    fn display_zone(self: &Rc<Self>, name: &str) -> jiff::tz::TimeZone {
        if let Ok(tz) = self.zones.borrow().get(name) {
            return tz;
        }
        let (me, name) = (Rc::downgrade(self), name.to_owned());
        spawn_local(async move {
            let Some(p) = me.upgrade() else { return };
            match bridge::zone(&p.zones, &name).await {
                Ok(_) => p.schedule(),
                Err(e) => p.say_error(&e.to_string()),
            }
        });
        jiff::tz::TimeZone::UTC
    }

    fn render(self: &Rc<Self>) {
        let (state, now) = {
            let s = self.store.borrow();
            (s.state(), s.now())
        };
        let zone = state
            .settings
            .time_zone
            .clone()
            .unwrap_or_else(bridge::browser_zone);
        let ctx = ViewCtx::new(now, self.display_zone(&zone));
        let model = view::panel(&state, &ctx);
        {
            let mut r = self.restore.borrow_mut();
            let open = self.content.query_selector_all("details[open]").map(|l| {
                (0..l.length())
                    .filter_map(|i| l.item(i))
                    .filter_map(|n| n.dyn_into::<Element>().ok())
                    .filter_map(|e| e.get_attribute("data-key"))
                    .collect::<Vec<_>>()
            });
            r.open.extend(open.unwrap_or_default());
            if let Some(key) = dom::focused_key() {
                r.focus = Some(key);
            }
        }
        let render = self.renders.get() + 1;
        self.renders.set(render);
        let partial = match first_screen(&model) {
            Ok((children, upcoming)) => {
                dom::replace_children(&self.content, &children);
                Some(upcoming)
            }
            Err(e) => {
                self.say_error(&bridge::error_text(&e));
                None
            }
        };
        if render == 1 {
            // The first render with the stored state: `make bench` reads these marks.
            mark("mailseq:first-render");
        }
        let me = Rc::downgrade(self);
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(0).await;
            let Some(p) = me.upgrade() else { return };
            if p.renders.get() != render {
                return;
            }
            if model.upcoming.iter().map(|g| g.items.len()).sum::<usize>() > FIRST_ROWS {
                match sections::upcoming(&model.upcoming, &model.zone, usize::MAX) {
                    Ok(full) => {
                        if let Some(part) = &partial {
                            part.replace_with_with_node_1(&full).ok();
                        }
                    }
                    Err(e) => p.say_error(&bridge::error_text(&e)),
                }
            }
            match below(&model) {
                Ok(parts) => {
                    for part in parts {
                        let _ = p.content.append_child(&part);
                    }
                }
                Err(e) => p.say_error(&bridge::error_text(&e)),
            }
            let Restore { open, focus } = std::mem::take(&mut *p.restore.borrow_mut());
            for key in open {
                let sel = format!("details[data-key=\"{}\"]", dom::css_escape(&key));
                if let Ok(Some(d)) = p.content.query_selector(&sel) {
                    let _ = d.set_attribute("open", "");
                }
            }
            dom::refocus(&p.content, focus);
            // The first complete render, whichever it is: the first one's second part is
            // dropped when another render (such as the display zone's rules arriving) overtakes it.
            if !p.completed.replace(true) {
                mark("mailseq:complete-render");
            }
        });
    }

    fn say(&self, text: &str) {
        self.alert.set_text_content(None);
        self.status.set_text_content(Some(text));
    }

    fn say_error(&self, text: &str) {
        self.status.set_text_content(None);
        self.alert.set_text_content(Some(text));
    }

    fn on_click(self: &Rc<Self>, ev: web_sys::Event) {
        let Some(btn) = closest(ev.target(), "button") else {
            return;
        };
        let attr = |n: &str| btn.get_attribute(n).unwrap_or_default();
        let id = EnrollmentId(attr("data-id"));
        let req = if attr("data-mailseq") == "task-done" {
            match attr("data-step").parse() {
                Ok(step) => Request::TaskDone { id, step },
                Err(_) => return,
            }
        } else {
            match attr("data-action").as_str() {
                "check-now" => Request::Tick,
                "enroll-open-thread" => match self.gmail.enroll_request() {
                    Ok(r) => r,
                    Err(e) => return self.say_error(&e),
                },
                "enrollment" => match op(&attr("data-op")) {
                    Some(action) => Request::Enrollment { id, action },
                    None => return,
                },
                "remark" => match class(&attr("data-class")) {
                    Some(class) => Request::Remark {
                        id,
                        message_id: attr("data-message"),
                        class,
                    },
                    None => return,
                },
                _ => return,
            }
        };
        let done = match &req {
            Request::Tick => "Checked.",
            Request::TaskDone { .. } => "Task marked done.",
            Request::Enrollment { action, .. } => view::action_done(*action),
            Request::Remark { .. } => "Re-marked; the enrollment follows the new reading.",
            Request::EnrollOpenThread { .. } => "Enrolled the open thread.",
            _ => "Done.",
        };
        if let Some(b) = btn.dyn_ref::<HtmlButtonElement>() {
            b.set_disabled(true);
        }
        self.say("Working…");
        let me = Rc::downgrade(self);
        spawn_local(async move { answer(me, btn, bridge::send(&req).await, done) });
    }
}

fn answer(me: Weak<Panel>, btn: Element, r: Result<Response, bridge::UiError>, done: &str) {
    let Some(p) = me.upgrade() else { return };
    if let Some(b) = btn.dyn_ref::<HtmlButtonElement>() {
        b.set_disabled(false);
    }
    match r {
        Ok(Response::Error { message }) => p.say_error(&message),
        Ok(Response::Ticked { report }) => {
            let mut s = format!(
                "Checked: {} sent, {} paused by replies, {} waiting.",
                report.sent, report.paused, report.waiting
            );
            for e in &report.errors {
                s.push(' ');
                s.push_str(e);
            }
            if report.errors.is_empty() {
                p.say(&s)
            } else {
                p.say_error(&s)
            }
        }
        Ok(_) => p.say(done),
        Err(e) => p.say_error(&e.to_string()),
    }
    p.schedule();
}

fn op(key: &str) -> Option<EnrollmentAction> {
    use EnrollmentAction::*;
    [Pause, Resume, Skip, SendNow, Remove, MeetingBooked]
        .into_iter()
        .find(|a| view::action_key(*a) == key)
}

fn class(key: &str) -> Option<Class> {
    [Class::Reply, Class::AutoReply, Class::Bounce, Class::OptOut]
        .into_iter()
        .find(|c| view::class_key(*c) == key)
}

/// A performance mark for `make bench` (scripts/bench.mjs).
fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}

/// Upcoming rows in the first screen: more than a tall panel shows.
const FIRST_ROWS: usize = 50;

/// What the panel shows first: banners, the first rows of Upcoming, and Tasks due; with the
/// partial Upcoming section, which the full one replaces one task later.
fn first_screen(m: &view::Panel) -> Result<(Vec<Element>, Element), JsValue> {
    let mut out = sections::banners(&m.banners)?;
    if let Some(e) = &m.empty {
        out.push(sections::empty(e)?);
    }
    let upcoming = sections::upcoming(&m.upcoming, &m.zone, FIRST_ROWS)?;
    out.push(upcoming.clone());
    out.push(sections::tasks(&m.tasks)?);
    Ok((out, upcoming))
}

/// What comes below it, one task later: Enrollments and the per-step stats.
fn below(m: &view::Panel) -> Result<Vec<Element>, JsValue> {
    Ok(vec![
        sections::enrollments(&m.enrollments)?,
        stats_view::section(&m.stats)?,
    ])
}
