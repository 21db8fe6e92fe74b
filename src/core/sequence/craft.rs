//! The sequence JSON fields added for sequence craft (issue 6): the first email of a bulk
//! enrollment, A/B variants of an email, and the compliance footer. All are optional and
//! default to "absent" or "on", so every sequence written before them still parses and
//! serializes to the same JSON.
use super::{EmailStep, SequenceError, ThreadMode};
use crate::core::template::Template;
use serde::{Deserialize, Serialize};

/// Most variants an email may carry besides its own text (A): five versions in all. More
/// would split the sends so thin that no variant reaches the weak-variant threshold.
pub const MAX_VARIANTS: usize = 4;

/// `firstEmail`: what the engine sends, in a new thread, to prospects enrolled without a
/// compose window (a CSV import). Compose enrollments never use it: the user wrote theirs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FirstEmail {
    pub subject: String,
    pub body: String,
    /// Versions B, C... of this email; its own subject and body are version A.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
}

/// One alternative version of an email. A missing subject keeps the control's subject, so a
/// body-only test needs no copy of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Variant {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub body: String,
}

/// The language of the default footer sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    De,
    Fr,
    Es,
}

/// `footer`: the unsubscribe sentence and the sender's postal address (from the settings)
/// below every email. On unless the user turns it off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Footer {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The user's own unsubscribe sentence; absent means the default one in `language`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "is_english")]
    pub language: Language,
}

fn yes() -> bool {
    true
}

fn is_english(l: &Language) -> bool {
    *l == Language::En
}

impl Default for Footer {
    fn default() -> Self {
        Footer {
            enabled: true,
            text: None,
            language: Language::En,
        }
    }
}

impl Footer {
    /// Left out of the JSON when untouched, so older sequences keep their exact shape.
    pub fn is_default(&self) -> bool {
        *self == Footer::default()
    }
}

/// One sendable version of an email: version 0 is the email's own text (A), version `i` is
/// `variants[i - 1]`. A variant without a subject keeps the email's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version<'a> {
    pub subject: Option<&'a str>,
    pub body: &'a str,
}

fn version<'a>(
    subject: Option<&'a str>,
    body: &'a str,
    variants: &'a [Variant],
    i: u32,
) -> Version<'a> {
    match (i as usize).checked_sub(1).and_then(|j| variants.get(j)) {
        Some(v) => Version {
            subject: v.subject.as_deref().or(subject),
            body: &v.body,
        },
        None => Version { subject, body },
    }
}

fn count(variants: &[Variant]) -> u32 {
    u32::try_from(variants.len())
        .unwrap_or(u32::MAX)
        .saturating_add(1)
}

impl EmailStep {
    /// How many versions the email has: 1 plus its variants.
    pub fn version_count(&self) -> u32 {
        count(&self.variants)
    }

    /// Version `i` (0 = the email's own text; out of range falls back to it).
    pub fn version(&self, i: u32) -> Version<'_> {
        version(self.subject.as_deref(), &self.body, &self.variants, i)
    }
}

impl FirstEmail {
    pub fn version_count(&self) -> u32 {
        count(&self.variants)
    }

    pub fn version(&self, i: u32) -> Version<'_> {
        version(Some(&self.subject), &self.body, &self.variants, i)
    }
}

const MAX_FOOTER_CHARS: usize = 500;

pub(super) fn validate_first_email(f: &FirstEmail) -> Result<(), SequenceError> {
    if f.subject.trim().is_empty() {
        return Err(SequenceError::new(
            "firstEmail.subject",
            "the first email starts a new thread and needs a subject",
        ));
    }
    template("firstEmail.subject", &f.subject)?;
    body("firstEmail.body", &f.body)?;
    validate_variants("firstEmail", ThreadMode::New, &f.variants)
}

/// `at` is the email's path (`steps[2]`, `firstEmail`). A same-thread email's subject is
/// always "Re: " and the thread's subject, so a variant subject there could never be sent.
pub(super) fn validate_variants(
    at: &str,
    thread: ThreadMode,
    variants: &[Variant],
) -> Result<(), SequenceError> {
    if variants.len() > MAX_VARIANTS {
        return Err(SequenceError::new(
            format!("{at}.variants"),
            format!(
                "an email has at most {MAX_VARIANTS} variants besides its own text, so each gets enough sends to compare"
            ),
        ));
    }
    for (i, v) in variants.iter().enumerate() {
        let path = format!("{at}.variants[{i}]");
        body(&format!("{path}.body"), &v.body)?;
        if let Some(s) = &v.subject {
            if thread == ThreadMode::Same {
                return Err(SequenceError::new(
                    format!("{path}.subject"),
                    "a follow-up in the same thread is sent as “Re: ” the thread's subject; test subjects on a new-thread email",
                ));
            }
            if s.trim().is_empty() {
                return Err(SequenceError::new(
                    format!("{path}.subject"),
                    "leave the subject out to keep the email's own, or write one",
                ));
            }
            template(&format!("{path}.subject"), s)?;
        }
    }
    Ok(())
}

pub(super) fn validate_footer(f: &Footer) -> Result<(), SequenceError> {
    if let Some(t) = &f.text {
        if t.trim().is_empty() {
            return Err(SequenceError::new(
                "footer.text",
                "leave the text out to use the default unsubscribe sentence, or write one",
            ));
        }
        if t.chars().count() > MAX_FOOTER_CHARS {
            return Err(SequenceError::new(
                "footer.text",
                format!("keep the footer under {MAX_FOOTER_CHARS} characters"),
            ));
        }
    }
    Ok(())
}

fn body(path: &str, text: &str) -> Result<(), SequenceError> {
    if text.trim().is_empty() {
        return Err(SequenceError::new(path, "write the email's text"));
    }
    template(path, text)
}

fn template(path: &str, text: &str) -> Result<(), SequenceError> {
    Template::parse(text)
        .map(|_| ())
        .map_err(|e| SequenceError::new(path, e.to_string()))
}

#[cfg(test)]
mod tests;
