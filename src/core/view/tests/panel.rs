use super::*;
use crate::core::enrollment::{Attempt, StatusReason};
use crate::core::message::EnrollmentAction::{self, *};
use crate::core::store::DecodeError;
use crate::core::view::{banners, duration_words, empty_state, enrollments, panel, stats, Tone};

fn actions_of(e: Enrollment, st_seq: SequenceState) -> Vec<EnrollmentAction> {
    let mut st = state_with(vec![e]);
    st.sequences
        .get_mut(&SequenceId::from("s-1"))
        .unwrap()
        .state = st_seq;
    enrollments(&st, &ctx("2026-11-27T12:00:00Z", "UTC"))[0]
        .actions
        .clone()
}

#[test]
fn view_enrollment_actions_are_only_those_its_status_allows() {
    let active = enrollment("e-1", "a@x.com", "");
    assert_eq!(
        actions_of(active.clone(), SequenceState::Active),
        vec![Pause, SendNow, Skip, MeetingBooked, Remove]
    );
    let mut sending = active.clone();
    sending.attempt = Some(Attempt {
        step: 0,
        id: "a".into(),
        message_id: "m".into(),
        started_at: ts("2026-11-27T11:59:00Z"),
        failures: 0,
        retry_at: None,
        late_by_secs: 0,
        variant: None,
    });
    assert_eq!(
        actions_of(sending, SequenceState::Active),
        vec![Pause, MeetingBooked, Remove]
    );
    let mut replied = active.clone();
    replied.status = Status::Replied;
    assert_eq!(
        actions_of(replied.clone(), SequenceState::Active),
        vec![Resume, MeetingBooked, Remove]
    );
    // Resuming inside a paused sequence is refused by the engine: not offered.
    let mut paused = active.clone();
    paused.status = Status::Paused;
    paused.status_reason = Some(StatusReason::SequencePaused);
    assert_eq!(
        actions_of(paused, SequenceState::Paused),
        vec![Skip, MeetingBooked, Remove]
    );
    for s in [Status::Finished, Status::Bounced, Status::Unsubscribed] {
        let mut ended = active.clone();
        ended.status = s;
        assert!(actions_of(ended, SequenceState::Active).is_empty(), "{s}");
    }
}

#[test]
fn view_enrollment_status_reason_reads_as_a_sentence() {
    let mut a = enrollment("e-1", "a@x.com", "");
    a.status = Status::Paused;
    a.status_reason = Some(StatusReason::SequencePaused);
    let mut b = enrollment("e-2", "b@x.com", "");
    b.status = Status::Finished;
    b.status_reason = Some(StatusReason::MeetingBooked);
    b.step_index = 1;
    let st = state_with(vec![a, b]);
    let views = enrollments(&st, &ctx("2026-11-27T12:00:00Z", "UTC"));
    let a = views.iter().find(|v| v.id.0 == "e-1").unwrap();
    assert!(
        a.sentence.contains("sequence “Intro” is paused"),
        "{}",
        a.sentence
    );
    assert_eq!(a.progress, "step 1 of 3");
    let b = views.iter().find(|v| v.id.0 == "e-2").unwrap();
    assert_eq!(b.sentence, "Finished: a meeting is booked.");
    assert_eq!(b.progress, "stopped before step 2 of 3");
}

