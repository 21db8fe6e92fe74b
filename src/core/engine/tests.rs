//! Engine rules, each proven through the service on the in-memory ports.
use crate::core::enrollment::{Class, Event, Status, StatusReason};
use crate::core::message::{EnrollmentAction, Request, Response};
use crate::core::observed::ObservedMessage;
use crate::core::ports::MailError;
use crate::core::sequence::SequenceState;
use crate::core::testkit::{spec, two_step, Kit};
use jiff::{Timestamp, ToSpan};

fn rfc(t: Timestamp) -> String {
    t.to_string()
}

fn history(k: &Kit, id: &crate::core::ids::EnrollmentId) -> Vec<Event> {
    k.e(id).history.iter().map(|h| h.event).collect()
}

#[test]
fn engine_enroll_schedules_first_step_two_business_days_later_in_window() {
    let k = Kit::new(two_step());
    let id = k
        .enroll("Bob@Mail.test", "Bob Builder", "root1@mail.test")
        .unwrap();
    let e = k.e(&id);
    assert_eq!(e.status, Status::Active);
    assert_eq!(e.step_index, 0);
    assert_eq!(e.recipients[0].email, "bob@mail.test");
    // Monday 10:00 Berlin + 2 business days = Wednesday ~10:00 Berlin (plus jitter < 5 min).
    let due = e.next_due.unwrap();
    let local = due.to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Berlin").unwrap());
    assert_eq!(local.date().to_string(), "2026-12-02");
    assert_eq!(local.hour(), 10);
    assert!(local.minute() < 6);
    assert_eq!(history(&k, &id), vec![Event::Enrolled]);
}

#[test]
fn engine_tick_sends_due_follow_up_in_thread_with_deterministic_message_id() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "root1@mail.test").unwrap();
    let r = k.tick();
    assert_eq!(r.sent, 0, "nothing is due yet");
    k.jump_to_due(&id);
    let r = k.tick();
    assert_eq!((r.sent, r.errors.len()), (1, 0), "{r:?}");
    let out = k.ports.mail.sent.borrow()[0].clone();
    assert_eq!(out.subject, "Re: Proposal");
    assert_eq!(out.in_reply_to.as_deref(), Some("root1@mail.test"));
    assert_eq!(out.references, vec!["root1@mail.test".to_string()]);
    assert_eq!(out.message_id, format!("mseq.{id}.0@mail.test"));
    assert_eq!(out.body, "Hi Bob, following up on my note below.");
    assert_eq!(out.quote.as_deref(), Some("Hi Bob, are you interested?"));
    let e = k.e(&id);
    assert_eq!(e.step_index, 1);
    assert!(e.attempt.is_none());
    // The next step counts 72 h from the actual send.
    let expected = k.ports.now.get().checked_add(72.hours()).unwrap();
    assert!(e.next_due.unwrap() >= expected);
}

#[test]
fn engine_next_due_counts_from_actual_send_time() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.ports.advance(2.hours()); // sent 2 h late, within the 4 h grace
    let sent_at = k.ports.now.get();
    assert_eq!(k.tick().sent, 1);
    let due = k.e(&id).next_due.unwrap();
    assert!(
        due >= sent_at.checked_add(72.hours()).unwrap(),
        "{} vs {}",
        rfc(due),
        rfc(sent_at)
    );
}

#[test]
fn engine_second_follow_up_replies_to_the_first() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.tick();
    k.jump_to_due(&id);
    assert_eq!(k.tick().sent, 1);
    let out = k.ports.mail.sent.borrow()[1].clone();
    let first = format!("mseq.{id}.0@mail.test");
    assert_eq!(out.in_reply_to.as_deref(), Some(first.as_str()));
    assert_eq!(out.references, vec!["r@mail.test".to_string(), first]);
    assert_eq!(
        out.quote.as_deref(),
        Some("Hi Bob, following up on my note below.")
    );
    let e = k.e(&id);
    assert_eq!(
        (e.status, e.status_reason),
        (Status::Finished, Some(StatusReason::Completed))
    );
    assert_eq!(e.next_due, None);
    assert_eq!(e.step_index, 2);
}

