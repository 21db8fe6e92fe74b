//! The editor's forms for the sequence-craft fields (issue 6): the first email of bulk
//! enrollments, A/B versions of an email, and the compliance footer. Strings as typed, turned
//! into the contract's JSON so that the spec parser names the same fields for errors.
use crate::core::sequence::{FirstEmail, Footer, Language, Variant, MAX_VARIANTS};
use serde_json::{json, Map, Value};

/// Versions B, C… of an email. `subject` is only used where a subject is sent (a new thread
/// or the first email); left empty it keeps version A's.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VariantForm {
    pub subject: String,
    pub body: String,
}

/// Most versions B, C… an email may have (`sequence::MAX_VARIANTS`): the editor stops
/// offering "Add a version" there.
pub const MAX_EXTRA_VERSIONS: usize = MAX_VARIANTS;

pub(super) fn variants_form(vs: &[Variant]) -> Vec<VariantForm> {
    vs.iter()
        .map(|v| VariantForm {
            subject: v.subject.clone().unwrap_or_default(),
            body: v.body.clone(),
        })
        .collect()
}

/// The `variants` JSON; a blank subject (or any subject where none is sent) is left out.
pub(super) fn variants_value(vs: &[VariantForm], with_subjects: bool) -> Value {
    Value::Array(
        vs.iter()
            .map(|v| {
                let mut m = Map::new();
                if with_subjects && !v.subject.trim().is_empty() {
                    m.insert("subject".into(), json!(v.subject.trim()));
                }
                m.insert("body".into(), json!(v.body));
                Value::Object(m)
            })
            .collect(),
    )
}

/// `firstEmail`: sent by the engine, in a new thread, to prospects imported from a CSV.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FirstEmailForm {
    pub subject: String,
    pub body: String,
    pub variants: Vec<VariantForm>,
}

impl FirstEmailForm {
    pub fn from_spec(f: Option<&FirstEmail>) -> FirstEmailForm {
        f.map(|f| FirstEmailForm {
            subject: f.subject.clone(),
            body: f.body.clone(),
            variants: variants_form(&f.variants),
        })
        .unwrap_or_default()
    }

    /// Nothing typed: the sequence has no first email (compose enrollments only).
    pub fn is_blank(&self) -> bool {
        self.subject.trim().is_empty() && self.body.trim().is_empty() && self.variants.is_empty()
    }

    pub(super) fn to_value(&self) -> Option<Value> {
        if self.is_blank() {
            return None;
        }
        let mut m = Map::new();
        m.insert("subject".into(), json!(self.subject.trim()));
        m.insert("body".into(), json!(self.body));
        if !self.variants.is_empty() {
            m.insert("variants".into(), variants_value(&self.variants, true));
        }
        Some(Value::Object(m))
    }
}

/// The footer's default-sentence languages, as the select offers them.
pub const FOOTER_LANGUAGES: [(Language, &str, &str); 4] = [
    (Language::En, "en", "English"),
    (Language::De, "de", "German"),
    (Language::Fr, "fr", "French"),
    (Language::Es, "es", "Spanish"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FooterForm {
    pub enabled: bool,
    /// The user's own sentence; empty means the default one in `language`.
    pub text: String,
    pub language: Language,
}

impl Default for FooterForm {
    fn default() -> Self {
        FooterForm::from_spec(&Footer::default())
    }
}

impl FooterForm {
    pub fn from_spec(f: &Footer) -> FooterForm {
        FooterForm {
            enabled: f.enabled,
            text: f.text.clone().unwrap_or_default(),
            language: f.language,
        }
    }

    pub fn language_token(&self) -> &'static str {
        FOOTER_LANGUAGES
            .iter()
            .find(|(l, _, _)| *l == self.language)
            .map_or("en", |(_, t, _)| t)
    }

    pub fn set_language(&mut self, token: &str) {
        if let Some((l, _, _)) = FOOTER_LANGUAGES.iter().find(|(_, t, _)| *t == token) {
            self.language = *l;
        }
    }

    /// The sentence the footer shows now (the user's, or the default of its language).
    pub fn sentence(&self) -> String {
        let spec = Footer {
            enabled: self.enabled,
            text: Some(self.text.clone()),
            language: self.language,
        };
        crate::core::craft::footer::sentence(&spec).to_owned()
    }

    pub(super) fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("enabled".into(), json!(self.enabled));
        if !self.text.trim().is_empty() {
            m.insert("text".into(), json!(self.text.trim()));
        }
        m.insert("language".into(), json!(self.language_token()));
        Value::Object(m)
    }
}

/// "B" for the first variant (index 0): version A is the email's own text.
pub fn version_label(variant_index: usize) -> String {
    crate::core::craft::variants::label(u32::try_from(variant_index + 1).unwrap_or(25))
}
