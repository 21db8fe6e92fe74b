mod catch_up;
mod dst;

use super::*;
use crate::core::sequence::{Delay, SequenceSpec};
use crate::core::time::Zones;
use jiff::civil::DateTime;
use serde_json::json;

fn spec(days: &[&str], from: &str, to: &str, zone: &str, holidays: &[&str]) -> SequenceSpec {
    SequenceSpec::parse(json!({"name": "t",
        "window": {"days": days, "from": from, "to": to, "timeZone": zone},
        "holidays": holidays,
        "steps": [{"kind": "task", "channel": "call", "delay": {"days": 1}}]}))
    .unwrap()
}

const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri"];
const ALL_DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn window(days: &[&str], from: &str, to: &str, zone: &str) -> SendWindow {
    let s = spec(days, from, to, zone, &[]);
    SendWindow::for_prospect(&s, &Zones::default(), None).unwrap()
}

/// An instant given as local wall time in `zone` (compatible disambiguation).
fn local(zone: &str, wall: &str) -> Timestamp {
    let tz = Zones::default().get(zone).unwrap();
    let dt: DateTime = wall.parse().unwrap();
    tz.to_ambiguous_timestamp(dt).compatible().unwrap()
}

fn wall(w: &SendWindow, t: Timestamp) -> String {
    w.time_zone().to_datetime(t).to_string()
}

