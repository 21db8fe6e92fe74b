//! The user's own send enrolled by its draft's Message-ID, and a bounce matched to its message.
use crate::live::*;
use jiff::Timestamp;
use mailseq::core::ids::EnrollmentId;
use mailseq::core::ports::{MailPort, WatchSet, Watched};
use mailseq::mail::http::{HttpBody, HttpRequest};
use mailseq::mail::roundcube::Roundcube;

#[test]
fn roundcube_user_send_is_enrolled_by_its_draft_message_id() {
    let Some(live) = Live::connect() else { return };
    live.login("alice", "alicepw");
    let rc = Roundcube::new(&live, &live);
    let acct = alice();
    let tag = Timestamp::now().as_millisecond().to_string();
    let subject = format!("Armed compose {tag}");

    // What the content script makes the page do: save a draft when a sequence is armed ...
    let compose = live
        .exchange(&HttpRequest::get(format!(
            "{}/?_task=mail&_action=compose",
            base()
        )))
        .unwrap();
    let (cid, token) = (
        hidden(&compose.body, "_id"),
        hidden(&compose.body, "_token"),
    );
    let from = compose.body.split("name=\"_from\"").nth(1).unwrap();
    let from = from
        .split("value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let form = |draft: bool, saveid: &str| {
        let f = [
            ("_token", token.as_str()),
            ("_task", "mail"),
            ("_action", "send"),
            ("_id", cid.as_str()),
            ("_from", from),
            ("_to", "bob@mail.test"),
            ("_subject", subject.as_str()),
            ("_message", "Hello from the compose window."),
            ("_is_html", "0"),
            ("_framed", "1"),
            ("_draft", if draft { "1" } else { "" }),
            ("_draft_saveid", saveid),
            ("_store_target", "Sent"),
        ];
        HttpBody::Form(f.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect())
    };
    let url = format!("{}/?_task=mail&_framed=1", base());
    let saved = live
        .exchange(&HttpRequest::post(&url, form(true, "")))
        .unwrap();
    let uid = saved
        .body
        .split("set_draft_id(\"")
        .nth(1)
        .expect(&saved.body);
    let uid = uid.split('"').next().unwrap().to_owned();

    // ... the background reads the draft's Message-ID (ComposeArmed) ...
    let armed = run(rc.draft_message_id(&acct, &uid))
        .unwrap()
        .expect("draft id");

    // ... the user presses Send, and the send is confirmed in Sent under that id.
    let sent = live
        .exchange(&HttpRequest::post(&url, form(false, &uid)))
        .unwrap();
    assert!(sent.body.contains("sent_successfully("), "{}", sent.body);
    let composed = mailseq::core::ports::Composed {
        hint: mailseq::core::message::SentHint {
            message_id: Some(armed.clone()),
            ..Default::default()
        },
        to: vec!["bob@mail.test".into()],
        subject: subject.clone(),
    };
    let found = run(rc.find_composed(&acct, &composed))
        .unwrap()
        .expect("in Sent");
    assert_eq!(found.message_id, armed);
    assert_eq!(found.subject, subject);
    assert_eq!(wait_for_bob(&armed)["subject"], subject.as_str());

    // Without the draft's id, the To/Subject/date fallback finds the same message.
    let fallback = mailseq::core::ports::Composed {
        hint: Default::default(),
        ..composed
    };
    let found = run(rc.find_composed(&acct, &fallback))
        .unwrap()
        .expect("by To+Subject");
    assert_eq!(found.message_id, armed);
}

#[test]
fn roundcube_bounce_is_matched_to_the_bounced_message() {
    let Some(live) = Live::connect() else { return };
    live.login("alice", "alicepw");
    let rc = Roundcube::new(&live, &live);
    let mut acct = alice();
    acct.cursor = run(rc.sync(&acct, &WatchSet::default())).unwrap().cursor;
    let tag = Timestamp::now().as_millisecond().to_string();
    let id = format!("mseq.bounce-{tag}.1@mail.test");
    mailtool(&[
        "bounce",
        "--to",
        "alice",
        "--message-id",
        &format!("<{id}>"),
        "--recipient",
        "bob@mail.test",
    ]);
    let w = Watched {
        enrollment: EnrollmentId(format!("e-bounce-{tag}")),
        message_ids: vec![id.clone()],
        provider_thread_id: None,
        prospects: vec!["bob@mail.test".into()],
        watch_prospect_mail: false,
        watch_domain_mail: false,
    };
    let r = run(rc.sync(&acct, &WatchSet::from(vec![w.clone()]))).unwrap();
    let m = r
        .messages
        .iter()
        .find(|m| m.references.contains(&id))
        .expect("the bounce");
    assert_eq!(m.header("x-failed-recipients"), Some("bob@mail.test"));
    let own = mailseq::core::reply::Own {
        addresses: &["alice@mail.test".into()],
        message_ids: &[],
    };
    assert_eq!(
        mailseq::core::reply::classify(m, &own),
        mailseq::core::enrollment::Class::Bounce
    );
}
