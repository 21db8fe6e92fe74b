//! One enrollment in the side panel: the contract's `data-mailseq-enrollment` element with
//! `data-status`, its next due `<time data-mailseq="due">`, actions, and the expandable history
//! with the thread's inbound messages (which the user can re-mark).
use crate::core::view::{
    action_key, action_label, class_key, class_words, EnrollmentView, MessageView, Who,
};
use crate::ui::dom::{button, text_el, El};
use crate::ui::panel_sections::{time, who};
use wasm_bindgen::JsValue;
use web_sys::Element;

pub fn render(e: &EnrollmentView) -> Result<Element, JsValue> {
    let status = e.status.as_str();
    let mut people = El::new("div")?.class("row");
    let first = e.recipients.first().cloned().unwrap_or(Who {
        name: String::new(),
        email: String::new(),
    });
    people = people.child(who(&first)?).child(
        El::new("span")?
            .class(&format!("badge status-{status}"))
            .text(status),
    );
    let mut next = El::new("p")?
        .class("meta")
        .text(&format!("{} · {}", e.sequence, e.progress));
    if let Some(due) = &e.next_due {
        let kind = e
            .next_kind
            .map(|k| format!(" ({})", k.label()))
            .unwrap_or_default();
        next = next
            .text(" · next ")
            .child(time(due)?.attr("data-mailseq", "due"))
            .text(&kind);
    }
    let mut actions = El::new("div")?.class("actions");
    for a in &e.actions {
        let key = action_key(*a);
        actions = actions.child(
            button(action_label(*a))?
                .attr("data-action", "enrollment")
                .attr("data-op", key)
                .attr("data-id", e.id.as_str())
                .attr("data-key", &format!("enr:{}:{key}", e.id))
                .attr(
                    "aria-label",
                    &format!("{}: {}", action_label(*a), first.display()),
                ),
        );
    }
    let mut hist = El::new("ol")?.class("history");
    for h in e.history.iter().rev() {
        hist = hist.child(
            El::new("li")?
                .attr("data-event", h.event)
                .child(time(&h.when)?)
                .text(" ")
                .text(&h.text),
        );
    }
    let others: Vec<String> = e
        .recipients
        .iter()
        .skip(1)
        .map(|w| w.email.clone())
        .collect();
    Ok(El::new("li")?
        .class("item enrollment")
        .attr("data-mailseq-enrollment", e.id.as_str())
        .attr("data-status", status)
        .attr("data-version", e.version.as_deref().unwrap_or(""))
        .child(people)
        .maybe(if others.is_empty() {
            None
        } else {
            Some(text_el("p", &format!("Also: {}", others.join(", ")))?)
        })
        .child(next)
        .child(El::new("p")?.class("sentence").text(&e.sentence))
        .maybe(if e.actions.is_empty() {
            None
        } else {
            Some(actions.build())
        })
        .child(
            El::new("details")?
                .attr("data-key", &format!("hist:{}", e.id))
                .child(
                    El::new("summary")?
                        .attr("data-key", &format!("hist-summary:{}", e.id))
                        .text(&format!("History ({})", e.history.len())),
                )
                .child(hist)
                .maybe(messages(e)?),
        )
        .build())
}

fn messages(e: &EnrollmentView) -> Result<Option<Element>, JsValue> {
    if e.messages.is_empty() {
        return Ok(None);
    }
    let mut ul = El::new("ul")?.class("plain messages");
    for m in &e.messages {
        ul = ul.child(message(e, m)?);
    }
    Ok(Some(
        El::new("div")?
            .child(text_el("h4", "Messages from them")?)
            .child(ul)
            .build(),
    ))
}

fn message(e: &EnrollmentView, m: &MessageView) -> Result<Element, JsValue> {
    let mut actions = El::new("div")?.class("actions");
    for c in &m.remark_as {
        let key = class_key(*c);
        actions = actions.child(
            button(&format!("Mark as {}", class_words(*c)))?
                .attr("data-action", "remark")
                .attr("data-id", e.id.as_str())
                .attr("data-message", &m.message_id)
                .attr("data-class", key)
                .attr(
                    "data-key",
                    &format!("remark:{}:{}:{key}", e.id, m.message_id),
                ),
        );
    }
    Ok(El::new("li")?
        .child(El::new("p")?.text(&format!(
            "From {}: read as {}.",
            m.from,
            class_words(m.class)
        )))
        .child(actions)
        .build())
}
