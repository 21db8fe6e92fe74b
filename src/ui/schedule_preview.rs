//! The schedule preview: the exact times each step would fall due if someone were enrolled
//! now, shown in the user's zone (and in the sequence's zone when that differs).
use crate::core::view::PreviewLine;
use crate::ui::dom::{text_el, El};
use wasm_bindgen::JsValue;
use web_sys::Element;

pub fn render(lines: &[PreviewLine], zone: &str) -> Result<Vec<Element>, JsValue> {
    let intro = text_el(
        "p",
        &format!("If you enrolled someone now, the steps would fall due at these times ({zone}). Each follow-up also waits for the daily cap and pacing, and may go up to a few minutes later."),
    )?;
    let mut ol = El::new("ol")?.class("preview");
    for l in lines {
        let mut li = El::new("li")?
            .attr("data-step", &l.step.index.to_string())
            .child(El::new("strong")?.text(&format!(
                "Step {} · {}",
                l.step.index + 1,
                l.kind_words
            )))
            .text(" — ")
            .child(
                El::new("time")?
                    .attr("datetime", &l.due.datetime)
                    .text(&l.due.label),
            );
        if let Some(local) = &l.window_local {
            li = li.text(&format!(" ({local})"));
        }
        ol = ol.child(
            li.child(
                El::new("span")?
                    .class("muted")
                    .text(&format!(" · {}", l.delay)),
            ),
        );
    }
    Ok(vec![intro, ol.build()])
}

/// What the preview says while the form cannot be turned into a sequence yet.
pub fn incomplete(reason: &str) -> Result<Vec<Element>, JsValue> {
    Ok(vec![El::new("p")?
        .class("muted")
        .text(&format!(
            "The preview appears once the form is complete ({reason})."
        ))
        .build()])
}
