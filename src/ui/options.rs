//! The options page: sequences (list, create, edit, duplicate, pause/resume, archive) with the
//! step editor and schedule preview, then settings, Roundcube and export/import
//! (`options_settings`). The list follows storage live; the editor is never re-rendered under
//! the user's typing, only on structural changes (steps added, kinds changed).
use crate::core::ids::SequenceId;
use crate::core::message::{Request, Response};
use crate::core::sequence::SequenceState;
use crate::core::time::Zones;
use crate::core::view::{self, SequenceForm, StepChoice, StepForm, ViewCtx};
use crate::ui::bridge::{self, StorageWatch, Store, UiError};
use crate::ui::dom::{self, button, closest, El};
use crate::ui::listen::{FrameDebounce, Listener};
use crate::ui::{options_settings, schedule_preview, sequence_editor as editor};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlElement};

pub(crate) struct Options {
    pub store: RefCell<Store>,
    pub zones: RefCell<Zones>,
    pub zone_names: Rc<Vec<String>>,
    list: Element,
    editor: Element,
    pub settings: Element,
    status: Element,
    alert: Element,
    /// The sequence being edited (None: a new one) and the form as last read.
    form: RefCell<Option<(Option<SequenceId>, SequenceForm)>>,
    debounce: RefCell<Option<FrameDebounce>>,
    preview_debounce: RefCell<Option<FrameDebounce>>,
    _owned: RefCell<(Vec<Listener>, Option<StorageWatch>)>,
}

thread_local! {
    static PAGE: RefCell<Option<Rc<Options>>> = const { RefCell::new(None) };
}

pub fn start() -> Result<(), JsValue> {
    let app = dom::by_id("app")?;
    spawn_local(async move {
        if let Err(e) = run(app.clone()).await {
            if let Ok(p) = El::new("p") {
                let p = p
                    .attr("role", "alert")
                    .class("banner banner-error")
                    .text(&format!("The options page could not start: {e}"));
                dom::replace_children(&app, &[p.build()]);
            }
        }
    });
    Ok(())
}

fn section(id: &str, title: &str) -> Result<El, JsValue> {
    Ok(El::new("section")?
        .attr("id", id)
        .attr("aria-labelledby", &format!("h-{id}"))
        .child(El::new("h2")?.attr("id", &format!("h-{id}")).text(title)))
}

async fn run(app: Element) -> Result<(), UiError> {
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
    let list = El::new("div")?.attr("id", "sequence-list").build();
    let seqs = section("sequences", "Sequences")?
        .child(
            button("New sequence")?
                .class("primary")
                .attr("data-action", "new-sequence")
                .attr("data-key", "new-sequence"),
        )
        .child(list.clone());
    let editor = El::new("div")?
        .attr("id", "editor")
        .attr("hidden", "")
        .build();
    let settings = El::new("div")?.attr("id", "settings-area").build();
    dom::replace_children(
        &app,
        &[
            El::new("h1")?.text("mailseq options").build(),
            status.clone(),
            alert.clone(),
            seqs.build(),
            editor.clone(),
            settings.clone(),
        ],
    );
    let names = match bridge::zone_names().await {
        Ok(n) => n,
        Err(e) => {
            alert.set_text_content(Some(&e.to_string()));
            Rc::new(vec!["UTC".to_owned()])
        }
    };
    let page = Rc::new(Options {
        store: RefCell::new(Store::load().await?),
        zones: RefCell::new(Zones::default()),
        zone_names: names,
        list,
        editor,
        settings,
        status,
        alert,
        form: RefCell::new(None),
        debounce: RefCell::new(None),
        preview_debounce: RefCell::new(None),
        _owned: RefCell::new((Vec::new(), None)),
    });
    let weak = Rc::downgrade(&page);
    let on = |f: fn(&Rc<Options>)| {
        let w = weak.clone();
        move || {
            if let Some(p) = w.upgrade() {
                f(&p)
            }
        }
    };
    *page.debounce.borrow_mut() = Some(FrameDebounce::new(on(|p| p.render_list())));
    *page.preview_debounce.borrow_mut() = Some(FrameDebounce::new(on(|p| p.update_preview())));
    let handler = |f: fn(&Rc<Options>, web_sys::Event)| {
        let w = weak.clone();
        move |ev: web_sys::Event| {
            if let Some(p) = w.upgrade() {
                f(&p, ev)
            }
        }
    };
    let listeners = vec![
        Listener::new(&app, "click", handler(|p, ev| p.on_click(ev)))?,
        Listener::new(&app, "change", handler(|p, ev| p.on_change(ev)))?,
        Listener::new(&app, "input", handler(|p, ev| p.on_input(ev)))?,
        Listener::new(&app, "submit", handler(|p, ev| p.on_submit(ev)))?,
    ];
    let watch = bridge::watch_storage({
        let w = weak.clone();
        move |changes| {
            if let Some(p) = w.upgrade() {
                let settings_changed = changes.iter().any(|(k, _)| k == "settings");
                p.store.borrow_mut().apply(changes);
                if let Some(d) = p.debounce.borrow().as_ref() {
                    d.schedule();
                }
                if settings_changed {
                    options_settings::refresh(&p);
                }
            }
        }
    })?;
    *page._owned.borrow_mut() = (listeners, Some(watch));
    PAGE.with(|p| *p.borrow_mut() = Some(page.clone()));
    page.render_list();
    options_settings::render(&page);
    Ok(())
}

