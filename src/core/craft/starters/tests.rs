use super::*;
use crate::core::craft::checks::{check, Context};
use crate::core::craft::emails::{emails, estimate};
use crate::core::template::Template;
use crate::core::time::Zones;

const ADDRESS: &str = "Alice Seller, 1 Main St, Springfield";

fn all() -> Vec<Starter> {
    starters("Europe/Berlin")
}

#[test]
fn starters_are_the_eight_playbook_types() {
    let ids: Vec<&str> = all().iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [
            "cold-outbound",
            "trigger-based",
            "inbound-nurture",
            "demo-no-show",
            "post-demo",
            "stalled-deal",
            "customer-onboarding",
            "expansion"
        ]
    );
    assert_eq!(
        starter("demo-no-show", "UTC")
            .unwrap()
            .spec
            .window
            .time_zone,
        "UTC"
    );
    assert!(starter("nope", "UTC").is_none());
}

#[test]
fn starters_pass_validation_and_round_trip_as_sequence_json() {
    for s in all() {
        s.spec
            .validate(&Zones::default())
            .unwrap_or_else(|e| panic!("{}: {e}", s.id));
        let json = serde_json::to_value(&s.spec).unwrap();
        assert_eq!(SequenceSpec::parse(json).unwrap(), s.spec, "{}", s.id);
        assert!(!s.description.is_empty());
    }
}

#[test]
fn starters_pass_every_best_practice_check_but_the_documented_ones() {
    for s in all() {
        let ctx = Context {
            custom_fields: &[],
            physical_address: ADDRESS,
        };
        let got: Vec<_> = check(&s.spec, &ctx).into_iter().map(|w| w.code).collect();
        let expected: Vec<_> = DELIBERATE
            .iter()
            .filter(|(id, _, _)| *id == s.id)
            .map(|(_, code, _)| *code)
            .collect();
        assert_eq!(got, expected, "{}", s.id);
    }
}

#[test]
fn starters_have_the_playbook_length_and_channel_mix() {
    // (id, fewest touches, most touches, has a call, has LinkedIn)
    let shapes = [
        ("cold-outbound", 7, 14, true, true),
        ("trigger-based", 5, 8, true, true),
        ("inbound-nurture", 5, 7, true, true),
        ("demo-no-show", 3, 5, true, false),
        ("post-demo", 5, 8, true, true),
        ("stalled-deal", 3, 5, true, false),
        ("customer-onboarding", 4, 7, true, false),
        ("expansion", 3, 6, true, false),
    ];
    for (s, (id, lo, hi, has_call, has_linkedin)) in all().iter().zip(shapes) {
        assert_eq!(s.id, id);
        let touches = s.spec.steps.len() + 1;
        assert!((lo..=hi).contains(&touches), "{id}: {touches} touches");
        let channel = |c: Channel| {
            s.spec
                .steps
                .iter()
                .any(|st| matches!(st, Step::Task(t) if t.channel == c))
        };
        assert_eq!(channel(Channel::Call), has_call, "{id}");
        assert_eq!(channel(Channel::Linkedin), has_linkedin, "{id}");
        for st in &s.spec.steps {
            if let Step::Email(e) = st {
                assert!(
                    matches!(e.delay, Delay::BusinessDays(2..=3)),
                    "{id}: emails go 2-3 days apart"
                );
            }
        }
    }
}

#[test]
fn starters_copy_follows_the_content_rules() {
    for s in all() {
        for e in emails(&s.spec) {
            let at = format!("{} {}", s.id, e.path);
            if let Some(subject) = e.subject {
                assert!(estimate(subject).chars().count() < 50, "{at}");
            }
            assert!(estimate(e.body).split_whitespace().count() < 150, "{at}");
            assert!(e.body.matches('?').count() <= 1, "{at}: one call to action");
            let texts: Vec<Template> = e
                .subject
                .into_iter()
                .chain([e.body])
                .map(|x| Template::parse(x).unwrap())
                .collect();
            let vars: Vec<_> = texts.iter().flat_map(|t| t.variables()).collect();
            assert!(
                vars.iter().all(|(_, fallback)| fallback.is_some()),
                "{at}: every variable has a fallback, so no prospect is refused"
            );
            assert!(
                vars.iter().any(|(n, _)| *n != "first_name"),
                "{at}: personalised beyond the first name"
            );
        }
    }
}
