//! The eight starter templates as the options page offers them: a line each saying its shape,
//! and the editor form of an editable copy.
use super::SequenceForm;
use crate::core::craft::starters;
use crate::core::sequence::{Channel, Delay, Step};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StarterView {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// "8 touches over about 3 weeks · email, call, LinkedIn".
    pub shape: String,
}

/// Calendar days a delay spans, roughly: five business days make a week.
fn days(d: Delay) -> f64 {
    match d {
        Delay::Hours(h) => f64::from(h) / 24.0,
        Delay::Days(n) => f64::from(n),
        Delay::BusinessDays(n) => f64::from(n) * 7.0 / 5.0,
    }
}

/// How long a sequence runs and what channels it uses, in words.
pub fn shape(steps: &[Step]) -> String {
    let touches = steps.len() + 1;
    let total: f64 = steps.iter().map(|s| days(s.delay())).sum();
    let span = if total < 10.0 {
        format!("{} days", total.round().max(1.0))
    } else {
        format!("about {} weeks", (total / 7.0).round())
    };
    let mut channels = vec!["email"];
    for (c, word) in [(Channel::Call, "call"), (Channel::Linkedin, "LinkedIn")] {
        if steps
            .iter()
            .any(|s| matches!(s, Step::Task(t) if t.channel == c))
        {
            channels.push(word);
        }
    }
    format!("{touches} touches over {span} · {}", channels.join(", "))
}

pub fn starter_views() -> Vec<StarterView> {
    starters::starters("UTC")
        .into_iter()
        .map(|s| StarterView {
            id: s.id,
            name: s.name,
            description: s.description,
            shape: shape(&s.spec.steps),
        })
        .collect()
}

/// The editor form of an editable copy of starter `id`, sending in `time_zone` (the user's).
/// It is named after the starter and saved only when the user creates it.
pub fn starter_form(id: &str, time_zone: &str) -> Option<SequenceForm> {
    starters::starter(id, time_zone).map(|s| SequenceForm::from_spec(&s.spec))
}
