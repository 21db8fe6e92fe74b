//! A tick's decisions: which steps fall due now, which are late (catch-up), which tasks open,
//! and which sends the daily cap and pacing let through at this instant.
use super::{sequence_of, window_for, Ctx, EngineError, Outcome};
use crate::core::enrollment::{history_step, Event, Status, Task, FIRST_EMAIL_STEP};
use crate::core::ids::{EnrollmentId, SequenceId};
use crate::core::limits::{Blocked, Pace};
use crate::core::schedule::{catch_up, CatchUp};
use crate::core::sequence::SequenceState;
use crate::core::state::State;
use crate::core::store::Key;
use crate::core::time::rfc3339;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedSend {
    pub id: EnrollmentId,
    pub step: u32,
    /// Seconds past its due time (catch-up within the grace); 0 when on time.
    pub late_by_secs: i64,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub sends: Vec<PlannedSend>,
    /// Due sends held back by the cap or the pacing gap.
    pub waiting: u32,
    pub outcome: Outcome,
}

/// Decides what is due at `ctx.now`. Only touches records for tasks falling due and steps moved
/// by catch-up; sends are only planned here and begin in `send::begin`.
pub fn plan(state: &mut State, ctx: &Ctx) -> Result<Plan, EngineError> {
    let mut out = Plan::default();
    // Pacing is simulated on copies: a send planned now blocks the next one of its sequence.
    let mut paces: BTreeMap<SequenceId, Pace> = BTreeMap::new();
    for id in state.due_until(ctx.now.as_millisecond()) {
        let Some(e) = state.enrollments.get(&id) else {
            continue;
        };
        let (Some(due), Status::Active) = (e.next_due, e.status) else {
            continue;
        };
        let seq = sequence_of(state, e)?;
        if seq.state != SequenceState::Active {
            continue;
        }
        let step_index = e.step_index;
        // A bulk enrollment's first email is due before any step (`begin` fails the
        // enrollment if the sequence lost its first email since).
        let (send_step, is_task) = if e.awaiting_first_email {
            (FIRST_EMAIL_STEP, false)
        } else {
            match seq.spec.steps.get(step_index as usize) {
                Some(step) => (step_index, step.is_task()),
                None => continue,
            }
        };
        let window = window_for(&seq, e, ctx.zones)?;
        // A retry or a send-now is not subject to catch-up: it was decided for this moment.
        let mut late_by_secs = 0;
        if !e.send_now && e.attempt.is_none() {
            match catch_up(&window, due, ctx.now, seq.spec.limits.catch_up_grace_hours) {
                CatchUp::OnTime => {}
                CatchUp::SendLate { late_by_secs: l } => late_by_secs = l,
                CatchUp::Reschedule {
                    to,
                    late_by_secs: l,
                } => {
                    let e = super::enrollment_mut(state, &id)?;
                    e.next_due = Some(to);
                    e.record(
                        ctx.now,
                        Event::Rescheduled,
                        history_step(send_step),
                        Some(format!(
                            "{} late (more than the {} h catch-up grace, or outside the window): moved to {}",
                            human_secs(l),
                            seq.spec.limits.catch_up_grace_hours,
                            rfc3339(to)
                        )),
                    );
                    state.reindex(&id);
                    out.outcome.touched.add(Key::Enrollment(id));
                    continue;
                }
            }
        }
        if is_task {
            // A task never blocks: it opens, and the next step counts from its due time.
            let e = super::enrollment_mut(state, &id)?;
            e.tasks.push(Task {
                step: step_index,
                due,
            });
            e.record(ctx.now, Event::TaskDue, Some(step_index), None);
            e.step_index += 1;
            super::schedule(e, &seq, ctx.zones, due, ctx.now)?;
            state.reindex(&id);
            out.outcome.touched.add(Key::Enrollment(id));
        } else {
            let pace = paces
                .entry(seq.id.clone())
                .or_insert_with(|| state.pace.get(&seq.id).cloned().unwrap_or_default());
            match pace.check(ctx.now, &seq.spec.limits) {
                Ok(()) => {
                    pace.record(ctx.now);
                    out.sends.push(PlannedSend {
                        id,
                        step: send_step,
                        late_by_secs,
                    });
                }
                Err(Blocked::Gap { .. }) => out.waiting += 1,
                Err(Blocked::Cap { until, sent_24h }) => {
                    out.waiting += 1;
                    let msg = format!(
                            "“{}” reached its daily cap ({sent_24h} sent in 24 h); the next follow-up goes at {}",
                            seq.spec.name,
                            rfc3339(until)
                        );
                    if !out
                        .outcome
                        .effects
                        .contains(&super::Effect::Blocked(msg.clone()))
                    {
                        out.outcome.effects.push(super::Effect::Blocked(msg));
                    }
                }
            }
        }
    }
    Ok(out)
}

pub(crate) fn human_secs(secs: i64) -> String {
    let secs = secs.max(0);
    if secs >= 86_400 {
        format!("{} d {} h", secs / 86_400, secs % 86_400 / 3600)
    } else if secs >= 3600 {
        format!("{} h {} min", secs / 3600, secs % 3600 / 60)
    } else {
        format!("{} min", (secs + 59) / 60)
    }
}
