//! The import's two long runs, both cancellable and both yielding to the page between pieces:
//! reading the CSV into an `ImportSession`, and enrolling the good rows in chunks of at most
//! `MAX_CHUNK` (each chunk is one request, enrolled whole or not at all).
use crate::core::craft::csv_import::{ImportError, ImportSession};
use crate::core::ids::SequenceId;
use crate::core::message::{Request, Response};
use crate::core::service::MAX_CHUNK;
use crate::core::view;
use crate::ui::bridge;
use crate::ui::dom::{self, text_el, value_of, El};
use crate::ui::file_chunks::{self, Stop};
use crate::ui::options::Options;
use crate::ui::options_import::{by_id, progress, status, Ready};
use crate::ui::options_import_preview as preview;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlInputElement};

/// Refusals listed in the page after an enrollment; the count covers them all.
const SHOWN_REFUSALS: usize = 200;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn on_change(p: &Rc<Options>, field: &str) {
    match field {
        "prospects.csv" => start(p),
        // The checks depend on the sequence (its variables, who is already in it): read again.
        "prospects.sequence" => start(p),
        "prospects.account" => preview::on_account(p),
        _ => {}
    }
}

/// Starts a new read of the chosen file; any read or enrollment under way stops.
pub fn start(p: &Rc<Options>) {
    let generation = {
        let mut run = p.import.borrow_mut();
        run.generation += 1;
        run.ready = None;
        run.generation
    };
    preview::render(p);
    let file = by_id(p, "prospects.csv")
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|f| f.get(0));
    let Some(file) = file else {
        progress(p, None);
        return status(p, "");
    };
    let seq_id = by_id(p, "prospects.sequence").map(|e| SequenceId(value_of(&e)));
    let state = p.store.borrow().state();
    let Some(seq) = seq_id.and_then(|id| state.sequences.get(&id).cloned()) else {
        return status(
            p,
            "Choose a sequence first; the rows are checked against it.",
        );
    };
    if seq.spec.first_email.is_none() {
        return status(
            p,
            &format!(
                "“{}” has no first email: edit it and write one, then choose the file again.",
                seq.spec.name
            ),
        );
    }
    let known = view::known(&state, &seq.id);
    drop(state);
    let me = Rc::downgrade(p);
    let total = file.size();
    let t0 = now_ms();
    progress(p, Some(0.0));
    status(p, "Reading the file…");
    spawn_local(async move {
        let mut session = ImportSession::new(&seq.spec, known);
        let current = || {
            me.upgrade()
                .is_some_and(|p| p.import.borrow().generation == generation)
        };
        let read = file_chunks::read(&file, current, |bytes, done| -> Result<(), ImportError> {
            let prog = session.feed(bytes)?;
            if let Some(p) = me.upgrade() {
                let pct = if total > 0.0 {
                    done / total * 100.0
                } else {
                    100.0
                };
                progress(&p, Some(pct));
                status(
                    &p,
                    &format!("Reading… {pct:.0}% ({} rows)", thousands(prog.rows)),
                );
            }
            Ok(())
        })
        .await;
        let Some(p) = me.upgrade() else { return };
        if p.import.borrow().generation != generation {
            return;
        }
        progress(&p, None);
        let finished = match read {
            Ok(()) => session.finish().map_err(|e| e.to_string()),
            Err(Stop::Cancelled) => return,
            Err(Stop::Read(e)) => Err(format!("The file could not be read: {e}")),
            Err(Stop::Handler(e)) => Err(e.to_string()),
        };
        let secs = (now_ms() - t0) / 1000.0;
        match finished {
            Ok(imported) => {
                let rows = imported.preview.rows;
                *p.import_columns.borrow_mut() = imported.preview.custom_fields.clone();
                p.import.borrow_mut().ready = Some(Ready {
                    sequence: seq.id.clone(),
                    rows: Rc::new(imported.rows),
                    preview: imported.preview,
                });
                preview::render(&p);
                status(
                    &p,
                    &format!(
                        "Read {} rows in {secs:.1} s. Nothing is stored until you enroll.",
                        thousands(rows)
                    ),
                );
            }
            Err(e) => status(&p, &format!("Not imported: {e}")),
        }
    });
}

