//! Each enrollment as the side panel lists it: status in a sentence, where it is, what is
//! next, its history, and only the actions its status allows.
use super::history::{history_line, HistoryLine};
use super::{sequence_name, Kind, StepRef, ViewCtx, When, Who};
use crate::core::enrollment::{Class, Enrollment, Status, StatusReason};
use crate::core::ids::{EnrollmentId, SequenceId};
use crate::core::message::EnrollmentAction;
use crate::core::sequence::{Sequence, SequenceState};
use crate::core::state::State;

#[derive(Debug, Clone)]
pub struct EnrollmentView {
    pub id: EnrollmentId,
    pub status: Status,
    pub sentence: String,
    pub sequence_id: SequenceId,
    pub sequence: String,
    /// The next step; None once every step is done.
    pub step: Option<StepRef>,
    /// "step 2 of 3 · version B", "first email, then 3 steps", or "all 3 steps done".
    pub progress: String,
    /// The A/B version ("B") of the next email, when it has variants.
    pub version: Option<String>,
    pub next_kind: Option<Kind>,
    pub next_due: Option<When>,
    pub recipients: Vec<Who>,
    /// Oldest first.
    pub history: Vec<HistoryLine>,
    pub actions: Vec<EnrollmentAction>,
    /// Messages from others in the thread, with how each was read; the user can re-mark them.
    pub messages: Vec<MessageView>,
}

/// An inbound message and its classification, with the other classes it can be re-marked as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageView {
    pub message_id: String,
    pub from: String,
    pub class: Class,
    pub remark_as: Vec<Class>,
}

/// "a reply", "an auto-reply": how the panel names a classification.
pub fn class_words(c: Class) -> &'static str {
    match c {
        Class::Own => "your own",
        Class::Reply => "a reply",
        Class::AutoReply => "an auto-reply",
        Class::Bounce => "a bounce",
        Class::OptOut => "an opt-out",
    }
}

/// The token the message enum uses for a class (`data-class`).
pub fn class_key(c: Class) -> &'static str {
    match c {
        Class::Own => "own",
        Class::Reply => "reply",
        Class::AutoReply => "auto-reply",
        Class::Bounce => "bounce",
        Class::OptOut => "opt-out",
    }
}

/// Running ones first (soonest due first), then the ones waiting for the user, then ended
/// ones (most recent first).
pub fn enrollments(state: &State, ctx: &ViewCtx) -> Vec<EnrollmentView> {
    let mut list: Vec<&Enrollment> = state.enrollments.values().collect();
    list.sort_by_key(|e| {
        let rank = match e.status {
            Status::Active => 0,
            Status::Replied | Status::Paused | Status::Failed => 1,
            _ => 2,
        };
        let time = match (rank, e.next_due) {
            (0, Some(t)) => t.as_millisecond(),
            _ => -e.history.last().map_or(0, |h| h.at.as_millisecond()),
        };
        (rank, time, e.id.clone())
    });
    list.into_iter().map(|e| view(state, ctx, e)).collect()
}

fn view(state: &State, ctx: &ViewCtx, e: &Enrollment) -> EnrollmentView {
    let seq = state.sequences.get(&e.sequence_id);
    let count = seq.map_or(0, |s| s.spec.steps.len() as u32);
    let step = (e.step_index < count).then_some(StepRef {
        index: e.step_index,
        count,
    });
    let version = super::versions::next_version(e, seq).filter(|_| !e.status.is_terminal());
    let with_version = |s: String| match &version {
        Some(v) => format!("{s} · version {v}"),
        None => s,
    };
    EnrollmentView {
        id: e.id.clone(),
        status: e.status,
        sentence: sentence(e, seq),
        sequence_id: e.sequence_id.clone(),
        sequence: sequence_name(seq),
        step,
        progress: match step {
            _ if e.awaiting_first_email && e.status.is_terminal() => {
                "stopped before the first email".to_owned()
            }
            _ if e.awaiting_first_email => {
                with_version("first email".to_owned()) + &format!(", then {count} steps")
            }
            Some(s) if e.status.is_terminal() => format!("stopped before {}", s.label()),
            Some(s) => with_version(s.label()),
            None => format!("all {count} steps done"),
        },
        version: version.clone(),
        next_kind: if e.awaiting_first_email {
            Some(Kind::Email)
        } else {
            step.and_then(|s| seq.and_then(|q| q.spec.steps.get(s.index as usize)))
                .map(Kind::of)
        },
        next_due: e.next_due.map(|t| ctx.when(t)),
        recipients: e.recipients.iter().map(Who::of).collect(),
        history: e
            .history
            .iter()
            .map(|h| history_line(ctx, seq, h))
            .collect(),
        actions: allowed(e, seq),
        messages: e
            .seen
            .iter()
            .filter(|m| m.class != Class::Own && !m.message_id.is_empty())
            .map(|m| MessageView {
                message_id: m.message_id.clone(),
                from: m.from.clone(),
                class: m.class,
                remark_as: [Class::Reply, Class::AutoReply, Class::Bounce, Class::OptOut]
                    .into_iter()
                    .filter(|c| *c != m.class)
                    .collect(),
            })
            .collect(),
    }
}

