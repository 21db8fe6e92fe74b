use super::*;
use proptest::prelude::*;

fn ts(s: &str) -> Timestamp {
    s.parse().expect("RFC 3339 timestamp")
}

fn secs(n: i64) -> SignedDuration {
    SignedDuration::from_secs(n)
}

fn limits(cap: u32, gap: u32) -> Limits {
    Limits {
        daily_cap: cap,
        min_gap_seconds: gap,
        ..Limits::default()
    }
}

/// Every accepted send has at most `cap` accepted sends (itself included) in the closed
/// 24 h span starting at it, and consecutive sends are at least the gap apart.
fn assert_within_limits(sent: &[Timestamp], l: &Limits) {
    let gap = SignedDuration::from_millis((i64::from(l.min_gap_seconds) * 1000).max(1));
    for w in sent.windows(2) {
        assert!(w[1].duration_since(w[0]) >= gap, "{} then {}", w[0], w[1]);
    }
    for (i, &a) in sent.iter().enumerate() {
        let in_span = sent[i..]
            .iter()
            .take_while(|&&b| b.duration_since(a) <= DAY)
            .count();
        assert!(
            in_span <= l.daily_cap as usize,
            "{in_span} sends in 24 h from {a}"
        );
    }
}

#[test]
fn limits_min_gap_between_sends() {
    let l = limits(150, 60);
    let mut p = Pace::default();
    let now = ts("2026-11-27T09:00:00Z");
    assert_eq!(p.check(now, &l), Ok(()));
    p.record(now);
    // Frozen clock: the one send of this instant went; every further try waits.
    for _ in 0..3 {
        assert_eq!(
            p.check(now, &l),
            Err(Blocked::Gap {
                until: now + secs(60)
            })
        );
    }
    assert!(p.check(now + secs(59), &l).is_err());
    assert_eq!(p.check(now + secs(60), &l), Ok(()));
    // A gap of 0 still lets only one send through per instant.
    let l0 = limits(150, 0);
    assert!(p.check(now, &l0).is_err());
    assert_eq!(p.check(now + SignedDuration::from_millis(1), &l0), Ok(()));
}

#[test]
fn limits_daily_cap_is_rolling_24h() {
    let l = limits(3, 60);
    let mut p = Pace::default();
    for t in [
        "2026-11-26T09:30:00Z",
        "2026-11-26T10:30:00Z",
        "2026-11-26T11:30:00Z",
    ] {
        assert_eq!(p.check(ts(t), &l), Ok(()));
        p.record(ts(t));
    }
    // Midnight resets nothing: the window rolls.
    for t in [
        "2026-11-26T23:59:00Z",
        "2026-11-27T00:01:00Z",
        "2026-11-27T09:29:00Z",
    ] {
        match p.check(ts(t), &l) {
            Err(Blocked::Cap { sent_24h, .. }) => assert_eq!(sent_24h, 3, "{t}"),
            other => panic!("{t}: {other:?}"),
        }
    }
    let until = p.check(ts("2026-11-27T09:29:00Z"), &l).unwrap_err().until();
    // 24 h after the oldest send, rounded up to its bucket's end: never early, at most 1 h late.
    let first = ts("2026-11-26T09:30:00Z");
    assert!(
        until > first + DAY && until <= first + DAY + secs(3600),
        "{until}"
    );
    assert!(p.check(until - SignedDuration::from_millis(1), &l).is_err());
    assert_eq!(p.check(until, &l), Ok(()));
    p.record(until);
    assert!(matches!(
        p.check(until + secs(60), &l),
        Err(Blocked::Cap { .. })
    ));
}

#[test]
fn limits_backlog_after_downtime_is_paced_not_burst() {
    let l = limits(20, 60);
    let mut p = Pace::default();
    // A full day before the browser was closed.
    let before = ts("2026-11-23T09:00:00Z");
    for i in 0..20 {
        p.record(before + secs(60 * i));
    }
    // Three days later, 50 follow-ups are due at once. The engine's loop: at each instant try
    // every due send, then sleep until the pace says.
    let wake = before + DAY * 3;
    let mut now = wake;
    let mut due = 50;
    let mut sent = Vec::new();
    while due > 0 {
        let mut passed = 0;
        let mut next = None;
        for _ in 0..due {
            match p.check(now, &l) {
                Ok(()) => {
                    p.record(now);
                    sent.push(now);
                    passed += 1;
                }
                Err(b) => {
                    assert!(b.until() > now);
                    next = Some(b.until());
                }
            }
        }
        assert!(passed <= 1, "{passed} sends at {now}");
        due -= passed;
        now = next.unwrap_or(now);
    }
    assert_eq!(sent.len(), 50);
    // Old sends do not hold the backlog back; the first day's share goes out one gap apart.
    assert_eq!(sent[0], wake);
    for w in sent[..20].windows(2) {
        assert_eq!(w[1].duration_since(w[0]), secs(60));
    }
    // The 21st waits for the rolling window, not for a burst.
    assert!(sent[20].duration_since(sent[0]) > DAY);
    assert_within_limits(&sent, &l);
}

#[test]
fn limits_pace_record_size_is_bounded() {
    let mut p = Pace::default();
    let start = ts("2026-10-01T00:00:00Z");
    // 10,000 sends spread over 30 days (every ~259 s).
    for i in 0..10_000i64 {
        p.record(start + secs(i * 259));
    }
    let json = serde_json::to_string(&p).expect("serializes");
    assert!(json.len() < 250, "{} bytes: {json}", json.len());
    let back: Pace = serde_json::from_str(&json).expect("deserializes");
    assert_eq!(back, p);
    let now = start + secs(9_999 * 259);
    assert!(p.sent_last_24h(now) >= 333 && p.sent_last_24h(now) <= 348);
    assert_eq!(Pace::default().sent_last_24h(now), 0);
}

#[test]
fn limits_jitter_is_deterministic() {
    assert_eq!(jitter("e-7b1c44d09a:2", 600), jitter("e-7b1c44d09a:2", 600));
    assert_eq!(jitter("anything", 0), 0);
    // Pinned values: a change of hash or mixing would move every scheduled send.
    assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(jitter("e-7b1c44d09a:2", 600), PINNED);
    // In range, and spread: neighbouring seeds do not collapse onto a few values.
    let values: std::collections::BTreeSet<u32> =
        (0..200).map(|i| jitter(&format!("e-1:{i}"), 300)).collect();
    assert!(values.iter().all(|&v| v <= 300));
    assert!(values.len() > 120, "{} distinct", values.len());
}

/// Computed independently (Python) from the FNV-1a and SplitMix64 definitions.
const PINNED: u32 = 563;

proptest! {
    #[test]
    fn limits_accepted_sends_respect_cap_and_gap(
        cap in 1u32..12,
        gap in 0u32..1800,
        steps in proptest::collection::vec(0i64..7_200_000, 1..300),
    ) {
        let l = limits(cap, gap);
        let mut p = Pace::default();
        let mut now = ts("2026-11-27T00:00:00Z");
        let mut sent = Vec::new();
        for d in steps {
            now += SignedDuration::from_millis(d);
            match p.check(now, &l) {
                Ok(()) => {
                    p.record(now);
                    sent.push(now);
                }
                Err(b) => {
                    // Honest: the instant it names is later, and a send passes then.
                    prop_assert!(b.until() > now);
                    prop_assert_eq!(p.check(b.until(), &l), Ok(()));
                }
            }
        }
        assert_within_limits(&sent, &l);
    }
}
