use super::*;
use crate::core::ports::MailPort;
use crate::mail::encode::base64url_decode;
use crate::mail::gmail::mime::{attribution_line, build, quoted, Attribution};
use crate::mail::gmail::observe::internal_date;
use crate::mail::gmail::types::Message;
use crate::mail::http::HttpBody;
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders};

/// The raw message of the last request, decoded.
pub fn sent_raw(http: &FakeHttp) -> Vec<u8> {
    let reqs = http.requests.borrow();
    let Some(HttpBody::Json(body)) = &reqs.last().unwrap().body else {
        panic!("not a JSON body")
    };
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    let raw = v["raw"].as_str().unwrap();
    assert!(
        raw.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "base64url without padding"
    );
    base64url_decode(raw).unwrap()
}

pub fn sent_text(http: &FakeHttp) -> String {
    let raw = sent_raw(http);
    let msg = MessageParser::new().parse(&raw).unwrap();
    msg.body_text(0).unwrap().replace("\r\n", "\n")
}

fn ids(v: &HeaderValue) -> Vec<String> {
    match v {
        HeaderValue::Text(t) => vec![t.to_string()],
        HeaderValue::TextList(l) => l.iter().map(|t| t.to_string()).collect(),
        _ => Vec::new(),
    }
}

fn addrs(a: Option<&Address>) -> Vec<(String, String)> {
    a.map(|a| {
        a.iter()
            .map(|x| {
                (
                    x.name.as_deref().unwrap_or("").to_owned(),
                    x.address.as_deref().unwrap_or("").to_owned(),
                )
            })
            .collect()
    })
    .unwrap_or_default()
}

#[test]
fn gmail_raw_message_has_threading_headers() {
    let rig = Rig::new();
    rig.http.expect("thread").expect("send-followup");
    let gmail = rig.gmail();
    let account = alice(None);
    run(gmail.read_thread(&account, &watched(Some(thread_id())))).unwrap();
    run(gmail.send(&account, &follow_up())).unwrap();

    let raw = sent_raw(&rig.http);
    let msg = MessageParser::new().parse(&raw).unwrap();
    assert_eq!(
        addrs(msg.from()),
        [("Alice Example".to_string(), "alice@gmail.test".to_string())]
    );
    assert_eq!(
        addrs(msg.to()),
        [
            ("Pat Prospect".to_string(), "pat@prospect.test".to_string()),
            ("Sam Buyer".to_string(), "sam@prospect.test".to_string())
        ]
    );
    assert_eq!(msg.subject(), Some("Re: Quick question"));
    assert_eq!(msg.message_id(), Some(FOLLOW_UP_ID));
    assert_eq!(ids(msg.in_reply_to()), [ROOT_ID]);
    assert_eq!(ids(msg.references()), [ROOT_ID]);
    assert_eq!(
        msg.date().map(|d| d.to_timestamp()),
        Some(rig.clock.now_secs()),
        "Date is the provider clock's now"
    );
    let ct = msg.content_type().unwrap();
    assert_eq!((ct.ctype(), ct.subtype()), ("text", Some("plain")));
    assert_eq!(
        ct.attribute("charset").map(str::to_lowercase).as_deref(),
        Some("utf-8")
    );

    // The quoted message's date and author come from the thread the pre-send check read.
    let composed: Message =
        serde_json::from_value(fixture("message-composed").body().clone()).unwrap();
    let line = attribution_line(&Attribution {
        date: internal_date(&composed),
        name: "Alice Example".into(),
        address: "alice@gmail.test".into(),
    });
    assert!(line.starts_with("On ") && line.ends_with(", Alice Example <alice@gmail.test> wrote:"));
    let text = sent_text(&rig.http);
    assert_eq!(
        text,
        format!(
            "Following up on my note below.\n\n{line}\n> Hi Pat,\n> how do you handle follow-ups today?\n> Alice\n"
        )
    );
}

