//! The editor's DOM read back into a `SequenceForm`, and field errors shown in place.
use crate::core::view::{
    control_field, DelayUnit, SequenceForm, StepChoice, VariantForm, WEEKDAYS,
};
use crate::ui::dom::{checked, value_of};
use wasm_bindgen::prelude::*;
use web_sys::Element;

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

/// Versions B, C… of the email at `at`, as many as `prev` has; a subject field that is not
/// shown (a same-thread email) keeps its previous value.
fn variants(root: &Element, at: &str, prev: &[VariantForm]) -> Vec<VariantForm> {
    prev.iter()
        .enumerate()
        .map(|(j, v)| {
            let p = |f: &str| format!("{at}.variants[{j}].{f}");
            VariantForm {
                subject: find(root, &p("subject"))
                    .map_or_else(|| v.subject.clone(), |e| value_of(&e)),
                body: find(root, &p("body")).map_or_else(|| v.body.clone(), |e| value_of(&e)),
            }
        })
        .collect()
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
    f.first.subject = val(root, "firstEmail.subject");
    f.first.body = val(root, "firstEmail.body");
    f.first.variants = variants(root, "firstEmail", &prev.first.variants);
    f.footer.enabled = find(root, "footer.enabled").is_some_and(|e| checked(&e));
    f.footer.text = val(root, "footer.text");
    f.footer.set_language(&val(root, "footer.language"));
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
        s.variants = variants(root, &format!("steps[{i}]"), &s.variants);
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
