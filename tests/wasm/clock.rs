use crate::stub;
use mailseq::browser::clock::Clock;
use mailseq::browser::storage::Storage;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn an_unfrozen_clock_follows_the_browser() {
    stub::install();
    let clock = Clock::load(&Storage).await.unwrap();
    let diff = clock.now_ms() - js_sys::Date::now() as i64;
    assert!(diff.abs() < 1000);
}

#[wasm_bindgen_test]
async fn a_frozen_clock_is_stored_and_survives_a_reload() {
    stub::install();
    let clock = Clock::load(&Storage).await.unwrap();
    clock.set_now(&Storage, 1_000_000).await.unwrap();
    assert_eq!(clock.advance(&Storage, 500).await.unwrap(), 1_000_500);
    assert_eq!(clock.now_ms(), 1_000_500);
    // A new worker: a fresh Clock read from storage.
    let restarted = Clock::load(&Storage).await.unwrap();
    assert_eq!(restarted.now_ms(), 1_000_500);
    assert!(restarted.is_frozen());
}
