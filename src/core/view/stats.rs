//! Per-sequence, per-step numbers for the side panel: `core::stats` for sends, replies,
//! bounces and opt-outs, plus what only a page shows (task steps' due and done counts).
use super::{Kind, StepRef};
use crate::core::enrollment::Event;
use crate::core::ids::SequenceId;
use crate::core::sequence::SequenceState;
use crate::core::state::State;

#[derive(Debug, Clone, PartialEq)]
pub struct StepStats {
    pub step: StepRef,
    pub kind: Kind,
    /// Emails sent, or tasks opened for a task step.
    pub sent: u32,
    pub replied: u32,
    pub reply_rate: Option<f64>,
    pub bounced: u32,
    pub unsubscribed: u32,
    /// Tasks marked done (task steps only).
    pub done: u32,
}

impl StepStats {
    pub fn reply_rate_label(&self) -> String {
        match self.reply_rate {
            Some(r) if self.kind == Kind::Email => format!("{:.0}%", r * 100.0),
            _ => "—".to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SequenceStats {
    pub id: SequenceId,
    pub name: String,
    pub state: SequenceState,
    pub enrolled: u32,
    pub active: u32,
    /// Replies to the enrolling email itself, before any follow-up went out.
    pub replied_before_followups: u32,
    pub steps: Vec<StepStats>,
}

/// Every sequence (archived last), with a row per step.
pub fn stats(state: &State) -> Vec<SequenceStats> {
    let mut out: Vec<SequenceStats> = state
        .sequences
        .values()
        .map(|s| {
            let core = crate::core::stats::stats_for(s, state.enrollments.values());
            let count = s.spec.steps.len() as u32;
            let steps = core
                .steps
                .iter()
                .filter_map(|c| {
                    let step = s.spec.steps.get(c.step as usize)?;
                    let kind = Kind::of(step);
                    let (due, done) = if step.is_task() {
                        task_counts(state, &s.id, c.step)
                    } else {
                        (c.sent, 0)
                    };
                    Some(StepStats {
                        step: StepRef {
                            index: c.step,
                            count,
                        },
                        kind,
                        sent: due,
                        replied: c.replied,
                        reply_rate: c.reply_rate,
                        bounced: c.bounced,
                        unsubscribed: c.unsubscribed,
                        done,
                    })
                })
                .collect();
            SequenceStats {
                id: s.id.clone(),
                name: s.spec.name.clone(),
                state: s.state,
                enrolled: core.enrolled,
                active: core.active,
                replied_before_followups: core.replied_before_follow_ups,
                steps,
            }
        })
        .collect();
    out.sort_by_key(|s| (s.state == SequenceState::Archived, s.name.to_lowercase()));
    out
}

/// Enrollments whose task for `step` fell due, and those that marked it done.
fn task_counts(state: &State, seq: &SequenceId, step: u32) -> (u32, u32) {
    let has = |e: &crate::core::enrollment::Enrollment, ev: Event| {
        e.history
            .iter()
            .any(|h| h.event == ev && h.step == Some(step))
    };
    state
        .enrollments
        .values()
        .filter(|e| &e.sequence_id == seq)
        .fold((0, 0), |(due, done), e| {
            (
                due + u32::from(has(e, Event::TaskDue)),
                done + u32::from(has(e, Event::TaskDone)),
            )
        })
}
