//! A raw message from `_action=viewsource` (which, unlike show and preview, leaves it
//! unread): the start of its text for opt-out wording, and for a delivery report (RFC 3464)
//! the bounced message's Message-ID and the recipients that failed.
use super::headers;
use super::mime::{self, Leaf};
use crate::core::observed::bare_id;

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
    let mut report = String::new();
    let leaves = mime::leaves(raw);
    for leaf in &leaves {
        match leaf.kind.as_str() {
            "message/delivery-status" | "message/global-delivery-status" => {
                report = status_fields(&leaf.text);
                out.failed_recipients.extend(failed_recipients(&leaf.text));
            }
            // The bounced message, whole or its headers only: its Message-ID is in its head.
            "text/rfc822-headers"
            | "message/rfc822-headers"
            | "message/rfc822"
            | "message/global" => {
                push_id(
                    &mut out.original_ids,
                    &headers::observe(&leaf.text).message_id,
                );
            }
            _ => {}
        }
    }
    let text = first_text(&leaves);
    let joined = if report.is_empty() {
        text
    } else {
        format!("{report}\n{text}")
    };
    out.snippet = joined.trim().chars().take(SNIPPET_CHARS).collect();
    out
}

/// The first plain-text part, else the first HTML part as text.
fn first_text(leaves: &[Leaf]) -> String {
    if let Some(t) = leaves.iter().find(|l| l.kind == "text/plain") {
        return t.text.clone();
    }
    leaves
        .iter()
        .find(|l| l.kind == "text/html")
        .map(|h| mime::html_text(&h.text))
        .unwrap_or_default()
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
