//! Best-practice warnings as the editor shows them: next to the field they name, with why and
//! how to fix, never blocking Save (`craft::checks` decides them).
use super::field_label;
use crate::core::craft::checks::{self, Code, Context};
use crate::core::sequence::SequenceSpec;
use crate::core::state::State;
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarningView {
    /// `long-subject`, for `data-warning` and tests.
    pub code: &'static str,
    /// The JSON path it is about (`steps[2].delay`); the editor shows it at the nearest
    /// control on that path.
    pub field: String,
    /// "Step 3: wait".
    pub label: String,
    pub message: String,
    pub fix: String,
}

pub fn code_key(c: Code) -> &'static str {
    match c {
        Code::EmailSpacing => "email-spacing",
        Code::TooManyTouches => "too-many-touches",
        Code::NoBreakup => "no-breakup",
        Code::LongSubject => "long-subject",
        Code::LongBody => "long-body",
        Code::OneChannel => "one-channel",
        Code::NoUnsubscribe => "no-unsubscribe",
        Code::NoPostalAddress => "no-postal-address",
        Code::UnknownVariable => "unknown-variable",
    }
}

/// Every warning for the sequence being edited. `custom_fields` are the prospect columns the
/// user has (see `known_fields`); `physical_address` comes from the settings.
pub fn warnings(
    spec: &SequenceSpec,
    custom_fields: &[String],
    physical_address: &str,
) -> Vec<WarningView> {
    let ctx = Context {
        custom_fields,
        physical_address,
    };
    checks::check(spec, &ctx)
        .into_iter()
        .map(|w| WarningView {
            code: code_key(w.code),
            label: field_label(&w.field),
            field: w.field,
            message: capitalize(&w.message),
            fix: capitalize(&w.fix),
        })
        .collect()
}

/// The prospect fields beyond the standard ones that enrolled prospects carry (custom CSV
/// columns), so that `{{plan}}` is not flagged once prospects with a "Plan" column exist.
pub fn known_fields(state: &State) -> Vec<String> {
    let standard = crate::core::template::STANDARD_FIELDS;
    let mut out: BTreeSet<&str> = BTreeSet::new();
    for e in state.enrollments.values() {
        for r in &e.recipients {
            out.extend(
                r.fields
                    .keys()
                    .map(String::as_str)
                    .filter(|k| !standard.contains(k)),
            );
        }
    }
    out.into_iter().map(str::to_owned).collect()
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
