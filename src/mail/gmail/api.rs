//! Requests for the Gmail API methods mailseq calls, built as plain `HttpRequest`s. The
//! provider adds the bearer token; nothing here does I/O.
use crate::core::reply::CLASSIFY_HEADERS;
use crate::mail::encode::{percent_encode, query};
use crate::mail::gmail::types::SendRequest;
use crate::mail::http::{HttpBody, HttpRequest};

pub const API_ROOT: &str = "https://gmail.googleapis.com/gmail/v1/users";

/// The headers threading and matching read, asked for next to `CLASSIFY_HEADERS`.
pub const THREADING_HEADERS: &[&str] = &[
    "Message-ID",
    "In-Reply-To",
    "References",
    "Subject",
    "From",
    "To",
];

/// History records per page. One page covers any idle minute; more pages only on a backlog.
pub const HISTORY_PAGE: u32 = 100;

/// Every name for `metadataHeaders`: classification's, then threading's.
pub fn metadata_headers() -> impl Iterator<Item = &'static str> {
    CLASSIFY_HEADERS
        .iter()
        .chain(THREADING_HEADERS.iter())
        .copied()
}

/// The methods called, for the quota budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiMethod {
    GetProfile,
    ListSendAs,
    Send,
    GetMessage,
    ListMessages,
    GetThread,
    ListHistory,
}

impl ApiMethod {
    /// Google's published quota units per call.
    pub fn units(self) -> u32 {
        match self {
            ApiMethod::Send => 100,
            ApiMethod::GetThread => 10,
            ApiMethod::GetMessage | ApiMethod::ListMessages => 5,
            ApiMethod::ListHistory => 2,
            ApiMethod::GetProfile | ApiMethod::ListSendAs => 1,
        }
    }

    /// Reads may be repeated after a 429/5xx; a send may not (see `provider::send`).
    pub fn idempotent(self) -> bool {
        self != ApiMethod::Send
    }
}

/// One request and what it is, for quota and retry decisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub method: ApiMethod,
    pub request: HttpRequest,
}

/// The request builders for one mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    base: String,
}

impl Api {
    /// `user` is the account's address. Naming it (rather than `me`) makes Google refuse a
    /// token of another Google account (403 "Delegation denied") instead of quietly reading or
    /// sending as whoever happens to be signed in.
    pub fn for_user(user: &str) -> Api {
        let user = user.trim();
        let user = if user.is_empty() { "me" } else { user };
        Api {
            base: format!("{API_ROOT}/{}", segment(user)),
        }
    }

    fn get(&self, method: ApiMethod, path: &str, params: &[(&str, &str)]) -> Call {
        let mut url = format!("{}/{path}", self.base);
        if !params.is_empty() {
            url.push('?');
            url.push_str(&query(params));
        }
        Call {
            method,
            request: HttpRequest::get(url),
        }
    }

    pub fn get_profile(&self) -> Call {
        self.get(ApiMethod::GetProfile, "profile", &[])
    }

    /// Needs `gmail.settings.basic` (or a read scope): with mailseq's scopes it is a 403.
    pub fn list_send_as(&self) -> Call {
        self.get(ApiMethod::ListSendAs, "settings/sendAs", &[])
    }

    pub fn send(&self, raw: &str, thread_id: Option<&str>) -> Result<Call, serde_json::Error> {
        let body = serde_json::to_string(&SendRequest { raw, thread_id })?;
        Ok(Call {
            method: ApiMethod::Send,
            request: HttpRequest::post(
                format!("{}/messages/send", self.base),
                HttpBody::Json(body),
            ),
        })
    }

    pub fn get_message(&self, id: &str) -> Call {
        let params = metadata_params();
        let path = format!("messages/{}", segment(id));
        self.get(ApiMethod::GetMessage, &path, &params)
    }

    pub fn get_thread(&self, id: &str) -> Call {
        let params = metadata_params();
        let path = format!("threads/{}", segment(id));
        self.get(ApiMethod::GetThread, &path, &params)
    }

    /// Messages added since `start`, optionally only those with `label` (e.g. `SENT`).
    pub fn list_history(&self, start: &str, label: Option<&str>, page: Option<&str>) -> Call {
        let max = HISTORY_PAGE.to_string();
        let mut params = vec![
            ("startHistoryId", start),
            ("historyTypes", "messageAdded"),
            ("maxResults", max.as_str()),
        ];
        if let Some(l) = label {
            params.push(("labelId", l));
        }
        if let Some(p) = page {
            params.push(("pageToken", p));
        }
        self.get(ApiMethod::ListHistory, "history", &params)
    }

    /// The newest messages with a label. No `q`: `gmail.metadata` forbids search.
    pub fn list_messages(&self, label: &str, max: u32) -> Call {
        let max = max.to_string();
        let params = [("labelIds", label), ("maxResults", max.as_str())];
        self.get(ApiMethod::ListMessages, "messages", &params)
    }
}

fn metadata_params() -> Vec<(&'static str, &'static str)> {
    std::iter::once(("format", "metadata"))
        .chain(metadata_headers().map(|h| ("metadataHeaders", h)))
        .collect()
}

/// A path segment: `@` may stay (RFC 3986 pchar), which keeps the address readable.
fn segment(text: &str) -> String {
    percent_encode(text).replace("%40", "@")
}
