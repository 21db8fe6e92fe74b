//! Invariants over random windows, zones, anchors, delays and holidays. Each check recomputes
//! the rule from local wall time instead of trusting `SendWindow::contains`.
use super::*;
use crate::core::sequence::{Day, Delay, LocalTime, SequenceSpec, Window};
use crate::core::time::Zones;
use jiff::civil::{Date, Weekday};
use jiff::{SignedDuration, ToSpan};
use proptest::prelude::*;

/// Real zones: DST in both hemispheres, half- and quarter-hour offsets, Lord Howe's 30-minute
/// DST, Chile's and Morocco's midnight and Ramadan changes, the extremes of the offset range.
const ZONES: &[&str] = &[
    "UTC",
    "America/New_York",
    "Europe/Berlin",
    "Europe/London",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Australia/Adelaide",
    "Pacific/Chatham",
    "America/St_Johns",
    "America/Santiago",
    "America/Sao_Paulo",
    "Africa/Casablanca",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
];

const ALL: [Day; 7] = [
    Day::Mon,
    Day::Tue,
    Day::Wed,
    Day::Thu,
    Day::Fri,
    Day::Sat,
    Day::Sun,
];

/// 2026-01-01T00:00Z and two years on, in milliseconds.
const START_MS: i64 = 1_767_225_600_000;
const SPAN_MS: i64 = 2 * 365 * 86_400_000;

#[derive(Debug, Clone)]
struct Case {
    spec: SequenceSpec,
    anchor: Timestamp,
}

fn base_date() -> Date {
    jiff::civil::date(2026, 1, 1)
}

fn case() -> impl Strategy<Value = Case> {
    // Windows anywhere in the day, and windows around the small hours where DST changes.
    let window = prop_oneof![
        (0u16..1440).prop_flat_map(|from| (Just(from), from + 1..=1440)),
        (0u16..10).prop_flat_map(|h| (Just(h * 30), h * 30 + 30..=h * 30 + 300)),
    ];
    let holidays = prop::collection::vec((0i64..760, 1i64..20), 0..8);
    // Half the anchors fall within days of one of the zone's transitions.
    let near_change = prop::option::of((0usize..8, -3 * 86_400_000i64..86_400_000));
    (
        prop::sample::select(ZONES),
        1u8..128,
        window,
        holidays,
        0..SPAN_MS,
        near_change,
    )
        .prop_map(|(zone, mask, (from, to), runs, offset_ms, near_change)| {
            let days = (0..7)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| ALL[i])
                .collect();
            // Runs of consecutive holidays, so long closures are covered too.
            let holidays = runs
                .into_iter()
                .flat_map(|(start, len)| (start..start + len).map(|d| base_date() + d.days()))
                .collect();
            let spec = SequenceSpec {
                name: "p".into(),
                window: Window {
                    days,
                    from: LocalTime(from),
                    to: LocalTime(to),
                    time_zone: zone.into(),
                },
                holidays,
                stop_on: Default::default(),
                limits: Default::default(),
                steps: vec![],
                first_email: None,
                footer: Default::default(),
            };
            let start = Timestamp::from_millisecond(START_MS).unwrap();
            let tz = Zones::default().get(zone).unwrap();
            let changes: Vec<Timestamp> =
                tz.following(start).take(8).map(|t| t.timestamp()).collect();
            let anchor = match near_change {
                Some((i, off)) if !changes.is_empty() => {
                    changes[i % changes.len()] + SignedDuration::from_millis(off)
                }
                _ => Timestamp::from_millisecond(START_MS + offset_ms).unwrap(),
            };
            Case { spec, anchor }
        })
}

fn delay() -> impl Strategy<Value = Delay> {
    prop_oneof![
        (0u32..200).prop_map(Delay::Hours),
        (0u32..15).prop_map(Delay::Days),
        (0u32..15).prop_map(Delay::BusinessDays),
    ]
}

fn window_of(c: &Case) -> SendWindow {
    SendWindow::for_prospect(&c.spec, &Zones::default(), None).unwrap()
}

/// The window rule, straight from the spec: weekday, holiday list, local minutes.
fn inside(spec: &SequenceSpec, w: &SendWindow, t: Timestamp) -> bool {
    let dt = w.time_zone().to_datetime(t);
    let minutes = i32::from(dt.hour()) * 60 + i32::from(dt.minute());
    spec.window.days.iter().any(|d| d.weekday() == dt.weekday())
        && !spec.holidays.contains(&dt.date())
        && minutes >= i32::from(spec.window.from.minutes())
        && minutes < i32::from(spec.window.to.minutes())
}

