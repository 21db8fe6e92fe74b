//! Reply detection (sync, the pre-send check) against a scripted Roundcube.
use super::answers::{self, raw_reply, reply_headers, row};
use super::fake::{account, fixture, json, ok, run, Script};
use crate::core::ids::EnrollmentId;
use crate::core::ports::{MailPort, WatchSet, Watched};

const ROOT: &str = "mseq-fixture.s0@mail.test";

fn watched(prospect_rule: bool) -> Watched {
    Watched {
        enrollment: EnrollmentId("e-7".into()),
        message_ids: vec![ROOT.into(), "mseq.e-7.1@mail.test".into()],
        provider_thread_id: None,
        prospects: vec!["bob@mail.test".into()],
        watch_prospect_mail: prospect_rule,
        watch_domain_mail: false,
    }
}

fn text(body: &str) -> crate::mail::http::HttpResponse {
    ok(body, "text/plain; charset=UTF-8")
}

#[test]
fn roundcube_sync_idle_poll_is_one_request() {
    let s = Script::new();
    // `UID 6:*` still returns uid 5, the highest: it is not new.
    s.on(
        &["_filter=UID 6:*"],
        json(answers::search(
            "INBOX",
            "UID 6:*",
            &[row(5, "INBOX", "bob@mail.test", "old")],
            false,
        )),
    );
    let r = run(s.provider().sync(
        &account(Some("INBOX:5")),
        &WatchSet::from(vec![watched(false)]),
    ))
    .expect("ok");
    assert!(r.messages.is_empty());
    assert_eq!(r.cursor.as_deref(), Some("INBOX:5"));
    assert_eq!(s.requests.borrow().len(), 1);
}

#[test]
fn roundcube_sync_reads_only_new_uids_and_returns_what_concerns_a_thread() {
    let s = Script::new();
    let rows = [
        row(5, "INBOX", "bob@mail.test", "old"),
        row(6, "INBOX", "news@shop.test", "Sale"),
        row(7, "INBOX", "bob@mail.test", "Re: Intro"),
    ];
    s.on(
        &["_filter=UID 6:*"],
        json(answers::search("INBOX", "UID 6:*", &rows, false)),
    );
    s.on(
        &["_action=headers", "_uid=6&"],
        json(answers::headers(
            "From: news@shop.test\r\nSubject: Sale\r\nMessage-ID: <n@shop>\r\n",
        )),
    );
    s.on(
        &["_action=headers", "_uid=7&"],
        json(reply_headers(
            "r7@mail.test",
            "Bob <bob@mail.test>",
            "Re: Intro",
            ROOT,
        )),
    );
    s.on(
        &["_action=viewsource", "_uid=7&"],
        text(&raw_reply(
            "r7@mail.test",
            "bob@mail.test",
            "Please remove me from your list.",
        )),
    );
    let r = run(s.provider().sync(
        &account(Some("INBOX:5")),
        &WatchSet::from(vec![watched(false)]),
    ))
    .expect("ok");
    assert_eq!(r.cursor.as_deref(), Some("INBOX:7"));
    assert_eq!(r.messages.len(), 1);
    let m = &r.messages[0];
    assert_eq!(m.message_id, "r7@mail.test");
    assert_eq!(m.from, "bob@mail.test");
    assert_eq!(m.in_reply_to, vec![ROOT.to_string()]);
    assert_eq!(m.snippet, "Please remove me from your list.");
    // uid 5 was never read; the newsletter's body was never fetched.
    let urls = s.urls();
    assert!(!urls.iter().any(|u| u.contains("_uid=5&")));
    assert!(!urls
        .iter()
        .any(|u| u.contains("viewsource") && u.contains("_uid=6&")));
}

#[test]
fn roundcube_sync_applies_the_prospect_stop_rule() {
    for rule in [false, true] {
        let s = Script::new();
        s.on(
            &["_filter=UID 6:*"],
            json(answers::search(
                "INBOX",
                "UID 6:*",
                &[row(6, "INBOX", "bob@mail.test", "New topic")],
                false,
            )),
        );
        s.on(
            &["_action=headers", "_uid=6&"],
            json(answers::headers(
                "From: bob@mail.test\r\nSubject: New topic\r\nMessage-ID: <n6@mail.test>\r\n",
            )),
        );
        s.on(
            &["_action=viewsource"],
            text(&raw_reply("n6@mail.test", "bob@mail.test", "hi")),
        );
        let r = run(s.provider().sync(
            &account(Some("INBOX:5")),
            &WatchSet::from(vec![watched(rule)]),
        ))
        .expect("ok");
        // Not in the thread: only "any mail from the prospect" makes it count.
        assert_eq!(r.messages.len(), usize::from(rule));
    }
}

