//! Creating, editing and stopping sequences, and what that does to running enrollments.
use super::{schedule, Ctx, EngineError};
use crate::core::enrollment::{Event, Status, StatusReason, Transition};
use crate::core::ids::{EnrollmentId, SequenceId};
use crate::core::sequence::{Sequence, SequenceSpec, SequenceState};
use crate::core::state::{State, Touched};
use crate::core::store::Key;

pub fn create(
    state: &mut State,
    ctx: &Ctx,
    id: SequenceId,
    spec: SequenceSpec,
) -> Result<Touched, EngineError> {
    spec.validate(ctx.zones)?;
    if state.sequences.contains_key(&id) {
        return Err(EngineError::Refused(format!(
            "a sequence with id {id} already exists"
        )));
    }
    state.sequences.insert(
        id.clone(),
        Sequence {
            id: id.clone(),
            spec,
            state: SequenceState::Active,
            rev: 0,
            created_at: ctx.now,
        },
    );
    Ok(Touched::one(Key::Sequence(id)))
}

/// An edit applies to the steps not yet sent. Running enrollments keep their place; their next
/// due time is recomputed from the previous send with the new delay and window. An enrollment
/// whose position is past the new last step is finished (completed).
pub fn update(
    state: &mut State,
    ctx: &Ctx,
    id: &SequenceId,
    spec: SequenceSpec,
) -> Result<Touched, EngineError> {
    spec.validate(ctx.zones)?;
    let seq = state
        .sequences
        .get_mut(id)
        .ok_or_else(|| EngineError::NoSequence(id.clone()))?;
    if seq.state == SequenceState::Archived {
        return Err(EngineError::Refused(
            "this sequence is archived; duplicate it to make changes".into(),
        ));
    }
    seq.spec = spec;
    seq.rev += 1;
    let seq = seq.clone();
    let mut touched = Touched::one(Key::Sequence(id.clone()));
    for eid in enrollments_of(state, id) {
        let Some(e) = state.enrollments.get_mut(&eid) else {
            continue;
        };
        if e.status != Status::Active || e.attempt.is_some() {
            continue;
        }
        let before = e.next_due;
        let anchor = e.anchor;
        schedule(e, &seq, ctx.zones, anchor, ctx.now)?;
        if e.next_due != before {
            let step = Some(e.step_index);
            e.record(
                ctx.now,
                Event::Edited,
                step,
                Some("the sequence was edited".into()),
            );
        }
        state.reindex(&eid);
        touched.add(Key::Enrollment(eid));
    }
    Ok(touched)
}

pub fn duplicate(
    state: &mut State,
    ctx: &Ctx,
    id: &SequenceId,
    new_id: SequenceId,
) -> Result<Touched, EngineError> {
    let src = state
        .sequences
        .get(id)
        .ok_or_else(|| EngineError::NoSequence(id.clone()))?;
    let mut spec = src.spec.clone();
    spec.name = format!("Copy of {}", spec.name);
    create(state, ctx, new_id, spec)
}

/// Pausing or archiving a sequence cancels its queued steps at once: its enrollments leave
/// `active` in the same write, so nothing queued can go out after it.
pub fn set_state(
    state: &mut State,
    ctx: &Ctx,
    id: &SequenceId,
    to: SequenceState,
) -> Result<Touched, EngineError> {
    let seq = state
        .sequences
        .get_mut(id)
        .ok_or_else(|| EngineError::NoSequence(id.clone()))?;
    let from = seq.state;
    if from == to {
        return Ok(Touched::default());
    }
    if from == SequenceState::Archived {
        return Err(EngineError::Refused(
            "an archived sequence stays archived; duplicate it to use it again".into(),
        ));
    }
    seq.state = to;
    let seq = seq.clone();
    let mut touched = Touched::one(Key::Sequence(id.clone()));
    for eid in enrollments_of(state, id) {
        let Some(e) = state.enrollments.get_mut(&eid) else {
            continue;
        };
        let changed = match to {
            SequenceState::Paused if e.status == Status::Active => {
                e.transition(
                    Transition::Pause(StatusReason::SequencePaused),
                    ctx.now,
                    Event::Paused,
                    Some("the sequence was paused".into()),
                )?;
                e.next_due = None;
                true
            }
            SequenceState::Active
                if e.status == Status::Paused
                    && e.status_reason == Some(StatusReason::SequencePaused) =>
            {
                e.transition(
                    Transition::Resume,
                    ctx.now,
                    Event::Resumed,
                    Some("the sequence was resumed".into()),
                )?;
                super::actions::reschedule_on_resume(e, &seq, ctx)?;
                true
            }
            SequenceState::Archived if !e.status.is_terminal() => {
                e.transition(
                    Transition::Finish(StatusReason::SequenceArchived),
                    ctx.now,
                    Event::Finished,
                    Some("the sequence was archived".into()),
                )?;
                e.next_due = None;
                true
            }
            _ => false,
        };
        if changed {
            state.reindex(&eid);
            touched.add(Key::Enrollment(eid));
        }
    }
    Ok(touched)
}

fn enrollments_of(state: &State, id: &SequenceId) -> Vec<EnrollmentId> {
    state
        .enrollments
        .values()
        .filter(|e| &e.sequence_id == id)
        .map(|e| e.id.clone())
        .collect()
}
