//! The engine's half of the send protocol: the `sending` record before anything leaves, the
//! `sent` record after, and failures with backoff.
use super::version::{describe, Resolved};
use super::{enrollment_mut, schedule, sequence_of, Ctx, EngineError, Outcome};
use crate::core::craft::footer;
use crate::core::enrollment::{
    history_step, Attempt, Class, Event, HistoryEntry, Seen, Status, StatusReason, Thread,
    Transition, FIRST_EMAIL_STEP,
};
use crate::core::ids::EnrollmentId;
use crate::core::ports::{MailError, Outgoing, SentRef};
use crate::core::reply::message_id_for;
use crate::core::state::{State, Touched};
use crate::core::store::Key;
use crate::core::template::Template;
use jiff::ToSpan;

/// After this many failed tries of one step the enrollment is `failed`.
pub const MAX_FAILURES: u32 = 5;

/// A send that has its `sending` record.
#[derive(Debug, Clone)]
pub struct Begun {
    pub outgoing: Outgoing,
    /// A previous try of this step may have reached the provider: look before sending again.
    pub maybe_sent: bool,
    pub touched: Touched,
}

/// Marks the step `sending` (the caller writes it before any request) and builds the message.
pub fn begin(
    state: &mut State,
    ctx: &Ctx,
    id: &EnrollmentId,
    step: u32,
    attempt_id: String,
    late_by_secs: i64,
) -> Result<Begun, EngineError> {
    let e = state
        .enrollments
        .get(id)
        .ok_or_else(|| EngineError::NoEnrollment(id.clone()))?;
    if e.status != Status::Active || e.due_step() != step {
        return Err(EngineError::Refused(format!(
            "{} of {id} is no longer due (status {})",
            describe(step),
            e.status
        )));
    }
    let seq = sequence_of(state, e)?;
    let Some(email) = Resolved::of(&seq, step) else {
        let why = format!("{} is not an email any more", describe(step));
        if step == FIRST_EMAIL_STEP {
            // Nothing would ever send it: without a thread there is nothing to follow up.
            let e = enrollment_mut(state, id)?;
            e.transition(
                Transition::Fail(StatusReason::SendFailed),
                ctx.now,
                Event::Failed,
                Some(format!("{why}: the sequence has no first email")),
            )?;
            e.next_due = None;
            state.reindex(id);
        }
        return Err(EngineError::Refused(why));
    };
    // Suppression is checked again at send time: the address may have bounced elsewhere.
    if let Some(s) = e
        .recipients
        .iter()
        .find_map(|r| state.is_suppressed(&r.email))
    {
        let why = format!("{} is suppressed: {}", s.email, s.reason.sentence());
        let e = enrollment_mut(state, id)?;
        e.transition(
            Transition::Fail(StatusReason::Suppressed),
            ctx.now,
            Event::Failed,
            Some(why.clone()),
        )?;
        e.next_due = None;
        state.reindex(id);
        return Err(EngineError::Refused(why));
    }
    let values = e.primary().map(|r| r.template_values()).unwrap_or_default();
    let variant = match &e.attempt {
        Some(a) if a.step == step && a.variant.is_some() => a.variant,
        _ => email.pick(id, step),
    };
    let (subject_src, body_src) = email.version(variant);
    let body = Template::parse(body_src).and_then(|t| t.render(&values))?;
    let new_thread = email.new_thread;
    let subject = match (subject_src, new_thread) {
        (Some(s), true) => Template::parse(s).and_then(|t| t.render(&values))?,
        _ => reply_subject(&e.thread.subject),
    };
    let footer = footer::text(&seq.spec.footer, &state.settings.physical_address);
    let list_unsubscribe = footer
        .as_ref()
        .and_then(|_| footer::list_unsubscribe(&e.identity.email));
    let previous = e
        .seen
        .iter()
        .rev()
        .find(|s| s.class == Class::Own && !s.message_id.is_empty())
        .map(|s| s.message_id.clone());
    let mut references = e.thread.references.clone();
    references.push(e.thread.root_message_id.clone());
    for s in e.seen.iter().filter(|s| s.class == Class::Own) {
        if !references.contains(&s.message_id) && !s.message_id.is_empty() {
            references.push(s.message_id.clone());
        }
    }
    let domain = e
        .identity
        .email
        .rsplit_once('@')
        .map(|(_, d)| d)
        .unwrap_or("mailseq.invalid");
    let (message_id, failures, maybe_sent) = match &e.attempt {
        Some(a) if a.step == step => (a.message_id.clone(), a.failures, true),
        _ => (message_id_for(id, step, domain), 0, false),
    };
    let outgoing = Outgoing {
        identity: e.identity.clone(),
        to: e.recipients.clone(),
        subject,
        body,
        message_id: message_id.clone(),
        in_reply_to: if new_thread { None } else { previous },
        references: if new_thread { Vec::new() } else { references },
        provider_thread_id: if new_thread {
            None
        } else {
            e.thread.provider_thread_id.clone()
        },
        quote: None,
        footer,
        list_unsubscribe,
    };
    let e = enrollment_mut(state, id)?;
    if maybe_sent {
        e.record(ctx.now, Event::Retry, history_step(step), None);
    }
    e.attempt = Some(Attempt {
        step,
        id: attempt_id,
        message_id,
        started_at: ctx.now,
        failures,
        retry_at: None,
        late_by_secs,
        variant,
    });
    state.reindex(id);
    Ok(Begun {
        outgoing,
        maybe_sent,
        touched: Touched::one(Key::Enrollment(id.clone())),
    })
}

