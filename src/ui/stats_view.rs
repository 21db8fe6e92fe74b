//! The side panel's metrics, compact: per sequence, a row per step (and per A/B version) with
//! sent and the four rates, weak ones marked, and the replies-per-step chart. How each rate
//! stands against its benchmark is in the cell's title and in the full Metrics in Options.
use crate::core::view::{Kind, Rate, Rates, SequenceStats, VersionStats, OPENS_AND_CLICKS};
use crate::ui::chart;
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
    if let Some(min) = stats.first().map(|s| s.min_sends) {
        s = s.child(El::new("p")?.class("hint").text(&format!(
            "Benchmarks: reply 5–15%, meeting 1–3%, unsubscribe under 1%. “Weak” means clearly fewer replies than the best step or version; each needs at least {min} sends to judge."
        )));
    }
    Ok(s.child(
        El::new("p")?
            .class("hint")
            .attr("data-mailseq-note", "opens-clicks")
            .text(OPENS_AND_CLICKS),
    )
    .child(
        El::new("a")?
            .attr("href", "options.html#metrics")
            .attr("target", "_blank")
            .attr("data-key", "open-metrics")
            .text("All metrics, by version and against the benchmarks, in Options"),
    )
    .build())
}

fn cell(r: &Rate, min: u32) -> Result<Element, JsValue> {
    let class = match r.good {
        Some(true) => "rate good",
        Some(false) => "rate bad",
        None => "rate",
    };
    let verdict = r.verdict(min);
    Ok(El::new("td")?
        .class(class)
        .attr("data-standing", r.standing.as_str())
        .attr("title", &verdict)
        .text(&r.label)
        .build())
}

fn rates_row(head: El, rates: &Rates, min: u32, weak: bool) -> Result<Element, JsValue> {
    let head = if weak {
        head.text(" ").child(
            El::new("span")?
                .class("badge weak")
                .attr("data-weak", "")
                .text("weak"),
        )
    } else {
        head
    };
    Ok(El::new("tr")?
        .class(if weak { "weak" } else { "" })
        .child(head)
        .child(text_el("td", &rates.sent.to_string())?)
        .child(cell(&rates.reply, min)?)
        .child(cell(&rates.meeting, min)?)
        .child(cell(&rates.unsubscribe, min)?)
        .child(cell(&rates.bounce, min)?)
        .build())
}

fn version_rows(vs: &[VersionStats], min: u32) -> Result<Vec<Element>, JsValue> {
    if vs.len() < 2 {
        return Ok(Vec::new());
    }
    vs.iter()
        .map(|v| {
            let head = El::new("th")?
                .attr("scope", "row")
                .class("version")
                .text(&format!("version {}", v.label));
            rates_row(head, &v.rates, min, v.weak)
        })
        .collect()
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
    let min = st.min_sends;
    let summary = format!(
        "{} enrolled · {} running · {} replied before the first follow-up · reply rate {} · meetings {}",
        st.enrolled, st.active, st.replied_before_followups, st.overall.reply.label, st.overall.meeting.count
    );
    let mut body = El::new("tbody")?;
    if let Some(f) = &st.first_email {
        let th = El::new("th")?.attr("scope", "row").text("First email");
        body = body
            .child(rates_row(th, &f.rates, min, false)?)
            .children(version_rows(&f.versions, min)?);
    }
    for row in &st.steps {
        let th = El::new("th")?.attr("scope", "row").text(&format!(
            "{} · {}",
            row.step.index + 1,
            row.kind.label()
        ));
        if row.kind == Kind::Email {
            body = body
                .child(rates_row(th, &row.rates, min, row.weak)?)
                .children(version_rows(&row.versions, min)?);
        } else {
            body = body.child(
                El::new("tr")?.child(th).child(
                    El::new("td")?
                        .attr("colspan", "5")
                        .text(&format!("{} due, {} done", row.sent, row.done)),
                ),
            );
        }
    }
    let mut head_row = El::new("tr")?;
    for (h, title) in [
        ("Step", ""),
        ("Sent", ""),
        ("Reply", "Reply rate (benchmark 5–15%)"),
        ("Meet", "Meeting rate (benchmark 1–3%)"),
        ("Unsub", "Unsubscribe rate (benchmark under 1%)"),
        ("Bounce", "Bounce rate"),
    ] {
        let mut th = El::new("th")?.attr("scope", "col").text(h);
        if !title.is_empty() {
            th = th.attr("title", title).attr("aria-label", title);
        }
        head_row = head_row.child(th);
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
    let mut out = El::new("div")?
        .class("sequence-stats")
        .attr("data-mailseq-sequence", st.id.as_str())
        .child(head)
        .child(El::new("p")?.class("muted").text(&summary))
        .child(table);
    if st.chart.iter().any(|b| b.sent > 0) {
        out = out.child(chart::replies_per_step(
            &st.chart,
            &format!("Replies per step of {}", st.name),
        )?);
    }
    Ok(out.build())
}
