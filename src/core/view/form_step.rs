//! One step of the sequence editor's form: its kind choice, delay, texts, and the JSON fields
//! the form does not edit (carried along when steps are reordered).
use super::form::{number, unedited};
use super::form_craft::{variants_form, variants_value, VariantForm};
use crate::core::sequence::{Channel, Delay, SequenceError, Step, ThreadMode};
use serde_json::{json, Map, Value};

/// The step kinds the editor offers, in one select.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepChoice {
    SameThread,
    NewThread,
    Call,
    Linkedin,
    Other,
}

impl StepChoice {
    pub const ALL: [StepChoice; 5] = [
        StepChoice::SameThread,
        StepChoice::NewThread,
        StepChoice::Call,
        StepChoice::Linkedin,
        StepChoice::Other,
    ];

    pub fn token(self) -> &'static str {
        match self {
            StepChoice::SameThread => "email-same",
            StepChoice::NewThread => "email-new",
            StepChoice::Call => "task-call",
            StepChoice::Linkedin => "task-linkedin",
            StepChoice::Other => "task-other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StepChoice::SameThread => "Email in the same thread",
            StepChoice::NewThread => "Email in a new thread",
            StepChoice::Call => "Task: call",
            StepChoice::Linkedin => "Task: LinkedIn",
            StepChoice::Other => "Task: other",
        }
    }

    pub fn from_token(t: &str) -> Option<StepChoice> {
        StepChoice::ALL.into_iter().find(|c| c.token() == t)
    }

    pub fn is_email(self) -> bool {
        matches!(self, StepChoice::SameThread | StepChoice::NewThread)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelayUnit {
    Hours,
    Days,
    BusinessDays,
}

impl DelayUnit {
    pub const ALL: [DelayUnit; 3] = [DelayUnit::Hours, DelayUnit::Days, DelayUnit::BusinessDays];

    /// The JSON key of `delay`, also the select's option value.
    pub fn token(self) -> &'static str {
        match self {
            DelayUnit::Hours => "hours",
            DelayUnit::Days => "days",
            DelayUnit::BusinessDays => "businessDays",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DelayUnit::Hours => "hours",
            DelayUnit::Days => "days",
            DelayUnit::BusinessDays => "business days",
        }
    }

    pub fn from_token(t: &str) -> Option<DelayUnit> {
        DelayUnit::ALL.into_iter().find(|u| u.token() == t)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepForm {
    pub choice: StepChoice,
    pub amount: String,
    pub unit: DelayUnit,
    /// New-thread emails only.
    pub subject: String,
    /// Emails only.
    pub body: String,
    /// Tasks only.
    pub note: String,
    /// Emails only: versions B, C… for an A/B test.
    pub variants: Vec<VariantForm>,
    /// The step's JSON fields this form does not edit (e.g. `variants`), kept for saving.
    pub extra: Map<String, Value>,
    /// Whether `extra` came from an email step: it is dropped if the step becomes a task.
    pub extra_is_email: bool,
}

impl StepForm {
    pub fn new(choice: StepChoice) -> StepForm {
        StepForm {
            choice,
            amount: "2".into(),
            unit: DelayUnit::BusinessDays,
            subject: String::new(),
            body: if choice.is_email() {
                "Hi {{first_name|there}}, following up on my note below.".into()
            } else {
                String::new()
            },
            note: String::new(),
            variants: Vec::new(),
            extra: Map::new(),
            extra_is_email: choice.is_email(),
        }
    }
}

pub(super) fn step_value(i: usize, s: &StepForm) -> Result<Value, SequenceError> {
    let amount = number(&format!("steps[{i}].delay"), &s.amount)?;
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| m.insert(k.to_owned(), v);
    put(
        "kind",
        json!(if s.choice.is_email() { "email" } else { "task" }),
    );
    put("delay", json!({ s.unit.token(): amount }));
    match s.choice {
        StepChoice::SameThread | StepChoice::NewThread => {
            let new = s.choice == StepChoice::NewThread;
            put("thread", json!(if new { "new" } else { "same" }));
            if new {
                put("subject", json!(s.subject.trim()));
            }
            put("body", json!(s.body));
            // A same-thread email goes out as "Re: " the thread's subject: variants there
            // test the text only, so their subjects are left out rather than refused.
            if !s.variants.is_empty() {
                put("variants", variants_value(&s.variants, new));
            }
        }
        StepChoice::Call | StepChoice::Linkedin | StepChoice::Other => {
            let channel = match s.choice {
                StepChoice::Call => "call",
                StepChoice::Linkedin => "linkedin",
                _ => "other",
            };
            put("channel", json!(channel));
            put("note", json!(s.note));
        }
    }
    if s.extra_is_email == s.choice.is_email() {
        for (k, x) in &s.extra {
            m.entry(k.clone()).or_insert_with(|| x.clone());
        }
    }
    Ok(Value::Object(m))
}

pub(super) fn step_form(s: &Step) -> StepForm {
    let (amount, unit) = match s.delay() {
        Delay::Hours(n) => (n, DelayUnit::Hours),
        Delay::Days(n) => (n, DelayUnit::Days),
        Delay::BusinessDays(n) => (n, DelayUnit::BusinessDays),
    };
    let mut f = StepForm {
        choice: StepChoice::SameThread,
        amount: amount.to_string(),
        unit,
        subject: String::new(),
        body: String::new(),
        note: String::new(),
        variants: Vec::new(),
        extra: unedited(s, EDITED_STEP_FIELDS),
        extra_is_email: !s.is_task(),
    };
    match s {
        Step::Email(e) => {
            f.choice = match e.thread {
                ThreadMode::Same => StepChoice::SameThread,
                ThreadMode::New => StepChoice::NewThread,
            };
            f.subject = e.subject.clone().unwrap_or_default();
            f.body = e.body.clone();
            f.variants = variants_form(&e.variants);
        }
        Step::Task(t) => {
            f.choice = match t.channel {
                Channel::Call => StepChoice::Call,
                Channel::Linkedin => StepChoice::Linkedin,
                Channel::Other => StepChoice::Other,
            };
            f.note = t.note.clone();
        }
    }
    f
}

const EDITED_STEP_FIELDS: &[&str] = &[
    "kind", "thread", "delay", "subject", "body", "channel", "note", "variants",
];
