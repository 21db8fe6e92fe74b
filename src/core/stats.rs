//! Stats per sequence and per step, derived from enrollment histories. Nothing here is stored:
//! counting from history means stats cannot drift from what happened, and a re-marked
//! message changes them without a migration.
use crate::core::enrollment::{Enrollment, Event, HistoryEntry, Status};
use crate::core::ids::SequenceId;
use crate::core::sequence::Sequence;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

mod outcomes;
pub use outcomes::{Benchmarks, Range, VariantStats, BENCHMARKS};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SequenceStats {
    pub sequence_id: SequenceId,
    /// Enrollments: each one began with an enrolling email the user sent.
    pub enrolled: u32,
    /// Enrollments whose status is `active` now.
    pub active: u32,
    /// Follow-ups sent, all steps together (the enrolling emails are not counted here).
    pub sent: u32,
    /// Enrollments with at least one reply, to the enrolling email or to any follow-up.
    pub replied: u32,
    /// `replied / enrolled`: the share of prospects who answered. `None` with no enrollments.
    pub reply_rate: Option<f64>,
    /// Replies that came before any follow-up went out: credited to no step.
    pub replied_before_follow_ups: u32,
    pub bounced: u32,
    pub unsubscribed: u32,
    /// Enrollments whose status is `finished` now (completed, removed, archived, meeting).
    pub finished: u32,
    /// One entry per step of the sequence, in order, including steps nothing reached yet.
    pub steps: Vec<StepStats>,
    /// Enrollments finished with "meeting booked".
    pub meetings: u32,
    /// `meetings`, `bounced` and `unsubscribed` over `enrolled`.
    pub meeting_rate: Option<f64>,
    pub bounce_rate: Option<f64>,
    pub unsubscribe_rate: Option<f64>,
    /// The engine-sent first email of bulk enrollments, counted like a step; `None` when
    /// no enrollment got one.
    pub first_email: Option<StepStats>,
    /// The playbook ranges to show the rates against.
    pub benchmarks: Benchmarks,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepStats {
    /// 0-based step index, as in the history's `step`.
    pub step: u32,
    /// Enrollments this step's email went out for.
    pub sent: u32,
    /// Of those, the ones whose reply came while this was the last step sent.
    pub replied: u32,
    /// `replied / sent`; `None` when the step sent nothing (a task step, or not reached).
    pub reply_rate: Option<f64>,
    pub bounced: u32,
    pub unsubscribed: u32,
    /// Enrollments marked "meeting booked" while this was the last step sent.
    pub meetings: u32,
    /// `meetings`, `bounced` and `unsubscribed` over `sent`.
    pub meeting_rate: Option<f64>,
    pub bounce_rate: Option<f64>,
    pub unsubscribe_rate: Option<f64>,
    /// Clearly below the best follow-up step (see `craft::variants::weak`).
    pub weak: bool,
    /// Per version, when the email has A/B variants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<VariantStats>,
}

impl StepStats {
    fn new(step: u32) -> StepStats {
        StepStats {
            step,
            sent: 0,
            replied: 0,
            reply_rate: None,
            bounced: 0,
            unsubscribed: 0,
            meetings: 0,
            meeting_rate: None,
            bounce_rate: None,
            unsubscribe_rate: None,
            weak: false,
            variants: Vec::new(),
        }
    }
}

/// `n / d` in [0, 1], or `None` when nothing was sent.
fn rate(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| f64::from(n.min(d)) / f64::from(d))
}

/// Stats for a stored sequence: one step entry per step of its current definition.
pub fn stats_for<'a>(
    sequence: &Sequence,
    enrollments: impl IntoIterator<Item = &'a Enrollment>,
) -> SequenceStats {
    sequence_stats(&sequence.id, sequence.spec.steps.len(), enrollments)
}

