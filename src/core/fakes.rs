//! In-memory twins of the ports, for native tests only: a mailbox, a key-value store that
//! counts its calls, and ports with a settable clock and checkpoint hooks.
use crate::core::account::Account;
use crate::core::observed::ObservedMessage;
use crate::core::ports::{
    Batch, Checkpoint, Composed, ComposedRef, MailError, MailPort, Outgoing, Ports, SentRef,
    StoreError, StorePort, SyncResult, WatchSet, Watched,
};
use crate::core::state::State;
use crate::core::store::{Key, Record};
use jiff::Timestamp;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};

/// A mailbox shared by the user and the prospects: every message ever sent or received.
#[derive(Default)]
pub struct FakeMail {
    pub messages: RefCell<Vec<ObservedMessage>>,
    /// Outgoing messages as the provider received them.
    pub sent: RefCell<Vec<Outgoing>>,
    /// Errors to answer the next calls with, per method name.
    pub fail: RefCell<BTreeMap<&'static str, VecDeque<MailError>>>,
    pub calls: RefCell<Vec<&'static str>>,
    pub dead: Cell<bool>,
    /// The To of the message `find_composed` finds (the observed shape carries no To).
    pub composed_to: RefCell<Vec<crate::core::message::RecipientInput>>,
}

impl FakeMail {
    pub fn deliver(&self, msg: ObservedMessage) {
        self.messages.borrow_mut().push(msg);
    }

    pub fn fail_next(&self, method: &'static str, e: MailError) {
        self.fail
            .borrow_mut()
            .entry(method)
            .or_default()
            .push_back(e);
    }

