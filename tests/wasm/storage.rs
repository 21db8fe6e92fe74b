use crate::stub;
use mailseq::browser::storage::{subscribe, Storage};
use mailseq::core::ports::{Batch, StorePort};
use mailseq::core::sequence::{Sequence, SequenceSpec, SequenceState};
use mailseq::core::store::Record;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn sequence(id: &str) -> Record {
    let spec = SequenceSpec::parse(serde_json::json!({
        "name": id,
        "window": {"days": ["mon"], "from": "09:00", "to": "17:00", "timeZone": "UTC"},
        "steps": [{"kind": "task", "channel": "call", "delay": {"days": 1}}]
    }))
    .unwrap();
    Record::Sequence(Box::new(Sequence {
        id: id.into(),
        spec,
        state: SequenceState::Active,
        rev: 0,
        created_at: jiff::Timestamp::from_millisecond(1_700_000_000_000).unwrap(),
    }))
}

#[wasm_bindgen_test]
async fn a_batch_is_one_set_call_plus_one_remove() {
    stub::install();
    let store = Storage;
    let batch: Batch = vec![
        ("seq:a".into(), Some(sequence("a"))),
        ("seq:b".into(), Some(sequence("b"))),
        ("seq:gone".into(), None),
    ];
    store.write(batch).await.unwrap();
    assert_eq!(stub::count("set"), 1);
    assert_eq!(stub::count("remove"), 1);
    assert_eq!(stub::set_keys(), vec!["seq:a", "seq:b"]);
}

#[wasm_bindgen_test]
async fn records_are_plain_objects_with_numbers_and_load_back() {
    stub::install();
    let store = Storage;
    store
        .write(vec![("seq:a".into(), Some(sequence("a")))])
        .await
        .unwrap();
    let value = store.get("seq:a").await.unwrap().unwrap();
    // json_compatible: a plain object (not a Map) and the timestamp as a number.
    assert!(value.is_object() && !value.is_instance_of::<js_sys::Map>());
    let created = js_sys::Reflect::get(&value, &JsValue::from_str("createdAt")).unwrap();
    assert_eq!(created.as_f64(), Some(1_700_000_000_000.0));
    // The load at start reads every record back as JSON values.
    let all = store.load_all().await.unwrap();
    assert_eq!(all.keys().collect::<Vec<_>>(), vec!["seq:a"]);
    assert_eq!(all["seq:a"]["createdAt"], 1_700_000_000_000u64);
    let back: Sequence = serde_json::from_value(all["seq:a"].clone()).unwrap();
    assert_eq!(back.id.as_str(), "a");
}

#[wasm_bindgen_test]
async fn an_empty_batch_makes_no_call() {
    stub::install();
    Storage.write(Vec::new()).await.unwrap();
    assert_eq!(stub::count("set") + stub::count("remove"), 0);
}

#[wasm_bindgen_test]
async fn on_changed_listener_is_removed_on_drop() {
    stub::install();
    let seen = Rc::new(RefCell::new(Vec::<String>::new()));
    let sink = seen.clone();
    let sub =
        subscribe(move |changes| sink.borrow_mut().extend(changes.into_iter().map(|c| c.key)))
            .unwrap();
    assert_eq!(stub::listener_count(), 1);
    Storage
        .set_one("k1", &JsValue::from_f64(1.0))
        .await
        .unwrap();
    stub::next_task().await;
    assert_eq!(*seen.borrow(), vec!["k1"]);

    drop(sub);
    assert_eq!(stub::listener_count(), 0);
    Storage
        .set_one("k2", &JsValue::from_f64(2.0))
        .await
        .unwrap();
    stub::next_task().await;
    assert_eq!(*seen.borrow(), vec!["k1"], "no call after drop");
}