#[test]
fn engine_reply_in_thread_sets_replied_and_nothing_more_goes_out() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.tick();
    let first = format!("mseq.{id}.0@mail.test");
    k.ports.mail.deliver(
        k.ports
            .mail
            .reply_to(&first, "bob@mail.test", "bobreply@mail.test"),
    );
    let r = k.tick();
    assert_eq!(r.paused, 1, "{r:?}");
    let e = k.e(&id);
    assert_eq!(e.status, Status::Replied);
    assert_eq!(e.next_due, None);
    k.ports.advance((30 * 24).hours());
    assert_eq!(k.tick().sent, 0);
    assert_eq!(k.sent_count(), 1);
    let replied = e
        .history
        .iter()
        .find(|h| h.event == Event::Replied)
        .unwrap();
    assert_eq!(replied.step, Some(0), "credited to the step sent before it");
}

#[test]
fn engine_own_follow_up_seen_in_sync_is_not_a_reply() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.tick();
    // The follow-up we sent shows up in the next sync, in the thread.
    let r = k.tick();
    assert_eq!(r.paused, 0);
    assert_eq!(k.e(&id).status, Status::Active);
}

#[test]
fn engine_reply_from_someone_else_in_thread_counts() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.ports.mail.deliver(
        k.ports
            .mail
            .reply_to("r@mail.test", "carol@mail.test", "c1@mail.test"),
    );
    k.tick();
    assert_eq!(k.e(&id).status, Status::Replied);
}

#[test]
fn engine_reply_before_first_follow_up_is_caught() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.ports.mail.deliver(
        k.ports
            .mail
            .reply_to("r@mail.test", "bob@mail.test", "b1@mail.test"),
    );
    k.jump_to_due(&id);
    let r = k.tick();
    assert_eq!((r.sent, r.paused), (0, 1));
    assert_eq!(k.e(&id).status, Status::Replied);
    assert_eq!(
        k.e(&id)
            .history
            .iter()
            .find(|h| h.event == Event::Replied)
            .unwrap()
            .step,
        None
    );
}

#[test]
fn engine_auto_reply_does_not_pause() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    let mut ooo = k
        .ports
        .mail
        .reply_to("r@mail.test", "bob@mail.test", "ooo@mail.test");
    ooo.subject = "Automatic reply: Proposal".into();
    ooo.headers
        .insert("auto-submitted".into(), "auto-replied".into());
    k.ports.mail.deliver(ooo);
    k.tick();
    assert_eq!(k.e(&id).status, Status::Active);
    assert!(history(&k, &id).contains(&Event::AutoReply));
    k.jump_to_due(&id);
    assert_eq!(k.tick().sent, 1);
}

fn dsn(to_original: &str) -> ObservedMessage {
    let mut m = ObservedMessage {
        message_id: "dsn1@mail.test".into(),
        from: "mailer-daemon@mail.test".into(),
        subject: "Undelivered Mail Returned to Sender".into(),
        references: vec![to_original.into()],
        ..Default::default()
    };
    m.headers.insert(
        "content-type".into(),
        "multipart/report; report-type=delivery-status; boundary=x".into(),
    );
    m.headers
        .insert("x-failed-recipients".into(), "bob@mail.test".into());
    m
}

#[test]
fn engine_bounce_sets_bounced_and_suppresses_the_address() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.ports.mail.deliver(dsn("r@mail.test"));
    let r = k.tick();
    assert_eq!(r.paused, 1);
    assert_eq!(k.e(&id).status, Status::Bounced);
    assert!(k.service.state().is_suppressed("bob@mail.test").is_some());
    // Enrolling the address again is refused with a clear message.
    let err = k
        .enroll("bob@mail.test", "Bob", "r2@mail.test")
        .unwrap_err();
    assert!(
        err.contains("bob@mail.test") && err.contains("bounced"),
        "{err}"
    );
}

#[test]
fn engine_opt_out_reply_unsubscribes_and_suppresses() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    let mut m = k
        .ports
        .mail
        .reply_to("r@mail.test", "bob@mail.test", "u1@mail.test");
    m.snippet = "Please unsubscribe me from these emails.".into();
    k.ports.mail.deliver(m);
    k.tick();
    assert_eq!(k.e(&id).status, Status::Unsubscribed);
    assert!(k.service.state().is_suppressed("bob@mail.test").is_some());
}

