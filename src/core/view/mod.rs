//! View models for the extension pages: what the side panel and the options page show, built
//! from the engine's `State`, the ENGINE clock (`now`; frozen in test builds) and the user's
//! display zone. Pure and native-tested; `src/ui` only turns these into DOM.
mod banners;
mod columns;
mod enrollments;
mod form;
mod form_craft;
mod form_step;
mod format;
mod history;
mod import;
mod load;
mod options;
mod rates;
mod starters;
mod stats;
mod upcoming;
mod versions;
mod warnings;

#[cfg(test)]
mod tests;

pub use banners::{banners, empty_state, Banner, EmptyState, Tone};
pub use columns::load_columns;
pub use enrollments::{
    action_done, action_key, action_label, class_key, class_words, enrollments, EnrollmentView,
    MessageView,
};
pub use form::{SequenceForm, WEEKDAYS};
pub use form_craft::{
    version_label, FirstEmailForm, FooterForm, VariantForm, FOOTER_LANGUAGES, MAX_EXTRA_VERSIONS,
};
pub use form_step::{DelayUnit, StepChoice, StepForm};
pub use format::{duration_words, When};
pub use history::{history_line, HistoryLine};
pub use import::{
    custom_columns, identity_label, import_targets, known, problem_words, result_words, senders,
    summary, ImportTarget, Sender, NO_SENDER,
};
pub use load::{load_state, LiveState};
pub use options::{
    control_field, field_label, field_of_error, normalize_origin, preview, sequence_rows,
    OriginError, PreviewLine, SequenceAction, SequenceRow,
};
pub use starters::{shape, starter_form, starter_views, StarterView};
pub use stats::{
    range_words, stats, Bar, FirstEmailStats, Rate, Rates, SequenceStats, Standing, StepStats,
    VersionStats, OPENS_AND_CLICKS,
};
pub use upcoming::{tasks_due, upcoming, Day, Group, TaskItem, UpcomingItem};
pub use versions::next_version;
pub use warnings::{code_key, known_fields, warnings, WarningView};

use crate::core::enrollment::Recipient;
use crate::core::sequence::{Channel, Sequence, Step, ThreadMode};
use crate::core::state::State;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// What every view needs besides the state: the engine's clock and the zone times are shown in.
#[derive(Debug, Clone)]
pub struct ViewCtx {
    pub now: Timestamp,
    pub tz: TimeZone,
}

impl ViewCtx {
    pub fn new(now: Timestamp, tz: TimeZone) -> ViewCtx {
        ViewCtx { now, tz }
    }

    /// An instant as the pages show it: RFC 3339 for `datetime`, words in the user's zone.
    pub fn when(&self, at: Timestamp) -> When {
        format::when(self, at)
    }
}

/// A prospect as shown: name (may be empty) and address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub name: String,
    pub email: String,
}

impl Who {
    pub fn of(r: &Recipient) -> Who {
        Who {
            name: r.name.trim().to_owned(),
            email: r.email.clone(),
        }
    }

    /// "Bob Smith" when there is a name, else the address.
    pub fn display(&self) -> &str {
        if self.name.is_empty() {
            &self.email
        } else {
            &self.name
        }
    }
}

/// What a step asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Email,
    Call,
    Linkedin,
    Other,
}

impl Kind {
    pub fn of(step: &Step) -> Kind {
        match step {
            Step::Email(_) => Kind::Email,
            Step::Task(t) => match t.channel {
                Channel::Call => Kind::Call,
                Channel::Linkedin => Kind::Linkedin,
                Channel::Other => Kind::Other,
            },
        }
    }

    /// Stable token for `data-kind` attributes and CSS.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Email => "email",
            Kind::Call => "call",
            Kind::Linkedin => "linkedin",
            Kind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Email => "Email",
            Kind::Call => "Call",
            Kind::Linkedin => "LinkedIn",
            Kind::Other => "Task",
        }
    }
}

/// "step n of N": `index` is 0-based as stored, `count` the number of steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepRef {
    pub index: u32,
    pub count: u32,
}

impl StepRef {
    pub fn label(self) -> String {
        format!("step {} of {}", self.index + 1, self.count)
    }
}

/// One line describing a step's kind in full, e.g. "Email, same thread" or "Call".
pub fn step_kind_words(step: &Step) -> &'static str {
    match step {
        Step::Email(e) if e.thread == ThreadMode::New => "Email, new thread",
        Step::Email(_) => "Email, same thread",
        Step::Task(_) => Kind::of(step).label(),
    }
}

/// The sequence's name, or a placeholder when the record is gone (an unreadable record).
pub(crate) fn sequence_name(seq: Option<&Sequence>) -> String {
    seq.map(|s| s.spec.name.clone())
        .unwrap_or_else(|| "(unknown sequence)".to_owned())
}

/// Everything the side panel shows, in one value.
#[derive(Debug, Clone)]
pub struct Panel {
    pub banners: Vec<Banner>,
    pub empty: Option<EmptyState>,
    pub upcoming: Vec<Group>,
    pub tasks: Vec<TaskItem>,
    pub enrollments: Vec<EnrollmentView>,
    pub stats: Vec<SequenceStats>,
    /// The zone the times are in, said once at the top.
    pub zone: String,
}

pub fn panel(state: &State, ctx: &ViewCtx) -> Panel {
    Panel {
        banners: banners(state, ctx),
        empty: empty_state(state),
        upcoming: upcoming(state, ctx),
        tasks: tasks_due(state, ctx),
        enrollments: enrollments(state, ctx),
        stats: stats(state),
        zone: ctx.tz.iana_name().unwrap_or("UTC").to_owned(),
    }
}
