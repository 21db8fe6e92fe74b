//! "Start from a template": the eight starter sequences of the sales playbooks. Choosing one
//! opens the editor on an editable copy named after it; nothing is saved until the user
//! creates it.
use crate::core::view;
use crate::ui::bridge;
use crate::ui::dom::{button, El};
use crate::ui::options::Options;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

pub fn render() -> Result<Element, JsValue> {
    let mut ul = El::new("ul")?.class("plain items starters");
    for s in view::starter_views() {
        ul = ul.child(
            El::new("li")?
                .class("item")
                .attr("data-starter", s.id)
                .child(El::new("strong")?.text(s.name))
                .child(El::new("p")?.class("meta").text(&s.shape))
                .child(El::new("p")?.text(s.description))
                .child(
                    button("Use this template")?
                        .attr("data-action", "starter")
                        .attr("data-id", s.id)
                        .attr("data-key", &format!("starter:{}", s.id))
                        .attr(
                            "aria-label",
                            &format!("Start from the template “{}”", s.name),
                        ),
                ),
        );
    }
    Ok(El::new("details")?
        .attr("id", "starters")
        .attr("data-key", "starters")
        .child(
            El::new("summary")?
                .attr("data-key", "starters-summary")
                .text("Start from a template"),
        )
        .child(El::new("p")?.class("hint").text("Eight proven shapes from sales playbooks, with example copy to adapt. Choosing one opens an editable copy; it is saved when you create it."))
        .child(ul)
        .build())
}

impl Options {
    pub(crate) fn open_starter(self: &Rc<Self>, id: &str) {
        let zone = self.display_zone_name();
        let zone = if self.zone_names.contains(&zone) {
            zone
        } else {
            bridge::browser_zone()
        };
        match view::starter_form(id, &zone) {
            Some(form) => {
                let name = form.name.clone();
                self.open_editor(None, form);
                self.say(&format!(
                    "Opened an editable copy of “{name}”. Adapt the copy, then create it."
                ));
            }
            None => self.say_error("That template is unknown."),
        }
    }
}
