//! What the user does to one enrollment from the side panel.
use super::{enrollment_mut, schedule, sequence_of, window_for, Ctx, EngineError, Outcome};
use crate::core::enrollment::{Class, Enrollment, Event, Status, StatusReason, Transition};
use crate::core::ids::EnrollmentId;
use crate::core::message::EnrollmentAction;
use crate::core::sequence::{Sequence, SequenceState};
use crate::core::state::{State, Touched};
use crate::core::store::Key;
use crate::core::suppression::SuppressionReason;

pub fn user(
    state: &mut State,
    ctx: &Ctx,
    id: &EnrollmentId,
    action: EnrollmentAction,
) -> Result<Touched, EngineError> {
    let e = state
        .enrollments
        .get(id)
        .ok_or_else(|| EngineError::NoEnrollment(id.clone()))?;
    let seq = sequence_of(state, e)?;
    let e = enrollment_mut(state, id)?;
    match action {
        EnrollmentAction::Pause => {
            e.transition(
                Transition::Pause(StatusReason::User),
                ctx.now,
                Event::Paused,
                None,
            )?;
            e.next_due = None;
        }
        EnrollmentAction::Resume => {
            if seq.state != SequenceState::Active {
                return Err(EngineError::Refused(format!(
                    "“{}” is {}; resume the sequence first",
                    seq.spec.name,
                    if seq.state == SequenceState::Paused {
                        "paused"
                    } else {
                        "archived"
                    }
                )));
            }
            e.transition(Transition::Resume, ctx.now, Event::Resumed, None)?;
            reschedule_on_resume(e, &seq, ctx)?;
        }
        EnrollmentAction::Skip => {
            refuse_while_sending(e)?;
            if e.awaiting_first_email {
                return Err(EngineError::Refused(
                    "the first email opens the thread and cannot be skipped; send it now or remove the prospect".into(),
                ));
            }
            if !matches!(e.status, Status::Active | Status::Paused) {
                return Err(EngineError::Refused(format!(
                    "this enrollment is {}; nothing to skip",
                    e.status
                )));
            }
            let step = e.step_index;
            e.attempt = None;
            e.record(ctx.now, Event::Skipped, Some(step), None);
            e.step_index += 1;
            if e.status == Status::Active {
                schedule(e, &seq, ctx.zones, ctx.now, ctx.now)?;
            } else if e.step_index as usize >= seq.spec.steps.len() {
                e.transition(
                    Transition::Finish(StatusReason::Completed),
                    ctx.now,
                    Event::Finished,
                    Some("all steps are done".into()),
                )?;
            }
        }
        EnrollmentAction::SendNow => {
            refuse_while_sending(e)?;
            if e.status != Status::Active {
                return Err(EngineError::Refused(format!(
                    "this enrollment is {}; resume it before sending now",
                    e.status
                )));
            }
            if !e.awaiting_first_email && e.step_index as usize >= seq.spec.steps.len() {
                return Err(EngineError::Refused("there is no step left to send".into()));
            }
            e.next_due = Some(ctx.now);
            e.send_now = true;
            let step = crate::core::enrollment::history_step(e.due_step());
            e.record(ctx.now, Event::SendNow, step, None);
        }
        EnrollmentAction::Remove => {
            e.transition(
                Transition::Finish(StatusReason::Removed),
                ctx.now,
                Event::Removed,
                None,
            )?;
            e.next_due = None;
        }
        EnrollmentAction::MeetingBooked => {
            e.transition(
                Transition::Finish(StatusReason::MeetingBooked),
                ctx.now,
                Event::MeetingBooked,
                None,
            )?;
            e.next_due = None;
        }
    }
    state.reindex(id);
    Ok(Touched::one(Key::Enrollment(id.clone())))
}

/// A send of this step may be on its way: changing the step now could double it or lose it.
fn refuse_while_sending(e: &Enrollment) -> Result<(), EngineError> {
    match &e.attempt {
        Some(a) if a.retry_at.is_none() => Err(EngineError::Refused(
            "a send of this step is in progress; try again in a moment".into(),
        )),
        _ => Ok(()),
    }
}

/// After a pause, the missed step goes at the next moment the window allows (at once if it is
/// open), and the later steps keep their delays from it.
pub(crate) fn reschedule_on_resume(
    e: &mut Enrollment,
    seq: &Sequence,
    ctx: &Ctx,
) -> Result<(), EngineError> {
    let anchor = e.anchor;
    schedule(e, seq, ctx.zones, anchor, ctx.now)?;
    if let Some(due) = e.next_due {
        if due < ctx.now {
            let window = window_for(seq, e, ctx.zones)?;
            e.next_due = Some(window.next_opening(ctx.now));
        }
    }
    Ok(())
}

