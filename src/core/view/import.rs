//! The options page's CSV import and bulk enrollment, as words and choices: which sequences
//! can take imported prospects, what the import checks rows against, each problem as a
//! sentence, and which mailboxes and sender addresses the first emails can go from.
use crate::core::account::{ProviderKind, Session};
use crate::core::craft::csv_import::{Known, Preview, Problem, ProblemKind};
use crate::core::engine::Refusal;
use crate::core::enrollment::{Identity, Status};
use crate::core::ids::{AccountId, SequenceId};
use crate::core::sequence::SequenceState;
use crate::core::state::State;

/// A sequence in the import's picker; `blocked` says why it cannot take prospects yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportTarget {
    pub id: SequenceId,
    pub name: String,
    pub blocked: Option<String>,
    /// Paused sequences take prospects, who then wait paused too: said next to the button.
    pub paused: bool,
}

/// Every sequence that is not archived, by name.
pub fn import_targets(state: &State) -> Vec<ImportTarget> {
    let mut out: Vec<ImportTarget> = state
        .sequences
        .values()
        .filter(|s| s.state != SequenceState::Archived)
        .map(|s| ImportTarget {
            id: s.id.clone(),
            name: s.spec.name.clone(),
            blocked: s.spec.first_email.is_none().then(|| {
                "it has no first email: edit it and write one (imported prospects get it in a new thread)".to_owned()
            }),
            paused: s.state == SequenceState::Paused,
        })
        .collect();
    out.sort_by_key(|t| t.name.to_lowercase());
    out
}

/// What rows are checked against, as the engine will check them: the suppression list, and
/// the prospects already running or paused in that sequence.
pub fn known(state: &State, sequence: &SequenceId) -> Known {
    Known {
        suppressed: state.suppression.keys().cloned().collect(),
        enrolled: state
            .enrollments
            .values()
            .filter(|e| &e.sequence_id == sequence)
            .filter(|e| matches!(e.status, Status::Active | Status::Paused))
            .flat_map(|e| e.recipients.iter().map(|r| r.email.clone()))
            .collect(),
    }
}

/// "Row 4 (bob@example): not a valid email address".
pub fn problem_words(p: &Problem) -> String {
    let why = match &p.kind {
        ProblemKind::InvalidAddress => "not a valid email address".to_owned(),
        ProblemKind::MissingValue { variable } => format!(
            "no value for {{{{{variable}}}}}, which the emails use without a fallback; fill the column or add a fallback like {{{{{variable}|there}}}}"
        ),
        ProblemKind::Suppressed => "on the do-not-email list (bounced or opted out)".to_owned(),
        ProblemKind::AlreadyEnrolled => "already running in this sequence".to_owned(),
        ProblemKind::DuplicateRow { first_row } => format!("the same address as row {first_row}"),
    };
    let who = if p.email.is_empty() {
        "no address".to_owned()
    } else {
        p.email.clone()
    };
    format!("Row {} ({who}): {why}", p.row)
}

/// The preview's numbers, one line each; lines with a zero count are left out.
pub fn summary(p: &Preview) -> Vec<String> {
    let bad = p.rows.saturating_sub(p.good);
    let mut out = vec![format!(
        "{} row{} read: {} good, {} with a problem.",
        p.rows,
        plural(p.rows),
        p.good,
        bad
    )];
    let c = &p.counts;
    for (n, what) in [
        (c.invalid_address, "invalid address"),
        (c.missing_value, "missing a value a template needs"),
        (c.suppressed, "on the do-not-email list"),
        (c.already_enrolled, "already enrolled"),
        (c.duplicate_row, "duplicate of an earlier row"),
    ] {
        if n > 0 {
            out.push(format!("{n} {what}"));
        }
    }
    out
}

/// The custom columns, as template variables to use in the emails.
pub fn custom_columns(p: &Preview) -> Option<String> {
    if p.custom_fields.is_empty() {
        return None;
    }
    let vars: Vec<String> = p
        .custom_fields
        .iter()
        .map(|f| format!("{{{{{f}}}}}"))
        .collect();
    Some(format!(
        "Custom columns found, usable in templates: {}.",
        vars.join(", ")
    ))
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A mailbox mailseq can send first emails from, with the sender addresses it knows there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub account: AccountId,
    /// "alice@mail.test at http://127.0.0.1:18765 (Roundcube)".
    pub label: String,
    /// The identities seen on its enrolling emails, then its login address.
    pub identities: Vec<Identity>,
    /// Why first emails would wait now (logged out), if so.
    pub note: Option<String>,
}

/// What to do when there is no mailbox yet: mailseq learns one from a real send.
pub const NO_SENDER: &str = "No mailbox to send from yet. mailseq learns your mailbox when you send one email from your webmail with mailseq: switch your Roundcube on below (Gmail works as is), open a compose window there, pick a sequence with the mailseq button and send. Gmail needs its connection to mailseq, too. Then come back here.";

pub fn senders(state: &State) -> Vec<Sender> {
    state
        .accounts
        .values()
        .map(|a| {
            let mut identities: Vec<Identity> = Vec::new();
            for e in state.enrollments.values().filter(|e| e.account == a.id) {
                if !identities.iter().any(|i| i.email == e.identity.email) {
                    identities.push(e.identity.clone());
                }
            }
            if !identities.iter().any(|i| i.email == a.user) && !a.user.is_empty() {
                identities.push(Identity {
                    id: String::new(),
                    email: a.user.clone(),
                    name: String::new(),
                });
            }
            let provider = match a.provider {
                ProviderKind::Roundcube => "Roundcube",
                ProviderKind::Gmail => "Gmail",
            };
            Sender {
                account: a.id.clone(),
                label: format!("{} at {} ({provider})", a.user, a.origin),
                identities,
                note: match &a.session {
                    Session::Ok => None,
                    Session::Expired { .. } => Some(format!(
                        "You are logged out of {}: first emails wait until you log in again.",
                        a.origin
                    )),
                    Session::Unreachable { message, .. } => Some(format!(
                        "{} could not be reached ({message}): first emails wait until it can.",
                        a.origin
                    )),
                },
            }
        })
        .collect()
}

/// "Alice Example <alice@mail.test>", or the address alone.
pub fn identity_label(i: &Identity) -> String {
    if i.name.trim().is_empty() {
        i.email.clone()
    } else {
        format!("{} <{}>", i.name.trim(), i.email)
    }
}

/// The enrollment's outcome in one sentence, then each refusal.
pub fn result_words(enrolled: usize, refused: &[Refusal], name: &str) -> (String, Vec<String>) {
    let head = match refused.len() {
        0 => format!("Enrolled {enrolled} prospect{} in “{name}”. Their first emails go out paced by the daily cap and the gap; the side panel lists them as upcoming.", plural(enrolled as u64)),
        n => format!("Enrolled {enrolled} prospect{} in “{name}”; {n} refused:", plural(enrolled as u64)),
    };
    let lines = refused
        .iter()
        .map(|r| format!("{}: {}", r.email, r.reason))
        .collect();
    (head, lines)
}
