use super::*;
use crate::core::message::SentHint;
use crate::core::ports::{Composed, MailPort};
use crate::mail::gmail::provider::UNDO_SEND_WAITS_MS;

#[test]
fn gmail_find_sent_looks_in_the_thread_of_the_pre_send_check() {
    let rig = Rig::new();
    rig.http.expect("thread").expect("thread");
    let gmail = rig.gmail();
    let account = alice(None);
    run(gmail.read_thread(&account, &watched(Some(thread_id())))).unwrap();
    let found = run(gmail.find_sent(&account, &format!("<{FOLLOW_UP_ID}>")))
        .unwrap()
        .unwrap();
    assert_eq!(found.message_id, FOLLOW_UP_ID);
    assert_eq!(found.provider_id, Some(field("send-followup", "id")));
    assert_eq!(found.provider_thread_id, Some(thread_id()));
}

#[test]
fn gmail_find_sent_after_a_restart_reads_recent_sent_mail() {
    let rig = Rig::new();
    // No thread remembered: the SENT history since the cursor (the enrolling email only),
    // then the newest SENT messages, where the follow-up is.
    rig.http
        .expect("history-sent")
        .expect("message-composed")
        .expect("messages-list-sent")
        .expect("message-followup");
    let account = alice(Some(param("history-sent", "startHistoryId")));
    let found = run(rig.gmail().find_sent(&account, FOLLOW_UP_ID))
        .unwrap()
        .unwrap();
    assert_eq!(found.provider_id, Some(field("send-followup", "id")));
    assert_eq!(rig.http.remaining(), 0);
}

#[test]
fn gmail_find_sent_remembers_its_own_send() {
    let rig = Rig::new();
    rig.http.expect("send-followup");
    let gmail = rig.gmail();
    let account = alice(None);
    let sent = run(gmail.send(&account, &follow_up())).unwrap();
    assert_eq!(sent.provider_id, Some(field("send-followup", "id")));
    assert_eq!(sent.provider_thread_id, Some(thread_id()));
    let again = run(gmail.find_sent(&account, FOLLOW_UP_ID)).unwrap();
    assert_eq!(again, Some(sent), "answered without a call");
}

fn composed(hint: SentHint) -> Composed {
    Composed {
        hint,
        to: vec!["sam@prospect.test".into(), "Pat@prospect.test".into()],
        subject: " Quick  question".into(),
    }
}

#[test]
fn gmail_find_composed_matches_to_set_and_subject() {
    let rig = Rig::new();
    rig.http.expect("history-sent").expect("message-composed");
    let account = alice(Some(param("history-sent", "startHistoryId")));
    let found = run(rig
        .gmail()
        .find_composed(&account, &composed(SentHint::default())))
    .unwrap()
    .unwrap();
    assert_eq!(found.message_id, ROOT_ID);
    assert_eq!(found.provider_thread_id, Some(thread_id()));
    assert_eq!(found.subject, "Quick question");
    assert!(found.references.is_empty());
    let to: Vec<&str> = found.to.iter().map(|r| r.email.as_str()).collect();
    assert_eq!(to, ["pat@prospect.test", "sam@prospect.test"]);
    assert!(found.from.is_some_and(|f| f.email == "alice@gmail.test"));
}

#[test]
fn gmail_find_composed_from_a_compose_waits_over_undo_send_and_reads_each_message_once() {
    let rig = Rig::new();
    rig.http
        .expect("messages-list-sent")
        .expect("message-followup")
        .expect("message-composed");
    for _ in 1..UNDO_SEND_WAITS_MS.len() {
        rig.http.expect("messages-list-sent");
    }
    let mut c = composed(SentHint {
        compose_id: Some("r-5188".into()),
        ..SentHint::default()
    });
    c.subject = "Never sent".into();
    let t0 = rig.clock.now_secs();
    assert_eq!(
        run(rig.gmail().find_composed(&alice(None), &c)).unwrap(),
        None
    );
    assert_eq!(rig.http.remaining(), 0, "the metadata was read once");
    let waited: u64 = UNDO_SEND_WAITS_MS.iter().sum();
    assert_eq!(
        rig.clock.now_secs() - t0,
        i64::try_from(waited / 1000).unwrap()
    );
    assert!(waited >= 30_000, "covers Gmail's longest Undo Send");
}

#[test]
fn gmail_find_composed_for_a_reply_matches_the_thread_hint() {
    let rig = Rig::new();
    rig.http
        .expect("messages-list-sent")
        .expect("message-followup");
    let hint = SentHint {
        provider_thread_id: Some(thread_id()),
        ..SentHint::default()
    };
    let found = run(rig.gmail().find_composed(&alice(None), &composed(hint)))
        .unwrap()
        .unwrap();
    assert_eq!(
        found.message_id, FOLLOW_UP_ID,
        "the newest send in that thread"
    );
    assert_eq!(found.references, vec![ROOT_ID.to_string()]);
}

#[test]
fn gmail_find_composed_without_cursor_scans_the_newest_sent() {
    let rig = Rig::new();
    rig.http
        .expect("messages-list-sent")
        .expect("message-followup")
        .expect("message-composed");
    let found = run(rig
        .gmail()
        .find_composed(&alice(None), &composed(SentHint::default())))
    .unwrap()
    .unwrap();
    assert_eq!(found.message_id, ROOT_ID);
}

#[test]
fn gmail_find_composed_not_sent_yet_is_none() {
    let rig = Rig::new();
    rig.http
        .expect("messages-list-sent")
        .expect("message-followup")
        .expect("message-composed");
    let mut c = composed(SentHint::default());
    c.subject = "Another subject".into();
    assert_eq!(
        run(rig.gmail().find_composed(&alice(None), &c)).unwrap(),
        None
    );
}

#[test]
fn gmail_read_thread_without_thread_id_locates_it_by_our_message_ids() {
    let rig = Rig::new();
    rig.http
        .expect("messages-list-sent")
        .expect("message-followup")
        .expect("thread");
    let got = run(rig.gmail().read_thread(&alice(None), &watched(None))).unwrap();
    assert_eq!(got.len(), 4);
}
