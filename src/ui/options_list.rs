//! The options page's sequence list (it follows storage live) and its per-sequence actions.
use crate::core::ids::SequenceId;
use crate::core::message::{Request, Response};
use crate::core::sequence::SequenceState;
use crate::core::view::{self, SequenceForm};
use crate::ui::bridge;
use crate::ui::dom::{self, button, El};
use crate::ui::options::Options;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

impl Options {
    pub(crate) fn render_list(self: &Rc<Self>) {
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
        crate::ui::options_import::refresh(self);
        match built {
            Ok(children) => dom::replace_children(&self.list, &children),
            Err(e) => self.say_error(&bridge::error_text(&e)),
        }
        dom::refocus(&self.list, focus.clone());
        match crate::ui::metrics_view::section(&view::stats(&state)) {
            Ok(children) => dom::replace_children(&self.metrics, &children),
            Err(e) => self.say_error(&bridge::error_text(&e)),
        }
        dom::refocus(&self.metrics, focus);
    }

    pub(crate) fn sequence_action(self: &Rc<Self>, btn: &Element, id: SequenceId, op: &str) {
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
}
