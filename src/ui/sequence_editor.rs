//! The sequence editor: `SequenceForm` to DOM and back, and field errors shown next to the
//! control their JSON path names (`steps[1].delay` → the delay of step 2).
use crate::core::view::{control_field, DelayUnit, SequenceForm, StepChoice, StepForm, WEEKDAYS};
use crate::ui::dom::{button, checked, value_of, El};
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// `f-steps-1--delay` style ids: stable, and valid in selectors.
pub fn field_id(field: &str) -> String {
    let s: String = field
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("f-{s}")
}

fn control(tag: &str, field: &str) -> Result<El, JsValue> {
    let id = field_id(field);
    Ok(El::new(tag)?
        .attr("id", &id)
        .attr("data-field", field)
        .attr("data-key", &id)
        .attr("aria-describedby", &format!("err-{id}")))
}

fn input(kind: &str, field: &str, value: &str) -> Result<El, JsValue> {
    Ok(control("input", field)?
        .attr("type", kind)
        .attr("value", value))
}

fn error_slot(field: &str) -> Result<Element, JsValue> {
    Ok(El::new("p")?
        .class("field-error")
        .attr("id", &format!("err-{}", field_id(field)))
        .attr("data-error-for", field)
        .attr("hidden", "")
        .build())
}

/// A labelled control with its error slot (and an optional hint, read by screen readers).
fn field(label: &str, ctl: El, name: &str, hint: Option<&str>) -> Result<Element, JsValue> {
    let id = field_id(name);
    let mut ctl = ctl;
    let mut f = El::new("div")?
        .class("field")
        .child(El::new("label")?.attr("for", &id).text(label));
    if let Some(h) = hint {
        ctl = ctl.attr("aria-describedby", &format!("err-{id} hint-{id}"));
        f = f.child(ctl).child(
            El::new("p")?
                .class("hint")
                .attr("id", &format!("hint-{id}"))
                .text(h),
        );
    } else {
        f = f.child(ctl);
    }
    Ok(f.child(error_slot(name)?).build())
}

fn select(name: &str, options: &[(&str, &str)], selected: &str) -> Result<El, JsValue> {
    let mut s = control("select", name)?;
    for (value, label) in options {
        s = s.child(
            El::new("option")?
                .attr("value", value)
                .flag("selected", *value == selected)
                .text(label),
        );
    }
    Ok(s)
}

fn check(name: &str, value: &str, label: &str, on: bool) -> Result<Element, JsValue> {
    let id = format!("{}-{value}", field_id(name));
    Ok(El::new("label")?
        .class("check")
        .child(
            El::new("input")?
                .attr("type", "checkbox")
                .attr("id", &id)
                .attr("data-key", &id)
                .attr("data-field", name)
                .attr("value", value)
                .flag("checked", on),
        )
        .text(label)
        .build())
}

