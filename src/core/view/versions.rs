//! Which A/B version of an email an enrollment gets, as the side panel names it ("version B").
use crate::core::craft::variants;
use crate::core::enrollment::{history_step, Enrollment, FIRST_EMAIL_STEP};
use crate::core::sequence::{Sequence, Step};

/// The version label of the next email the enrollment sends, when that email has variants:
/// the one a send in progress recorded, else the deterministic draw the engine will make.
pub fn next_version(e: &Enrollment, seq: Option<&Sequence>) -> Option<String> {
    let seq = seq?;
    let step = if e.awaiting_first_email {
        FIRST_EMAIL_STEP
    } else {
        e.step_index
    };
    if let Some(a) = e.attempt.as_ref().filter(|a| a.step == step) {
        if let Some(v) = a.variant {
            return Some(variants::label(v));
        }
    }
    let count = if step == FIRST_EMAIL_STEP {
        seq.spec.first_email.as_ref()?.version_count()
    } else {
        match seq.spec.steps.get(step as usize)? {
            Step::Email(m) => m.version_count(),
            Step::Task(_) => return None,
        }
    };
    (count > 1).then(|| variants::label(variants::assign(&e.id, history_step(step), count)))
}
