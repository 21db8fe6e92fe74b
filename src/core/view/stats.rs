//! Metrics per sequence, step and A/B version, as the pages show them: `core::stats` counts,
//! each rate next to its playbook benchmark, weak steps and versions, the data of the
//! replies-per-step chart, and what only a page shows (task steps' due and done counts).
use super::{Kind, StepRef};
use crate::core::enrollment::Event;
use crate::core::ids::SequenceId;
use crate::core::sequence::{SequenceState, Step};
use crate::core::state::State;
use crate::core::stats::{self as core_stats, Range, VariantStats};

pub use super::rates::{Rate, Rates, Standing, OPENS_AND_CLICKS};

#[derive(Debug, Clone, PartialEq)]
pub struct VersionStats {
    /// "A", "B"…
    pub label: String,
    pub rates: Rates,
    pub weak: bool,
}

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
    /// Email steps: the rates over this step's sends.
    pub rates: Rates,
    /// Clearly below the best step (enough sends on both to say so).
    pub weak: bool,
    /// Per version, when the email has A/B variants that went out.
    pub versions: Vec<VersionStats>,
}

impl StepStats {
    pub fn reply_rate_label(&self) -> String {
        match self.reply_rate {
            Some(r) if self.kind == Kind::Email => super::rates::percent(r),
            _ => "—".to_owned(),
        }
    }
}

/// The first email of imported prospects, counted like a step.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstEmailStats {
    pub rates: Rates,
    pub versions: Vec<VersionStats>,
}

/// One bar of the replies-per-step chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// "First", "Step 2".
    pub label: String,
    pub replied: u32,
    pub sent: u32,
    pub weak: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SequenceStats {
    pub id: SequenceId,
    pub name: String,
    pub state: SequenceState,
    pub enrolled: u32,
    pub active: u32,
    /// Replies to the enrolling (or first) email itself, before any follow-up went out.
    pub replied_before_followups: u32,
    pub steps: Vec<StepStats>,
    /// Over enrolled prospects: reply, meeting, unsubscribe and bounce rates.
    pub overall: Rates,
    pub first_email: Option<FirstEmailStats>,
    /// Replies per email (first email, then each email step), for the chart.
    pub chart: Vec<Bar>,
    /// Sends a step or version needs before it can be called weak.
    pub min_sends: u32,
}

fn versions(vs: &[VariantStats], b: &core_stats::Benchmarks) -> Vec<VersionStats> {
    vs.iter()
        .map(|v| VersionStats {
            label: v.label.clone(),
            rates: Rates::new(
                b,
                v.sent,
                [
                    (v.replied, v.reply_rate),
                    (v.meetings, v.meeting_rate),
                    (v.unsubscribed, v.unsubscribe_rate),
                    (v.bounced, v.bounce_rate),
                ],
            ),
            weak: v.weak,
        })
        .collect()
}

fn step_rates(c: &core_stats::StepStats, b: &core_stats::Benchmarks) -> Rates {
    Rates::new(
        b,
        c.sent,
        [
            (c.replied, c.reply_rate),
            (c.meetings, c.meeting_rate),
            (c.unsubscribed, c.unsubscribe_rate),
            (c.bounced, c.bounce_rate),
        ],
    )
}

/// Every sequence (archived last), with a row per step.
pub fn stats(state: &State) -> Vec<SequenceStats> {
    let mut out: Vec<SequenceStats> = state
        .sequences
        .values()
        .map(|s| {
            let core = core_stats::stats_for(s, state.enrollments.values());
            let b = &core.benchmarks;
            let count = s.spec.steps.len() as u32;
            let steps: Vec<StepStats> = core
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
                        rates: step_rates(c, b),
                        weak: c.weak,
                        versions: versions(&c.variants, b),
                    })
                })
                .collect();
            let first_email = core.first_email.as_ref().map(|f| FirstEmailStats {
                rates: step_rates(f, b),
                versions: versions(&f.variants, b),
            });
            let mut chart = Vec::new();
            if let Some(f) = &core.first_email {
                chart.push(Bar {
                    label: "First".into(),
                    replied: f.replied,
                    sent: f.sent,
                    weak: false,
                });
            }
            for st in &steps {
                if matches!(
                    s.spec.steps.get(st.step.index as usize),
                    Some(Step::Email(_))
                ) {
                    chart.push(Bar {
                        label: format!("Step {}", st.step.index + 1),
                        replied: st.replied,
                        sent: st.sent,
                        weak: st.weak,
                    });
                }
            }
            SequenceStats {
                id: s.id.clone(),
                name: s.spec.name.clone(),
                state: s.state,
                enrolled: core.enrolled,
                active: core.active,
                replied_before_followups: core.replied_before_follow_ups,
                overall: Rates::new(
                    b,
                    core.enrolled,
                    [
                        (core.replied, core.reply_rate),
                        (core.meetings, core.meeting_rate),
                        (core.unsubscribed, core.unsubscribe_rate),
                        (core.bounced, core.bounce_rate),
                    ],
                ),
                steps,
                first_email,
                chart,
                min_sends: b.weak_min_sends,
            }
        })
        .collect();
    out.sort_by_key(|s| (s.state == SequenceState::Archived, s.name.to_lowercase()));
    out
}

/// "5–15%", "under 1%": a benchmark range in words.
pub fn range_words(r: &Range) -> String {
    let p = |x: f64| format!("{}", (x * 100.0 * 10.0).round() / 10.0);
    match (r.min, r.max) {
        (Some(a), Some(b)) => format!("{}–{}%", p(a), p(b)),
        (None, Some(b)) => format!("under {}%", p(b)),
        (Some(a), None) => format!("over {}%", p(a)),
        (None, None) => "no benchmark".to_owned(),
    }
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
