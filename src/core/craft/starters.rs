//! Starter templates: one ready sequence for each standard sequence type of the playbooks,
//! with the usual length, spacing and channel mix, and example copy that follows the content
//! rules (short subjects, under 150 words, one call to action, personalised beyond the first
//! name with fallbacks). Choosing one gives the user an editable copy of its `spec`.
//!
//! Every starter passes validation and every best-practice check, except customer
//! onboarding, which deliberately has no breakup email: a customer is not broken up with.
mod catalog;

use crate::core::sequence::Day;
use crate::core::sequence::{
    Channel, Delay, EmailStep, FirstEmail, Footer, Limits, LocalTime, SequenceSpec, Step, StopOn,
    TaskStep, ThreadMode, Window,
};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Starter {
    /// Stable, for the options page: `cold-outbound`, `demo-no-show`...
    pub id: &'static str,
    pub name: &'static str,
    /// One sentence: when to use it and its shape.
    pub description: &'static str,
    pub spec: SequenceSpec,
}

/// Ids of starters that trip a check on purpose, with the check and why.
pub const DELIBERATE: &[(&str, crate::core::craft::checks::Code, &str)] = &[(
    "customer-onboarding",
    crate::core::craft::checks::Code::NoBreakup,
    "onboarding helps a customer start; it ends with an offer of help, not a breakup",
)];

/// All eight starters, sending on weekdays 09:00-17:00 in `time_zone` (the user's zone).
pub fn starters(time_zone: &str) -> Vec<Starter> {
    catalog::all()
        .into_iter()
        .map(|d| Starter {
            id: d.id,
            name: d.name,
            description: d.description,
            spec: SequenceSpec {
                name: d.name.to_owned(),
                window: Window {
                    days: vec![Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri],
                    from: LocalTime(9 * 60),
                    to: LocalTime(17 * 60),
                    time_zone: time_zone.to_owned(),
                },
                holidays: Vec::new(),
                stop_on: StopOn::default(),
                limits: Limits::default(),
                steps: d.steps,
                first_email: Some(FirstEmail {
                    subject: d.first.0.to_owned(),
                    body: d.first.1.to_owned(),
                    variants: Vec::new(),
                }),
                footer: Footer::default(),
            },
        })
        .collect()
}

/// The starter with this id.
pub fn starter(id: &str, time_zone: &str) -> Option<Starter> {
    starters(time_zone).into_iter().find(|s| s.id == id)
}

/// A starter before the shared settings are filled in.
pub(crate) struct Draft {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Subject and body of the first email.
    pub first: (&'static str, &'static str),
    pub steps: Vec<Step>,
}

pub(crate) fn reply(business_days: u32, body: &str) -> Step {
    Step::Email(EmailStep {
        thread: ThreadMode::Same,
        delay: Delay::BusinessDays(business_days),
        subject: None,
        body: body.to_owned(),
        variants: Vec::new(),
    })
}

pub(crate) fn fresh(business_days: u32, subject: &str, body: &str) -> Step {
    Step::Email(EmailStep {
        thread: ThreadMode::New,
        delay: Delay::BusinessDays(business_days),
        subject: Some(subject.to_owned()),
        body: body.to_owned(),
        variants: Vec::new(),
    })
}

pub(crate) fn call(days: u32, note: &str) -> Step {
    task(Channel::Call, days, note)
}

pub(crate) fn linkedin(days: u32, note: &str) -> Step {
    task(Channel::Linkedin, days, note)
}

fn task(channel: Channel, days: u32, note: &str) -> Step {
    Step::Task(TaskStep {
        channel,
        delay: Delay::Days(days),
        note: note.to_owned(),
    })
}

#[cfg(test)]
mod tests;