#[test]
fn view_history_reads_as_lines_and_catch_up_says_what_happened() {
    let mut e = enrollment("e-1", "bob@x.com", "Bob");
    e.history.extend([
        entry("2026-11-24T09:00:00Z", Event::Sent, Some(0), None),
        entry(
            "2026-11-25T14:00:00Z",
            Event::Rescheduled,
            Some(1),
            Some("5 h 0 min late (more than the 4 h catch-up grace, or outside the window): moved to 2026-11-26T08:00:00Z"),
        ),
        entry("2026-11-26T10:00:00Z", Event::Sent, Some(2), Some("sent 2 h late, within the 4 h catch-up grace")),
        entry("2026-11-26T11:00:00Z", Event::Replied, Some(2), Some("from Bob <bob@x.com>: “Re: hi”")),
    ]);
    let st = state_with(vec![e]);
    let v = &enrollments(&st, &ctx("2026-11-27T12:00:00Z", "Europe/Berlin"))[0];
    let lines: Vec<&str> = v.history.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(lines[0], "Enrolled");
    assert_eq!(lines[1], "Sent follow-up 1");
    assert_eq!(
        lines[2],
        "Rescheduled — 5 h 0 min late (more than the 4 h catch-up grace, or outside the window): moved to Yesterday 09:00"
    );
    assert_eq!(
        lines[3],
        "Sent follow-up 3 in a new thread — sent 2 h late, within the 4 h catch-up grace"
    );
    assert_eq!(lines[4], "Replied — from Bob <bob@x.com>: “Re: hi”");
    assert_eq!(v.history[2].event, "rescheduled");
    assert_eq!(v.history[1].when.datetime, "2026-11-24T09:00:00Z");
}

#[test]
fn view_stats_count_each_outcome_once_per_step() {
    let mut a = enrollment("e-1", "a@x.com", "");
    a.history.extend([
        entry("2026-11-24T09:00:00Z", Event::Sent, Some(0), None),
        entry("2026-11-24T10:00:00Z", Event::Replied, Some(0), None),
        entry("2026-11-24T11:00:00Z", Event::Replied, Some(0), None),
    ]);
    let mut b = enrollment("e-2", "b@x.com", "");
    b.history.extend([
        entry("2026-11-24T09:00:00Z", Event::Sent, Some(0), None),
        entry("2026-11-25T09:00:00Z", Event::TaskDue, Some(1), None),
        entry("2026-11-25T10:00:00Z", Event::TaskDone, Some(1), None),
        entry("2026-11-26T09:00:00Z", Event::Bounced, Some(0), None),
    ]);
    let mut c = enrollment("e-3", "c@x.com", "");
    c.history
        .push(entry("2026-11-21T09:00:00Z", Event::Replied, None, None));
    let s = &stats(&state_with(vec![a, b, c]))[0];
    assert_eq!((s.enrolled, s.replied_before_followups), (3, 1));
    let step0 = &s.steps[0];
    assert_eq!((step0.sent, step0.replied, step0.bounced), (2, 1, 1));
    assert_eq!(step0.reply_rate_label(), "50%");
    let step1 = &s.steps[1];
    assert_eq!((step1.sent, step1.done), (1, 1));
    assert_eq!(step1.reply_rate, None);
    assert_eq!(step1.reply_rate_label(), "—");
    assert_eq!(s.steps[2].reply_rate_label(), "—");
}

#[test]
fn view_empty_state_explains_what_to_do_first() {
    let none = State::default();
    let e = empty_state(&none).unwrap();
    assert_eq!(e.title, "No sequences yet");
    assert!(e.steps[0].contains("Options"));
    assert!(e.steps[1].contains("compose window"));
    assert!(e.steps[2].contains("Roundcube"));
    let seq_only = state_with(vec![]);
    assert_eq!(
        empty_state(&seq_only).unwrap().title,
        "No one is enrolled yet"
    );
    assert!(empty_state(&state_with(vec![enrollment("e", "a@x.com", "")])).is_none());
}

#[test]
fn view_banners_show_read_only_unreadable_and_the_browser_closed_note() {
    let mut st = State::default();
    st.read_only = Some("the stored data is from a newer mailseq (layout v9).".into());
    st.unreadable.push(DecodeError::Corrupt {
        key: "enr:e-9".into(),
        message: "missing field `status`".into(),
    });
    let b = banners(&st, &ctx("2026-11-27T12:00:00Z", "UTC"));
    let keys: Vec<&str> = b.iter().map(|b| b.key).collect();
    assert_eq!(keys, vec!["read-only", "unreadable", "offline-note"]);
    assert_eq!(b[0].tone, Tone::Error);
    assert!(
        b[0].text.starts_with("Read-only: the stored data"),
        "{}",
        b[0].text
    );
    assert!(b[1].text.contains("enr:e-9"), "{}", b[1].text);
    assert!(b[2].text.contains("only while your browser is open"));
    assert!(b[2].text.contains("catch-up grace"));
}

