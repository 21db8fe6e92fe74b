//! The compose page Roundcube serves (`_action=compose`, after the redirect to `&_id=`), and
//! the send POST built from it as the browser's own form would post it.
use super::answer::{calls, error_message};
use super::html::{self, Control};
use crate::core::enrollment::{Identity, Recipient};
use crate::core::observed::bare_id;
use crate::core::ports::MailError;
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct ComposePage {
    controls: Vec<Control>,
    env: Map<String, Value>,
}

impl ComposePage {
    /// None when the page is not a compose form (no `_id`).
    pub fn parse(page: &str) -> Option<ComposePage> {
        let p = ComposePage {
            controls: html::controls(page),
            env: html::env(page),
        };
        (!p.value("_id").is_empty()).then_some(p)
    }

    /// The first control of that name: the main form's come before the upload form's.
    pub fn field(&self, name: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.name == name)
    }

    /// A control's posted value ("" when absent; a checkbox only when checked).
    pub fn value(&self, name: &str) -> &str {
        match self.field(name) {
            Some(c) if c.kind == "checkbox" && !c.checked => "",
            Some(c) => &c.value,
            None => "",
        }
    }

    pub fn compose_id(&self) -> &str {
        self.value("_id")
    }

    /// `reply` for a reply compose, None for a new message.
    pub fn mode(&self) -> Option<&str> {
        self.env.get("compose_mode").and_then(Value::as_str)
    }

    /// The Message-ID of the message being answered, bare.
    pub fn reply_msgid(&self) -> Option<String> {
        self.env
            .get("reply_msgid")
            .and_then(Value::as_str)
            .map(bare_id)
    }

    pub fn is_html(&self) -> bool {
        self.value("_is_html") == "1"
    }

    /// The `_from` options as (identity id, "Name <email>").
    pub fn identities(&self) -> &[(String, String)] {
        self.field("_from").map_or(&[], |c| c.options.as_slice())
    }

    /// The `_from` option for an identity: its Roundcube id when that is still offered, else
    /// the option showing its address (an identity re-created with the same address).
    pub fn pick_identity(&self, identity: &Identity) -> Option<String> {
        let options = self.identities();
        if let Some((id, _)) = options.iter().find(|(id, _)| *id == identity.id) {
            return Some(id.clone());
        }
        let email = identity.email.trim().to_ascii_lowercase();
        options
            .iter()
            .find(|(_, text)| {
                let t = text.to_ascii_lowercase();
                t == email || t.ends_with(&format!("<{email}>"))
            })
            .map(|(id, _)| id.clone())
    }

    /// A field of `env.identities[id]` (`email`, `bcc`, `reply-to`), which the page's JS
    /// copies into the form when the identity is chosen.
    fn identity_field(&self, id: &str, key: &str) -> String {
        self.env
            .get("identities")
            .and_then(|i| i.get(id))
            .and_then(|i| i.get(key))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    }

    /// The identity's signature as the page's JS would insert it (`env.show_sig` is the
    /// user's "add signature automatically" choice for this kind of message).
    pub fn signature(&self, id: &str) -> Option<String> {
        if self.env.get("show_sig").and_then(Value::as_bool) != Some(true) {
            return None;
        }
        let kind = if self.is_html() { "html" } else { "text" };
        self.env
            .get("signatures")
            .and_then(|s| s.get(id))
            .and_then(|s| s.get(kind))
            .and_then(Value::as_str)
            .map(|s| s.trim_end().to_owned())
            .filter(|s| !s.trim().is_empty())
    }

    /// What `_message` holds on the server page: only the quoted previous message (the
    /// signature is added by the page's JS, so never twice).
    pub fn quoted(&self) -> &str {
        self.value("_message")
    }
}

