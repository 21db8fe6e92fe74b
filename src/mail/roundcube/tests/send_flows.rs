//! Sending a follow-up and finding sent mail, against a scripted Roundcube.
use super::answers::{self, row};
use super::fake::{account, field, fixture, html, json, run, Script};
use crate::core::enrollment::{Identity, Recipient};
use crate::core::ports::{MailError, MailPort, Outgoing};
use crate::mail::http::HttpError;

/// The enrolling email, and the follow-up these tests send after it.
pub(super) const PREV: &str = "mseq-fixture.s0@mail.test";
pub(super) const OURS: &str = "mseq.e-7.1@mail.test";

pub(super) fn follow_up() -> Outgoing {
    Outgoing {
        identity: Identity {
            id: "1".into(),
            email: "alice@mail.test".into(),
            name: "Alice Seller".into(),
        },
        to: vec![Recipient {
            email: "bob@mail.test".into(),
            name: "Bob Prospect".into(),
            fields: Default::default(),
            time_zone: None,
        }],
        subject: "Re: Intro: mailseq fixture".into(),
        body: "Hi Bob, following up on my note below.".into(),
        message_id: OURS.into(),
        in_reply_to: Some(PREV.into()),
        references: vec![PREV.into()],
        provider_thread_id: None,
        quote: Some("Hello Bob".into()),
        footer: None,
        list_unsubscribe: None,
    }
}

fn found_in_sent(s: &Script) {
    s.on(
        &["_action=search", "_mbox=Sent", "_scope=base", PREV],
        json(fixture("search-messageid.json")),
    );
}

#[test]
fn roundcube_send_replies_to_the_previous_message_in_sent_with_our_message_id() {
    let s = Script::new();
    found_in_sent(&s);
    s.on(
        &[
            "_action=compose",
            "_reply_uid=1",
            "_mbox=Sent",
            "_message-id=<mseq.e-7.1@mail.test>",
        ],
        html(fixture("compose-reply.html")),
    );
    s.on(
        &["POST", "_action=send"],
        html(fixture("send-success.html")),
    );
    let sent = run(s.provider().send(&account(None), &follow_up())).expect("sent");
    assert_eq!(sent.message_id, OURS);

    let form = s.posted(0);
    assert_eq!(field(&form, "_from"), "1");
    assert_eq!(field(&form, "_id"), "COMPOSE_ID_PLACEHOLDER");
    assert_eq!(
        field(&form, "_token"),
        "REQUEST_TOKEN_PLACEHOLDER",
        "learned from the compose page"
    );
    assert_eq!(field(&form, "_to"), "\"Bob Prospect\" <bob@mail.test>");
    assert_eq!(field(&form, "_subject"), "Re: Intro: mailseq fixture");
    assert_eq!(
        field(&form, "_message"),
        "Hi Bob, following up on my note below.\n\n-- \nAlice Seller\nAccount Executive, Example Co\n\nOn 2026-11-27 10:13, Alice Seller wrote:\n> Hi Bob,\n> \n> would a short call next week work?\n"
    );
    assert_eq!(field(&form, "_store_target"), "Sent");
    let posts = s.requests.borrow();
    let post = posts
        .iter()
        .find(|r| r.method.as_str() == "POST")
        .expect("a POST");
    assert!(post.url.ends_with("/?_task=mail&_framed=1"));
    assert!(post.credentials_include);
    assert!(post
        .headers
        .iter()
        .any(|(k, v)| k == "X-Roundcube-Request" && v == "REQUEST_TOKEN_PLACEHOLDER"));
    // The compose URL carries the brackets; the search never does.
    let urls = s.urls();
    assert!(urls[0].contains("_filter=HEADER Message-ID \"mseq-fixture.s0@mail.test\""));
    assert!(!urls[0].contains('<'));
    assert!(s.provider().take_warnings().is_empty());
}

#[test]
fn roundcube_send_refetches_a_refused_token_once() {
    let s = Script::new();
    found_in_sent(&s);
    s.on(&["_action=compose"], html(fixture("compose-reply.html")));
    s.on(
        &["POST", "_action=send"],
        html("<html><body>REQUEST CHECK FAILED For your protection, access to this resource is secured against CSRF.</body></html>"),
    );
    let fresh = fixture("compose.html").replace("REQUEST_TOKEN_PLACEHOLDER", "FRESH");
    s.on(&["GET", "/?_task=mail "], html(fresh));
    s.on(
        &["POST", "_token=FRESH"],
        html(fixture("send-success.html")),
    );
    run(s.provider().send(&account(None), &follow_up())).expect("sent");
    assert_eq!(field(&s.posted(1), "_token"), "FRESH");
}

