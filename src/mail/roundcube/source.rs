//! A raw message from `_action=viewsource` (which, unlike show and preview, leaves it
//! unread): the start of its text for opt-out wording, and for a delivery report (RFC 3464)
//! the bounced message's Message-ID and the recipients that failed.
use super::headers;
use crate::core::observed::bare_id;
use mail_parser::{MessageParser, MimeHeaders};

/// How much body text classification gets: enough for "please remove me" in a short reply.
pub const SNIPPET_CHARS: usize = 500;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// Start of the first text part. For a report, the delivery-status fields come first, so
    /// `Action: failed` is never cut off by the human-readable notice.
    pub snippet: String,
    /// Message-IDs of the bounced message (from `text/rfc822-headers` or `message/rfc822`).
    pub original_ids: Vec<String>,
    /// `Final-Recipient` addresses whose `Action` is not a success or delay, lower case.
    pub failed_recipients: Vec<String>,
}

pub fn read(raw: &str) -> Source {
    let mut out = Source::default();
    let Some(msg) = MessageParser::new().parse(raw.as_bytes()) else {
        return out;
    };
    let mut report = String::new();
    for part in &msg.parts {
        let Some(ct) = part.content_type() else {
            continue;
        };
        let kind = format!(
            "{}/{}",
            ct.ctype().to_ascii_lowercase(),
            ct.subtype().unwrap_or("").to_ascii_lowercase()
        );
        match kind.as_str() {
            "message/delivery-status" | "message/global-delivery-status" => {
                let text = String::from_utf8_lossy(part.contents());
                report = status_fields(&text);
                out.failed_recipients.extend(failed_recipients(&text));
            }
            "text/rfc822-headers" | "message/rfc822-headers" => {
                let text = String::from_utf8_lossy(part.contents());
                push_id(&mut out.original_ids, &headers::observe(&text).message_id);
            }
            "message/rfc822" | "message/global" => {
                if let Some(id) = part.message().and_then(|m| m.message_id()) {
                    push_id(&mut out.original_ids, id);
                }
            }
            _ => {}
        }
    }
    let text = msg.body_text(0).map(|t| t.into_owned()).unwrap_or_default();
    let joined = if report.is_empty() {
        text
    } else {
        format!("{report}\n{text}")
    };
    out.snippet = joined.trim().chars().take(SNIPPET_CHARS).collect();
    out
}

fn push_id(ids: &mut Vec<String>, id: &str) {
    let id = bare_id(id);
    if !id.is_empty() && !ids.contains(&id) {
        ids.push(id);
    }
}

/// The per-recipient fields that tell a failure from a delay, one per line.
fn status_fields(text: &str) -> String {
    text.lines()
        .filter(|l| {
            let l = l.to_ascii_lowercase();
            ["final-recipient:", "action:", "status:"]
                .iter()
                .any(|f| l.starts_with(f))
        })
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Recipients of the per-recipient blocks whose `Action` is `failed` (or missing: a report
/// without an action is read as a failure, as the classifier does).
fn failed_recipients(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Blocks are separated by blank lines; the first one is about the message, not a recipient.
    for block in text.replace("\r\n", "\n").split("\n\n") {
        let mut recipient = None;
        let mut action = None;
        for line in block.lines() {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            match name.trim().to_ascii_lowercase().as_str() {
                // "rfc822; bob@example.com": the address follows the type.
                "final-recipient" => {
                    let addr = value.split_once(';').map_or(value, |(_, a)| a);
                    recipient = Some(bare_id(addr).to_ascii_lowercase());
                }
                "action" => action = Some(value.trim().to_ascii_lowercase()),
                _ => {}
            }
        }
        let failed = !matches!(
            action.as_deref(),
            Some("delayed" | "delivered" | "relayed" | "expanded")
        );
        if let Some(r) = recipient.filter(|r| r.contains('@') && failed) {
            if !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out
}
