//! Every email a sequence can send, each version separately, with its JSON path: what the
//! checks and the starters' tests walk over.
use crate::core::sequence::{SequenceSpec, Step, ThreadMode};
use crate::core::template::Template;
use std::collections::BTreeMap;

/// One version of one email. `subject` is only set where it is actually sent: a same-thread
/// follow-up goes out as "Re: " and the thread's subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email<'a> {
    /// `firstEmail`, `steps[2]` or `steps[2].variants[0]`.
    pub path: String,
    pub subject: Option<&'a str>,
    pub body: &'a str,
}

pub fn emails(spec: &SequenceSpec) -> Vec<Email<'_>> {
    let mut out = Vec::new();
    if let Some(f) = &spec.first_email {
        out.push(Email {
            path: "firstEmail".into(),
            subject: Some(&f.subject),
            body: &f.body,
        });
        for (j, v) in f.variants.iter().enumerate() {
            out.push(Email {
                path: format!("firstEmail.variants[{j}]"),
                subject: v.subject.as_deref(),
                body: &v.body,
            });
        }
    }
    for (i, step) in spec.steps.iter().enumerate() {
        let Step::Email(e) = step else { continue };
        let new = e.thread == ThreadMode::New;
        out.push(Email {
            path: format!("steps[{i}]"),
            subject: e.subject.as_deref().filter(|_| new),
            body: &e.body,
        });
        for (j, v) in e.variants.iter().enumerate() {
            out.push(Email {
                path: format!("steps[{i}].variants[{j}]"),
                subject: v.subject.as_deref().filter(|_| new),
                body: &v.body,
            });
        }
    }
    out
}

/// Stands in for a variable with no fallback when estimating length: about a company name.
const TYPICAL_VALUE: &str = "Xxxxxxxx";

/// The text roughly as a prospect sees it, for length checks: each variable shows its
/// fallback, or a typical 8-character value when it has none. Unparsable text is returned
/// as is (validation reports it).
pub fn estimate(text: &str) -> String {
    let Ok(t) = Template::parse(text) else {
        return text.to_owned();
    };
    let values: BTreeMap<String, String> = t
        .variables()
        .filter(|(_, fallback)| fallback.is_none())
        .map(|(name, _)| (name.to_owned(), TYPICAL_VALUE.to_owned()))
        .collect();
    t.render(&values).unwrap_or_else(|_| text.to_owned())
}