pub fn render(form: &SequenceForm, zones: &[String], editing: bool) -> Result<Element, JsValue> {
    let mut days = El::new("fieldset")?
        .class("days")
        .child(El::new("legend")?.text("Send on"));
    for (i, (_, token, label)) in WEEKDAYS.iter().enumerate() {
        days = days.child(check("window.days", token, label, form.days[i])?);
    }
    let end_of_day = form.to == "24:00";
    let mut zone_opts: Vec<(&str, &str)> = zones.iter().map(|z| (z.as_str(), z.as_str())).collect();
    if !zones.contains(&form.time_zone) {
        zone_opts.insert(0, (&form.time_zone, &form.time_zone));
    }
    let window = El::new("fieldset")?
        .child(El::new("legend")?.text("Send window"))
        .child(days.child(error_slot("window.days")?))
        .child(
            El::new("div")?
                .class("inline")
                .child(field(
                    "From",
                    input("time", "window.from", &form.from)?,
                    "window.from",
                    None,
                )?)
                .child(field(
                    "To",
                    input("time", "window.to", if end_of_day { "" } else { &form.to })?
                        .flag("disabled", end_of_day),
                    "window.to",
                    None,
                )?),
        )
        .child(check(
            "window.endOfDay",
            "on",
            "Until the end of the day (24:00)",
            end_of_day,
        )?)
        .child(field(
            "Time zone",
            select("window.timeZone", &zone_opts, &form.time_zone)?,
            "window.timeZone",
            Some("Follow-ups go out inside this window, in this zone."),
        )?);
    let mut holidays = El::new("fieldset")?.child(El::new("legend")?.text("Holidays (no sending)"));
    for (i, h) in form.holidays.iter().enumerate() {
        let name = format!("holidays[{i}]");
        holidays = holidays.child(
            El::new("div")?
                .class("inline")
                .child(field(
                    &format!("Holiday {}", i + 1),
                    input("date", &name, h)?,
                    &name,
                    None,
                )?)
                .child(
                    button("Remove")?
                        .attr("data-action", "holiday-remove")
                        .attr("data-index", &i.to_string())
                        .attr("aria-label", &format!("Remove holiday {}", i + 1)),
                ),
        );
    }
    holidays = holidays.child(
        button("Add a holiday")?
            .attr("data-action", "holiday-add")
            .attr("data-key", "holiday-add"),
    );
    let stop = El::new("fieldset")?
        .child(El::new("legend")?.text("Stop rules"))
        .child(
            El::new("p")?
                .class("hint")
                .text("A reply in the thread always stops the sequence for that prospect."),
        )
        .child(check(
            "stopOn.anyMailFromProspect",
            "on",
            "Also stop on any email from the prospect, in any thread",
            form.stop_prospect,
        )?)
        .child(check(
            "stopOn.anyMailFromDomain",
            "on",
            "Also stop on any email from the prospect's domain",
            form.stop_domain,
        )?);
    let limits = El::new("fieldset")?
        .child(El::new("legend")?.text("Limits"))
        .child(El::new("div")?.class("inline")
            .child(field("Daily cap (emails per 24 h)", input("number", "limits.dailyCap", &form.daily_cap)?.attr("min", "1"), "limits.dailyCap", None)?)
            .child(field("Minimum gap (seconds)", input("number", "limits.minGapSeconds", &form.min_gap_seconds)?.attr("min", "0"), "limits.minGapSeconds", None)?)
            .child(field("Catch-up grace (hours)", input("number", "limits.catchUpGraceHours", &form.catch_up_grace_hours)?.attr("min", "0"), "limits.catchUpGraceHours", Some("A follow-up late by less than this (browser closed) still goes out; later ones move to the next window."))?));
    let mut steps = El::new("ol")?.class("steps plain");
    for (i, s) in form.steps.iter().enumerate() {
        steps = steps.child(step(i, s, form.steps.len())?);
    }
    let steps = El::new("fieldset")?
        .child(El::new("legend")?.text("Follow-up steps (after the email you send)"))
        .child(error_slot("steps")?)
        .child(steps)
        .child(
            button("Add a step")?
                .attr("data-action", "step-add")
                .attr("data-key", "step-add"),
        );
    Ok(El::new("form")?
        .attr("id", "seq-form")
        .attr("novalidate", "")
        .attr("aria-labelledby", "h-editor")
        .child(El::new("h2")?.attr("id", "h-editor").text(if editing {
            "Edit sequence"
        } else {
            "New sequence"
        }))
        .child(
            El::new("div")?
                .attr("id", "form-errors")
                .attr("role", "alert")
                .class("error-summary")
                .attr("hidden", ""),
        )
        .child(field(
            "Name",
            input("text", "name", &form.name)?.attr("autocomplete", "off"),
            "name",
            None,
        )?)
        .child(window)
        .child(holidays)
        .child(stop)
        .child(limits)
        .child(steps)
        .child(
            El::new("section")?
                .attr("id", "preview")
                .attr("aria-live", "polite")
                .attr("aria-labelledby", "h-preview")
                .child(
                    El::new("h3")?
                        .attr("id", "h-preview")
                        .text("Schedule preview"),
                ),
        )
        .child(
            El::new("div")?
                .class("actions")
                .child(
                    El::new("button")?
                        .attr("type", "submit")
                        .class("primary")
                        .attr("data-key", "save")
                        .text(if editing {
                            "Save changes"
                        } else {
                            "Create sequence"
                        }),
                )
                .child(
                    button("Cancel")?
                        .attr("data-action", "editor-cancel")
                        .attr("data-key", "editor-cancel"),
                ),
        )
        .build())
}

