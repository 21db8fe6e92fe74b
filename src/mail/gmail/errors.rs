//! What a Gmail API answer means for mailseq: every non-2xx status becomes a `MailError` the
//! user can act on, except the two "not found" cases callers handle themselves (an expired
//! history id, a message deleted between history and get).
use crate::core::ports::MailError;
use crate::mail::gmail::types::ErrorResponse;
use crate::mail::http::{HttpError, HttpResponse};
use jiff::Timestamp;

/// A failed call, before callers decide what a 404 means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    NotFound,
    Mail(MailError),
}

impl From<MailError> for ApiError {
    fn from(e: MailError) -> ApiError {
        ApiError::Mail(e)
    }
}

impl ApiError {
    /// A 404 where the caller has no use for it.
    pub fn into_mail(self, what: &str) -> MailError {
        match self {
            ApiError::NotFound => MailError::Protocol(format!("Gmail has no {what} (404).")),
            ApiError::Mail(e) => e,
        }
    }
}

/// Google's 403 reasons that mean "slow down", not "forbidden".
const RATE_REASONS: &[&str] = &[
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "dailyLimitExceeded",
    "quotaExceeded",
];

pub fn reconnect_sentence() -> String {
    "Gmail needs you to reconnect: the access was revoked or has expired. Open mailseq's \
     options and click Reconnect Gmail; follow-ups wait until then."
        .to_owned()
}

/// Maps a non-2xx answer. `user` is the account the call was for, to name it in a sentence.
pub fn classify(resp: &HttpResponse, now: Timestamp, user: &str) -> ApiError {
    let detail = serde_json::from_str::<ErrorResponse>(&resp.body)
        .map(|e| e.error)
        .unwrap_or_default();
    let reason = detail
        .errors
        .first()
        .map(|e| e.reason.as_str())
        .unwrap_or("");
    let message = if detail.message.is_empty() {
        format!("HTTP {}", resp.status)
    } else {
        detail.message.clone()
    };
    let rate_limited = || {
        ApiError::Mail(MailError::RateLimited {
            message: format!("Gmail: {message}"),
            retry_after_ms: retry_after_ms(resp, now),
        })
    };
    match resp.status {
        401 => ApiError::Mail(MailError::SessionExpired(reconnect_sentence())),
        403 if RATE_REASONS.contains(&reason) => rate_limited(),
        403 if reason == "insufficientPermissions" => ApiError::Mail(MailError::SessionExpired(
            "Gmail did not give mailseq the permissions it needs (send email, and read message \
             headers). Reconnect Gmail in mailseq's options and allow both."
                .to_owned(),
        )),
        403 if message.starts_with("Delegation denied") => {
            ApiError::Mail(MailError::SessionExpired(format!(
                "Gmail is connected to a different Google account than {user}. Reconnect Gmail \
                 in mailseq's options and choose {user}."
            )))
        }
        403 => ApiError::Mail(MailError::Rejected(format!("Gmail refused: {message}"))),
        404 => ApiError::NotFound,
        400 | 413 => ApiError::Mail(MailError::Rejected(format!(
            "Gmail refused the request: {message}"
        ))),
        429 | 500..=599 => rate_limited(),
        s => ApiError::Mail(MailError::Protocol(format!(
            "Gmail answered HTTP {s}: {message}"
        ))),
    }
}

pub fn network(e: &HttpError) -> MailError {
    // The cause only: whoever shows it names Gmail (runner, banners).
    MailError::Unreachable(e.to_string())
}

/// The wait a 429/5xx asks for, in ms: `Retry-After` as seconds or as an HTTP date, else the
/// "Retry after <RFC 3339>" Google writes into a 429's message (a cross-origin `fetch` only
/// shows the headers the server exposes).
pub fn retry_after_ms(resp: &HttpResponse, now: Timestamp) -> Option<i64> {
    if let Some(v) = resp.header("retry-after").map(str::trim) {
        if let Ok(secs) = v.parse::<u32>() {
            return Some(i64::from(secs) * 1000);
        }
        if let Ok(at) = jiff::fmt::rfc2822::parse(v).map(|z| z.timestamp()) {
            return Some(until(now, at));
        }
    }
    let body = serde_json::from_str::<ErrorResponse>(&resp.body).ok()?;
    let (_, rest) = body.error.message.split_once("Retry after ")?;
    let at: Timestamp = rest.split_whitespace().next()?.parse().ok()?;
    Some(until(now, at))
}

fn until(now: Timestamp, at: Timestamp) -> i64 {
    (at.as_millisecond() - now.as_millisecond()).max(0)
}
