use super::*;
use crate::core::ports::{MailError, MailPort, WatchSet};
use crate::mail::gmail::client::{JITTER_MS, MAX_WAIT_MS};
use crate::mail::gmail::errors::retry_after_ms;
use crate::mail::http::{HttpError, HttpResponse};

fn idle_account() -> Account {
    alice(Some(param("history-idle", "startHistoryId")))
}

fn sync_err(rig: &Rig) -> MailError {
    run(rig.gmail().sync(
        &idle_account(),
        &WatchSet::from(vec![watched(Some(thread_id()))]),
    ))
    .unwrap_err()
}

#[test]
fn gmail_429_retry_after_is_honoured() {
    let rig = Rig::new();
    rig.http.expect("error-429").expect("history-idle");
    let got = run(rig.gmail().sync(
        &idle_account(),
        &WatchSet::from(vec![watched(Some(thread_id()))]),
    ));
    assert!(got.is_ok());
    let slept = rig.clock.slept.borrow().clone();
    assert_eq!(slept.len(), 1);
    assert!(
        (7000..=7000 + u64::from(JITTER_MS)).contains(&slept[0]),
        "Retry-After: 7 plus jitter, slept {slept:?}"
    );
}

#[test]
fn gmail_503_backs_off_with_jitter_then_reads() {
    let rig = Rig::new();
    let mut no_header = fixture("error-503").response();
    no_header.headers.clear();
    rig.http.answer(no_header).expect("thread");
    let got = run(rig
        .gmail()
        .read_thread(&alice(None), &watched(Some(thread_id()))));
    assert_eq!(got.unwrap().len(), 4);
    let slept = rig.clock.slept.borrow()[0];
    assert!(
        (1000..=1000 + u64::from(JITTER_MS)).contains(&slept),
        "{slept}"
    );
}

#[test]
fn gmail_persistent_429_gives_up_with_the_delay() {
    let rig = Rig::new();
    for _ in 0..3 {
        rig.http.expect("error-429");
    }
    match sync_err(&rig) {
        MailError::RateLimited { retry_after_ms, .. } => assert_eq!(retry_after_ms, Some(7000)),
        e => panic!("{e:?}"),
    }
    assert_eq!(rig.clock.slept.borrow().len(), 2, "three tries in all");
}

#[test]
fn gmail_long_retry_after_is_reported_not_slept() {
    const { assert!(120_000 > MAX_WAIT_MS) };
    let rig = Rig::new();
    let mut r = fixture("error-429").response();
    r.headers = vec![("retry-after".into(), "120".into())];
    rig.http.answer(r);
    match sync_err(&rig) {
        MailError::RateLimited { retry_after_ms, .. } => {
            assert_eq!(retry_after_ms, Some(120_000));
        }
        e => panic!("{e:?}"),
    }
    assert!(rig.clock.slept.borrow().is_empty());
}

#[test]
fn gmail_retry_after_as_http_date_or_in_googles_message() {
    let now: jiff::Timestamp = "2026-11-27T10:00:00Z".parse().unwrap();
    let mut r = fixture("error-429").response();
    r.headers = vec![("Retry-After".into(), "Fri, 27 Nov 2026 10:00:30 GMT".into())];
    assert_eq!(retry_after_ms(&r, now), Some(30_000));
    // Cross-origin fetch may hide the header: Google's message says when.
    r.headers.clear();
    let said = fixture("error-429").body()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    let at: jiff::Timestamp = said.rsplit(' ').next().unwrap().parse().unwrap();
    let expected = (at.as_millisecond() - now.as_millisecond()).max(0);
    assert_eq!(retry_after_ms(&r, now), Some(expected));
}

#[test]
fn gmail_429_on_send_is_not_retried() {
    let rig = Rig::new();
    let mut r = fixture("error-429").response();
    r.url = fixture("send-followup").request.url;
    rig.http.answer(r);
    let got = run(rig.gmail().send(&alice(None), &follow_up()));
    assert!(matches!(
        got,
        Err(MailError::RateLimited {
            retry_after_ms: Some(7000),
            ..
        })
    ));
    assert_eq!(rig.http.requests.borrow().len(), 1);
    assert!(rig.clock.slept.borrow().is_empty());
}

#[test]
fn gmail_401_is_session_expired() {
    let rig = Rig::new();
    rig.http.expect("error-401").expect("error-401");
    let e = sync_err(&rig);
    assert!(
        matches!(&e, MailError::SessionExpired(m) if m.contains("reconnect")),
        "{e:?}"
    );
    assert!(e.blocks_account());
    assert_eq!(rig.tokens.invalidated.get(), 2);
}

#[test]
fn gmail_401_once_renews_the_token_silently() {
    let rig = Rig::new();
    rig.http.expect("error-401").expect("history-idle");
    run(rig.gmail().sync(
        &idle_account(),
        &WatchSet::from(vec![watched(Some(thread_id()))]),
    ))
    .unwrap();
    let auth: Vec<String> = rig
        .http
        .requests
        .borrow()
        .iter()
        .map(|r| r.headers[0].1.clone())
        .collect();
    assert_eq!(auth, ["Bearer ya29.fake-0", "Bearer ya29.fake-1"]);
}

#[test]
fn gmail_token_that_needs_the_user_is_session_expired() {
    let rig = Rig::new();
    *rig.tokens.refuse.borrow_mut() = Some(AuthError::InteractionRequired("login_required".into()));
    assert!(matches!(sync_err(&rig), MailError::SessionExpired(_)));
    assert_eq!(rig.http.requests.borrow().len(), 0);
}

#[test]
fn gmail_403_insufficient_scope_is_session_expired_with_a_sentence() {
    let rig = Rig::new();
    rig.http.expect("error-403-scope");
    let e = run(rig.gmail().send(&alice(None), &follow_up())).unwrap_err();
    assert!(
        matches!(&e, MailError::SessionExpired(m) if m.contains("allow both")),
        "{e:?}"
    );
}

#[test]
fn gmail_403_for_another_google_account_names_the_account() {
    let rig = Rig::new();
    rig.http.expect("error-403-delegation");
    let e = sync_err(&rig);
    assert!(
        matches!(&e, MailError::SessionExpired(m) if m.contains("choose alice@gmail.test")),
        "{e:?}"
    );
}

#[test]
fn gmail_400_is_rejected_with_googles_message() {
    let rig = Rig::new();
    let mut r = fixture("error-400-send").response();
    r.url = fixture("send-followup").request.url;
    rig.http.answer(r);
    let e = run(rig.gmail().send(&alice(None), &follow_up())).unwrap_err();
    assert_eq!(
        e,
        MailError::Rejected("Gmail refused the request: Recipient address required".into())
    );
    assert!(!e.is_retryable());
}

#[test]
fn gmail_network_failure_is_unreachable() {
    let rig = Rig::new();
    rig.http.fail(HttpError::Network("Failed to fetch".into()));
    assert!(matches!(sync_err(&rig), MailError::Unreachable(m) if m.contains("Failed to fetch")));
}

#[test]
fn gmail_unexpected_status_is_a_protocol_error() {
    let rig = Rig::new();
    rig.http.answer(HttpResponse {
        status: 302,
        url: String::new(),
        headers: Vec::new(),
        body: String::new(),
    });
    assert!(matches!(sync_err(&rig), MailError::Protocol(_)));
}