#[test]
fn engine_suppression_is_checked_again_at_send_time() {
    let k = Kit::new(two_step());
    let a = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    // bob bounces in another sequence's thread after enrolling here.
    let other = k.handle(Request::CreateSequence {
        sequence: two_step(),
    });
    let Response::Created { id: other } = other else {
        panic!("{other:?}")
    };
    k.ports.mail.deliver(dsn("elsewhere@mail.test"));
    k.service.state.borrow_mut().suppression.insert(
        "bob@mail.test".into(),
        crate::core::suppression::Suppression {
            email: "bob@mail.test".into(),
            reason: crate::core::suppression::SuppressionReason::Bounced,
            at: k.ports.now.get(),
            enrollment: None,
        },
    );
    let _ = other;
    k.jump_to_due(&a);
    let r = k.tick();
    assert_eq!(r.sent, 0);
    let e = k.e(&a);
    assert_eq!(
        (e.status, e.status_reason),
        (Status::Failed, Some(StatusReason::Suppressed))
    );
}

#[test]
fn engine_invalid_address_is_refused() {
    let k = Kit::new(two_step());
    let err = k.enroll("bob@@mail", "Bob", "r@mail.test").unwrap_err();
    assert!(err.contains("not a valid email address"), "{err}");
    assert!(k.service.state().enrollments.is_empty());
}

#[test]
fn engine_missing_template_value_refuses_enrollment_naming_the_variable() {
    let k = Kit::new(spec(serde_json::json!({"name": "x",
        "window": {"days": ["mon"], "from": "09:00", "to": "17:00", "timeZone": "UTC"},
        "steps": [{"kind": "email", "thread": "same", "delay": {"days": 1},
                   "body": "Hi {{first_name}}, how is {{company}}?"}]})));
    let err = k.enroll("bob@mail.test", "", "r@mail.test").unwrap_err();
    assert!(err.contains("first_name"), "{err}");
    let check = k.handle_webmail(Request::CheckEnroll {
        account: crate::core::message::PageAccount {
            provider: crate::core::account::ProviderKind::Roundcube,
            user: String::new(),
            account_index: None,
        },
        sequence_id: k.seq.clone(),
        recipients: vec![crate::core::message::RecipientInput {
            email: "bob@mail.test".into(),
            name: "Bob".into(),
        }],
    });
    match check {
        Response::EnrollCheck { error: Some(e) } => assert!(e.contains("company"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn engine_already_enrolled_prospect_is_refused() {
    let k = Kit::new(two_step());
    k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    let err = k
        .enroll("bob@mail.test", "Bob", "r2@mail.test")
        .unwrap_err();
    assert!(err.contains("already in"), "{err}");
}

#[test]
fn engine_send_failed_retryable_backs_off_then_fails_permanently() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    for i in 0..crate::core::engine::MAX_FAILURES {
        k.ports
            .mail
            .fail_next("send", MailError::Unreachable("connection refused".into()));
        let r = k.tick();
        assert_eq!(r.sent, 0);
        assert_eq!(r.errors.len(), 1, "{r:?}");
        if i + 1 < crate::core::engine::MAX_FAILURES {
            let e = k.e(&id);
            assert_eq!(e.status, Status::Active);
            let retry = e.attempt.as_ref().unwrap().retry_at.unwrap();
            assert!(retry > k.ports.now.get());
            assert_eq!(e.next_due, Some(retry));
            k.ports.now.set(retry);
        }
    }
    let e = k.e(&id);
    assert_eq!(
        (e.status, e.status_reason),
        (Status::Failed, Some(StatusReason::SendFailed))
    );
    let h = history(&k, &id);
    assert_eq!(h.iter().filter(|e| **e == Event::SendFailed).count(), 5);
    assert!(h.contains(&Event::Retry));
}

#[test]
fn engine_rejected_send_fails_at_once() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.ports.mail.fail_next(
        "send",
        MailError::Rejected("recipient address rejected".into()),
    );
    let r = k.tick();
    assert!(r.errors[0].contains("recipient address rejected"), "{r:?}");
    assert_eq!(k.e(&id).status, Status::Failed);
}

#[test]
fn engine_session_expired_waits_and_sends_after_login() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.ports
        .mail
        .fail_next("sync", MailError::SessionExpired("logged out".into()));
    let r = k.tick();
    assert_eq!((r.sent, r.waiting), (0, 1), "{r:?}");
    assert!(r.errors[0].contains("Log in to Roundcube"), "{r:?}");
    assert_eq!(k.e(&id).status, Status::Active);
    assert_eq!(k.ports.notes.borrow().len(), 1, "one notification");
    // Logged in again: it goes out.
    let r = k.tick();
    assert_eq!(r.sent, 1, "{r:?}");
}

#[test]
fn engine_session_expired_during_send_is_not_a_failure() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.ports
        .mail
        .fail_next("send", MailError::SessionExpired("logged out".into()));
    let r = k.tick();
    assert_eq!((r.sent, r.waiting), (0, 1), "{r:?}");
    let e = k.e(&id);
    assert_eq!(e.status, Status::Active);
    assert!(!e.history.iter().any(|h| h.event == Event::SendFailed));
    assert_eq!(k.tick().sent, 1);
    assert_eq!(k.sent_count(), 1);
}

