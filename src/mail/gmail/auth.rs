//! OAuth for Gmail: the `TokenSource` port and the pure parts of the browser flows.
//!
//! Scopes are the smallest set that works: `gmail.send` (sensitive) and `gmail.metadata`
//! (restricted: headers, labels, history; no bodies and no `q` search). mailseq never reads a
//! body: the quoted text comes from what it sent or captured in the compose window.
//!
//! Flows, as the browser half runs them:
//! - Chrome with a signed-in profile: `chrome.identity.getAuthToken` (client id from the
//!   manifest's `oauth2`); nothing here is needed but `TokenSource`.
//! - Elsewhere (Edge, Brave, Firefox): `launchWebAuthFlow` with the client id from the options
//!   page. Implicit flow (`implicit_url`), renewed silently with `prompt=none` at `renew_at`,
//!   so the user is not asked every hour. The code flow with PKCE (`code_url`,
//!   `token_exchange`) is here for a client type that may redeem a code without a secret;
//!   Google's "Web application" clients (the type a `chromiumapp.org` redirect needs) require
//!   `client_secret` at the token endpoint, which an extension cannot keep secret, so the
//!   implicit flow is the default there.
//!
//! Tokens live in memory or `storage.session` (cleared with the browser), never in
//! `storage.local`: a token on disk outlives the session the user thinks they closed.
#![allow(async_fn_in_trait)]

use crate::mail::encode::{base64url, parse_query, query};
use crate::mail::http::{HttpBody, HttpRequest, HttpResponse};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const SCOPE_SEND: &str = "https://www.googleapis.com/auth/gmail.send";
pub const SCOPE_METADATA: &str = "https://www.googleapis.com/auth/gmail.metadata";
pub const SCOPES: &[&str] = &[SCOPE_SEND, SCOPE_METADATA];
pub const AUTH_ENDPOINT: &str = "https://accounts.google.com/o/oauth2/v2/auth";
pub const TOKEN_ENDPOINT: &str = "https://oauth2.googleapis.com/token";
/// Renew this long before expiry: a send that starts just before expiry still has a token.
pub const RENEW_BEFORE: SignedDuration = SignedDuration::from_mins(5);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AuthError {
    /// Silent renewal is not possible (signed out, consent needed): ask the user.
    #[error("Gmail needs you to sign in again ({0}).")]
    InteractionRequired(String),
    #[error("Gmail access was not granted{0}.")]
    Denied(String),
    #[error("the sign-in answer did not belong to this request (state mismatch)")]
    StateMismatch,
    #[error("Google's sign-in could not be reached: {0}")]
    Network(String),
    #[error("Google's sign-in answered something unexpected: {0}")]
    Protocol(String),
}

/// Where the provider gets its bearer token. One per Gmail account.
pub trait TokenSource {
    /// A valid access token. `interactive: false` must never open a window (background sends).
    async fn token(&self, interactive: bool) -> Result<String, AuthError>;
    /// The token was refused (401): drop it (`removeCachedAuthToken`) so the next call renews.
    fn invalidate(&self);
}

/// An access token and when it stops working. Kept in `storage.session` only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    pub access_token: String,
    #[serde(with = "crate::core::time::ms")]
    pub expires_at: Timestamp,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

impl Grant {
    /// When to renew silently (`prompt=none`).
    pub fn renew_at(&self) -> Timestamp {
        self.expires_at
            .checked_sub(RENEW_BEFORE)
            .unwrap_or(self.expires_at)
    }

    pub fn needs_renewal(&self, now: Timestamp) -> bool {
        now >= self.renew_at()
    }

    /// What is left of a grant whose access token Google refused: its refresh token, so the
    /// renewal redeems it instead of opening a sign-in page. `None` when there is none.
    pub fn spent(&self) -> Option<Grant> {
        Some(Grant {
            access_token: String::new(),
            expires_at: Timestamp::UNIX_EPOCH,
            scopes: self.scopes.clone(),
            refresh_token: Some(self.refresh_token.clone()?),
        })
    }
}

