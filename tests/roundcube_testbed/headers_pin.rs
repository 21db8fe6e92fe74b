//! Which headers a sender can choose through Roundcube.
use crate::live::*;
use jiff::Timestamp;
use mailseq::mail::http::{HttpBody, HttpRequest};
use mailseq::mail::roundcube::filter;

/// Pins what Roundcube 1.6 lets a sender set (see `src/mail/roundcube/mod.rs`): on a new
/// compose, the URL's `_message-id`, `_in-reply-to` and `_references` become those headers;
/// any other URL parameter and any extra POST field sets nothing: no List-Unsubscribe, no
/// marker header, and a POSTed Message-ID is ignored.
#[test]
fn roundcube_only_message_id_and_threading_headers_can_be_chosen() {
    let Some(live) = Live::connect() else { return };
    live.login("alice", "alicepw");
    let tag = Timestamp::now().as_millisecond().to_string();
    let ours = format!("mseq.pin-{tag}.2@mail.test");
    let q = filter::query(&[
        ("_task", "mail"),
        ("_action", "compose"),
        ("_to", "bob@mail.test"),
        ("_subject", &format!("Pin {tag}")),
        ("_message-id", &format!("<{ours}>")),
        ("_in-reply-to", "mseq.pin-root@mail.test"),
        ("_references", "<mseq.pin-root@mail.test>"),
        ("_list-unsubscribe", "<mailto:unsubscribe@mail.test>"),
        ("_x-mailseq", "yes"),
    ]);
    let compose = live
        .exchange(&HttpRequest::get(format!("{}/?{q}", base())))
        .unwrap();
    let from = compose.body.split("name=\"_from\"").nth(1).unwrap();
    let from = from
        .split("value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let f = [
        ("_token", hidden(&compose.body, "_token")),
        ("_task", "mail".into()),
        ("_action", "send".into()),
        ("_id", hidden(&compose.body, "_id")),
        ("_from", from.into()),
        ("_to", "bob@mail.test".into()),
        ("_subject", format!("Pin {tag}")),
        ("_message", "Pinning Roundcube's header rules.".into()),
        ("_is_html", "0".into()),
        ("_framed", "1".into()),
        ("_store_target", "Sent".into()),
        ("_message-id", "<posted@mail.test>".into()),
        ("_list-unsubscribe", "<mailto:unsubscribe@mail.test>".into()),
        ("_headers", "X-Mailseq: yes".into()),
    ];
    let req = HttpRequest::post(
        format!("{}/?_task=mail&_framed=1", base()),
        HttpBody::Form(f.iter().map(|(k, v)| ((*k).into(), v.clone())).collect()),
    );
    let sent = live.exchange(&req).unwrap();
    assert!(sent.body.contains("sent_successfully("), "{}", sent.body);

    let got = wait_for_bob(&ours);
    assert_eq!(got["inReplyTo"], "<mseq.pin-root@mail.test>");
    assert_eq!(got["references"], "<mseq.pin-root@mail.test>");
    // bob's raw copy, read as bob through Roundcube.
    let bob = Live::connect().unwrap();
    bob.login("bob", "bobpw");
    let search = filter::query(&[
        ("_task", "mail"),
        ("_action", "search"),
        ("_mbox", "INBOX"),
        ("_q", ""),
        ("_scope", "base"),
        ("_filter", &format!("HEADER Message-ID \"{ours}\"")),
        ("_remote", "1"),
    ]);
    let found = bob
        .exchange(&HttpRequest::get(format!("{}/?{search}", base())))
        .unwrap();
    let uid = found
        .body
        .split("add_message_row(")
        .nth(1)
        .expect(&found.body);
    let uid: String = uid.chars().take_while(char::is_ascii_digit).collect();
    let raw = bob
        .exchange(&HttpRequest::get(format!(
            "{}/?_task=mail&_action=viewsource&_uid={uid}&_mbox=INBOX",
            base()
        )))
        .unwrap()
        .body;
    let head = raw.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
    assert!(head.contains(&format!("message-id: <{ours}>")), "{head}");
    assert!(!head.contains("posted@mail.test"), "{head}");
    assert!(!head.contains("list-unsubscribe"), "{head}");
    assert!(!head.contains("x-mailseq"), "{head}");
}
