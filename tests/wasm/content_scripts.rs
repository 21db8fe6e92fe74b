use crate::stub;
use mailseq::browser::content_scripts::reconcile;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn granted_origins_get_the_roundcube_script_and_revoked_ones_lose_it() {
    stub::install();
    stub::grant("https://a.example/*");
    stub::grant("https://b.example/*");
    let origins = vec![
        "https://a.example".to_owned(),
        "https://b.example/".to_owned(),
    ];
    assert!(reconcile(&origins).await.unwrap().is_empty());
    assert_eq!(
        stub::script_ids(),
        vec!["roundcube:https://a.example", "roundcube:https://b.example"]
    );
    // Running again changes nothing (a duplicate registration would throw).
    reconcile(&origins).await.unwrap();

    stub::revoke("https://b.example/*");
    let revoked = reconcile(&origins).await.unwrap();
    assert_eq!(revoked, vec!["https://b.example/"]);
    assert_eq!(stub::script_ids(), vec!["roundcube:https://a.example"]);
}