#[test]
fn engine_sequence_paused_cancels_queued_steps_and_resume_restores_them() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.handle(Request::SetSequenceState {
        id: k.seq.clone(),
        state: SequenceState::Paused,
    });
    let e = k.e(&id);
    assert_eq!(
        (e.status, e.status_reason),
        (Status::Paused, Some(StatusReason::SequencePaused))
    );
    assert_eq!(e.next_due, None);
    k.ports.advance((10 * 24).hours());
    assert_eq!(k.tick().sent, 0);
    k.handle(Request::SetSequenceState {
        id: k.seq.clone(),
        state: SequenceState::Active,
    });
    assert_eq!(k.e(&id).status, Status::Active);
    assert!(k.e(&id).next_due.is_some());
}

#[test]
fn engine_sequence_archived_finishes_enrollments_and_nothing_goes_out() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.handle(Request::SetSequenceState {
        id: k.seq.clone(),
        state: SequenceState::Archived,
    });
    let e = k.e(&id);
    assert_eq!(
        (e.status, e.status_reason),
        (Status::Finished, Some(StatusReason::SequenceArchived))
    );
    assert_eq!(k.tick().sent, 0);
    assert_eq!(k.sent_count(), 0);
}

#[test]
fn engine_sequence_edit_recomputes_next_due_for_running_enrollments() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    let before = k.e(&id).next_due.unwrap();
    let mut s = two_step();
    s.steps[0] = crate::core::sequence::Step::Email(crate::core::sequence::EmailStep {
        thread: crate::core::sequence::ThreadMode::Same,
        delay: crate::core::sequence::Delay::BusinessDays(5),
        subject: None,
        body: "Later".into(),
        variants: Vec::new(),
    });
    assert_eq!(
        k.handle(Request::UpdateSequence {
            id: k.seq.clone(),
            sequence: s
        }),
        Response::Ok
    );
    let after = k.e(&id).next_due.unwrap();
    assert!(after > before.checked_add(48.hours()).unwrap());
    assert!(history(&k, &id).contains(&Event::Edited));
}

#[test]
fn engine_sequence_edit_removing_steps_finishes_enrollments_past_the_end() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.tick();
    let mut s = two_step();
    s.steps.truncate(1);
    k.handle(Request::UpdateSequence {
        id: k.seq.clone(),
        sequence: s,
    });
    let e = k.e(&id);
    assert_eq!(
        (e.status, e.status_reason),
        (Status::Finished, Some(StatusReason::Completed))
    );
}

fn act(k: &Kit, id: &crate::core::ids::EnrollmentId, action: EnrollmentAction) -> Response {
    k.handle(Request::Enrollment {
        id: id.clone(),
        action,
    })
}

#[test]
fn engine_pause_resume_skip_send_now_remove() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    assert_eq!(act(&k, &id, EnrollmentAction::Pause), Response::Ok);
    assert_eq!(k.e(&id).status, Status::Paused);
    assert_eq!(k.e(&id).next_due, None);
    assert_eq!(act(&k, &id, EnrollmentAction::Resume), Response::Ok);
    assert_eq!(k.e(&id).status, Status::Active);
    assert_eq!(act(&k, &id, EnrollmentAction::SendNow), Response::Ok);
    let r = k.tick();
    assert_eq!(r.sent, 1, "send-now goes at once");
    assert_eq!(act(&k, &id, EnrollmentAction::Skip), Response::Ok);
    let e = k.e(&id);
    assert_eq!(e.step_index, 2);
    assert_eq!(e.status, Status::Finished);
    let h = history(&k, &id);
    for ev in [
        Event::Paused,
        Event::Resumed,
        Event::SendNow,
        Event::Sent,
        Event::Skipped,
        Event::Finished,
    ] {
        assert!(h.contains(&ev), "{ev:?} in {h:?}");
    }
    // Removing a finished enrollment is refused; resuming one too.
    assert!(matches!(
        act(&k, &id, EnrollmentAction::Resume),
        Response::Error { .. }
    ));
    let id2 = k
        .enroll("carol@mail.test", "Carol", "r2@mail.test")
        .unwrap();
    assert_eq!(act(&k, &id2, EnrollmentAction::Remove), Response::Ok);
    let e2 = k.e(&id2);
    assert_eq!(
        (e2.status, e2.status_reason),
        (Status::Finished, Some(StatusReason::Removed))
    );
    assert!(history(&k, &id2).contains(&Event::Removed));
}

