//! The send window resolved in one zone, and the instants where it opens and closes.
//!
//! Membership is defined on local wall time (allowed weekday, not a holiday, `from <= time <
//! to`). Local time is not monotonic across DST changes, so openings and closings are not
//! computed by arithmetic on wall times: they are searched among the only instants where
//! membership can change, which are the instants a local date reaches `from` or `to` and the
//! zone's own transitions. That keeps gaps (an opening inside a skipped hour opens at the
//! transition) and folds (a repeated hour is inside the window both times) exact.
use super::NEVER;
use crate::core::sequence::{Delay, LocalTime, SequenceSpec};
use crate::core::time::{ZoneError, Zones};
use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

/// jiff allows offsets up to ±25:59:59, so no instant on local date D is earlier than
/// D 00:00 UTC minus this.
const MAX_OFFSET: SignedDuration = SignedDuration::from_hours(26);

/// Days scanned for an opening or a closing before answering `NEVER`: a year, plus a week
/// per holiday, so that even a holiday list covering months cannot hide a real opening.
const BASE_SCAN_DAYS: usize = 400;

/// The window a step may go out in, resolved for one prospect: the sequence window in the
/// prospect's own zone when it has one, else the sequence's zone.
#[derive(Debug, Clone)]
pub struct SendWindow {
    /// Indexed by `Weekday::to_monday_zero_offset`.
    days: [bool; 7],
    from: LocalTime,
    to: LocalTime,
    tz: TimeZone,
    /// Sorted and deduplicated, for binary search.
    holidays: Vec<Date>,
}

impl SendWindow {
    pub fn new(spec: &SequenceSpec, tz: TimeZone) -> SendWindow {
        let mut days = [false; 7];
        for d in &spec.window.days {
            days[day_index(d.weekday())] = true;
        }
        let mut holidays = spec.holidays.clone();
        holidays.sort_unstable();
        holidays.dedup();
        SendWindow {
            days,
            from: spec.window.from,
            to: spec.window.to,
            tz,
            holidays,
        }
    }

