//! Which email a send-protocol step sends, and which of its versions an enrollment gets.
use crate::core::craft::variants;
use crate::core::enrollment::{history_step, FIRST_EMAIL_STEP};
use crate::core::ids::EnrollmentId;
use crate::core::sequence::{Sequence, Step, ThreadMode, Variant};

/// "the first email" or "step 3", for sentences.
pub(crate) fn describe(step: u32) -> String {
    match history_step(step) {
        Some(i) => format!("step {}", u64::from(i) + 1),
        None => "the first email".to_owned(),
    }
}

/// The email a send-protocol step sends, with its versions.
pub(super) struct Resolved<'a> {
    pub subject: Option<&'a str>,
    pub body: &'a str,
    pub variants: &'a [Variant],
    pub new_thread: bool,
}

impl<'a> Resolved<'a> {
    pub(super) fn of(seq: &'a Sequence, step: u32) -> Option<Resolved<'a>> {
        if step == FIRST_EMAIL_STEP {
            let f = seq.spec.first_email.as_ref()?;
            return Some(Resolved {
                subject: Some(&f.subject),
                body: &f.body,
                variants: &f.variants,
                new_thread: true,
            });
        }
        match seq.spec.steps.get(step as usize)? {
            Step::Email(m) => Some(Resolved {
                subject: m.subject.as_deref(),
                body: &m.body,
                variants: &m.variants,
                new_thread: m.thread == ThreadMode::New,
            }),
            Step::Task(_) => None,
        }
    }

    /// The version this enrollment gets; `None` when the email has no variants.
    pub(super) fn pick(&self, id: &EnrollmentId, step: u32) -> Option<u32> {
        let count = u32::try_from(self.variants.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        (count > 1).then(|| variants::assign(id, history_step(step), count))
    }

    /// Subject and body of a version (a variant without a subject keeps the email's own).
    pub(super) fn version(&self, variant: Option<u32>) -> (Option<&'a str>, &'a str) {
        let v = variant
            .and_then(|i| (i as usize).checked_sub(1))
            .and_then(|i| self.variants.get(i));
        match v {
            Some(v) => (v.subject.as_deref().or(self.subject), &v.body),
            None => (self.subject, self.body),
        }
    }
}