/// `https://<extension id>.chromiumapp.org/`, what `chrome.identity.getRedirectURL()` gives.
pub fn redirect_uri(extension_id: &str) -> String {
    format!(
        "https://{}.chromiumapp.org/",
        extension_id.to_ascii_lowercase()
    )
}

/// A `state` value from 16 random bytes (`crypto.getRandomValues`).
pub fn state_from(random: &[u8; 16]) -> String {
    base64url(random)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthRequest<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub state: &'a str,
    /// The account to sign in as (the `/u/N` account's address), so Google does not pick another.
    pub login_hint: Option<&'a str>,
    /// `prompt=none`: renew without any window, or fail with `login_required`.
    pub silent: bool,
}

impl AuthRequest<'_> {
    fn params(&self, response_type: &'static str) -> Vec<(&str, String)> {
        let mut p = vec![
            ("client_id", self.client_id.to_owned()),
            ("response_type", response_type.to_owned()),
            ("redirect_uri", self.redirect_uri.to_owned()),
            ("scope", SCOPES.join(" ")),
            ("state", self.state.to_owned()),
            ("include_granted_scopes", "true".to_owned()),
        ];
        if let Some(h) = self.login_hint {
            p.push(("login_hint", h.to_owned()));
        }
        if self.silent {
            p.push(("prompt", "none".to_owned()));
        }
        p
    }
}

/// The implicit flow's URL for `launchWebAuthFlow`: the token comes back in the fragment.
pub fn implicit_url(req: &AuthRequest) -> String {
    format!("{AUTH_ENDPOINT}?{}", query(&req.params("token")))
}

/// A PKCE verifier from 32 random bytes: 43 base64url characters (RFC 7636 §4.1).
pub fn pkce_verifier(random: &[u8; 32]) -> String {
    base64url(random)
}

/// The S256 challenge from SHA-256(verifier). The browser computes the digest with
/// `crypto.subtle.digest`, which saves shipping a SHA-256 implementation in the wasm.
pub fn pkce_challenge(sha256_of_verifier: &[u8; 32]) -> String {
    base64url(sha256_of_verifier)
}

/// The authorization-code flow's URL, with PKCE S256.
pub fn code_url(req: &AuthRequest, challenge: &str) -> String {
    let mut p = req.params("code");
    p.push(("code_challenge", challenge.to_owned()));
    p.push(("code_challenge_method", "S256".to_owned()));
    p.push(("access_type", "offline".to_owned()));
    format!("{AUTH_ENDPOINT}?{}", query(&p))
}

/// Redeems a code (`grant_type=authorization_code`) with the PKCE verifier.
pub fn token_exchange(
    client_id: &str,
    code: &str,
    verifier: &str,
    redirect_uri: &str,
    client_secret: Option<&str>,
) -> HttpRequest {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("code_verifier", verifier),
    ];
    if let Some(s) = client_secret {
        form.push(("client_secret", s));
    }
    form_post(&form)
}

/// Renews with a refresh token (code flow only).
pub fn refresh_request(
    client_id: &str,
    refresh_token: &str,
    client_secret: Option<&str>,
) -> HttpRequest {
    let mut form = vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token),
        ("client_id", client_id),
    ];
    if let Some(s) = client_secret {
        form.push(("client_secret", s));
    }
    form_post(&form)
}

fn form_post(form: &[(&str, &str)]) -> HttpRequest {
    let pairs = form
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    HttpRequest::post(TOKEN_ENDPOINT, HttpBody::Form(pairs))
}

/// What the redirect carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redirect {
    Token(Grant),
    Code(String),
}

