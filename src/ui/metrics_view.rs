//! The options page's Metrics: per sequence, its first email, each step and each A/B version,
//! with sent, reply, meeting, unsubscribe and bounce rates next to the playbook benchmarks,
//! weak ones marked, and the replies-per-step chart.
use crate::core::stats::BENCHMARKS;
use crate::core::view::{
    range_words, Kind, Rate, Rates, SequenceStats, VersionStats, OPENS_AND_CLICKS,
};
use crate::ui::chart;
use crate::ui::dom::{text_el, El};
use wasm_bindgen::JsValue;
use web_sys::Element;

/// "8% · within 5–15%": the rate, then how it stands, in one cell.
pub fn rate_cell(r: &Rate, min_sends: u32) -> Result<Element, JsValue> {
    let tone = match r.good {
        Some(true) => "rate good",
        Some(false) => "rate bad",
        None => "rate",
    };
    let verdict = r.verdict(min_sends);
    let mut td = El::new("td")?
        .class(tone)
        .attr("data-standing", r.standing.as_str())
        .child(El::new("span")?.class("value").text(&r.label));
    if r.value.is_some() {
        td = td.child(
            El::new("span")?
                .class("count")
                .text(&format!(" ({})", r.count)),
        );
    }
    if !verdict.is_empty() && r.value.is_some() {
        td = td.child(El::new("span")?.class("verdict").text(&verdict));
    }
    Ok(td.build())
}

fn row(head: &str, rates: &Rates, min: u32, weak: bool, class: &str) -> Result<Element, JsValue> {
    let mut th = El::new("th")?.attr("scope", "row").text(head);
    if weak {
        th = th.text(" ").child(
            El::new("span")?
                .class("badge weak")
                .attr("data-weak", "")
                .text("weak"),
        );
    }
    let class = if weak {
        format!("{class} weak")
    } else {
        class.to_owned()
    };
    Ok(El::new("tr")?
        .class(&class)
        .child(th)
        .child(text_el("td", &rates.sent.to_string())?)
        .child(rate_cell(&rates.reply, min)?)
        .child(rate_cell(&rates.meeting, min)?)
        .child(rate_cell(&rates.unsubscribe, min)?)
        .child(rate_cell(&rates.bounce, min)?)
        .build())
}

fn versions(label: &str, vs: &[VersionStats], min: u32) -> Result<Vec<Element>, JsValue> {
    if vs.len() < 2 {
        return Ok(Vec::new());
    }
    vs.iter()
        .map(|v| {
            row(
                &format!("{label}, version {}", v.label),
                &v.rates,
                min,
                v.weak,
                "version",
            )
        })
        .collect()
}

/// The benchmarks and what "weak" means, said once above the tables.
pub fn legend() -> Result<Element, JsValue> {
    let b = &BENCHMARKS;
    Ok(El::new("div")?
        .class("legend")
        .child(El::new("p")?.attr("id", "benchmarks").text(&format!(
            "Playbook benchmarks: reply rate {}, meeting rate {}, unsubscribe rate {}.",
            range_words(&b.reply_rate),
            range_words(&b.meeting_rate),
            range_words(&b.unsubscribe_rate)
        )))
        .child(El::new("p")?.attr("id", "weak-rule").text(&format!(
            "A step or version is marked weak when its reply rate is clearly below the best one’s (95% confidence). Each needs at least {} sends to judge; below that a few replies either way swing the rate.",
            b.weak_min_sends
        )))
        .child(El::new("p")?.class("hint").attr("data-mailseq-note", "opens-clicks").text(OPENS_AND_CLICKS))
        .build())
}

pub fn sequence(st: &SequenceStats) -> Result<Element, JsValue> {
    let min = st.min_sends;
    let o = &st.overall;
    let summary = format!(
        "{} enrolled · {} running · reply rate {} ({}) · meeting rate {} ({}) · unsubscribe rate {} ({}) · bounce rate {}",
        st.enrolled,
        st.active,
        o.reply.label,
        o.reply.verdict(min),
        o.meeting.label,
        o.meeting.verdict(min),
        o.unsubscribe.label,
        o.unsubscribe.verdict(min),
        o.bounce.label
    );
    let mut head = El::new("tr")?;
    for h in [
        "Email",
        "Sent",
        "Reply rate",
        "Meeting rate",
        "Unsubscribe rate",
        "Bounce rate",
    ] {
        head = head.child(El::new("th")?.attr("scope", "col").text(h));
    }
    let mut body = El::new("tbody")?;
    if let Some(f) = &st.first_email {
        body = body
            .child(row("First email", &f.rates, min, false, "step")?)
            .children(versions("First email", &f.versions, min)?);
    }
    for s in &st.steps {
        let label = format!("Step {} · {}", s.step.index + 1, s.kind.label());
        if s.kind == Kind::Email {
            body = body
                .child(row(&label, &s.rates, min, s.weak, "step")?)
                .children(versions(
                    &format!("Step {}", s.step.index + 1),
                    &s.versions,
                    min,
                )?);
        } else {
            body = body.child(
                El::new("tr")?
                    .class("task")
                    .child(El::new("th")?.attr("scope", "row").text(&label))
                    .child(
                        El::new("td")?
                            .attr("colspan", "5")
                            .text(&format!("{} due, {} done (tasks send nothing; replies are credited to the email before)", s.sent, s.done)),
                    ),
            );
        }
    }
    let table = El::new("table")?
        .class("stats metrics")
        .child(
            El::new("caption")?
                .class("sr-only")
                .text(&format!("Metrics of {}", st.name)),
        )
        .child(El::new("thead")?.child(head))
        .child(body);
    let mut out = El::new("article")?
        .class("sequence-metrics")
        .attr("data-mailseq-metrics", st.id.as_str())
        .child(El::new("h3")?.text(&st.name))
        .child(El::new("p")?.class("meta").text(&summary))
        .child(El::new("div")?.class("table-wrap").child(table));
    if st.chart.iter().any(|b| b.sent > 0) {
        out = out
            .child(El::new("h4")?.text("Replies per step"))
            .child(chart::replies_per_step(
                &st.chart,
                &format!("Replies per step of {}", st.name),
            )?);
    }
    Ok(out.build())
}

pub fn section(stats: &[SequenceStats]) -> Result<Vec<Element>, JsValue> {
    let mut out = vec![legend()?];
    if stats.is_empty() {
        out.push(
            El::new("p")?
                .class("muted")
                .text("No sequences yet: metrics appear once people are enrolled.")
                .build(),
        );
    }
    for st in stats {
        out.push(sequence(st)?);
    }
    Ok(out)
}
