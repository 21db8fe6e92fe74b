use super::*;
use crate::core::ports::{MailPort, WatchSet};
use crate::mail::gmail::quota::IDLE_UNITS_PER_MINUTE;

#[test]
fn gmail_idle_minute_costs_at_most_two_units() {
    let rig = Rig::new();
    let idle = fixture("history-idle");
    for _ in 0..3 {
        rig.http.answer(idle.response());
    }
    let gmail = rig.gmail();
    let account = alice(Some(param("history-idle", "startHistoryId")));
    let w = WatchSet::from(vec![watched(Some(thread_id()))]);
    // An alarm every 15 s for three minutes: only one poll per rolling minute goes out.
    for _ in 0..12 {
        run(gmail.sync(&account, &w)).unwrap();
        assert!(gmail.units_last_minute() <= IDLE_UNITS_PER_MINUTE);
        rig.clock.advance_secs(15);
    }
    assert_eq!(rig.http.requests.borrow().len(), 3);
    assert_eq!(gmail.units_used(), 6, "2 units a minute for 3 minutes");
}

#[test]
fn gmail_skipped_sync_keeps_the_cursor() {
    let rig = Rig::new();
    rig.http.expect("history-idle");
    let gmail = rig.gmail();
    let account = alice(Some("12345".into()));
    let account_idle = alice(Some(param("history-idle", "startHistoryId")));
    run(gmail.sync(
        &account_idle,
        &WatchSet::from(vec![watched(Some(thread_id()))]),
    ))
    .unwrap();
    let skipped =
        run(gmail.sync(&account, &WatchSet::from(vec![watched(Some(thread_id()))]))).unwrap();
    assert_eq!(skipped.cursor.as_deref(), Some("12345"));
    assert!(skipped.messages.is_empty());
}

#[test]
fn gmail_forced_sync_runs_inside_the_idle_budget() {
    let rig = Rig::new();
    rig.http.expect("history-idle").expect("history-idle");
    let gmail = rig.gmail();
    let account = alice(Some(param("history-idle", "startHistoryId")));
    let w = WatchSet::from(vec![watched(Some(thread_id()))]);
    run(gmail.sync(&account, &w)).unwrap();
    gmail.force_next_sync();
    run(gmail.sync(&account, &w)).unwrap();
    run(gmail.sync(&account, &w)).unwrap(); // not forced: skipped
    assert_eq!(rig.http.remaining(), 0);
    assert_eq!(gmail.units_used(), 4);
}

/// One follow-up: the idle poll of its tick, the pre-send thread read, the send.
#[test]
fn gmail_follow_up_costs_112_units_and_a_retry_found_in_the_thread_20() {
    let rig = Rig::new();
    rig.http
        .expect("history-idle")
        .expect("thread")
        .expect("send-followup");
    let gmail = rig.gmail();
    let account = alice(Some(param("history-idle", "startHistoryId")));
    let w = watched(Some(thread_id()));
    run(gmail.sync(&account, &WatchSet::from(vec![w.clone()]))).unwrap();
    run(gmail.read_thread(&account, &w)).unwrap();
    run(gmail.send(&account, &follow_up())).unwrap();
    assert_eq!(gmail.units_used(), 2 + 10 + 100);

    // After a restart with a `sending` record: pre-send check, then find_sent in the thread.
    let rig = Rig::new();
    rig.http.expect("thread").expect("thread");
    let gmail = rig.gmail();
    run(gmail.read_thread(&account, &w)).unwrap();
    let found = run(gmail.find_sent(&account, FOLLOW_UP_ID)).unwrap();
    assert!(found.is_some());
    assert_eq!(gmail.units_used(), 20);
}