#[test]
fn roundcube_sync_bounce_references_the_original_and_names_the_recipient() {
    let s = Script::new();
    let mut bounce = row(
        8,
        "INBOX",
        "MAILER-DAEMON@mail.test",
        "Undelivered Mail Returned to Sender",
    );
    bounce.ctype = "multipart/report".into();
    s.on(
        &["_filter=UID 8:*"],
        json(answers::search("INBOX", "UID 8:*", &[bounce], false)),
    );
    let eml = fixture("viewsource-bounce.eml");
    let head = eml.split("\n\n").next().unwrap_or("").to_owned();
    s.on(
        &["_action=headers", "_uid=8&"],
        json(answers::headers(&head)),
    );
    s.on(&["_action=viewsource", "_uid=8&"], text(&eml));
    let mut w = watched(false);
    w.message_ids = vec!["062810b534224cb8d4708742a38ae3b0@mail.test".into()];
    w.prospects = vec!["nobody@mail.test".into()];
    let r = run(s
        .provider()
        .sync(&account(Some("INBOX:7")), &WatchSet::from(vec![w])))
    .expect("ok");
    assert_eq!(r.messages.len(), 1);
    let m = &r.messages[0];
    assert!(m
        .references
        .contains(&"062810b534224cb8d4708742a38ae3b0@mail.test".to_string()));
    assert_eq!(m.header("x-failed-recipients"), Some("nobody@mail.test"));
    assert!(m
        .header("content-type")
        .is_some_and(|c| c.starts_with("multipart/report")));
    assert!(m.snippet.contains("Action: failed"));
    // It classifies as a bounce of nobody@mail.test.
    let own = crate::core::reply::Own {
        addresses: &["alice@mail.test".into()],
        message_ids: &[],
    };
    assert_eq!(
        crate::core::reply::classify(m, &own),
        crate::core::enrollment::Class::Bounce
    );
    assert_eq!(
        crate::core::reply::bounced_address(m).as_deref(),
        Some("nobody@mail.test")
    );
}

#[test]
fn roundcube_first_sync_starts_at_the_newest_uid_and_checks_tracked_ids_once() {
    let s = Script::new();
    s.on(
        &["_filter=UID *"],
        json(answers::search(
            "INBOX",
            "UID *",
            &[row(40, "INBOX", "x@y.z", "latest")],
            false,
        )),
    );
    let f = crate::mail::roundcube::filter::answering(&watched(false).message_ids);
    assert_eq!(f.len(), 1);
    s.on(
        &["_filter=OR OR OR HEADER In-Reply-To"],
        json(answers::search(
            "INBOX",
            &f[0],
            &[row(12, "INBOX", "bob@mail.test", "Re: Intro")],
            false,
        )),
    );
    s.on(
        &["_action=headers", "_uid=12&"],
        json(reply_headers(
            "r12@mail.test",
            "bob@mail.test",
            "Re: Intro",
            ROOT,
        )),
    );
    s.on(
        &["_action=viewsource"],
        text(&raw_reply("r12@mail.test", "bob@mail.test", "Sure")),
    );
    let r = run(s
        .provider()
        .sync(&account(None), &WatchSet::from(vec![watched(false)])))
    .expect("ok");
    assert_eq!(r.cursor.as_deref(), Some("INBOX:40"));
    assert_eq!(r.messages.len(), 1);
    assert_eq!(r.messages[0].message_id, "r12@mail.test");
}

#[test]
fn roundcube_sync_follows_a_renumbered_inbox_down() {
    let s = Script::new();
    s.on(
        &["_filter=UID 901:*"],
        json(answers::search(
            "INBOX",
            "UID 901:*",
            &[row(3, "INBOX", "x@y.z", "s")],
            false,
        )),
    );
    let r = run(s.provider().sync(
        &account(Some("INBOX:900")),
        &WatchSet::from(vec![watched(false)]),
    ))
    .expect("ok");
    assert_eq!(r.cursor.as_deref(), Some("INBOX:3"));
    assert!(r.messages.is_empty());
}

#[test]
fn roundcube_read_thread_reads_each_message_once_and_skips_the_users_own() {
    let s = Script::new();
    s.on(&["_scope=all", "HEADER References"], json(fixture("search-all-folders.json").replace(
        // The fixture answered the root alone; the provider also asks for the follow-up.
        "\"search_filter\": \"OR HEADER In-Reply-To \\\"mseq-fixture.s0@mail.test\\\" HEADER References \\\"mseq-fixture.s0@mail.test\\\"\"",
        &format!("\"search_filter\": {}", serde_json::json!(crate::mail::roundcube::filter::answering(&watched(false).message_ids)[0])),
    )));
    s.on(
        &["_action=headers", "_uid=2&", "_mbox=INBOX"],
        json(fixture("headers.json")),
    );
    s.on(
        &["_action=viewsource", "_uid=2&"],
        text(&raw_reply("x@x", "bob@mail.test", "Sounds good")),
    );
    let msgs = run(s.provider().read_thread(&account(None), &watched(false))).expect("ok");
    assert_eq!(msgs.len(), 1, "Virtual/All repeats INBOX uid 2");
    assert_eq!(
        msgs[0].message_id,
        "179577079853.5898.6393663513274680340@mail.test"
    );
    assert_eq!(msgs[0].snippet, "Sounds good");
    assert!(!s
        .urls()
        .iter()
        .any(|u| u.contains("Virtual/All") && u.contains("headers")));
}

#[test]
fn roundcube_read_thread_leaves_out_sent_and_own_rows_unread() {
    let s = Script::new();
    let f = crate::mail::roundcube::filter::answering(&watched(false).message_ids);
    let rows = [
        row(3, "Sent", "bob@mail.test", "Re: Intro"),
        row(9, "Virtual/All", "alice@mail.test", "Re: Intro"),
        row(2, "Drafts", "bob@mail.test", "Re: Intro"),
    ];
    s.on(
        &["_scope=all"],
        json(answers::search("INBOX", &f[0], &rows, true)),
    );
    let msgs = run(s.provider().read_thread(&account(None), &watched(false))).expect("ok");
    assert!(msgs.is_empty());
    assert_eq!(s.requests.borrow().len(), 1);
}
