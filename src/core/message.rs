//! The one typed message enum shared by the background, the extension pages and the content
//! scripts. Every message crossing `runtime.sendMessage` is one of these; the background
//! rejects anything that does not parse.
use crate::core::enrollment::{Class, Identity};
use crate::core::ids::{EnrollmentId, SequenceId};
use crate::core::sequence::{SequenceSpec, SequenceState};
use crate::core::settings::Settings;
use crate::core::transfer::ExportData;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

/// Reads a field of a tagged message through `serde_json::Value`. Why: serde buffers the
/// fields of an internally tagged enum in its private `Content` and deserializes them from
/// there, a second copy in the wasm of the field type's whole `Deserialize` beside the one for
/// `Value` (which loading records and `from_js` use). Through `Value`, both share one copy;
/// the wire format is the same.
fn via_value<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    serde_json::from_value(v).map_err(serde::de::Error::custom)
}

/// A recipient as a compose window shows it: address and display name, unvalidated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecipientInput {
    pub email: String,
    #[serde(default)]
    pub name: String,
}

/// Which mailbox a content script runs in. The background trusts only the sender's origin,
/// never an origin a page claims; `user` is what the page shows as the logged-in address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PageAccount {
    pub provider: crate::core::account::ProviderKind,
    #[serde(default)]
    pub user: String,
    /// Gmail's `/u/N` index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_index: Option<u32>,
}

/// What the page knows about an email the user just sent, to find it at the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SentHint {
    /// The Message-ID, when the page could set or read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The webmail's compose-session id (Roundcube `_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose_id: Option<String>,
    /// The thread it was sent in, when the page shows one (Gmail thread id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_thread_id: Option<String>,
    /// The message replied to (Roundcube `_reply_uid` and folder), when a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
}

/// A message a thread view shows (reply-detection layer 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DomMessage {
    pub from: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id: Option<String>,
    /// The webmail's handle for it (Roundcube uid + folder, Gmail message id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EnrollmentAction {
    Pause,
    Resume,
    Skip,
    SendNow,
    Remove,
    MeetingBooked,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Request {
    // From content scripts in a webmail page.
    /// A compose window opened: the sequences its picker offers.
    ListSequences {
        account: PageAccount,
    },
    /// Before Send: can these recipients be enrolled in that sequence? Answers `EnrollCheck`.
    CheckEnroll {
        account: PageAccount,
        sequence_id: SequenceId,
        recipients: Vec<RecipientInput>,
    },
    /// The user chose a sequence in a compose window, and the page saved a draft (Roundcube:
    /// the draft's uid in Drafts). Answers `Armed` with the Message-ID the send will carry,
    /// for the page to put in `ComposeSent`'s hint.
    ComposeArmed {
        account: PageAccount,
        draft_uid: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        compose_id: Option<String>,
    },
    /// The user sent an armed compose: enroll the sent email's thread.
    ComposeSent {
        account: PageAccount,
        sequence_id: SequenceId,
        identity: Identity,
        recipients: Vec<RecipientInput>,
        subject: String,
        /// The text the user wrote, kept to quote below the first follow-up.
        #[serde(default)]
        body: String,
        hint: SentHint,
    },
    /// A thread is open on screen: its messages' senders.
    ThreadOpened {
        account: PageAccount,
        messages: Vec<DomMessage>,
    },

    // From the extension's own pages.
    CreateSequence {
        #[serde(deserialize_with = "via_value")]
        sequence: SequenceSpec,
    },
    UpdateSequence {
        id: SequenceId,
        #[serde(deserialize_with = "via_value")]
        sequence: SequenceSpec,
    },
    DuplicateSequence {
        id: SequenceId,
    },
    SetSequenceState {
        id: SequenceId,
        state: SequenceState,
    },
    Enrollment {
        id: EnrollmentId,
        action: EnrollmentAction,
    },
    TaskDone {
        id: EnrollmentId,
        step: u32,
    },
    /// The user corrects how a message was classified.
    Remark {
        id: EnrollmentId,
        message_id: String,
        class: Class,
    },
    /// The options page got the host permission for a Roundcube origin.
    EnableRoundcube {
        origin: String,
    },
    DisableRoundcube {
        origin: String,
    },
    SaveSettings {
        #[serde(deserialize_with = "via_value")]
        settings: Settings,
    },
    Export,
    Import {
        #[serde(deserialize_with = "via_value")]
        data: ExportData,
    },
    /// "Check now": run a sync and the due sends.
    Tick,
    /// The options page's "Connect Gmail": sign in (a Google window asks the user), read the
    /// account's addresses, and make or refresh the account for Gmail's `/u/N`. The client id
    /// and flow are saved in the settings first. Answers `GmailConnected`.
    ConnectGmail {
        account_index: u32,
        #[serde(default)]
        client_id: String,
        #[serde(default)]
        code_flow: bool,
    },
    /// The side panel enrolls the thread open in a Gmail tab, for when the in-page control
    /// could not be placed. The thread id is what the page showed; the background takes the
    /// user's own sent message in that thread, through the API, as the enrolling email.
    EnrollOpenThread {
        account: PageAccount,
        thread_id: String,
        sequence_id: SequenceId,
    },
    /// Side panel -> the Gmail content script of the active tab (`tabs.sendMessage`; the
    /// background refuses it): what the page shows. Answers `PageDescription`.
    DescribePage,
    /// Enroll imported prospects (one chunk of at most `service::MAX_CHUNK`): each gets a new
    /// thread whose first email, the sequence's `firstEmail`, the engine sends, paced.
    EnrollProspects {
        sequence_id: SequenceId,
        account: crate::core::ids::AccountId,
        identity: Identity,
        prospects: Vec<crate::core::craft::prospects::Prospect>,
    },
}

