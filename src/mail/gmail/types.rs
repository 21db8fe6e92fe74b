//! Gmail API resources, with the discovery document's field names (`gmail.v1.json`). Only the
//! fields mailseq reads are declared; Google adds fields over time, so unknown ones are ignored
//! here (the double's schema check is what catches a misspelt name, in the fixtures).
//! int64/uint64 values (`historyId`, `internalDate`) are JSON strings in this API.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    #[serde(default)]
    pub email_address: String,
    #[serde(default)]
    pub history_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListSendAsResponse {
    #[serde(default)]
    pub send_as: Vec<SendAs>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendAs {
    pub send_as_email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub signature: String,
    #[serde(default)]
    pub is_primary: bool,
    #[serde(default)]
    pub is_default: bool,
    /// `accepted` for a usable alias; absent for the primary address.
    #[serde(default)]
    pub verification_status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: String,
    #[serde(default)]
    pub thread_id: String,
    #[serde(default)]
    pub label_ids: Vec<String>,
    #[serde(default)]
    pub snippet: String,
    #[serde(default)]
    pub history_id: String,
    /// Milliseconds since the epoch, as a string.
    #[serde(default)]
    pub internal_date: String,
    #[serde(default)]
    pub payload: Option<MessagePart>,
}

impl Message {
    /// The first header with this name (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.payload
            .as_ref()?
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    pub fn has_label(&self, label: &str) -> bool {
        self.label_ids.iter().any(|l| l == label)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessagePart {
    #[serde(default)]
    pub mime_type: String,
    #[serde(default)]
    pub headers: Vec<MessagePartHeader>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct MessagePartHeader {
    pub name: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    pub id: String,
    #[serde(default)]
    pub history_id: String,
    #[serde(default)]
    pub messages: Vec<Message>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListHistoryResponse {
    #[serde(default)]
    pub history: Vec<History>,
    /// The mailbox's current history id: the cursor for the next sync.
    #[serde(default)]
    pub history_id: String,
    #[serde(default)]
    pub next_page_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct History {
    pub id: String,
    #[serde(default)]
    pub messages_added: Vec<HistoryMessageAdded>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct HistoryMessageAdded {
    pub message: Message,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListMessagesResponse {
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub next_page_token: Option<String>,
}

/// The body of `messages.send` (a `Message` with only `raw` and `threadId`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SendRequest<'a> {
    pub raw: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<&'a str>,
}

/// Google's error envelope: `{"error": {"code", "message", "errors": [{"reason"}], "status"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ErrorResponse {
    #[serde(default)]
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ErrorDetail {
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub errors: Vec<ErrorItem>,
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ErrorItem {
    #[serde(default)]
    pub reason: String,
}