/// A follow-up reads like a manual reply written on top: the new text, the signature, then
/// the quote of the previous message (Roundcube's own top-posting layout). The compliance
/// footer, when on, goes below the signature (or below the text when there is none) and
/// above the quote, as the Gmail provider places it.
pub fn reply_body(
    text: &str,
    signature: Option<&str>,
    footer: Option<&str>,
    quote: &str,
    is_html: bool,
) -> String {
    let text = text.trim_end();
    let quote = quote.trim_end();
    let footer = footer.map(str::trim).filter(|f| !f.is_empty());
    if is_html {
        let as_html = |t: &str| html_escape(t).replace('\n', "<br>\n");
        let mut out = format!("<div>{}</div>", as_html(text));
        if let Some(sig) = signature {
            out.push_str(&format!("<br>\n<div id=\"_rc_sig\">{sig}</div>"));
        }
        if let Some(f) = footer {
            out.push_str(&format!("<br>\n<div>{}</div>", as_html(f)));
        }
        if !quote.is_empty() {
            out.push_str(&format!("<br>\n{quote}"));
        }
        return out;
    }
    let mut out = match signature {
        Some(sig) => {
            let mut t = format!("{text}\n\n{sig}");
            if let Some(f) = footer {
                t.push_str("\n\n");
                t.push_str(f);
            }
            t
        }
        None => crate::core::craft::footer::append(text, footer),
    };
    if !quote.is_empty() {
        out.push_str("\n\n");
        out.push_str(quote);
    }
    out.push('\n');
    out
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `"Name" <email>` (or the bare address), as Roundcube's address parser reads `_to`.
pub fn address(r: &Recipient) -> String {
    let name = r.name.trim();
    if name.is_empty() {
        return r.email.trim().to_owned();
    }
    let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\" <{}>", r.email.trim())
}

/// The send POST, field for field as elastic's form posts it (NOTES §2): the sidebar
/// options are copied in, and the page's own values are kept where mailseq has no opinion.
pub fn send_fields(
    page: &ComposePage,
    from: &str,
    to: &[Recipient],
    subject: &str,
    body: &str,
) -> Vec<(String, String)> {
    let to = to.iter().map(address).collect::<Vec<_>>().join(", ");
    let reply_to = match page.value("_replyto") {
        "" => page.identity_field(from, "reply-to"),
        v => v.to_owned(),
    };
    let pairs: [(&str, String); 23] = [
        ("_token", page.value("_token").to_owned()),
        ("_task", "mail".into()),
        ("_action", "send".into()),
        ("_id", page.compose_id().to_owned()),
        ("_attachments", page.value("_attachments").to_owned()),
        ("_from", from.to_owned()),
        ("_to", to),
        ("_cc", String::new()),
        ("_bcc", page.identity_field(from, "bcc")),
        ("_replyto", reply_to),
        ("_followupto", page.value("_followupto").to_owned()),
        ("_subject", subject.to_owned()),
        ("_draft_saveid", page.value("_draft_saveid").to_owned()),
        ("_draft", String::new()),
        ("_is_html", if page.is_html() { "1" } else { "0" }.into()),
        ("_framed", "1".into()),
        ("_message", body.to_owned()),
        (
            "editorSelector",
            if page.is_html() { "html" } else { "plain" }.into(),
        ),
        ("_mdn", page.value("_mdn").to_owned()),
        ("_dsn", page.value("_dsn").to_owned()),
        ("_keepformatting", page.value("_keepformatting").to_owned()),
        ("_priority", page.value("_priority").to_owned()),
        ("_store_target", page.value("_store_target").to_owned()),
    ];
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// Reads the framed send answer: `parent.rcmail.sent_successfully(type, text, folders,
/// save_error)` on success, `display_message(text, "error", ...)` otherwise. Ok(saved):
/// `saved` is false when the message went out but Roundcube could not store it in Sent.
pub fn send_answer(body: &str, origin: &str) -> Result<bool, MailError> {
    if let Some(args) = calls(body, "sent_successfully").into_iter().next() {
        let save_error = args.last().and_then(Value::as_bool).unwrap_or(false);
        return Ok(!save_error);
    }
    match error_message(body) {
        Some(text) if is_permanent(&text) => Err(MailError::Rejected(format!(
            "Roundcube refused the message: {text}"
        ))),
        Some(text) => Err(MailError::Protocol(format!(
            "Roundcube at {origin} could not send: {text}"
        ))),
        None => Err(MailError::Protocol(format!(
            "Roundcube at {origin} answered the send with a page mailseq does not understand"
        ))),
    }
}

/// A refusal that sending again will not fix: a bad address, or an SMTP 5xx. Roundcube's
/// texts are translated, but the SMTP code in "SMTP Error (550): ..." is not; any other
/// error (a lost compose session, a server down) is worth another try.
fn is_permanent(text: &str) -> bool {
    if text.starts_with("Invalid email address") {
        return true;
    }
    text.split('(').skip(1).any(|s| {
        let b = s.as_bytes();
        b.len() > 3 && b[0] == b'5' && b[..3].iter().all(u8::is_ascii_digit) && b[3] == b')'
    })
}
