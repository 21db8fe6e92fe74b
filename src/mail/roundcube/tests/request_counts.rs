//! What Roundcube costs in HTTP requests, against the scripted server: an idle poll, and one
//! follow-up (the tick's sync, the pre-send re-read of the thread, the send). `make bench`
//! runs this with `--nocapture` and reads the `BENCH_JSON` line; the counts are also held
//! here, so a change that adds requests shows up in review.
use super::answers::{self, row};
use super::fake::{account, fixture, html, json, run, Script};
use super::send_flows::{follow_up, PREV};
use crate::core::ids::EnrollmentId;
use crate::core::ports::{MailPort, WatchSet, Watched};

fn watched() -> Watched {
    Watched {
        enrollment: EnrollmentId("e-7".into()),
        message_ids: vec![PREV.into()],
        provider_thread_id: None,
        prospects: vec!["bob@mail.test".into()],
        watch_prospect_mail: false,
        watch_domain_mail: false,
    }
}

fn idle_poll(s: &Script) -> usize {
    let before = s.requests.borrow().len();
    s.on(
        &["_filter=UID 6:*"],
        json(answers::search(
            "INBOX",
            "UID 6:*",
            &[row(5, "INBOX", "bob@mail.test", "old")],
            false,
        )),
    );
    run(s
        .provider()
        .sync(&account(Some("INBOX:5")), &WatchSet::from(vec![watched()])))
    .expect("sync");
    s.requests.borrow().len() - before
}

#[test]
fn roundcube_request_counts_for_an_idle_poll_and_a_follow_up() {
    let s = Script::new();
    let idle = idle_poll(&s);

    let before = s.requests.borrow().len();
    let sync = idle_poll(&s);
    // The pre-send check: the thread holds only the user's own message.
    let f = crate::mail::roundcube::filter::answering(&watched().message_ids);
    s.on(
        &["_scope=all"],
        json(answers::search(
            "INBOX",
            &f[0],
            &[row(3, "Sent", "alice@mail.test", "Intro")],
            true,
        )),
    );
    run(s.provider().read_thread(&account(None), &watched())).expect("read");
    s.on(
        &["_action=search", "_mbox=Sent", "_scope=base", PREV],
        json(fixture("search-messageid.json")),
    );
    s.on(
        &["_action=compose", "_reply_uid=1"],
        html(fixture("compose-reply.html")),
    );
    s.on(
        &["POST", "_action=send"],
        html(fixture("send-success.html")),
    );
    let msg = follow_up();
    run(s.provider().send(&account(None), &msg)).expect("send");
    let follow_up = s.requests.borrow().len() - before;
    println!(
        "BENCH_JSON {}",
        serde_json::json!({"roundcube": {"idlePoll": idle, "followUp": follow_up,
            "followUpSync": sync, "pollsPerIdleMinute": 1}})
    );
    assert_eq!(idle, 1, "an idle poll is one search");
    assert_eq!(follow_up, 5, "sync, re-read, and search + compose + send");
}
