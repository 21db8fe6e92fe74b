use super::*;
use crate::core::enrollment::{Identity, Thread};
use crate::core::ids::{AccountId, EnrollmentId};
use jiff::{SignedDuration, Timestamp};
use Event::{AutoReply, Bounced, Remarked, Replied, Resumed, Sent, Unsubscribed};

const SEQ: &str = "s-intro";

fn enrollment(id: &str, status: Status, events: &[(Event, Option<u32>)]) -> Enrollment {
    let start: Timestamp = "2026-11-02T09:00:00Z".parse().expect("timestamp");
    let mut history = vec![HistoryEntry {
        at: start,
        event: Event::Enrolled,
        step: None,
        detail: None,
        variant: None,
    }];
    for (i, (event, step)) in events.iter().enumerate() {
        history.push(HistoryEntry {
            at: start + SignedDuration::from_hours(24 * (i as i64 + 1)),
            event: *event,
            step: *step,
            detail: None,
            variant: None,
        });
    }
    Enrollment {
        id: EnrollmentId::from(id),
        sequence_id: SequenceId::from(SEQ),
        account: AccountId::from("a-1"),
        identity: Identity::default(),
        recipients: Vec::new(),
        thread: Thread::default(),
        status,
        status_reason: None,
        step_index: 0,
        next_due: None,
        anchor: start,
        send_now: false,
        attempt: None,
        tasks: Vec::new(),
        seen: Vec::new(),
        history,
        sequence_rev: 0,
        awaiting_first_email: false,
    }
}

fn stats(steps: usize, es: &[Enrollment]) -> SequenceStats {
    sequence_stats(&SequenceId::from(SEQ), steps, es)
}

#[test]
fn stats_per_step_counts_sent_and_replies() {
    let es = [
        enrollment(
            "e-a",
            Status::Replied,
            &[(Sent, Some(0)), (Sent, Some(1)), (Replied, Some(1))],
        ),
        enrollment(
            "e-b",
            Status::Replied,
            &[(Sent, Some(0)), (Replied, Some(0))],
        ),
        enrollment(
            "e-c",
            Status::Finished,
            &[(Sent, Some(0)), (Sent, Some(1)), (Sent, Some(2))],
        ),
        enrollment("e-d", Status::Active, &[(Sent, Some(0))]),
    ];
    let s = stats(3, &es);
    assert_eq!((s.enrolled, s.active, s.finished), (4, 1, 1));
    assert_eq!((s.sent, s.replied), (7, 2));
    assert_eq!(s.reply_rate, Some(0.5));
    let per: Vec<(u32, u32, u32)> = s
        .steps
        .iter()
        .map(|t| (t.step, t.sent, t.replied))
        .collect();
    assert_eq!(per, vec![(0, 4, 1), (1, 2, 1), (2, 1, 0)]);
    assert_eq!(s.steps[0].reply_rate, Some(0.25));
    assert_eq!(s.steps[1].reply_rate, Some(0.5));
    assert_eq!(s.steps[2].reply_rate, Some(0.0));
}

#[test]
fn stats_reply_rate_none_without_sends() {
    let empty = stats(2, &[]);
    assert_eq!(empty.reply_rate, None);
    assert!(empty
        .steps
        .iter()
        .all(|t| t.sent == 0 && t.reply_rate.is_none()));
    // A step nothing reached yet (or a task step) has no rate, not 0.
    let s = stats(2, &[enrollment("e-a", Status::Active, &[(Sent, Some(0))])]);
    assert_eq!(s.steps[0].reply_rate, Some(0.0));
    assert_eq!(s.steps[1].reply_rate, None);
}

#[test]
fn stats_reply_to_enrolling_email_counts_for_sequence_only() {
    let s = stats(2, &[enrollment("e-a", Status::Replied, &[(Replied, None)])]);
    assert_eq!((s.replied, s.replied_before_follow_ups), (1, 1));
    assert_eq!(s.reply_rate, Some(1.0));
    assert!(s.steps.iter().all(|t| t.replied == 0));
}

