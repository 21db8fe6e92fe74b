//! `runtime.onMessage`, checked. Content scripts run inside pages that are not ours, so every
//! message is validated before anything acts on it: the SENDER (this extension, and either one
//! of our own pages or a content script in an allowed webmail origin) and the SCHEMA (it must
//! parse into the typed request enum). Pages use `send` for the other direction.
use crate::browser::chrome;
use crate::browser::js::{error_text, set, to_js};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use wasm_bindgen::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MessageError {
    #[error("message refused: it does not come from this extension")]
    ForeignExtension,
    #[error("message refused: {0} is not a webmail mailseq is switched on for")]
    ForeignOrigin(String),
    #[error("message refused: the sender cannot be identified")]
    UnknownSender,
    #[error("message refused: {0}")]
    Schema(String),
    #[error("the extension's background did not answer: {0}")]
    Unreachable(String),
    #[error("the extension's background answered something unreadable: {0}")]
    BadAnswer(String),
}

/// Who sent a message, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sender {
    /// One of our own pages (side panel, options), whatever tab it is shown in.
    Page { url: String },
    /// A content script in an allowed webmail page.
    Content {
        origin: String,
        tab_id: Option<i64>,
        frame_id: Option<i64>,
    },
}

/// The webmail origins whose content scripts may talk to the background.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OriginPolicy {
    /// Exact origins, e.g. `https://mail.google.com` or a granted `https://mail.example.org`.
    pub origins: Vec<String>,
    /// Any `http://127.0.0.1` or `http://localhost` port (test builds only).
    pub any_loopback: bool,
}

impl OriginPolicy {
    /// Gmail plus the self-hosted origins the user switched on; test builds add loopback.
    pub fn new(extra_origins: &[String]) -> OriginPolicy {
        let mut origins = vec!["https://mail.google.com".to_owned()];
        origins.extend(
            extra_origins
                .iter()
                .map(|o| o.trim_end_matches('/').to_owned()),
        );
        OriginPolicy {
            origins,
            any_loopback: cfg!(feature = "test-hooks"),
        }
    }

    pub fn allows(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o == origin) || (self.any_loopback && is_loopback(origin))
    }
}

pub fn is_loopback(origin: &str) -> bool {
    let Some(host_port) = origin.strip_prefix("http://") else {
        return false;
    };
    let (host, port) = host_port.split_once(':').unwrap_or((host_port, "80"));
    matches!(host, "127.0.0.1" | "localhost")
        && !port.is_empty()
        && port.bytes().all(|b| b.is_ascii_digit())
}

/// The fields of `runtime.MessageSender` the check reads.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SenderInfo {
    pub id: Option<String>,
    pub url: Option<String>,
    /// Chrome reports it; Firefox may not, so it falls back to the URL's origin.
    pub origin: Option<String>,
    pub tab: Option<TabInfo>,
    pub frame_id: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
pub struct TabInfo {
    pub id: Option<i64>,
}

/// `scheme://host[:port]` of a URL; None for URLs without a host (about:, data:, blob:).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && !host.contains('@')).then(|| format!("{scheme}://{host}"))
}

/// Decides who `sender` is. `runtime_id` is `chrome.runtime.id`; `base_url` is
/// `chrome.runtime.getURL("")`, whose origin is our pages' origin.
pub fn classify(
    sender: &SenderInfo,
    runtime_id: &str,
    base_url: &str,
    policy: &OriginPolicy,
) -> Result<Sender, MessageError> {
    if sender.id.as_deref() != Some(runtime_id) {
        return Err(MessageError::ForeignExtension);
    }
    let url = sender.url.clone().ok_or(MessageError::UnknownSender)?;
    let origin = sender
        .origin
        .clone()
        .filter(|o| o != "null")
        .or_else(|| origin_of(&url))
        .ok_or(MessageError::UnknownSender)?;
    let ours = origin_of(base_url).ok_or(MessageError::UnknownSender)?;
    if origin == ours && url.starts_with(base_url) {
        return Ok(Sender::Page { url });
    }
    if policy.allows(&origin) {
        return Ok(Sender::Content {
            origin,
            tab_id: sender.tab.as_ref().and_then(|t| t.id),
            frame_id: sender.frame_id,
        });
    }
    Err(MessageError::ForeignOrigin(origin))
}

/// Parses a message into the typed request, strictly; the error names the offending field.
pub fn parse<T: DeserializeOwned>(message: &JsValue) -> Result<T, MessageError> {
    crate::browser::js::parse_strict(message).map_err(MessageError::Schema)
}

/// The full check of one incoming message: sender first (a foreign sender learns nothing
/// about our schema), then schema.
pub fn validate<T: DeserializeOwned>(
    message: JsValue,
    sender: JsValue,
    policy: &OriginPolicy,
) -> Result<(Sender, T), MessageError> {
    let info: SenderInfo =
        crate::browser::js::from_js(sender).map_err(|_| MessageError::UnknownSender)?;
    let runtime_id = chrome::runtime_id().ok_or(MessageError::UnknownSender)?;
    let base = chrome::runtime_get_url("").map_err(|_| MessageError::UnknownSender)?;
    let who = classify(&info, &runtime_id, &base, policy)?;
    Ok((who, parse(&message)?))
}

/// `{type: "error", message}`: the answer for anything refused or failed.
pub fn error_response(message: &str) -> JsValue {
    let obj = js_sys::Object::new();
    set(&obj, "type", &JsValue::from_str("error"));
    set(&obj, "message", &JsValue::from_str(message));
    obj.into()
}

/// Serializes an answer; a value that cannot cross becomes an error answer, never a throw.
pub fn answer<T: Serialize>(response: &T) -> JsValue {
    to_js(response).unwrap_or_else(|e| error_response(&format!("internal error: {e}")))
}

/// From a page or content script to the background, typed both ways.
pub async fn send<Req: Serialize, Resp: DeserializeOwned>(
    request: &Req,
) -> Result<Resp, MessageError> {
    let msg = to_js(request).map_err(|e| MessageError::Schema(e.to_string()))?;
    let reply = chrome::runtime_send_message(&msg)
        .await
        .map_err(|e| MessageError::Unreachable(error_text(&e)))?;
    crate::browser::js::from_js(reply).map_err(MessageError::BadAnswer)
}
