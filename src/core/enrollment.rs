//! One prospect thread running through one sequence: its status (a small state machine),
//! where it is in the steps, and its history.
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::time::ms;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Paused,
    Replied,
    Finished,
    Bounced,
    Unsubscribed,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Paused => "paused",
            Status::Replied => "replied",
            Status::Finished => "finished",
            Status::Bounced => "bounced",
            Status::Unsubscribed => "unsubscribed",
            Status::Failed => "failed",
        }
    }

    /// Ended for good: nothing can bring it back.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Finished | Status::Bounced | Status::Unsubscribed
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an enrollment is `paused`, `finished` or `failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusReason {
    // finished
    Completed,
    Removed,
    SequenceArchived,
    MeetingBooked,
    // paused
    User,
    SequencePaused,
    // failed
    SendFailed,
    Suppressed,
}

impl StatusReason {
    pub fn as_str(self) -> &'static str {
        match self {
            StatusReason::Completed => "completed",
            StatusReason::Removed => "removed",
            StatusReason::SequenceArchived => "sequence-archived",
            StatusReason::MeetingBooked => "meeting-booked",
            StatusReason::User => "user",
            StatusReason::SequencePaused => "sequence-paused",
            StatusReason::SendFailed => "send-failed",
            StatusReason::Suppressed => "suppressed",
        }
    }
}

/// The history vocabulary of the test contract (and a few more words of our own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    Enrolled,
    Sent,
    Replied,
    AutoReply,
    Bounced,
    Unsubscribed,
    Paused,
    Resumed,
    Skipped,
    SendNow,
    SendFailed,
    Retry,
    Rescheduled,
    TaskDue,
    TaskDone,
    Remarked,
    Removed,
    Finished,
    Failed,
    Edited,
    MeetingBooked,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    #[serde(with = "ms")]
    pub at: Timestamp,
    pub event: Event,
    pub step: Option<u32>,
    /// A sentence for people: why a step moved, what failed, who replied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// On `sent`: which version of the email went out (0 = its own text, A; 1 = B...), when
    /// the email has variants. Recorded, not recomputed, so editing variants later cannot
    /// move past sends between them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<u32>,
}

/// A prospect. `email` is lower case; `fields` are template values beyond the standard ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

impl Recipient {
    pub fn domain(&self) -> &str {
        self.email.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }

    /// Values for templates: standard fields derived from name and address, then custom ones.
    pub fn template_values(&self) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut words = self.name.split_whitespace();
        if let Some(first) = words.next() {
            v.insert("first_name".to_owned(), first.to_owned());
            let last: Vec<&str> = words.collect();
            if !last.is_empty() {
                v.insert("last_name".to_owned(), last.join(" "));
            }
        }
        if !self.name.trim().is_empty() {
            v.insert("name".to_owned(), self.name.trim().to_owned());
        }
        v.insert("email".to_owned(), self.email.clone());
        v.insert("domain".to_owned(), self.domain().to_owned());
        for (k, val) in &self.fields {
            v.insert(k.to_ascii_lowercase(), val.clone());
        }
        v
    }
}

/// The sender of the enrolling email; follow-ups go from the same one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// The provider's handle for it (Roundcube's identity id, Gmail's send-as address).
    #[serde(default)]
    pub id: String,
    pub email: String,
    #[serde(default)]
    pub name: String,
}

/// The mail thread an enrollment runs in, as far as mailseq knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    pub subject: String,
    /// Message-ID of the enrolling email, without angle brackets.
    pub root_message_id: String,
    /// The References of the enrolling email: what the user had already seen when enrolling.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    /// The provider's thread id, where it has one (Gmail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_thread_id: Option<String>,
}

/// How a message in the thread was classified; kept so the user can re-mark it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    Own,
    Reply,
    AutoReply,
    Bounce,
    OptOut,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seen {
    pub message_id: String,
    pub class: Class,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
}

/// A send in progress: written to storage before anything leaves the machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attempt {
    pub step: u32,
    pub id: String,
    pub message_id: String,
    #[serde(with = "ms")]
    pub started_at: Timestamp,
    /// Failed tries of this step so far; drives the backoff.
    #[serde(default)]
    pub failures: u32,
    /// Set while waiting to retry after a failure.
    #[serde(default, with = "ms::option", skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<Timestamp>,
    /// How late the send began past its due time (a catch-up within the grace), in seconds;
    /// 0 when on time. History says so on the `sent` entry.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub late_by_secs: i64,
    /// The version of the email being sent, when it has variants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<u32>,
}

fn is_zero(n: &i64) -> bool {
    *n == 0
}

/// A manual step that fell due: the user does it and marks it done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub step: u32,
    #[serde(with = "ms")]
    pub due: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Enrollment {
    pub id: EnrollmentId,
    pub sequence_id: SequenceId,
    pub account: AccountId,
    pub identity: Identity,
    pub recipients: Vec<Recipient>,
    pub thread: Thread,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<StatusReason>,
    /// 0-based index of the next step; equals the number of steps once all are done.
    pub step_index: u32,
    #[serde(default, with = "ms::option")]
    pub next_due: Option<Timestamp>,
    /// When the previous step happened: the next step's delay counts from here.
    #[serde(with = "ms")]
    pub anchor: Timestamp,
    /// Set by send-now: the step goes at once, outside the window.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub send_now: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<Attempt>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
    #[serde(default)]
    pub seen: Vec<Seen>,
    pub history: Vec<HistoryEntry>,
    /// The sequence revision the schedule was computed for.
    #[serde(default)]
    pub sequence_rev: u32,
    /// Enrolled without a compose window (bulk): the engine still has to send the sequence's
    /// first email, which opens the thread. Until then `thread.root_message_id` is empty and
    /// `step_index` stays 0: the first email comes before the steps.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub awaiting_first_email: bool,
}

/// The step number the send protocol uses for a bulk enrollment's first email (in the
/// attempt, the planned send and its Message-ID). History records it as step `null`, like the
/// enrolling email it stands in for.
pub const FIRST_EMAIL_STEP: u32 = u32::MAX;

/// The history step of a send-protocol step number: `None` for the first email.
pub fn history_step(step: u32) -> Option<u32> {
    (step != FIRST_EMAIL_STEP).then_some(step)
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransitionError {
    #[error("this enrollment is {from}; it cannot be {action}")]
    Invalid { from: Status, action: &'static str },
}

/// What moves an enrollment from one status to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Pause(StatusReason),
    Resume,
    Reply,
    Bounce,
    Unsubscribe,
    Finish(StatusReason),
    Fail(StatusReason),
    /// Undo a classification that moved the enrollment (a re-marked reply or bounce).
    Reopen,
}

impl Transition {
    fn action(self) -> &'static str {
        match self {
            Transition::Pause(_) => "paused",
            Transition::Resume => "resumed",
            Transition::Reply => "marked replied",
            Transition::Bounce => "marked bounced",
            Transition::Unsubscribe => "marked unsubscribed",
            Transition::Finish(_) => "finished",
            Transition::Fail(_) => "failed",
            Transition::Reopen => "reopened",
        }
    }

    /// The status after the transition, or an error if it is not allowed from `from`.
    pub fn apply(self, from: Status) -> Result<(Status, Option<StatusReason>), TransitionError> {
        use Status::*;
        let next = match (self, from) {
            (Transition::Pause(r), Active) => (Paused, Some(r)),
            (Transition::Resume, Paused | Replied | Failed) => (Active, None),
            (Transition::Reply, Active | Paused | Failed) => (Replied, None),
            (Transition::Bounce, s) if !matches!(s, Bounced) => (Bounced, None),
            (Transition::Unsubscribe, s) if !matches!(s, Unsubscribed | Bounced) => {
                (Unsubscribed, None)
            }
            (Transition::Finish(r), s) if !matches!(s, Finished) => (Finished, Some(r)),
            (Transition::Fail(r), Active) => (Failed, Some(r)),
            (Transition::Reopen, Replied | Bounced | Unsubscribed) => (Active, None),
            _ => {
                return Err(TransitionError::Invalid {
                    from,
                    action: self.action(),
                })
            }
        };
        Ok(next)
    }
}

impl Enrollment {
    pub fn record(
        &mut self,
        at: Timestamp,
        event: Event,
        step: Option<u32>,
        detail: Option<String>,
    ) {
        self.history.push(HistoryEntry {
            at,
            event,
            step,
            detail,
            variant: None,
        });
    }

    /// The send-protocol step due next: the first email while it is awaited, else the step
    /// at `step_index`.
    pub fn due_step(&self) -> u32 {
        if self.awaiting_first_email {
            FIRST_EMAIL_STEP
        } else {
            self.step_index
        }
    }

    /// Applies a transition and records it in history with its cause.
    pub fn transition(
        &mut self,
        t: Transition,
        at: Timestamp,
        event: Event,
        detail: Option<String>,
    ) -> Result<(), TransitionError> {
        let (status, reason) = t.apply(self.status)?;
        self.status = status;
        self.status_reason = reason;
        let step = self.last_sent_step();
        self.record(at, event, step, detail);
        Ok(())
    }

    /// The step whose email went out last, if any: replies are credited to it.
    pub fn last_sent_step(&self) -> Option<u32> {
        self.history
            .iter()
            .rev()
            .find(|h| h.event == Event::Sent)
            .and_then(|h| h.step)
    }

    pub fn was_sent(&self, step: u32) -> bool {
        if step == FIRST_EMAIL_STEP {
            return !self.awaiting_first_email;
        }
        self.history
            .iter()
            .any(|h| h.event == Event::Sent && h.step == Some(step))
    }

    pub fn has_seen(&self, message_id: &str) -> bool {
        self.seen.iter().any(|s| s.message_id == message_id)
    }

    pub fn primary(&self) -> Option<&Recipient> {
        self.recipients.first()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enrollment_resuming_a_finished_enrollment_is_an_error() {
        let e = Transition::Resume.apply(Status::Finished).unwrap_err();
        assert!(e.to_string().contains("finished"));
        assert!(Transition::Resume.apply(Status::Bounced).is_err());
        assert!(Transition::Resume.apply(Status::Unsubscribed).is_err());
        assert!(Transition::Resume.apply(Status::Active).is_err());
    }

    #[test]
    fn enrollment_pause_and_resume_round_trip() {
        let (s, r) = Transition::Pause(StatusReason::User)
            .apply(Status::Active)
            .unwrap();
        assert_eq!((s, r), (Status::Paused, Some(StatusReason::User)));
        assert_eq!(Transition::Resume.apply(s).unwrap(), (Status::Active, None));
        assert!(Transition::Pause(StatusReason::User)
            .apply(Status::Paused)
            .is_err());
    }

    #[test]
    fn enrollment_replied_can_be_resumed_or_ended() {
        assert_eq!(
            Transition::Resume.apply(Status::Replied).unwrap().0,
            Status::Active
        );
        let (s, r) = Transition::Finish(StatusReason::Removed)
            .apply(Status::Replied)
            .unwrap();
        assert_eq!((s, r), (Status::Finished, Some(StatusReason::Removed)));
    }

    #[test]
    fn enrollment_terminal_states_stay_terminal() {
        for s in [Status::Finished, Status::Bounced, Status::Unsubscribed] {
            assert!(s.is_terminal());
            assert!(Transition::Pause(StatusReason::User).apply(s).is_err());
            assert!(Transition::Fail(StatusReason::SendFailed).apply(s).is_err());
        }
        assert!(Transition::Finish(StatusReason::Completed)
            .apply(Status::Finished)
            .is_err());
    }

    #[test]
    fn enrollment_recipient_template_values_come_from_name_and_address() {
        let r = Recipient {
            email: "bob@example.com".into(),
            name: "Bob van Dyke".into(),
            fields: BTreeMap::new(),
            time_zone: None,
        };
        let v = r.template_values();
        assert_eq!(v["first_name"], "Bob");
        assert_eq!(v["last_name"], "van Dyke");
        assert_eq!(v["domain"], "example.com");
    }
}
