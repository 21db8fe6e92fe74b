//! Text handling for classification: folding case and accents, cutting quoted text, and
//! whole-word phrase matching. No regex or Unicode tables: the few rules needed are here.
use super::patterns::{ATTRIBUTIONS, HEADER_BLOCKS, SEPARATORS};

/// Lower case, accents removed, typographic quotes and dashes made plain, so "Réponse" and
/// "REPONSE" compare equal. Keeps punctuation and line breaks.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            // Combining marks: text in decomposed form (NFD) carries accents as separate chars.
            '\u{300}'..='\u{36f}' => {}
            '\u{2018}' | '\u{2019}' | '\u{2bc}' | '\u{b4}' | '`' => out.push('\''),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            '\u{a0}' | '\u{202f}' | '\u{2009}' | '\u{2013}' | '\u{2014}' => out.push(' '),
            _ => {
                for l in c.to_lowercase() {
                    push_unaccented(&mut out, l);
                }
            }
        }
    }
    out
}

fn push_unaccented(out: &mut String, c: char) {
    let plain = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'đ' => 'd',
        'ß' => return out.push_str("ss"),
        'æ' => return out.push_str("ae"),
        'œ' => return out.push_str("oe"),
        other => other,
    };
    out.push(plain);
}

/// Gmail's API snippets arrive HTML-escaped (`&gt;`, `&#39;`); undo the few that matter.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&gt;", ">")
        .replace("&lt;", "<")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// The reply's own words: folded, without `>` lines and without everything from the start of
/// the quoted original on. Works on multi-line bodies and on one-line snippets (where the
/// quote starts mid-line, e.g. "Please remove me On Mon, … wrote: > Hi …").
pub fn unquoted(raw: &str) -> String {
    // "Envoyé :" and "a écrit :" put a space before the colon; drop it so one marker fits.
    let text = fold(&decode_entities(raw)).replace(" :", ":");
    let mut kept = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('>') {
            continue;
        }
        let cut = quote_start(line);
        kept.push_str(&line[..cut.unwrap_or(line.len())]);
        kept.push('\n');
        if cut.is_some() {
            break;
        }
    }
    kept
}

/// Byte offset in a folded line where quoted material begins, if it does.
fn quote_start(line: &str) -> Option<usize> {
    let mut starts: Vec<usize> = Vec::new();
    for sep in SEPARATORS {
        if let Some(i) = line.find(sep) {
            starts.push(i);
        }
    }
    for (lead, marker) in ATTRIBUTIONS {
        if let Some(m) = find_word(line, marker) {
            // Cut at the attribution's first word; a lone marker (a wrapped attribution whose
            // first half is on the previous line) cuts at the marker itself.
            match rfind_word(&line[..m], lead) {
                Some(l) => starts.push(l),
                None if marker.ends_with(':') => starts.push(m),
                None => {}
            }
        }
    }
    for (lead, marker) in HEADER_BLOCKS {
        if let Some(l) = find_word(line, lead) {
            if line[l..].contains(marker) {
                starts.push(l);
            }
        }
        // A header block spread over lines: the "From:" line itself.
        if line.trim_start().starts_with(lead) {
            starts.push(0);
        }
    }
    starts.into_iter().min()
}

fn is_boundary(s: &str, start: usize, end: usize) -> bool {
    let before = s[..start].chars().next_back();
    let after = s[end..].chars().next();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !word(before) && !word(after)
}

/// First occurrence of `w` in `s` not glued to letters on either side.
fn find_word(s: &str, w: &str) -> Option<usize> {
    s.match_indices(w)
        .map(|(i, _)| i)
        .find(|&i| is_boundary(s, i, i + w.len()))
}

/// Last occurrence of `w` in `s` not glued to letters on either side.
fn rfind_word(s: &str, w: &str) -> Option<usize> {
    s.rmatch_indices(w)
        .map(|(i, _)| i)
        .find(|&i| is_boundary(s, i, i + w.len()))
}

/// Text reduced to words for phrase matching, in two spellings so that "e-mail", "email",
/// "don't" and "dont" all meet their patterns: `joined` glues hyphenated and apostrophed
/// words ("email", "dont"), `spaced` splits them ("e mail", "don t"). Both are padded with
/// spaces so a phrase only matches whole words.
pub struct Words {
    joined: String,
    spaced: String,
}

impl Words {
    /// From text already folded with [`fold`].
    pub fn new(folded: &str) -> Words {
        Words {
            joined: words(folded, false),
            spaced: words(folded, true),
        }
    }

    pub fn contains(&self, phrase: &str) -> bool {
        let p = Words::new(&fold(phrase));
        if p.joined.trim().is_empty() {
            return false;
        }
        self.joined.contains(&p.joined) || self.spaced.contains(&p.spaced)
    }
}

fn words(folded: &str, split_joiners: bool) -> String {
    let mut out = String::from(" ");
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if (c == '-' || c == '\'') && !split_joiners {
            // glued: nothing
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// A subject folded for prefix checks: trimmed, single spaces, no space before colons.
pub fn subject_key(subject: &str) -> String {
    let folded = fold(subject);
    folded
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" :", ":")
}

/// Whether a subject matches a pattern: patterns ending in ':' are leading labels (or the
/// whole subject, "Absence"), the rest are whole-word phrases anywhere.
pub fn subject_matches(key: &str, words: &Words, pattern: &str) -> bool {
    if pattern.ends_with(':') {
        let label = subject_key(pattern);
        key.starts_with(&label) || key == label.trim_end_matches(':')
    } else {
        words.contains(pattern)
    }
}

/// The first (language, pattern) of `table` that the subject matches.
pub fn match_subject(
    subject: &str,
    table: &'static [(&'static str, &'static [&'static str])],
) -> Option<(&'static str, &'static str)> {
    let key = subject_key(subject);
    let words = Words::new(&key);
    table.iter().find_map(|(lang, patterns)| {
        patterns
            .iter()
            .find(|p| subject_matches(&key, &words, p))
            .map(|p| (*lang, *p))
    })
}

/// The first (language, phrase) of `table` found as whole words in folded text.
pub fn match_phrases(
    words: &Words,
    table: &'static [(&'static str, &'static [&'static str])],
) -> Option<(&'static str, &'static str)> {
    table.iter().find_map(|(lang, phrases)| {
        phrases
            .iter()
            .find(|p| words.contains(p))
            .map(|p| (*lang, *p))
    })
}
