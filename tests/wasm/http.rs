use mailseq::browser::http::{fetch, form_encode};
use mailseq::mail::http::{HttpBody, HttpError, HttpRequest};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn forms_are_encoded_as_a_browser_posts_them() {
    let fields = vec![
        ("_task".to_owned(), "mail".to_owned()),
        ("_subject".to_owned(), "Re: a & b = c".to_owned()),
    ];
    assert_eq!(
        form_encode(&fields),
        "_task=mail&_subject=Re%3A+a+%26+b+%3D+c"
    );
}

#[wasm_bindgen_test]
async fn a_get_returns_status_url_headers_and_text() {
    // The test page's own origin serves the wasm-bindgen-test page itself.
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let resp = fetch(&HttpRequest::get(format!("{origin}/")), 10_000)
        .await
        .unwrap();
    assert_eq!(resp.status, 200);
    assert!(resp.url.starts_with(&origin));
    assert!(resp.header("Content-Type").is_some(), "{:?}", resp.headers);
    assert!(!resp.body.is_empty());
}

#[wasm_bindgen_test]
async fn an_unreachable_server_is_a_network_error() {
    // Port 9 (discard): closed on loopback, and a port Chromium refuses anyway.
    let req = HttpRequest::post("http://127.0.0.1:9/", HttpBody::Form(Vec::new()));
    match fetch(&req, 10_000).await {
        Err(HttpError::Network(_)) => {}
        other => panic!("{other:?}"),
    }
}