/// Stats for one sequence from any set of enrollments (others' are skipped). `step_count` is
/// the sequence's number of steps; history naming later steps (the sequence was shortened)
/// extends the list so no send goes uncounted.
pub fn sequence_stats<'a>(
    sequence_id: &SequenceId,
    step_count: usize,
    enrollments: impl IntoIterator<Item = &'a Enrollment>,
) -> SequenceStats {
    let mut s = SequenceStats {
        sequence_id: sequence_id.clone(),
        enrolled: 0,
        active: 0,
        sent: 0,
        replied: 0,
        reply_rate: None,
        replied_before_follow_ups: 0,
        bounced: 0,
        unsubscribed: 0,
        finished: 0,
        steps: (0..step_count)
            .map(|i| StepStats::new(u32::try_from(i).unwrap_or(u32::MAX)))
            .collect(),
        meetings: 0,
        meeting_rate: None,
        bounce_rate: None,
        unsubscribe_rate: None,
        first_email: None,
        benchmarks: BENCHMARKS,
    };
    for e in enrollments
        .into_iter()
        .filter(|e| &e.sequence_id == sequence_id)
    {
        add(&mut s, e);
    }
    s.reply_rate = rate(s.replied, s.enrolled);
    outcomes::finish(&mut s);
    s
}

fn add(s: &mut SequenceStats, e: &Enrollment) {
    s.enrolled += 1;
    match e.status {
        Status::Active => s.active += 1,
        Status::Finished => s.finished += 1,
        _ => {}
    }
    // A step is sent at most once per enrollment (the send protocol); a set makes a
    // duplicated entry harmless anyway.
    let sent: BTreeSet<u32> = e
        .history
        .iter()
        .filter(|h| h.event == Event::Sent)
        .filter_map(|h| h.step)
        .collect();
    for &step in &sent {
        step_mut(&mut s.steps, step).sent += 1;
        s.sent += 1;
    }
    let outcomes = standing(&e.history);
    outcomes::add(s, e, &outcomes);
    let of = |event: Event| -> (bool, BTreeSet<Option<u32>>) {
        let steps: BTreeSet<Option<u32>> = outcomes
            .iter()
            .filter(|(ev, _)| *ev == event)
            .map(|(_, step)| *step)
            .collect();
        (!steps.is_empty(), steps)
    };
    // A step is credited only if it went out for this enrollment, so a step's replies can
    // never exceed its sends; anything else still counts for the sequence.
    let credited = |steps: &BTreeSet<Option<u32>>| -> Vec<u32> {
        steps
            .iter()
            .filter_map(|s| *s)
            .filter(|s| sent.contains(s))
            .collect()
    };
    let (replied, reply_steps) = of(Event::Replied);
    if replied {
        s.replied += 1;
        if reply_steps.contains(&None) {
            s.replied_before_follow_ups += 1;
        }
    }
    for step in credited(&reply_steps) {
        step_mut(&mut s.steps, step).replied += 1;
    }
    let (bounced, bounce_steps) = of(Event::Bounced);
    s.bounced += u32::from(bounced);
    for step in credited(&bounce_steps) {
        step_mut(&mut s.steps, step).bounced += 1;
    }
    let (unsubscribed, unsub_steps) = of(Event::Unsubscribed);
    s.unsubscribed += u32::from(unsubscribed);
    for step in credited(&unsub_steps) {
        step_mut(&mut s.steps, step).unsubscribed += 1;
    }
}

fn step_mut(steps: &mut Vec<StepStats>, step: u32) -> &mut StepStats {
    let i = step as usize;
    while steps.len() <= i {
        let next = u32::try_from(steps.len()).unwrap_or(u32::MAX);
        steps.push(StepStats::new(next));
    }
    &mut steps[i]
}

/// The classifications that stand, with the step each was credited to. A `remarked` entry
/// withdraws the latest classification before it that still stands; the class the user chose
/// instead is recorded after it as its own entry (a reply re-marked as an auto-reply:
/// `replied`, `remarked`, `auto-reply`).
fn standing(history: &[HistoryEntry]) -> Vec<(Event, Option<u32>)> {
    let mut out = Vec::new();
    for h in history {
        match h.event {
            Event::Replied | Event::AutoReply | Event::Bounced | Event::Unsubscribed => {
                out.push((h.event, h.step));
            }
            Event::Remarked => {
                out.pop();
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