#[test]
fn gmail_raw_message_without_quote_or_parent_starts_a_thread() {
    let mut m = follow_up();
    m.in_reply_to = None;
    m.references.clear();
    m.quote = None;
    m.subject = "Grüße aus Köln".into();
    m.body = "Zweite Idee: ändern wir das?".into();
    let date: jiff::Timestamp = "2026-11-27T10:00:00Z".parse().unwrap();
    let text = build(&m, date, &Attribution::default(), None).unwrap();
    let msg = MessageParser::new().parse(text.as_bytes()).unwrap();
    assert_eq!(msg.subject(), Some("Grüße aus Köln"));
    assert!(msg.in_reply_to().is_empty());
    assert!(msg.references().is_empty());
    assert_eq!(
        msg.body_text(0).unwrap().trim_end(),
        "Zweite Idee: ändern wir das?"
    );
    assert!(text.is_ascii(), "non-ASCII is encoded for transport");
}

#[test]
fn gmail_line_breaks_in_subject_or_names_cannot_add_headers() {
    let mut m = follow_up();
    m.subject = "Hello\r\nBcc: victim@example.com".into();
    m.identity.name = "Alice\nX-Evil: 1".into();
    let date: jiff::Timestamp = "2026-11-27T10:00:00Z".parse().unwrap();
    let text = build(&m, date, &Attribution::default(), None).unwrap();
    let msg = MessageParser::new().parse(text.as_bytes()).unwrap();
    assert!(msg.bcc().is_none());
    assert!(msg.header("X-Evil").is_none());
    assert_eq!(msg.subject(), Some("Hello Bcc: victim@example.com"));
}

#[test]
fn gmail_quote_prefixes_every_line() {
    assert_eq!(quoted("a\n\n> b\nc\n\n"), "> a\n>\n>> b\n> c");
    let a = Attribution {
        date: None,
        name: "Alice".into(),
        address: "alice@gmail.test".into(),
    };
    assert_eq!(attribution_line(&a), "Alice <alice@gmail.test> wrote:");
    let dated = Attribution {
        date: Some("2026-11-27T09:05:00Z".parse().unwrap()),
        ..a
    };
    assert_eq!(
        attribution_line(&dated),
        "On Fri, 27 Nov 2026 at 09:05 UTC, Alice <alice@gmail.test> wrote:"
    );
}

/// The follow-up the capture script sends through the double (`raw-followup.eml`) is exactly
/// what `mime::build` makes, so the double's checks (discovery schema, Gmail's threading rule,
/// From an accepted identity) apply to this crate's output. Rewrite it with
/// `MAILSEQ_WRITE_FIXTURES=1 cargo test gmail_recorded_follow_up`, then recapture.
#[test]
fn gmail_recorded_follow_up_is_what_mime_builds() {
    let date: jiff::Timestamp = "2026-11-27T10:00:00Z".parse().unwrap();
    let author = Attribution {
        date: Some("2026-11-27T09:30:00Z".parse().unwrap()),
        name: "Alice Example".into(),
        address: "alice@gmail.test".into(),
    };
    let text = build(
        &follow_up(),
        date,
        &author,
        Some("Alice Example\nExample Corp"),
    )
    .unwrap();
    let path = format!(
        "{}/tests/fixtures/gmail-api/raw-followup.eml",
        env!("CARGO_MANIFEST_DIR")
    );
    if std::env::var_os("MAILSEQ_WRITE_FIXTURES").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn gmail_footer_and_list_unsubscribe_go_into_the_raw_message() {
    let mut out = follow_up();
    out.footer =
        Some("Reply \"unsubscribe\" and I will not write again.\nExample Co, 1 Main St".into());
    out.list_unsubscribe = Some("<mailto:alice@gmail.test?subject=unsubscribe>".into());
    let at = Attribution::default();
    let raw = build(&out, jiff::Timestamp::UNIX_EPOCH, &at, None).unwrap();
    let msg = MessageParser::new().parse(raw.as_bytes()).unwrap();
    assert_eq!(
        msg.header_raw("List-Unsubscribe").map(str::trim),
        Some("<mailto:alice@gmail.test?subject=unsubscribe>")
    );
    let body = msg.body_text(0).unwrap().replace("\r\n", "\n");
    let new_text = body.split("wrote:").next().unwrap();
    assert!(new_text.contains("Following up on my note below."));
    assert!(new_text.contains("-- \nReply \"unsubscribe\""), "{body}");
    assert!(new_text.contains("Example Co, 1 Main St"));
}
