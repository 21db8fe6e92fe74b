//! Gmail's `TokenSource` in the browser, one per Gmail account.
//!
//! Which flow, per call:
//! 1. A build whose manifest has `oauth2` (Chrome, signed-in profile): `getAuthToken`. Chrome
//!    keeps and renews that token itself, so it is only held in memory for a few minutes.
//! 2. Otherwise, or when `getAuthToken` fails (not signed in; Edge, Brave, Firefox):
//!    `launchWebAuthFlow` with the client id from the options page. Implicit flow by default,
//!    renewed silently (`interactive: false`, `prompt=none`) once the token is within
//!    `RENEW_BEFORE` of expiry; the code flow with PKCE when the user says the client may
//!    redeem a code without a secret, renewed with its refresh token.
//!
//! Tokens live in memory and `chrome.storage.session` only, never in `storage.local`: the
//! session area is memory-only and closed to content scripts.
use crate::browser::http::fetch;
use crate::browser::js::error_text;
use crate::browser::{chrome, session};
use crate::mail::gmail::auth::{
    code_url, implicit_url, parse_redirect, parse_token_response, pkce_challenge, pkce_verifier,
    refresh_request, state_from, token_exchange, AuthError, AuthRequest, Grant, Redirect,
    TokenSource, SCOPES,
};
use jiff::{SignedDuration, Timestamp};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// What the options page set: shared by every account's token source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthConfig {
    pub client_id: String,
    pub code_flow: bool,
}

pub type SharedConfig = Rc<RefCell<AuthConfig>>;

/// `storage.session` key of an account's grant.
pub fn session_key(user: &str) -> String {
    format!("gmailToken:{}", user.trim().to_ascii_lowercase())
}

/// A `getAuthToken` token has no expiry we can read; Chrome renews it, so ask again after this.
const CHROME_TOKEN_REUSE: SignedDuration = SignedDuration::from_mins(10);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buf: &mut [u8]) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = ["crypto", "subtle"], js_name = digest)]
    fn subtle_digest(algorithm: &str, data: &[u8]) -> Result<js_sys::Promise, JsValue>;
}

/// A token and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub grant: Grant,
    /// From `getAuthToken`: Chrome's cache holds it (and must forget it on a 401).
    pub chrome: bool,
}

pub struct BrowserTokens {
    /// The account's address; empty while connecting (Google's chooser picks the account).
    user: String,
    config: SharedConfig,
    held: RefCell<Option<Held>>,
    /// The token last refused (401): its stored copy may not be removed yet, and must not
    /// come back from there.
    dropped: RefCell<Option<String>>,
}

fn now() -> Timestamp {
    crate::core::time::from_ms(js_sys::Date::now() as i64)
}

fn random<const N: usize>() -> Result<[u8; N], AuthError> {
    let mut buf = [0u8; N];
    get_random_values(&mut buf).map_err(|e| AuthError::Protocol(error_text(&e)))?;
    Ok(buf)
}

async fn sha256(data: &[u8]) -> Result<[u8; 32], AuthError> {
    let fail = |e: JsValue| AuthError::Protocol(format!("SHA-256: {}", error_text(&e)));
    let buf = JsFuture::from(subtle_digest("SHA-256", data).map_err(fail)?)
        .await
        .map_err(fail)?;
    js_sys::Uint8Array::new(&buf)
        .to_vec()
        .try_into()
        .map_err(|_| AuthError::Protocol("SHA-256 gave no 32 bytes".into()))
}

/// The manifest's `oauth2.client_id`, set at build time for Chrome (MAILSEQ_GOOGLE_CLIENT_ID).
fn manifest_client_id() -> Option<String> {
    let m = chrome::runtime_get_manifest().ok()?;
    let o = js_sys::Reflect::get(&m, &JsValue::from_str("oauth2")).ok()?;
    let id = js_sys::Reflect::get(&o, &JsValue::from_str("client_id"))
        .ok()?
        .as_string()?;
    (!id.trim().is_empty()).then_some(id)
}