impl Options {
    pub fn say(&self, text: &str) {
        self.alert.set_text_content(None);
        self.status.set_text_content(Some(text));
    }

    pub fn say_error(&self, text: &str) {
        self.status.set_text_content(None);
        self.alert.set_text_content(Some(text));
    }

    pub fn ctx(&self, tz: jiff::tz::TimeZone) -> ViewCtx {
        ViewCtx::new(self.store.borrow().now(), tz)
    }

    fn render_list(&self) {
        let state = self.store.borrow().state();
        let focus = dom::focused_key();
        let built = (|| -> Result<Vec<Element>, JsValue> {
            let mut out = Vec::new();
            if let Some(why) = &state.read_only {
                out.push(
                    El::new("p")?
                        .class("banner banner-error")
                        .attr("role", "alert")
                        .text(&format!("Read-only: {why}"))
                        .build(),
                );
            }
            let rows = view::sequence_rows(&state);
            if rows.is_empty() {
                out.push(El::new("p")?.class("muted").text("No sequences yet. Create one: its steps, delays and send window. Then enroll people from your webmail's compose window.").build());
                return Ok(out);
            }
            let mut ul = El::new("ul")?.class("plain items");
            for r in rows {
                let mut actions = El::new("div")?.class("actions");
                for a in &r.actions {
                    actions = actions.child(
                        button(a.label())?
                            .attr("data-action", "sequence")
                            .attr("data-op", a.key())
                            .attr("data-id", r.id.as_str())
                            .attr("data-key", &format!("seq:{}:{}", r.id, a.key()))
                            .attr("aria-label", &format!("{} “{}”", a.label(), r.name)),
                    );
                }
                let meta = format!(
                    "{} step{} · {} · {} enrolled",
                    r.steps,
                    if r.steps == 1 { "" } else { "s" },
                    r.window,
                    r.enrolled
                );
                ul = ul.child(
                    El::new("li")?
                        .class("item")
                        .attr("data-mailseq-sequence", r.id.as_str())
                        .attr("data-state", r.state_label)
                        .child(
                            El::new("div")?
                                .class("row")
                                .child(El::new("strong")?.text(&r.name))
                                .child(
                                    El::new("span")?
                                        .class(&format!(
                                            "badge state-{}",
                                            r.state_label.to_lowercase()
                                        ))
                                        .text(r.state_label),
                                ),
                        )
                        .child(El::new("p")?.class("meta").text(&meta))
                        .child(actions),
                );
            }
            out.push(ul.build());
            Ok(out)
        })();
        match built {
            Ok(children) => dom::replace_children(&self.list, &children),
            Err(e) => self.say_error(&bridge::error_text(&e)),
        }
        dom::refocus(&self.list, focus);
    }

    fn open_editor(self: &Rc<Self>, id: Option<SequenceId>, form: SequenceForm) {
        *self.form.borrow_mut() = Some((id, form));
        self.render_editor(Some(editor::field_id("name")));
    }

