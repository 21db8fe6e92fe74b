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

/// What the load at start reads when it cannot take the fast path: every value as JSON.
async fn load_all(store: &Storage) -> std::collections::BTreeMap<String, serde_json::Value> {
    let (all, text) = store.load_all().await.unwrap();
    mailseq::browser::js::json_entries(&all, &text).unwrap()
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
async fn records_are_stored_as_json_text_and_load_back() {
    stub::install();
    let store = Storage;
    store
        .write(vec![
            ("seq:a".into(), Some(sequence("a"))),
            (
                "meta".into(),
                Some(Record::Meta(mailseq::core::store::Meta {
                    schema_version: 3,
                })),
            ),
        ])
        .await
        .unwrap();
    // Layout v3: a record is its JSON text, timestamps as numbers; `meta` stays an object so
    // that older builds still see the version.
    let text = store
        .get("seq:a")
        .await
        .unwrap()
        .unwrap()
        .as_string()
        .unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed["createdAt"], 1_700_000_000_000u64);
    let meta = store.get("meta").await.unwrap().unwrap();
    assert!(meta.is_object() && !meta.is_instance_of::<js_sys::Map>());
    // The load at start reads every record back as JSON values, whichever form it is in.
    let all = load_all(&store).await;
    assert_eq!(all.keys().collect::<Vec<_>>(), vec!["meta", "seq:a"]);
    assert_eq!(all["seq:a"]["createdAt"], 1_700_000_000_000u64);
    assert_eq!(all["meta"]["schemaVersion"], 3);
    let back: Sequence = serde_json::from_value(all["seq:a"].clone()).unwrap();
    assert_eq!(back.id.as_str(), "a");
    // And one record read alone.
    let one = store.read("seq:a").await.unwrap().unwrap();
    assert_eq!(one, sequence("a"));
}

#[wasm_bindgen_test]
async fn a_value_that_is_not_json_text_is_kept_as_it_is_and_the_rest_loads() {
    stub::install();
    let store = Storage;
    store
        .write(vec![("seq:a".into(), Some(sequence("a")))])
        .await
        .unwrap();
    let old_form = js_sys::JSON::parse(r#"{"id": "o", "spec": 1}"#).unwrap();
    store.set_one("seq:old", &old_form).await.unwrap();
    store
        .set_one("seq:broken", &JsValue::from_str("{not json"))
        .await
        .unwrap();
    store
        .set_one("notOurs", &JsValue::from_str("1,2"))
        .await
        .unwrap();
    let all = load_all(&store).await;
    assert_eq!(all["seq:a"]["createdAt"], 1_700_000_000_000u64);
    assert_eq!(all["seq:old"], serde_json::json!({"id": "o", "spec": 1}));
    assert_eq!(all["seq:broken"], serde_json::json!("{not json"));
    assert_eq!(all["notOurs"], serde_json::json!("1,2"));
}

#[wasm_bindgen_test]
async fn the_load_at_start_leaves_the_enrolling_emails_texts_out() {
    stub::install();
    let store = Storage;
    let body = Record::Body(mailseq::core::store::Body {
        text: "Hi there".into(),
    });
    store
        .write(vec![
            ("seq:a".into(), Some(sequence("a"))),
            ("body:e".into(), Some(body)),
        ])
        .await
        .unwrap();
    store
        .set_one("testClock", &JsValue::from_f64(5.0))
        .await
        .unwrap();
    let all = load_all(&store).await;
    assert_eq!(all.keys().collect::<Vec<_>>(), vec!["seq:a", "testClock"]);
    // The text is still there for the follow-up that quotes it.
    assert!(store.read("body:e").await.unwrap().is_some());
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
