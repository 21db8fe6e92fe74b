use crate::stub::{self, EXTENSION_ID};
use mailseq::browser::messaging::{
    classify, origin_of, validate, MessageError, OriginPolicy, Sender, SenderInfo, TabInfo,
};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// A stand-in for the lead's request enum: same serde shape.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
enum Req {
    Ping { n: u32 },
    Tick,
}

fn base() -> String {
    format!("chrome-extension://{EXTENSION_ID}/")
}

fn js(v: serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

fn content(url: &str) -> serde_json::Value {
    serde_json::json!({"id": EXTENSION_ID, "url": url, "origin": origin_of(url), "tab": {"id": 7}, "frameId": 0})
}

#[wasm_bindgen_test]
fn our_pages_are_recognised_in_any_tab() {
    let info = SenderInfo {
        id: Some(EXTENSION_ID.into()),
        url: Some(format!("{}sidepanel.html", base())),
        tab: Some(TabInfo { id: Some(3) }),
        ..Default::default()
    };
    let who = classify(&info, EXTENSION_ID, &base(), &OriginPolicy::new(&[])).unwrap();
    assert!(matches!(who, Sender::Page { .. }));
}

#[wasm_bindgen_test]
fn a_foreign_origin_is_rejected() {
    stub::install();
    let r = validate::<Req>(
        js(serde_json::json!({"type": "tick"})),
        js(content("https://evil.example/inbox")),
        &OriginPolicy::new(&[]),
    );
    assert_eq!(
        r.unwrap_err(),
        MessageError::ForeignOrigin("https://evil.example".into())
    );
}

#[wasm_bindgen_test]
fn another_extension_is_rejected() {
    stub::install();
    let mut sender = content("https://mail.google.com/mail/u/0/");
    sender["id"] = "someoneelse".into();
    let r = validate::<Req>(
        js(serde_json::json!({"type": "tick"})),
        js(sender),
        &OriginPolicy::new(&[]),
    );
    assert_eq!(r.unwrap_err(), MessageError::ForeignExtension);
}

#[wasm_bindgen_test]
fn allowed_webmail_origins_pass() {
    stub::install();
    let policy = OriginPolicy::new(&["https://mail.example.org/".into()]);
    for url in [
        "https://mail.google.com/mail/u/1/#inbox",
        "https://mail.example.org/?_task=mail",
    ] {
        let (who, req) = validate::<Req>(
            js(serde_json::json!({"type": "ping", "n": 2})),
            js(content(url)),
            &policy,
        )
        .unwrap();
        assert_eq!(req, Req::Ping { n: 2 });
        assert!(
            matches!(
                who,
                Sender::Content {
                    tab_id: Some(7),
                    ..
                }
            ),
            "{url}"
        );
    }
}

#[wasm_bindgen_test]
fn loopback_is_allowed_only_in_test_builds() {
    let policy = OriginPolicy::new(&[]);
    assert_eq!(
        policy.allows("http://127.0.0.1:18765"),
        cfg!(feature = "test-hooks")
    );
    assert!(!policy.allows("http://127.0.0.1.evil.example"));
    assert!(!policy.allows("https://localhost:abc"));
}

#[wasm_bindgen_test]
fn malformed_messages_are_rejected_with_the_field_named() {
    stub::install();
    let policy = OriginPolicy::new(&[]);
    let sender = || js(content("https://mail.google.com/mail/u/0/"));
    let cases = [
        (
            serde_json::json!({"type": "launchMissiles"}),
            "unknown variant",
        ),
        // Internally tagged enums buffer their content, so serde cannot give this one a path.
        (
            serde_json::json!({"type": "ping", "n": "two"}),
            "expected u32",
        ),
        (
            serde_json::json!({"type": "ping", "n": 1, "extra": true}),
            "extra",
        ),
        (serde_json::json!("tick"), "type"),
    ];
    for (msg, expected) in cases {
        let err = validate::<Req>(js(msg.clone()), sender(), &policy).unwrap_err();
        let MessageError::Schema(text) = &err else {
            panic!("{msg}: {err:?}");
        };
        assert!(text.contains(expected), "{msg}: {text}");
    }
}