    /// Rebuilds the editor from the stored form, then focuses `focus` (a data-key).
    fn render_editor(self: &Rc<Self>, focus: Option<String>) {
        let Some((id, form)) = self.form.borrow().clone() else {
            self.editor.set_attribute("hidden", "").ok();
            dom::replace_children(&self.editor, &[]);
            return;
        };
        match editor::render(&form, &self.zone_names, id.is_some()) {
            Ok(el) => dom::replace_children(&self.editor, &[el]),
            Err(e) => return self.say_error(&bridge::error_text(&e)),
        }
        let _ = self.editor.remove_attribute("hidden");
        dom::refocus(&self.editor, focus);
        self.update_preview();
    }

    /// Reads the form DOM into the stored form; returns it.
    fn read_form(&self) -> Option<SequenceForm> {
        let mut slot = self.form.borrow_mut();
        let (_, form) = slot.as_mut()?;
        *form = editor::read(&self.editor, form);
        Some(form.clone())
    }

    fn update_preview(self: &Rc<Self>) {
        let Some(form) = self.read_form() else { return };
        let Some(target) = self.editor.query_selector("#preview").ok().flatten() else {
            return;
        };
        let heading = target.first_element_child();
        let me = Rc::downgrade(self);
        spawn_local(async move {
            let Some(p) = me.upgrade() else { return };
            let body = match form.to_spec() {
                Err(e) => schedule_preview::incomplete(&e.to_string()),
                Ok(spec) => match bridge::zone(&p.zones, &spec.window.time_zone).await {
                    Err(e) => schedule_preview::incomplete(&e.to_string()),
                    Ok(window_tz) => {
                        let name = p.display_zone_name();
                        let user_tz = bridge::zone(&p.zones, &name)
                            .await
                            .unwrap_or_else(|_| window_tz.clone());
                        let lines = view::preview(&spec, &window_tz, &p.ctx(user_tz));
                        schedule_preview::render(&lines, &name)
                    }
                },
            };
            if let Ok(mut children) = body {
                if let Some(h) = heading.clone() {
                    children.insert(0, h);
                }
                dom::replace_children(&target, &children);
            }
        });
    }

    pub fn display_zone_name(&self) -> String {
        self.store
            .borrow()
            .state()
            .settings
            .time_zone
            .unwrap_or_else(bridge::browser_zone)
    }

    fn on_click(self: &Rc<Self>, ev: web_sys::Event) {
        let Some(btn) = closest(ev.target(), "button[data-action]") else {
            return;
        };
        let attr = |n: &str| btn.get_attribute(n).unwrap_or_default();
        let index: usize = attr("data-index").parse().unwrap_or(0);
        let action = attr("data-action");
        match action.as_str() {
            "new-sequence" => self.open_editor(None, SequenceForm::new(&bridge::browser_zone())),
            "sequence" => self.sequence_action(&btn, SequenceId(attr("data-id")), &attr("data-op")),
            "editor-cancel" => {
                *self.form.borrow_mut() = None;
                self.render_editor(None);
                self.say("Closed the editor without saving.");
            }
            "step-add" | "step-remove" | "step-up" | "step-down" | "holiday-add"
            | "holiday-remove" => {
                let Some(mut form) = self.read_form() else {
                    return;
                };
                let n = form.steps.len();
                let focus = match action.as_str() {
                    "step-add" => {
                        form.steps.push(StepForm::new(StepChoice::SameThread));
                        editor::field_id(&format!("steps[{n}].kind"))
                    }
                    "step-remove" if n > 1 && index < n => {
                        form.steps.remove(index);
                        "step-add".to_owned()
                    }
                    "step-up" if index > 0 && index < n => {
                        form.steps.swap(index, index - 1);
                        format!("step-up:{}", index - 1)
                    }
                    "step-down" if index + 1 < n => {
                        form.steps.swap(index, index + 1);
                        format!("step-down:{}", index + 1)
                    }
                    "holiday-add" => {
                        form.holidays.push(String::new());
                        editor::field_id(&format!("holidays[{}]", form.holidays.len() - 1))
                    }
                    "holiday-remove" if index < form.holidays.len() => {
                        form.holidays.remove(index);
                        "holiday-add".to_owned()
                    }
                    _ => return,
                };
                if let Some((_, f)) = self.form.borrow_mut().as_mut() {
                    *f = form;
                }
                self.render_editor(Some(focus));
            }
            _ => options_settings::on_click(self, &btn, &action),
        }
    }

