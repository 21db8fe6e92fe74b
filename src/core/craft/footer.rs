//! The compliance footer (CAN-SPAM, GDPR): an unsubscribe sentence and the sender's postal
//! address below every email, plus the `List-Unsubscribe` header where the provider lets us
//! set headers.
//!
//! The default sentence asks for a one-word reply that reply classification already treats
//! as an opt-out (`reply::OPT_OUT_PHRASES`), so what the footer asks for and what stops the
//! sequence cannot drift apart; a test holds them together in every language.
use crate::core::sequence::{Footer, Language};

/// Separates the footer from the text, as a signature is separated ("-- " then a newline):
/// many mail clients leave everything below it out of a reply's quote.
pub const SEPARATOR: &str = "\n\n-- \n";

/// The default unsubscribe sentence of one language, and the word it asks the prospect to
/// reply with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultSentence {
    pub language: Language,
    pub sentence: &'static str,
    pub reply_word: &'static str,
}

pub const DEFAULT_SENTENCES: &[DefaultSentence] = &[
    DefaultSentence {
        language: Language::En,
        sentence: "Not the right time? Reply \"unsubscribe\" and I won't email you again.",
        reply_word: "unsubscribe",
    },
    DefaultSentence {
        language: Language::De,
        sentence:
            "Kein Interesse? Antworten Sie mit „abmelden“, dann schreibe ich Ihnen nicht mehr.",
        reply_word: "abmelden",
    },
    DefaultSentence {
        language: Language::Fr,
        sentence: "Pas le bon moment ? Répondez « désabonner » et je ne vous écrirai plus.",
        reply_word: "désabonner",
    },
    DefaultSentence {
        language: Language::Es,
        sentence: "¿No es buen momento? Responda «darme de baja» y no le escribiré más.",
        reply_word: "darme de baja",
    },
];

/// The default sentence for a language.
pub fn default_sentence(language: Language) -> &'static DefaultSentence {
    DEFAULT_SENTENCES
        .iter()
        .find(|d| d.language == language)
        .unwrap_or(&DEFAULT_SENTENCES[0])
}

/// The unsubscribe sentence a footer uses: the user's own text, or the default one.
pub fn sentence(footer: &Footer) -> &str {
    match &footer.text {
        Some(t) if !t.trim().is_empty() => t.trim(),
        _ => default_sentence(footer.language).sentence,
    }
}

/// The footer block (sentence, then the postal address), or `None` when it is switched off.
pub fn text(footer: &Footer, physical_address: &str) -> Option<String> {
    if !footer.enabled {
        return None;
    }
    let mut out = sentence(footer).to_owned();
    let address = physical_address.trim();
    if !address.is_empty() {
        out.push('\n');
        out.push_str(address);
    }
    Some(out)
}

/// The email as it goes out: the text, then the footer below the separator.
pub fn append(body: &str, footer: Option<&str>) -> String {
    match footer {
        Some(f) if !f.trim().is_empty() => format!("{}{SEPARATOR}{f}", body.trim_end()),
        _ => body.to_owned(),
    }
}

/// The `List-Unsubscribe` header value (RFC 2369): a `mailto:` the sender with the subject
/// "unsubscribe". Such a request arrives as an ordinary message whose subject the classifier
/// reads as an opt-out. (The one-click `https:` form of RFC 8058 needs a server; there is
/// none.) `None` for an address that cannot go in a URL unescaped.
pub fn list_unsubscribe(sender: &str) -> Option<String> {
    let addr = sender.trim();
    let valid = addr.contains('@')
        && !addr
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '?' | '&' | '#' | '%' | '"'));
    valid.then(|| format!("<mailto:{addr}?subject=unsubscribe>"))
}

#[cfg(test)]
mod tests;
