//! When steps fall due: send windows in the prospect's zone, calendar and business-day
//! delays that keep the local wall time across DST, and the catch-up policy after downtime.
//!
//! A window that can never open (no days, or `from >= to`; validation rejects both) makes
//! every answer [`NEVER`] instead of an error or an endless search: callers store it as
//! "nothing scheduled".
mod catch_up;
mod window;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

pub use catch_up::{catch_up, CatchUp, ON_TIME_SLACK_SECS};
pub use window::SendWindow;

use crate::core::sequence::SequenceSpec;
use jiff::tz::TimeZone;
use jiff::Timestamp;

/// "Not in the foreseeable future": the answer for a window that never opens.
pub const NEVER: Timestamp = Timestamp::MAX;

/// The dates a whole sequence would produce if enrolled at `start` (for the options page's
/// schedule preview). Each step counts from the previous step's due time, as if it went out
/// on time; tasks do not block, so this holds for them too.
pub fn preview(spec: &SequenceSpec, tz: TimeZone, start: Timestamp) -> Vec<Timestamp> {
    let window = SendWindow::new(spec, tz);
    let mut anchor = start;
    spec.steps
        .iter()
        .map(|step| {
            if anchor != NEVER {
                anchor = window.due_after(anchor, step.delay(), 0);
            }
            anchor
        })
        .collect()
}