/// Whether the Gmail page could place mailseq's control next to Send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ControlState {
    /// No compose window is open.
    NoCompose,
    Placed,
    /// A compose is open but its Send button was not found (Gmail changed its page).
    Unavailable,
}

/// The thread a Gmail tab shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OpenThread {
    /// The hex id Gmail's page and API share (`data-legacy-thread-id`).
    pub thread_id: String,
    #[serde(default)]
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SequenceSummary {
    pub id: SequenceId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Response {
    Ok,
    /// A sentence for people: shown as is in the UI.
    Error {
        message: String,
    },
    Sequences {
        sequences: Vec<SequenceSummary>,
        /// False when the extension is read-only or this webmail is not switched on.
        enabled: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// The Message-ID a compose window's send will carry; None when it could not be read
    /// (the background then falls back to finding the send by To and Subject).
    Armed {
        message_id: Option<String>,
    },
    /// `error` is None when the recipients can be enrolled.
    EnrollCheck {
        error: Option<String>,
    },
    Enrolled {
        id: EnrollmentId,
    },
    Created {
        id: SequenceId,
    },
    Exported {
        #[serde(deserialize_with = "via_value")]
        data: ExportData,
    },
    Imported {
        sequences: usize,
        enrollments: usize,
    },
    Ticked {
        report: crate::core::runner::TickReport,
    },
    EnrolledProspects {
        enrolled: Vec<EnrollmentId>,
        refused: Vec<crate::core::engine::Refusal>,
    },
    GmailConnected {
        account: crate::core::ids::AccountId,
        email: String,
        /// The account's own addresses as Gmail told them (the profile's, plus aliases
        /// when `sendAs.list` answered).
        addresses: Vec<String>,
        /// False when Gmail refused to list the aliases (403 with mailseq's scopes): the
        /// options page then asks the user to list them.
        aliases_known: bool,
    },
    /// The Gmail content script's answer to `DescribePage`.
    PageDescription {
        account_index: u32,
        #[serde(default)]
        thread: Option<OpenThread>,
        control: ControlState,
    },
}

impl Response {
    pub fn error(message: impl Into<String>) -> Response {
        Response::Error {
            message: message.into(),
        }
    }
}
