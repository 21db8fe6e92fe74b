//! What to do with a step whose due time has passed, typically because the browser was
//! closed: send it late within the grace period, else move it to a later window opening.
use super::{SendWindow, NEVER};
use jiff::Timestamp;

/// Lateness that still counts as on time: alarms fire up to about a minute late and a tick
/// takes a while, and neither should show a step as "sent late".
pub const ON_TIME_SLACK_SECS: i64 = 5 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchUp {
    /// Send now; not late (or not due yet: the caller should not be asking).
    OnTime,
    /// Send now (still paced), and say it went out late.
    SendLate { late_by_secs: i64 },
    /// Do not send now; the step is due again at `to`.
    Reschedule { to: Timestamp, late_by_secs: i64 },
}

/// Catch-up for a step due at `due`, decided once when the engine first finds it due.
///
/// - Outside the window: never send; move to the next opening, however small the lateness.
/// - Inside, late by at most [`ON_TIME_SLACK_SECS`]: on time.
/// - Inside, late by less than `grace_hours`: send late.
/// - Inside, later than that: move to the opening on the next sending day. Moving to "the
///   next opening" would be now, which would make the grace meaningless. A window that never
///   closes (open all week) has no next opening, so the step is sent late instead.
pub fn catch_up(window: &SendWindow, due: Timestamp, now: Timestamp, grace_hours: u32) -> CatchUp {
    let late_by_secs = now.duration_since(due).as_secs();
    if late_by_secs <= 0 {
        return CatchUp::OnTime;
    }
    if !window.contains(now) {
        return CatchUp::Reschedule {
            to: window.next_opening(now),
            late_by_secs,
        };
    }
    if late_by_secs <= ON_TIME_SLACK_SECS {
        return CatchUp::OnTime;
    }
    if late_by_secs < i64::from(grace_hours) * 3600 || window.closes_after(now) == NEVER {
        return CatchUp::SendLate { late_by_secs };
    }
    CatchUp::Reschedule {
        to: window.next_day_opening(now),
        late_by_secs,
    }
}
