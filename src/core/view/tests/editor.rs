use super::*;
use crate::core::time::Zones;
use crate::core::view::{DelayUnit, SequenceForm, StepChoice, StepForm};

#[test]
fn editor_form_round_trips_the_design_sequence() {
    let spec = design_spec();
    let form = SequenceForm::from_spec(&spec);
    assert_eq!(form.days, [true, true, true, true, true, false, false]);
    assert_eq!(form.steps[0].choice, StepChoice::SameThread);
    assert_eq!(form.steps[0].unit, DelayUnit::BusinessDays);
    assert_eq!(form.steps[1].choice, StepChoice::Call);
    assert_eq!(form.steps[2].subject, "One more idea");
    assert_eq!(form.to_spec().unwrap(), spec);
}

#[test]
fn editor_new_form_is_a_valid_sequence_once_named() {
    let mut form = SequenceForm::new("Europe/Berlin");
    let err = form
        .to_spec()
        .unwrap()
        .validate(&Zones::default())
        .unwrap_err();
    assert_eq!(err.field, "name");
    form.name = "Follow-up".into();
    form.steps.push(StepForm::new(StepChoice::Linkedin));
    let spec = form.to_spec().unwrap();
    spec.validate(&Zones::default()).unwrap();
    assert_eq!(spec.limits.daily_cap, 150);
    assert!(spec.steps[1].is_task());
}

#[test]
fn editor_number_errors_name_the_field() {
    let mut form = SequenceForm::from_spec(&design_spec());
    form.daily_cap = "lots".into();
    assert_eq!(form.to_spec().unwrap_err().field, "limits.dailyCap");
    let mut form = SequenceForm::from_spec(&design_spec());
    form.steps[2].amount = "-1".into();
    assert_eq!(form.to_spec().unwrap_err().field, "steps[2].delay");
}

#[test]
fn editor_parse_and_validation_errors_name_form_fields() {
    let mut form = SequenceForm::from_spec(&design_spec());
    form.from = "9am".into();
    assert_eq!(form.to_spec().unwrap_err().field, "window.from");
    let mut form = SequenceForm::from_spec(&design_spec());
    form.holidays = vec!["2026-02-30".into()];
    assert_eq!(form.to_spec().unwrap_err().field, "holidays[0]");
    let mut form = SequenceForm::from_spec(&design_spec());
    form.steps[2].subject = "  ".into();
    let err = form
        .to_spec()
        .unwrap()
        .validate(&Zones::default())
        .unwrap_err();
    assert_eq!(err.field, "steps[2].subject");
}

#[test]
fn editor_switching_a_step_kind_keeps_only_that_kinds_fields() {
    let mut form = SequenceForm::from_spec(&design_spec());
    form.steps[0].choice = StepChoice::Other;
    form.steps[0].note = "Check their site".into();
    let v = form.to_value().unwrap();
    assert_eq!(
        v["steps"][0],
        json!({"kind": "task", "channel": "other", "delay": {"businessDays": 2},
               "note": "Check their site"})
    );
}

#[test]
fn editor_keeps_fields_it_does_not_show_when_saving_an_edit() {
    let mut v = serde_json::to_value(design_spec()).unwrap();
    v["firstEmail"] = json!({"subject": "Hello {{first_name|there}}", "body": "First note."});
    v["footer"] = json!({"enabled": false});
    v["steps"][0]["variants"] = json!([{"body": "Version B"}]);
    let spec = SequenceSpec::parse(v.clone()).unwrap();
    let mut form = SequenceForm::from_spec(&spec);
    form.name = "Renamed".into();
    // Reordering carries a step's hidden fields with it.
    form.steps.swap(0, 1);
    let back = serde_json::to_value(form.to_spec().unwrap()).unwrap();
    assert_eq!(back["firstEmail"], v["firstEmail"]);
    assert_eq!(back["footer"], v["footer"]);
    assert_eq!(back["steps"][1]["variants"], v["steps"][0]["variants"]);
    assert_eq!(back["name"], "Renamed");
    // A step turned into a task drops email-only fields instead of failing to parse.
    let mut form = SequenceForm::from_spec(&spec);
    form.steps[0].choice = StepChoice::Call;
    let back = serde_json::to_value(form.to_spec().unwrap()).unwrap();
    assert!(back["steps"][0].get("variants").is_none());
}
