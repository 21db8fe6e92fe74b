//! PLACEHOLDER until the schedule branch lands (minimal window logic for engine work).
use crate::core::sequence::{Delay, SequenceSpec};
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

pub struct SendWindow {
    days: Vec<Weekday>,
    from: u16,
    to: u16,
    tz: TimeZone,
    holidays: Vec<Date>,
}

pub enum CatchUp {
    OnTime,
    SendLate { late_by_secs: i64 },
    Reschedule { to: Timestamp, late_by_secs: i64 },
}

impl SendWindow {
    pub fn new(spec: &SequenceSpec, tz: TimeZone) -> SendWindow {
        SendWindow {
            days: spec.weekdays(),
            from: spec.window.from.minutes(),
            to: spec.window.to.minutes(),
            tz,
            holidays: spec.holidays.clone(),
        }
    }
    pub fn contains(&self, t: Timestamp) -> bool {
        let z = t.to_zoned_datetime(self.tz.clone());
        let m = (z.hour() as u16) * 60 + z.minute() as u16;
        self.days.contains(&z.weekday())
            && !self.holidays.contains(&z.date())
            && m >= self.from
            && m < self.to
    }
    pub fn next_opening(&self, t: Timestamp) -> Timestamp {
        if self.contains(t) {
            return t;
        }
        let mut z = t.to_zoned_datetime(self.tz.clone());
        for _ in 0..800 {
            let m = (z.hour() as u16) * 60 + z.minute() as u16;
            let ok_day = self.days.contains(&z.weekday()) && !self.holidays.contains(&z.date());
            if ok_day && m < self.from {
                let open = z
                    .date()
                    .at((self.from / 60) as i8, (self.from % 60) as i8, 0, 0)
                    .to_zoned_datetime(self.tz.clone());
                if let Ok(o) = open {
                    return o.timestamp();
                }
            }
            let next = z
                .date()
                .tomorrow()
                .ok()
                .and_then(|d| d.to_zoned_datetime(self.tz.clone()).ok());
            match next {
                Some(n) => z = n,
                None => break,
            }
        }
        t
    }
    pub fn due_after(&self, anchor: Timestamp, delay: Delay, jitter_seconds: u32) -> Timestamp {
        let z = anchor.to_zoned_datetime(self.tz.clone());
        let raw = match delay {
            Delay::Hours(h) => anchor.checked_add((h as i64).hours()).unwrap_or(anchor),
            Delay::Days(d) | Delay::BusinessDays(d) => z
                .checked_add((d as i64).days())
                .map(|z| z.timestamp())
                .unwrap_or(anchor),
        };
        let open = self.next_opening(raw);
        let j = open
            .checked_add((jitter_seconds as i64).seconds())
            .unwrap_or(open);
        if self.contains(j) {
            j
        } else {
            open
        }
    }
}

pub fn catch_up(window: &SendWindow, due: Timestamp, now: Timestamp, grace_hours: u32) -> CatchUp {
    let late = now.as_second() - due.as_second();
    if late <= 0 {
        return CatchUp::OnTime;
    }
    if late < grace_hours as i64 * 3600 && window.contains(now) {
        CatchUp::SendLate { late_by_secs: late }
    } else {
        CatchUp::Reschedule {
            to: window.next_opening(now),
            late_by_secs: late,
        }
    }
}

pub fn preview(spec: &SequenceSpec, tz: TimeZone, start: Timestamp) -> Vec<Timestamp> {
    let w = SendWindow::new(spec, tz);
    let mut at = start;
    spec.steps
        .iter()
        .map(|s| {
            at = w.due_after(at, s.delay(), 0);
            at
        })
        .collect()
}