#[test]
fn engine_resume_after_long_pause_sends_missed_step_at_once_and_keeps_later_delays() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    act(&k, &id, EnrollmentAction::Pause);
    // Two weeks later, Monday 10:00 again: the missed step goes now, not in a burst.
    k.ports.advance((14 * 24).hours());
    act(&k, &id, EnrollmentAction::Resume);
    assert_eq!(k.e(&id).next_due, Some(k.ports.now.get()));
    assert_eq!(k.tick().sent, 1);
    let next = k.e(&id).next_due.unwrap();
    assert!(next >= k.ports.now.get().checked_add(72.hours()).unwrap());
}

#[test]
fn engine_task_step_does_not_block_the_next_step() {
    let k = Kit::new(spec(serde_json::json!({"name": "t",
        "window": {"days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "17:00", "timeZone": "Europe/Berlin"},
        "steps": [
          {"kind": "task", "channel": "call", "delay": {"days": 1}, "note": "Call them"},
          {"kind": "email", "thread": "same", "delay": {"days": 1}, "body": "After the call"}]})));
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    let task_due = k.e(&id).next_due.unwrap();
    k.jump_to_due(&id);
    k.tick();
    let e = k.e(&id);
    assert_eq!(e.tasks.len(), 1);
    assert_eq!(e.step_index, 1);
    // The email counts from the task's due time, not from when it is done.
    let email_due = e.next_due.unwrap();
    assert!(email_due >= task_due.checked_add(24.hours()).unwrap());
    assert!(email_due < task_due.checked_add(25.hours()).unwrap());
    assert_eq!(
        k.handle(Request::TaskDone {
            id: id.clone(),
            step: 0
        }),
        Response::Ok
    );
    assert!(k.e(&id).tasks.is_empty());
    assert!(history(&k, &id).contains(&Event::TaskDone));
}

#[test]
fn engine_catch_up_within_grace_sends_late() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.ports.advance(3.hours());
    assert_eq!(k.tick().sent, 1);
    let sent = k
        .e(&id)
        .history
        .into_iter()
        .find(|h| h.event == Event::Sent)
        .unwrap();
    let detail = sent.detail.unwrap();
    assert!(
        detail.contains("3 h") && detail.contains("late") && detail.contains("grace"),
        "{detail}"
    );
}

#[test]
fn engine_catch_up_past_grace_moves_to_next_window_opening() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.jump_to_due(&id);
    k.ports.advance(26.hours()); // Thursday ~12:00, a day late
    let r = k.tick();
    assert_eq!(r.sent, 0);
    let e = k.e(&id);
    let h = e.history.last().unwrap();
    assert_eq!(h.event, Event::Rescheduled);
    assert!(h.detail.as_ref().unwrap().contains("late"));
    assert!(e.next_due.unwrap() >= k.ports.now.get());
}

#[test]
fn engine_pacing_lets_one_send_through_per_instant() {
    let k = Kit::new(two_step());
    let a = k.enroll("bob@mail.test", "Bob", "r1@mail.test").unwrap();
    let b = k
        .enroll("carol@mail.test", "Carol", "r2@mail.test")
        .unwrap();
    let due = k.e(&a).next_due.unwrap().max(k.e(&b).next_due.unwrap());
    k.ports.now.set(due.checked_add(1.second()).unwrap());
    let r = k.tick();
    assert_eq!((r.sent, r.waiting), (1, 1), "{r:?}");
    let r = k.tick();
    assert_eq!(
        (r.sent, r.waiting),
        (0, 1),
        "frozen clock: still one per instant"
    );
    k.ports.advance(60.seconds());
    assert_eq!(k.tick().sent, 1);
}