fn business_days_between(spec: &SequenceSpec, from: Date, to: Date) -> u32 {
    let mut n = 0;
    let mut d = from;
    while d < to {
        d = d.tomorrow().unwrap();
        let weekend = matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
        if !weekend && !spec.holidays.contains(&d) {
            n += 1;
        }
    }
    n
}

fn check_delay(c: &Case, w: &SendWindow, anchor: Timestamp, delay: Delay, due: Timestamp) {
    assert!(due >= anchor, "{due} before anchor {anchor}");
    let tz = w.time_zone();
    let (a, d) = (tz.to_datetime(anchor).date(), tz.to_datetime(due).date());
    match delay {
        Delay::Hours(h) => {
            assert!(due.duration_since(anchor) >= SignedDuration::from_hours(h.into()))
        }
        Delay::Days(n) => {
            assert!(d >= a + i64::from(n).days(), "{d} < {a} + {n} days");
            // No zone in the list shifts by more than an hour at a change.
            let least = SignedDuration::from_hours(24 * i64::from(n) - 1);
            assert!(n == 0 || due.duration_since(anchor) >= least);
        }
        Delay::BusinessDays(n) => assert!(business_days_between(&c.spec, a, d) >= n),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn schedule_prop_due_is_inside_window_and_not_before_delay(
        c in case(), delay in delay(), jitter in 0u32..7200,
    ) {
        let w = window_of(&c);
        let due = w.due_after(c.anchor, delay, jitter);
        prop_assert_ne!(due, NEVER);
        prop_assert!(inside(&c.spec, &w, due), "{} outside {:?}", due, c.spec.window);
        prop_assert!(w.contains(due));
        check_delay(&c, &w, c.anchor, delay, due);
    }

    #[test]
    fn schedule_prop_due_times_are_monotonic_along_a_sequence(
        c in case(),
        steps in prop::collection::vec((delay(), 0u32..3600, 0i64..3 * 86_400), 1..8),
    ) {
        let w = window_of(&c);
        let mut anchor = c.anchor;
        let mut last = c.anchor;
        for (delay, jitter, late_secs) in steps {
            let due = w.due_after(anchor, delay, jitter);
            prop_assert!(due >= last, "{} before previous {}", due, last);
            prop_assert!(inside(&c.spec, &w, due));
            check_delay(&c, &w, anchor, delay, due);
            last = due;
            // The next step counts from the actual send, which may be late.
            anchor = due + SignedDuration::from_secs(late_secs);
        }
    }

    #[test]
    fn schedule_prop_preview_is_monotonic_and_inside_window(
        c in case(), delays in prop::collection::vec(delay(), 1..8),
    ) {
        let mut spec = c.spec.clone();
        spec.steps = delays
            .into_iter()
            .map(|delay| {
                crate::core::sequence::Step::Task(crate::core::sequence::TaskStep {
                    channel: crate::core::sequence::Channel::Call,
                    delay,
                    note: String::new(),
                })
            })
            .collect();
        let w = window_of(&c);
        let dates = preview(&spec, w.time_zone().clone(), c.anchor);
        prop_assert_eq!(dates.len(), spec.steps.len());
        let mut last = c.anchor;
        for t in dates {
            prop_assert!(t >= last && inside(&c.spec, &w, t));
            last = t;
        }
    }

    #[test]
    fn schedule_prop_next_opening_is_the_earliest_instant_inside(c in case()) {
        let w = window_of(&c);
        let t = c.anchor;
        let open = w.next_opening(t);
        prop_assert!(open >= t && inside(&c.spec, &w, open));
        let gap = open.duration_since(t);
        for k in 1..=48 {
            let probe = open - gap * k / 48;
            if probe < open {
                prop_assert!(!inside(&c.spec, &w, probe), "{} inside before {}", probe, open);
            }
        }
    }

    #[test]
    fn schedule_prop_closes_after_ends_the_opening(c in case()) {
        let w = window_of(&c);
        let open = w.next_opening(c.anchor);
        let close = w.closes_after(open);
        prop_assert!(close > open);
        if close != NEVER {
            prop_assert!(!inside(&c.spec, &w, close), "still inside at {}", close);
            let span = close.duration_since(open);
            for k in 0..48 {
                let probe = open + span * k / 48;
                prop_assert!(inside(&c.spec, &w, probe), "{} outside before {}", probe, close);
            }
        }
    }
}
