//! Talking to one Roundcube with the user's session: the browser's cookies ride along
//! (`credentials: include`), so there is no login here, only telling a logged-out answer
//! from a real one.
//!
//! Roundcube never answers 401 and never redirects to the login page:
//! - AJAX calls answer 200 JSON whose `exec` calls `this.session_error(...)`;
//! - HTML pages answer 200 with the login page (`"task":"login"`, body `task-login`). That
//!   page holds a request token too, so the task is checked, not the token.
//!
//! The request token (`"request_token":"..."` in every HTML page of the session) is needed
//! only by POSTs: GET AJAX calls work without it (NOTES §1). It is cached per origin and
//! learned from every HTML page fetched anyway (the compose page), so a poll never loads
//! the heavy mail page just for it. A POST answered 403 "Invalid Request" (AJAX) or
//! "REQUEST CHECK FAILED" (framed) had a stale token: the token is fetched again, once.
use super::answer::Ajax;
use super::html;
use super::Roundcube;
use crate::core::account::Account;
use crate::core::ports::MailError;
use crate::mail::http::{Clock, Http, HttpBody, HttpError, HttpRequest, HttpResponse};

/// What a framed POST answer looks like when its `_token` was refused.
const CSRF_FAILED: &str = "REQUEST CHECK FAILED";

pub fn expired(account: &Account) -> MailError {
    MailError::SessionExpired(format!("Log in to Roundcube at {}", account.origin))
}

/// Where requests go: the account's origin, or a base URL when Roundcube lives under a path.
pub fn base(account: &Account) -> &str {
    account.origin.trim_end_matches('/')
}

/// A page is the login page (logged out) when its env or body says so.
pub fn is_login_page(page: &str) -> bool {
    page.contains("\"task\":\"login\"")
        || html::body_class(page).is_some_and(|c| c.split_whitespace().any(|w| w == "task-login"))
}

impl<H: Http, C: Clock> Roundcube<H, C> {
    pub(super) fn url(&self, account: &Account, query: &str) -> String {
        format!("{}/?{query}", base(account))
    }

    /// One HTTP exchange; network failures and server errors become `MailError`s. 403 is
    /// returned to the caller, which knows whether a token was involved.
    pub(super) async fn exchange(
        &self,
        account: &Account,
        mut req: HttpRequest,
    ) -> Result<HttpResponse, MailError> {
        req.credentials_include = true;
        let resp = self.http.fetch(req).await.map_err(|e| match e {
            // The cause only: whoever shows it names the Roundcube (runner, banners).
            HttpError::Network(why) => MailError::Unreachable(why),
            HttpError::Timeout => MailError::Unreachable("no answer in time".into()),
        })?;
        match resp.status {
            200..=299 | 403 => Ok(resp),
            429 | 503 => Err(MailError::RateLimited {
                message: format!(
                    "Roundcube at {} is busy (HTTP {})",
                    account.origin, resp.status
                ),
                retry_after_ms: resp
                    .header("retry-after")
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .map(|s| s * 1000),
            }),
            500..=599 => Err(MailError::Unreachable(format!(
                "Roundcube at {} answered with a server error (HTTP {})",
                account.origin, resp.status
            ))),
            s => Err(MailError::Protocol(format!(
                "Roundcube at {} answered HTTP {s} for {}; is this the address of your Roundcube?",
                account.origin, resp.url
            ))),
        }
    }

