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
    }];
    for (i, (event, step)) in events.iter().enumerate() {
        history.push(HistoryEntry {
            at: start + SignedDuration::from_hours(24 * (i as i64 + 1)),
            event: *event,
            step: *step,
            detail: None,
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
