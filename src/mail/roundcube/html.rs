//! Just enough HTML reading for Roundcube's own server pages: form controls, the `set_env`
//! JSON and entity decoding. Roundcube writes these pages itself (`rcube::Q` escapes only
//! `& < > "`), so a small scanner is exact here, and keeps an HTML parser out of the wasm.
use serde_json::{Map, Value};

/// One form control: `<input>`, `<textarea>` or `<select>`, with its value as the browser
/// would post it (a select's selected option, else its first; a checkbox's value only when
/// checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Control {
    pub name: String,
    pub kind: String,
    pub value: String,
    pub checked: bool,
    /// A select's options as (value, text).
    pub options: Vec<(String, String)>,
}

/// Every named control of the page, in document order. Script bodies and comments are
/// skipped: the inline scripts hold HTML snippets that are not controls.
pub fn controls(page: &str) -> Vec<Control> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(tag) = next_tag(page, pos) {
        pos = tag.end;
        match tag.name.as_str() {
            "script" | "style" => pos = skip_to_close(page, pos, &tag.name),
            "input" => {
                let kind = attr(&tag.attrs, "type").unwrap_or_else(|| "text".into());
                if let Some(name) = attr(&tag.attrs, "name") {
                    out.push(Control {
                        name,
                        value: attr(&tag.attrs, "value").unwrap_or_default(),
                        checked: has_attr(&tag.attrs, "checked"),
                        kind,
                        options: Vec::new(),
                    });
                }
            }
            "textarea" => {
                let close = find_ci(page, pos, "</textarea").unwrap_or(page.len());
                if let Some(name) = attr(&tag.attrs, "name") {
                    // The HTML parser drops one newline right after <textarea>.
                    let raw = &page[pos..close];
                    let raw = raw.strip_prefix('\n').unwrap_or(raw);
                    out.push(Control {
                        name,
                        kind: "textarea".into(),
                        value: decode_entities(raw),
                        checked: false,
                        options: Vec::new(),
                    });
                }
                pos = close;
            }
            "select" => {
                let close = find_ci(page, pos, "</select").unwrap_or(page.len());
                let options = select_options(&page[pos..close]);
                if let Some(name) = attr(&tag.attrs, "name") {
                    let value = options
                        .iter()
                        .find(|o| o.2)
                        .or(options.first())
                        .map(|o| o.0.clone())
                        .unwrap_or_default();
                    out.push(Control {
                        name,
                        kind: "select".into(),
                        value,
                        checked: false,
                        options: options.into_iter().map(|(v, t, _)| (v, t)).collect(),
                    });
                }
                pos = close;
            }
            _ => {}
        }
    }
    out
}

/// (value, text, selected) of each `<option>` in a select's inner HTML.
fn select_options(inner: &str) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(tag) = next_tag(inner, pos) {
        pos = tag.end;
        if tag.name != "option" {
            continue;
        }
        let text_end = inner[pos..].find('<').map_or(inner.len(), |i| pos + i);
        let text = decode_entities(&inner[pos..text_end]).trim().to_owned();
        let value = attr(&tag.attrs, "value").unwrap_or_else(|| text.clone());
        out.push((value, text, has_attr(&tag.attrs, "selected")));
    }
    out
}

/// Every `rcmail.set_env({...})` of the page, merged (later calls win, as in the page).
pub fn env(page: &str) -> Map<String, Value> {
    let mut out = Map::new();
    let mut from = 0;
    while let Some(i) = page[from..].find("rcmail.set_env(") {
        let start = from + i + "rcmail.set_env(".len();
        from = start;
        let mut stream = serde_json::Deserializer::from_str(&page[start..]).into_iter::<Value>();
        if let Some(Ok(Value::Object(map))) = stream.next() {
            out.extend(map);
        }
    }
    out
}

/// The `class` of `<body>`: `task-mail action-compose`, `task-login ...`.
pub fn body_class(page: &str) -> Option<String> {
    let mut pos = 0;
    while let Some(tag) = next_tag(page, pos) {
        pos = tag.end;
        match tag.name.as_str() {
            "script" | "style" => pos = skip_to_close(page, pos, &tag.name),
            "body" => return attr(&tag.attrs, "class"),
            _ => {}
        }
    }
    None
}

struct Tag {
    name: String,
    attrs: Vec<(String, Option<String>)>,
    end: usize,
}

fn next_tag(s: &str, mut pos: usize) -> Option<Tag> {
    loop {
        let lt = pos + s.get(pos..)?.find('<')?;
        let rest = &s[lt + 1..];
        if rest.starts_with("!--") {
            pos = find_ci(s, lt, "-->").map_or(s.len(), |i| i + 3);
            continue;
        }
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(rest.len());
        if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            pos = lt + 1;
            continue;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        let (attrs, end) = parse_attrs(s, lt + 1 + name_len);
        return Some(Tag { name, attrs, end });
    }
}

/// Attributes from `pos` up to the closing `>`; returns them and the index after `>`.
fn parse_attrs(s: &str, mut pos: usize) -> (Vec<(String, Option<String>)>, usize) {
    let b = s.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while pos < b.len() && (b[pos].is_ascii_whitespace() || b[pos] == b'/') {
            pos += 1;
        }
        if pos >= b.len() {
            return (attrs, b.len());
        }
        if b[pos] == b'>' {
            return (attrs, pos + 1);
        }
        let start = pos;
        while pos < b.len() && !b[pos].is_ascii_whitespace() && !matches!(b[pos], b'=' | b'>') {
            pos += 1;
        }
        let name = s[start..pos].to_ascii_lowercase();
        if pos < b.len() && b[pos] == b'=' {
            pos += 1;
            let (value, next) = match b.get(pos) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = s[pos + 1..]
                        .find(q as char)
                        .map_or(b.len(), |i| pos + 1 + i);
                    (&s[pos + 1..close], (close + 1).min(b.len()))
                }
                _ => {
                    let end = s[pos..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(b.len(), |i| pos + i);
                    (&s[pos..end], end)
                }
            };
            attrs.push((name, Some(decode_entities(value))));
            pos = next;
        } else {
            attrs.push((name, None));
        }
    }
}

fn attr(attrs: &[(String, Option<String>)], name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone().unwrap_or_default())
}

fn has_attr(attrs: &[(String, Option<String>)], name: &str) -> bool {
    attrs.iter().any(|(n, _)| n == name)
}

fn skip_to_close(s: &str, pos: usize, name: &str) -> usize {
    find_ci(s, pos, &format!("</{name}")).unwrap_or(s.len())
}

/// Case-insensitive `find` of an ASCII needle from `pos`.
fn find_ci(s: &str, pos: usize, needle: &str) -> Option<usize> {
    let hay = s.as_bytes().get(pos..)?;
    let n = needle.as_bytes();
    hay.windows(n.len())
        .position(|w| w.eq_ignore_ascii_case(n))
        .map(|i| pos + i)
}

/// Decodes the entities Roundcube and PHP's `htmlspecialchars` write, plus numeric ones.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&rest[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}
