//! Bulk enrollment: prospects without a compose window get the first email from the engine,
//! in a new thread, paced like any send; the steps then follow in that thread.
use crate::core::account::{Account, ProviderKind, Session};
use crate::core::craft::prospects::Prospect;
use crate::core::enrollment::{Event, Identity, Status, FIRST_EMAIL_STEP};
use crate::core::ids::{AccountId, EnrollmentId};
use crate::core::message::{EnrollmentAction, Request, Response};
use crate::core::service::account_id;
use crate::core::suppression::{Suppression, SuppressionReason};
use crate::core::testkit::{spec, Kit, ORIGIN};
use jiff::ToSpan;

fn bulk_spec() -> serde_json::Value {
    serde_json::json!({"name": "Cold",
        "window": {"days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "17:00",
                   "timeZone": "Europe/Berlin"},
        "limits": {"minGapSeconds": 60},
        "firstEmail": {"subject": "Question for {{company|your team}}",
                       "body": "Hi {{first_name|there}}, a question about {{company|your team}}."},
        "steps": [
          {"kind": "email", "thread": "same", "delay": {"businessDays": 2},
           "body": "Hi {{first_name|there}}, following up."}]})
}

fn kit(v: serde_json::Value) -> (Kit, AccountId) {
    let k = Kit::new(spec(v));
    let id = account_id(ProviderKind::Roundcube, ORIGIN, "alice@mail.test");
    k.service.state.borrow_mut().accounts.insert(
        id.clone(),
        Account {
            id: id.clone(),
            provider: ProviderKind::Roundcube,
            origin: ORIGIN.into(),
            user: "alice@mail.test".into(),
            own_addresses: Vec::new(),
            cursor: None,
            session: Session::Ok,
        },
    );
    (k, id)
}

fn prospect(email: &str, first: &str, company: &str) -> Prospect {
    Prospect {
        email: email.into(),
        first_name: first.into(),
        company: company.into(),
        ..Prospect::default()
    }
}

