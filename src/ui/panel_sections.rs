//! The side panel's sections, from the view model. Contract attributes (DESIGN.md) are set
//! here: `data-mailseq-upcoming`, `data-mailseq-enrollment` + `data-status`,
//! `[data-mailseq="due"]` with `datetime`, `[data-mailseq="task-done"]`.
use crate::core::view::{
    Banner, EmptyState, EnrollmentView, Group, TaskItem, UpcomingItem, When, Who,
};
use crate::ui::dom::{button, text_el, El};
use wasm_bindgen::JsValue;
use web_sys::Element;

pub(crate) fn time(w: &When) -> Result<El, JsValue> {
    Ok(El::new("time")?
        .attr("datetime", &w.datetime)
        .text(&w.label))
}

pub(crate) fn who(w: &Who) -> Result<El, JsValue> {
    let mut e = El::new("span")?
        .class("who")
        .child(El::new("strong")?.text(w.display()));
    if !w.name.is_empty() {
        e = e
            .text(" ")
            .child(El::new("span")?.class("email").text(&w.email));
    }
    Ok(e)
}

pub fn banners(list: &[Banner]) -> Result<Vec<Element>, JsValue> {
    list.iter()
        .map(|b| {
            let role = if b.tone == crate::core::view::Tone::Error {
                "alert"
            } else {
                "note"
            };
            Ok(El::new("p")?
                .class(&format!("banner banner-{}", b.tone.as_str()))
                .attr("role", role)
                .attr("data-banner", b.key)
                .text(&b.text)
                .build())
        })
        .collect()
}

pub fn empty(e: &EmptyState) -> Result<Element, JsValue> {
    let mut steps = El::new("ol")?;
    for s in &e.steps {
        steps = steps.child(text_el("li", s)?);
    }
    Ok(El::new("section")?
        .class("empty")
        .attr("aria-labelledby", "h-empty")
        .child(El::new("h2")?.attr("id", "h-empty").text(&e.title))
        .child(steps)
        .child(
            El::new("a")?
                .attr("href", "options.html")
                .attr("target", "_blank")
                .attr("data-key", "open-options")
                .class("button primary")
                .text("Open Options"),
        )
        .build())
}

/// The Upcoming section with at most `limit` items: the days after the last one shown are left
/// out (the first screen shows a part; the full section replaces it one task later).
pub fn upcoming(groups: &[Group], zone: &str, limit: usize) -> Result<Element, JsValue> {
    let mut s = El::new("section")?
        .attr("aria-labelledby", "h-upcoming")
        .child(El::new("h2")?.attr("id", "h-upcoming").text("Upcoming"))
        .child(
            El::new("p")?
                .class("muted")
                .text(&format!("Times in {zone}.")),
        );
    let mut left = limit;
    for g in groups {
        if left == 0 {
            break;
        }
        s = s.child(El::new("h3")?.text(g.day.title()));
        if g.items.is_empty() {
            s = s.child(El::new("p")?.class("muted").text("Nothing scheduled."));
            continue;
        }
        let mut ul = El::new("ul")?.class("plain items");
        for it in g.items.iter().take(left) {
            ul = ul.child(upcoming_item(it)?);
        }
        left = left.saturating_sub(g.items.len());
        s = s.child(ul);
    }
    Ok(s.build())
}

fn upcoming_item(it: &UpcomingItem) -> Result<Element, JsValue> {
    let mut meta = format!(
        "{} · {} · {}",
        it.sequence,
        it.step_label(),
        it.kind.label()
    );
    if it.others > 0 {
        meta.push_str(&format!(" · +{} more", it.others));
    }
    let class = if it.waiting.is_some() {
        "item waiting"
    } else {
        "item"
    };
    Ok(El::new("li")?
        .class(class)
        .attr("data-mailseq-upcoming", it.enrollment.as_str())
        .attr("data-kind", it.kind.as_str())
        .child(
            El::new("div")?
                .class("row")
                .child(who(&it.who)?)
                .child(time(&it.due)?),
        )
        .child(El::new("p")?.class("meta").text(&meta))
        .maybe(match &it.waiting {
            Some(w) => Some(El::new("p")?.class("why").text(w).build()),
            None => None,
        })
        .build())
}

pub fn tasks(list: &[TaskItem]) -> Result<Element, JsValue> {
    let s = El::new("section")?
        .attr("aria-labelledby", "h-tasks")
        .child(El::new("h2")?.attr("id", "h-tasks").text("Tasks due"));
    if list.is_empty() {
        return Ok(s
            .child(El::new("p")?.class("muted").text("No tasks due."))
            .build());
    }
    let mut ul = El::new("ul")?.class("plain items");
    for t in list {
        let step = t.step.index.to_string();
        let label = format!("Done: {} {}", t.kind.label(), t.who.display());
        ul = ul.child(
            El::new("li")?
                .class("item")
                .attr("data-mailseq-task", t.enrollment.as_str())
                .attr("data-step", &step)
                .child(
                    El::new("div")?
                        .class("row")
                        .child(
                            El::new("span")?
                                .child(El::new("strong")?.text(t.kind.label()))
                                .text(" ")
                                .child(who(&t.who)?),
                        )
                        .child(time(&t.due)?),
                )
                .child(El::new("p")?.class("meta").text(&format!(
                    "{} · {}",
                    t.sequence,
                    t.step.label()
                )))
                .maybe(if t.note.is_empty() {
                    None
                } else {
                    Some(El::new("p")?.class("note").text(&t.note).build())
                })
                .child(
                    button("Mark done")?
                        .attr("data-mailseq", "task-done")
                        .attr("data-id", t.enrollment.as_str())
                        .attr("data-step", &step)
                        .attr("aria-label", &label)
                        .attr("data-key", &format!("task:{}:{step}", t.enrollment)),
                ),
        );
    }
    Ok(s.child(ul).build())
}

pub fn enrollments(list: &[EnrollmentView]) -> Result<Element, JsValue> {
    let mut s = El::new("section")?
        .attr("aria-labelledby", "h-enrollments")
        .child(
            El::new("h2")?
                .attr("id", "h-enrollments")
                .text("Enrollments"),
        );
    if list.is_empty() {
        return Ok(s
            .child(El::new("p")?.class("muted").text("No one is enrolled yet."))
            .build());
    }
    let mut ul = El::new("ul")?.class("plain items");
    for e in list {
        ul = ul.child(crate::ui::enrollment_item::render(e)?);
    }
    s = s.child(ul);
    Ok(s.build())
}
