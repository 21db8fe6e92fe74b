//! A message's headers as `_action=headers` shows them, turned back into an RFC 5322 header
//! block and read with mail-parser, so encoded words (`=?utf-8?q?...?=`) in From and
//! Subject come out as text.
use crate::core::observed::{bare_id, parse_id_list, ObservedMessage};
use crate::core::reply::CLASSIFY_HEADERS;
use mail_parser::MessageParser;

use super::html::decode_entities;

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
    let parsed = MessageParser::new().parse_headers(raw.as_bytes());
    let mut msg = ObservedMessage::default();
    let Some(parsed) = parsed else {
        return msg;
    };
    for (name, value) in parsed.headers_raw() {
        let lower = name.to_ascii_lowercase();
        let value = unfold(value);
        match lower.as_str() {
            "message-id" => msg.message_id = bare_id(&value),
            "in-reply-to" => msg.in_reply_to = parse_id_list(&value),
            "references" => msg.references = parse_id_list(&value),
            _ if CLASSIFY_HEADERS.contains(&lower.as_str()) => {
                // The first occurrence wins, as classification reads one value per name.
                msg.headers.entry(lower).or_insert(value);
            }
            _ => {}
        }
    }
    if let Some(from) = parsed.from().and_then(|a| a.first()) {
        msg.from = from.address().unwrap_or("").trim().to_ascii_lowercase();
        msg.from_name = from.name().unwrap_or("").trim().to_owned();
    }
    msg.subject = parsed.subject().unwrap_or("").trim().to_owned();
    msg
}

/// One line per header value: folding whitespace becomes a single space.
pub fn unfold(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Date header as milliseconds since the epoch.
pub fn date_ms(raw: &str) -> Option<i64> {
    let parsed = MessageParser::new().parse_headers(raw.as_bytes())?;
    parsed.date().map(|d| d.to_timestamp() * 1000)
}
