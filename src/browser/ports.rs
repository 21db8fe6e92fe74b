//! The service's ports in the browser: chrome.storage.local, the engine clock, the shipped
//! tz files, and the mail providers by account kind.
use crate::browser::clock::Clock;
use crate::browser::http::{BrowserHttp, BrowserTime};
use crate::browser::storage::Storage;
use crate::browser::{js, notify, tz};
use crate::core::account::{Account, ProviderKind};
use crate::core::observed::ObservedMessage;
use crate::core::ports::{
    Checkpoint, Composed, ComposedRef, MailError, MailPort, Outgoing, Ports, SentRef, SyncResult,
    Watched,
};
use crate::mail::gmail::{AuthError, GmailProvider, TokenSource};
use std::rc::Rc;

pub struct BrowserPorts {
    pub store: Storage,
    pub clock: Rc<Clock>,
    pub mail: Mail,
}

impl Ports for BrowserPorts {
    type Mail = Mail;
    type Store = Storage;

    fn mail(&self) -> &Mail {
        &self.mail
    }

    fn store(&self) -> &Storage {
        &self.store
    }

    fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    fn new_id(&self) -> String {
        js::new_id()
    }

    async fn zone(&self, name: &str) -> Option<Vec<u8>> {
        tz::zone_bytes(name).await.ok().flatten()
    }

    async fn checkpoint(&self, _point: Checkpoint) {}

    fn notify(&self, message: &str) {
        let message = message.to_owned();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = notify::sending_blocked(&message).await {
                web_sys::console::warn_1(&e.into());
            }
        });
    }
}

/// PLACEHOLDER until the browser half of Gmail OAuth lands (launchWebAuthFlow, tokens in
/// storage.session): every Gmail call asks the user to connect the account.
#[derive(Debug, Default)]
pub struct NoTokens;

impl TokenSource for NoTokens {
    async fn token(&self, _interactive: bool) -> Result<String, AuthError> {
        Err(AuthError::InteractionRequired(
            "connect the Gmail account in the options first".to_owned(),
        ))
    }

    fn invalidate(&self) {}
}

/// Every provider, chosen by the account's kind.
pub struct Mail {
    pub gmail: GmailProvider<BrowserHttp, NoTokens, BrowserTime>,
}

impl Default for Mail {
    fn default() -> Self {
        Mail {
            gmail: GmailProvider::new(BrowserHttp::default(), NoTokens, BrowserTime),
        }
    }
}

/// PLACEHOLDER until the Roundcube provider lands.
fn no_roundcube() -> MailError {
    MailError::Unreachable("Roundcube sending is not available in this version yet.".to_owned())
}

impl MailPort for Mail {
    async fn sync(&self, account: &Account, watched: &[Watched]) -> Result<SyncResult, MailError> {
        match account.provider {
            ProviderKind::Gmail => self.gmail.sync(account, watched).await,
            ProviderKind::Roundcube => Err(no_roundcube()),
        }
    }

    async fn read_thread(
        &self,
        account: &Account,
        watched: &Watched,
    ) -> Result<Vec<ObservedMessage>, MailError> {
        match account.provider {
            ProviderKind::Gmail => self.gmail.read_thread(account, watched).await,
            ProviderKind::Roundcube => Err(no_roundcube()),
        }
    }

    async fn find_sent(
        &self,
        account: &Account,
        message_id: &str,
    ) -> Result<Option<SentRef>, MailError> {
        match account.provider {
            ProviderKind::Gmail => self.gmail.find_sent(account, message_id).await,
            ProviderKind::Roundcube => Err(no_roundcube()),
        }
    }

    async fn send(&self, account: &Account, msg: &Outgoing) -> Result<SentRef, MailError> {
        match account.provider {
            ProviderKind::Gmail => self.gmail.send(account, msg).await,
            ProviderKind::Roundcube => Err(no_roundcube()),
        }
    }

    async fn find_composed(
        &self,
        account: &Account,
        composed: &Composed,
    ) -> Result<Option<ComposedRef>, MailError> {
        match account.provider {
            ProviderKind::Gmail => self.gmail.find_composed(account, composed).await,
            ProviderKind::Roundcube => Err(no_roundcube()),
        }
    }
}
