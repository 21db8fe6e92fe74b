//! Per-step stats, one table per sequence.
use crate::core::view::SequenceStats;
use crate::ui::dom::{text_el, El};
use wasm_bindgen::JsValue;
use web_sys::Element;

pub fn section(stats: &[SequenceStats]) -> Result<Element, JsValue> {
    let mut s = El::new("section")?
        .attr("aria-labelledby", "h-stats")
        .child(
            El::new("h2")?
                .attr("id", "h-stats")
                .text("Sequences and per-step stats"),
        );
    if stats.is_empty() {
        s = s.child(
            El::new("p")?
                .class("muted")
                .text("No sequences yet. Create one in Options."),
        );
    }
    for st in stats {
        s = s.child(sequence(st)?);
    }
    Ok(s.build())
}

fn sequence(st: &SequenceStats) -> Result<Element, JsValue> {
    let state = match st.state {
        crate::core::sequence::SequenceState::Active => "active",
        crate::core::sequence::SequenceState::Paused => "paused",
        crate::core::sequence::SequenceState::Archived => "archived",
    };
    let head = El::new("h3")?.text(&st.name).text(" ").child(
        El::new("span")?
            .class(&format!("badge state-{state}"))
            .text(state),
    );
    let summary = format!(
        "{} enrolled · {} running · {} replied before the first follow-up",
        st.enrolled, st.active, st.replied_before_followups
    );
    let mut body = El::new("tbody")?;
    for row in &st.steps {
        let sent = if row.kind == crate::core::view::Kind::Email {
            row.sent.to_string()
        } else {
            format!("{} due, {} done", row.sent, row.done)
        };
        body = body.child(
            El::new("tr")?
                .child(El::new("th")?.attr("scope", "row").text(&format!(
                    "{} · {}",
                    row.step.index + 1,
                    row.kind.label()
                )))
                .child(text_el("td", &sent)?)
                .child(text_el("td", &row.replied.to_string())?)
                .child(text_el("td", &row.reply_rate_label())?)
                .child(text_el("td", &row.bounced.to_string())?)
                .child(text_el("td", &row.unsubscribed.to_string())?),
        );
    }
    let mut head_row = El::new("tr")?;
    for h in [
        "Step",
        "Sent",
        "Replied",
        "Reply rate",
        "Bounced",
        "Opted out",
    ] {
        head_row = head_row.child(El::new("th")?.attr("scope", "col").text(h));
    }
    let table = El::new("table")?
        .class("stats")
        .child(
            El::new("caption")?
                .class("sr-only")
                .text(&format!("Per-step stats of {}", st.name)),
        )
        .child(El::new("thead")?.child(head_row))
        .child(body);
    Ok(El::new("div")?
        .class("sequence-stats")
        .attr("data-mailseq-sequence", st.id.as_str())
        .child(head)
        .child(El::new("p")?.class("muted").text(&summary))
        .child(table)
        .build())
}
