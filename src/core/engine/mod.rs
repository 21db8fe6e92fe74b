//! The engine: `(state, input, now) -> (state, effects)`. Every decision is made here from plain
//! data; the runner does the I/O the effects ask for.
mod actions;
mod bulk;
mod enroll;
mod observe;
mod plan;
mod send;
mod sequences;
mod version;

pub use bulk::{render_problem, valid_address, ProspectsInput, Refusal};
pub use enroll::{check_recipients, EnrollInput};
pub use plan::{Plan, PlannedSend};
pub use send::{Begun, MAX_FAILURES};

use crate::core::enrollment::{Class, Enrollment, TransitionError};
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::message::EnrollmentAction;
use crate::core::observed::ObservedMessage;
use crate::core::ports::{MailError, SentRef};
use crate::core::schedule::SendWindow;
use crate::core::sequence::{Sequence, SequenceError, SequenceSpec, SequenceState};
use crate::core::state::{State, Touched};
use crate::core::template::TemplateError;
use crate::core::time::{ZoneError, Zones};
use jiff::Timestamp;
use thiserror::Error;

/// What the engine is told.
#[derive(Debug, Clone)]
pub enum Input {
    CreateSequence {
        id: SequenceId,
        spec: SequenceSpec,
    },
    UpdateSequence {
        id: SequenceId,
        spec: SequenceSpec,
    },
    DuplicateSequence {
        id: SequenceId,
        new_id: SequenceId,
    },
    SetSequenceState {
        id: SequenceId,
        state: SequenceState,
    },
    Enroll(Box<EnrollInput>),
    /// Prospects enrolled without a compose window: the engine sends the first email.
    EnrollProspects(Box<ProspectsInput>),
    /// Messages seen in the account's mailbox (sync, pre-send check, the page).
    ThreadObserved {
        account: AccountId,
        messages: Vec<ObservedMessage>,
    },
    Sent {
        id: EnrollmentId,
        step: u32,
        sent: SentRef,
    },
    SendFailed {
        id: EnrollmentId,
        step: u32,
        error: MailError,
    },
    User {
        id: EnrollmentId,
        action: EnrollmentAction,
    },
    TaskDone {
        id: EnrollmentId,
        step: u32,
    },
    Remark {
        id: EnrollmentId,
        message_id: String,
        class: Class,
    },
}

/// What the engine asks of the world besides writing the touched records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Tell the user (notification) that sending is blocked, and why.
    Blocked(String),
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub touched: Touched,
    pub effects: Vec<Effect>,
    /// Enrollments this input moved out of `active` (a reply, bounce or opt-out).
    pub stopped: u32,
    /// Enrollments created by `EnrollProspects`, and the prospects it refused.
    pub enrolled: Vec<EnrollmentId>,
    pub refused: Vec<Refusal>,
}

