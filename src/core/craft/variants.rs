//! A/B variants: which version of an email each enrollment gets, and when a version (or a
//! step) is doing clearly worse than the best one.
//!
//! Assignment hashes (enrollment id, step) with the fixed FNV-1a + SplitMix64 of
//! `limits::jitter`: the same enrollment gets the same version after a restart, on any
//! machine, without storing anything until it is sent (the `sent` entry then records it).
use crate::core::ids::EnrollmentId;
use crate::core::limits::jitter;

/// The version (0 = the email's own text, A) enrollment `id` gets for `step` (`None` = the
/// first email) out of `count` versions.
pub fn assign(id: &EnrollmentId, step: Option<u32>, count: u32) -> u32 {
    if count <= 1 {
        return 0;
    }
    let step = step.map_or_else(|| "first".to_owned(), |s| s.to_string());
    // The prefix keeps the draw independent of the due-time jitter, seeded "<id>/<step>".
    jitter(&format!("variant:{id}:{step}"), count - 1)
}

/// "A", "B", ... as the UI names versions.
pub fn label(version: u32) -> String {
    char::from_u32(u32::from('A') + version.min(25))
        .unwrap_or('?')
        .to_string()
}

/// Sends a step or version needs, and the best one too, before it can be called weak. Below
/// this a few replies either way swing the rate too much to mean anything. The UI shows it.
pub const MIN_SENDS: u32 = 30;

/// Two-sided 95% critical value of the standard normal distribution.
pub const Z_95: f64 = 1.96;

/// Which of `arms` (sent, replied) are weak: the arm has at least `MIN_SENDS` sends, so does
/// the arm with the best reply rate, and a pooled two-proportion z-test says the arm's rate
/// is lower than the best one's at 95% confidence (z >= 1.96). With no replies at all, or
/// all replies, nothing is weak: the test has no variance to go on.
pub fn weak(arms: &[(u32, u32)]) -> Vec<bool> {
    let rate = |(sent, replied): (u32, u32)| f64::from(replied.min(sent)) / f64::from(sent.max(1));
    let best = arms
        .iter()
        .copied()
        .filter(|(sent, _)| *sent >= MIN_SENDS)
        .max_by(|a, b| rate(*a).total_cmp(&rate(*b)));
    arms.iter()
        .map(|&arm| match best {
            Some(best) if arm.0 >= MIN_SENDS && arm != best => z(arm, best) >= Z_95,
            _ => false,
        })
        .collect()
}

/// The pooled two-proportion z statistic of `best`'s rate over `arm`'s (positive when `best`
/// is higher); 0 when it is undefined.
pub fn z(arm: (u32, u32), best: (u32, u32)) -> f64 {
    let (n1, x1) = (f64::from(arm.0), f64::from(arm.1.min(arm.0)));
    let (n2, x2) = (f64::from(best.0), f64::from(best.1.min(best.0)));
    if n1 == 0.0 || n2 == 0.0 {
        return 0.0;
    }
    let pooled = (x1 + x2) / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if se <= 0.0 {
        return 0.0;
    }
    (x2 / n2 - x1 / n1) / se
}

#[cfg(test)]
mod tests {
    use super::*;

    const PINNED: [u32; 8] = [0, 1, 0, 1, 0, 1, 1, 1];

    #[test]
    fn variants_assignment_is_deterministic() {
        let id = EnrollmentId::from("e-4f2a");
        let first = assign(&id, Some(2), 3);
        for _ in 0..10 {
            assert_eq!(assign(&id, Some(2), 3), first);
        }
        assert_eq!(assign(&id, Some(2), 1), 0);
        assert_eq!(assign(&id, None, 0), 0);
        // Pinned: a change of hash would reshuffle running A/B tests, so it must show here.
        let drawn: Vec<u32> = (0..8)
            .map(|i| assign(&EnrollmentId(format!("e-{i}")), Some(0), 2))
            .collect();
        assert_eq!(drawn, PINNED);
    }

    #[test]
    fn variants_assignment_is_roughly_even() {
        for count in [2u32, 3] {
            for step in [None, Some(0), Some(4)] {
                let mut n = vec![0u32; count as usize];
                for i in 0..10_000 {
                    // Ids as the service makes them: "e-" and random hex.
                    let id = EnrollmentId(format!(
                        "e-{:016x}",
                        (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    ));
                    n[assign(&id, step, count) as usize] += 1;
                }
                let even = 10_000.0 / f64::from(count);
                for (v, &k) in n.iter().enumerate() {
                    let off = (f64::from(k) - even).abs() / 10_000.0;
                    assert!(off <= 0.03, "{count} versions, step {step:?}: {v} got {k}");
                }
            }
        }
    }

    #[test]
    fn variants_are_independent_of_step() {
        let same = (0..1000)
            .filter(|i| {
                let id = EnrollmentId(format!("e-{i}"));
                assign(&id, Some(0), 2) == assign(&id, Some(1), 2)
            })
            .count();
        assert!((400..=600).contains(&same), "{same}");
    }

    #[test]
    fn variants_labels() {
        assert_eq!(label(0), "A");
        assert_eq!(label(2), "C");
    }

    #[test]
    fn variants_weak_needs_enough_sends_and_a_clear_gap() {
        // 20% vs 5% over 100 sends each: z ≈ 3.2, weak.
        assert_eq!(weak(&[(100, 20), (100, 5)]), [false, true]);
        // The same rates over 29 sends: not enough to say.
        assert_eq!(weak(&[(29, 6), (29, 1)]), [false, false]);
        // The best arm under the threshold does not count as the best.
        assert_eq!(weak(&[(10, 9), (100, 5), (100, 20)]), [false, true, false]);
        // 12% vs 9% over 100: not significant.
        assert_eq!(weak(&[(100, 12), (100, 9)]), [false, false]);
        // No replies anywhere: nothing to compare.
        assert_eq!(weak(&[(100, 0), (100, 0)]), [false, false]);
        assert!(z((100, 5), (100, 20)) > Z_95);
    }
}
