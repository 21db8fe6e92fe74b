//! Best-practice checks from the sequence playbooks. They are warnings shown while editing,
//! never errors: a sequence that trips one still saves and runs. Each says why it matters
//! and how to fix it, and names the field (a JSON path, as validation errors do).
use super::emails::{emails, estimate, Email};
use crate::core::reply::{find_phrase, opt_out_phrase};
use crate::core::sequence::{Channel, Delay, SequenceSpec, Step};
use crate::core::template::{Template, STANDARD_FIELDS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const MIN_EMAIL_GAP_DAYS: f64 = 2.0;
/// Touches = the first email plus every step. Past 8-10 prospects feel hounded.
pub const MAX_TOUCHES: usize = 10;
pub const MAX_SUBJECT_CHARS: usize = 50;
pub const MAX_BODY_WORDS: usize = 150;

/// The last email step is a breakup when any version's subject or body holds one of these
/// (whole words; case and accents do not matter). Anything else there reads as one more
/// follow-up, so the check cannot tell it closes the sequence.
pub const BREAKUP_PHRASES: &[&str] = &[
    "close the loop",
    "closing the loop",
    "close your file",
    "closing your file",
    "close the file",
    "last email",
    "last note",
    "last message",
    "last time",
    "final email",
    "final note",
    "one last",
    "won't reach out",
    "will not reach out",
    "stop reaching out",
    "won't follow up",
    "break up",
    "breakup",
    "letzte E-Mail",
    "letzte Nachricht",
    "zum letzten Mal",
    "dernier message",
    "dernier e-mail",
    "dernière fois",
    "último correo",
    "último mensaje",
    "última vez",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    EmailSpacing,
    TooManyTouches,
    NoBreakup,
    LongSubject,
    LongBody,
    OneChannel,
    NoUnsubscribe,
    NoPostalAddress,
    UnknownVariable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub code: Code,
    /// JSON path of the field it is about, like `steps[2].delay`.
    pub field: String,
    /// Why it matters.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

fn warn(code: Code, field: impl Into<String>, message: String, fix: impl Into<String>) -> Warning {
    Warning {
        code,
        field: field.into(),
        message,
        fix: fix.into(),
    }
}

/// What the checks need besides the sequence: the prospect columns known from imports
/// (template names, lower case) and the postal address from the settings.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    pub custom_fields: &'a [String],
    pub physical_address: &'a str,
}

/// Every warning for a sequence, in the order of the checks.
pub fn check(spec: &SequenceSpec, ctx: &Context) -> Vec<Warning> {
    let all = emails(spec);
    let mut out = Vec::new();
    spacing(spec, &mut out);
    touches(spec, &mut out);
    breakup(spec, &mut out);
    lengths(&all, &mut out);
    channels(spec, &mut out);
    unsubscribe(spec, &all, ctx, &mut out);
    variables(&all, ctx, &mut out);
    out
}

fn days(d: Delay) -> f64 {
    match d {
        Delay::Hours(h) => f64::from(h) / 24.0,
        // A business day is at least a calendar day: counting it as one errs towards warning.
        Delay::Days(n) | Delay::BusinessDays(n) => f64::from(n),
    }
}

/// A task does not hold the next step back, so the time since the last email is the sum of
/// the delays since it; the sequence always opens with an email (the enrolling or first one).
fn spacing(spec: &SequenceSpec, out: &mut Vec<Warning>) {
    let mut since_email = 0.0;
    for (i, step) in spec.steps.iter().enumerate() {
        since_email += days(step.delay());
        if let Step::Email(_) = step {
            if since_email < MIN_EMAIL_GAP_DAYS {
                out.push(warn(
                    Code::EmailSpacing,
                    format!("steps[{i}].delay"),
                    format!("this email goes {since_email:.1} days after the previous one; emails closer than 2 days apart feel spammy"),
                    "space emails 2–3 days apart; put a call or LinkedIn task in between",
                ));
            }
            since_email = 0.0;
        }
    }
}

fn touches(spec: &SequenceSpec, out: &mut Vec<Warning>) {
    let n = spec.steps.len() + 1;
    if n > MAX_TOUCHES {
        out.push(warn(
            Code::TooManyTouches,
            "steps",
            format!("{n} touches (the first email and {} steps); more than {MAX_TOUCHES} tire prospects and raise unsubscribes", spec.steps.len()),
            "cut the weakest steps, or merge two emails into one",
        ));
    }
}

/// Whether an email's text reads as a breakup (see `BREAKUP_PHRASES`).
pub fn is_breakup(texts: &[&str]) -> bool {
    texts
        .iter()
        .any(|t| find_phrase(t, BREAKUP_PHRASES).is_some())
}

fn breakup(spec: &SequenceSpec, out: &mut Vec<Warning>) {
    let last = spec
        .steps
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, s)| match s {
            Step::Email(e) => Some((i, e)),
            Step::Task(_) => None,
        });
    let (field, found) = match last {
        Some((i, e)) => {
            let texts: Vec<&str> = (0..e.version_count())
                .map(|v| e.version(v))
                .flat_map(|v| v.subject.into_iter().chain([v.body]))
                .collect();
            (format!("steps[{i}].body"), is_breakup(&texts))
        }
        None => ("steps".to_owned(), false),
    };
    if !found {
        out.push(warn(
            Code::NoBreakup,
            field,
            "the sequence does not end with a breakup email; a clear last note often gets the most replies".into(),
            "end with a short email that says it is your last, e.g. “Should I close the loop on this?”",
        ));
    }
}

