//! The sequence editor's form as plain data: what the inputs hold (strings, as typed), and the
//! conversion to and from the contract's Sequence JSON. The conversion goes through
//! `SequenceSpec::parse`, so a form error names the same field a JSON error would.
use crate::core::sequence::{Channel, Day, Delay, SequenceError, SequenceSpec, Step, ThreadMode};
use serde_json::{json, Map, Value};

/// Weekday tokens in form order, with their labels.
pub const WEEKDAYS: [(Day, &str, &str); 7] = [
    (Day::Mon, "mon", "Mon"),
    (Day::Tue, "tue", "Tue"),
    (Day::Wed, "wed", "Wed"),
    (Day::Thu, "thu", "Thu"),
    (Day::Fri, "fri", "Fri"),
    (Day::Sat, "sat", "Sat"),
    (Day::Sun, "sun", "Sun"),
];

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
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceForm {
    pub name: String,
    /// Indexed like `WEEKDAYS`.
    pub days: [bool; 7],
    pub from: String,
    pub to: String,
    pub time_zone: String,
    /// `YYYY-MM-DD`, as date inputs give them.
    pub holidays: Vec<String>,
    pub stop_prospect: bool,
    pub stop_domain: bool,
    pub daily_cap: String,
    pub min_gap_seconds: String,
    pub catch_up_grace_hours: String,
    pub steps: Vec<StepForm>,
}

impl SequenceForm {
    /// A new sequence: weekdays 09:00–17:00 in `time_zone`, default limits, one follow-up.
    pub fn new(time_zone: &str) -> SequenceForm {
        SequenceForm {
            name: String::new(),
            days: [true, true, true, true, true, false, false],
            from: "09:00".into(),
            to: "17:00".into(),
            time_zone: time_zone.to_owned(),
            holidays: Vec::new(),
            stop_prospect: false,
            stop_domain: false,
            daily_cap: "150".into(),
            min_gap_seconds: "60".into(),
            catch_up_grace_hours: "4".into(),
            steps: vec![StepForm::new(StepChoice::SameThread)],
        }
    }

    pub fn from_spec(s: &SequenceSpec) -> SequenceForm {
        let mut days = [false; 7];
        for (i, (d, _, _)) in WEEKDAYS.iter().enumerate() {
            days[i] = s.window.days.contains(d);
        }
        SequenceForm {
            name: s.name.clone(),
            days,
            from: s.window.from.to_string(),
            to: s.window.to.to_string(),
            time_zone: s.window.time_zone.clone(),
            holidays: s.holidays.iter().map(ToString::to_string).collect(),
            stop_prospect: s.stop_on.any_mail_from_prospect,
            stop_domain: s.stop_on.any_mail_from_domain,
            daily_cap: s.limits.daily_cap.to_string(),
            min_gap_seconds: s.limits.min_gap_seconds.to_string(),
            catch_up_grace_hours: s.limits.catch_up_grace_hours.to_string(),
            steps: s.steps.iter().map(step_form).collect(),
        }
    }

    /// The form as Sequence JSON. Only numbers are checked here; the spec parser checks the rest.
    pub fn to_value(&self) -> Result<Value, SequenceError> {
        let days: Vec<&str> = WEEKDAYS
            .iter()
            .zip(self.days)
            .filter(|(_, on)| *on)
            .map(|((_, token, _), _)| *token)
            .collect();
        let holidays: Vec<&str> = self
            .holidays
            .iter()
            .map(|h| h.trim())
            .filter(|h| !h.is_empty())
            .collect();
        let mut steps = Vec::with_capacity(self.steps.len());
        for (i, s) in self.steps.iter().enumerate() {
            steps.push(step_value(i, s)?);
        }
        Ok(json!({
            "name": self.name.trim(),
            "window": {"days": days, "from": self.from.trim(), "to": self.to.trim(),
                       "timeZone": self.time_zone.trim()},
            "holidays": holidays,
            "stopOn": {"anyMailFromProspect": self.stop_prospect,
                       "anyMailFromDomain": self.stop_domain},
            "limits": {
                "dailyCap": number("limits.dailyCap", &self.daily_cap)?,
                "minGapSeconds": number("limits.minGapSeconds", &self.min_gap_seconds)?,
                "catchUpGraceHours": number("limits.catchUpGraceHours", &self.catch_up_grace_hours)?,
            },
            "steps": steps,
        }))
    }

    /// Parses the form into a spec (validation against zones is the caller's next step).
    pub fn to_spec(&self) -> Result<SequenceSpec, SequenceError> {
        SequenceSpec::parse(self.to_value()?)
    }
}

fn number(field: &str, s: &str) -> Result<u32, SequenceError> {
    s.trim()
        .parse()
        .map_err(|_| SequenceError::new(field, "enter a whole number, like 4"))
}

fn step_value(i: usize, s: &StepForm) -> Result<Value, SequenceError> {
    let amount = number(&format!("steps[{i}].delay"), &s.amount)?;
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| m.insert(k.to_owned(), v);
    put(
        "kind",
        json!(if s.choice.is_email() { "email" } else { "task" }),
    );
    put("delay", json!({ s.unit.token(): amount }));
    match s.choice {
        StepChoice::SameThread => {
            put("thread", json!("same"));
            put("body", json!(s.body));
        }
        StepChoice::NewThread => {
            put("thread", json!("new"));
            put("subject", json!(s.subject.trim()));
            put("body", json!(s.body));
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
    Ok(Value::Object(m))
}

fn step_form(s: &Step) -> StepForm {
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
    };
    match s {
        Step::Email(e) => {
            f.choice = match e.thread {
                ThreadMode::Same => StepChoice::SameThread,
                ThreadMode::New => StepChoice::NewThread,
            };
            f.subject = e.subject.clone().unwrap_or_default();
            f.body = e.body.clone();
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