/// Can this browser and build use `getAuthToken`?
pub fn chrome_auth_available() -> bool {
    chrome::has(&["chrome", "identity", "getAuthToken"]) && manifest_client_id().is_some()
}

impl BrowserTokens {
    pub fn new(user: &str, config: SharedConfig) -> BrowserTokens {
        BrowserTokens {
            user: user.trim().to_ascii_lowercase(),
            config,
            held: RefCell::new(None),
            dropped: RefCell::new(None),
        }
    }

    pub fn held(&self) -> Option<Held> {
        self.held.borrow().clone()
    }

    /// Takes over a token got while connecting, before the account's address was known.
    pub async fn adopt(&self, held: Held) {
        self.keep(&held).await;
    }

    async fn keep(&self, held: &Held) {
        *self.held.borrow_mut() = Some(held.clone());
        // Chrome keeps its own tokens; ours go to the session area so a restarted worker
        // does not open a sign-in window. A failed write only costs a silent renewal later.
        if !held.chrome && !self.user.is_empty() {
            let _ = session::put(&session_key(&self.user), &held.grant).await;
        }
    }

    async fn current(&self) -> Option<Held> {
        if let Some(h) = self.held() {
            return Some(h);
        }
        if self.user.is_empty() {
            return None;
        }
        let grant: Grant = session::get(&session_key(&self.user)).await.ok()??;
        if self.dropped.borrow().as_deref() == Some(grant.access_token.as_str()) {
            return None;
        }
        let held = Held {
            grant,
            chrome: false,
        };
        *self.held.borrow_mut() = Some(held.clone());
        Some(held)
    }

    async fn fresh(&self, interactive: bool, previous: Option<&Held>) -> Result<Held, AuthError> {
        let config = self.config.borrow().clone();
        let mut chrome_error = None;
        if chrome_auth_available() {
            match self.chrome_token(interactive).await {
                Ok(h) => return Ok(h),
                Err(e) => chrome_error = Some(e),
            }
        }
        if config.client_id.trim().is_empty() {
            return Err(chrome_error.unwrap_or_else(|| {
                AuthError::InteractionRequired(
                    "no OAuth client id: paste yours in mailseq's options, under Gmail".into(),
                )
            }));
        }
        if let Some(refresh) = previous.and_then(|h| h.grant.refresh_token.clone()) {
            if let Ok(mut g) = self
                .redeem(refresh_request(&config.client_id, &refresh, None))
                .await
            {
                g.refresh_token.get_or_insert(refresh);
                return Ok(Held {
                    grant: g,
                    chrome: false,
                });
            }
        }
        let grant = self.web_flow(&config, interactive).await?;
        Ok(Held {
            grant,
            chrome: false,
        })
    }

    async fn chrome_token(&self, interactive: bool) -> Result<Held, AuthError> {
        let details = js_sys::Object::new();
        crate::browser::js::set(&details, "interactive", &JsValue::from_bool(interactive));
        let scopes: js_sys::Array = SCOPES.iter().map(|s| JsValue::from_str(s)).collect();
        crate::browser::js::set(&details, "scopes", &scopes);
        let got = chrome::identity_get_auth_token(&details)
            .await
            .map_err(|e| AuthError::InteractionRequired(error_text(&e)))?;
        // Chrome 105+ resolves with {token, grantedScopes}; older ones with the token.
        let token = got.as_string().or_else(|| {
            js_sys::Reflect::get(&got, &JsValue::from_str("token"))
                .ok()?
                .as_string()
        });
        let token =
            token.ok_or_else(|| AuthError::Protocol("getAuthToken gave no token".into()))?;
        let at = now();
        Ok(Held {
            grant: Grant {
                access_token: token,
                expires_at: at.checked_add(CHROME_TOKEN_REUSE).unwrap_or(at),
                scopes: SCOPES.iter().map(|s| (*s).to_owned()).collect(),
                refresh_token: None,
            },
            chrome: true,
        })
    }