#[test]
fn view_time_labels_are_in_the_user_zone_with_rfc3339_datetime() {
    let c = ctx("2026-11-27T12:00:00Z", "America/New_York");
    let w = c.when(ts("2026-11-30T14:00:00.250Z"));
    assert_eq!(w.datetime, "2026-11-30T14:00:00.25Z");
    assert_eq!(w.label, "Mon 30 Nov 09:00");
    assert_eq!(
        c.when(ts("2027-01-04T14:00:00Z")).label,
        "Mon 4 Jan 2027 09:00"
    );
    assert_eq!(c.when(ts("2026-11-27T04:59:00Z")).label, "Yesterday 23:59");
    assert_eq!(
        c.when(jiff::Timestamp::MAX).label,
        "never (the send window never opens)"
    );
}

#[test]
fn view_duration_words_round_up_to_minutes() {
    assert_eq!(duration_words(0), "1 min");
    assert_eq!(duration_words(61), "2 min");
    assert_eq!(duration_words(5 * 3600), "5 h");
    assert_eq!(duration_words(5 * 3600 + 600), "5 h 10 min");
    assert_eq!(duration_words(29 * 3600), "1 d 5 h");
    assert_eq!(duration_words(2 * 86_400), "2 d");
}

#[test]
fn view_panel_lists_every_sequence_in_stats_even_without_enrollments() {
    let p = panel(
        &state_with(vec![]),
        &ctx("2026-11-27T12:00:00Z", "Europe/Berlin"),
    );
    assert_eq!(p.stats.len(), 1);
    assert_eq!(p.stats[0].name, "Intro");
    assert_eq!(p.zone, "Europe/Berlin");
    assert_eq!(p.upcoming.len(), 3);
}

#[test]
fn view_load_state_reads_records_lists_unreadable_and_goes_read_only_on_newer_data() {
    use crate::core::view::load_state;
    let seq = serde_json::to_value(sequence("s-1", design_spec(), SequenceState::Active)).unwrap();
    let entries = vec![
        ("meta".to_owned(), json!({"schemaVersion": 2})),
        ("seq:s-1".to_owned(), seq.clone()),
        ("enr:e-1".to_owned(), json!({"id": "e-1"})),
        ("testClock".to_owned(), json!(1_795_000_000_000_i64)),
        ("pace:s-1".to_owned(), json!({"last": null, "sends": []})),
    ];
    let st = load_state(entries);
    assert_eq!(st.sequences.len(), 1);
    assert_eq!(st.unreadable.len(), 1);
    assert!(st.unreadable[0].to_string().contains("enr:e-1"));
    assert!(st.pace.contains_key(&SequenceId::from("s-1")));
    assert_eq!(st.read_only, None);
    let newer = load_state(vec![
        ("meta".to_owned(), json!({"schemaVersion": 99})),
        ("seq:s-1".to_owned(), seq),
    ]);
    assert!(newer.read_only.unwrap().contains("newer mailseq"));
}

#[test]
fn view_inbound_messages_can_be_re_marked_as_any_other_class() {
    use crate::core::enrollment::{Class, Seen};
    let mut e = enrollment("e-1", "bob@x.com", "Bob");
    e.seen = vec![
        Seen {
            message_id: "root@me".into(),
            class: Class::Own,
            from: "me@example.org".into(),
        },
        Seen {
            message_id: "r1@bob".into(),
            class: Class::AutoReply,
            from: "bob@x.com".into(),
        },
    ];
    let v = &enrollments(&state_with(vec![e]), &ctx("2026-11-27T12:00:00Z", "UTC"))[0];
    assert_eq!(v.messages.len(), 1);
    let m = &v.messages[0];
    assert_eq!(
        (m.message_id.as_str(), m.from.as_str()),
        ("r1@bob", "bob@x.com")
    );
    assert_eq!(
        m.remark_as,
        vec![Class::Reply, Class::Bounce, Class::OptOut]
    );
}
