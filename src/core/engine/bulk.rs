//! Enrolling prospects without a compose window (a CSV import). Each gets a new thread whose
//! first email — the sequence's `firstEmail` — the engine sends itself, paced by the daily
//! cap and the gap like any send. The steps follow it as they follow an enrolling email.
use super::{schedule, Ctx, EngineError, Outcome};
use crate::core::craft::emails::emails;
use crate::core::enrollment::{
    Enrollment, Event, Identity, Recipient, Status, StatusReason, Thread,
};
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::sequence::{SequenceSpec, SequenceState};
use crate::core::state::State;
use crate::core::store::Key;
use crate::core::template::Template;
use email_address::{EmailAddress, Options};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone)]
pub struct ProspectsInput {
    pub sequence_id: SequenceId,
    pub account: AccountId,
    pub identity: Identity,
    /// One new enrollment id (chosen by the service) per prospect.
    pub prospects: Vec<(EnrollmentId, Recipient)>,
}

/// A prospect that was not enrolled, and why (a sentence for the user).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    pub email: String,
    pub reason: String,
}

/// The address rules of compose enrollment: a dot in the domain, no display text.
pub fn valid_address(email: &str) -> bool {
    let options = Options {
        minimum_sub_domains: 2,
        allow_domain_literal: false,
        allow_display_text: false,
        allow_long_local_parts: false,
    };
    EmailAddress::parse_with_options(email, options).is_ok()
}

/// The first email (path and error) that cannot be written for these values: a variable
/// with no value and no fallback. Every version is checked, since any may be drawn.
/// `with_first` includes `firstEmail`, which only bulk enrollments send.
pub fn render_problem(
    spec: &SequenceSpec,
    values: &BTreeMap<String, String>,
    with_first: bool,
) -> Option<(String, String)> {
    emails(spec)
        .into_iter()
        .filter(|e| with_first || !e.path.starts_with("firstEmail"))
        .find_map(|e| {
            e.subject.into_iter().chain([e.body]).find_map(|text| {
                Template::parse(text)
                    .and_then(|t| t.render(values))
                    .err()
                    .map(|err| (e.path.clone(), err.to_string()))
            })
        })
}

pub fn enroll_prospects(
    state: &mut State,
    ctx: &Ctx,
    input: ProspectsInput,
) -> Result<Outcome, EngineError> {
    let seq = state
        .sequences
        .get(&input.sequence_id)
        .cloned()
        .ok_or_else(|| EngineError::NoSequence(input.sequence_id.clone()))?;
    if seq.state == SequenceState::Archived {
        return Err(EngineError::Refused(format!(
            "“{}” is archived; pick another sequence",
            seq.spec.name
        )));
    }
    if seq.spec.first_email.is_none() {
        return Err(EngineError::Refused(format!(
            "“{}” has no first email; add one to enroll prospects without a compose window",
            seq.spec.name
        )));
    }
    let mut taken: HashSet<String> = HashSet::new();
    // Due times are spread by the gap after the last first email already waiting, so a large
    // batch does not all fall due at once; pacing still decides the actual instants.
    let gap = SignedDuration::from_secs(i64::from(seq.spec.limits.min_gap_seconds.max(1)));
    let mut next = ctx.now;
    for e in state.enrollments.values() {
        if e.sequence_id != seq.id || !matches!(e.status, Status::Active | Status::Paused) {
            continue;
        }
        taken.extend(e.recipients.iter().map(|r| r.email.clone()));
        if let (true, Some(due)) = (e.awaiting_first_email, e.next_due) {
            next = next.max(due.saturating_add(gap).unwrap_or(due));
        }
    }
    let mut out = Outcome::default();
    for (id, mut r) in input.prospects {
        r.email = r.email.trim().to_ascii_lowercase();
        let refuse = |reason: String| Refusal {
            email: r.email.clone(),
            reason,
        };
        if let Some(reason) = problem(state, &seq.spec, &r, &taken) {
            out.refused.push(refuse(reason));
            continue;
        }
        if state.enrollments.contains_key(&id) {
            out.refused
                .push(refuse(format!("enrollment {id} already exists")));
            continue;
        }
        let mut e = new_enrollment(&id, &seq, &input.account, &input.identity, r.clone(), next);
        e.record(ctx.now, Event::Enrolled, None, None);
        if seq.state == SequenceState::Paused {
            e.status = Status::Paused;
            e.status_reason = Some(StatusReason::SequencePaused);
            e.record(
                ctx.now,
                Event::Paused,
                None,
                Some("the sequence is paused".into()),
            );
        } else if let Err(err) = schedule(&mut e, &seq, ctx.zones, next, ctx.now) {
            out.refused.push(refuse(err.to_string()));
            continue;
        }
        next = next.saturating_add(gap).unwrap_or(next);
        taken.insert(r.email);
        state.enrollments.insert(id.clone(), e);
        state.reindex(&id);
        out.touched.add(Key::Enrollment(id.clone()));
        out.enrolled.push(id);
    }
    Ok(out)
}

fn problem(
    state: &State,
    spec: &SequenceSpec,
    r: &Recipient,
    taken: &HashSet<String>,
) -> Option<String> {
    if !valid_address(&r.email) {
        return Some(format!("“{}” is not a valid email address", r.email));
    }
    if let Some(s) = state.is_suppressed(&r.email) {
        return Some(format!(
            "{} is on the suppression list: {}",
            r.email,
            s.reason.sentence()
        ));
    }
    if taken.contains(&r.email) {
        return Some(format!("{} is already in “{}”", r.email, spec.name));
    }
    render_problem(spec, &r.template_values(), true)
        .map(|(path, err)| format!("{}: {path} — {err}", r.email))
}

fn new_enrollment(
    id: &EnrollmentId,
    seq: &crate::core::sequence::Sequence,
    account: &AccountId,
    identity: &Identity,
    recipient: Recipient,
    anchor: Timestamp,
) -> Enrollment {
    Enrollment {
        id: id.clone(),
        sequence_id: seq.id.clone(),
        account: account.clone(),
        identity: identity.clone(),
        recipients: vec![recipient],
        thread: Thread::default(),
        status: Status::Active,
        status_reason: None,
        step_index: 0,
        next_due: None,
        anchor,
        send_now: false,
        attempt: None,
        tasks: Vec::new(),
        seen: Vec::new(),
        history: Vec::new(),
        sequence_rev: seq.rev,
        awaiting_first_email: true,
    }
}
