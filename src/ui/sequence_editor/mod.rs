//! The sequence editor: `SequenceForm` to DOM (`render`, `step`) and back (`read`), and field
//! errors shown next to the control their JSON path names (`steps[1].delay` → step 2's wait).
//! Save sits above the live preview: a preview update on blur must not move the button
//! between mousedown and mouseup.
mod craft;
mod read;
mod step;
mod warnings;

pub use read::{clear_errors, read, show_error};
pub use warnings::show_warnings;

use crate::core::view::{SequenceForm, WEEKDAYS};
use crate::ui::dom::{button, El};
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

pub(super) fn control(tag: &str, field: &str) -> Result<El, JsValue> {
    let id = field_id(field);
    Ok(El::new(tag)?
        .attr("id", &id)
        .attr("data-field", field)
        .attr("data-key", &id)
        .attr("aria-describedby", &format!("err-{id} warn-{id}")))
}

pub(super) fn input(kind: &str, field: &str, value: &str) -> Result<El, JsValue> {
    Ok(control("input", field)?
        .attr("type", kind)
        .attr("value", value))
}

pub(super) fn error_slot(field: &str) -> Result<Element, JsValue> {
    Ok(El::new("p")?
        .class("field-error")
        .attr("id", &format!("err-{}", field_id(field)))
        .attr("data-error-for", field)
        .attr("hidden", "")
        .build())
}

/// Where best-practice warnings about `field` appear (`show_warnings` fills it).
pub(super) fn warning_slot(field: &str) -> Result<Element, JsValue> {
    Ok(El::new("div")?
        .class("field-warning")
        .attr("id", &format!("warn-{}", field_id(field)))
        .attr("data-warning-for", field)
        .attr("hidden", "")
        .build())
}

/// A labelled control with its error and warning slots (and an optional hint, read by
/// screen readers).
pub(super) fn field(
    label: &str,
    ctl: El,
    name: &str,
    hint: Option<&str>,
) -> Result<Element, JsValue> {
    let id = field_id(name);
    let mut ctl = ctl;
    let mut f = El::new("div")?
        .class("field")
        .child(El::new("label")?.attr("for", &id).text(label));
    if let Some(h) = hint {
        ctl = ctl.attr("aria-describedby", &format!("err-{id} warn-{id} hint-{id}"));
        f = f.child(ctl).child(
            El::new("p")?
                .class("hint")
                .attr("id", &format!("hint-{id}"))
                .text(h),
        );
    } else {
        f = f.child(ctl);
    }
    Ok(f.child(error_slot(name)?)
        .child(warning_slot(name)?)
        .build())
}

pub(super) fn select(name: &str, options: &[(&str, &str)], selected: &str) -> Result<El, JsValue> {
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

pub(super) fn check(name: &str, value: &str, label: &str, on: bool) -> Result<Element, JsValue> {
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

/// The editor; `address` is the postal address from the settings, shown in the footer part.
pub fn render(
    form: &SequenceForm,
    zones: &[String],
    editing: bool,
    address: &str,
) -> Result<Element, JsValue> {
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
        steps = steps.child(step::render(i, s, form.steps.len())?);
    }
    let steps = El::new("fieldset")?
        .child(El::new("legend")?.text("Follow-up steps (after the email you send)"))
        .child(error_slot("steps")?)
        .child(warning_slot("steps")?)
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
        .child(
            El::new("div")?
                .attr("id", "form-warnings")
                .attr("role", "status")
                .attr("aria-live", "polite")
                .class("warning-summary")
                .attr("hidden", ""),
        )
        .child(window)
        .child(holidays)
        .child(stop)
        .child(limits)
        .child(craft::first_email(&form.first)?)
        .child(steps)
        .child(craft::footer(&form.footer, address)?)
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
        .build())
}
