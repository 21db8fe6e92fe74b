//! What the user must know before anything else: read-only mode, unreadable records, accounts
//! that need a login, and that nothing is sent while the browser is closed. And the empty
//! state, which says what to do first.
use super::ViewCtx;
use crate::core::account::{ProviderKind, Session};
use crate::core::enrollment::Status;
use crate::core::state::State;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Error,
    Warning,
    Info,
}

impl Tone {
    pub fn as_str(self) -> &'static str {
        match self {
            Tone::Error => "error",
            Tone::Warning => "warning",
            Tone::Info => "info",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Banner {
    pub tone: Tone,
    /// Stable token for `data-banner`: `read-only`, `unreadable`, `session`, `offline-note`.
    pub key: &'static str,
    pub text: String,
}

pub fn banners(state: &State, _ctx: &ViewCtx) -> Vec<Banner> {
    let mut out = Vec::new();
    if let Some(why) = &state.read_only {
        out.push(Banner {
            tone: Tone::Error,
            key: "read-only",
            text: format!("Read-only: {why} Nothing is sent or changed until mailseq is updated."),
        });
    }
    if !state.unreadable.is_empty() {
        let first: Vec<String> = state
            .unreadable
            .iter()
            .take(3)
            .map(ToString::to_string)
            .collect();
        let more = state.unreadable.len().saturating_sub(3);
        out.push(Banner {
            tone: Tone::Warning,
            key: "unreadable",
            text: format!(
                "{} stored record{} cannot be read and {} left untouched: {}{}",
                state.unreadable.len(),
                if state.unreadable.len() == 1 { "" } else { "s" },
                if state.unreadable.len() == 1 {
                    "is"
                } else {
                    "are"
                },
                first.join("; "),
                if more > 0 {
                    format!(" (and {more} more)")
                } else {
                    String::new()
                }
            ),
        });
    }
    for a in state.accounts.values() {
        let waiting = state
            .enrollments
            .values()
            .filter(|e| e.account == a.id && e.status == Status::Active && e.next_due.is_some())
            .count();
        let what = match waiting {
            0 => "follow-ups wait until then".to_owned(),
            1 => "1 follow-up is waiting".to_owned(),
            n => format!("{n} follow-ups are waiting"),
        };
        let text = match (&a.session, a.provider) {
            (Session::Expired { .. }, ProviderKind::Roundcube) => {
                format!("Log in to Roundcube at {} — {what}.", a.origin)
            }
            (Session::Expired { .. }, ProviderKind::Gmail) => {
                format!(
                    "Reconnect Gmail for {} in mailseq's options (Gmail → Reconnect) — {what}.",
                    a.user
                )
            }
            (Session::Unreachable { message, .. }, _) => format!(
                "{} cannot be reached ({message}) — {what}; mailseq tries again on the next check.",
                a.origin
            ),
            (Session::Ok, _) => continue,
        };
        out.push(Banner {
            tone: Tone::Warning,
            key: "session",
            text,
        });
    }
    out.push(Banner {
        tone: Tone::Info,
        key: "offline-note",
        text: "mailseq sends only while your browser is open. When it opens again, a follow-up \
               that is late by less than its sequence's catch-up grace (4 h unless you changed \
               it) goes out at once, paced; a later one moves to the next opening of its send \
               window. The history says which happened."
            .to_owned(),
    });
    out
}

/// Shown while there is nothing to list yet: the steps to a first follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyState {
    pub title: String,
    pub steps: Vec<String>,
}

pub fn empty_state(state: &State) -> Option<EmptyState> {
    if !state.enrollments.is_empty() {
        return None;
    }
    let mut steps = Vec::new();
    if state.sequences.is_empty() {
        steps.push(
            "Open Options and create a sequence: its follow-up steps, their delays and the \
             send window."
                .to_owned(),
        );
    }
    steps.push(
        "In your webmail, open a compose window, click the mailseq button, pick the sequence \
         and send as usual. The thread is enrolled when the email goes out."
            .to_owned(),
    );
    if state.settings.roundcube_origins.is_empty() {
        steps.push(
            "Using a self-hosted Roundcube? Switch it on in Options first (Gmail works as is)."
                .to_owned(),
        );
    }
    Some(EmptyState {
        title: if state.sequences.is_empty() {
            "No sequences yet".to_owned()
        } else {
            "No one is enrolled yet".to_owned()
        },
        steps,
    })
}
