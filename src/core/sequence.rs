//! The sequence definition: the JSON shape of DESIGN.md, parsed strictly (unknown fields are
//! errors) and validated. Every error names the field it is about.
use crate::core::ids::SequenceId;
use crate::core::template::Template;
use crate::core::time::{ms, Zones};
use jiff::civil::{Date, Weekday};
use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use thiserror::Error;

mod craft;
pub use craft::{FirstEmail, Footer, Language, Variant, MAX_VARIANTS};

/// A sequence as the user defines it (the contract's "Sequence JSON").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SequenceSpec {
    pub name: String,
    pub window: Window,
    #[serde(default)]
    pub holidays: Vec<Date>,
    #[serde(default)]
    pub stop_on: StopOn,
    #[serde(default)]
    pub limits: Limits,
    pub steps: Vec<Step>,
    /// Sent by the engine to open the thread of a bulk-enrolled prospect (added by issue 6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_email: Option<FirstEmail>,
    #[serde(default, skip_serializing_if = "Footer::is_default")]
    pub footer: Footer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Window {
    pub days: Vec<Day>,
    pub from: LocalTime,
    pub to: LocalTime,
    pub time_zone: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    pub fn weekday(self) -> Weekday {
        match self {
            Day::Mon => Weekday::Monday,
            Day::Tue => Weekday::Tuesday,
            Day::Wed => Weekday::Wednesday,
            Day::Thu => Weekday::Thursday,
            Day::Fri => Weekday::Friday,
            Day::Sat => Weekday::Saturday,
            Day::Sun => Weekday::Sunday,
        }
    }
}

/// A wall-clock time of day in minutes, `"HH:MM"` in JSON; `"24:00"` is the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalTime(pub u16);

impl LocalTime {
    pub const END_OF_DAY: LocalTime = LocalTime(24 * 60);

    pub fn parse(s: &str) -> Option<LocalTime> {
        let (h, m) = s.split_once(':')?;
        if h.len() != 2 || m.len() != 2 {
            return None;
        }
        let h: u16 = h.parse().ok()?;
        let m: u16 = m.parse().ok()?;
        match (h, m) {
            (24, 0) => Some(Self::END_OF_DAY),
            (0..=23, 0..=59) => Some(LocalTime(h * 60 + m)),
            _ => None,
        }
    }

    pub fn minutes(self) -> u16 {
        self.0
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for LocalTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LocalTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        LocalTime::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("\"{s}\" is not a time of day like \"09:00\""))
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StopOn {
    #[serde(default)]
    pub any_mail_from_prospect: bool,
    #[serde(default)]
    pub any_mail_from_domain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Limits {
    #[serde(default = "Limits::default_cap")]
    pub daily_cap: u32,
    #[serde(default = "Limits::default_gap")]
    pub min_gap_seconds: u32,
    #[serde(default = "Limits::default_grace")]
    pub catch_up_grace_hours: u32,
}

impl Limits {
    fn default_cap() -> u32 {
        150
    }
    fn default_gap() -> u32 {
        60
    }
    fn default_grace() -> u32 {
        4
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            daily_cap: Self::default_cap(),
            min_gap_seconds: Self::default_gap(),
            catch_up_grace_hours: Self::default_grace(),
        }
    }
}

/// A follow-up step. Parsed through `StepRepr`, a flat struct, because serde's tagged enums
/// buffer their content and lose the path an error must name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
#[serde(try_from = "StepRepr")]
pub enum Step {
    Email(EmailStep),
    Task(TaskStep),
}

impl Step {
    pub fn delay(&self) -> Delay {
        match self {
            Step::Email(e) => e.delay,
            Step::Task(t) => t.delay,
        }
    }