    fn sequence_action(self: &Rc<Self>, btn: &Element, id: SequenceId, op: &str) {
        let state = self.store.borrow().state();
        let Some(seq) = state.sequences.get(&id) else {
            return;
        };
        let req = match op {
            "edit" => return self.open_editor(Some(id), SequenceForm::from_spec(&seq.spec)),
            "duplicate" => Request::DuplicateSequence { id },
            "pause" => Request::SetSequenceState {
                id,
                state: SequenceState::Paused,
            },
            "resume" => Request::SetSequenceState {
                id,
                state: SequenceState::Active,
            },
            "archive" if btn.get_attribute("data-armed").is_none() => {
                // Archiving cannot be undone: a second click confirms (no blocking dialogs).
                let _ = btn.set_attribute("data-armed", "");
                btn.set_text_content(Some("Confirm: archive for good"));
                return self.say(&format!("Archiving “{}” ends its enrollments and cannot be undone. Click again to confirm.", seq.spec.name));
            }
            "archive" => Request::SetSequenceState {
                id,
                state: SequenceState::Archived,
            },
            _ => return,
        };
        let name = seq.spec.name.clone();
        let done = match op {
            "duplicate" => format!("Duplicated “{name}”."),
            "pause" => format!("Paused “{name}”: its queued follow-ups are held."),
            "resume" => format!("Resumed “{name}”."),
            _ => format!("Archived “{name}”."),
        };
        let me = Rc::downgrade(self);
        spawn_local(async move {
            let Some(p) = me.upgrade() else { return };
            match bridge::send(&req).await {
                Ok(Response::Error { message }) => p.say_error(&message),
                Ok(_) => p.say(&done),
                Err(e) => p.say_error(&e.to_string()),
            }
        });
    }

    fn on_change(self: &Rc<Self>, ev: web_sys::Event) {
        let Some(t) = closest(ev.target(), "[data-field]") else {
            return;
        };
        let field = t.get_attribute("data-field").unwrap_or_default();
        if !self.editor.contains(Some(&t)) {
            return options_settings::on_change(self, &t, &field);
        }
        // Structural: the kind decides which fields a step has; 24:00 disables "To".
        if field.ends_with(".kind") || field == "window.endOfDay" {
            self.read_form();
            self.render_editor(t.get_attribute("data-key"));
        } else {
            self.on_input(ev);
        }
    }

    fn on_input(self: &Rc<Self>, ev: web_sys::Event) {
        if closest(ev.target(), "#seq-form").is_some() {
            if let Some(d) = self.preview_debounce.borrow().as_ref() {
                d.schedule();
            }
        }
    }

    fn on_submit(self: &Rc<Self>, ev: web_sys::Event) {
        ev.prevent_default();
        let Some(form) = self.read_form() else { return };
        let id = self.form.borrow().as_ref().and_then(|(id, _)| id.clone());
        let Some(root) = self.editor.query_selector("#seq-form").ok().flatten() else {
            return;
        };
        editor::clear_errors(&root);
        let me = Rc::downgrade(self);
        spawn_local(async move {
            let Some(p) = me.upgrade() else { return };
            let fail = |field: Option<&str>, msg: &str| {
                if let Some(c) = editor::show_error(&root, field, msg)
                    .and_then(|c| c.dyn_into::<HtmlElement>().ok())
                {
                    let _ = c.focus();
                }
                p.say_error(&match field {
                    Some(f) => format!("Not saved. {}: {msg}", view::field_label(f)),
                    None => format!("Not saved: {msg}"),
                });
            };
            let spec = match form.to_spec() {
                Ok(s) => s,
                Err(e) => return fail(Some(&e.field), &e.message),
            };
            if let Err(e) = bridge::zone(&p.zones, &spec.window.time_zone).await {
                return fail(Some("window.timeZone"), &e.to_string());
            }
            if let Err(e) = spec.validate(&p.zones.borrow()) {
                return fail(Some(&e.field), &e.message);
            }
            let name = spec.name.clone();
            let req = match id {
                Some(id) => Request::UpdateSequence { id, sequence: spec },
                None => Request::CreateSequence { sequence: spec },
            };
            match bridge::send(&req).await {
                Ok(Response::Error { message }) => {
                    let (field, msg) = view::field_of_error(&message);
                    fail(field.as_deref(), &msg)
                }
                Ok(_) => {
                    *p.form.borrow_mut() = None;
                    p.render_editor(None);
                    p.say(&format!("Saved “{name}”."));
                    dom::focus_key("new-sequence");
                }
                Err(e) => fail(None, &e.to_string()),
            }
        });
    }
}
