//! Gmail accounts in the service. A Gmail account exists only once the user connected it in
//! the options page: the OAuth token decides whose mailbox it is, never what a page claims.
//! A Gmail page names only its `/u/N` (its signed-in address is not readable from an
//! isolated-world content script, see tests/fixtures/gmail/NOTES.md §4), so pages are matched
//! to the account connected for that `/u/N`.
use super::{account_id, page_origin, Service};
use crate::core::account::{Account, ProviderKind, Session};
use crate::core::engine::{check_recipients, EngineError};
use crate::core::enrollment::{Identity, Thread};
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::message::{PageAccount, SentHint};
use crate::core::ports::{Composed, MailPort, Ports};
use crate::core::state::Touched;
use crate::core::store::Key;

/// The origin all Gmail pages share; accounts add `/mail/u/N`.
pub const GMAIL_ORIGIN: &str = "https://mail.google.com";

/// What "Connect Gmail" learned from Google.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GmailLink {
    pub account_index: u32,
    /// The profile's address, lower case.
    pub email: String,
    /// Its own addresses (the profile's, plus aliases when Gmail listed them).
    pub addresses: Vec<String>,
    /// The mailbox's history id now: incremental sync starts here.
    pub history_id: String,
}

/// The origin of Gmail's `/u/N`.
pub fn gmail_origin(index: u32) -> String {
    format!("{GMAIL_ORIGIN}/mail/u/{index}")
}

/// "(/u/N)", how the sentences name an account slot.
fn slot(index: Option<u32>) -> String {
    format!("/u/{}", index.unwrap_or(0))
}

pub fn not_connected(index: Option<u32>) -> String {
    format!(
        "Connect this Gmail account ({}) in mailseq's options first: mailseq sends follow-ups \
         through Gmail with your permission.",
        slot(index)
    )
}

impl Service {
    /// Makes or refreshes the account for `/u/N` after the user signed in. A reconnect ends
    /// the account's wait (its sends go again at the next tick). Another Google account that
    /// was connected at the same `/u/N` keeps its enrollments and token, but pages at that
    /// `/u/N` no longer speak for it.
    pub async fn connect_gmail<P: Ports>(
        &self,
        ports: &P,
        link: GmailLink,
    ) -> Result<AccountId, EngineError> {
        self.state
            .borrow()
            .writable()
            .map_err(EngineError::ReadOnly)?;
        let origin = gmail_origin(link.account_index);
        let user = link.email.trim().to_ascii_lowercase();
        if user.is_empty() {
            return Err(EngineError::Refused(
                "Gmail did not say which account signed in.".into(),
            ));
        }
        let id = account_id(ProviderKind::Gmail, &origin, &user);
        let mut touched = Touched::default();
        {
            let mut st = self.state.borrow_mut();
            for a in st.accounts.values_mut() {
                if a.provider == ProviderKind::Gmail && a.origin == origin && a.user != user {
                    a.origin = format!("{GMAIL_ORIGIN}/mail");
                    touched.merge(Touched::one(Key::Account(a.id.clone())));
                }
            }
            let own: Vec<String> = link
                .addresses
                .iter()
                .map(|a| a.trim().to_ascii_lowercase())
                .filter(|a| !a.is_empty() && *a != user)
                .collect();
            let account = st.accounts.entry(id.clone()).or_insert_with(|| Account {
                id: id.clone(),
                provider: ProviderKind::Gmail,
                origin: origin.clone(),
                user: user.clone(),
                own_addresses: Vec::new(),
                cursor: None,
                session: Session::Ok,
            });
            account.origin = origin;
            account.session = Session::Ok;
            for a in own {
                if !account.own_addresses.contains(&a) {
                    account.own_addresses.push(a);
                }
            }
            // A kept cursor still reads everything since the last sync; a new one starts now.
            if account.cursor.as_deref().is_none_or(str::is_empty) && !link.history_id.is_empty() {
                account.cursor = Some(link.history_id.clone());
            }
            touched.merge(Touched::one(Key::Account(id.clone())));
        }
        self.persist(ports, &touched).await?;
        Ok(id)
    }

    /// The connected account a Gmail page at `/u/N` speaks for.
    pub(super) fn gmail_account(
        &self,
        origin: &str,
        page: &PageAccount,
    ) -> Result<Account, EngineError> {
        let origin = page_origin(origin, page);
        let st = self.state.borrow();
        let user = page.user.trim().to_ascii_lowercase();
        let mut at_slot = st
            .accounts
            .values()
            .filter(|a| a.provider == ProviderKind::Gmail && a.origin == origin);
        let first = at_slot.next().cloned();
        let exact = (!user.is_empty())
            .then(|| {
                st.accounts
                    .values()
                    .find(|a| a.origin == origin && a.user == user)
            })
            .flatten();
        match (exact, first) {
            (Some(a), _) => Ok(a.clone()),
            (None, Some(a)) if user.is_empty() => Ok(a),
            (None, Some(a)) => Err(EngineError::Refused(format!(
                "This Gmail page is signed in as {user}, but {} is connected for {}. Connect \
                 {user} in mailseq's options.",
                a.user,
                slot(page.account_index)
            ))),
            (None, None) => Err(EngineError::Refused(not_connected(page.account_index))),
        }
    }

    /// The side panel enrolls the thread open in a Gmail tab: the user's newest sent message
    /// in it is the enrolling email, its To the prospects, its From the identity.
    pub(super) async fn enroll_open_thread<P: Ports>(
        &self,
        ports: &P,
        page: PageAccount,
        thread_id: String,
        sequence_id: SequenceId,
    ) -> Result<EnrollmentId, EngineError> {
        self.state
            .borrow()
            .writable()
            .map_err(EngineError::ReadOnly)?;
        let thread_id = thread_id.trim().to_owned();
        if thread_id.is_empty() || !thread_id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(EngineError::Refused(
                "The open Gmail thread has no id mailseq can use.".into(),
            ));
        }
        let account = self.gmail_account(GMAIL_ORIGIN, &page)?;
        let composed = Composed {
            hint: SentHint {
                provider_thread_id: Some(thread_id.clone()),
                ..SentHint::default()
            },
            to: Vec::new(),
            subject: String::new(),
        };
        let found = ports
            .mail()
            .find_composed(&account, &composed)
            .await
            .map_err(|e| EngineError::Refused(format!("Could not read the open thread: {e}")))?
            .ok_or_else(|| {
                EngineError::Refused(
                    "None of your recent sent emails is in the open thread, so there is \
                     nothing to follow up on. Open the thread of an email you sent."
                        .into(),
                )
            })?;
        let recipients: Vec<_> = found
            .to
            .iter()
            .filter(|r| !account.is_own(&r.email))
            .cloned()
            .collect();
        check_recipients(&self.state.borrow(), &sequence_id, &recipients)?;
        let identity = match &found.from {
            Some(f) => Identity {
                id: f.email.clone(),
                email: f.email.clone(),
                name: f.name.clone(),
            },
            None => Identity {
                id: account.user.clone(),
                email: account.user.clone(),
                name: String::new(),
            },
        };
        let thread = Thread {
            subject: found.subject,
            root_message_id: found.message_id,
            references: found.references,
            provider_thread_id: found.provider_thread_id.or(Some(thread_id)),
        };
        self.enroll_thread(
            ports,
            sequence_id,
            &account.id,
            identity,
            recipients,
            thread,
        )
        .await
    }
}

// Keeps the trait in scope for `ports.mail().find_composed(..)`.
#[allow(unused_imports)]
use MailPort as _;