fn step(i: usize, s: &StepForm, count: usize) -> Result<Element, JsValue> {
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
        body = body.child(field("Text", control("textarea", &p("body"))?.attr("rows", "4").text(&s.body), &p("body"), Some("Variables: {{first_name|there}} uses the first name, or “there” when it is unknown. Also {{name}}, {{email}}, {{domain}}."))?);
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

fn find(root: &Element, field: &str) -> Option<Element> {
    root.query_selector(&format!(
        "[data-field=\"{}\"]",
        crate::ui::dom::css_escape(field)
    ))
    .ok()
    .flatten()
}

fn val(root: &Element, field: &str) -> String {
    find(root, field).map(|e| value_of(&e)).unwrap_or_default()
}

/// Reads the form back. Fields a step kind hides keep their previous values from `prev`.
pub fn read(root: &Element, prev: &SequenceForm) -> SequenceForm {
    let mut f = prev.clone();
    f.name = val(root, "name");
    for (i, (_, token, _)) in WEEKDAYS.iter().enumerate() {
        f.days[i] = root
            .query_selector(&format!("[data-field=\"window.days\"][value=\"{token}\"]"))
            .ok()
            .flatten()
            .is_some_and(|e| checked(&e));
    }
    f.from = val(root, "window.from");
    let end = find(root, "window.endOfDay").is_some_and(|e| checked(&e));
    f.to = if end {
        "24:00".into()
    } else {
        val(root, "window.to")
    };
    f.time_zone = val(root, "window.timeZone");
    f.holidays = (0..prev.holidays.len())
        .map(|i| val(root, &format!("holidays[{i}]")))
        .collect();
    f.stop_prospect = find(root, "stopOn.anyMailFromProspect").is_some_and(|e| checked(&e));
    f.stop_domain = find(root, "stopOn.anyMailFromDomain").is_some_and(|e| checked(&e));
    f.daily_cap = val(root, "limits.dailyCap");
    f.min_gap_seconds = val(root, "limits.minGapSeconds");
    f.catch_up_grace_hours = val(root, "limits.catchUpGraceHours");
    for (i, s) in f.steps.iter_mut().enumerate() {
        let p = |x: &str| format!("steps[{i}].{x}");
        if let Some(c) = StepChoice::from_token(&val(root, &p("kind"))) {
            s.choice = c;
        }
        s.amount = val(root, &p("delay"));
        if let Some(u) = DelayUnit::from_token(&val(root, &p("unit"))) {
            s.unit = u;
        }
        for (name, slot) in [
            ("subject", &mut s.subject),
            ("body", &mut s.body),
            ("note", &mut s.note),
        ] {
            if let Some(e) = find(root, &p(name)) {
                *slot = value_of(&e);
            }
        }
    }
    f
}

/// Clears every field error and the summary.
pub fn clear_errors(root: &Element) {
    if let Ok(list) = root.query_selector_all("[data-error-for], [aria-invalid]") {
        for n in (0..list.length()).filter_map(|i| list.item(i)) {
            if let Ok(e) = n.dyn_into::<Element>() {
                if e.has_attribute("data-error-for") {
                    e.set_text_content(None);
                    let _ = e.set_attribute("hidden", "");
                } else {
                    let _ = e.remove_attribute("aria-invalid");
                }
            }
        }
    }
    if let Some(s) = root.query_selector("#form-errors").ok().flatten() {
        s.set_text_content(None);
        let _ = s.set_attribute("hidden", "");
    }
}

/// Shows `message` next to the control `field` names (or its nearest enclosing one) and in
/// the alert summary. Returns the control, to focus it.
pub fn show_error(root: &Element, field: Option<&str>, message: &str) -> Option<Element> {
    let candidates = field.map(control_field).unwrap_or_default();
    let named = candidates.iter().find_map(|c| {
        let slot = root
            .query_selector(&format!(
                "[data-error-for=\"{}\"]",
                crate::ui::dom::css_escape(c)
            ))
            .ok()
            .flatten()?;
        Some((c.clone(), slot))
    });
    let mut ctl = None;
    if let Some((c, slot)) = &named {
        slot.set_text_content(Some(message));
        let _ = slot.remove_attribute("hidden");
        ctl = find(root, c);
        if let Some(e) = &ctl {
            let _ = e.set_attribute("aria-invalid", "true");
        }
    }
    if let Some(s) = root.query_selector("#form-errors").ok().flatten() {
        let text = match field {
            Some(f) => format!("{}: {message}", crate::core::view::field_label(f)),
            None => message.to_owned(),
        };
        s.set_text_content(Some(&text));
        let _ = s.remove_attribute("hidden");
    }
    ctl
}