fn lengths(all: &[Email], out: &mut Vec<Warning>) {
    for e in all {
        if let Some(s) = e.subject {
            let n = estimate(s).chars().count();
            if n > MAX_SUBJECT_CHARS {
                out.push(warn(
                    Code::LongSubject,
                    format!("{}.subject", e.path),
                    format!("the subject is about {n} characters; over {MAX_SUBJECT_CHARS} it is cut off on phones"),
                    "shorten it to a few words that make the prospect curious",
                ));
            }
        }
        let words = estimate(e.body).split_whitespace().count();
        if words > MAX_BODY_WORDS {
            out.push(warn(
                Code::LongBody,
                format!("{}.body", e.path),
                format!("the email is about {words} words; replies drop above {MAX_BODY_WORDS}"),
                "keep one idea and one call to action; cut the rest",
            ));
        }
    }
}

fn channels(spec: &SequenceSpec, out: &mut Vec<Warning>) {
    let tasks: BTreeSet<&str> = spec
        .steps
        .iter()
        .filter_map(|s| match s {
            Step::Task(t) => Some(match t.channel {
                Channel::Call => "call",
                Channel::Linkedin => "linkedin",
                Channel::Other => "other",
            }),
            Step::Email(_) => None,
        })
        .collect();
    if tasks.is_empty() {
        out.push(warn(
            Code::OneChannel,
            "steps",
            "every step is an email; sequences that mix channels reach more prospects".into(),
            "add a call or LinkedIn task between two emails",
        ));
    }
}

fn unsubscribe(spec: &SequenceSpec, all: &[Email], ctx: &Context, out: &mut Vec<Warning>) {
    let f = &spec.footer;
    if f.enabled {
        if let Some(t) = &f.text {
            if opt_out_phrase("", t).is_none() {
                out.push(warn(
                    Code::NoUnsubscribe,
                    "footer.text",
                    "the footer does not say how to opt out in words the reply classifier recognises, so an opt-out reply might not stop the sequence".into(),
                    "ask for a reply such as “unsubscribe”, or remove the text to use the default sentence",
                ));
            }
        }
        if ctx.physical_address.trim().is_empty() {
            out.push(warn(
                Code::NoPostalAddress,
                "footer",
                "the footer has no postal address; CAN-SPAM requires one in every commercial email"
                    .into(),
                "enter your business address once in the options page",
            ));
        }
        return;
    }
    let missing: Vec<&str> = all
        .iter()
        .filter(|e| opt_out_phrase("", e.body).is_none())
        .map(|e| e.path.as_str())
        .collect();
    if !missing.is_empty() {
        out.push(warn(
            Code::NoUnsubscribe,
            "footer.enabled",
            format!("the footer is off and {} lacks an unsubscribe line; every email needs a clear way to opt out (GDPR, CAN-SPAM)", missing.join(", ")),
            "turn the footer on, or write a line such as “reply unsubscribe to stop” in each email",
        ));
    }
}

fn variables(all: &[Email], ctx: &Context, out: &mut Vec<Warning>) {
    let known = |name: &str| {
        STANDARD_FIELDS.contains(&name)
            || ctx
                .custom_fields
                .iter()
                .any(|c| c.eq_ignore_ascii_case(name))
    };
    for e in all {
        let texts = e.subject.map(|s| ("subject", s)).into_iter();
        for (part, text) in texts.chain([("body", e.body)]) {
            let Ok(t) = Template::parse(text) else {
                continue;
            };
            let unknown: BTreeSet<&str> = t
                .variables()
                .map(|(n, _)| n)
                .filter(|n| !known(n))
                .collect();
            for name in unknown {
                out.push(warn(
                    Code::UnknownVariable,
                    format!("{}.{part}", e.path),
                    format!("{{{{{name}}}}} is not a prospect field ({}, or a column of an imported CSV); it would always show its fallback or stop enrollment", STANDARD_FIELDS.join(", ")),
                    "check the spelling, or import prospects with that column",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests;
