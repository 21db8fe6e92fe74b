use super::*;
use crate::core::testkit::spec;
use serde_json::{json, Value};

/// A sequence that passes every check; each test breaks exactly one rule.
fn good() -> Value {
    json!({"name": "Cold",
     "window": {"days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "17:00",
                "timeZone": "Europe/Berlin"},
     "firstEmail": {"subject": "Question about {{company|your team}}",
                    "body": "Hi {{first_name|there}}, how does {{company|your team}} handle X?"},
     "steps": [
       {"kind": "email", "thread": "same", "delay": {"businessDays": 2},
        "body": "Hi {{first_name|there}}, following up on my note below."},
       {"kind": "task", "channel": "call", "delay": {"days": 1}, "note": "Call them"},
       {"kind": "email", "thread": "same", "delay": {"days": 2},
        "body": "Should I close the loop on this?"}]})
}

const ADDRESS: &str = "1 Main St, Springfield";

fn run(v: Value) -> Vec<Warning> {
    check(
        &spec(v),
        &Context {
            custom_fields: &["plan".to_owned()],
            physical_address: ADDRESS,
        },
    )
}

fn codes(v: Value) -> Vec<(Code, String)> {
    run(v).into_iter().map(|w| (w.code, w.field)).collect()
}

#[test]
fn checks_pass_a_good_sequence() {
    assert_eq!(run(good()), vec![]);
}

#[test]
fn checks_every_warning_says_why_and_how() {
    let mut v = good();
    v["steps"][0]["delay"] = json!({"hours": 20});
    for w in run(v) {
        assert!(!w.message.is_empty() && !w.fix.is_empty(), "{w:?}");
    }
}

#[test]
fn check_email_spacing() {
    let mut v = good();
    v["steps"][0]["delay"] = json!({"hours": 47});
    assert_eq!(
        codes(v),
        vec![(Code::EmailSpacing, "steps[0].delay".to_owned())]
    );
    // A task in between does not reset the clock: 1 day + 1 day is still too close.
    let mut v = good();
    v["steps"][1]["delay"] = json!({"hours": 12});
    v["steps"][2]["delay"] = json!({"hours": 12});
    assert_eq!(
        codes(v),
        vec![(Code::EmailSpacing, "steps[2].delay".to_owned())]
    );
}

#[test]
fn check_too_many_touches() {
    let mut v = good();
    let steps = v["steps"].as_array_mut().unwrap();
    for _ in 0..7 {
        steps.insert(
            1,
            json!({"kind": "task", "channel": "linkedin", "delay": {"days": 1}}),
        );
    }
    // 1 first email + 10 steps = 11 touches.
    assert_eq!(codes(v), vec![(Code::TooManyTouches, "steps".to_owned())]);
}

#[test]
fn check_no_breakup() {
    let mut v = good();
    v["steps"][2]["body"] = json!("Any thoughts on this?");
    assert_eq!(
        codes(v),
        vec![(Code::NoBreakup, "steps[2].body".to_owned())]
    );
    // Breakup wording in any language, in a variant, counts.
    let mut v = good();
    v["steps"][2]["body"] = json!("Any thoughts?");
    v["steps"][2]["variants"] = json!([{"body": "Das ist meine letzte E-Mail dazu."}]);
    assert_eq!(codes(v), vec![]);
    // A closing task after the breakup email is fine.
    let mut v = good();
    v["steps"]
        .as_array_mut()
        .unwrap()
        .push(json!({"kind": "task", "channel": "linkedin", "delay": {"days": 1}}));
    assert_eq!(codes(v), vec![]);
}

#[test]
fn check_long_subject() {
    let mut v = good();
    v["firstEmail"]["subject"] =
        json!("A very long subject line that goes on and on about {{company|your team}}");
    assert_eq!(
        codes(v),
        vec![(Code::LongSubject, "firstEmail.subject".to_owned())]
    );
    // A fallback counts at its own length, not the template's.
    let mut v = good();
    v["firstEmail"]["subject"] = json!("Idea for {{company|you}} about {{title|your role}}");
    assert_eq!(codes(v), vec![]);
}

#[test]
fn check_long_body() {
    let mut v = good();
    v["steps"][0]["body"] = json!("word ".repeat(151));
    assert_eq!(codes(v), vec![(Code::LongBody, "steps[0].body".to_owned())]);
}

#[test]
fn check_one_channel() {
    let mut v = good();
    v["steps"].as_array_mut().unwrap().remove(1);
    assert_eq!(codes(v), vec![(Code::OneChannel, "steps".to_owned())]);
}

#[test]
fn check_no_unsubscribe() {
    let mut v = good();
    v["footer"] = json!({"enabled": false});
    let w = run(v);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(
        (w[0].code, w[0].field.as_str()),
        (Code::NoUnsubscribe, "footer.enabled")
    );
    assert!(w[0].message.contains("steps[0]"), "{w:?}");
    // With the footer off, a line in every email is enough.
    let mut v = good();
    v["footer"] = json!({"enabled": false});
    for path in [&["firstEmail"][..], &["steps", "0"], &["steps", "2"]] {
        let mut at = &mut v;
        for p in path {
            at = match p.parse::<usize>() {
                Ok(i) => &mut at[i],
                Err(_) => &mut at[*p],
            };
        }
        let body = at["body"].as_str().unwrap().to_owned();
        at["body"] = json!(format!("{body} Reply \"unsubscribe\" to opt out."));
    }
    assert_eq!(codes(v), vec![]);
    // A custom footer that does not say how to opt out.
    let mut v = good();
    v["footer"] = json!({"text": "Sent with care."});
    assert_eq!(
        codes(v),
        vec![(Code::NoUnsubscribe, "footer.text".to_owned())]
    );
}

#[test]
fn check_no_postal_address() {
    let w = check(&spec(good()), &Context::default());
    let got: Vec<_> = w.iter().map(|w| (w.code, w.field.as_str())).collect();
    assert_eq!(got, vec![(Code::NoPostalAddress, "footer")]);
}

#[test]
fn check_unknown_variable() {
    let mut v = good();
    v["steps"][0]["body"] = json!("Hi {{frist_name|there}}, about your {{plan}} plan.");
    assert_eq!(
        codes(v),
        vec![(Code::UnknownVariable, "steps[0].body".to_owned())],
        "frist_name is unknown even with a fallback; plan is a known CSV column"
    );
    let mut v = good();
    v["firstEmail"]["variants"] = json!([{"subject": "For {{industry}}", "body": "B"}]);
    assert_eq!(
        codes(v),
        vec![(
            Code::UnknownVariable,
            "firstEmail.variants[0].subject".to_owned()
        )]
    );
}
