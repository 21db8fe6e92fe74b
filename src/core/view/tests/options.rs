use super::*;
use crate::core::view::{
    control_field, field_label, field_of_error, normalize_origin, preview, sequence_rows, Kind,
    OriginError, SequenceAction,
};

#[test]
fn options_preview_gives_exact_instants_in_the_user_zone() {
    let spec = SequenceSpec::parse(json!({"name": "p",
        "window": {"days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "17:00",
                   "timeZone": "Europe/Berlin"},
        "steps": [{"kind": "email", "thread": "same", "delay": {"days": 1}, "body": "x"},
                  {"kind": "task", "channel": "linkedin", "delay": {"hours": 2}}]}))
    .unwrap();
    let berlin = jiff::tz::db().get("Europe/Berlin").unwrap();
    // Thursday 10:00 in Berlin; the user reads times in New York.
    let c = ctx("2026-11-26T09:00:00Z", "America/New_York");
    let lines = preview(&spec, &berlin, &c);
    let expected = crate::core::schedule::preview(&spec, berlin.clone(), c.now);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].due.at, expected[0]);
    assert_eq!(lines[0].due.datetime, "2026-11-27T09:00:00Z");
    assert_eq!(lines[0].due.label, "Tomorrow 04:00");
    assert_eq!(
        lines[0].window_local.as_deref(),
        Some("Fri 10:00 Europe/Berlin")
    );
    assert_eq!(lines[0].delay, "1 day after enrolling");
    assert_eq!(lines[1].due.datetime, "2026-11-27T11:00:00Z");
    assert_eq!(lines[1].kind, Kind::Linkedin);
    assert_eq!(lines[1].delay, "2 hours after the previous step");
    // Same zone: no second rendering.
    let same = preview(
        &spec,
        &berlin,
        &ctx("2026-11-26T09:00:00Z", "Europe/Berlin"),
    );
    assert_eq!(same[0].window_local, None);
}

#[test]
fn options_field_of_error_splits_sequence_paths_only() {
    assert_eq!(
        field_of_error("steps[1].delay: at most one year"),
        (Some("steps[1].delay".into()), "at most one year".into())
    );
    assert_eq!(
        field_of_error("window.timeZone: unknown time zone \"Mars/Olympus\""),
        (
            Some("window.timeZone".into()),
            "unknown time zone \"Mars/Olympus\"".into()
        )
    );
    let plain = "there is no sequence with id s-1: sorry";
    assert_eq!(field_of_error(plain), (None, plain.into()));
    let sentence = "“Intro” is paused; resume the sequence first";
    assert_eq!(field_of_error(sentence), (None, sentence.into()));
}

#[test]
fn options_control_field_falls_back_to_enclosing_controls() {
    assert_eq!(
        control_field("steps[1].delay.hours"),
        vec![
            "steps[1].delay.hours",
            "steps[1].delay",
            "steps[1]",
            "steps"
        ]
    );
    assert_eq!(
        control_field("window.days[1]"),
        vec!["window.days[1]", "window.days", "window"]
    );
    assert_eq!(control_field("name"), vec!["name"]);
}

#[test]
fn options_normalize_origin_keeps_scheme_host_and_port() {
    assert_eq!(
        normalize_origin(" https://Mail.Example.org/roundcube/?_task=mail ").unwrap(),
        "https://mail.example.org"
    );
    assert_eq!(
        normalize_origin("mail.example.org").unwrap(),
        "https://mail.example.org"
    );
    assert_eq!(
        normalize_origin("http://127.0.0.1:8080/").unwrap(),
        "http://127.0.0.1:8080"
    );
    assert_eq!(normalize_origin(""), Err(OriginError::Empty));
    assert!(matches!(
        normalize_origin("ftp://x.org"),
        Err(OriginError::Scheme(_))
    ));
    assert!(matches!(
        normalize_origin("https://"),
        Err(OriginError::NoHost(_))
    ));
    assert!(matches!(
        normalize_origin("https://a b.org"),
        Err(OriginError::NoHost(_))
    ));
}

#[test]
fn options_sequence_rows_order_by_state_and_offer_allowed_actions() {
    let mut st = state_with(vec![enrollment("e-1", "a@x.com", "")]);
    let mut spec = design_spec();
    spec.name = "Archived one".into();
    st.sequences.insert(
        SequenceId::from("s-0"),
        sequence("s-0", spec.clone(), SequenceState::Archived),
    );
    spec.name = "b paused".into();
    st.sequences.insert(
        SequenceId::from("s-2"),
        sequence("s-2", spec, SequenceState::Paused),
    );
    let rows = sequence_rows(&st);
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, vec!["Intro", "b paused", "Archived one"]);
    assert_eq!(rows[0].window, "Mon–Fri 09:00–17:00, Europe/Berlin");
    assert_eq!(rows[0].enrolled, 1);
    assert_eq!(rows[0].steps, 3);
    assert!(rows[1].actions.contains(&SequenceAction::Resume));
    assert_eq!(rows[2].actions, vec![SequenceAction::Duplicate]);
}

#[test]
fn options_field_label_names_fields_in_words() {
    assert_eq!(field_label("steps[1].delay"), "Step 2: wait");
    assert_eq!(field_label("steps[0].delay.hours"), "Step 1: wait");
    assert_eq!(field_label("steps[2]"), "Step 3");
    assert_eq!(field_label("limits.dailyCap"), "Daily cap");
    assert_eq!(field_label("window.timeZone"), "Time zone");
    assert_eq!(field_label("window.days[1]"), "Send on");
    assert_eq!(field_label("holidays[0]"), "Holiday 1");
    assert_eq!(field_label("name"), "Name");
}
