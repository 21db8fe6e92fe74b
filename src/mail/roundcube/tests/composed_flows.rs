//! Enrolling the user's own send: the draft's Message-ID, and confirming the send in Sent.
use super::answers::{self, row};
use super::fake::{account, fixture, json, run, Script};
use crate::core::message::SentHint;
use crate::core::ports::{Composed, MailPort};

const ROOT: &str = "mseq-fixture.s0@mail.test";

fn composed(message_id: Option<&str>) -> Composed {
    Composed {
        hint: SentHint {
            message_id: message_id.map(str::to_owned),
            ..Default::default()
        },
        to: vec!["bob@mail.test".into()],
        subject: "Intro: mailseq fixture".into(),
    }
}

#[test]
fn roundcube_find_composed_polls_sent_until_the_message_id_appears() {
    let s = Script::new();
    let f = format!("HEADER Message-ID \"{ROOT}\"");
    // First look: not there yet (Sent, then every folder); second look: there.
    s.on(
        &["_scope=base", ROOT],
        json(answers::search("Sent", &f, &[], false)),
    );
    s.on(
        &["_scope=all", ROOT],
        json(answers::search("Sent", &f, &[], true)),
    );
    s.on(
        &["_scope=base", ROOT],
        json(fixture("search-messageid.json")),
    );
    s.on(
        &["_action=headers", "_uid=1&", "_mbox=Sent"],
        json(answers::headers(&format!(
            "From: Alice Seller <alice@mail.test>\r\nTo: Bob Prospect <bob@mail.test>\r\nSubject: Intro: mailseq fixture\r\nMessage-ID: <{ROOT}>\r\nReferences: <earlier@mail.test>\r\n"
        ))),
    );
    let r = run(s
        .provider()
        .find_composed(&account(None), &composed(Some(&format!("<{ROOT}>")))));
    let r = r.expect("ok").expect("found");
    assert_eq!(r.message_id, ROOT);
    assert_eq!(r.references, vec!["earlier@mail.test".to_string()]);
    assert_eq!(r.subject, "Intro: mailseq fixture");
    assert_eq!(*s.slept.borrow(), vec![1000]);
}

#[test]
fn roundcube_find_composed_gives_up_after_the_last_try() {
    let s = Script::new();
    let f = format!("HEADER Message-ID \"{ROOT}\"");
    s.always(
        &["_action=search"],
        json(answers::search("Sent", &f, &[], false)),
    );
    let r = run(s
        .provider()
        .find_composed(&account(None), &composed(Some(ROOT))))
    .expect("ok");
    assert_eq!(r, None);
    assert_eq!(*s.slept.borrow(), vec![1000, 2000]);
}

#[test]
fn roundcube_find_composed_without_message_id_takes_the_recent_one_by_to_and_subject() {
    let s = Script::new();
    let f =
        "HEADER To \"bob@mail.test\" HEADER Subject \"Intro: mailseq fixture\" SINCE 26-Nov-2026";
    let rows = [
        row(1, "Sent", "bob@mail.test", "Intro: mailseq fixture"),
        row(9, "Sent", "bob@mail.test", "Intro: mailseq fixture"),
    ];
    s.on(
        &["_action=search", "SINCE 26-Nov-2026"],
        json(answers::search("Sent", f, &rows, false)),
    );
    // uid 9 is an old message with the same To and Subject; uid 1 is the one just sent.
    s.on(
        &["_action=headers", "_uid=9&"],
        json(answers::headers("From: alice@mail.test\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <old@mail.test>\r\n")),
    );
    let head = "From: alice@mail.test\r\nDate: Fri, 27 Nov 2026 09:19:30 +0000\r\nSubject: Intro: mailseq fixture\r\nMessage-ID: <new@mail.test>\r\n";
    s.always(
        &["_action=headers", "_uid=1&"],
        json(answers::headers(head)),
    );
    let r = run(s.provider().find_composed(&account(None), &composed(None))).expect("ok");
    assert_eq!(r.map(|r| r.message_id).as_deref(), Some("new@mail.test"));
}

#[test]
fn roundcube_draft_message_id_is_read_from_drafts() {
    let s = Script::new();
    s.on(
        &["_action=headers", "_uid=3&", "_mbox=Drafts"],
        json(answers::headers(
            "From: alice@mail.test\r\nMessage-ID: <6319c48d@mail.test>\r\n",
        )),
    );
    let id = run(s.provider().draft_message_id(&account(None), "3")).expect("ok");
    assert_eq!(id.as_deref(), Some("6319c48d@mail.test"));
    assert!(run(s.provider().draft_message_id(&account(None), "x")).is_err());
}
