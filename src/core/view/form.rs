//! The sequence editor's form as plain data: what the inputs hold (strings, as typed), and the
//! conversion to and from the contract's Sequence JSON. The conversion goes through
//! `SequenceSpec::parse`, so a form error names the same field a JSON error would.
//!
//! Fields the editor does not show (whatever later issues add) are kept as JSON beside the
//! form and written back unchanged: editing a sequence here never drops them.
use super::form_craft::{FirstEmailForm, FooterForm};
use super::form_step::{step_form, step_value, StepChoice, StepForm};
use crate::core::sequence::{Day, SequenceError, SequenceSpec};
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
    /// The first email of prospects imported from a CSV; blank means none.
    pub first: FirstEmailForm,
    pub footer: FooterForm,
    /// The sequence's JSON fields this form does not edit.
    pub extra: Map<String, Value>,
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
            first: FirstEmailForm::default(),
            footer: FooterForm::default(),
            extra: Map::new(),
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
            first: FirstEmailForm::from_spec(s.first_email.as_ref()),
            footer: FooterForm::from_spec(&s.footer),
            extra: unedited(s, EDITED_SPEC_FIELDS),
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
        let mut v = json!({
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
        });
        if let Value::Object(m) = &mut v {
            if let Some(first) = self.first.to_value() {
                m.insert("firstEmail".into(), first);
            }
            m.insert("footer".into(), self.footer.to_value());
            for (k, x) in &self.extra {
                m.entry(k.clone()).or_insert_with(|| x.clone());
            }
        }
        Ok(v)
    }

    /// Parses the form into a spec (validation against zones is the caller's next step).
    pub fn to_spec(&self) -> Result<SequenceSpec, SequenceError> {
        SequenceSpec::parse(self.to_value()?)
    }
}

pub(super) fn number(field: &str, s: &str) -> Result<u32, SequenceError> {
    s.trim()
        .parse()
        .map_err(|_| SequenceError::new(field, "enter a whole number, like 4"))
}

const EDITED_SPEC_FIELDS: &[&str] = &[
    "name",
    "window",
    "holidays",
    "stopOn",
    "limits",
    "steps",
    "firstEmail",
    "footer",
];

/// `value`'s JSON object without the `edited` fields.
pub(super) fn unedited<T: serde::Serialize>(value: &T, edited: &[&str]) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(mut m)) => {
            m.retain(|k, _| !edited.contains(&k.as_str()));
            m
        }
        _ => Map::new(),
    }
}
