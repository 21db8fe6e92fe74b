//! History entries as sentences. Engine details (who replied, why a step moved) are kept, with
//! any instant in them rewritten into the user's zone.
use super::format::localize_instants;
use super::{ViewCtx, When};
use crate::core::enrollment::{Event, HistoryEntry};
use crate::core::sequence::{Sequence, Step, ThreadMode};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    pub when: When,
    /// The contract's event word (`sent`, `rescheduled`, ...), for `data-event`.
    pub event: &'static str,
    pub text: String,
}

pub fn history_line(ctx: &ViewCtx, seq: Option<&Sequence>, h: &HistoryEntry) -> HistoryLine {
    let step = h.step;
    let followup = |s: Option<u32>| match s {
        Some(i) => format!("follow-up {}", i + 1),
        None => "the follow-up".to_owned(),
    };
    let step_words = |s: Option<u32>| match s {
        Some(i) => format!("step {}", i + 1),
        None => "a step".to_owned(),
    };
    let spec_step = step.and_then(|i| seq.and_then(|s| s.spec.steps.get(i as usize)));
    let base = match h.event {
        Event::Enrolled => "Enrolled".to_owned(),
        Event::Sent => match spec_step {
            Some(Step::Email(m)) if m.thread == ThreadMode::New => {
                format!("Sent {} in a new thread", followup(step))
            }
            _ if step.is_none() => "Sent the first email".to_owned(),
            _ => format!("Sent {}", followup(step)),
        },
        Event::Replied => "Replied".to_owned(),
        Event::AutoReply => "Auto-reply (the sequence keeps going)".to_owned(),
        Event::Bounced => "Bounced — the address is suppressed".to_owned(),
        Event::Unsubscribed => "Opted out — the address is suppressed".to_owned(),
        Event::Paused => "Paused".to_owned(),
        Event::Resumed => "Resumed".to_owned(),
        Event::Skipped => format!("Skipped {}", step_words(step)),
        Event::SendNow if step.is_none() => "Send now: the first email".to_owned(),
        Event::SendNow => format!("Send now: {}", followup(step)),
        Event::SendFailed => format!("Sending {} failed", followup(step)),
        Event::Retry => format!(
            "Retrying {} (checked first that it had not gone out)",
            followup(step)
        ),
        Event::Rescheduled => "Rescheduled".to_owned(),
        Event::TaskDue => match spec_step {
            Some(s @ Step::Task(_)) => format!(
                "Task due: {} ({})",
                super::Kind::of(s).label(),
                step_words(step)
            ),
            _ => format!("Task due ({})", step_words(step)),
        },
        Event::TaskDone => format!("Task done ({})", step_words(step)),
        Event::Remarked => "Re-marked a message".to_owned(),
        Event::Removed => "Removed from the sequence".to_owned(),
        Event::Finished => "Finished".to_owned(),
        Event::Failed => "Failed".to_owned(),
        Event::Edited => "Schedule updated".to_owned(),
        Event::MeetingBooked => "Meeting booked — finished".to_owned(),
    };
    let base = match (h.event, h.variant) {
        (Event::Sent, Some(v)) => format!(
            "{base} (version {})",
            crate::core::craft::variants::label(v)
        ),
        _ => base,
    };
    let text = match h.detail.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => format!("{base} — {}", localize_instants(ctx, d)),
        _ => base,
    };
    HistoryLine {
        when: ctx.when(h.at),
        event: event_word(h.event),
        text,
    }
}

/// The contract's vocabulary word for an event (serde's kebab-case names).
fn event_word(e: Event) -> &'static str {
    match e {
        Event::Enrolled => "enrolled",
        Event::Sent => "sent",
        Event::Replied => "replied",
        Event::AutoReply => "auto-reply",
        Event::Bounced => "bounced",
        Event::Unsubscribed => "unsubscribed",
        Event::Paused => "paused",
        Event::Resumed => "resumed",
        Event::Skipped => "skipped",
        Event::SendNow => "send-now",
        Event::SendFailed => "send-failed",
        Event::Retry => "retry",
        Event::Rescheduled => "rescheduled",
        Event::TaskDue => "task-due",
        Event::TaskDone => "task-done",
        Event::Remarked => "remarked",
        Event::Removed => "removed",
        Event::Finished => "finished",
        Event::Failed => "failed",
        Event::Edited => "edited",
        Event::MeetingBooked => "meeting-booked",
    }
}