#[test]
fn roundcube_send_not_saved_to_sent_is_still_sent_and_warns() {
    let s = Script::new();
    found_in_sent(&s);
    s.on(&["_action=compose"], html(fixture("compose-reply.html")));
    let answer = fixture("send-success.html").replace("[\"Sent\"],false", "[\"Sent\"],true");
    s.on(&["POST"], html(answer));
    let p = s.provider();
    let sent = run(p.send(&account(None), &follow_up())).expect("sent anyway");
    assert_eq!(sent.message_id, OURS);
    assert_eq!(p.take_warnings().len(), 1);
}

#[test]
fn roundcube_send_without_the_previous_message_still_threads_with_a_new_compose() {
    let s = Script::new();
    let f = format!("HEADER Message-ID \"{PREV}\"");
    s.on(
        &["_scope=base", PREV],
        json(answers::search("Sent", &f, &[], false)),
    );
    s.on(
        &["_scope=all", PREV],
        json(answers::search("Sent", &f, &[], true)),
    );
    s.on(
        &[
            "_action=compose",
            "_in-reply-to=mseq-fixture.s0@mail.test",
            "_references=<mseq-fixture.s0@mail.test>",
            "_message-id=<mseq.e-7.1@mail.test>",
        ],
        html(fixture("compose.html")),
    );
    s.on(&["POST"], html(fixture("send-success.html")));
    run(s.provider().send(&account(None), &follow_up())).expect("sent");
    let body = field(&s.posted(0), "_message").to_owned();
    assert_eq!(
        body,
        "Hi Bob, following up on my note below.\n\n-- \nAlice Seller\nAccount Executive, Example Co\n\n> Hello Bob\n"
    );
}

#[test]
fn roundcube_send_in_a_new_thread_uses_a_new_compose() {
    let s = Script::new();
    s.on(
        &["_action=compose", "_message-id=<mseq.e-7.1@mail.test>"],
        html(fixture("compose.html")),
    );
    s.on(&["POST"], html(fixture("send-success.html")));
    let mut msg = follow_up();
    msg.in_reply_to = None;
    msg.references.clear();
    msg.quote = None;
    msg.subject = "One more idea".into();
    run(s.provider().send(&account(None), &msg)).expect("sent");
    assert!(!s.urls()[0].contains("_reply_uid"));
    let form = s.posted(0);
    assert_eq!(field(&form, "_subject"), "One more idea");
    assert_eq!(
        field(&form, "_message"),
        "Hi Bob, following up on my note below.\n\n-- \nAlice Seller\nAccount Executive, Example Co\n"
    );
}

#[test]
fn roundcube_refused_address_is_rejected_and_lost_compose_is_retryable() {
    let s = Script::new();
    found_in_sent(&s);
    s.on(&["_action=compose"], html(fixture("compose-reply.html")));
    s.on(&["POST"], html(fixture("send-error.html")));
    let e = run(s.provider().send(&account(None), &follow_up())).expect_err("refused");
    assert!(matches!(e, MailError::Rejected(_)), "{e:?}");
}

#[test]
fn roundcube_identity_not_offered_waits_for_the_right_login() {
    let s = Script::new();
    found_in_sent(&s);
    s.on(&["_action=compose"], html(fixture("compose-reply.html")));
    let mut msg = follow_up();
    msg.identity = Identity {
        id: "9".into(),
        email: "eve@mail.test".into(),
        name: "Eve".into(),
    };
    let e = run(s.provider().send(&account(None), &msg)).expect_err("no such identity");
    assert!(e.blocks_account(), "{e:?}");
    assert!(e.to_string().contains("eve@mail.test"));
    assert!(s.posted(0).is_empty(), "nothing was posted");
}