#[test]
fn stats_enrollment_replying_twice_counts_once_per_step() {
    let e = enrollment(
        "e-a",
        Status::Replied,
        &[
            (Sent, Some(0)),
            (Replied, Some(0)),
            (Resumed, None),
            (Sent, Some(1)),
            (Replied, Some(1)),
            (Replied, Some(1)),
        ],
    );
    let s = stats(2, &[e]);
    assert_eq!(s.replied, 1);
    assert_eq!((s.steps[0].replied, s.steps[1].replied), (1, 1));
    assert_eq!(s.steps[1].reply_rate, Some(1.0));
}

#[test]
fn stats_bounced_and_unsubscribed_per_step() {
    let es = [
        enrollment(
            "e-a",
            Status::Bounced,
            &[(Sent, Some(0)), (Bounced, Some(0))],
        ),
        enrollment(
            "e-b",
            Status::Unsubscribed,
            &[(Sent, Some(0)), (Sent, Some(1)), (Unsubscribed, Some(1))],
        ),
        // The enrolling email bounced: the sequence counts it, no step does.
        enrollment("e-c", Status::Bounced, &[(Bounced, None)]),
    ];
    let s = stats(2, &es);
    assert_eq!((s.bounced, s.unsubscribed), (2, 1));
    assert_eq!((s.steps[0].bounced, s.steps[0].unsubscribed), (1, 0));
    assert_eq!((s.steps[1].bounced, s.steps[1].unsubscribed), (0, 1));
    assert_eq!(s.replied, 0);
}

#[test]
fn stats_remarked_reply_is_not_counted() {
    let remarked = enrollment(
        "e-a",
        Status::Active,
        &[
            (Sent, Some(0)),
            (Replied, Some(0)),
            (Remarked, None),
            (AutoReply, Some(0)),
        ],
    );
    let s = stats(1, &[remarked]);
    assert_eq!((s.replied, s.steps[0].replied), (0, 0));
    // And the other way: an auto-reply the user says was a real answer.
    let promoted = enrollment(
        "e-b",
        Status::Replied,
        &[
            (Sent, Some(0)),
            (AutoReply, Some(0)),
            (Remarked, None),
            (Replied, Some(0)),
        ],
    );
    assert_eq!(stats(1, &[promoted]).steps[0].replied, 1);
}

#[test]
fn stats_sent_counted_once_per_step_and_steps_never_lost() {
    // A duplicated `sent` entry and a step beyond a since-shortened sequence.
    let e = enrollment(
        "e-a",
        Status::Active,
        &[(Sent, Some(0)), (Sent, Some(0)), (Sent, Some(3))],
    );
    let s = stats(2, &[e]);
    assert_eq!(s.sent, 2);
    assert_eq!(s.steps.len(), 4);
    assert_eq!(
        (s.steps[0].sent, s.steps[3].sent, s.steps[3].step),
        (1, 1, 3)
    );
}

#[test]
fn stats_other_sequences_are_ignored() {
    let mut other = enrollment("e-x", Status::Active, &[(Sent, Some(0))]);
    other.sequence_id = SequenceId::from("s-other");
    let s = stats(1, &[other, enrollment("e-a", Status::Active, &[])]);
    assert_eq!((s.enrolled, s.sent), (1, 0));
}

#[test]
fn stats_serialize_camel_case() {
    let s = stats(1, &[enrollment("e-a", Status::Replied, &[(Replied, None)])]);
    let v = serde_json::to_value(&s).expect("serializes");
    assert_eq!(v["sequenceId"], "s-intro");
    assert_eq!(v["replyRate"], 1.0);
    assert_eq!(v["repliedBeforeFollowUps"], 1);
    assert!(v["steps"][0]["replyRate"].is_null());
    let back: SequenceStats = serde_json::from_value(v).expect("deserializes");
    assert_eq!(back, s);
}

/// Sets the version on every `sent` entry of `step`.
fn with_variant(mut e: Enrollment, step: Option<u32>, v: u32) -> Enrollment {
    for h in &mut e.history {
        if h.event == Sent && h.step == step {
            h.variant = Some(v);
        }
    }
    e
}

