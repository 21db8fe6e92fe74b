//! One `MailPort` for the engine, routing each call to the provider of the account's kind.
//! Providers keep per-account state (Roundcube's request token; Gmail's quota budget, token
//! and lookups), so they live as long as the worker. Gmail gets one provider per account,
//! because its token source is the account's.
use crate::browser::gmail_auth::{AuthConfig, BrowserTokens, SharedConfig};
use crate::browser::http::BrowserHttp;
use crate::core::account::{Account, ProviderKind};
use crate::core::observed::ObservedMessage;
use crate::core::ports::{
    Composed, ComposedRef, MailError, MailPort, Outgoing, SentRef, SyncResult, WatchSet, Watched,
};
use crate::core::settings::Settings;
use crate::mail::gmail::GmailProvider;
use crate::mail::roundcube::Roundcube;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Gmail with the browser's fetch, the account's tokens, and real time (never the engine's
/// clock, which tests freeze and move by days: quota minutes and Retry-After are real).
pub type Gmail = GmailProvider<BrowserHttp, BrowserTokens, BrowserHttp>;

pub struct MailRouter {
    roundcube: Roundcube<BrowserHttp, BrowserHttp>,
    /// Account address (lower case) -> its provider.
    gmail: RefCell<BTreeMap<String, Rc<Gmail>>>,
    auth: SharedConfig,
}

impl Default for MailRouter {
    fn default() -> Self {
        MailRouter {
            roundcube: Roundcube::new(BrowserHttp, BrowserHttp),
            gmail: RefCell::new(BTreeMap::new()),
            auth: Rc::new(RefCell::new(AuthConfig::default())),
        }
    }
}

impl MailRouter {
    /// Problems that did not fail a call (e.g. "sent, but not saved to Sent"), for the log.
    pub fn take_warnings(&self) -> Vec<String> {
        self.roundcube.take_warnings()
    }

    /// Follows the options page's OAuth client settings.
    pub fn follow_settings(&self, settings: &Settings) {
        let next = AuthConfig {
            client_id: settings.gmail_client_id.trim().to_owned(),
            code_flow: settings.gmail_code_flow,
        };
        if *self.auth.borrow() != next {
            *self.auth.borrow_mut() = next;
        }
    }

    pub fn auth_config(&self) -> SharedConfig {
        self.auth.clone()
    }

    /// A token source for `user` (empty while connecting) sharing the client settings.
    pub fn tokens_for(&self, user: &str) -> BrowserTokens {
        BrowserTokens::new(user, self.auth.clone())
    }

    /// The provider of a Gmail account, made on first use.
    pub fn gmail(&self, user: &str) -> Rc<Gmail> {
        let key = user.trim().to_ascii_lowercase();
        if let Some(g) = self.gmail.borrow().get(&key) {
            return g.clone();
        }
        let g = Rc::new(GmailProvider::new(
            BrowserHttp,
            self.tokens_for(&key),
            BrowserHttp,
        ));
        self.gmail.borrow_mut().insert(key, g.clone());
        g
    }

    /// Replaces an account's provider, e.g. after a reconnect brought a new token.
    pub fn set_gmail(&self, user: &str, provider: Rc<Gmail>) {
        self.gmail
            .borrow_mut()
            .insert(user.trim().to_ascii_lowercase(), provider);
    }

    /// An explicit "check now" (side panel, test build's `tick()`): the next Gmail sync runs
    /// even if the idle budget would skip it. Providers made later start with a free budget.
    pub fn force_next_sync(&self) {
        for g in self.gmail.borrow().values() {
            g.force_next_sync();
        }
    }

    /// Gmail quota units spent since the worker started, all accounts.
    pub fn gmail_units(&self) -> u64 {
        self.gmail.borrow().values().map(|g| g.units_used()).sum()
    }
}

macro_rules! route {
    ($self:ident, $account:ident, $call:ident ( $($arg:expr),* )) => {
        match $account.provider {
            ProviderKind::Roundcube => $self.roundcube.$call($account, $($arg),*).await,
            ProviderKind::Gmail => {
                let g = $self.gmail(&$account.user);
                g.$call($account, $($arg),*).await
            }
        }
    };
}

impl MailPort for MailRouter {
    async fn sync(&self, account: &Account, watched: &WatchSet) -> Result<SyncResult, MailError> {
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