fn utc(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn schedule_next_due_counts_from_previous_send() {
    let w = window(WEEKDAYS, "09:00", "17:00", "Europe/Berlin");
    // Step 0 was due Monday 09:00 but actually went out at 11:20.
    let sent = local("Europe/Berlin", "2026-11-30T11:20");
    let due = w.due_after(sent, Delay::Days(2), 0);
    assert_eq!(wall(&w, due), "2026-12-02T11:20:00");
}

#[test]
fn schedule_step_inside_window_keeps_its_time() {
    let w = window(WEEKDAYS, "09:00", "17:00", "Europe/Berlin");
    let t = local("Europe/Berlin", "2026-11-30T10:15");
    assert!(w.contains(t));
    assert_eq!(w.next_opening(t), t);
}

#[test]
fn schedule_step_outside_window_moves_to_next_opening() {
    let w = window(WEEKDAYS, "09:00", "17:00", "Europe/Berlin");
    // Friday 15:00 + 1 day is Saturday: the next opening is Monday 09:00.
    let anchor = local("Europe/Berlin", "2026-11-27T15:00");
    let due = w.due_after(anchor, Delay::Days(1), 0);
    assert_eq!(wall(&w, due), "2026-11-30T09:00:00");
    // Before the window opens on a sending day: that day's opening.
    let early = local("Europe/Berlin", "2026-12-01T06:30");
    assert_eq!(wall(&w, w.next_opening(early)), "2026-12-01T09:00:00");
    // After it closes: the next day's.
    let late = local("Europe/Berlin", "2026-12-01T17:00");
    assert!(!w.contains(late));
    assert_eq!(wall(&w, w.next_opening(late)), "2026-12-02T09:00:00");
}

#[test]
fn schedule_hours_delay_counts_exact_elapsed_hours() {
    let w = window(ALL_DAYS, "00:00", "24:00", "America/New_York");
    // 24 elapsed hours across the spring change land an hour later on the wall clock.
    let anchor = local("America/New_York", "2026-03-07T09:00");
    let due = w.due_after(anchor, Delay::Hours(24), 0);
    assert_eq!(due.duration_since(anchor).as_hours(), 24);
    assert_eq!(wall(&w, due), "2026-03-08T10:00:00");
}

#[test]
fn schedule_days_delay_keeps_local_wall_time() {
    let w = window(ALL_DAYS, "00:00", "24:00", "America/New_York");
    let anchor = local("America/New_York", "2026-03-07T09:30");
    let due = w.due_after(anchor, Delay::Days(1), 0);
    assert_eq!(wall(&w, due), "2026-03-08T09:30:00");
    assert_eq!(due, utc("2026-03-08T13:30:00Z"));
}

#[test]
fn schedule_business_days_skip_weekends_and_holidays() {
    let s = spec(
        WEEKDAYS,
        "09:00",
        "17:00",
        "Europe/Berlin",
        &["2026-12-24", "2026-12-25"],
    );
    let w = SendWindow::for_prospect(&s, &Zones::default(), None).unwrap();
    // Tue 22nd + 2: Wed 23rd (1), Thu 24th and Fri 25th are holidays, the weekend, Mon 28th (2).
    let anchor = local("Europe/Berlin", "2026-12-22T10:00");
    let due = w.due_after(anchor, Delay::BusinessDays(2), 0);
    assert_eq!(wall(&w, due), "2026-12-28T10:00:00");
}

#[test]
fn schedule_business_days_from_weekend_anchor_start_monday() {
    let w = window(WEEKDAYS, "09:00", "17:00", "UTC");
    let saturday = utc("2026-11-28T11:00:00Z");
    assert_eq!(
        w.due_after(saturday, Delay::BusinessDays(1), 0),
        utc("2026-11-30T11:00:00Z")
    );
    assert_eq!(
        w.due_after(saturday, Delay::BusinessDays(2), 0),
        utc("2026-12-01T11:00:00Z")
    );
    // Business days ignore the window's own day set: a weekend-only window still counts Mon-Fri.
    let weekend = window(&["sat", "sun"], "09:00", "17:00", "UTC");
    let friday = utc("2026-11-27T11:00:00Z");
    assert_eq!(
        weekend.due_after(friday, Delay::BusinessDays(1), 0),
        utc("2026-12-05T09:00:00Z")
    );
}

#[test]
fn schedule_holidays_spanning_many_days_are_skipped() {
    let days: Vec<String> = (0..19)
        .map(|i| {
            let d = jiff::civil::date(2026, 12, 21);
            d.checked_add(jiff::ToSpan::days(i)).unwrap().to_string()
        })
        .collect();
    let days: Vec<&str> = days.iter().map(String::as_str).collect();
    let s = spec(WEEKDAYS, "09:00", "17:00", "Europe/Berlin", &days);
    let w = SendWindow::new(&s, Zones::default().get("Europe/Berlin").unwrap());
    let t = local("Europe/Berlin", "2026-12-19T12:00");
    assert_eq!(wall(&w, w.next_opening(t)), "2027-01-11T09:00:00");
    let due = w.due_after(t, Delay::BusinessDays(1), 0);
    assert_eq!(wall(&w, due), "2027-01-11T12:00:00");
}

#[test]
fn schedule_window_ending_at_24_00_includes_the_last_minute() {
    let w = window(&["mon"], "22:00", "24:00", "UTC");
    assert!(w.contains(utc("2026-11-30T23:59:59Z")));
    assert!(!w.contains(utc("2026-12-01T00:00:00Z")));
    assert_eq!(
        w.closes_after(utc("2026-11-30T22:30:00Z")),
        utc("2026-12-01T00:00:00Z")
    );
    // A full-day window on consecutive days stays open across midnight.
    let w = window(&["mon", "tue"], "00:00", "24:00", "UTC");
    assert_eq!(
        w.closes_after(utc("2026-11-30T10:00:00Z")),
        utc("2026-12-02T00:00:00Z")
    );
}

#[test]
fn schedule_window_with_no_days_never_opens() {
    let mut s = spec(WEEKDAYS, "09:00", "17:00", "UTC", &[]);
    s.window.days.clear();
    let w = SendWindow::new(&s, jiff::tz::TimeZone::UTC);
    let t = utc("2026-11-27T10:00:00Z");
    assert!(w.is_empty());
    assert!(!w.contains(t));
    assert_eq!(w.next_opening(t), NEVER);
    assert_eq!(w.closes_after(t), NEVER);
    assert_eq!(w.due_after(t, Delay::Days(1), 30), NEVER);
    assert_eq!(
        catch_up(&w, t, t + jiff::SignedDuration::from_hours(1), 4),
        CatchUp::Reschedule {
            to: NEVER,
            late_by_secs: 3600
        }
    );
    assert_eq!(preview(&s, jiff::tz::TimeZone::UTC, t), vec![NEVER]);
}

#[test]
fn schedule_window_open_all_week_never_closes() {
    let w = window(ALL_DAYS, "00:00", "24:00", "UTC");
    let t = utc("2026-11-27T10:00:00Z");
    assert_eq!(w.closes_after(t), NEVER);
    assert_eq!(
        w.due_after(t, Delay::Hours(1), 90),
        utc("2026-11-27T11:01:30Z")
    );
}

#[test]
fn schedule_jitter_is_added_inside_the_window() {
    let w = window(WEEKDAYS, "09:00", "17:00", "UTC");
    let anchor = utc("2026-11-30T10:00:00Z");
    assert_eq!(
        w.due_after(anchor, Delay::Hours(0), 90),
        utc("2026-11-30T10:01:30Z")
    );
}

#[test]
fn schedule_jitter_never_leaves_the_window() {
    let w = window(WEEKDAYS, "09:00", "17:00", "UTC");
    // Ten minutes of room before 17:00: 15 minutes of jitter fold to 5.
    let anchor = utc("2026-11-30T16:50:00Z");
    let due = w.due_after(anchor, Delay::Hours(0), 900);
    assert_eq!(due, utc("2026-11-30T16:55:00Z"));
    for jitter in [0, 1, 599, 600, 601, 3600, u32::MAX] {
        assert!(
            w.contains(w.due_after(anchor, Delay::Hours(0), jitter)),
            "{jitter}"
        );
    }
}

#[test]
fn schedule_closes_after_gives_end_of_current_opening() {
    let w = window(WEEKDAYS, "09:00", "17:00", "Europe/Berlin");
    let t = local("Europe/Berlin", "2026-11-30T10:00");
    assert_eq!(wall(&w, w.closes_after(t)), "2026-11-30T17:00:00");
    // Outside the window: the end of the next opening.
    let sat = local("Europe/Berlin", "2026-11-28T10:00");
    assert_eq!(wall(&w, w.closes_after(sat)), "2026-11-30T17:00:00");
}

#[test]
fn schedule_preview_tasks_do_not_block() {
    let s = SequenceSpec::parse(json!({"name": "Intro",
        "window": {"days": WEEKDAYS, "from": "09:00", "to": "17:00", "timeZone": "Europe/Berlin"},
        "holidays": ["2026-12-25"],
        "steps": [
          {"kind": "email", "thread": "same", "delay": {"businessDays": 2}, "body": "Hi"},
          {"kind": "task", "channel": "call", "delay": {"days": 1}, "note": "Call them"},
          {"kind": "email", "thread": "new", "delay": {"hours": 72},
           "subject": "One more idea", "body": "Last note from me."}]}))
    .unwrap();
    let tz = Zones::default().get("Europe/Berlin").unwrap();
    let w = SendWindow::new(&s, tz.clone());
    let dates = preview(&s, tz, local("Europe/Berlin", "2026-11-27T10:00"));
    let walls: Vec<String> = dates.iter().map(|t| wall(&w, *t)).collect();
    // The task is due Wed 10:00 and the last email counts 72 h from it: Sat, so Monday 09:00.
    assert_eq!(
        walls,
        [
            "2026-12-01T10:00:00",
            "2026-12-02T10:00:00",
            "2026-12-07T09:00:00"
        ]
    );
}

#[test]
fn schedule_prospect_time_zone_overrides_sequence_zone() {
    let s = spec(WEEKDAYS, "09:00", "17:00", "Europe/Berlin", &[]);
    let zones = Zones::default();
    let seq = SendWindow::for_prospect(&s, &zones, None).unwrap();
    let prospect = SendWindow::for_prospect(&s, &zones, Some("America/New_York")).unwrap();
    let berlin_nine = utc("2026-11-30T08:00:00Z");
    assert_eq!(seq.next_opening(berlin_nine), berlin_nine);
    assert_eq!(
        prospect.next_opening(berlin_nine),
        utc("2026-11-30T14:00:00Z")
    );
    assert!(SendWindow::for_prospect(&s, &zones, Some("Mars/Olympus")).is_err());
}
