//! A page's incremental state follows storage changes to the same result as a full load.
use super::*;
use crate::core::store::{Key, Record};
use crate::core::view::{load_state, LiveState};
use serde_json::Value;

fn value(r: &Record) -> Value {
    serde_json::to_value(r).unwrap()
}

#[test]
fn view_live_state_matches_a_full_load_after_changes() {
    let st = state_with(vec![
        enrollment("e-1", "a@x.com", "A"),
        enrollment("e-2", "b@x.com", "B"),
    ]);
    let mut stored: Vec<(String, Value)> = Vec::new();
    for k in [
        Key::Sequence(SequenceId::from("s-1")),
        Key::Enrollment(EnrollmentId::from("e-1")),
        Key::Enrollment(EnrollmentId::from("e-2")),
        Key::Settings,
    ] {
        stored.push((k.to_key(), value(&st.record(&k).unwrap())));
    }
    let mut live = LiveState::default();
    live.apply(stored.iter().map(|(k, v)| (k.clone(), Some(v.clone()))));
    let held = live.state();
    // One enrollment changes, one goes away, one record is unreadable, the data turns newer.
    let mut e1 = st.enrollments[&EnrollmentId::from("e-1")].clone();
    e1.status = Status::Paused;
    let changes = vec![
        (
            "enr:e-1".to_owned(),
            Some(value(&Record::Enrollment(Box::new(e1)))),
        ),
        ("enr:e-2".to_owned(), None),
        (
            "enr:e-3".to_owned(),
            Some(serde_json::json!({"nonsense": true})),
        ),
        (
            "meta".to_owned(),
            Some(serde_json::json!({"schemaVersion": 99})),
        ),
        ("testClock".to_owned(), Some(serde_json::json!(5))),
    ];
    live.apply(changes.clone());
    // What the page held before is untouched (copy on write).
    assert_eq!(held.enrollments.len(), 2);
    let now = live.state();
    let mut all: std::collections::BTreeMap<String, Value> = stored.into_iter().collect();
    for (k, v) in changes {
        match v {
            Some(v) => all.insert(k, v),
            None => all.remove(&k),
        };
    }
    let full = load_state(all);
    assert_eq!(now.enrollments, full.enrollments);
    assert_eq!(now.sequences, full.sequences);
    assert_eq!(now.unreadable, full.unreadable);
    assert_eq!(now.read_only, full.read_only);
    assert!(now.read_only.is_some());
    assert_eq!(
        now.enrollments[&EnrollmentId::from("e-1")].status,
        Status::Paused
    );
    live.apply(vec![("meta".to_owned(), None::<Value>)]);
    assert!(live.state().read_only.is_none());
}
