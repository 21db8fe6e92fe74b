//! Sending limits: a daily cap over a rolling 24 h, a minimum gap between sends, and
//! deterministic jitter. Providers block an account for up to a day when it goes over their
//! limit, so the cap is enforced here first, and errs on the side of sending later.
use crate::core::sequence::Limits;
use crate::core::time::ms;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use thiserror::Error;

const HOUR_MS: i64 = 3_600_000;
const DAY: SignedDuration = SignedDuration::from_hours(24);

/// Hourly buckets kept: the current hour and the 24 before it. Counting all of them covers
/// every 24 h span that ends now (and up to one hour more), so the cap can only err late.
const BUCKETS: usize = 25;

/// Send bookkeeping for one sequence, stored as one small record: hourly buckets over the last
/// 24 h plus the last send instant, so its size never grows with the number of sends.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pace {
    /// Hours since the epoch of the newest bucket, the last entry of `counts`.
    #[serde(default)]
    hour: i64,
    /// Sends per hour, oldest first, ending at `hour`; at most 25 entries.
    #[serde(default)]
    counts: Vec<u32>,
    #[serde(default, with = "ms::option", skip_serializing_if = "Option::is_none")]
    last_sent: Option<Timestamp>,
}

/// Why a send may not go out yet, and the earliest instant it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum Blocked {
    #[error(
        "the daily cap is reached ({sent_24h} sent in the last 24 hours); sending resumes at {until}"
    )]
    Cap { until: Timestamp, sent_24h: u32 },
    #[error("pacing between sends: the next one may go at {until}")]
    Gap { until: Timestamp },
}

impl Blocked {
    pub fn until(&self) -> Timestamp {
        match *self {
            Blocked::Cap { until, .. } | Blocked::Gap { until } => until,
        }
    }
}

fn hour_of(t: Timestamp) -> i64 {
    t.as_millisecond().div_euclid(HOUR_MS)
}

fn hour_start(hour: i64) -> Timestamp {
    Timestamp::from_millisecond(hour.saturating_mul(HOUR_MS)).unwrap_or(Timestamp::MAX)
}

impl Pace {
    /// May a send go out at `now` under `limits` (daily_cap over a rolling 24 h, min_gap_seconds)?
    ///
    /// The gap is at least one millisecond even when `min_gap_seconds` is 0, so a frozen clock
    /// lets exactly one send through per instant. A clock set back before the last send waits
    /// for the gap after that send: the provider's clock did not go back.
    pub fn check(&self, now: Timestamp, limits: &Limits) -> Result<(), Blocked> {
        let gap_until = self.last_sent.and_then(|last| {
            let gap = SignedDuration::from_millis(i64::from(limits.min_gap_seconds) * 1000)
                .max(SignedDuration::from_millis(1));
            let until = last.saturating_add(gap).ok()?;
            (now < until).then_some(until)
        });
        let sent_24h = self.sent_last_24h(now);
        if sent_24h >= limits.daily_cap {
            let cap_until = self.cap_frees_at(now, limits.daily_cap);
            let until = gap_until.map_or(cap_until, |g| g.max(cap_until));
            return Err(Blocked::Cap { until, sent_24h });
        }
        match gap_until {
            Some(until) => Err(Blocked::Gap { until }),
            None => Ok(()),
        }
    }

    /// Records a send at `at`.
    pub fn record(&mut self, at: Timestamp) {
        let h = hour_of(at);
        if self.counts.is_empty() {
            self.hour = h;
        }
        if h > self.hour {
            let shift = h - self.hour;
            if shift >= BUCKETS as i64 {
                self.counts.clear();
            } else {
                self.counts.extend((0..shift).map(|_| 0));
            }
            self.hour = h;
        }
        if self.counts.is_empty() {
            self.counts.push(0);
        }
        // A send dated before the newest bucket (a clock set back) is counted as of the newest
        // hour: it then stays in the window longest, which can only delay later sends.
        if let Some(c) = self.counts.last_mut() {
            *c = c.saturating_add(1);
        }
        let excess = self.counts.len().saturating_sub(BUCKETS);
        self.counts.drain(..excess);
        // Leading empty hours carry no information; dropping them keeps the record short.
        let zeros = self.counts.iter().take_while(|&&c| c == 0).count();
        self.counts
            .drain(..zeros.min(self.counts.len().saturating_sub(1)));
        self.last_sent = Some(self.last_sent.map_or(at, |l| l.max(at)));
    }

    /// Sends counted against the cap at `now`: every send in the hour buckets that overlap the
    /// last 24 h, so it may include sends up to 25 h old, never fewer than the true number.
    pub fn sent_last_24h(&self, now: Timestamp) -> u32 {
        self.count_since_hour(hour_of(now) - 24)
    }

    /// The latest send recorded.
    pub fn last_sent(&self) -> Option<Timestamp> {
        self.last_sent
    }

    fn count_since_hour(&self, first: i64) -> u32 {
        let len = self.counts.len() as i64;
        self.counts
            .iter()
            .enumerate()
            .filter(|(i, _)| self.hour - (len - 1 - *i as i64) >= first)
            .fold(0u32, |sum, (_, c)| sum.saturating_add(*c))
    }

    /// The start of the first hour after `now` at which old buckets have dropped out enough
    /// for the count to be under `cap`.
    fn cap_frees_at(&self, now: Timestamp, cap: u32) -> Timestamp {
        let now_h = hour_of(now);
        // Past the newest bucket + 24 nothing is counted, so the search is short. A cap of 0
        // (refused by sequence validation) never frees: ask again in a day.
        (1..=(self.hour - now_h).max(0) + BUCKETS as i64)
            .map(|k| now_h + k)
            .find(|&h| self.count_since_hour(h - 24) < cap)
            .map(hour_start)
            .unwrap_or_else(|| now.saturating_add(DAY).unwrap_or(Timestamp::MAX))
    }
}

/// Deterministic jitter in [0, max_seconds] from a seed (e.g. enrollment id + step): the same
/// input always gives the same value, across restarts and platforms (use a fixed hash such as
/// FNV-1a, not std's randomized hasher).
pub fn jitter(seed: &str, max_seconds: u32) -> u32 {
    if max_seconds == 0 {
        return 0;
    }
    let h = mix(fnv1a64(seed.as_bytes()));
    u32::try_from(h % (u64::from(max_seconds) + 1)).unwrap_or(max_seconds)
}

/// FNV-1a, 64 bit: fixed constants, so the value is the same on every platform and build.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// SplitMix64's finalizer: FNV's low bits change little between seeds that differ only in
/// their last character ("e-1:1", "e-1:2"), and the modulo reads exactly those bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests;