    /// The window for a prospect: their own zone when they have one, else the sequence's.
    pub fn for_prospect(
        spec: &SequenceSpec,
        zones: &Zones,
        prospect_zone: Option<&str>,
    ) -> Result<SendWindow, ZoneError> {
        let name = prospect_zone.unwrap_or(&spec.window.time_zone);
        Ok(SendWindow::new(spec, zones.get(name)?))
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// A window that can never open (no days, or `from >= to`). Validation rejects these;
    /// the scheduler answers `NEVER` for them instead of searching.
    pub fn is_empty(&self) -> bool {
        self.from >= self.to || !self.days.iter().any(|d| *d)
    }

    /// Is `t` inside the window (allowed weekday, not a holiday, from <= local time < to)?
    pub fn contains(&self, t: Timestamp) -> bool {
        let dt = self.tz.to_datetime(t);
        let secs = secs_of_day(dt.time());
        self.sends_on(dt.date())
            && secs >= i32::from(self.from.minutes()) * 60
            && secs < i32::from(self.to.minutes()) * 60
    }

    /// The earliest instant >= t inside the window (t itself if inside); `NEVER` when the
    /// window cannot open.
    pub fn next_opening(&self, t: Timestamp) -> Timestamp {
        if self.is_empty() {
            return NEVER;
        }
        self.first_where(t, true)
    }

    /// The instant the window opening holding `t` ends (exclusive). For a `t` outside the
    /// window, the end of the next opening. `NEVER` when it does not close within the scan
    /// horizon (a window open all week with no holidays) or never opens.
    pub fn closes_after(&self, t: Timestamp) -> Timestamp {
        let open = self.next_opening(t);
        if open == NEVER {
            return NEVER;
        }
        self.first_where(open, false)
    }

    /// The window's opening on the first allowed day after `t`'s local date: where a step
    /// that is too late to go out today is moved to.
    pub fn next_day_opening(&self, t: Timestamp) -> Timestamp {
        if self.is_empty() {
            return NEVER;
        }
        let mut date = self.tz.to_datetime(t).date();
        for _ in 0..self.scan_days() {
            let Ok(next) = date.tomorrow() else {
                return NEVER;
            };
            date = next;
            if self.sends_on(date) {
                // `earlier` puts a `from` that falls in a gap before the gap, so the search
                // then lands on the transition: the first instant the day is inside.
                let Ok(start) = self.resolve(date, self.from).earlier() else {
                    return NEVER;
                };
                return self.next_opening(start.max(t));
            }
        }
        NEVER
    }

    /// When a step with `delay` falls due, counting from `anchor` (the previous step's actual
    /// send time, or the enrolling email's): the delay is added, then the time moves into the
    /// window. `jitter_seconds` is then added, folded into the room left in that opening
    /// (`jitter % room`) so it never leaves the window and never piles sends up at its end.
    pub fn due_after(&self, anchor: Timestamp, delay: Delay, jitter_seconds: u32) -> Timestamp {
        let Some(earliest) = self.add_delay(anchor, delay) else {
            return NEVER;
        };
        let due = self.next_opening(earliest);
        if jitter_seconds == 0 || due == NEVER {
            return due;
        }
        let close = self.closes_after(due);
        let jitter = i64::from(jitter_seconds);
        let offset = if close == NEVER {
            jitter
        } else {
            jitter % close.duration_since(due).as_secs().max(1)
        };
        due.checked_add(SignedDuration::from_secs(offset))
            .unwrap_or(due)
    }

    /// The earliest instant the delay allows, before the window is applied. Days and business
    /// days move the local date and keep the local wall time, so a DST change in between
    /// does not shift the hour the prospect sees.
    pub fn add_delay(&self, anchor: Timestamp, delay: Delay) -> Option<Timestamp> {
        let local = self.tz.to_datetime(anchor);
        let date = match delay {
            Delay::Hours(h) => {
                return anchor
                    .checked_add(SignedDuration::from_hours(i64::from(h)))
                    .ok()
            }
            Delay::Days(n) => local.date().checked_add(i64::from(n).days()).ok()?,
            Delay::BusinessDays(n) => {
                let mut date = local.date();
                let mut left = n;
                // Terminates: holidays are finite, so business days never run out.
                while left > 0 {
                    date = date.tomorrow().ok()?;
                    if self.is_business_day(date) {
                        left -= 1;
                    }
                }
                date
            }
        };
        let at = self
            .tz
            .to_ambiguous_timestamp(date.to_datetime(local.time()))
            .compatible()
            .ok()?;
        // A zero delay from the second pass of a repeated hour would resolve to the first
        // pass, an hour before the anchor.
        Some(at.max(anchor))
    }

    /// Mon-Fri and not a holiday, whatever days the window allows.
    pub fn is_business_day(&self, date: Date) -> bool {
        !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !self.is_holiday(date)
    }

    fn is_holiday(&self, date: Date) -> bool {
        self.holidays.binary_search(&date).is_ok()
    }

    fn sends_on(&self, date: Date) -> bool {
        self.days[day_index(date.weekday())] && !self.is_holiday(date)
    }

    fn scan_days(&self) -> usize {
        BASE_SCAN_DAYS + 7 * self.holidays.len()
    }

    /// `date` at `time` in the window's zone; 24:00 is the next day's midnight.
    fn resolve(&self, date: Date, time: LocalTime) -> jiff::tz::AmbiguousTimestamp {
        let dt = if time == LocalTime::END_OF_DAY {
            date.tomorrow()
                .map(|d| d.to_datetime(Time::midnight()))
                .unwrap_or(DateTime::MAX)
        } else {
            let m = time.minutes();
            let t = Time::new((m / 60) as i8, (m % 60) as i8, 0, 0).unwrap_or(Time::midnight());
            date.to_datetime(t)
        };
        self.tz.to_ambiguous_timestamp(dt)
    }

    /// The earliest instant >= `t` where `contains` equals `inside`. Membership only changes
    /// where a local date reaches the edge (`from` when looking for an opening, `to` for a
    /// closing) or at a zone transition, so those are the only candidates.
    fn first_where(&self, t: Timestamp, inside: bool) -> Timestamp {
        if self.contains(t) == inside {
            return t;
        }
        let edge = if inside { self.from } else { self.to };
        let start = self.tz.to_datetime(t).date();
        // Local dates can step backwards at a fold, so begin a day early.
        let mut date = start.yesterday().unwrap_or(start);
        let mut best: Option<Timestamp> = None;
        for _ in 0..self.scan_days() {
            let lower = earliest_instant_on(date);
            if best.is_some_and(|b| lower > b) {
                break;
            }
            let Ok(next) = date.tomorrow() else { break };
            let mut consider = |c: Timestamp| {
                if c >= t && self.contains(c) == inside && best.is_none_or(|b| c < b) {
                    best = Some(c);
                }
            };
            // Openings only happen on sending days; closings can land on any date.
            if !inside || self.sends_on(date) {
                let at = self.resolve(date, edge);
                at.earlier().into_iter().for_each(&mut consider);
                at.later().into_iter().for_each(&mut consider);
            }
            let upper = earliest_instant_on(next);
            self.tz
                .following(
                    lower
                        .checked_sub(SignedDuration::from_nanos(1))
                        .unwrap_or(lower),
                )
                .map(|tr| tr.timestamp())
                .take_while(|&ts| ts < upper)
                .for_each(&mut consider);
            date = next;
        }
        best.unwrap_or(NEVER)
    }
}

fn day_index(w: Weekday) -> usize {
    usize::from(w.to_monday_zero_offset().unsigned_abs())
}

fn secs_of_day(t: Time) -> i32 {
    i32::from(t.hour()) * 3600 + i32::from(t.minute()) * 60 + i32::from(t.second())
}

fn earliest_instant_on(date: Date) -> Timestamp {
    TimeZone::UTC
        .to_timestamp(date.to_datetime(Time::midnight()))
        .and_then(|t| t.checked_sub(MAX_OFFSET))
        .unwrap_or(Timestamp::MIN)
}
