//! The send protocol under races and restarts: no send after a reply, no double send.
use crate::core::enrollment::{Event, Status};
use crate::core::fakes::{key_kind, Script};
use crate::core::ports::Checkpoint;
use crate::core::testkit::{two_step, Kit};

#[test]
fn protocol_reply_landing_before_presend_check_pauses_and_nothing_is_sent() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    let reply = k
        .ports
        .mail
        .reply_to("r@mail.test", "bob@mail.test", "late@mail.test");
    k.ports.on(
        Checkpoint::BeforePresendCheck,
        Script::Deliver(Box::new(reply)),
    );
    let r = k.tick();
    assert_eq!((r.sent, r.paused), (0, 1), "{r:?}");
    assert_eq!(k.sent_count(), 0);
    let e = k.e(&id);
    assert_eq!(e.status, Status::Replied);
    assert!(e.attempt.is_none(), "the abandoned attempt is cleared");
}

#[test]
fn protocol_sending_record_is_written_before_any_request() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.ports.on(Checkpoint::AfterSendingRecord, Script::Die);
    k.tick();
    assert_eq!(k.sent_count(), 0);
    let stored = k.ports.store.load();
    let a = stored.enrollments[&id]
        .attempt
        .clone()
        .expect("sending record on disk");
    assert_eq!(a.step, 0);
    assert_eq!(a.message_id, format!("mseq.{id}.0@mail.test"));
}

#[test]
fn protocol_restart_after_sending_record_sends_exactly_once() {
    let mut k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.ports.on(Checkpoint::AfterSendingRecord, Script::Die);
    k.tick();
    k.restart();
    k.ports.revive();
    let r = k.tick();
    assert_eq!(r.sent, 1, "{r:?}");
    assert_eq!(k.sent_count(), 1);
    let sent: Vec<_> = k
        .e(&id)
        .history
        .iter()
        .filter(|h| h.event == Event::Sent)
        .cloned()
        .collect();
    assert_eq!(sent.len(), 1);
    // Restart once more: nothing new.
    k.restart();
    assert_eq!(k.tick().sent, 0);
    assert_eq!(k.sent_count(), 1);
}

#[test]
fn protocol_restart_after_http_send_finds_the_message_and_records_it_once() {
    let mut k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.ports.on(Checkpoint::AfterHttpSend, Script::Die);
    k.tick();
    assert_eq!(
        k.sent_count(),
        1,
        "the provider got it before the worker died"
    );
    let stored = k.ports.store.load();
    assert_eq!(
        stored.enrollments[&id].step_index, 0,
        "`sent` never reached storage"
    );
    k.restart();
    k.ports.revive();
    let r = k.tick();
    assert_eq!(k.sent_count(), 1, "no second copy: {r:?}");
    let e = k.e(&id);
    assert_eq!(e.step_index, 1);
    assert_eq!(
        e.history
            .iter()
            .filter(|h| h.event == Event::Sent && h.step == Some(0))
            .count(),
        1
    );
    assert!(k.ports.mail.calls.borrow().contains(&"find_sent"));
}

#[test]
fn protocol_retry_after_failure_looks_for_the_message_first() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    // The provider took the message but the answer was lost: the send "failed".
    k.ports
        .on(Checkpoint::AfterHttpSend, Script::Deliver(Box::default()));
    k.ports.mail.fail_next(
        "send",
        crate::core::ports::MailError::Unreachable("timeout".into()),
    );
    k.tick();
    assert_eq!(k.sent_count(), 0);
    // Simulate that it did arrive after all.
    k.ports
        .mail
        .deliver(crate::core::observed::ObservedMessage {
            message_id: format!("mseq.{id}.0@mail.test"),
            from: "alice@mail.test".into(),
            sent_by_user: true,
            ..Default::default()
        });
    let retry = k.e(&id).next_due.unwrap();
    k.ports.now.set(retry);
    k.tick();
    assert_eq!(k.sent_count(), 0, "found in Sent: not sent again");
    assert_eq!(k.e(&id).step_index, 1);
}

#[test]
fn storage_one_event_writes_only_touched_keys_in_one_call() {
    let k = Kit::new(two_step());
    let a = k.enroll("bob@mail.test", "Bob", "r1@mail.test").unwrap();
    let _b = k
        .enroll("carol@mail.test", "Carol", "r2@mail.test")
        .unwrap();
    let before = k.ports.store.writes.borrow().len();
    k.handle(crate::core::message::Request::Enrollment {
        id: a.clone(),
        action: crate::core::message::EnrollmentAction::Pause,
    });
    let writes = k.ports.store.writes.borrow();
    assert_eq!(writes.len(), before + 1, "one set call");
    assert_eq!(writes.last().unwrap(), &vec![format!("enr:{a}")]);
    drop(writes);
    // A send touches the enrollment and the sequence's pacing record, nothing else.
    k.handle(crate::core::message::Request::Enrollment {
        id: a.clone(),
        action: crate::core::message::EnrollmentAction::Resume,
    });
    k.jump_to_due(&a);
    k.tick();
    let writes = k.ports.store.writes.borrow();
    for w in writes.iter().skip(before + 1) {
        for key in w {
            assert!(["enr", "pace", "acct"].contains(&key_kind(key)), "{key}");
        }
    }
}

#[test]
fn storage_write_failure_keeps_changes_and_saves_them_with_the_next_write() {
    let k = Kit::new(two_step());
    let a = k.enroll("bob@mail.test", "Bob", "r1@mail.test").unwrap();
    k.ports.store.fail_writes.set(true);
    let r = k.handle(crate::core::message::Request::Enrollment {
        id: a.clone(),
        action: crate::core::message::EnrollmentAction::Pause,
    });
    assert!(
        matches!(r, crate::core::message::Response::Error { ref message } if message.contains("quota")),
        "{r:?}"
    );
    assert!(k
        .ports
        .notes
        .borrow()
        .iter()
        .any(|n| n.contains("Could not save")));
    k.ports.store.fail_writes.set(false);
    let b = k
        .enroll("carol@mail.test", "Carol", "r2@mail.test")
        .unwrap();
    let stored = k.ports.store.load();
    assert_eq!(
        stored.enrollments[&a].status,
        Status::Paused,
        "the failed write went again"
    );
    assert!(stored.enrollments.contains_key(&b));
}
