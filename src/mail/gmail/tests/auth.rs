use super::*;
use crate::mail::fake_http::{assert_same_request, url_key};
use crate::mail::gmail::auth::*;

const CLIENT: &str = "test-client.apps.googleusercontent.com";
const EXTENSION: &str = "abcdefghijklmnopabcdefghijklmnop";
/// SHA-256 of the recorded verifier (computed outside; the browser uses crypto.subtle).
const VERIFIER_SHA256: [u8; 32] = [
    101, 145, 200, 28, 140, 128, 132, 113, 146, 208, 66, 39, 186, 211, 199, 77, 92, 78, 251, 122,
    216, 25, 169, 94, 119, 125, 221, 180, 234, 111, 50, 46,
];

fn now() -> jiff::Timestamp {
    "2026-11-27T10:00:00Z".parse().unwrap()
}

fn request<'a>(redirect: &'a str, state: &'a str, silent: bool) -> AuthRequest<'a> {
    AuthRequest {
        client_id: CLIENT,
        redirect_uri: redirect,
        state,
        login_hint: None,
        silent,
    }
}

fn location(name: &str) -> String {
    fixture(name).response.headers["location"].clone()
}

#[test]
fn gmail_implicit_flow_url_is_the_one_google_accepted() {
    let redirect = redirect_uri(EXTENSION);
    let url = implicit_url(&request(&redirect, "st-1", false));
    assert_eq!(
        url_key(&url),
        url_key(&fixture("oauth-implicit").request.url)
    );
    assert!(url.contains("scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fgmail.send%20https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fgmail.metadata"));
}

#[test]
fn gmail_silent_renewal_asks_prompt_none_and_reports_login_required() {
    let redirect = redirect_uri(EXTENSION);
    let url = implicit_url(&request(&redirect, "st-2", true));
    assert_eq!(
        url_key(&url),
        url_key(&fixture("oauth-login-required").request.url)
    );
    let got = parse_redirect(&location("oauth-login-required"), "st-2", now());
    assert_eq!(
        got,
        Err(AuthError::InteractionRequired("login_required".into()))
    );
}

#[test]
fn gmail_implicit_redirect_gives_a_token_renewed_five_minutes_early() {
    let got = parse_redirect(&location("oauth-implicit"), "st-1", now()).unwrap();
    let Redirect::Token(grant) = got else {
        panic!("{got:?}")
    };
    assert!(grant.access_token.starts_with("ya29."));
    assert_eq!(grant.expires_at, "2026-11-27T10:59:59Z".parse().unwrap());
    assert_eq!(grant.renew_at(), "2026-11-27T10:54:59Z".parse().unwrap());
    assert!(!grant.needs_renewal("2026-11-27T10:54:58Z".parse().unwrap()));
    assert!(grant.needs_renewal("2026-11-27T10:54:59Z".parse().unwrap()));
    assert_eq!(grant.scopes, SCOPES);
}

#[test]
fn gmail_redirect_of_another_request_is_refused() {
    let got = parse_redirect(&location("oauth-implicit"), "st-other", now());
    assert_eq!(got, Err(AuthError::StateMismatch));
}

#[test]
fn gmail_grant_without_the_send_scope_is_denied() {
    let url = format!(
        "{}#access_token=ya29.x&expires_in=3599&scope={}&state=s",
        redirect_uri(EXTENSION),
        SCOPE_METADATA
    );
    match parse_redirect(&url, "s", now()) {
        Err(AuthError::Denied(why)) => assert!(why.contains(SCOPE_SEND), "{why}"),
        other => panic!("{other:?}"),
    }
    let denied = format!("{}#error=access_denied&state=s", redirect_uri(EXTENSION));
    assert_eq!(
        parse_redirect(&denied, "s", now()),
        Err(AuthError::Denied(String::new()))
    );
}

#[test]
fn gmail_code_flow_with_pkce_s256_matches_the_recorded_exchange() {
    let redirect = redirect_uri(EXTENSION);
    let verifier = fixture("oauth-token").request.form.unwrap()["code_verifier"].clone();
    let challenge = pkce_challenge(&VERIFIER_SHA256);
    assert_eq!(challenge, param("oauth-code", "code_challenge"));
    let url = code_url(&request(&redirect, "st-3", false), &challenge);
    assert_eq!(url_key(&url), url_key(&fixture("oauth-code").request.url));

    let Redirect::Code(code) = parse_redirect(&location("oauth-code"), "st-3", now()).unwrap()
    else {
        panic!("no code")
    };
    let exchange = token_exchange(CLIENT, &code, &verifier, &redirect, None);
    assert_same_request(&exchange, &fixture("oauth-token").request);
    let grant = parse_token_response(&fixture("oauth-token").response(), now()).unwrap();
    assert!(grant.refresh_token.is_some());
    assert_eq!(grant.expires_at, "2026-11-27T10:59:59Z".parse().unwrap());
}

#[test]
fn gmail_pkce_verifier_is_43_base64url_characters() {
    let v = pkce_verifier(&[7u8; 32]);
    assert_eq!(v.len(), 43);
    assert!(v
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    assert_eq!(state_from(&[0u8; 16]).len(), 22);
}

#[test]
fn gmail_refused_code_is_interaction_required() {
    let resp = crate::mail::http::HttpResponse {
        status: 400,
        url: TOKEN_ENDPOINT.into(),
        headers: Vec::new(),
        body: r#"{"error":"invalid_grant","error_description":"Bad Request"}"#.into(),
    };
    assert_eq!(
        parse_token_response(&resp, now()),
        Err(AuthError::InteractionRequired(
            "invalid_grant: Bad Request".into()
        ))
    );
}

#[test]
fn gmail_grant_is_kept_as_camel_case_json_for_storage_session() {
    let g = Grant {
        access_token: "ya29.x".into(),
        expires_at: now(),
        scopes: vec![SCOPE_SEND.into()],
        refresh_token: None,
    };
    let json = serde_json::to_string(&g).unwrap();
    assert!(
        json.contains("\"accessToken\"") && json.contains("\"expiresAt\""),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Grant>(&json).unwrap(), g);
}

#[test]
fn gmail_refused_token_keeps_the_refresh_token_for_a_renewal_without_a_page() {
    let grant = Grant {
        access_token: "ya29.old".into(),
        expires_at: now(),
        scopes: vec!["https://www.googleapis.com/auth/gmail.send".into()],
        refresh_token: Some("1//refresh".into()),
    };
    let spent = grant
        .spent()
        .expect("a code-flow grant keeps its refresh token");
    assert_eq!(spent.refresh_token.as_deref(), Some("1//refresh"));
    assert!(spent.access_token.is_empty());
    assert!(spent.needs_renewal(now()));
    let implicit = Grant {
        refresh_token: None,
        ..grant
    };
    assert_eq!(implicit.spent(), None);
}
