//! The import's preview: counts, each problem row, custom columns, the mailbox and sender
//! address the first emails go from, and "Enroll N good rows". CSV content is shown through
//! text nodes only.
use crate::core::view::{self, Sender};
use crate::ui::dom::{self, button, text_el, value_of, El};
use crate::ui::options::Options;
use crate::ui::options_import::{by_id, SHOWN_PROBLEMS};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

fn select(
    id: &str,
    label: &str,
    options: &[(String, String)],
    hint: Option<&str>,
) -> Result<Element, JsValue> {
    let mut s = El::new("select")?
        .attr("id", id)
        .attr("data-key", id)
        .attr("data-field", id);
    for (value, text) in options {
        s = s.child(El::new("option")?.attr("value", value).text(text));
    }
    let mut f = El::new("div")?
        .class("field")
        .child(El::new("label")?.attr("for", id).text(label));
    if let Some(h) = hint {
        s = s.attr("aria-describedby", &format!("hint-{id}"));
        f = f.child(s).child(
            El::new("p")?
                .class("hint")
                .attr("id", &format!("hint-{id}"))
                .text(h),
        );
    } else {
        f = f.child(s);
    }
    Ok(f.build())
}

fn identity_options(s: &Sender) -> Vec<(String, String)> {
    s.identities
        .iter()
        .enumerate()
        .map(|(i, id)| (i.to_string(), view::identity_label(id)))
        .collect()
}

/// The sender part: a mailbox and an address, or what to do when mailseq knows none yet.
fn sender_part(senders: &[Sender]) -> Result<Element, JsValue> {
    let Some(first) = senders.first() else {
        return Ok(El::new("p")?
            .class("banner banner-warning")
            .attr("id", "import-no-sender")
            .text(view::NO_SENDER)
            .build());
    };
    let accounts: Vec<(String, String)> = senders
        .iter()
        .map(|s| (s.account.as_str().to_owned(), s.label.clone()))
        .collect();
    Ok(El::new("div")?
        .class("inline")
        .child(select(
            "prospects.account",
            "Send from mailbox",
            &accounts,
            Some("The mailboxes mailseq has sent from. Follow-ups go from the same one."),
        )?)
        .child(select(
            "prospects.identity",
            "Sender address",
            &identity_options(first),
            None,
        )?)
        .maybe(match &first.note {
            Some(n) => Some(
                El::new("p")?
                    .class("why")
                    .attr("id", "import-sender-note")
                    .text(n)
                    .build(),
            ),
            None => None,
        })
        .build())
}

pub fn render(p: &Rc<Options>) {
    let Some(target) = by_id(p, "import-preview") else {
        return;
    };
    let built = (|| -> Result<Vec<Element>, JsValue> {
        let run = p.import.borrow();
        let Some(ready) = &run.ready else {
            return Ok(Vec::new());
        };
        let pv = &ready.preview;
        let mut out = vec![El::new("h3")?
            .attr("id", "h-import-preview")
            .text("Preview")
            .build()];
        let mut ul = El::new("ul")?.class("import-summary");
        for line in view::summary(pv) {
            ul = ul.child(text_el("li", &line)?);
        }
        out.push(ul.build());
        if let Some(c) = view::custom_columns(pv) {
            out.push(El::new("p")?.attr("id", "import-columns").text(&c).build());
        }
        if !pv.problems.is_empty() {
            let mut list = El::new("ul")?.class("plain problems");
            for pr in pv.problems.iter().take(SHOWN_PROBLEMS) {
                list = list.child(
                    El::new("li")?
                        .attr("data-row", &pr.row.to_string())
                        .attr("data-problem", problem_key(&pr.kind))
                        .text(&view::problem_words(pr)),
                );
            }
            let bad = pv.rows.saturating_sub(pv.good);
            let title = if bad as usize > pv.problems.len() {
                format!(
                    "Rows with a problem (the first {} of {bad})",
                    pv.problems.len()
                )
            } else {
                format!("Rows with a problem ({bad})")
            };
            out.push(
                El::new("details")?
                    .attr("open", "")
                    .attr("data-key", "import-problems")
                    .child(El::new("summary")?.text(&title))
                    .child(El::new("p")?.class("hint").text("These rows are left out. Fix them in the file and import it again, or enroll the good rows now."))
                    .child(list)
                    .build(),
            );
        }
        let senders = view::senders(&p.store.borrow().state());
        out.push(sender_part(&senders)?);
        let n = pv.good;
        out.push(
            button(&format!(
                "Enroll {n} good row{}",
                if n == 1 { "" } else { "s" }
            ))?
            .class("primary")
            .attr("data-action", "import-enroll")
            .attr("data-key", "import-enroll")
            .flag("disabled", n == 0 || senders.is_empty())
            .build(),
        );
        Ok(out)
    })();
    match built {
        Ok(children) => dom::replace_children(&target, &children),
        Err(e) => p.say_error(&crate::ui::bridge::error_text(&e)),
    }
}

fn problem_key(k: &crate::core::craft::csv_import::ProblemKind) -> &'static str {
    use crate::core::craft::csv_import::ProblemKind::*;
    match k {
        InvalidAddress => "invalid-address",
        MissingValue { .. } => "missing-value",
        Suppressed => "suppressed",
        AlreadyEnrolled => "already-enrolled",
        DuplicateRow { .. } => "duplicate-row",
    }
}

/// The mailbox changed: offer its addresses and say if it is logged out.
pub fn on_account(p: &Rc<Options>) {
    let (Some(acct), Some(ident)) = (
        by_id(p, "prospects.account"),
        by_id(p, "prospects.identity"),
    ) else {
        return;
    };
    let chosen = value_of(&acct);
    let senders = view::senders(&p.store.borrow().state());
    let Some(s) = senders.iter().find(|s| s.account.as_str() == chosen) else {
        return;
    };
    let opts: Vec<Element> = identity_options(s)
        .into_iter()
        .filter_map(|(v, t)| {
            El::new("option")
                .ok()
                .map(|o| o.attr("value", &v).text(&t).build())
        })
        .collect();
    dom::replace_children(&ident, &opts);
    if let Some(note) = by_id(p, "import-sender-note") {
        note.set_text_content(s.note.as_deref());
    }
}

/// The chosen mailbox and sender address.
pub fn chosen_sender(
    p: &Options,
) -> Option<(
    crate::core::ids::AccountId,
    crate::core::enrollment::Identity,
)> {
    let acct = value_of(&by_id(p, "prospects.account")?);
    let ident: usize = value_of(&by_id(p, "prospects.identity")?).parse().ok()?;
    let senders = view::senders(&p.store.borrow().state());
    let s = senders.into_iter().find(|s| s.account.as_str() == acct)?;
    let identity = s.identities.get(ident)?.clone();
    Some((s.account, identity))
}