    /// A GET AJAX call (`_remote=1`). Sends the cached token when there is one, as the page
    /// itself does, but never fetches one for it.
    pub(super) async fn ajax(
        &self,
        account: &Account,
        params: &[(&str, &str)],
    ) -> Result<Ajax, MailError> {
        let mut all = params.to_vec();
        all.push(("_remote", "1"));
        let mut req = HttpRequest::get(self.url(account, &super::filter::query(&all)))
            .header("X-Requested-With", "XMLHttpRequest");
        if let Some(token) = self.cached_token(account) {
            req = req.header("X-Roundcube-Request", token);
        }
        let resp = self.exchange(account, req).await?;
        let action = params
            .iter()
            .find(|(k, _)| *k == "_action")
            .map_or("", |(_, v)| *v);
        match Ajax::parse(&resp.body) {
            Some(a) if a.is_session_error() => Err(expired(account)),
            Some(a) if resp.status == 200 => Ok(a),
            _ if is_login_page(&resp.body) => Err(expired(account)),
            _ => Err(MailError::Protocol(format!(
                "Roundcube at {} gave an answer mailseq does not understand for “{action}” (HTTP {})",
                account.origin, resp.status
            ))),
        }
    }

    /// A GET of an HTML page (compose). Learns the request token from it.
    pub(super) async fn page(
        &self,
        account: &Account,
        query: &str,
    ) -> Result<HttpResponse, MailError> {
        let resp = self
            .exchange(account, HttpRequest::get(self.url(account, query)))
            .await?;
        if is_login_page(&resp.body) {
            return Err(expired(account));
        }
        if let Some(token) = html::env(&resp.body)
            .get("request_token")
            .and_then(|v| v.as_str())
        {
            self.remember_token(account, token);
        }
        Ok(resp)
    }

    /// A GET of raw text (`viewsource`): a login page instead means logged out.
    pub(super) async fn text(&self, account: &Account, query: &str) -> Result<String, MailError> {
        let resp = self
            .exchange(account, HttpRequest::get(self.url(account, query)))
            .await?;
        let is_html = resp
            .header("content-type")
            .is_some_and(|t| t.to_ascii_lowercase().starts_with("text/html"));
        if is_html && is_login_page(&resp.body) {
            return Err(expired(account));
        }
        Ok(resp.body)
    }

    /// A framed form POST (the send), with `_token` set to the session's request token.
    /// A refused token is fetched again and the POST repeated once: a refused POST did
    /// nothing on the server.
    pub(super) async fn post_framed(
        &self,
        account: &Account,
        fields: &[(String, String)],
    ) -> Result<String, MailError> {
        for attempt in 0..2 {
            let token = self.request_token(account).await?;
            let mut body: Vec<(String, String)> = fields.to_vec();
            match body.iter_mut().find(|(k, _)| k == "_token") {
                Some(slot) => slot.1 = token.clone(),
                None => body.insert(0, ("_token".into(), token.clone())),
            }
            let req = HttpRequest::post(
                self.url(account, "_task=mail&_framed=1"),
                HttpBody::Form(body),
            )
            .header("X-Roundcube-Request", token);
            let resp = self.exchange(account, req).await?;
            let refused = resp.status == 403 || resp.body.contains(CSRF_FAILED);
            if refused {
                if attempt == 0 {
                    self.forget_token(account);
                }
                continue;
            }
            if is_login_page(&resp.body) {
                return Err(expired(account));
            }
            return Ok(resp.body);
        }
        Err(MailError::Protocol(format!(
            "Roundcube at {} refused mailseq's request token twice",
            account.origin
        )))
    }

    /// The cached request token, or the one in the mail page (`GET ?_task=mail`).
    pub(super) async fn request_token(&self, account: &Account) -> Result<String, MailError> {
        if let Some(t) = self.cached_token(account) {
            return Ok(t);
        }
        let resp = self.page(account, "_task=mail").await?;
        html::env(&resp.body)
            .get("request_token")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or_else(|| {
                MailError::Protocol(format!(
                    "Roundcube at {} sent a mail page without a request token",
                    account.origin
                ))
            })
    }

    fn cached_token(&self, account: &Account) -> Option<String> {
        self.tokens.borrow().get(base(account)).cloned()
    }

    pub(super) fn remember_token(&self, account: &Account, token: &str) {
        self.tokens
            .borrow_mut()
            .insert(base(account).to_owned(), token.to_owned());
    }

    pub(super) fn forget_token(&self, account: &Account) {
        self.tokens.borrow_mut().remove(base(account));
    }
}
