use super::*;
use crate::core::account::{Account, ProviderKind, Session};
use crate::core::enrollment::{Attempt, Task};
use crate::core::limits::Pace;
use crate::core::view::{tasks_due, upcoming, Day, Kind};

fn due_at(id: &str, at: &str, step: u32) -> Enrollment {
    let mut e = enrollment(id, &format!("{id}@example.com"), "");
    e.next_due = Some(ts(at));
    e.step_index = step;
    e
}

fn groups_of(st: &State, c: &ViewCtx) -> Vec<(Day, Vec<String>)> {
    upcoming(st, c)
        .into_iter()
        .map(|g| {
            (
                g.day,
                g.items.iter().map(|i| i.enrollment.0.clone()).collect(),
            )
        })
        .collect()
}

#[test]
fn view_groups_upcoming_today_tomorrow_later_in_user_zone() {
    // 22:50Z and 23:30Z are both "today" in UTC and New York, but 23:30Z is past midnight
    // in Berlin, so there it is tomorrow.
    let st = state_with(vec![
        due_at("e-a", "2026-11-27T22:50:00Z", 0),
        due_at("e-b", "2026-11-27T23:30:00Z", 0),
        due_at("e-c", "2026-11-29T10:00:00Z", 0),
    ]);
    let berlin = groups_of(&st, &ctx("2026-11-27T22:30:00Z", "Europe/Berlin"));
    assert_eq!(
        berlin,
        vec![
            (Day::Today, vec!["e-a".to_owned()]),
            (Day::Tomorrow, vec!["e-b".to_owned()]),
            (Day::Later, vec!["e-c".to_owned()]),
        ]
    );
    let ny = groups_of(&st, &ctx("2026-11-27T22:30:00Z", "America/New_York"));
    assert_eq!(
        ny[0],
        (Day::Today, vec!["e-a".to_owned(), "e-b".to_owned()])
    );
    assert!(ny[1].1.is_empty());
    assert_eq!(ny[2].1, vec!["e-c".to_owned()]);
}

#[test]
fn view_upcoming_item_says_who_which_sequence_step_kind_and_when() {
    let mut e = due_at("e-a", "2026-11-28T09:00:00Z", 1);
    e.recipients[0].name = "Bob Smith".into();
    let st = state_with(vec![e]);
    let groups = upcoming(&st, &ctx("2026-11-27T12:00:00Z", "Europe/Berlin"));
    let it = &groups[1].items[0];
    assert_eq!(it.who.display(), "Bob Smith");
    assert_eq!(it.who.email, "e-a@example.com");
    assert_eq!(it.sequence, "Intro");
    assert_eq!(it.step.label(), "step 2 of 3");
    assert_eq!(it.kind, Kind::Call);
    assert_eq!(it.due.datetime, "2026-11-28T09:00:00Z");
    assert_eq!(it.due.label, "Tomorrow 10:00");
    assert!(!it.late);
    assert_eq!(it.waiting, None);
}

#[test]
fn view_late_step_sits_under_today_and_states_the_catch_up_policy() {
    let st = state_with(vec![due_at("e-a", "2026-11-26T09:00:00Z", 0)]);
    let groups = upcoming(&st, &ctx("2026-11-27T14:00:00Z", "Europe/Berlin"));
    let it = &groups[0].items[0];
    assert!(it.late);
    assert_eq!(it.due.label, "Yesterday 10:00");
    let w = it.waiting.as_deref().unwrap();
    assert!(w.starts_with("1 d 5 h late"), "{w}");
    assert!(w.contains("4 h catch-up grace"), "{w}");
    assert!(w.contains("next window opening"), "{w}");
}

#[test]
fn view_due_step_held_by_daily_cap_says_it_waits_and_until_when() {
    let mut st = state_with(vec![due_at("e-a", "2026-11-27T10:00:00Z", 0)]);
    let seq = st.sequences.get_mut(&SequenceId::from("s-1")).unwrap();
    seq.spec.limits.daily_cap = 2;
    let mut pace = Pace::default();
    pace.record(ts("2026-11-27T08:00:00Z"));
    pace.record(ts("2026-11-27T09:00:00Z"));
    st.pace.insert(SequenceId::from("s-1"), pace);
    let groups = upcoming(&st, &ctx("2026-11-27T10:30:00Z", "Europe/Berlin"));
    let w = groups[0].items[0].waiting.clone().unwrap();
    assert!(w.contains("daily cap of 2 is reached"), "{w}");
    assert!(w.contains("2 sent in 24 h"), "{w}");
}