fn reply_subject(subject: &str) -> String {
    let s = subject.trim();
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("re:") {
        s.to_owned()
    } else {
        format!("Re: {s}")
    }
}

/// Records the step as sent, exactly once, and schedules the next one from now.
pub fn succeeded(
    state: &mut State,
    ctx: &Ctx,
    id: &EnrollmentId,
    step: u32,
    sent: &SentRef,
) -> Result<Touched, EngineError> {
    let e = state
        .enrollments
        .get(id)
        .ok_or_else(|| EngineError::NoEnrollment(id.clone()))?;
    let seq = sequence_of(state, e)?;
    let mut touched = Touched::one(Key::Enrollment(id.clone()));
    if e.was_sent(step) {
        return Ok(touched);
    }
    let email = Resolved::of(&seq, step);
    let new_thread = email.as_ref().is_some_and(|m| m.new_thread);
    let variant = match &e.attempt {
        Some(a) if a.step == step && a.variant.is_some() => a.variant,
        _ => email.as_ref().and_then(|m| m.pick(id, step)),
    };
    let subject = email
        .as_ref()
        .and_then(|m| m.version(variant).0)
        .unwrap_or_default()
        .to_owned();
    let grace = seq.spec.limits.catch_up_grace_hours;
    let e = enrollment_mut(state, id)?;
    let late = e
        .attempt
        .as_ref()
        .filter(|a| a.step == step)
        .map_or(0, |a| a.late_by_secs);
    let detail = (late > 0).then(|| {
        format!(
            "sent {} late, within the {grace} h catch-up grace",
            super::plan::human_secs(late)
        )
    });
    e.history.push(HistoryEntry {
        at: ctx.now,
        event: Event::Sent,
        step: history_step(step),
        detail,
        variant,
    });
    e.attempt = None;
    e.seen.push(Seen {
        message_id: sent.message_id.clone(),
        class: Class::Own,
        from: e.identity.email.clone(),
    });
    if new_thread {
        let values = e.primary().map(|r| r.template_values()).unwrap_or_default();
        e.thread = Thread {
            subject: Template::parse(&subject)
                .and_then(|t| t.render(&values))
                .unwrap_or(subject),
            root_message_id: sent.message_id.clone(),
            references: Vec::new(),
            provider_thread_id: sent.provider_thread_id.clone(),
        };
    } else if e.thread.provider_thread_id.is_none() {
        e.thread.provider_thread_id = sent.provider_thread_id.clone();
    }
    if step == FIRST_EMAIL_STEP {
        // The thread exists now; the steps count from this send.
        e.awaiting_first_email = false;
        if e.status == Status::Active {
            schedule(e, &seq, ctx.zones, ctx.now, ctx.now)?;
        }
    } else if e.step_index == step {
        e.step_index += 1;
        // A reply may have paused the enrollment while the send was in flight: then the next
        // step waits for the user instead of being scheduled.
        if e.status == Status::Active {
            schedule(e, &seq, ctx.zones, ctx.now, ctx.now)?;
        }
    }
    state
        .pace
        .entry(seq.id.clone())
        .or_default()
        .record(ctx.now);
    touched.add(Key::Pace(seq.id.clone()));
    state.reindex(id);
    Ok(touched)
}

/// Backoff after the n-th failure of a step: 1 min, 5 min, 15 min, 1 h, 4 h.
fn backoff(failures: u32) -> jiff::Span {
    match failures {
        0 | 1 => 1.minute(),
        2 => 5.minutes(),
        3 => 15.minutes(),
        4 => 1.hour(),
        _ => 4.hours(),
    }
}

pub fn failed(
    state: &mut State,
    ctx: &Ctx,
    id: &EnrollmentId,
    step: u32,
    error: &MailError,
) -> Result<Outcome, EngineError> {
    let e = enrollment_mut(state, id)?;
    let mut out = Outcome::touched(Touched::one(Key::Enrollment(id.clone())));
    let Some(attempt) = e.attempt.as_mut().filter(|a| a.step == step) else {
        return Ok(out);
    };
    if error.blocks_account() {
        // Not this message's fault: it waits, untouched, until the user logs in again.
        attempt.retry_at = None;
        return Ok(out);
    }
    attempt.failures += 1;
    let failures = attempt.failures;
    let detail = Some(error.to_string());
    if !error.is_retryable() || failures >= MAX_FAILURES {
        e.attempt = None;
        e.record(
            ctx.now,
            Event::SendFailed,
            history_step(step),
            detail.clone(),
        );
        e.transition(
            Transition::Fail(StatusReason::SendFailed),
            ctx.now,
            Event::Failed,
            detail,
        )?;
        e.next_due = None;
        out.stopped += 1;
    } else {
        let delay = match error {
            MailError::RateLimited {
                retry_after_ms: Some(ms),
                ..
            } => (*ms / 1000).max(1).seconds(),
            _ => backoff(failures),
        };
        let retry_at = ctx.now.checked_add(delay).unwrap_or(ctx.now);
        attempt.retry_at = Some(retry_at);
        e.next_due = Some(retry_at);
        e.record(ctx.now, Event::SendFailed, history_step(step), detail);
    }
    state.reindex(id);
    Ok(out)
}
