//! One rate as the metrics show it: the percentage, the playbook benchmark next to it, and
//! whether it is below, within or above that range, or still too small a sample to judge.
use crate::core::stats::{Benchmarks, Range};

/// Said once wherever metrics are shown, since users look for opens and clicks there.
pub const OPENS_AND_CLICKS: &str = "Open and click rates are not tracked: that needs tracking pixels and a server, and mailseq has neither.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Nothing sent yet.
    NoData,
    /// Fewer sends than the weak-step threshold: a few replies either way swing the rate.
    TooFew,
    Below,
    Within,
    Above,
    /// A rate with no benchmark (bounces).
    Unjudged,
}

impl Standing {
    /// For `data-standing` and CSS.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::NoData => "no-data",
            Standing::TooFew => "too-few",
            Standing::Below => "below",
            Standing::Within => "within",
            Standing::Above => "above",
            Standing::Unjudged => "unjudged",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    /// Replies, meetings… counted.
    pub count: u32,
    pub value: Option<f64>,
    /// "8%", or "—" before anything was sent.
    pub label: String,
    /// "5–15%"; None for bounces, which the playbook gives no range for.
    pub benchmark: Option<String>,
    pub standing: Standing,
    /// Whether this standing is good news (above for replies, below for unsubscribes); None
    /// when it is neither or not judged.
    pub good: Option<bool>,
}

impl Rate {
    /// "within the 5–15% benchmark", "too few sends to judge (needs 30)".
    pub fn verdict(&self, min_sends: u32) -> String {
        let bench = self.benchmark.clone().unwrap_or_default();
        match self.standing {
            Standing::NoData => "nothing sent yet".to_owned(),
            Standing::TooFew => format!("needs at least {min_sends} sends to judge"),
            Standing::Below => format!("below the {bench} benchmark"),
            Standing::Within => format!("within the {bench} benchmark"),
            Standing::Above => format!("above the {bench} benchmark"),
            Standing::Unjudged => String::new(),
        }
    }
}

/// Reply, meeting, unsubscribe and bounce rates over `sent` sends (or enrolled prospects).
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    pub sent: u32,
    pub reply: Rate,
    pub meeting: Rate,
    pub unsubscribe: Rate,
    pub bounce: Rate,
}

/// Whether being above the range is good news for this metric.
#[derive(Clone, Copy)]
enum Better {
    Higher,
    Lower,
}

pub fn percent(r: f64) -> String {
    let p = r * 100.0;
    if p > 0.0 && p < 10.0 && (p - p.round()).abs() >= 0.05 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

fn rate(
    count: u32,
    value: Option<f64>,
    sent: u32,
    range: Option<(&Range, Better)>,
    min_sends: u32,
) -> Rate {
    let standing = match (value, range) {
        (None, _) => Standing::NoData,
        (Some(_), None) => Standing::Unjudged,
        (Some(_), Some(_)) if sent < min_sends => Standing::TooFew,
        (Some(v), Some((r, _))) if r.min.is_some_and(|m| v < m) => Standing::Below,
        (Some(v), Some((r, _))) if r.max.is_some_and(|m| v > m) => Standing::Above,
        (Some(_), Some(_)) => Standing::Within,
    };
    let good = match (standing, range.map(|(_, b)| b)) {
        (Standing::Above, Some(Better::Higher)) | (Standing::Below, Some(Better::Lower)) => {
            Some(true)
        }
        (Standing::Below, Some(Better::Higher)) | (Standing::Above, Some(Better::Lower)) => {
            Some(false)
        }
        // "Under 1%" unsubscribes is the range itself: within it is good news.
        (Standing::Within, Some(Better::Lower)) => Some(true),
        _ => None,
    };
    Rate {
        count,
        value,
        label: value.map_or_else(|| "—".to_owned(), percent),
        benchmark: range.map(|(r, _)| super::stats::range_words(r)),
        standing,
        good,
    }
}

impl Rates {
    /// `counts` are (count, rate) for replies, meetings, unsubscribes and bounces.
    pub fn new(b: &Benchmarks, sent: u32, counts: [(u32, Option<f64>); 4]) -> Rates {
        let [reply, meeting, unsubscribe, bounce] = counts;
        let m = b.weak_min_sends;
        Rates {
            sent,
            reply: rate(
                reply.0,
                reply.1,
                sent,
                Some((&b.reply_rate, Better::Higher)),
                m,
            ),
            meeting: rate(
                meeting.0,
                meeting.1,
                sent,
                Some((&b.meeting_rate, Better::Higher)),
                m,
            ),
            unsubscribe: rate(
                unsubscribe.0,
                unsubscribe.1,
                sent,
                Some((&b.unsubscribe_rate, Better::Lower)),
                m,
            ),
            bounce: rate(bounce.0, bounce.1, sent, None, m),
        }
    }
}
