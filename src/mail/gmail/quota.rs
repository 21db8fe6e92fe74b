//! The quota-unit budget. Google's per-user limit is far above what one person's follow-ups
//! need; the budget that matters is the idle one: polling a quiet mailbox must cost at most
//! `IDLE_UNITS_PER_MINUTE` in any rolling minute, so an always-on extension is a light load.
//! An idle sync is one `history.list` (2 units), so at most one sync poll runs per rolling
//! minute; a sync asked for sooner is skipped (the cursor stays, nothing is lost: the next
//! poll reads the same history). `force_next` lets one explicit check through.
use crate::mail::gmail::api::ApiMethod;
use jiff::Timestamp;
use std::collections::VecDeque;

pub const IDLE_UNITS_PER_MINUTE: u32 = 2;
const MINUTE_MS: i64 = 60_000;

#[derive(Debug, Clone, Default)]
pub struct Quota {
    total: u64,
    /// (when, units) of every charged call in the last minute.
    recent: VecDeque<(i64, u32)>,
    /// When each sync poll of the last minute started.
    polls: VecDeque<i64>,
    forced: bool,
}

impl Quota {
    /// Counts a call that reached the method (as Google and the double count: not for a 401,
    /// a 403 or a 429 refused at the door).
    pub fn charge(&mut self, now: Timestamp, method: ApiMethod) {
        let units = method.units();
        self.total += u64::from(units);
        self.recent.push_back((now.as_millisecond(), units));
        self.trim(now);
    }

    /// Every unit charged since this provider started.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Units charged in the rolling minute ending at `now`.
    pub fn last_minute(&mut self, now: Timestamp) -> u32 {
        self.trim(now);
        self.recent.iter().map(|(_, u)| u).sum()
    }

    /// May a sync poll start now? Records it when yes.
    pub fn take_poll(&mut self, now: Timestamp) -> bool {
        self.trim(now);
        let poll = ApiMethod::ListHistory.units();
        let spent = u32::try_from(self.polls.len())
            .unwrap_or(u32::MAX)
            .saturating_mul(poll);
        if !std::mem::take(&mut self.forced) && spent + poll > IDLE_UNITS_PER_MINUTE {
            return false;
        }
        self.polls.push_back(now.as_millisecond());
        true
    }

    /// Lets the next sync through whatever the budget says: an explicit "check now".
    pub fn force_next(&mut self) {
        self.forced = true;
    }

    fn trim(&mut self, now: Timestamp) {
        let cutoff = now.as_millisecond() - MINUTE_MS;
        while self.recent.front().is_some_and(|(t, _)| *t <= cutoff) {
            self.recent.pop_front();
        }
        while self.polls.front().is_some_and(|t| *t <= cutoff) {
            self.polls.pop_front();
        }
    }
}
