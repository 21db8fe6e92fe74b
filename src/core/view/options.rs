//! The options page's views: the sequence list, the schedule preview, and the small parsers
//! between what the background or the user says and what the form shows.
use super::form::WEEKDAYS;
use super::{step_kind_words, Kind, StepRef, ViewCtx, When};
use crate::core::ids::SequenceId;
use crate::core::sequence::{SequenceSpec, SequenceState};
use crate::core::state::State;
use jiff::tz::TimeZone;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequenceAction {
    Edit,
    Duplicate,
    Pause,
    Resume,
    Archive,
}

impl SequenceAction {
    pub fn key(self) -> &'static str {
        match self {
            SequenceAction::Edit => "edit",
            SequenceAction::Duplicate => "duplicate",
            SequenceAction::Pause => "pause",
            SequenceAction::Resume => "resume",
            SequenceAction::Archive => "archive",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SequenceAction::Edit => "Edit",
            SequenceAction::Duplicate => "Duplicate",
            SequenceAction::Pause => "Pause",
            SequenceAction::Resume => "Resume",
            SequenceAction::Archive => "Archive",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceRow {
    pub id: SequenceId,
    pub name: String,
    pub state: SequenceState,
    pub state_label: &'static str,
    pub steps: usize,
    /// "Mon–Fri 09:00–17:00, Europe/Berlin".
    pub window: String,
    /// Enrollments still running or waiting for the user.
    pub enrolled: usize,
    pub actions: Vec<SequenceAction>,
}

/// Active, then paused, then archived; by name within each.
pub fn sequence_rows(state: &State) -> Vec<SequenceRow> {
    let mut rows: Vec<SequenceRow> = state
        .sequences
        .values()
        .map(|s| {
            use SequenceAction::*;
            let actions = match s.state {
                SequenceState::Active => vec![Edit, Duplicate, Pause, Archive],
                SequenceState::Paused => vec![Edit, Duplicate, Resume, Archive],
                // The engine refuses edits and state changes once archived.
                SequenceState::Archived => vec![Duplicate],
            };
            SequenceRow {
                id: s.id.clone(),
                name: s.spec.name.clone(),
                state: s.state,
                state_label: match s.state {
                    SequenceState::Active => "Active",
                    SequenceState::Paused => "Paused",
                    SequenceState::Archived => "Archived",
                },
                steps: s.spec.steps.len(),
                window: window_words(&s.spec),
                enrolled: state
                    .enrollments
                    .values()
                    .filter(|e| e.sequence_id == s.id && !e.status.is_terminal())
                    .count(),
                actions,
            }
        })
        .collect();
    rows.sort_by_key(|r| (r.state as u8, r.name.to_lowercase()));
    rows
}

pub(super) fn window_words(spec: &SequenceSpec) -> String {
    let on: Vec<usize> = WEEKDAYS
        .iter()
        .enumerate()
        .filter(|(_, (d, _, _))| spec.window.days.contains(d))
        .map(|(i, _)| i)
        .collect();
    let contiguous = on.windows(2).all(|w| w[1] == w[0] + 1);
    let days = match (on.first(), on.last()) {
        (Some(&a), Some(&b)) if contiguous && b >= a + 2 => {
            format!("{}–{}", WEEKDAYS[a].2, WEEKDAYS[b].2)
        }
        _ => on
            .iter()
            .map(|&i| WEEKDAYS[i].2)
            .collect::<Vec<_>>()
            .join(", "),
    };
    let w = &spec.window;
    format!("{days} {}–{}, {}", w.from, w.to, w.time_zone)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewLine {
    pub step: StepRef,
    pub kind: Kind,
    /// "Email, same thread".
    pub kind_words: &'static str,
    /// "2 business days after the previous step".
    pub delay: String,
    pub due: When,
    /// The same instant in the sequence's zone, when that differs from the user's.
    pub window_local: Option<String>,
}

/// The exact instants each step would fall due if enrolled at `ctx.now` (without jitter).
pub fn preview(spec: &SequenceSpec, window_tz: &TimeZone, ctx: &ViewCtx) -> Vec<PreviewLine> {
    let count = spec.steps.len() as u32;
    let same_zone = window_tz.iana_name() == ctx.tz.iana_name();
    crate::core::schedule::preview(spec, window_tz.clone(), ctx.now)
        .into_iter()
        .zip(&spec.steps)
        .enumerate()
        .map(|(i, (at, step))| PreviewLine {
            step: StepRef {
                index: i as u32,
                count,
            },
            kind: Kind::of(step),
            kind_words: step_kind_words(step),
            delay: format!(
                "{} after {}",
                step.delay(),
                if i == 0 {
                    "enrolling"
                } else {
                    "the previous step"
                }
            ),
            due: ctx.when(at),
            window_local: (!same_zone && at != jiff::Timestamp::MAX).then(|| {
                at.to_zoned_datetime(window_tz.clone())
                    .strftime("%a %H:%M")
                    .to_string()
                    + " "
                    + &spec.window.time_zone
            }),
        })
        .collect()
}

/// Splits a background error "steps[1].delay: at most one year" into the field path and the
/// sentence. Only paths into the Sequence JSON count as fields.
pub fn field_of_error(message: &str) -> (Option<String>, String) {
    const ROOTS: [&str; 8] = [
        "name",
        "window",
        "holidays",
        "stopOn",
        "limits",
        "steps",
        "firstEmail",
        "footer",
    ];
    if let Some((field, rest)) = message.split_once(": ") {
        let root = field.split(['.', '[']).next().unwrap_or("");
        let shaped = field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._[]".contains(c));
        if ROOTS.contains(&root) && shaped {
            return (Some(field.to_owned()), rest.to_owned());
        }
    }
    (None, message.to_owned())
}

/// A field path in words for the error summary: `steps[1].delay` → "Step 2: delay".
pub fn field_label(field: &str) -> String {
    let words = |leaf: &str| -> String {
        match leaf {
            "name" => "Name",
            "days" => "Send on",
            "from" => "From",
            "to" => "To",
            "timeZone" => "Time zone",
            "dailyCap" => "Daily cap",
            "minGapSeconds" => "Minimum gap",
            "catchUpGraceHours" => "Catch-up grace",
            "anyMailFromProspect" | "anyMailFromDomain" => "Stop rules",
            "delay" | "hours" | "businessDays" => "Wait",
            "subject" => "Subject",
            "body" => "Text",
            "note" => "Note",
            "channel" | "kind" | "thread" => "Kind",
            "steps" => "Steps",
            "holidays" => "Holidays",
            other => other,
        }
        .to_owned()
    };
    let leaf_of = |rest: &str| {
        let leaf = rest.split('.').find(|p| !p.is_empty()).unwrap_or("");
        leaf.split('[').next().unwrap_or("").to_owned()
    };
    // "Step 3, version B", "First email": where an email (or one of its versions) is.
    let email_at = |head: String, tail: &str| -> String {
        let (head, tail) = match tail
            .strip_prefix(".variants[")
            .and_then(|r| r.split_once(']'))
        {
            Some((j, rest)) => match j.parse::<usize>() {
                Ok(j) => (
                    format!("{head}, version {}", super::form_craft::version_label(j)),
                    rest,
                ),
                Err(_) => (head, tail),
            },
            None => (head, tail),
        };
        match leaf_of(tail).as_str() {
            "" => head,
            "variants" => format!("{head}: versions"),
            l => format!("{head}: {}", words(l).to_lowercase()),
        }
    };
    if let Some(rest) = field.strip_prefix("steps[") {
        if let Some((n, tail)) = rest.split_once(']') {
            if let Ok(i) = n.parse::<usize>() {
                return email_at(format!("Step {}", i + 1), tail);
            }
        }
    }
    if let Some(tail) = field.strip_prefix("firstEmail") {
        return email_at("First email".to_owned(), tail);
    }
    if let Some(tail) = field.strip_prefix("footer") {
        return match leaf_of(tail).as_str() {
            "" => "Footer".to_owned(),
            "enabled" => "Footer: on or off".to_owned(),
            "language" => "Footer: language".to_owned(),
            l => format!("Footer: {}", words(l).to_lowercase()),
        };
    }
    if let Some(rest) = field.strip_prefix("holidays[") {
        if let Some(Ok(i)) = rest.split(']').next().map(str::parse::<usize>) {
            return format!("Holiday {}", i + 1);
        }
    }
    let last = field.rsplit('.').next().unwrap_or(field);
    words(last.split('[').next().unwrap_or(last))
}

/// The form controls an error path may belong to, most specific first:
/// `steps[1].delay.hours` → `steps[1].delay.hours`, `steps[1].delay`, `steps[1]`, `steps`.
pub fn control_field(field: &str) -> Vec<String> {
    let mut out = vec![field.to_owned()];
    let mut f = field;
    while let Some(cut) = f.rfind(['.', '[']) {
        f = &f[..cut];
        out.push(f.to_owned());
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OriginError {
    #[error("enter the address of your Roundcube, like https://mail.example.org")]
    Empty,
    #[error("“{0}” is not an http or https address")]
    Scheme(String),
    #[error("“{0}” has no host name")]
    NoHost(String),
}

/// The origin of a Roundcube address as typed ("mail.example.org/roundcube/" is fine): the
/// host permission and the switch-on are per origin.
pub fn normalize_origin(input: &str) -> Result<String, OriginError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(OriginError::Empty);
    }
    let (scheme, rest) = match s.split_once("://") {
        Some((sc, rest)) => (sc.to_ascii_lowercase(), rest),
        None => ("https".to_owned(), s),
    };
    if scheme != "http" && scheme != "https" {
        return Err(OriginError::Scheme(s.to_owned()));
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let valid = !host.is_empty()
        && !host.starts_with(':')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
    if !valid {
        return Err(OriginError::NoHost(s.to_owned()));
    }
    Ok(format!("{scheme}://{}", host.to_ascii_lowercase()))
}