#[test]
fn engine_daily_cap_holds_sends_and_notifies() {
    let k = Kit::new(spec(serde_json::json!({"name": "capped",
        "window": {"days": ["mon","tue","wed","thu","fri","sat","sun"], "from": "00:00", "to": "24:00", "timeZone": "UTC"},
        "limits": {"dailyCap": 2, "minGapSeconds": 0},
        "steps": [{"kind": "email", "thread": "same", "delay": {"hours": 1}, "body": "x"}]})));
    let ids: Vec<_> = (0..3)
        .map(|i| {
            k.enroll(&format!("p{i}@mail.test"), "P", &format!("r{i}@mail.test"))
                .unwrap()
        })
        .collect();
    k.ports.advance(2.hours());
    // Even with no gap, a frozen clock lets one send through per instant.
    assert_eq!(k.tick().sent, 1);
    k.ports.advance(1.second());
    assert_eq!(k.tick().sent, 1);
    k.ports.advance(1.second());
    let r = k.tick();
    assert_eq!((r.sent, r.waiting), (0, 1), "{r:?}");
    assert!(k
        .ports
        .notes
        .borrow()
        .iter()
        .any(|n| n.contains("daily cap")));
    assert_eq!(ids.iter().filter(|i| k.e(i).step_index == 1).count(), 2);
}

#[test]
fn engine_remark_reply_as_auto_reply_reopens_enrollment() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.ports.mail.deliver(
        k.ports
            .mail
            .reply_to("r@mail.test", "bob@mail.test", "b1@mail.test"),
    );
    k.tick();
    assert_eq!(k.e(&id).status, Status::Replied);
    let r = k.handle(Request::Remark {
        id: id.clone(),
        message_id: "b1@mail.test".into(),
        class: Class::AutoReply,
    });
    assert_eq!(r, Response::Ok);
    let e = k.e(&id);
    assert_eq!(e.status, Status::Active);
    assert!(e.next_due.is_some());
    assert!(history(&k, &id).contains(&Event::Remarked));
    // And back: an auto-reply re-marked as a reply pauses it.
    k.handle(Request::Remark {
        id: id.clone(),
        message_id: "b1@mail.test".into(),
        class: Class::Reply,
    });
    assert_eq!(k.e(&id).status, Status::Replied);
}

#[test]
fn engine_stop_on_any_mail_from_prospect() {
    let mut s = two_step();
    s.stop_on.any_mail_from_prospect = true;
    let k = Kit::new(s);
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.ports.mail.deliver(ObservedMessage {
        message_id: "other@mail.test".into(),
        from: "bob@mail.test".into(),
        subject: "Unrelated".into(),
        ..Default::default()
    });
    k.tick();
    assert_eq!(k.e(&id).status, Status::Replied);
}

#[test]
fn engine_stop_on_any_mail_from_domain() {
    let mut s = two_step();
    s.stop_on.any_mail_from_domain = true;
    let k = Kit::new(s);
    let id = k.enroll("bob@acme.example", "Bob", "r@mail.test").unwrap();
    k.ports.mail.deliver(ObservedMessage {
        message_id: "x@acme.example".into(),
        from: "ceo@acme.example".into(),
        ..Default::default()
    });
    k.tick();
    assert_eq!(k.e(&id).status, Status::Replied);
}

#[test]
fn engine_mail_from_prospect_outside_thread_is_ignored_without_stop_rule() {
    let k = Kit::new(two_step());
    let id = k.enroll("bob@mail.test", "Bob", "r@mail.test").unwrap();
    k.ports.mail.deliver(ObservedMessage {
        message_id: "other@mail.test".into(),
        from: "bob@mail.test".into(),
        ..Default::default()
    });
    k.tick();
    assert_eq!(k.e(&id).status, Status::Active);
}

#[test]
fn engine_read_only_refuses_changes() {
    let k = Kit::new(two_step());
    k.service.state.borrow_mut().read_only = Some("newer data".into());
    let r = k.handle(Request::CreateSequence {
        sequence: two_step(),
    });
    assert!(matches!(r, Response::Error { message } if message.contains("newer data")));
    assert!(k.tick().errors[0].contains("newer data"));
}