/// The status and its reason, as a sentence that says what the user can do about it.
fn sentence(e: &Enrollment, seq: Option<&Sequence>) -> String {
    let name = sequence_name(seq);
    match (e.status, e.status_reason) {
        (Status::Active, _) if e.next_due.is_some() => {
            "Running: the next step is scheduled.".into()
        }
        (Status::Active, _) => "Running: nothing is scheduled right now.".into(),
        (Status::Paused, Some(StatusReason::SequencePaused)) => {
            format!(
                "Paused because the sequence “{name}” is paused. Resume the sequence in Options."
            )
        }
        (Status::Paused, _) => "Paused by you. Resume to continue where it stopped.".into(),
        (Status::Replied, _) => {
            "Replied: the sequence stopped for this thread. Resume it or end it.".into()
        }
        (Status::Finished, Some(StatusReason::Removed)) => "Removed from the sequence.".into(),
        (Status::Finished, Some(StatusReason::SequenceArchived)) => {
            format!("Ended: the sequence “{name}” was archived.")
        }
        (Status::Finished, Some(StatusReason::MeetingBooked)) => {
            "Finished: a meeting is booked.".into()
        }
        (Status::Finished, _) => "Finished: every step is done.".into(),
        (Status::Bounced, _) => {
            "Bounced: the address is on the do-not-email list; nothing more goes to it.".into()
        }
        (Status::Unsubscribed, _) => {
            "Opted out: the address is on the do-not-email list; nothing more goes to it.".into()
        }
        (Status::Failed, Some(StatusReason::Suppressed)) => {
            "Failed: an address is on the do-not-email list.".into()
        }
        (Status::Failed, _) => {
            "Failed: a follow-up could not be sent (see history). Resume to try again.".into()
        }
    }
}

/// Mirrors what the engine accepts, so the panel never offers a button that can only fail.
fn allowed(e: &Enrollment, seq: Option<&Sequence>) -> Vec<EnrollmentAction> {
    use EnrollmentAction::*;
    let steps_left = seq.is_some_and(|s| (e.step_index as usize) < s.spec.steps.len());
    // The first email of a bulk enrollment opens the thread: it can be sent now, not skipped.
    let skippable = steps_left && !e.awaiting_first_email;
    let steps_left = steps_left || e.awaiting_first_email;
    let seq_active = seq.is_some_and(|s| s.state == SequenceState::Active);
    // A send on its way must not be skipped or doubled.
    let sending = e.attempt.as_ref().is_some_and(|a| a.retry_at.is_none());
    let mut out = Vec::new();
    match e.status {
        Status::Active => {
            out.push(Pause);
            if steps_left && !sending {
                out.push(SendNow);
            }
            if skippable && !sending {
                out.push(Skip);
            }
        }
        Status::Paused | Status::Replied | Status::Failed => {
            if seq_active {
                out.push(Resume);
            }
            if e.status == Status::Paused && skippable && !sending {
                out.push(Skip);
            }
        }
        Status::Finished | Status::Bounced | Status::Unsubscribed => return out,
    }
    out.push(MeetingBooked);
    out.push(Remove);
    out
}

/// The attribute token for an action (`data-action`), as the message enum spells it.
pub fn action_key(a: EnrollmentAction) -> &'static str {
    match a {
        EnrollmentAction::Pause => "pause",
        EnrollmentAction::Resume => "resume",
        EnrollmentAction::Skip => "skip",
        EnrollmentAction::SendNow => "send-now",
        EnrollmentAction::Remove => "remove",
        EnrollmentAction::MeetingBooked => "meeting-booked",
    }
}

/// What the status line says once the background accepted the action.
pub fn action_done(a: EnrollmentAction) -> &'static str {
    match a {
        EnrollmentAction::Pause => "Paused. Nothing more goes out until you resume.",
        EnrollmentAction::Resume => "Resumed. The missed step goes at the next window opening.",
        EnrollmentAction::Skip => "Skipped that step.",
        EnrollmentAction::SendNow => "Queued to send now; it goes on the next check.",
        EnrollmentAction::Remove => "Removed from the sequence.",
        EnrollmentAction::MeetingBooked => "Marked as meeting booked; the sequence ended for them.",
    }
}

pub fn action_label(a: EnrollmentAction) -> &'static str {
    match a {
        EnrollmentAction::Pause => "Pause",
        EnrollmentAction::Resume => "Resume",
        EnrollmentAction::Skip => "Skip step",
        EnrollmentAction::SendNow => "Send now",
        EnrollmentAction::Remove => "Remove",
        EnrollmentAction::MeetingBooked => "Meeting booked",
    }
}
