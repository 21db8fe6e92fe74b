//! One Gmail API call: the bearer token, one silent token renewal on a 401, quota accounting,
//! and backoff with jitter on 429/5xx for reads.
use crate::core::limits::jitter;
use crate::core::ports::MailError;
use crate::mail::gmail::api::Call;
use crate::mail::gmail::auth::{AuthError, TokenSource};
use crate::mail::gmail::errors::{classify, network, reconnect_sentence, ApiError};
use crate::mail::gmail::GmailProvider;
use crate::mail::http::{Clock, Http};
use serde::de::DeserializeOwned;

/// Tries per read, the first included.
pub const MAX_ATTEMPTS: u32 = 3;
/// A longer wait than this is not slept inside a tick (the service worker may be stopped
/// meanwhile): the error goes up with its delay, and the next tick tries again.
pub const MAX_WAIT_MS: i64 = 10_000;
/// Exponential backoff when Google gives no delay: 1 s, 2 s, ... plus up to `JITTER_MS`.
pub const BACKOFF_BASE_MS: i64 = 1_000;
pub const JITTER_MS: u32 = 500;

impl<H: Http, T: TokenSource, C: Clock> GmailProvider<H, T, C> {
    /// Makes `call` for the mailbox of `user` and parses a 2xx answer as `R`.
    pub(crate) async fn call<R: DeserializeOwned>(
        &self,
        user: &str,
        call: &Call,
    ) -> Result<R, ApiError> {
        let mut renewed = false;
        let mut attempt: u32 = 0;
        loop {
            let token = self.tokens.token(false).await.map_err(auth_error)?;
            let request = call
                .request
                .clone()
                .header("Authorization", format!("Bearer {token}"));
            let resp = self.http.fetch(request).await.map_err(|e| network(&e))?;
            let now = self.clock.now();
            // Google charges a call that reached the method, not one refused at the door.
            if resp.is_success() || resp.status == 400 || resp.status == 404 {
                self.memory.borrow_mut().quota.charge(now, call.method);
            }
            if resp.is_success() {
                return serde_json::from_str(&resp.body).map_err(|e| {
                    ApiError::Mail(MailError::Protocol(format!(
                        "Gmail's answer to {:?} was not understood: {e}",
                        call.method
                    )))
                });
            }
            if resp.status == 401 {
                // The cached token was revoked or expired early: one silent renewal, then the
                // same request again (a 401 means Google did nothing with it).
                self.tokens.invalidate();
                if !renewed {
                    renewed = true;
                    continue;
                }
            }
            let err = classify(&resp, now, user);
            if let ApiError::Mail(MailError::RateLimited { retry_after_ms, .. }) = &err {
                attempt += 1;
                if call.method.idempotent() && attempt < MAX_ATTEMPTS {
                    let backoff = BACKOFF_BASE_MS << (attempt - 1);
                    let seed = format!("{}#{attempt}#{}", call.request.url, now.as_millisecond());
                    let wait =
                        retry_after_ms.unwrap_or(backoff) + i64::from(jitter(&seed, JITTER_MS));
                    if wait <= MAX_WAIT_MS {
                        self.clock.sleep(u64::try_from(wait).unwrap_or(0)).await;
                        continue;
                    }
                }
            }
            return Err(err);
        }
    }
}

/// A token that cannot be had silently means the user must reconnect; a network failure
/// reaching Google's sign-in is only "unreachable".
pub fn auth_error(e: AuthError) -> ApiError {
    ApiError::Mail(match e {
        AuthError::Network(m) => {
            MailError::Unreachable(format!("Google's sign-in could not be reached: {m}"))
        }
        AuthError::InteractionRequired(_) | AuthError::Denied(_) | AuthError::StateMismatch => {
            MailError::SessionExpired(reconnect_sentence())
        }
        AuthError::Protocol(m) => {
            MailError::SessionExpired(format!("{} ({m})", reconnect_sentence()))
        }
    })
}
