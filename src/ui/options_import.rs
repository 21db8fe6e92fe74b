//! The options page's "Prospects" section: pick a sequence and a CSV file; the file is read in
//! pieces into an import session (`options_import_run`), then a preview lists the counts and
//! each row's problem, and the user picks the mailbox and sender address and enrolls the good
//! rows. Nothing is stored before "Enroll"; Cancel drops the session.
use crate::core::craft::csv_import::{GoodRows, Preview};
use crate::core::ids::SequenceId;
use crate::core::view;
use crate::ui::dom::{self, button, value_of, El};
use crate::ui::options::Options;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// An import read to the end: what "Enroll" sends.
pub struct Ready {
    pub sequence: SequenceId,
    pub rows: Rc<GoodRows>,
    pub preview: Preview,
}

/// The import in progress. `generation` moves on at every new read, Cancel and enroll, so a
/// loop that finds it changed stops.
#[derive(Default)]
pub struct ImportRun {
    pub generation: u32,
    pub ready: Option<Ready>,
}

/// Problems listed in the page; the counts cover them all.
pub const SHOWN_PROBLEMS: usize = 100;

fn labelled(label: &str, ctl: El, id: &str, hint: Option<&str>) -> Result<Element, JsValue> {
    let mut f = El::new("div")?
        .class("field")
        .child(El::new("label")?.attr("for", id).text(label))
        .child(ctl);
    if let Some(h) = hint {
        f = f.child(
            El::new("p")?
                .class("hint")
                .attr("id", &format!("hint-{id}"))
                .text(h),
        );
    }
    Ok(f.build())
}

fn ctl(tag: &str, id: &str) -> Result<El, JsValue> {
    Ok(El::new(tag)?
        .attr("id", id)
        .attr("data-key", id)
        .attr("data-field", id)
        .attr("aria-describedby", &format!("hint-{id}")))
}

pub fn section() -> Result<Element, JsValue> {
    Ok(El::new("section")?
        .attr("id", "prospects")
        .attr("aria-labelledby", "h-prospects")
        .child(El::new("h2")?.attr("id", "h-prospects").text("Prospects: import a CSV and enroll"))
        .child(El::new("p")?.text("Each good row becomes an enrollment: mailseq sends the sequence’s first email to it in a new thread, paced by the daily cap and the gap, then the steps follow. Nothing is stored until you enroll."))
        .child(labelled("Sequence", ctl("select", "prospects.sequence")?, "prospects.sequence", Some("Only a sequence with a first email can take imported prospects."))?)
        .child(labelled("CSV file", ctl("input", "prospects.csv")?.attr("type", "file").attr("accept", ".csv,.txt,text/csv"), "prospects.csv", Some("A header row, then one prospect per row. Columns: email (required), first name, last name, company, title, tier, time zone, and any others, usable as {{column_name}}. Comma, semicolon or tab separated."))?)
        .child(
            El::new("div")?
                .class("inline import-run")
                .child(
                    El::new("progress")?
                        .attr("id", "import-progress")
                        .attr("max", "100")
                        .attr("value", "0")
                        .attr("aria-label", "Import progress")
                        .attr("hidden", ""),
                )
                .child(
                    button("Cancel")?
                        .attr("data-action", "import-cancel")
                        .attr("data-key", "import-cancel")
                        .attr("hidden", ""),
                ),
        )
        .child(
            El::new("p")?
                .attr("id", "import-status")
                .attr("role", "status")
                .attr("aria-live", "polite"),
        )
        .child(El::new("div")?.attr("id", "import-preview"))
        .build())
}

fn find(p: &Options, sel: &str) -> Option<Element> {
    p.settings
        .owner_document()
        .and_then(|d| d.query_selector(sel).ok().flatten())
}

pub(crate) fn by_id(p: &Options, id: &str) -> Option<Element> {
    find(p, &format!("[id=\"{}\"]", dom::css_escape(id)))
}

/// Rebuilds the sequence choices (sequences come and go under the page), keeping the choice.
pub fn refresh(p: &Rc<Options>) {
    let Some(select) = by_id(p, "prospects.sequence") else {
        return;
    };
    let chosen = value_of(&select);
    let targets = view::import_targets(&p.store.borrow().state());
    let mut opts = Vec::new();
    let first_ok = targets
        .iter()
        .find(|t| t.blocked.is_none())
        .map(|t| t.id.clone());
    let selected = if targets
        .iter()
        .any(|t| t.id.as_str() == chosen && t.blocked.is_none())
    {
        Some(SequenceId(chosen))
    } else {
        first_ok
    };
    if targets.is_empty() {
        if let Ok(o) = El::new("option") {
            opts.push(
                o.attr("value", "")
                    .text("No sequences yet: create one above")
                    .build(),
            );
        }
    }
    for t in &targets {
        let label = match (&t.blocked, t.paused) {
            (Some(why), _) => format!("{} — cannot take prospects: {why}", t.name),
            (None, true) => format!("{} (paused: prospects wait until you resume it)", t.name),
            (None, false) => t.name.clone(),
        };
        if let Ok(o) = El::new("option") {
            opts.push(
                o.attr("value", t.id.as_str())
                    .flag("disabled", t.blocked.is_some())
                    .flag("selected", selected.as_ref() == Some(&t.id))
                    .text(&label)
                    .build(),
            );
        }
    }
    dom::replace_children(&select, &opts);
}

/// Shows or hides the progress bar and Cancel; `percent` None hides them.
pub(crate) fn progress(p: &Options, percent: Option<f64>) {
    if let (Some(bar), Some(cancel)) = (
        by_id(p, "import-progress"),
        find(p, "[data-action=\"import-cancel\"]"),
    ) {
        match percent {
            Some(v) => {
                let _ = bar.set_attribute("value", &format!("{:.0}", v.clamp(0.0, 100.0)));
                let _ = bar.remove_attribute("hidden");
                let _ = cancel.remove_attribute("hidden");
            }
            None => {
                let _ = bar.set_attribute("hidden", "");
                let _ = cancel.set_attribute("hidden", "");
            }
        }
    }
}

pub(crate) fn status(p: &Options, text: &str) {
    if let Some(s) = by_id(p, "import-status") {
        s.set_text_content(Some(text));
    }
}
