//! PLACEHOLDER until the reply branch lands (minimal pacing for engine work).
use crate::core::sequence::Limits;
use crate::core::time::ms;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pace {
    #[serde(default, with = "ms::option")]
    last: Option<Timestamp>,
    sends: Vec<i64>,
}

pub enum Blocked {
    Cap { until: Timestamp, sent_24h: u32 },
    Gap { until: Timestamp },
}

impl Pace {
    pub fn check(&self, now: Timestamp, limits: &Limits) -> Result<(), Blocked> {
        if let Some(last) = self.last {
            let until = last.as_millisecond() + limits.min_gap_seconds as i64 * 1000;
            if now.as_millisecond() < until {
                return Err(Blocked::Gap {
                    until: crate::core::time::from_ms(until),
                });
            }
        }
        let n = self.sent_last_24h(now);
        if n >= limits.daily_cap {
            let first = self.sends.first().copied().unwrap_or(0);
            return Err(Blocked::Cap {
                until: crate::core::time::from_ms(first + 86_400_000),
                sent_24h: n,
            });
        }
        Ok(())
    }
    pub fn record(&mut self, at: Timestamp) {
        self.last = Some(at);
        self.sends.push(at.as_millisecond());
        let cut = at.as_millisecond() - 86_400_000;
        self.sends.retain(|s| *s > cut);
    }
    pub fn sent_last_24h(&self, now: Timestamp) -> u32 {
        let cut = now.as_millisecond() - 86_400_000;
        self.sends.iter().filter(|s| **s > cut).count() as u32
    }
}

pub fn jitter(seed: &str, max_seconds: u32) -> u32 {
    if max_seconds == 0 {
        return 0;
    }
    let mut h: u64 = 0xcbf29ce484222325;
    for b in seed.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    (h % (max_seconds as u64 + 1)) as u32
}
