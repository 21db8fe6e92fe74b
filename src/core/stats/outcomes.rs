//! Outcomes beyond replies (meetings, unsubscribes, bounces), per first email, step and A/B
//! version, the weak-step and weak-version flags, and the playbook benchmarks the UI shows
//! the rates against. Opens and clicks are absent by design: there are no tracking pixels.
use super::{rate, step_mut, SequenceStats, StepStats};
use crate::core::craft::variants;
use crate::core::enrollment::{Enrollment, Event};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A benchmark range for a rate, as a share in [0, 1]; `None` means unbounded on that side.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// The sales-playbook benchmarks (reply 5–15%, meeting 1–3%, unsubscribe under 1%).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Benchmarks {
    pub reply_rate: Range,
    pub meeting_rate: Range,
    pub unsubscribe_rate: Range,
    /// Sends a step or version needs before it can be called weak (`variants::MIN_SENDS`).
    pub weak_min_sends: u32,
}

pub const BENCHMARKS: Benchmarks = Benchmarks {
    reply_rate: Range {
        min: Some(0.05),
        max: Some(0.15),
    },
    meeting_rate: Range {
        min: Some(0.01),
        max: Some(0.03),
    },
    unsubscribe_rate: Range {
        min: None,
        max: Some(0.01),
    },
    weak_min_sends: variants::MIN_SENDS,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantStats {
    /// 0 = the email's own text, 1 = its first variant...
    pub variant: u32,
    /// "A", "B"...
    pub label: String,
    pub sent: u32,
    pub replied: u32,
    pub reply_rate: Option<f64>,
    pub meetings: u32,
    pub meeting_rate: Option<f64>,
    pub bounced: u32,
    pub bounce_rate: Option<f64>,
    pub unsubscribed: u32,
    pub unsubscribe_rate: Option<f64>,
    /// Clearly below the best version of this email (see `variants::weak`).
    pub weak: bool,
}

/// Adds one enrollment's first email, meetings and per-version counts. The caller has
/// counted the steps' sends, replies, bounces and unsubscribes.
pub(super) fn add(s: &mut SequenceStats, e: &Enrollment, outcomes: &[(Event, Option<u32>)]) {
    // What went out, by step (`None` = a bulk enrollment's first email), in which version.
    let sends: BTreeMap<Option<u32>, Option<u32>> = e
        .history
        .iter()
        .filter(|h| h.event == Event::Sent)
        .map(|h| (h.step, h.variant))
        .collect();
    let meeting = e
        .history
        .iter()
        .rev()
        .find(|h| h.event == Event::MeetingBooked)
        .map(|h| h.step);
    s.meetings += u32::from(meeting.is_some());
    // Each (event, step) once per enrollment, as the step counts have it.
    let mut credited: Vec<(Event, Option<u32>)> = Vec::new();
    for &o in outcomes
        .iter()
        .chain(meeting.map(|step| (Event::MeetingBooked, step)).iter())
    {
        if !credited.contains(&o) {
            credited.push(o);
        }
    }
    for (&step, &variant) in &sends {
        let target = target(s, step);
        if step.is_none() {
            target.sent += 1;
        }
        if let Some(v) = variant {
            version(target, v).sent += 1;
        }
    }
    for &(event, step) in &credited {
        let Some(&variant) = sends.get(&step) else {
            continue;
        };
        let first = step.is_none();
        let target = target(s, step);
        // Steps' replies, bounces and unsubscribes are counted by the caller already.
        bump(&mut Tally::of_step(target), event, first);
        if let Some(v) = variant {
            bump(&mut Tally::of_version(version(target, v)), event, true);
        }
    }
}

fn target(s: &mut SequenceStats, step: Option<u32>) -> &mut StepStats {
    match step {
        Some(i) => step_mut(&mut s.steps, i),
        None => s.first_email.get_or_insert_with(|| StepStats::new(0)),
    }
}

fn version(step: &mut StepStats, v: u32) -> &mut VariantStats {
    let i = match step.variants.iter().position(|x| x.variant == v) {
        Some(i) => i,
        None => {
            step.variants.push(VariantStats {
                variant: v,
                label: variants::label(v),
                sent: 0,
                replied: 0,
                reply_rate: None,
                meetings: 0,
                meeting_rate: None,
                bounced: 0,
                bounce_rate: None,
                unsubscribed: 0,
                unsubscribe_rate: None,
                weak: false,
            });
            step.variants.sort_by_key(|x| x.variant);
            step.variants
                .iter()
                .position(|x| x.variant == v)
                .unwrap_or(0)
        }
    };
    &mut step.variants[i]
}

/// Mutable views of the counters a step and a version share.
struct Tally<'a> {
    replied: &'a mut u32,
    meetings: &'a mut u32,
    bounced: &'a mut u32,
    unsubscribed: &'a mut u32,
}

impl<'a> Tally<'a> {
    fn of_step(s: &'a mut StepStats) -> Tally<'a> {
        Tally {
            replied: &mut s.replied,
            meetings: &mut s.meetings,
            bounced: &mut s.bounced,
            unsubscribed: &mut s.unsubscribed,
        }
    }

    fn of_version(v: &'a mut VariantStats) -> Tally<'a> {
        Tally {
            replied: &mut v.replied,
            meetings: &mut v.meetings,
            bounced: &mut v.bounced,
            unsubscribed: &mut v.unsubscribed,
        }
    }
}

/// Counts `event`; replies, bounces and unsubscribes only when `all` (not yet counted).
fn bump(t: &mut Tally, event: Event, all: bool) {
    match event {
        Event::MeetingBooked => *t.meetings += 1,
        Event::Replied if all => *t.replied += 1,
        Event::Bounced if all => *t.bounced += 1,
        Event::Unsubscribed if all => *t.unsubscribed += 1,
        _ => {}
    }
}

/// Rates and weak flags, once every enrollment is counted.
pub(super) fn finish(s: &mut SequenceStats) {
    s.meeting_rate = rate(s.meetings, s.enrolled);
    s.bounce_rate = rate(s.bounced, s.enrolled);
    s.unsubscribe_rate = rate(s.unsubscribed, s.enrolled);
    for step in s.steps.iter_mut().chain(s.first_email.as_mut()) {
        step.reply_rate = rate(step.replied, step.sent);
        step.meeting_rate = rate(step.meetings, step.sent);
        step.bounce_rate = rate(step.bounced, step.sent);
        step.unsubscribe_rate = rate(step.unsubscribed, step.sent);
        let arms: Vec<(u32, u32)> = step.variants.iter().map(|v| (v.sent, v.replied)).collect();
        for (v, weak) in step.variants.iter_mut().zip(variants::weak(&arms)) {
            v.reply_rate = rate(v.replied, v.sent);
            v.meeting_rate = rate(v.meetings, v.sent);
            v.bounce_rate = rate(v.bounced, v.sent);
            v.unsubscribe_rate = rate(v.unsubscribed, v.sent);
            v.weak = weak;
        }
    }
    // Follow-up steps are compared with each other; the first email, sent to everyone
    // first, would make every later step look weak.
    let arms: Vec<(u32, u32)> = s.steps.iter().map(|st| (st.sent, st.replied)).collect();
    for (step, weak) in s.steps.iter_mut().zip(variants::weak(&arms)) {
        step.weak = weak;
    }
}