pub fn task_done(
    state: &mut State,
    ctx: &Ctx,
    id: &EnrollmentId,
    step: u32,
) -> Result<Touched, EngineError> {
    let e = enrollment_mut(state, id)?;
    let before = e.tasks.len();
    e.tasks.retain(|t| t.step != step);
    if e.tasks.len() == before {
        return Err(EngineError::Refused(format!(
            "step {} has no open task",
            step + 1
        )));
    }
    e.record(ctx.now, Event::TaskDone, Some(step), None);
    Ok(Touched::one(Key::Enrollment(id.clone())))
}

/// The user says a message was misclassified. The enrollment follows the new class: a reply
/// re-marked as an auto-reply reopens it; an auto-reply re-marked as a reply pauses it.
pub fn remark(
    state: &mut State,
    ctx: &Ctx,
    id: &EnrollmentId,
    message_id: &str,
    class: Class,
) -> Result<Outcome, EngineError> {
    let e = state
        .enrollments
        .get(id)
        .ok_or_else(|| EngineError::NoEnrollment(id.clone()))?;
    let seq = sequence_of(state, e)?;
    let mut out = Outcome::default();
    let e = enrollment_mut(state, id)?;
    let Some(seen) = e.seen.iter_mut().find(|s| s.message_id == message_id) else {
        return Err(EngineError::Refused(
            "that message is not part of this enrollment".into(),
        ));
    };
    let old = seen.class;
    if old == class {
        return Ok(out);
    }
    seen.class = class;
    let from = seen.from.clone();
    e.record(
        ctx.now,
        Event::Remarked,
        e.last_sent_step(),
        Some(format!(
            "message from {from}: {} → {}",
            label(old),
            label(class)
        )),
    );
    let stopping = |c: Class| matches!(c, Class::Reply | Class::Bounce | Class::OptOut);
    let still_stopped = e.seen.iter().any(|s| stopping(s.class));
    let mut unsuppress = None;
    // The new class is recorded after `remarked` as its own entry: stats read a `remarked` as
    // withdrawing the classification before it.
    let detail = Some(format!("re-marked message from {from}"));
    let step = e.last_sent_step();
    let (t, event) = match class {
        Class::Reply => (Some(Transition::Reply), Some(Event::Replied)),
        Class::Bounce => (Some(Transition::Bounce), Some(Event::Bounced)),
        Class::OptOut => (Some(Transition::Unsubscribe), Some(Event::Unsubscribed)),
        Class::AutoReply => (None, Some(Event::AutoReply)),
        Class::Own => (None, None),
    };
    if let Some(event) = event {
        let moved = t.is_some_and(|t| e.transition(t, ctx.now, event, detail.clone()).is_ok());
        if !moved {
            e.record(ctx.now, event, step, detail);
        }
    }
    let suppress: Vec<(String, SuppressionReason)> = match class {
        Class::Bounce => e
            .recipients
            .iter()
            .map(|r| (r.email.clone(), SuppressionReason::Bounced))
            .collect(),
        Class::OptOut => vec![(from.clone(), SuppressionReason::Unsubscribed)],
        _ => Vec::new(),
    };
    match class {
        Class::Reply | Class::Bounce | Class::OptOut => {}
        Class::AutoReply | Class::Own => {
            if !still_stopped
                && matches!(
                    e.status,
                    Status::Replied | Status::Bounced | Status::Unsubscribed
                )
            {
                unsuppress = match old {
                    Class::Bounce => Some(SuppressionReason::Bounced),
                    Class::OptOut => Some(SuppressionReason::Unsubscribed),
                    _ => None,
                };
                e.transition(
                    Transition::Reopen,
                    ctx.now,
                    Event::Resumed,
                    Some("re-marked".into()),
                )?;
                reschedule_on_resume(e, &seq, ctx)?;
            }
        }
    }
    if e.status != Status::Active {
        e.next_due = None;
    }
    for (email, reason) in suppress {
        if email.is_empty() || state.suppression.contains_key(&email) {
            continue;
        }
        state.suppression.insert(
            email.clone(),
            crate::core::suppression::Suppression {
                email: email.clone(),
                reason,
                at: ctx.now,
                enrollment: Some(id.clone()),
            },
        );
        out.touched.add(Key::Suppression(email));
    }
    if let Some(reason) = unsuppress {
        // Only what this enrollment's misread message put on the list comes off it.
        let mine: Vec<String> = state
            .suppression
            .values()
            .filter(|s| s.enrollment.as_ref() == Some(id) && s.reason == reason)
            .map(|s| s.email.clone())
            .collect();
        for email in mine {
            state.suppression.remove(&email);
            out.touched.add(Key::Suppression(email));
        }
    }
    state.reindex(id);
    out.touched.add(Key::Enrollment(id.clone()));
    Ok(out)
}

fn label(c: Class) -> &'static str {
    match c {
        Class::Own => "your own",
        Class::Reply => "reply",
        Class::AutoReply => "auto-reply",
        Class::Bounce => "bounce",
        Class::OptOut => "opt-out",
    }
}
