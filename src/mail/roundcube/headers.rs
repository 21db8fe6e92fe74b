//! A message's headers as `_action=headers` shows them, turned back into an RFC 5322 header
//! block, and read into what reply detection needs. Encoded words (`=?utf-8?q?...?=`) in
//! From and Subject are decoded with the same reader the Gmail provider uses.
use super::html::decode_entities;
use super::mime::{field, fields};
use crate::core::observed::{bare_id, parse_id_list, ObservedMessage};
use crate::core::reply::CLASSIFY_HEADERS;
use crate::mail::gmail::headers::{addresses, decode_words};

/// Undoes what headers.php does to the raw block: `htmlspecialchars`, then folded lines
/// joined with `<br />&nbsp;&nbsp;&nbsp;&nbsp;`, header names wrapped in
/// `<font class="bold">`, and line ends turned into `<br />`. A value that itself holds
/// `<br />` was escaped to `&lt;br /&gt;` first, so the markup cannot be confused with data.
pub fn to_raw(html: &str) -> String {
    let folded = html.replace("<br />&nbsp;&nbsp;&nbsp;&nbsp;", "\r\n    ");
    let lines = folded
        .replace("<font class=\"bold\">", "")
        .replace("</font>", "")
        .replace("<br />", "\r\n");
    let mut raw = decode_entities(&lines).replace('\u{a0}', " ");
    raw.push_str("\r\n\r\n");
    raw
}

/// The fields reply detection needs, from a raw header block (or a whole raw message).
pub fn observe(raw: &str) -> ObservedMessage {
    let (head, _) = super::mime::split_head(raw);
    let f = fields(head);
    let mut msg = ObservedMessage::default();
    for (name, value) in &f {
        match name.as_str() {
            "message-id" if msg.message_id.is_empty() => msg.message_id = bare_id(value),
            "in-reply-to" => msg.in_reply_to = parse_id_list(value),
            "references" => msg.references = parse_id_list(value),
            n if CLASSIFY_HEADERS.contains(&n) => {
                // The first occurrence wins, as classification reads one value per name.
                msg.headers.entry(name.clone()).or_insert(value.clone());
            }
            _ => {}
        }
    }
    if let Some((name, address)) = field(&f, "from").and_then(|v| addresses(v).into_iter().next()) {
        msg.from = address;
        msg.from_name = name;
    }
    msg.subject = field(&f, "subject")
        .map(|s| decode_words(s).trim().to_owned())
        .unwrap_or_default();
    msg
}

/// The Date header as milliseconds since the epoch.
pub fn date_ms(raw: &str) -> Option<i64> {
    let (head, _) = super::mime::split_head(raw);
    let f = fields(head);
    let date = field(&f, "date")?;
    jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(date)
        .ok()
        .map(|t| t.as_millisecond())
}
