//! Best-practice warnings in the editor: each next to the control its path names (or the
//! nearest enclosing part that has a slot), with why and how to fix, plus a count at the top.
//! They never block Save.
use crate::core::view::{control_field, WarningView};
use crate::ui::dom::{css_escape, El};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use web_sys::Element;

fn slot(root: &Element, field: &str) -> Option<Element> {
    control_field(field).iter().find_map(|c| {
        root.query_selector(&format!("[data-warning-for=\"{}\"]", css_escape(c)))
            .ok()
            .flatten()
    })
}

fn sentence(s: &str) -> String {
    let t = s.trim_end();
    if t.ends_with(['.', '!', '?']) {
        t.to_owned()
    } else {
        format!("{t}.")
    }
}

fn note(w: &WarningView) -> Result<Element, JsValue> {
    Ok(El::new("p")?
        .class("warning")
        .attr("data-warning", w.code)
        .child(El::new("strong")?.text(&sentence(&w.message)))
        .text(" ")
        .child(
            El::new("span")?
                .class("fix")
                .text(&format!("How to fix: {}", sentence(&w.fix))),
        )
        .build())
}

/// Puts `list` in place. Unchanged warnings leave the DOM alone: a blur that re-checks must
/// not move the Save button between mousedown and mouseup.
pub fn show_warnings(root: &Element, list: &[WarningView]) {
    let Some(summary) = root.query_selector("#form-warnings").ok().flatten() else {
        return;
    };
    let key: String = list
        .iter()
        .map(|w| format!("{}|{}|{}\n", w.code, w.field, w.message))
        .collect();
    if summary.get_attribute("data-shown").as_deref() == Some(key.as_str()) {
        return;
    }
    let _ = summary.set_attribute("data-shown", &key);
    if let Ok(all) = root.query_selector_all("[data-warning-for]") {
        for n in (0..all.length()).filter_map(|i| all.item(i)) {
            if let Ok(e) = n.dyn_into::<Element>() {
                e.set_text_content(None);
                let _ = e.set_attribute("hidden", "");
            }
        }
    }
    let mut placed: BTreeMap<usize, Vec<&WarningView>> = BTreeMap::new();
    let mut slots: Vec<Element> = Vec::new();
    for w in list {
        let Some(s) = slot(root, &w.field) else {
            continue;
        };
        let i = match slots.iter().position(|x| x == &s) {
            Some(i) => i,
            None => {
                slots.push(s);
                slots.len() - 1
            }
        };
        placed.entry(i).or_default().push(w);
    }
    for (i, ws) in placed {
        let s = &slots[i];
        for w in ws {
            if let Ok(n) = note(w) {
                let _ = s.append_child(&n);
            }
        }
        let _ = s.remove_attribute("hidden");
    }
    if list.is_empty() {
        summary.set_text_content(None);
        let _ = summary.set_attribute("hidden", "");
        return;
    }
    let n = list.len();
    summary.set_text_content(Some(&format!(
        "{n} suggestion{} from sales playbooks, shown next to the fields they concern. They are advice: the sequence saves and runs as it is.",
        if n == 1 { "" } else { "s" }
    )));
    let _ = summary.remove_attribute("hidden");
}