    async fn web_flow(&self, config: &AuthConfig, interactive: bool) -> Result<Grant, AuthError> {
        let redirect =
            chrome::identity_get_redirect_url().map_err(|e| AuthError::Protocol(error_text(&e)))?;
        let state = state_from(&random::<16>()?);
        let req = AuthRequest {
            client_id: &config.client_id,
            redirect_uri: &redirect,
            state: &state,
            login_hint: (!self.user.is_empty()).then_some(self.user.as_str()),
            silent: !interactive,
        };
        let verifier = pkce_verifier(&random::<32>()?);
        let url = if config.code_flow {
            code_url(&req, &pkce_challenge(&sha256(verifier.as_bytes()).await?))
        } else {
            implicit_url(&req)
        };
        let details = js_sys::Object::new();
        crate::browser::js::set(&details, "url", &JsValue::from_str(&url));
        crate::browser::js::set(&details, "interactive", &JsValue::from_bool(interactive));
        let back = chrome::identity_launch_web_auth_flow(&details)
            .await
            .map_err(|e| flow_error(&error_text(&e), interactive))?
            .as_string()
            .ok_or_else(|| AuthError::Protocol("the sign-in gave no address back".into()))?;
        match parse_redirect(&back, &state, now())? {
            Redirect::Token(g) => Ok(g),
            Redirect::Code(code) => {
                self.redeem(token_exchange(
                    &config.client_id,
                    &code,
                    &verifier,
                    &redirect,
                    None,
                ))
                .await
            }
        }
    }

    async fn redeem(&self, req: crate::mail::http::HttpRequest) -> Result<Grant, AuthError> {
        let resp = fetch(&req)
            .await
            .map_err(|e| AuthError::Network(e.to_string()))?;
        parse_token_response(&resp, now())
    }
}

/// What `launchWebAuthFlow`'s rejection means. Without interaction any failure means "the
/// user must sign in": Chrome says "User interaction required." when the page did not
/// redirect at once.
fn flow_error(message: &str, interactive: bool) -> AuthError {
    let m = message.to_ascii_lowercase();
    if !interactive {
        AuthError::InteractionRequired(message.to_owned())
    } else if m.contains("did not approve") || m.contains("cancel") || m.contains("closed") {
        AuthError::Denied(": the sign-in window was closed".into())
    } else if m.contains("could not be loaded") {
        AuthError::Network(message.to_owned())
    } else {
        AuthError::Protocol(message.to_owned())
    }
}

impl TokenSource for BrowserTokens {
    async fn token(&self, interactive: bool) -> Result<String, AuthError> {
        let at = now();
        let current = self.current().await;
        if let Some(h) = current.as_ref().filter(|h| !h.grant.needs_renewal(at)) {
            return Ok(h.grant.access_token.clone());
        }
        match self.fresh(interactive, current.as_ref()).await {
            Ok(h) => {
                self.keep(&h).await;
                Ok(h.grant.access_token)
            }
            // A silent renewal that failed before expiry: the old token still works for now.
            Err(e) => match current.filter(|h| at < h.grant.expires_at) {
                Some(h) => Ok(h.grant.access_token),
                None => Err(e),
            },
        }
    }

    fn invalidate(&self) {
        let Some(old) = self.held.borrow_mut().take() else {
            return;
        };
        *self.dropped.borrow_mut() = Some(old.grant.access_token.clone());
        let key = session_key(&self.user);
        // A code-flow grant keeps its refresh token: the next token() redeems it, with no page.
        if let Some(spent) = (!old.chrome).then(|| old.grant.spent()).flatten() {
            *self.held.borrow_mut() = Some(Held {
                grant: spent.clone(),
                chrome: false,
            });
            wasm_bindgen_futures::spawn_local(async move {
                let _ = session::put(&key, &spent).await;
            });
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            if old.chrome {
                let details = js_sys::Object::new();
                crate::browser::js::set(
                    &details,
                    "token",
                    &JsValue::from_str(&old.grant.access_token),
                );
                let _ = chrome::identity_remove_cached_auth_token(&details).await;
            } else {
                let _ = session::remove(&key).await;
            }
        });
    }
}
