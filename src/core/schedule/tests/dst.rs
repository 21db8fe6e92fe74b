//! Day and business-day delays keep the local wall time across the 2026 DST changes.
use super::*;
use crate::core::sequence::Delay;

#[test]
fn schedule_dst_spring_forward_new_york_keeps_wall_time() {
    let w = window(WEEKDAYS, "09:00", "17:00", "America/New_York");
    let friday = local("America/New_York", "2026-03-06T10:00");
    for delay in [Delay::Days(3), Delay::BusinessDays(1)] {
        let due = w.due_after(friday, delay, 0);
        assert_eq!(wall(&w, due), "2026-03-09T10:00:00", "{delay}");
        assert_eq!(due, utc("2026-03-09T14:00:00Z"), "EDT is UTC-4");
        assert_eq!(due.duration_since(friday).as_hours(), 71);
    }
}

#[test]
fn schedule_dst_fall_back_new_york_keeps_wall_time() {
    let w = window(WEEKDAYS, "09:00", "17:00", "America/New_York");
    let friday = local("America/New_York", "2026-10-30T10:00");
    assert_eq!(friday, utc("2026-10-30T14:00:00Z"));
    let due = w.due_after(friday, Delay::Days(3), 0);
    assert_eq!(wall(&w, due), "2026-11-02T10:00:00");
    assert_eq!(due, utc("2026-11-02T15:00:00Z"), "EST is UTC-5");
    assert_eq!(due.duration_since(friday).as_hours(), 73);
}

#[test]
fn schedule_dst_spring_forward_berlin_keeps_wall_time() {
    let w = window(WEEKDAYS, "09:00", "17:00", "Europe/Berlin");
    let friday = local("Europe/Berlin", "2026-03-27T10:00");
    assert_eq!(friday, utc("2026-03-27T09:00:00Z"));
    let due = w.due_after(friday, Delay::BusinessDays(1), 0);
    assert_eq!(wall(&w, due), "2026-03-30T10:00:00");
    assert_eq!(due, utc("2026-03-30T08:00:00Z"), "CEST is UTC+2");
}

#[test]
fn schedule_dst_fall_back_berlin_keeps_wall_time() {
    let w = window(WEEKDAYS, "09:00", "17:00", "Europe/Berlin");
    let friday = local("Europe/Berlin", "2026-10-23T10:00");
    assert_eq!(friday, utc("2026-10-23T08:00:00Z"));
    let due = w.due_after(friday, Delay::Days(3), 0);
    assert_eq!(wall(&w, due), "2026-10-26T10:00:00");
    assert_eq!(due, utc("2026-10-26T09:00:00Z"), "CET is UTC+1");
}

#[test]
fn schedule_window_opening_in_dst_gap_opens_at_the_transition() {
    // 02:30 does not exist on 2026-03-08 in New York: the clock jumps from 02:00 to 03:00.
    let w = window(ALL_DAYS, "02:30", "05:00", "America/New_York");
    let midnight = local("America/New_York", "2026-03-08T00:00");
    let open = w.next_opening(midnight);
    assert_eq!(open, utc("2026-03-08T07:00:00Z"));
    assert_eq!(wall(&w, open), "2026-03-08T03:00:00");
    assert!(w.contains(open));
    assert!(!w.contains(open - jiff::SignedDuration::from_secs(1)));
    // A day delay whose wall time falls in the gap still lands inside the window.
    let anchor = local("America/New_York", "2026-03-07T02:30");
    let due = w.due_after(anchor, Delay::Days(1), 0);
    assert!(w.contains(due));
    assert_eq!(wall(&w, due), "2026-03-08T03:30:00");
}

#[test]
fn schedule_fall_back_repeated_hour_is_inside_window_both_times() {
    // 01:00-02:00 happens twice on 2026-11-01 in New York (EDT, then EST).
    let w = window(ALL_DAYS, "01:00", "01:30", "America/New_York");
    let first = w.next_opening(utc("2026-11-01T04:00:00Z"));
    assert_eq!(first, utc("2026-11-01T05:00:00Z"));
    assert_eq!(w.closes_after(first), utc("2026-11-01T05:30:00Z"));
    let second = w.next_opening(utc("2026-11-01T05:30:00Z"));
    assert_eq!(second, utc("2026-11-01T06:00:00Z"));
    assert_eq!(wall(&w, second), "2026-11-01T01:00:00");
    assert_eq!(w.closes_after(second), utc("2026-11-01T06:30:00Z"));
    // A zero delay from the second pass does not go back to the first.
    let anchor = utc("2026-11-01T06:10:00Z");
    assert_eq!(w.due_after(anchor, Delay::Days(0), 0), anchor);
}
