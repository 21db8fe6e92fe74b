//! The one typed message enum shared by the background, the extension pages and the content
//! scripts. Every message crossing `runtime.sendMessage` is one of these; the background
//! rejects anything that does not parse.
use crate::core::enrollment::{Class, Identity};
use crate::core::ids::{EnrollmentId, SequenceId};
use crate::core::sequence::{SequenceSpec, SequenceState};
use crate::core::settings::Settings;
use crate::core::transfer::ExportData;
use serde::{Deserialize, Serialize};

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
        sequence: SequenceSpec,
    },
    UpdateSequence {
        id: SequenceId,
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
        settings: Settings,
    },
    Export,
    Import {
        data: ExportData,
    },
    /// "Check now": run a sync and the due sends.
    Tick,
    /// Enroll imported prospects (one chunk of at most `service::MAX_CHUNK`): each gets a new
    /// thread whose first email, the sequence's `firstEmail`, the engine sends, paced.
    EnrollProspects {
        sequence_id: SequenceId,
        account: crate::core::ids::AccountId,
        identity: Identity,
        prospects: Vec<crate::core::craft::prospects::Prospect>,
    },
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
}

impl Response {
    pub fn error(message: impl Into<String>) -> Response {
        Response::Error {
            message: message.into(),
        }
    }
}
