//! Enrolling a sent email's thread: every refusal is a sentence naming the reason.
use super::{schedule, Ctx, EngineError};
use crate::core::enrollment::{
    Class, Enrollment, Event, Identity, Recipient, Seen, Status, StatusReason, Thread,
};
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::message::RecipientInput;
use crate::core::sequence::SequenceState;
use crate::core::state::{State, Touched};
use crate::core::store::Key;

#[derive(Debug, Clone)]
pub struct EnrollInput {
    pub id: EnrollmentId,
    pub sequence_id: SequenceId,
    pub account: AccountId,
    pub identity: Identity,
    pub recipients: Vec<RecipientInput>,
    pub thread: Thread,
}

/// Validates recipients for a sequence without changing anything: the compose window asks
/// this before Send so it can show the reason.
pub fn check_recipients(
    state: &State,
    sequence_id: &SequenceId,
    input: &[RecipientInput],
) -> Result<Vec<Recipient>, EngineError> {
    let seq = state
        .sequences
        .get(sequence_id)
        .ok_or_else(|| EngineError::NoSequence(sequence_id.clone()))?;
    if seq.state == SequenceState::Archived {
        return Err(EngineError::Refused(format!(
            "“{}” is archived; pick another sequence",
            seq.spec.name
        )));
    }
    if input.is_empty() {
        return Err(EngineError::Refused(
            "add a recipient in To: before enrolling".into(),
        ));
    }
    let mut out = Vec::with_capacity(input.len());
    for r in input {
        let email = r.email.trim().to_ascii_lowercase();
        if !super::bulk::valid_address(&email) {
            return Err(EngineError::Refused(format!(
                "“{}” is not a valid email address",
                r.email.trim()
            )));
        }
        if let Some(s) = state.is_suppressed(&email) {
            return Err(EngineError::Refused(format!(
                "{email} cannot be enrolled: {} (it is on the suppression list)",
                s.reason.sentence()
            )));
        }
        if let Some(e) = state
            .enrollments_of_prospect(&email)
            .filter_map(|id| state.enrollments.get(id))
            .find(|e| {
                &e.sequence_id == sequence_id
                    && matches!(e.status, Status::Active | Status::Paused)
                    && e.recipients.iter().any(|x| x.email == email)
            })
        {
            return Err(EngineError::Refused(format!(
                "{email} is already in “{}” ({})",
                seq.spec.name, e.status
            )));
        }
        out.push(Recipient {
            email,
            name: r.name.trim().to_owned(),
            fields: Default::default(),
            time_zone: None,
        });
    }
    // Every email step, in every version, must render for every recipient now, not fail
    // days later. The first email is not sent to a compose enrollment: the user wrote it.
    for r in &out {
        if let Some((path, err)) =
            super::bulk::render_problem(&seq.spec, &r.template_values(), false)
        {
            return Err(EngineError::Refused(format!(
                "{} cannot be enrolled: {} — {err}",
                r.email,
                step_label(&path)
            )));
        }
    }
    Ok(out)
}

/// "step 2" or "step 2, variant B" for a path such as `steps[1].variants[0]`.
fn step_label(path: &str) -> String {
    let index = |s: &str| -> Option<u32> { s.split(['[', ']']).nth(1)?.parse().ok() };
    let mut parts = path.split('.');
    let step = parts.next().and_then(index).map(|i| i + 1);
    let variant = parts.next().and_then(index).map(|i| i + 1);
    match (step, variant) {
        (Some(s), Some(v)) => format!(
            "step {s}, variant {}",
            crate::core::craft::variants::label(v)
        ),
        (Some(s), None) => format!("step {s}"),
        _ => path.to_owned(),
    }
}

pub fn enroll(state: &mut State, ctx: &Ctx, input: EnrollInput) -> Result<Touched, EngineError> {
    let recipients = check_recipients(state, &input.sequence_id, &input.recipients)?;
    if input.thread.root_message_id.is_empty() {
        return Err(EngineError::Refused(
            "the sent email has no Message-ID to follow up on".into(),
        ));
    }
    if let Some(other) = state.enrollment_of_message(&input.thread.root_message_id) {
        return Err(EngineError::Refused(format!(
            "this email is already enrolled ({other})"
        )));
    }
    if state.enrollments.contains_key(&input.id) {
        return Err(EngineError::Refused(format!(
            "enrollment {} already exists",
            input.id
        )));
    }
    let seq = state
        .sequences
        .get(&input.sequence_id)
        .cloned()
        .ok_or_else(|| EngineError::NoSequence(input.sequence_id.clone()))?;
    let mut seen = vec![Seen {
        message_id: input.thread.root_message_id.clone(),
        class: Class::Own,
        from: input.identity.email.clone(),
    }];
    // What the enrolling email answered was seen by the user: it is never a new reply.
    for r in &input.thread.references {
        seen.push(Seen {
            message_id: r.clone(),
            class: Class::Own,
            from: String::new(),
        });
    }
    let mut e = Enrollment {
        id: input.id.clone(),
        sequence_id: input.sequence_id,
        account: input.account,
        identity: input.identity,
        recipients,
        thread: input.thread,
        status: Status::Active,
        status_reason: None,
        step_index: 0,
        next_due: None,
        anchor: ctx.now,
        send_now: false,
        attempt: None,
        tasks: Vec::new(),
        seen,
        history: Vec::new(),
        sequence_rev: seq.rev,
        awaiting_first_email: false,
    };
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
    } else {
        schedule(&mut e, &seq, ctx.zones, ctx.now, ctx.now)?;
    }
    let id = e.id.clone();
    state.enrollments.insert(id.clone(), e);
    state.reindex(&id);
    Ok(Touched::one(Key::Enrollment(id)))
}
