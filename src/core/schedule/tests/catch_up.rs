use super::*;

#[test]
fn schedule_catch_up_on_time_within_slack() {
    let w = window(WEEKDAYS, "09:00", "17:00", "UTC");
    let due = utc("2026-11-30T09:00:00Z");
    assert_eq!(catch_up(&w, due, due, 4), CatchUp::OnTime);
    assert_eq!(
        catch_up(&w, due, utc("2026-11-30T09:01:00Z"), 4),
        CatchUp::OnTime
    );
    assert_eq!(
        catch_up(&w, due, utc("2026-11-30T08:00:00Z"), 4),
        CatchUp::OnTime
    );
}

#[test]
fn schedule_catch_up_within_grace_sends_late() {
    let w = window(WEEKDAYS, "09:00", "17:00", "Europe/Berlin");
    let due = local("Europe/Berlin", "2026-11-30T09:00");
    let now = local("Europe/Berlin", "2026-11-30T11:00");
    assert_eq!(
        catch_up(&w, due, now, 4),
        CatchUp::SendLate { late_by_secs: 7200 }
    );
}

#[test]
fn schedule_catch_up_past_grace_reschedules() {
    let w = window(WEEKDAYS, "09:00", "17:00", "Europe/Berlin");
    let due = local("Europe/Berlin", "2026-11-30T09:00");
    let now = local("Europe/Berlin", "2026-11-30T14:00");
    assert_eq!(
        catch_up(&w, due, now, 4),
        CatchUp::Reschedule {
            to: local("Europe/Berlin", "2026-12-01T09:00"),
            late_by_secs: 5 * 3600
        }
    );
    // A zero grace reschedules anything later than the on-time slack.
    let now = local("Europe/Berlin", "2026-11-30T09:10");
    assert!(matches!(
        catch_up(&w, due, now, 0),
        CatchUp::Reschedule { .. }
    ));
}

#[test]
fn schedule_catch_up_outside_window_reschedules_to_next_opening() {
    let w = window(WEEKDAYS, "09:00", "17:00", "Europe/Berlin");
    let due = local("Europe/Berlin", "2026-11-27T16:30");
    let now = local("Europe/Berlin", "2026-11-27T17:30");
    assert_eq!(
        catch_up(&w, due, now, 4),
        CatchUp::Reschedule {
            to: local("Europe/Berlin", "2026-11-30T09:00"),
            late_by_secs: 3600
        }
    );
}

#[test]
fn schedule_catch_up_in_window_that_never_closes_sends_late() {
    let w = window(ALL_DAYS, "00:00", "24:00", "UTC");
    let due = utc("2026-11-27T09:00:00Z");
    let now = utc("2026-11-29T09:00:00Z");
    assert_eq!(
        catch_up(&w, due, now, 4),
        CatchUp::SendLate {
            late_by_secs: 48 * 3600
        }
    );
}