impl Outcome {
    fn touched(touched: Touched) -> Outcome {
        Outcome {
            touched,
            ..Outcome::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EngineError {
    #[error("{0}")]
    Sequence(#[from] SequenceError),
    #[error("{0}")]
    Transition(#[from] TransitionError),
    #[error("{0}")]
    Zone(#[from] ZoneError),
    #[error("{0}")]
    Template(#[from] TemplateError),
    #[error("there is no sequence with id {0}")]
    NoSequence(SequenceId),
    #[error("there is no enrollment with id {0}")]
    NoEnrollment(EnrollmentId),
    /// A sentence for the user: why the recipients cannot be enrolled, or the action refused.
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    ReadOnly(String),
}

/// The engine's view of time and zones for one input.
pub struct Ctx<'a> {
    pub now: Timestamp,
    pub zones: &'a Zones,
}

/// Applies one input.
pub fn apply(state: &mut State, ctx: &Ctx, input: Input) -> Result<Outcome, EngineError> {
    state.writable().map_err(EngineError::ReadOnly)?;
    match input {
        Input::CreateSequence { id, spec } => {
            sequences::create(state, ctx, id, spec).map(Outcome::touched)
        }
        Input::UpdateSequence { id, spec } => {
            sequences::update(state, ctx, &id, spec).map(Outcome::touched)
        }
        Input::DuplicateSequence { id, new_id } => {
            sequences::duplicate(state, ctx, &id, new_id).map(Outcome::touched)
        }
        Input::SetSequenceState { id, state: s } => {
            sequences::set_state(state, ctx, &id, s).map(Outcome::touched)
        }
        Input::Enroll(input) => enroll::enroll(state, ctx, *input).map(Outcome::touched),
        Input::EnrollProspects(input) => bulk::enroll_prospects(state, ctx, *input),
        Input::ThreadObserved { account, messages } => {
            Ok(observe::observe(state, ctx, &account, &messages))
        }
        Input::Sent { id, step, sent } => {
            send::succeeded(state, ctx, &id, step, &sent).map(Outcome::touched)
        }
        Input::SendFailed { id, step, error } => send::failed(state, ctx, &id, step, &error),
        Input::User { id, action } => actions::user(state, ctx, &id, action).map(Outcome::touched),
        Input::TaskDone { id, step } => {
            actions::task_done(state, ctx, &id, step).map(Outcome::touched)
        }
        Input::Remark {
            id,
            message_id,
            class,
        } => actions::remark(state, ctx, &id, &message_id, class),
    }
}

pub use plan::plan;
pub use send::begin;

/// The send window for one enrollment: the sequence's, in the prospect's zone when it has one.
pub(crate) fn window_for(
    seq: &Sequence,
    e: &Enrollment,
    zones: &Zones,
) -> Result<SendWindow, ZoneError> {
    let zone = e
        .primary()
        .and_then(|r| r.time_zone.as_deref())
        .unwrap_or(&seq.spec.window.time_zone);
    Ok(SendWindow::new(&seq.spec, zones.get(zone)?))
}

/// Most a due time is pushed later so follow-ups do not all leave on the same second.
pub const JITTER_MAX_SECONDS: u32 = 300;

/// Sets `next_due` for the enrollment's current step, counting from `anchor`. Finishes the
/// enrollment (completed) when no step is left.
pub(crate) fn schedule(
    e: &mut Enrollment,
    seq: &Sequence,
    zones: &Zones,
    anchor: Timestamp,
    now: Timestamp,
) -> Result<(), EngineError> {
    e.anchor = anchor;
    e.send_now = false;
    e.sequence_rev = seq.rev;
    if e.awaiting_first_email {
        // No jitter: a batch is spread by pacing, and a test's frozen clock releases one
        // first email per gap.
        let window = window_for(seq, e, zones)?;
        e.next_due = Some(window.next_opening(anchor));
        return Ok(());
    }
    let Some(step) = seq.spec.steps.get(e.step_index as usize) else {
        e.next_due = None;
        if !e.status.is_terminal() {
            e.transition(
                crate::core::enrollment::Transition::Finish(
                    crate::core::enrollment::StatusReason::Completed,
                ),
                now,
                crate::core::enrollment::Event::Finished,
                Some("all steps are done".into()),
            )?;
        }
        return Ok(());
    };
    let window = window_for(seq, e, zones)?;
    let jitter = if step.is_task() {
        0
    } else {
        crate::core::limits::jitter(&format!("{}/{}", e.id, e.step_index), JITTER_MAX_SECONDS)
    };
    e.next_due = Some(window.due_after(anchor, step.delay(), jitter));
    Ok(())
}

pub(crate) fn enrollment_mut<'a>(
    state: &'a mut State,
    id: &EnrollmentId,
) -> Result<&'a mut Enrollment, EngineError> {
    state
        .enrollments
        .get_mut(id)
        .ok_or_else(|| EngineError::NoEnrollment(id.clone()))
}

pub(crate) fn sequence_of(state: &State, e: &Enrollment) -> Result<Sequence, EngineError> {
    state
        .sequences
        .get(&e.sequence_id)
        .cloned()
        .ok_or_else(|| EngineError::NoSequence(e.sequence_id.clone()))
}

#[cfg(test)]
mod bulk_tests;
#[cfg(test)]
mod tests;
