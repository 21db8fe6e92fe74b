//! Per-sequence, per-step numbers: sent, replied, reply rate, bounced, opted out.
//!
//! Computed from enrollment history here until `core::stats` lands on main; then `stats`
//! becomes a thin mapping over `stats::for_sequence` and the page code does not change.
use super::{Kind, StepRef};
use crate::core::enrollment::{Enrollment, Event, Status};
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
    pub bounced: u32,
    pub unsubscribed: u32,
    /// Tasks marked done (task steps only).
    pub done: u32,
}

impl StepStats {
    /// Replies per email sent; None when nothing was sent or the step is a task.
    pub fn reply_rate(&self) -> Option<f64> {
        (self.kind == Kind::Email && self.sent > 0)
            .then(|| f64::from(self.replied) / f64::from(self.sent))
    }

    pub fn reply_rate_label(&self) -> String {
        match self.reply_rate() {
            Some(r) => format!("{:.0}%", r * 100.0),
            None => "—".to_owned(),
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
            let mut st = SequenceStats {
                id: s.id.clone(),
                name: s.spec.name.clone(),
                state: s.state,
                enrolled: 0,
                active: 0,
                replied_before_followups: 0,
                steps: s
                    .spec
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, step)| StepStats {
                        step: StepRef {
                            index: i as u32,
                            count: s.spec.steps.len() as u32,
                        },
                        kind: Kind::of(step),
                        sent: 0,
                        replied: 0,
                        bounced: 0,
                        unsubscribed: 0,
                        done: 0,
                    })
                    .collect(),
            };
            for e in state.enrollments.values().filter(|e| e.sequence_id == s.id) {
                count(&mut st, e);
            }
            st
        })
        .collect();
    out.sort_by_key(|s| (s.state == SequenceState::Archived, s.name.to_lowercase()));
    out
}

/// Adds one enrollment. Each outcome counts once per enrollment and step, so a prospect who
/// writes twice is one reply, and a retried send is one send.
fn count(st: &mut SequenceStats, e: &Enrollment) {
    st.enrolled += 1;
    if e.status == Status::Active {
        st.active += 1;
    }
    // Histories are short: a list beats a set (and Event has no Ord or Hash).
    let mut seen: Vec<(Event, Option<u32>)> = Vec::new();
    let mut replied_once = false;
    for h in &e.history {
        let counted = matches!(
            h.event,
            Event::Sent | Event::TaskDue | Event::TaskDone | Event::Bounced | Event::Unsubscribed
        ) || (h.event == Event::Replied && !replied_once);
        if !counted || seen.contains(&(h.event, h.step)) {
            continue;
        }
        seen.push((h.event, h.step));
        if h.event == Event::Replied {
            replied_once = true;
        }
        let Some(row) = h.step.and_then(|i| st.steps.get_mut(i as usize)) else {
            if h.event == Event::Replied {
                st.replied_before_followups += 1;
            }
            continue;
        };
        match h.event {
            Event::Sent | Event::TaskDue => row.sent += 1,
            Event::Replied => row.replied += 1,
            Event::Bounced => row.bounced += 1,
            Event::Unsubscribed => row.unsubscribed += 1,
            Event::TaskDone => row.done += 1,
            _ => {}
        }
    }
}