#[test]
fn roundcube_reply_compose_of_another_message_is_refused() {
    let s = Script::new();
    found_in_sent(&s);
    let other =
        fixture("compose-reply.html").replace("mseq-fixture.s0@mail.test", "other@mail.test");
    s.on(&["_action=compose"], html(other));
    let e = run(s.provider().send(&account(None), &follow_up())).expect_err("wrong reply");
    assert!(matches!(e, MailError::Protocol(_)));
}

#[test]
fn roundcube_find_sent_looks_in_sent_then_every_folder() {
    let s = Script::new();
    let f = format!("HEADER Message-ID \"{OURS}\"");
    s.on(
        &["_scope=base", OURS],
        json(answers::search("Sent", &f, &[], false)),
    );
    s.on(
        &["_scope=all", OURS],
        json(answers::search(
            "Sent",
            &f,
            &[row(4, "Archive", "bob@mail.test", "Re: Intro")],
            true,
        )),
    );
    let found = run(s.provider().find_sent(&account(None), OURS)).expect("ok");
    let found = found.expect("found");
    assert_eq!(found.message_id, OURS);
    assert_eq!(found.provider_id.as_deref(), Some("4-Archive"));

    let s = Script::new();
    s.always(
        &["_action=search"],
        json(answers::search("Sent", &f, &[], false)),
    );
    assert_eq!(run(s.provider().find_sent(&account(None), OURS)), Ok(None));
}

#[test]
fn roundcube_stripped_filter_is_never_read_as_found() {
    let s = Script::new();
    // What Roundcube answers when brackets slipped into the filter: every message.
    s.always(
        &["_action=search"],
        json(answers::search(
            "Sent",
            "HEADER Message-ID \"\"",
            &[row(1, "Sent", "bob@mail.test", "x")],
            false,
        )),
    );
    let e = run(s.provider().find_sent(&account(None), OURS)).expect_err("not trusted");
    assert!(matches!(e, MailError::Protocol(_)));
}

#[test]
fn roundcube_logged_out_ajax_is_session_expired() {
    let s = Script::new();
    s.always(&["_action=search"], json(fixture("session-error.json")));
    let e = run(s.provider().find_sent(&account(None), OURS)).expect_err("expired");
    assert_eq!(
        e,
        MailError::SessionExpired("Log in to Roundcube at http://127.0.0.1:18765".into())
    );
    assert!(e.blocks_account());
}

#[test]
fn roundcube_logged_out_compose_page_is_session_expired() {
    let s = Script::new();
    s.on(
        &["_action=compose"],
        html(fixture("session-expired-page.html")),
    );
    let mut msg = follow_up();
    msg.in_reply_to = None;
    let e = run(s.provider().send(&account(None), &msg)).expect_err("expired");
    assert!(matches!(e, MailError::SessionExpired(_)));
}

#[test]
fn roundcube_network_and_server_failures_are_told_apart() {
    let s = Script::new();
    s.fail(
        &["_action=search"],
        HttpError::Network("connection refused".into()),
    );
    let e = run(s.provider().find_sent(&account(None), OURS)).expect_err("down");
    assert!(matches!(&e, MailError::Unreachable(m) if m.contains("connection refused")));

    let s = Script::new();
    let mut busy = json("");
    busy.status = 503;
    busy.headers.push(("retry-after".into(), "30".into()));
    s.always(&["_action=search"], busy);
    let e = run(s.provider().find_sent(&account(None), OURS)).expect_err("busy");
    assert!(matches!(
        e,
        MailError::RateLimited {
            retry_after_ms: Some(30_000),
            ..
        }
    ));

    let s = Script::new();
    s.always(&["_action=search"], html("<html>not roundcube</html>"));
    let e = run(s.provider().find_sent(&account(None), OURS)).expect_err("odd");
    assert!(matches!(e, MailError::Protocol(_)));
}

#[test]
fn roundcube_token_refused_twice_is_a_protocol_error_and_sends_twice_at_most() {
    let s = Script::new();
    found_in_sent(&s);
    s.on(&["_action=compose"], html(fixture("compose-reply.html")));
    let mut forbidden = html("Invalid Request");
    forbidden.status = 403;
    s.always(&["POST"], forbidden);
    s.always(&["GET", "/?_task=mail "], html(fixture("compose.html")));
    let e = run(s.provider().send(&account(None), &follow_up())).expect_err("refused");
    assert!(matches!(e, MailError::Protocol(_)), "{e:?}");
    let posts = s
        .requests
        .borrow()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 2);
}
