//! One step of the editor: its kind decides which fields it shows.
use super::craft::{versions, VARIABLES_HINT};
use super::{control, field, input, select};
use crate::core::view::{DelayUnit, StepChoice, StepForm};
use crate::ui::dom::{button, El};
use wasm_bindgen::prelude::*;
use web_sys::Element;

pub fn render(i: usize, s: &StepForm, count: usize) -> Result<Element, JsValue> {
    let p = |f: &str| format!("steps[{i}].{f}");
    let kinds: Vec<(&str, &str)> = StepChoice::ALL
        .iter()
        .map(|c| (c.token(), c.label()))
        .collect();
    let units: Vec<(&str, &str)> = DelayUnit::ALL
        .iter()
        .map(|u| (u.token(), u.label()))
        .collect();
    let mut body = El::new("fieldset")?
        .child(El::new("legend")?.text(&format!("Step {}", i + 1)))
        .child(field(
            "Kind",
            select(&p("kind"), &kinds, s.choice.token())?,
            &p("kind"),
            None,
        )?)
        .child(
            El::new("div")?
                .class("inline")
                .child(field(
                    "Wait",
                    input("number", &p("delay"), &s.amount)?.attr("min", "0"),
                    &p("delay"),
                    None,
                )?)
                .child(field(
                    "Unit",
                    select(&p("unit"), &units, s.unit.token())?,
                    &p("unit"),
                    Some(if i == 0 {
                        "after the email you send"
                    } else {
                        "after the previous step"
                    }),
                )?),
        );
    if s.choice == StepChoice::NewThread {
        body = body.child(field(
            "Subject",
            input("text", &p("subject"), &s.subject)?,
            &p("subject"),
            None,
        )?);
    }
    if s.choice.is_email() {
        body = body
            .child(field(
                "Text",
                control("textarea", &p("body"))?
                    .attr("rows", "4")
                    .text(&s.body),
                &p("body"),
                Some(VARIABLES_HINT),
            )?)
            .child(versions(
                &format!("steps[{i}]"),
                &s.variants,
                s.choice == StepChoice::NewThread,
            )?);
    } else {
        body = body.child(field(
            "Note for you",
            control("textarea", &p("note"))?
                .attr("rows", "2")
                .text(&s.note),
            &p("note"),
            None,
        )?);
    }
    let idx = i.to_string();
    let n = i + 1;
    let act = |label: &str, action: &str, aria: String, disabled: bool| -> Result<El, JsValue> {
        Ok(button(label)?
            .attr("data-action", action)
            .attr("data-index", &idx)
            .attr("data-key", &format!("{action}:{i}"))
            .attr("aria-label", &aria)
            .flag("disabled", disabled))
    };
    body = body.child(
        El::new("div")?
            .class("actions")
            .child(act(
                "Move up",
                "step-up",
                format!("Move step {n} up"),
                i == 0,
            )?)
            .child(act(
                "Move down",
                "step-down",
                format!("Move step {n} down"),
                i + 1 == count,
            )?)
            .child(act(
                "Remove",
                "step-remove",
                format!("Remove step {n}"),
                count == 1,
            )?),
    );
    Ok(El::new("li")?.attr("data-step", &idx).child(body).build())
}