/// Stops a read or an enrollment between two pieces. A read leaves nothing behind; an
/// enrollment keeps the chunks already enrolled (each chunk is whole or nothing).
pub fn cancel(p: &Rc<Options>) {
    let mut run = p.import.borrow_mut();
    run.generation += 1;
    let enrolling = run.ready.is_some();
    run.ready = None;
    drop(run);
    progress(p, None);
    preview::render(p);
    if let Some(input) =
        by_id(p, "prospects.csv").and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    {
        input.set_value("");
    }
    if !enrolling {
        status(p, "Cancelled: nothing was imported or stored.");
    }
}

pub fn enroll(p: &Rc<Options>) {
    let Some((account, identity)) = preview::chosen_sender(p) else {
        return status(p, "Choose the mailbox and sender address first.");
    };
    let (generation, sequence, rows, total) = {
        let mut run = p.import.borrow_mut();
        run.generation += 1;
        let Some(r) = &run.ready else { return };
        (
            run.generation,
            r.sequence.clone(),
            r.rows.clone(),
            r.rows.len(),
        )
    };
    if let Some(b) = p.settings.owner_document().and_then(|d| {
        d.query_selector("[data-action=\"import-enroll\"]")
            .ok()
            .flatten()
    }) {
        let _ = b.set_attribute("disabled", "");
    }
    let name = p
        .store
        .borrow()
        .state()
        .sequences
        .get(&sequence)
        .map(|s| s.spec.name.clone())
        .unwrap_or_default();
    let me = Rc::downgrade(p);
    progress(p, Some(0.0));
    status(p, &format!("Enrolling 0 of {}…", thousands(total as u64)));
    spawn_local(async move {
        let (mut enrolled, mut refused) = (0usize, Vec::new());
        let mut failure = None;
        for chunk in rows.chunks(MAX_CHUNK) {
            let current = me
                .upgrade()
                .is_some_and(|p| p.import.borrow().generation == generation);
            if !current {
                failure = Some(format!(
                    "Stopped: {} enrolled before you cancelled; the rest were not.",
                    thousands(enrolled as u64)
                ));
                break;
            }
            let req = Request::EnrollProspects {
                sequence_id: sequence.clone(),
                account: account.clone(),
                identity: identity.clone(),
                prospects: chunk,
            };
            match bridge::send(&req).await {
                Ok(Response::EnrolledProspects {
                    enrolled: e,
                    refused: r,
                }) => {
                    enrolled += e.len();
                    refused.extend(r);
                }
                Ok(Response::Error { message }) => {
                    failure = Some(format!(
                        "Stopped: {message} ({} enrolled before that).",
                        thousands(enrolled as u64)
                    ));
                    break;
                }
                Ok(_) => {
                    failure = Some("Stopped: the background answered something unexpected.".into());
                    break;
                }
                Err(e) => {
                    failure = Some(format!(
                        "Stopped: {e} ({} enrolled before that).",
                        thousands(enrolled as u64)
                    ));
                    break;
                }
            }
            if let Some(p) = me.upgrade() {
                let done = enrolled + refused.len();
                progress(&p, Some(done as f64 / total.max(1) as f64 * 100.0));
                status(
                    &p,
                    &format!(
                        "Enrolling {} of {}…",
                        thousands(done as u64),
                        thousands(total as u64)
                    ),
                );
            }
            file_chunks::yield_now().await;
        }
        let Some(p) = me.upgrade() else { return };
        progress(&p, None);
        {
            let mut run = p.import.borrow_mut();
            if run.generation == generation {
                run.ready = None;
            }
        }
        preview::render(&p);
        let (head, lines) = view::result_words(enrolled, &refused, &name);
        status(&p, &failure.map_or(head.clone(), |f| format!("{f} {head}")));
        show_refusals(&p, &lines);
    });
}

fn show_refusals(p: &Options, lines: &[String]) {
    let Some(target) = by_id(p, "import-preview") else {
        return;
    };
    if lines.is_empty() {
        return;
    }
    let built = (|| -> Result<Element, wasm_bindgen::JsValue> {
        let mut ul = El::new("ul")?
            .attr("id", "import-refusals")
            .class("plain problems");
        for l in lines.iter().take(SHOWN_REFUSALS) {
            ul = ul.child(text_el("li", l)?);
        }
        if lines.len() > SHOWN_REFUSALS {
            ul = ul.child(text_el(
                "li",
                &format!("…and {} more.", lines.len() - SHOWN_REFUSALS),
            )?);
        }
        Ok(ul.build())
    })();
    if let Ok(ul) = built {
        dom::replace_children(&target, &[ul]);
    }
}
