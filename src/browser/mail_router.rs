//! One `MailPort` for the engine, routing each call to the provider of the account's kind.
//! Providers keep per-origin state (Roundcube's request token), so they live as long as the
//! worker.
use crate::browser::http::BrowserHttp;
use crate::core::account::{Account, ProviderKind};
use crate::core::observed::ObservedMessage;
use crate::core::ports::{
    Composed, ComposedRef, MailError, MailPort, Outgoing, SentRef, SyncResult, Watched,
};
use crate::mail::roundcube::Roundcube;

pub struct MailRouter {
    roundcube: Roundcube<BrowserHttp, BrowserHttp>,
}

impl Default for MailRouter {
    fn default() -> Self {
        MailRouter {
            roundcube: Roundcube::new(BrowserHttp, BrowserHttp),
        }
    }
}

/// Gmail needs an OAuth connection, which this build does not make yet: its accounts wait
/// (never fail) with a sentence saying what to do.
fn gmail_not_connected() -> MailError {
    MailError::SessionExpired("Connect Gmail in mailseq's options to let follow-ups go out.".into())
}

impl MailRouter {
    /// Problems that did not fail a call (e.g. "sent, but not saved to Sent"), for the log.
    pub fn take_warnings(&self) -> Vec<String> {
        self.roundcube.take_warnings()
    }
}

macro_rules! route {
    ($self:ident, $account:ident, $call:ident ( $($arg:expr),* )) => {
        match $account.provider {
            ProviderKind::Roundcube => $self.roundcube.$call($account, $($arg),*).await,
            ProviderKind::Gmail => Err(gmail_not_connected()),
        }
    };
}

impl MailPort for MailRouter {
    async fn sync(&self, account: &Account, watched: &[Watched]) -> Result<SyncResult, MailError> {
        route!(self, account, sync(watched))
    }

    async fn read_thread(
        &self,
        account: &Account,
        watched: &Watched,
    ) -> Result<Vec<ObservedMessage>, MailError> {
        route!(self, account, read_thread(watched))
    }

    async fn find_sent(
        &self,
        account: &Account,
        message_id: &str,
    ) -> Result<Option<SentRef>, MailError> {
        route!(self, account, find_sent(message_id))
    }

    async fn send(&self, account: &Account, msg: &Outgoing) -> Result<SentRef, MailError> {
        route!(self, account, send(msg))
    }

    async fn find_composed(
        &self,
        account: &Account,
        composed: &Composed,
    ) -> Result<Option<ComposedRef>, MailError> {
        route!(self, account, find_composed(composed))
    }

    async fn draft_message_id(
        &self,
        account: &Account,
        draft: &str,
    ) -> Result<Option<String>, MailError> {
        route!(self, account, draft_message_id(draft))
    }
}
