//! Roundcube's AJAX answers: JSON `{action, env, exec}` where `exec` is JavaScript the page
//! would run, a list of `this.<command>(<JSON args>);` statements (rcube_output_json). The
//! arguments are JSON values, so each call is read back as a JSON array.
use super::html::decode_entities;
use serde::Deserialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Ajax {
    #[serde(default)]
    pub env: Map<String, Value>,
    #[serde(default)]
    pub exec: String,
}

impl Ajax {
    pub fn parse(body: &str) -> Option<Ajax> {
        serde_json::from_str(body).ok()
    }

    /// Logged out or expired: Roundcube answers 200 with `this.session_error(...)`.
    pub fn is_session_error(&self) -> bool {
        self.exec.contains("session_error(")
    }

    pub fn env_str(&self, key: &str) -> Option<&str> {
        self.env.get(key).and_then(Value::as_str)
    }

    pub fn env_u64(&self, key: &str) -> Option<u64> {
        self.env.get(key).and_then(Value::as_u64)
    }

    /// The text of the first `display_message(text, "error", ...)`.
    pub fn error_message(&self) -> Option<String> {
        error_message(&self.exec)
    }
}

/// The argument lists of every `<name>(...)` call in a script, in order.
pub fn calls(script: &str, name: &str) -> Vec<Vec<Value>> {
    let needle = format!("{name}(");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = script[from..].find(&needle) {
        let start = from + i + needle.len();
        // `foo.add_message_row(` and `add_message_row(` only: not `xadd_message_row(`.
        let before = script[..from + i].chars().next_back();
        from = start;
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = close_paren(script, start) else {
            break;
        };
        if let Ok(args) = serde_json::from_str::<Vec<Value>>(&format!("[{}]", &script[start..end]))
        {
            out.push(args);
        }
        from = end;
    }
    out
}

/// The index of the `)` closing a call whose arguments start at `start`; JSON strings are
/// skipped so a `)` inside a subject does not end the call.
fn close_paren(s: &str, start: usize) -> Option<usize> {
    let b = s.as_bytes();
    let (mut depth, mut in_str, mut esc) = (0i32, false, false);
    for (i, &c) in b.iter().enumerate().skip(start) {
        if in_str {
            match c {
                _ if esc => esc = false,
                b'\\' => esc = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_str = true,
            b'(' | b'[' | b'{' => depth += 1,
            b')' if depth == 0 => return Some(i),
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The first error `display_message` of a script (AJAX exec or a framed send answer).
pub fn error_message(script: &str) -> Option<String> {
    calls(script, "display_message")
        .into_iter()
        .find(|a| a.get(1).and_then(Value::as_str) == Some("error"))
        .and_then(|a| a.first().and_then(Value::as_str).map(str::to_owned))
}

/// One row of a message list or search answer (`add_message_row(uid, cols, flags, top)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub uid: u64,
    pub mbox: String,
    pub subject: String,
    /// The address in the From/To column: From in INBOX, To in Sent.
    pub address: String,
    /// The raw `fromto`, `date` and `size` cells: together they tell the same message shown
    /// in two folders (`Virtual/All` repeats INBOX and Sent) apart from two messages.
    pub key: String,
    pub size: String,
    /// `ctype` flag: `multipart/report` for a delivery report.
    pub content_type: String,
}

/// The rows of a list/search answer. For `_scope=base` the uid is a number and the folder is
/// in `flags.mbox`; for `_scope=all` the uid is `"<uid>-<folder>"`.
pub fn rows(exec: &str) -> Vec<Row> {
    calls(exec, "add_message_row")
        .into_iter()
        .filter_map(|args| row(&args))
        .collect()
}

fn row(args: &[Value]) -> Option<Row> {
    let cols = args.get(1)?.as_object()?;
    let flags = args.get(2).and_then(Value::as_object);
    let flag = |k: &str| {
        flags
            .and_then(|f| f.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let (uid, mbox) = match args.first()? {
        Value::Number(n) => (n.as_u64()?, flag("mbox")),
        Value::String(s) => {
            let (uid, mbox) = s.split_once('-')?;
            let mbox = if mbox.is_empty() {
                flag("mbox")
            } else {
                mbox.to_owned()
            };
            (uid.parse().ok()?, mbox)
        }
        _ => return None,
    };
    let col = |k: &str| cols.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let fromto = col("fromto");
    Some(Row {
        uid,
        mbox,
        subject: col("subject"),
        address: title_address(&fromto).to_ascii_lowercase(),
        key: format!(
            "{}\u{1}{fromto}\u{1}{}\u{1}{}",
            col("subject"),
            col("date"),
            col("size")
        ),
        size: col("size"),
        content_type: flag("ctype"),
    })
}

/// The address in `<span title="bob@mail.test" class="rcmContactAddress">Bob</span>`.
fn title_address(fromto: &str) -> String {
    fromto
        .split_once("title=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(addr, _)| decode_entities(addr))
        .unwrap_or_default()
}

/// The size cell as bytes ("992 B", "3 KB", "1.2 MB"); None when it cannot be read (the
/// unit labels are translated in some languages).
pub fn size_bytes(size: &str) -> Option<u64> {
    let s = size.trim().replace(',', ".");
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let n: f64 = s[..split].trim().parse().ok()?;
    let unit = s[split..].trim().to_ascii_uppercase();
    let mult = match unit.chars().next()? {
        'B' => 1.0,
        'K' => 1024.0,
        'M' => 1024.0 * 1024.0,
        'G' => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    // Sizes are small positive numbers; the cast cannot lose anything that matters here.
    Some((n * mult) as u64)
}

/// The header block `set_headers` carries (HTML, see `headers::to_raw`).
pub fn headers_html(exec: &str) -> Option<String> {
    calls(exec, "set_headers")
        .into_iter()
        .next()
        .and_then(|a| a.first().and_then(Value::as_str).map(str::to_owned))
}

/// `continue_search(<request>)`: a cross-folder search that ran out of time and must be sent
/// again with `_continue`.
pub fn continue_search(exec: &str) -> Option<String> {
    calls(exec, "continue_search")
        .into_iter()
        .next()
        .and_then(|a| a.first().and_then(Value::as_str).map(str::to_owned))
}