fn enroll(k: &Kit, account: &AccountId, ps: Vec<Prospect>) -> (Vec<EnrollmentId>, Vec<String>) {
    let r = k.handle(Request::EnrollProspects {
        sequence_id: k.seq.clone(),
        account: account.clone(),
        identity: Identity {
            id: "1".into(),
            email: "alice@mail.test".into(),
            name: "Alice".into(),
        },
        prospects: ps,
    });
    match r {
        Response::EnrolledProspects { enrolled, refused } => {
            (enrolled, refused.into_iter().map(|r| r.reason).collect())
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn engine_bulk_first_emails_go_out_in_new_threads_paced_by_the_gap() {
    let (k, account) = kit(bulk_spec());
    let (ids, refused) = enroll(
        &k,
        &account,
        vec![
            prospect("Bob@Acme.test", "Bob", "Acme"),
            prospect("carol@globex.test", "Carol", ""),
        ],
    );
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(ids.len(), 2);
    let e = k.e(&ids[0]);
    assert_eq!((e.status, e.step_index), (Status::Active, 0));
    assert!(e.awaiting_first_email);
    assert_eq!(e.thread.root_message_id, "");
    assert_eq!(
        e.next_due,
        Some(k.ports.now.get()),
        "due at once in an open window"
    );

    let r = k.tick();
    // The second is due one gap later (a batch is spread by the gap at enrollment).
    assert_eq!((r.sent, r.errors.len()), (1, 0), "{r:?}");
    assert_eq!(
        k.e(&ids[1]).next_due,
        Some(k.ports.now.get().checked_add(60.seconds()).unwrap())
    );
    let out = k.ports.mail.sent.borrow()[0].clone();
    assert_eq!(out.subject, "Question for Acme");
    assert_eq!(out.body, "Hi Bob, a question about Acme.");
    assert_eq!(out.to[0].email, "bob@acme.test");
    assert_eq!((out.in_reply_to.clone(), out.references.len()), (None, 0));
    assert_eq!(
        out.message_id,
        format!("mseq.{}.{FIRST_EMAIL_STEP}@mail.test", ids[0])
    );
    assert!(out
        .footer
        .as_deref()
        .is_some_and(|f| f.contains("unsubscribe")));
    assert_eq!(
        out.list_unsubscribe.as_deref(),
        Some("<mailto:alice@mail.test?subject=unsubscribe>")
    );
    // The frozen clock lets one send through per gap.
    assert_eq!(k.tick().sent, 0);
    k.ports.advance(60.seconds());
    assert_eq!(k.tick().sent, 1);
    assert_eq!(
        k.ports.mail.sent.borrow()[1].subject,
        "Question for your team"
    );

    let e = k.e(&ids[0]);
    assert!(!e.awaiting_first_email);
    assert_eq!(e.thread.root_message_id, out.message_id);
    assert_eq!(e.thread.subject, "Question for Acme");
    assert_eq!(e.step_index, 0, "stepIndex counts follow-up steps only");
    let sent: Vec<_> = e.history.iter().map(|h| (h.event, h.step)).collect();
    assert_eq!(sent, vec![(Event::Enrolled, None), (Event::Sent, None)]);

    // The first step follows in the same thread and quotes the first email.
    k.jump_to_due(&ids[0]);
    k.tick();
    // Carol's step may have fallen due first and taken this instant: one gap later.
    k.ports.advance(60.seconds());
    k.tick();
    let follow = k
        .ports
        .mail
        .sent
        .borrow()
        .iter()
        .find(|o| o.message_id == format!("mseq.{}.0@mail.test", ids[0]))
        .cloned()
        .expect("step 1 went out");
    assert_eq!(follow.subject, "Re: Question for Acme");
    assert_eq!(follow.in_reply_to.as_deref(), Some(out.message_id.as_str()));
    assert_eq!(
        follow.quote.as_deref(),
        Some("Hi Bob, a question about Acme.")
    );
    assert_eq!(k.e(&ids[0]).step_index, 1);
}

#[test]
fn engine_bulk_reply_to_the_first_email_pauses() {
    let (k, account) = kit(bulk_spec());
    let (ids, _) = enroll(&k, &account, vec![prospect("bob@acme.test", "Bob", "Acme")]);
    k.tick();
    let first = format!("mseq.{}.{FIRST_EMAIL_STEP}@mail.test", ids[0]);
    k.ports.mail.deliver(
        k.ports
            .mail
            .reply_to(&first, "bob@acme.test", "re1@acme.test"),
    );
    assert_eq!(k.tick().paused, 1);
    let e = k.e(&ids[0]);
    assert_eq!(e.status, Status::Replied);
    let replied = e
        .history
        .iter()
        .find(|h| h.event == Event::Replied)
        .unwrap();
    assert_eq!(replied.step, None, "credited to the first email");
}

#[test]
fn engine_bulk_refuses_each_bad_prospect_with_a_reason() {
    let mut v = bulk_spec();
    v["steps"][0]["body"] = serde_json::json!("Hi {{first_name}}, following up.");
    let (k, account) = kit(v);
    k.service.state.borrow_mut().suppression.insert(
        "gone@acme.test".into(),
        Suppression {
            email: "gone@acme.test".into(),
            reason: SuppressionReason::Unsubscribed,
            at: k.ports.now.get(),
            enrollment: None,
        },
    );
    let (ids, refused) = enroll(
        &k,
        &account,
        vec![
            prospect("ok@acme.test", "Ok", "Acme"),
            prospect("not-an-address", "X", ""),
            prospect("gone@acme.test", "Gone", ""),
            prospect("OK@acme.test", "Again", ""),
            prospect("noname@acme.test", "", ""),
        ],
    );
    assert_eq!(ids.len(), 1);
    assert_eq!(refused.len(), 4, "{refused:?}");
    assert!(
        refused[0].contains("not a valid email address"),
        "{}",
        refused[0]
    );
    assert!(refused[1].contains("suppression list"), "{}", refused[1]);
    assert!(refused[2].contains("already in"), "{}", refused[2]);
    assert!(
        refused[3].contains("steps[0]") && refused[3].contains("first_name"),
        "{}",
        refused[3]
    );
    // Already enrolled from an earlier chunk.
    let (again, refused) = enroll(&k, &account, vec![prospect("ok@acme.test", "Ok", "")]);
    assert!(again.is_empty() && refused[0].contains("already in"));
}

#[test]
fn engine_bulk_needs_a_first_email_and_a_known_account() {
    let mut v = bulk_spec();
    v.as_object_mut().unwrap().remove("firstEmail");
    let (k, account) = kit(v);
    let r = k.handle(Request::EnrollProspects {
        sequence_id: k.seq.clone(),
        account,
        identity: Identity::default(),
        prospects: vec![prospect("bob@acme.test", "Bob", "")],
    });
    assert!(matches!(r, Response::Error { .. }), "{r:?}");
    let (k, _) = kit(bulk_spec());
    let r = k.handle(Request::EnrollProspects {
        sequence_id: k.seq.clone(),
        account: AccountId::from("gmail:nowhere:x"),
        identity: Identity::default(),
        prospects: vec![prospect("bob@acme.test", "Bob", "")],
    });
    match r {
        Response::Error { message } => assert!(message.contains("unknown"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn engine_bulk_daily_cap_holds_first_emails_back() {
    let mut v = bulk_spec();
    v["limits"] = serde_json::json!({"dailyCap": 2, "minGapSeconds": 0});
    let (k, account) = kit(v);
    let ps = (0..3)
        .map(|i| prospect(&format!("p{i}@acme.test"), "P", ""))
        .collect();
    let (ids, _) = enroll(&k, &account, ps);
    let mut sent = 0;
    for _ in 0..5 {
        sent += k.tick().sent;
        k.ports.advance(1.seconds());
    }
    assert_eq!(sent, 2, "the cap of 2 per day");
    assert!(k.e(&ids[2]).awaiting_first_email);
    k.ports.advance(25.hours());
    // Held past the catch-up grace, it moves to the next window opening as any late send
    // does, and goes then.
    assert_eq!(k.tick().sent, 0);
    let e = k.e(&ids[2]);
    assert_eq!(e.history.last().map(|h| h.event), Some(Event::Rescheduled));
    k.jump_to_due(&ids[2]);
    assert_eq!(k.tick().sent, 1);
}

#[test]
fn engine_bulk_first_email_cannot_be_skipped_but_can_be_sent_now() {
    let mut v = bulk_spec();
    v["window"]["from"] = serde_json::json!("16:00");
    let (k, account) = kit(v);
    let (ids, _) = enroll(&k, &account, vec![prospect("bob@acme.test", "Bob", "")]);
    assert!(
        k.e(&ids[0]).next_due > Some(k.ports.now.get()),
        "waits for 16:00"
    );
    let r = k.handle(Request::Enrollment {
        id: ids[0].clone(),
        action: EnrollmentAction::Skip,
    });
    assert!(matches!(r, Response::Error { .. }), "{r:?}");
    let r = k.handle(Request::Enrollment {
        id: ids[0].clone(),
        action: EnrollmentAction::SendNow,
    });
    assert_eq!(r, Response::Ok);
    assert_eq!(k.tick().sent, 1);
    assert!(!k.e(&ids[0]).awaiting_first_email);
}

#[test]
fn engine_bulk_first_email_survives_a_restart_mid_send_without_a_second_send() {
    let (mut k, account) = kit(bulk_spec());
    let (ids, _) = enroll(&k, &account, vec![prospect("bob@acme.test", "Bob", "")]);
    // The send reaches the provider but the worker dies before recording it.
    k.ports.mail.fail_next(
        "send",
        crate::core::ports::MailError::Unreachable("x".into()),
    );
    k.tick();
    assert!(k.e(&ids[0]).attempt.is_some());
    k.restart();
    k.ports.advance(2.minutes());
    k.tick();
    assert_eq!(k.sent_count(), 1);
    let e = k.e(&ids[0]);
    assert_eq!(
        e.history.iter().filter(|h| h.event == Event::Sent).count(),
        1
    );
    assert!(!e.awaiting_first_email);
}

#[test]
fn engine_variants_are_drawn_per_enrollment_and_recorded_on_sent() {
    let mut v = bulk_spec();
    v["limits"] = serde_json::json!({"minGapSeconds": 0});
    v["firstEmail"]["variants"] = serde_json::json!([{"subject": "B subject", "body": "B body"}]);
    v["steps"][0]["variants"] = serde_json::json!([{"body": "Step B"}, {"body": "Step C"}]);
    let (k, account) = kit(v);
    let ps = (0..12)
        .map(|i| prospect(&format!("p{i}@acme.test"), "P", ""))
        .collect();
    let (ids, _) = enroll(&k, &account, ps);
    for _ in 0..12 {
        k.tick();
        k.ports.advance(1.seconds());
    }
    assert_eq!(k.sent_count(), 12);
    let sent = k.ports.mail.sent.borrow().clone();
    for id in &ids {
        let e = k.e(id);
        let h = e.history.iter().find(|h| h.event == Event::Sent).unwrap();
        let expected = crate::core::craft::variants::assign(id, None, 2);
        assert_eq!(h.variant, Some(expected));
        let out = sent
            .iter()
            .find(|o| o.to[0].email == e.recipients[0].email)
            .unwrap();
        let (subject, body) = if expected == 1 {
            ("B subject", "B body")
        } else {
            (
                "Question for your team",
                "Hi P, a question about your team.",
            )
        };
        assert_eq!((out.subject.as_str(), out.body.as_str()), (subject, body));
    }
    let drawn: std::collections::BTreeSet<_> = ids
        .iter()
        .map(|id| crate::core::craft::variants::assign(id, None, 2))
        .collect();
    assert_eq!(drawn.len(), 2, "12 enrollments see both versions");
    // The step's version is drawn separately and quoted as sent.
    let id = &ids[0];
    k.jump_to_due(id);
    for _ in 0..12 {
        k.tick();
        k.ports.advance(1.seconds());
    }
    let e = k.e(id);
    let h = e.history.iter().rfind(|h| h.event == Event::Sent).unwrap();
    assert_eq!(h.step, Some(0));
    let version = crate::core::craft::variants::assign(id, Some(0), 3);
    assert_eq!(h.variant, Some(version));
    let out = k
        .ports
        .mail
        .sent
        .borrow()
        .iter()
        .find(|o| o.message_id.ends_with(&format!("{id}.0@mail.test")))
        .cloned()
        .unwrap();
    let body = ["Hi P, following up.", "Step B", "Step C"][version as usize];
    assert_eq!(out.body, body);
}
