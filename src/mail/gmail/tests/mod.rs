//! Gmail client tests on exchanges recorded from the API double (`tests/fixtures/gmail-api/`,
//! written by `tests/gmail/capture-api-fixtures.mjs`). Every request the client makes in
//! these tests is compared with the recorded one, which the double checked against Google's
//! discovery document.
mod auth;
mod errors;
mod find;
mod identities;
mod mime;
mod quota;
mod sync;

use crate::core::account::{Account, ProviderKind, Session};
use crate::core::enrollment::{Identity, Recipient};
use crate::core::ids::{AccountId, EnrollmentId};
use crate::core::ports::{Outgoing, Watched};
use crate::mail::encode::parse_query;
use crate::mail::fake_http::{fixture, FakeClock, FakeHttp};
use crate::mail::gmail::auth::{AuthError, TokenSource};
use crate::mail::gmail::GmailProvider;
use std::cell::{Cell, RefCell};

pub const ENROLLMENT: &str = "e-7b1c44d09a";
pub const ROOT_ID: &str = "CAenroll0001@mail.gmail.com";
pub const FOLLOW_UP_ID: &str = "mseq.e-7b1c44d09a.0@gmail.test";

/// Hands out `ya29.fake-<n>`; `invalidate` moves to the next one.
#[derive(Default)]
pub struct FakeTokens {
    pub generation: Cell<u32>,
    pub invalidated: Cell<u32>,
    pub refuse: RefCell<Option<AuthError>>,
}

impl TokenSource for FakeTokens {
    async fn token(&self, _interactive: bool) -> Result<String, AuthError> {
        if let Some(e) = self.refuse.borrow().clone() {
            return Err(e);
        }
        Ok(format!("ya29.fake-{}", self.generation.get()))
    }

    fn invalidate(&self) {
        self.invalidated.set(self.invalidated.get() + 1);
        self.generation.set(self.generation.get() + 1);
    }
}

pub struct Rig {
    pub http: FakeHttp,
    pub tokens: FakeTokens,
    pub clock: FakeClock,
}

impl Rig {
    pub fn new() -> Rig {
        Rig {
            http: FakeHttp::new(),
            tokens: FakeTokens::default(),
            clock: FakeClock::at("2026-11-27T10:00:00Z"),
        }
    }

    pub fn gmail(&self) -> GmailProvider<&FakeHttp, &FakeTokens, &FakeClock> {
        GmailProvider::new(&self.http, &self.tokens, &self.clock)
    }
}

pub fn run<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

/// A query parameter of a recorded request.
pub fn param(fixture_name: &str, name: &str) -> String {
    let url = fixture(fixture_name).request.url;
    let q = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    parse_query(q)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("{fixture_name} has no {name}"))
}

/// A string field of a recorded response body.
pub fn field(fixture_name: &str, name: &str) -> String {
    fixture(fixture_name).body()[name]
        .as_str()
        .unwrap_or_else(|| panic!("{fixture_name} has no {name}"))
        .to_owned()
}

/// The enrollment's Gmail thread (the thread the follow-up was sent in).
pub fn thread_id() -> String {
    field("send-followup", "threadId")
}

pub fn alice(cursor: Option<String>) -> Account {
    Account {
        id: AccountId("a-gmail-0".into()),
        provider: ProviderKind::Gmail,
        origin: "https://mail.google.com/mail/u/0".into(),
        user: "alice@gmail.test".into(),
        own_addresses: Vec::new(),
        cursor,
        session: Session::Ok,
    }
}

pub fn watched(thread: Option<String>) -> Watched {
    Watched {
        enrollment: EnrollmentId(ENROLLMENT.into()),
        message_ids: vec![ROOT_ID.into(), FOLLOW_UP_ID.into()],
        provider_thread_id: thread,
        prospects: vec!["pat@prospect.test".into(), "sam@prospect.test".into()],
        watch_prospect_mail: false,
        watch_domain_mail: false,
    }
}

pub fn recipient(email: &str, name: &str) -> Recipient {
    Recipient {
        email: email.into(),
        name: name.into(),
        fields: Default::default(),
        time_zone: None,
    }
}

/// The first follow-up, as the engine builds it.
pub fn follow_up() -> Outgoing {
    Outgoing {
        identity: Identity {
            id: "alice@gmail.test".into(),
            email: "alice@gmail.test".into(),
            name: "Alice Example".into(),
        },
        to: vec![
            recipient("pat@prospect.test", "Pat Prospect"),
            recipient("sam@prospect.test", "Sam Buyer"),
        ],
        subject: "Re: Quick question".into(),
        body: "Following up on my note below.".into(),
        message_id: FOLLOW_UP_ID.into(),
        in_reply_to: Some(ROOT_ID.into()),
        references: vec![ROOT_ID.into()],
        provider_thread_id: Some(thread_id()),
        quote: Some("Hi Pat,\nhow do you handle follow-ups today?\nAlice".into()),
        footer: None,
        list_unsubscribe: None,
    }
}