    fn check(&self, method: &'static str) -> Result<(), MailError> {
        if self.dead.get() {
            return Err(MailError::Unreachable("the worker is gone".into()));
        }
        self.calls.borrow_mut().push(method);
        match self
            .fail
            .borrow_mut()
            .get_mut(method)
            .and_then(|q| q.pop_front())
        {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// A reply from `from` to the newest message of the thread that holds `message_id`.
    pub fn reply_to(&self, message_id: &str, from: &str, id: &str) -> ObservedMessage {
        ObservedMessage {
            message_id: id.into(),
            from: from.into(),
            subject: "Re: hello".into(),
            in_reply_to: vec![message_id.into()],
            references: vec![message_id.into()],
            snippet: "Sounds good, let's talk.".into(),
            ..Default::default()
        }
    }

    fn in_thread(m: &ObservedMessage, w: &Watched) -> bool {
        w.message_ids.contains(&m.message_id)
            || m.ancestors().any(|a| w.message_ids.iter().any(|x| x == a))
    }
}

impl MailPort for FakeMail {
    async fn sync(&self, account: &Account, watched: &WatchSet) -> Result<SyncResult, MailError> {
        self.check("sync")?;
        let from: usize = account
            .cursor
            .as_deref()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let all = self.messages.borrow();
        let messages = all[from.min(all.len())..]
            .iter()
            // The set's lookups, as the providers match: each new message costs one lookup
            // per Message-ID it carries, not a walk over every watched thread.
            .filter(|m| watched.answers(m) || watched.watches_sender(&m.from))
            .cloned()
            .collect();
        Ok(SyncResult {
            cursor: Some(all.len().to_string()),
            messages,
        })
    }

    async fn read_thread(
        &self,
        _account: &Account,
        watched: &Watched,
    ) -> Result<Vec<ObservedMessage>, MailError> {
        self.check("read_thread")?;
        Ok(self
            .messages
            .borrow()
            .iter()
            .filter(|m| Self::in_thread(m, watched))
            .cloned()
            .collect())
    }

    async fn find_sent(
        &self,
        _account: &Account,
        message_id: &str,
    ) -> Result<Option<SentRef>, MailError> {
        self.check("find_sent")?;
        Ok(self
            .messages
            .borrow()
            .iter()
            .find(|m| m.message_id == message_id && m.sent_by_user)
            .map(|m| SentRef {
                message_id: m.message_id.clone(),
                provider_id: None,
                provider_thread_id: m.provider_thread_id.clone(),
            }))
    }

    async fn send(&self, account: &Account, msg: &Outgoing) -> Result<SentRef, MailError> {
        self.check("send")?;
        self.sent.borrow_mut().push(msg.clone());
        self.deliver(ObservedMessage {
            message_id: msg.message_id.clone(),
            from: account.user.clone(),
            subject: msg.subject.clone(),
            in_reply_to: msg.in_reply_to.iter().cloned().collect(),
            references: msg.references.clone(),
            sent_by_user: true,
            snippet: msg.body.clone(),
            ..Default::default()
        });
        Ok(SentRef {
            message_id: msg.message_id.clone(),
            provider_id: None,
            provider_thread_id: None,
        })
    }

    async fn find_composed(
        &self,
        _account: &Account,
        c: &Composed,
    ) -> Result<Option<ComposedRef>, MailError> {
        self.check("find_composed")?;
        Ok(self
            .messages
            .borrow()
            .iter()
            .rev()
            .find(|m| {
                m.sent_by_user
                    && c.hint
                        .message_id
                        .as_deref()
                        .is_none_or(|id| id == m.message_id)
                    && c.hint
                        .provider_thread_id
                        .as_deref()
                        .is_none_or(|t| m.provider_thread_id.as_deref() == Some(t))
            })
            .map(|m| ComposedRef {
                message_id: m.message_id.clone(),
                references: m.references.clone(),
                provider_thread_id: m.provider_thread_id.clone(),
                subject: m.subject.clone(),
                to: self.composed_to.borrow().clone(),
                from: Some(crate::core::message::RecipientInput {
                    email: m.from.clone(),
                    name: m.from_name.clone(),
                }),
            }))
    }
}

/// chrome.storage.local's twin: records as JSON values, and a log of write calls.
#[derive(Default)]
pub struct FakeStore {
    pub data: RefCell<BTreeMap<String, serde_json::Value>>,
    /// Keys of each write call, in order.
    pub writes: RefCell<Vec<Vec<String>>>,
    pub bytes_written: Cell<usize>,
    pub fail_writes: Cell<bool>,
    pub dead: Cell<bool>,
}

impl FakeStore {
    /// The state a restarted worker would load.
    pub fn load(&self) -> State {
        let data = self.data.borrow();
        State::from_records(data.iter().filter_map(|(k, v)| {
            Record::decode(k, v.clone())
                .ok()
                .flatten()
                .map(|r| (k.clone(), r))
        }))
    }
}

impl StorePort for FakeStore {
    async fn write(&self, batch: Batch) -> Result<(), StoreError> {
        if self.dead.get() {
            return Err(StoreError("the worker is gone".into()));
        }
        if self.fail_writes.get() {
            return Err(StoreError("QUOTA_BYTES quota exceeded".into()));
        }
        let mut keys = Vec::new();
        let mut data = self.data.borrow_mut();
        for (k, v) in batch {
            keys.push(k.clone());
            match v {
                Some(r) => {
                    let json = serde_json::to_value(&r).map_err(|e| StoreError(e.to_string()))?;
                    self.bytes_written
                        .set(self.bytes_written.get() + json.to_string().len());
                    data.insert(k, json);
                }
                None => {
                    data.remove(&k);
                }
            }
        }
        self.writes.borrow_mut().push(keys);
        Ok(())
    }

    async fn read(&self, key: &str) -> Result<Option<Record>, StoreError> {
        let data = self.data.borrow();
        match data.get(key) {
            Some(v) => Record::decode(key, v.clone()).map_err(|e| StoreError(e.to_string())),
            None => Ok(None),
        }
    }
}

/// Something that happens when the runner reaches a checkpoint.
pub enum Script {
    /// A message lands in the mailbox (a reply racing the send).
    Deliver(Box<ObservedMessage>),
    /// The service worker dies: from here on no request reaches the provider and no write
    /// reaches storage, as after a real stop. `revive()` is the restart.
    Die,
}

pub struct FakePorts {
    pub mail: FakeMail,
    pub store: FakeStore,
    pub now: Cell<Timestamp>,
    next_id: Cell<u32>,
    pub scripts: RefCell<Vec<(Checkpoint, Script)>>,
    pub dead: Cell<bool>,
    pub notes: RefCell<Vec<String>>,
}

impl FakePorts {
    pub fn at(now: Timestamp) -> FakePorts {
        FakePorts {
            mail: FakeMail::default(),
            store: FakeStore::default(),
            now: Cell::new(now),
            next_id: Cell::new(1),
            scripts: RefCell::new(Vec::new()),
            dead: Cell::new(false),
            notes: RefCell::new(Vec::new()),
        }
    }

    /// Moves the clock. Use hours, not days: an instant has no calendar.
    pub fn on(&self, point: Checkpoint, script: Script) {
        self.scripts.borrow_mut().push((point, script));
    }

    pub fn revive(&self) {
        self.dead.set(false);
        self.mail.dead.set(false);
        self.store.dead.set(false);
    }

    pub fn advance(&self, span: jiff::Span) {
        if let Ok(t) = self.now.get().checked_add(span) {
            self.now.set(t);
        }
    }
}

impl Ports for FakePorts {
    type Mail = FakeMail;
    type Store = FakeStore;
    fn mail(&self) -> &FakeMail {
        &self.mail
    }
    fn store(&self) -> &FakeStore {
        &self.store
    }
    fn now(&self) -> Timestamp {
        self.now.get()
    }
    fn new_id(&self) -> String {
        let n = self.next_id.get();
        self.next_id.set(n + 1);
        format!("{n:04}")
    }
    async fn zone(&self, _name: &str) -> Option<Vec<u8>> {
        None
    }
    async fn checkpoint(&self, point: Checkpoint) {
        let due: Vec<Script> = {
            let mut scripts = self.scripts.borrow_mut();
            let (now, later) = scripts.drain(..).partition(|(p, _)| *p == point);
            *scripts = later;
            now.into_iter().map(|(_, s)| s).collect()
        };
        for s in due {
            match s {
                Script::Deliver(m) => self.mail.deliver(*m),
                Script::Die => {
                    self.dead.set(true);
                    self.mail.dead.set(true);
                    self.store.dead.set(true);
                }
            }
        }
    }
    fn notify(&self, message: &str) {
        self.notes.borrow_mut().push(message.to_owned());
    }
}

/// Keys of the record kinds, for assertions on what a write touched.
pub fn key_kind(k: &str) -> &'static str {
    match Key::parse(k) {
        Some(Key::Enrollment(_)) => "enr",
        Some(Key::Sequence(_)) => "seq",
        Some(Key::Pace(_)) => "pace",
        Some(Key::Suppression(_)) => "sup",
        Some(Key::Account(_)) => "acct",
        Some(Key::Body(_)) => "body",
        Some(Key::Settings) => "settings",
        Some(Key::Meta) => "meta",
        None => "other",
    }
}
