use crate::stub;
use mailseq::browser::alarms::{arm, clear, scheduled, Armed};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn an_alarm_already_set_to_the_same_time_is_not_reset() {
    stub::install();
    let t = 1_800_000_000_000;
    assert_eq!(arm("wake", t).await.unwrap(), Armed::Set);
    assert_eq!(arm("wake", t).await.unwrap(), Armed::AlreadySet);
    assert_eq!(stub::count("alarmsCreate"), 1);
    assert_eq!(scheduled("wake").await.unwrap(), Some(t));
}

#[wasm_bindgen_test]
async fn an_alarm_set_to_another_time_is_moved() {
    stub::install();
    arm("wake", 1_800_000_000_000).await.unwrap();
    assert_eq!(arm("wake", 1_800_000_060_000).await.unwrap(), Armed::Set);
    assert_eq!(scheduled("wake").await.unwrap(), Some(1_800_000_060_000));
    assert!(clear("wake").await.unwrap());
    assert_eq!(scheduled("wake").await.unwrap(), None);
}
