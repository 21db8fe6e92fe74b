use crate::core::sequence::{Language, SequenceError, SequenceSpec, Step, MAX_VARIANTS};
use crate::core::time::Zones;
use serde_json::{json, Value};

fn base() -> Value {
    json!({"name": "Cold",
     "window": {"days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "17:00",
                "timeZone": "Europe/Berlin"},
     "holidays": [],
     "stopOn": {"anyMailFromProspect": false, "anyMailFromDomain": false},
     "limits": {"dailyCap": 150, "minGapSeconds": 60, "catchUpGraceHours": 4},
     "steps": [
       {"kind": "email", "thread": "same", "delay": {"businessDays": 2},
        "body": "Hi {{first_name|there}}, following up."},
       {"kind": "email", "thread": "new", "delay": {"days": 3},
        "subject": "New idea", "body": "Another angle."}]})
}

fn check(v: Value) -> Result<SequenceSpec, SequenceError> {
    let s = SequenceSpec::parse(v)?;
    s.validate(&Zones::default())?;
    Ok(s)
}

#[test]
fn sequence_craft_fields_round_trip() {
    let mut v = base();
    v["firstEmail"] = json!({"subject": "Quick question, {{first_name|there}}",
        "body": "Hi {{first_name|there}}, one question about {{company|your team}}.",
        "variants": [{"subject": "Idea for {{company|your team}}", "body": "Hi, an idea."}]});
    v["steps"][0]["variants"] = json!([{"body": "Hi, version B."}, {"body": "Version C."}]);
    v["footer"] =
        json!({"enabled": false, "text": "Reply “unsubscribe” to stop.", "language": "de"});
    let s = check(v.clone()).unwrap();
    let Step::Email(e) = &s.steps[0] else {
        panic!("email")
    };
    assert_eq!(e.version_count(), 3);
    assert_eq!(e.version(2).body, "Version C.");
    assert_eq!(e.version(0).body, "Hi {{first_name|there}}, following up.");
    let f = s.first_email.as_ref().unwrap();
    assert_eq!(f.version(1).subject, Some("Idea for {{company|your team}}"));
    assert!(!s.footer.enabled);
    assert_eq!(s.footer.language, Language::De);
    assert_eq!(serde_json::to_value(&s).unwrap(), v);
}

#[test]
fn sequence_craft_fields_default_when_absent() {
    let s = check(base()).unwrap();
    assert!(s.first_email.is_none());
    assert!(s.footer.enabled, "the footer is on by default");
    assert_eq!(s.footer.language, Language::En);
    // Untouched defaults are left out, so an older sequence keeps its exact JSON.
    assert_eq!(serde_json::to_value(&s).unwrap(), base());
}

#[test]
fn sequence_variant_without_subject_keeps_the_control_subject() {
    let mut v = base();
    v["steps"][1]["variants"] = json!([{"body": "B"}]);
    let s = check(v).unwrap();
    let Step::Email(e) = &s.steps[1] else {
        panic!("email")
    };
    assert_eq!(e.version(1).subject, Some("New idea"));
    assert_eq!(e.version(1).body, "B");
}

#[test]
fn sequence_variant_errors_name_the_field() {
    let mut v = base();
    v["steps"][0]["variants"] = json!([{"body": "B"}, {"body": "  "}]);
    assert_eq!(check(v).unwrap_err().field, "steps[0].variants[1].body");

    let mut v = base();
    v["steps"][1]["variants"] = json!([{"body": "Hi {{first_name"}]);
    assert_eq!(check(v).unwrap_err().field, "steps[1].variants[0].body");

    let mut v = base();
    v["steps"][0]["variants"] = json!([{"subject": "Other", "body": "B"}]);
    assert_eq!(check(v).unwrap_err().field, "steps[0].variants[0].subject");

    let mut v = base();
    v["steps"][0]["variants"] = json!([{"body": "B", "colour": "red"}]);
    let e = check(v).unwrap_err();
    assert_eq!(e.field, "steps[0].variants[0].colour", "{e:?}");

    let mut v = base();
    let many: Vec<Value> = (0..=MAX_VARIANTS)
        .map(|i| json!({"body": format!("V{i}")}))
        .collect();
    v["steps"][0]["variants"] = json!(many);
    assert_eq!(check(v).unwrap_err().field, "steps[0].variants");
}

#[test]
fn sequence_task_step_has_no_variants() {
    let mut v = base();
    v["steps"][0] = json!({"kind": "task", "channel": "call", "delay": {"days": 1},
        "variants": [{"body": "B"}]});
    let e = check(v).unwrap_err();
    assert!(e.field.starts_with("steps[0]"), "{e:?}");
    assert!(e.message.contains("variants"), "{e:?}");
}

#[test]
fn sequence_first_email_errors_name_the_field() {
    let mut v = base();
    v["firstEmail"] = json!({"subject": " ", "body": "Hi"});
    assert_eq!(check(v).unwrap_err().field, "firstEmail.subject");

    let mut v = base();
    v["firstEmail"] = json!({"subject": "Hi", "body": ""});
    assert_eq!(check(v).unwrap_err().field, "firstEmail.body");

    let mut v = base();
    v["firstEmail"] = json!({"body": "Hi"});
    assert_eq!(check(v).unwrap_err().field, "firstEmail.subject");

    let mut v = base();
    v["firstEmail"] =
        json!({"subject": "Hi", "body": "Hi", "variants": [{"subject": "", "body": "B"}]});
    assert_eq!(
        check(v).unwrap_err().field,
        "firstEmail.variants[0].subject"
    );
}

#[test]
fn sequence_footer_errors_name_the_field() {
    let mut v = base();
    v["footer"] = json!({"text": ""});
    assert_eq!(check(v).unwrap_err().field, "footer.text");

    let mut v = base();
    v["footer"] = json!({"language": "klingon"});
    assert_eq!(check(v).unwrap_err().field, "footer.language");

    let mut v = base();
    v["footer"] = json!({"enabled": true, "extra": 1});
    assert_eq!(check(v).unwrap_err().field, "footer.extra");
}