/// Parses the URL `launchWebAuthFlow` resolves with: the fragment (implicit) or the query
/// (code). The state must be ours; an `error` becomes the matching `AuthError`.
pub fn parse_redirect(url: &str, state: &str, now: Timestamp) -> Result<Redirect, AuthError> {
    let (before, fragment) = url.split_once('#').unwrap_or((url, ""));
    let query_part = before.split_once('?').map(|(_, q)| q).unwrap_or("");
    let mut params = parse_query(query_part);
    params.extend(parse_query(fragment));
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    if get("state") != Some(state) {
        return Err(AuthError::StateMismatch);
    }
    if let Some(e) = get("error") {
        return Err(auth_error(e, get("error_description")));
    }
    if let Some(code) = get("code") {
        return Ok(Redirect::Code(code.to_owned()));
    }
    let token = get("access_token")
        .ok_or_else(|| AuthError::Protocol("no access_token in the redirect".into()))?;
    let expires_in = get("expires_in").and_then(|s| s.parse::<i64>().ok());
    grant(token, expires_in, get("scope"), None, now).map(Redirect::Token)
}

/// Parses the token endpoint's JSON answer.
pub fn parse_token_response(resp: &HttpResponse, now: Timestamp) -> Result<Grant, AuthError> {
    #[derive(Deserialize)]
    struct Body {
        access_token: Option<String>,
        expires_in: Option<i64>,
        scope: Option<String>,
        refresh_token: Option<String>,
        error: Option<String>,
        error_description: Option<String>,
    }
    let body: Body = serde_json::from_str(&resp.body)
        .map_err(|e| AuthError::Protocol(format!("token answer (HTTP {}): {e}", resp.status)))?;
    if let Some(e) = body.error.as_deref() {
        return Err(auth_error(e, body.error_description.as_deref()));
    }
    let token = body
        .access_token
        .ok_or_else(|| AuthError::Protocol("no access_token in the token answer".into()))?;
    grant(
        &token,
        body.expires_in,
        body.scope.as_deref(),
        body.refresh_token,
        now,
    )
}

fn grant(
    token: &str,
    expires_in: Option<i64>,
    scope: Option<&str>,
    refresh_token: Option<String>,
    now: Timestamp,
) -> Result<Grant, AuthError> {
    // Google always sends expires_in; without it, assume its usual hour rather than forever.
    let secs = expires_in.unwrap_or(3600).clamp(0, 86_400);
    let scopes: Vec<String> = scope
        .map(|s| s.split_whitespace().map(str::to_owned).collect())
        .unwrap_or_else(|| SCOPES.iter().map(|s| (*s).to_owned()).collect());
    // Google's consent screen lets the user untick a scope: say which one is missing.
    let missing: Vec<&str> = SCOPES
        .iter()
        .copied()
        .filter(|s| !scopes.iter().any(|g| g == s))
        .collect();
    if !missing.is_empty() {
        return Err(AuthError::Denied(format!(
            ": mailseq needs both permissions, and these were not allowed: {}",
            missing.join(", ")
        )));
    }
    Ok(Grant {
        access_token: token.to_owned(),
        expires_at: now
            .checked_add(SignedDuration::from_secs(secs))
            .unwrap_or(Timestamp::MAX),
        scopes,
        refresh_token,
    })
}

fn auth_error(code: &str, description: Option<&str>) -> AuthError {
    let said = description.map(|d| format!(": {d}")).unwrap_or_default();
    match code {
        "login_required"
        | "consent_required"
        | "interaction_required"
        | "account_selection_required" => AuthError::InteractionRequired(code.to_owned()),
        "access_denied" => AuthError::Denied(String::new()),
        "invalid_grant" => AuthError::InteractionRequired(format!("{code}{said}")),
        _ => AuthError::Protocol(format!("{code}{said}")),
    }
}

impl<X: TokenSource + ?Sized> TokenSource for &X {
    async fn token(&self, interactive: bool) -> Result<String, AuthError> {
        (**self).token(interactive).await
    }

    fn invalidate(&self) {
        (**self).invalidate()
    }
}
