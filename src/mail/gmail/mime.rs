//! The raw RFC 5322 message for `messages.send`, built with `mail-builder`: a plain-text
//! follow-up that reads like a manual reply (new text, signature, attribution line, the
//! previous message quoted) and carries the threading headers Gmail's rule needs to keep it
//! in the thread (In-Reply-To/References pointing into it, and the same subject).
use crate::core::ports::Outgoing;
use crate::mail::encode::base64url;
use jiff::Timestamp;
use mail_builder::headers::address::Address;
use mail_builder::headers::date::Date;
use mail_builder::headers::message_id::MessageId;
use mail_builder::MessageBuilder;
use thiserror::Error;

#[derive(Debug, Error)]
#[error("could not build the message: {0}")]
pub struct MimeError(#[from] std::io::Error);

/// Who wrote the quoted message, and when, for "On <date>, <name> <addr> wrote:".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Attribution {
    pub date: Option<Timestamp>,
    pub name: String,
    pub address: String,
}

/// The message text as sent, CRLF line ends applied by the builder.
pub fn build(
    msg: &Outgoing,
    date: Timestamp,
    attribution: &Attribution,
    signature: Option<&str>,
) -> Result<String, MimeError> {
    let from_name = one_line(&msg.identity.name);
    let from = Address::new_address(
        (!from_name.is_empty()).then_some(from_name),
        msg.identity.email.trim().to_owned(),
    );
    let to = Address::new_list(
        msg.to
            .iter()
            .map(|r| {
                let name = one_line(&r.name);
                Address::new_address(
                    (!name.is_empty()).then_some(name),
                    r.email.trim().to_owned(),
                )
            })
            .collect(),
    );
    let mut builder = MessageBuilder::new()
        .from(from)
        .to(to)
        .subject(one_line(&msg.subject))
        .message_id(msg.message_id.as_str())
        .date(Date::new(date.as_second()))
        .text_body(body_text(msg, attribution, signature));
    if let Some(parent) = &msg.in_reply_to {
        builder = builder.in_reply_to(parent.as_str());
    }
    if let Some(value) = &msg.list_unsubscribe {
        builder = builder.header(
            "List-Unsubscribe",
            mail_builder::headers::raw::Raw::new(one_line(value)),
        );
    }
    if !msg.references.is_empty() {
        builder = builder.references(MessageId::new_list(
            msg.references.iter().map(String::as_str),
        ));
    }
    Ok(builder.write_to_string()?)
}

/// `build`, as `messages.send` wants it: base64url without padding.
pub fn build_raw(
    msg: &Outgoing,
    date: Timestamp,
    attribution: &Attribution,
    signature: Option<&str>,
) -> Result<String, MimeError> {
    build(msg, date, attribution, signature).map(|m| base64url(m.as_bytes()))
}

/// New text, then the signature, then the compliance footer, then the attribution line and
/// the quoted previous message.
pub fn body_text(msg: &Outgoing, attribution: &Attribution, signature: Option<&str>) -> String {
    let mut text = msg.body.trim_end().to_owned();
    let footer = msg.footer.as_deref().filter(|f| !f.trim().is_empty());
    if let Some(sig) = signature.map(str::trim).filter(|s| !s.is_empty()) {
        // "-- " is the plain-text signature separator mail clients recognise and fold away.
        text.push_str("\n\n-- \n");
        text.push_str(sig);
        if let Some(f) = footer {
            text.push_str("\n\n");
            text.push_str(f.trim());
        }
    } else {
        text = crate::core::craft::footer::append(&text, footer);
    }
    if let Some(quote) = msg.quote.as_deref().filter(|q| !q.trim().is_empty()) {
        text.push_str("\n\n");
        text.push_str(&attribution_line(attribution));
        text.push('\n');
        text.push_str(&quoted(quote));
    }
    text.push('\n');
    text
}

/// Gmail's wording, with the date in UTC: the provider does not know the reader's zone.
pub fn attribution_line(a: &Attribution) -> String {
    let who = match (a.name.trim(), a.address.trim()) {
        ("", addr) => format!("<{addr}>"),
        (name, "") => name.to_owned(),
        (name, addr) => format!("{name} <{addr}>"),
    };
    match a.date {
        Some(d) => format!(
            "On {}, {who} wrote:",
            d.strftime("%a, %-d %b %Y at %H:%M UTC")
        ),
        None => format!("{who} wrote:"),
    }
}

/// Each line prefixed with "> " (">" alone for an empty line, ">" for a line already quoted).
pub fn quoted(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| {
            let l = l.trim_end();
            if l.is_empty() || l.starts_with('>') {
                format!(">{l}")
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A header value on one line: a CR or LF in a name or subject must never start a header.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
