//! The options page's sequence editor: opening it, structural edits (steps, holidays), the
//! live schedule preview, and saving with errors shown next to the field they name.
use crate::core::ids::SequenceId;
use crate::core::message::{Request, Response};
use crate::core::view::{self, SequenceForm, StepChoice, StepForm, VariantForm};
use crate::ui::bridge;
use crate::ui::dom::{self, closest};
use crate::ui::options::Options;
use crate::ui::{schedule_preview, sequence_editor as editor};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlElement;

impl Options {
    pub(crate) fn open_editor(self: &Rc<Self>, id: Option<SequenceId>, form: SequenceForm) {
        // Prospect columns already in use are template fields the checks must know; read once
        // per opening, since it walks every enrollment.
        *self.known_fields.borrow_mut() = view::known_fields(&self.store.borrow().state());
        *self.form.borrow_mut() = Some((id, form));
        self.render_editor(Some(editor::field_id("name")));
    }

    /// Rebuilds the editor from the stored form, then focuses `focus` (a data-key).
    pub(crate) fn render_editor(self: &Rc<Self>, focus: Option<String>) {
        let Some((id, form)) = self.form.borrow().clone() else {
            self.editor.set_attribute("hidden", "").ok();
            dom::replace_children(&self.editor, &[]);
            return;
        };
        let address = self
            .store
            .borrow()
            .state()
            .settings
            .physical_address
            .clone();
        match editor::render(&form, &self.zone_names, id.is_some(), &address) {
            Ok(el) => dom::replace_children(&self.editor, &[el]),
            Err(e) => return self.say_error(&bridge::error_text(&e)),
        }
        let _ = self.editor.remove_attribute("hidden");
        dom::refocus(&self.editor, focus);
        self.update_preview();
    }

    /// Reads the form DOM into the stored form; returns it.
    pub(crate) fn read_form(&self) -> Option<SequenceForm> {
        let mut slot = self.form.borrow_mut();
        let (_, form) = slot.as_mut()?;
        *form = editor::read(&self.editor, form);
        Some(form.clone())
    }

    /// The best-practice warnings for the form as it stands; an incomplete form keeps the
    /// ones shown until it parses again.
    fn update_warnings(&self, form: &SequenceForm) {
        let Ok(spec) = form.to_spec() else { return };
        let mut fields = self.known_fields.borrow().clone();
        fields.extend(self.import_columns.borrow().iter().cloned());
        let address = self
            .store
            .borrow()
            .state()
            .settings
            .physical_address
            .clone();
        if let Some(root) = self.editor.query_selector("#seq-form").ok().flatten() {
            editor::show_warnings(&root, &view::warnings(&spec, &fields, &address));
        }
    }

    pub(crate) fn update_preview(self: &Rc<Self>) {
        let Some(form) = self.read_form() else { return };
        self.update_warnings(&form);
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

    pub(crate) fn on_change(self: &Rc<Self>, ev: web_sys::Event) {
        let Some(t) = closest(ev.target(), "[data-field]") else {
            return;
        };
        let field = t.get_attribute("data-field").unwrap_or_default();
        if field.starts_with("prospects.") {
            return crate::ui::options_import_run::on_change(self, &field);
        }
        if !self.editor.contains(Some(&t)) {
            return crate::ui::options_transfer::on_change(self, &t, &field);
        }
        // Structural: the kind decides which fields a step has; 24:00 disables "To".
        if field.ends_with(".kind") || field == "window.endOfDay" {
            self.read_form();
            self.render_editor(t.get_attribute("data-key"));
        } else {
            self.on_input(ev);
        }
    }

    pub(crate) fn on_input(self: &Rc<Self>, ev: web_sys::Event) {
        if closest(ev.target(), "#seq-form").is_some() {
            if let Some(d) = self.preview_debounce.borrow().as_ref() {
                d.schedule();
            }
        }
    }

    pub(crate) fn on_submit(self: &Rc<Self>, ev: web_sys::Event) {
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

    /// Adds a version (a copy of the email's own text, to edit) or removes one.
    pub(crate) fn edit_versions(self: &Rc<Self>, action: &str, at: &str, index: usize) {
        let Some(mut form) = self.read_form() else {
            return;
        };
        let (subject, body, list) = if at == "firstEmail" {
            (
                &form.first.subject,
                &form.first.body,
                &mut form.first.variants,
            )
        } else {
            let i: Option<usize> = at
                .strip_prefix("steps[")
                .and_then(|r| r.strip_suffix(']'))
                .and_then(|n| n.parse().ok());
            let Some(s) = i.and_then(|i| form.steps.get_mut(i)) else {
                return;
            };
            (&s.subject, &s.body, &mut s.variants)
        };
        let focus = match action {
            "variant-add" if list.len() < view::MAX_EXTRA_VERSIONS => {
                list.push(VariantForm {
                    subject: subject.clone(),
                    body: body.clone(),
                });
                editor::field_id(&format!("{at}.variants[{}].body", list.len() - 1))
            }
            "variant-remove" if index < list.len() => {
                list.remove(index);
                format!("variant-add:{at}")
            }
            _ => return,
        };
        if let Some((_, f)) = self.form.borrow_mut().as_mut() {
            *f = form;
        }
        self.render_editor(Some(focus));
    }

    /// Adds, removes or moves a step or holiday, keeping what the user typed elsewhere.
    pub(crate) fn edit_structure(self: &Rc<Self>, action: &str, index: usize) {
        let Some(mut form) = self.read_form() else {
            return;
        };
        let n = form.steps.len();
        let focus = match action {
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
}