    pub fn is_task(&self) -> bool {
        matches!(self, Step::Task(_))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StepRepr {
    kind: StepKind,
    delay: Option<Delay>,
    thread: Option<ThreadMode>,
    subject: Option<String>,
    body: Option<String>,
    channel: Option<Channel>,
    note: Option<String>,
    variants: Option<Vec<Variant>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum StepKind {
    Email,
    Task,
}

// The messages use serde's own wording ("missing field `x`", "unknown field `x`") so the
// path logic in `SequenceSpec::parse` names the field the same way for every error.
impl TryFrom<StepRepr> for Step {
    type Error = String;
    fn try_from(r: StepRepr) -> Result<Self, String> {
        let missing = |f: &str| format!("missing field `{f}`");
        let delay = r.delay.ok_or_else(|| missing("delay"))?;
        match r.kind {
            StepKind::Email => {
                if r.channel.is_some() {
                    return Err("unknown field `channel` (only task steps have a channel)".into());
                }
                if r.note.is_some() {
                    return Err("unknown field `note` (only task steps have a note)".into());
                }
                Ok(Step::Email(EmailStep {
                    thread: r.thread.ok_or_else(|| missing("thread"))?,
                    delay,
                    subject: r.subject,
                    body: r.body.ok_or_else(|| missing("body"))?,
                    variants: r.variants.unwrap_or_default(),
                }))
            }
            StepKind::Task => {
                for (present, f) in [
                    (r.thread.is_some(), "thread"),
                    (r.subject.is_some(), "subject"),
                    (r.body.is_some(), "body"),
                    (r.variants.is_some(), "variants"),
                ] {
                    if present {
                        return Err(format!("unknown field `{f}` (task steps are not emails)"));
                    }
                }
                Ok(Step::Task(TaskStep {
                    channel: r.channel.ok_or_else(|| missing("channel"))?,
                    delay,
                    note: r.note.unwrap_or_default(),
                }))
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EmailStep {
    pub thread: ThreadMode,
    pub delay: Delay,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub body: String,
    /// Versions B, C... of this email; its own subject and body are version A.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThreadMode {
    Same,
    New,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaskStep {
    pub channel: Channel,
    pub delay: Delay,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Call,
    Linkedin,
    Other,
}

/// How long after the previous step a step falls due. Exactly one unit, as the JSON says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "DelayRepr", into = "DelayRepr")]
pub enum Delay {
    Hours(u32),
    Days(u32),
    BusinessDays(u32),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DelayRepr {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hours: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    business_days: Option<u32>,
}

impl TryFrom<DelayRepr> for Delay {
    type Error = String;
    fn try_from(r: DelayRepr) -> Result<Self, String> {
        match (r.hours, r.days, r.business_days) {
            (Some(h), None, None) => Ok(Delay::Hours(h)),
            (None, Some(d), None) => Ok(Delay::Days(d)),
            (None, None, Some(b)) => Ok(Delay::BusinessDays(b)),
            _ => Err("a delay has exactly one of hours, days or businessDays".into()),
        }
    }
}

impl From<Delay> for DelayRepr {
    fn from(d: Delay) -> Self {
        let mut r = DelayRepr {
            hours: None,
            days: None,
            business_days: None,
        };
        match d {
            Delay::Hours(h) => r.hours = Some(h),
            Delay::Days(n) => r.days = Some(n),
            Delay::BusinessDays(n) => r.business_days = Some(n),
        }
        r
    }
}

impl fmt::Display for Delay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, unit) = match *self {
            Delay::Hours(n) => (n, "hour"),
            Delay::Days(n) => (n, "day"),
            Delay::BusinessDays(n) => (n, "business day"),
        };
        write!(f, "{n} {unit}{}", if n == 1 { "" } else { "s" })
    }
}

/// A sequence definition that failed to parse or validate. `field` is a JSON path such as
/// `steps[1].delay`, so the UI and the test hooks can say exactly what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{field}: {message}")]
pub struct SequenceError {
    pub field: String,
    pub message: String,
}

impl SequenceError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        SequenceError {
            field: field.into(),
            message: message.into(),
        }
    }
}

const MAX_STEPS: usize = 50;
const MAX_DELAY_HOURS: u32 = 24 * 366;
const MAX_DELAY_DAYS: u32 = 366;

impl SequenceSpec {
    /// Parses from any serde source (a JS object in the extension, JSON in tests), keeping the
    /// path of the first error so the message names the field.
    pub fn parse<'de, D: Deserializer<'de>>(d: D) -> Result<SequenceSpec, SequenceError> {
        serde_path_to_error::deserialize(d).map_err(|e| {
            let path = e.path().to_string();
            let field = if path == "." { String::new() } else { path };
            let message = e.into_inner().to_string();
            SequenceError::new(field_or_named(&field, &message), message)
        })
    }

    /// Rules a well-formed definition must also meet. Zone names are checked against `zones`.
    pub fn validate(&self, zones: &Zones) -> Result<(), SequenceError> {
        if self.name.trim().is_empty() {
            return Err(SequenceError::new("name", "give the sequence a name"));
        }
        if self.name.chars().count() > 200 {
            return Err(SequenceError::new(
                "name",
                "keep the name under 200 characters",
            ));
        }
        self.validate_window(zones)?;
        if self.steps.is_empty() {
            return Err(SequenceError::new(
                "steps",
                "add at least one follow-up step",
            ));
        }
        if self.steps.len() > MAX_STEPS {
            return Err(SequenceError::new(
                "steps",
                format!("a sequence has at most {MAX_STEPS} steps"),
            ));
        }
        for (i, step) in self.steps.iter().enumerate() {
            validate_step(i, step)?;
        }
        if let Some(f) = &self.first_email {
            craft::validate_first_email(f)?;
        }
        craft::validate_footer(&self.footer)?;
        let l = &self.limits;
        if l.daily_cap == 0 || l.daily_cap > 10_000 {
            return Err(SequenceError::new(
                "limits.dailyCap",
                "the daily cap must be between 1 and 10000",
            ));
        }
        if l.min_gap_seconds > 86_400 {
            return Err(SequenceError::new(
                "limits.minGapSeconds",
                "the gap between sends must be at most one day (86400 seconds)",
            ));
        }
        if l.catch_up_grace_hours > 24 * 7 {
            return Err(SequenceError::new(
                "limits.catchUpGraceHours",
                "the catch-up grace must be at most 168 hours",
            ));
        }
        Ok(())
    }

    fn validate_window(&self, zones: &Zones) -> Result<(), SequenceError> {
        let w = &self.window;
        if w.days.is_empty() {
            return Err(SequenceError::new(
                "window.days",
                "pick at least one day to send on",
            ));
        }
        if w.from >= w.to {
            return Err(SequenceError::new(
                "window.to",
                format!(
                    "the window must end after it starts ({} to {})",
                    w.from, w.to
                ),
            ));
        }
        zones
            .get(&w.time_zone)
            .map_err(|e| SequenceError::new("window.timeZone", e.to_string()))?;
        Ok(())
    }

    /// The days the window allows, as jiff weekdays.
    pub fn weekdays(&self) -> Vec<Weekday> {
        self.window.days.iter().map(|d| d.weekday()).collect()
    }
}

fn validate_step(i: usize, step: &Step) -> Result<(), SequenceError> {
    let at = |f: &str| format!("steps[{i}].{f}");
    match step.delay() {
        Delay::Hours(h) if h > MAX_DELAY_HOURS => {
            return Err(SequenceError::new(at("delay.hours"), "at most one year"))
        }
        Delay::Days(d) | Delay::BusinessDays(d) if d > MAX_DELAY_DAYS => {
            return Err(SequenceError::new(at("delay"), "at most one year"))
        }
        _ => {}
    }
    match step {
        Step::Email(e) => {
            if e.body.trim().is_empty() {
                return Err(SequenceError::new(at("body"), "write the email's text"));
            }
            Template::parse(&e.body)
                .map_err(|err| SequenceError::new(at("body"), err.to_string()))?;
            match (&e.thread, &e.subject) {
                (ThreadMode::New, None) => {
                    return Err(SequenceError::new(
                        at("subject"),
                        "an email in a new thread needs a subject",
                    ))
                }
                (ThreadMode::New, Some(s)) if s.trim().is_empty() => {
                    return Err(SequenceError::new(
                        at("subject"),
                        "an email in a new thread needs a subject",
                    ))
                }
                _ => {}
            }
            if let Some(s) = &e.subject {
                Template::parse(s)
                    .map_err(|err| SequenceError::new(at("subject"), err.to_string()))?;
            }
            craft::validate_variants(&format!("steps[{i}]"), e.thread, &e.variants)?;
        }
        Step::Task(t) => {
            if t.note.chars().count() > 2000 {
                return Err(SequenceError::new(
                    at("note"),
                    "keep the note under 2000 characters",
                ));
            }
        }
    }
    Ok(())
}

/// serde reports an unknown or missing field in its message, not in the path: lift the name
/// into the field so the error still names it.
fn field_or_named(path: &str, message: &str) -> String {
    let named = ["unknown field `", "missing field `"]
        .iter()
        .find_map(|p| message.split_once(p).map(|(_, rest)| rest))
        .and_then(|rest| rest.split('`').next());
    match (path.is_empty(), named) {
        (true, Some(n)) => n.to_owned(),
        (false, Some(n)) if path == n || path.ends_with(&format!(".{n}")) => path.to_owned(),
        (false, Some(n)) => format!("{path}.{n}"),
        (_, None) => path.to_owned(),
    }
}

/// Whether sending on the sequence is running, paused by the user, or archived for good.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SequenceState {
    #[default]
    Active,
    Paused,
    Archived,
}

/// A stored sequence: the definition plus its id, lifecycle and revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sequence {
    pub id: SequenceId,
    pub spec: SequenceSpec,
    #[serde(default)]
    pub state: SequenceState,
    /// Bumped on every edit, so an enrollment can tell its steps changed under it.
    #[serde(default)]
    pub rev: u32,
    #[serde(with = "ms")]
    pub created_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: serde_json::Value) -> Result<SequenceSpec, SequenceError> {
        SequenceSpec::parse(v)
    }

    fn design_example() -> serde_json::Value {
        json!({"name": "Intro",
         "window": {"days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "17:00",
                    "timeZone": "Europe/Berlin"},
         "holidays": ["2026-12-25"],
         "stopOn": {"anyMailFromProspect": false, "anyMailFromDomain": false},
         "limits": {"dailyCap": 150, "minGapSeconds": 60, "catchUpGraceHours": 4},
         "steps": [
           {"kind": "email", "thread": "same", "delay": {"businessDays": 2},
            "body": "Hi {{first_name|there}}, following up on my note below."},
           {"kind": "task", "channel": "call", "delay": {"days": 1}, "note": "Call them"},
           {"kind": "email", "thread": "new", "delay": {"hours": 72},
            "subject": "One more idea", "body": "Last note from me."}]})
    }

    #[test]
    fn sequence_json_from_design_is_accepted() {
        let s = parse(design_example()).unwrap();
        s.validate(&Zones::default()).unwrap();
        assert_eq!(s.steps.len(), 3);
        assert_eq!(s.steps[0].delay(), Delay::BusinessDays(2));
        assert_eq!(s.window.to, LocalTime(17 * 60));
        // Round trip keeps the shape.
        let back = serde_json::to_value(&s).unwrap();
        assert_eq!(back, design_example());
    }

    #[test]
    fn sequence_defaults_fill_optional_fields() {
        let s = parse(json!({"name": "x",
            "window": {"days": ["mon"], "from": "09:00", "to": "24:00", "timeZone": "UTC"},
            "limits": {"dailyCap": 20},
            "steps": [{"kind": "task", "channel": "linkedin", "delay": {"days": 1}}]}))
        .unwrap();
        assert_eq!(s.limits.daily_cap, 20);
        assert_eq!(s.limits.min_gap_seconds, 60);
        assert_eq!(s.limits.catch_up_grace_hours, 4);
        assert_eq!(s.stop_on, StopOn::default());
        assert_eq!(s.window.to, LocalTime::END_OF_DAY);
        assert!(s.holidays.is_empty());
    }

    #[test]
    fn sequence_unknown_field_is_rejected_by_name() {
        let mut v = design_example();
        v["steps"][1]["colour"] = json!("red");
        let e = parse(v).unwrap_err();
        assert!(e.to_string().contains("colour"), "{e}");
        assert!(e.field.starts_with("steps[1]"), "{e:?}");

        let mut v = design_example();
        v["bogus"] = json!(1);
        let e = parse(v).unwrap_err();
        assert_eq!(e.field, "bogus");
    }

    #[test]
    fn sequence_missing_required_field_is_named() {
        let mut v = design_example();
        v.as_object_mut().unwrap().remove("window");
        let e = parse(v).unwrap_err();
        assert_eq!(e.field, "window", "{e:?}");
    }

    #[test]
    fn sequence_delay_needs_exactly_one_unit() {
        let mut v = design_example();
        v["steps"][0]["delay"] = json!({"days": 1, "hours": 2});
        let e = parse(v).unwrap_err();
        assert_eq!(e.field, "steps[0].delay", "{e:?}");
        let mut v = design_example();
        v["steps"][0]["delay"] = json!({});
        assert!(parse(v).is_err());
    }

    #[test]
    fn sequence_new_thread_step_needs_subject() {
        let mut v = design_example();
        v["steps"][2].as_object_mut().unwrap().remove("subject");
        let e = parse(v).unwrap().validate(&Zones::default()).unwrap_err();
        assert_eq!(e.field, "steps[2].subject");
    }

    #[test]
    fn sequence_window_rules() {
        let mut v = design_example();
        v["window"]["from"] = json!("17:00");
        let e = parse(v).unwrap().validate(&Zones::default()).unwrap_err();
        assert_eq!(e.field, "window.to");

        let mut v = design_example();
        v["window"]["timeZone"] = json!("Mars/Olympus");
        let e = parse(v).unwrap().validate(&Zones::default()).unwrap_err();
        assert_eq!(e.field, "window.timeZone");

        let mut v = design_example();
        v["window"]["from"] = json!("9am");
        let e = parse(v).unwrap_err();
        assert_eq!(e.field, "window.from");

        let mut v = design_example();
        v["window"]["days"] = json!(["mon", "funday"]);
        let e = parse(v).unwrap_err();
        assert!(e.field.starts_with("window.days"), "{e:?}");
    }

    #[test]
    fn sequence_task_channel_is_checked() {
        let mut v = design_example();
        v["steps"][1]["channel"] = json!("fax");
        let e = parse(v).unwrap_err();
        assert_eq!(e.field, "steps[1].channel", "{e:?}");
    }

    #[test]
    fn sequence_bad_template_names_the_body() {
        let mut v = design_example();
        v["steps"][0]["body"] = json!("Hi {{first_name");
        let e = parse(v).unwrap().validate(&Zones::default()).unwrap_err();
        assert_eq!(e.field, "steps[0].body");
    }
}