#[test]
fn view_expired_session_holds_items_with_a_login_sentence() {
    let mut st = state_with(vec![due_at("e-a", "2026-11-27T10:00:00Z", 0)]);
    st.accounts.insert(
        AccountId::from("acct-1"),
        Account {
            id: AccountId::from("acct-1"),
            provider: ProviderKind::Roundcube,
            origin: "http://127.0.0.1:8080".into(),
            user: "me@example.org".into(),
            own_addresses: vec![],
            cursor: None,
            session: Session::Expired {
                since: ts("2026-11-27T09:00:00Z"),
            },
        },
    );
    let groups = upcoming(&st, &ctx("2026-11-27T10:30:00Z", "Europe/Berlin"));
    let w = groups[0].items[0].waiting.clone().unwrap();
    assert!(w.contains("log in to http://127.0.0.1:8080"), "{w}");
}

#[test]
fn view_retrying_send_says_which_try_it_is() {
    let mut e = due_at("e-a", "2026-11-27T10:05:00Z", 0);
    e.attempt = Some(Attempt {
        step: 0,
        id: "a1".into(),
        message_id: "m@x".into(),
        started_at: ts("2026-11-27T10:00:00Z"),
        failures: 2,
        retry_at: Some(ts("2026-11-27T10:05:00Z")),
        late_by_secs: 0,
        variant: None,
    });
    let st = state_with(vec![e]);
    let groups = upcoming(&st, &ctx("2026-11-27T10:01:00Z", "UTC"));
    let w = groups[0].items[0].waiting.clone().unwrap();
    assert!(w.contains("try 3 of 5"), "{w}");
}

#[test]
fn view_only_active_enrollments_are_upcoming() {
    let mut paused = due_at("e-p", "2026-11-28T10:00:00Z", 0);
    paused.status = Status::Paused;
    let st = state_with(vec![paused, due_at("e-a", "2026-11-28T10:00:00Z", 0)]);
    let all: Vec<String> = upcoming(&st, &ctx("2026-11-27T10:00:00Z", "UTC"))
        .into_iter()
        .flat_map(|g| g.items)
        .map(|i| i.enrollment.0)
        .collect();
    assert_eq!(all, vec!["e-a".to_owned()]);
}

#[test]
fn view_tasks_due_lists_open_tasks_with_step_kind_and_note() {
    let mut e = enrollment("e-t", "ann@example.com", "Ann Lee");
    e.step_index = 2;
    e.tasks.push(Task {
        step: 1,
        due: ts("2026-11-27T09:00:00Z"),
    });
    let st = state_with(vec![e, enrollment("e-none", "x@example.com", "")]);
    let tasks = tasks_due(&st, &ctx("2026-11-27T12:00:00Z", "Europe/Berlin"));
    assert_eq!(tasks.len(), 1);
    let t = &tasks[0];
    assert_eq!(t.enrollment.0, "e-t");
    assert_eq!(t.who.display(), "Ann Lee");
    assert_eq!(t.step.label(), "step 2 of 3");
    assert_eq!(t.step.index, 1);
    assert_eq!(t.kind, Kind::Call);
    assert_eq!(t.note, "Call them");
    assert_eq!(t.due.label, "Today 10:00");
}

#[test]
fn view_bulk_enrollment_awaiting_its_first_email_says_so_and_cannot_skip_it() {
    use crate::core::message::EnrollmentAction;
    use crate::core::view::enrollments;
    let mut e = due_at("e-b", "2026-11-28T09:00:00Z", 0);
    e.awaiting_first_email = true;
    let st = state_with(vec![e]);
    let c = ctx("2026-11-27T12:00:00Z", "UTC");
    let it = &upcoming(&st, &c)[1].items[0];
    assert_eq!(it.step_label(), "first email");
    assert_eq!(it.kind, Kind::Email);
    let v = &enrollments(&st, &c)[0];
    assert_eq!(v.progress, "first email, then 3 steps");
    assert!(v.actions.contains(&EnrollmentAction::SendNow));
    assert!(!v.actions.contains(&EnrollmentAction::Skip));
}
