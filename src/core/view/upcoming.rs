//! Upcoming follow-ups and tasks, grouped Today / Tomorrow / Later in the user's zone, and the
//! open tasks the user has to do. A step that is due but held back says why it waits.
use super::format::{duration_words, local_date};
use super::{sequence_name, Kind, StepRef, ViewCtx, When, Who};
use crate::core::account::{ProviderKind, Session};
use crate::core::enrollment::{Enrollment, Status};
use crate::core::ids::EnrollmentId;
use crate::core::limits::Blocked;
use crate::core::sequence::{Sequence, Step};
use crate::core::state::State;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day {
    Today,
    Tomorrow,
    Later,
}

impl Day {
    pub fn title(self) -> &'static str {
        match self {
            Day::Today => "Today",
            Day::Tomorrow => "Tomorrow",
            Day::Later => "Later",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Group {
    pub day: Day,
    pub items: Vec<UpcomingItem>,
}

/// One scheduled step of one enrollment.
#[derive(Debug, Clone)]
pub struct UpcomingItem {
    pub enrollment: EnrollmentId,
    pub who: Who,
    /// Further recipients of the same thread.
    pub others: usize,
    pub sequence: String,
    pub step: StepRef,
    /// A bulk enrollment's first email, which comes before the steps.
    pub first_email: bool,
    /// The A/B version ("B") this email will be, when it has variants.
    pub version: Option<String>,
    pub kind: Kind,
    pub due: When,
    /// Due time has passed.
    pub late: bool,
    /// Why it has not gone yet (cap, logged out, retrying), as a sentence; None when on track.
    pub waiting: Option<String>,
}

impl UpcomingItem {
    /// "step 2 of 3", or "first email" for a bulk enrollment's opening email, then the
    /// version when the email has variants ("first email · version B").
    pub fn step_label(&self) -> String {
        let step = if self.first_email {
            "first email".to_owned()
        } else {
            self.step.label()
        };
        match &self.version {
            Some(v) => format!("{step} · version {v}"),
            None => step,
        }
    }
}

/// A manual step that fell due and is not done yet.
#[derive(Debug, Clone)]
pub struct TaskItem {
    pub enrollment: EnrollmentId,
    pub who: Who,
    pub sequence: String,
    pub step: StepRef,
    pub kind: Kind,
    pub note: String,
    pub due: When,
}

/// Always three groups, in order, so the page can show "Nothing today" under an empty one.
/// A late step sits under Today: that is when it will go.
pub fn upcoming(state: &State, ctx: &ViewCtx) -> Vec<Group> {
    let mut items: Vec<UpcomingItem> = state
        .enrollments
        .values()
        .filter(|e| e.status == Status::Active)
        .filter_map(|e| item(state, ctx, e))
        .collect();
    items.sort_by(|a, b| (a.due.at, &a.enrollment).cmp(&(b.due.at, &b.enrollment)));
    let today = local_date(ctx, ctx.now);
    let tomorrow = today.tomorrow().unwrap_or(today);
    let mut groups: Vec<Group> = [Day::Today, Day::Tomorrow, Day::Later]
        .into_iter()
        .map(|day| Group {
            day,
            items: Vec::new(),
        })
        .collect();
    for it in items {
        let date = local_date(ctx, it.due.at);
        let i = if date <= today {
            0
        } else if date == tomorrow {
            1
        } else {
            2
        };
        groups[i].items.push(it);
    }
    groups
}

fn item(state: &State, ctx: &ViewCtx, e: &Enrollment) -> Option<UpcomingItem> {
    let due = e.next_due?;
    let seq = state.sequences.get(&e.sequence_id);
    let step = seq
        .and_then(|s| s.spec.steps.get(e.step_index as usize))
        .filter(|_| !e.awaiting_first_email);
    let late = due <= ctx.now;
    Some(UpcomingItem {
        enrollment: e.id.clone(),
        who: e.primary().map(Who::of).unwrap_or(Who {
            name: String::new(),
            email: "(no recipient)".to_owned(),
        }),
        others: e.recipients.len().saturating_sub(1),
        sequence: sequence_name(seq),
        step: StepRef {
            index: e.step_index,
            count: seq.map_or(0, |s| s.spec.steps.len() as u32),
        },
        first_email: e.awaiting_first_email,
        version: super::versions::next_version(e, seq),
        kind: step.map_or(Kind::Email, Kind::of),
        due: ctx.when(due),
        late,
        waiting: waiting(state, ctx, e, seq, step, late),
    })
}

/// The first reason, in the order the user can act on them, that the step has not gone.
fn waiting(
    state: &State,
    ctx: &ViewCtx,
    e: &Enrollment,
    seq: Option<&Sequence>,
    step: Option<&Step>,
    late: bool,
) -> Option<String> {
    if let Some(a) = state.accounts.get(&e.account) {
        match &a.session {
            Session::Expired { .. } if a.provider == ProviderKind::Gmail => {
                return Some(format!(
                    "Waiting: reconnect Gmail for {} in mailseq's options — follow-ups are \
                     held until then.",
                    a.user
                ))
            }
            Session::Expired { .. } => {
                return Some(format!(
                    "Waiting: log in to {} again — follow-ups are held until then.",
                    a.origin
                ))
            }
            Session::Unreachable { message, .. } => {
                return Some(format!(
                    "Waiting: {} cannot be reached ({message}); retried on the next check.",
                    a.origin
                ))
            }
            Session::Ok => {}
        }
    }
    if let Some(a) = &e.attempt {
        return Some(match a.retry_at {
            Some(_) => format!(
                "Retrying after a failed send (try {} of {}).",
                a.failures + 1,
                crate::core::engine::MAX_FAILURES
            ),
            None => "Sending now…".to_owned(),
        });
    }
    if !late || step.is_some_and(Step::is_task) {
        return None;
    }
    let seq = seq?;
    let pace = state.pace.get(&seq.id).cloned().unwrap_or_default();
    let late_by = duration_words(ctx.now.as_second() - e.next_due?.as_second());
    Some(match pace.check(ctx.now, &seq.spec.limits) {
        Err(Blocked::Cap { until, sent_24h }) => format!(
            "Waiting: the daily cap of {} is reached ({sent_24h} sent in 24 h); next send from {}.",
            seq.spec.limits.daily_cap,
            ctx.when(until).label
        ),
        Err(Blocked::Gap { until }) => format!(
            "Waiting for the {} s gap between sends (until {}).",
            seq.spec.limits.min_gap_seconds,
            seconds_label(ctx, until)
        ),
        Ok(()) => format!(
            "{late_by} late: goes on the next check if still within the {} h catch-up grace, else moves to the next window opening.",
            seq.spec.limits.catch_up_grace_hours
        ),
    })
}

/// Seconds matter for the pacing gap; the usual label would round them away.
fn seconds_label(ctx: &ViewCtx, t: jiff::Timestamp) -> String {
    t.to_zoned_datetime(ctx.tz.clone())
        .strftime("%H:%M:%S")
        .to_string()
}

/// Open tasks, oldest due first.
pub fn tasks_due(state: &State, ctx: &ViewCtx) -> Vec<TaskItem> {
    let mut out: Vec<TaskItem> = Vec::new();
    for e in state.enrollments.values() {
        let seq = state.sequences.get(&e.sequence_id);
        for t in &e.tasks {
            let step = seq.and_then(|s| s.spec.steps.get(t.step as usize));
            let note = match step {
                Some(Step::Task(ts)) => ts.note.clone(),
                _ => String::new(),
            };
            out.push(TaskItem {
                enrollment: e.id.clone(),
                who: e.primary().map(Who::of).unwrap_or(Who {
                    name: String::new(),
                    email: String::new(),
                }),
                sequence: sequence_name(seq),
                step: StepRef {
                    index: t.step,
                    count: seq.map_or(0, |s| s.spec.steps.len() as u32),
                },
                kind: step.map_or(Kind::Other, Kind::of),
                note,
                due: ctx.when(t.due),
            });
        }
    }
    out.sort_by(|a, b| (a.due.at, &a.enrollment).cmp(&(b.due.at, &b.enrollment)));
    out
}