#[test]
fn stats_meeting_bounce_and_unsubscribe_rates() {
    let es = [
        enrollment(
            "e-a",
            Status::Finished,
            &[
                (Sent, Some(0)),
                (Replied, Some(0)),
                (Event::MeetingBooked, Some(0)),
            ],
        ),
        enrollment(
            "e-b",
            Status::Bounced,
            &[(Sent, Some(0)), (Bounced, Some(0))],
        ),
        enrollment(
            "e-c",
            Status::Unsubscribed,
            &[(Sent, Some(0)), (Unsubscribed, Some(0))],
        ),
        enrollment("e-d", Status::Active, &[(Sent, Some(0))]),
    ];
    let s = stats(1, &es);
    assert_eq!(s.meetings, 1);
    assert_eq!(s.meeting_rate, Some(0.25));
    assert_eq!(s.bounce_rate, Some(0.25));
    assert_eq!(s.unsubscribe_rate, Some(0.25));
    let st = &s.steps[0];
    assert_eq!(
        (st.sent, st.meetings, st.bounced, st.unsubscribed),
        (4, 1, 1, 1)
    );
    assert_eq!(st.meeting_rate, Some(0.25));
    assert_eq!(s.benchmarks, BENCHMARKS);
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["benchmarks"]["replyRate"]["min"], 0.05);
    assert_eq!(json["benchmarks"]["weakMinSends"], 30);
}

#[test]
fn stats_per_variant_and_weak_version() {
    let mut es = Vec::new();
    for i in 0..100 {
        // Version A: 20 replies in 100; version B: 5 in 100.
        let replied = if i < 20 {
            vec![(Replied, Some(0))]
        } else {
            vec![]
        };
        let mut ev = vec![(Sent, Some(0))];
        ev.extend(replied);
        es.push(with_variant(
            enrollment(&format!("e-a{i}"), Status::Active, &ev),
            Some(0),
            0,
        ));
        let mut ev = vec![(Sent, Some(0))];
        if i < 5 {
            ev.push((Replied, Some(0)));
        }
        es.push(with_variant(
            enrollment(&format!("e-b{i}"), Status::Active, &ev),
            Some(0),
            1,
        ));
    }
    let s = stats(1, &es);
    let v = &s.steps[0].variants;
    assert_eq!(v.len(), 2);
    assert_eq!(
        (v[0].label.as_str(), v[0].sent, v[0].replied),
        ("A", 100, 20)
    );
    assert_eq!(
        (v[1].label.as_str(), v[1].sent, v[1].replied),
        ("B", 100, 5)
    );
    assert_eq!(v[1].reply_rate, Some(0.05));
    assert_eq!((v[0].weak, v[1].weak), (false, true));
    assert_eq!((s.steps[0].sent, s.steps[0].replied), (200, 25));
}

#[test]
fn stats_weak_step_against_the_best_follow_up() {
    let es: Vec<Enrollment> = (0..60)
        .map(|i| {
            let mut ev = vec![(Sent, Some(0)), (Sent, Some(1))];
            if i < 15 {
                ev.push((Replied, Some(0)));
            }
            enrollment(&format!("e-{i}"), Status::Active, &ev)
        })
        .collect();
    let s = stats(2, &es);
    // Step 1 sent 60 with 0 replies (its replies went to step 0 before it): 25% vs 0%.
    assert_eq!((s.steps[0].weak, s.steps[1].weak), (false, true));
}

#[test]
fn stats_first_email_of_bulk_enrollments() {
    let es = [
        with_variant(
            enrollment("e-a", Status::Replied, &[(Sent, None), (Replied, None)]),
            None,
            1,
        ),
        enrollment("e-b", Status::Active, &[(Sent, None), (Sent, Some(0))]),
        // A compose enrollment has no first email of ours.
        enrollment("e-c", Status::Replied, &[(Replied, None)]),
    ];
    let s = stats(1, &es);
    let f = s.first_email.as_ref().unwrap();
    assert_eq!((f.sent, f.replied, f.reply_rate), (2, 1, Some(0.5)));
    assert_eq!(f.variants.len(), 1);
    assert_eq!(
        (f.variants[0].label.as_str(), f.variants[0].replied),
        ("B", 1)
    );
    assert_eq!(s.sent, 1, "follow-ups only, as before");
    assert_eq!(s.replied_before_follow_ups, 2);
}
