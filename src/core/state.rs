//! Everything the engine decides from, in memory, plus the indexes that keep a tick cheap at
//! 100k enrollments. The indexes are derived: rebuilt at load, kept in step by `reindex`.
use crate::core::account::Account;
use crate::core::enrollment::{Enrollment, Status};
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::limits::Pace;
use crate::core::ports::{WatchSet, Watched};
use crate::core::sequence::Sequence;
use crate::core::settings::Settings;
use crate::core::store::{DecodeError, Key, Meta, Record, SCHEMA_VERSION};
use crate::core::suppression::Suppression;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

mod index;
pub use index::watched_of;

#[derive(Debug, Clone, Default)]
pub struct State {
    pub settings: Settings,
    pub sequences: BTreeMap<SequenceId, Sequence>,
    pub enrollments: BTreeMap<EnrollmentId, Enrollment>,
    pub suppression: BTreeMap<String, Suppression>,
    pub pace: BTreeMap<SequenceId, Pace>,
    pub accounts: BTreeMap<AccountId, Account>,
    /// Why nothing may be written (data from a newer version), shown in every page.
    pub read_only: Option<String>,
    /// Records that could not be read; they stay untouched in storage.
    pub unreadable: Vec<DecodeError>,
    due: BTreeSet<(i64, EnrollmentId)>,
    due_of: HashMap<EnrollmentId, i64>,
    by_message: HashMap<String, EnrollmentId>,
    ix: index::Index,
}

/// The set of records an event changed: written back in one storage call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    pub keys: BTreeSet<Key>,
}

impl Touched {
    pub fn one(key: Key) -> Touched {
        let mut t = Touched::default();
        t.keys.insert(key);
        t
    }
    pub fn add(&mut self, key: Key) {
        self.keys.insert(key);
    }
    pub fn merge(&mut self, other: Touched) {
        self.keys.extend(other.keys);
    }
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl State {
    /// Builds the state from decoded records and their keys.
    pub fn from_records(records: impl IntoIterator<Item = (String, Record)>) -> State {
        let mut s = State::default();
        for (key, r) in records {
            match r {
                Record::Meta(_) | Record::Body(_) => {}
                Record::Settings(x) => s.settings = x,
                Record::Sequence(x) => {
                    s.sequences.insert(x.id.clone(), *x);
                }
                Record::Enrollment(x) => {
                    s.enrollments.insert(x.id.clone(), *x);
                }
                Record::Suppression(x) => {
                    s.suppression.insert(x.email.clone(), x);
                }
                Record::Pace(p) => {
                    if let Some(Key::Pace(id)) = Key::parse(&key) {
                        s.pace.insert(id, p);
                    }
                }
                Record::Account(x) => {
                    s.accounts.insert(x.id.clone(), *x);
                }
            }
        }
        let ids: Vec<EnrollmentId> = s.enrollments.keys().cloned().collect();
        for id in ids {
            s.reindex(&id);
        }
        s
    }

    /// Replaces (`Some`) or removes (`None`) the record under `key`, keeping the indexes in
    /// step: how a page follows storage changes without decoding every record again.
    pub fn put(&mut self, key: &Key, record: Option<Record>) {
        match (key, record) {
            (_, Some(Record::Meta(_) | Record::Body(_))) | (Key::Meta | Key::Body(_), _) => {}
            (Key::Settings, r) => {
                self.settings = match r {
                    Some(Record::Settings(x)) => x,
                    _ => Settings::default(),
                }
            }
            (Key::Sequence(id), r) => match r {
                Some(Record::Sequence(x)) => {
                    self.sequences.insert(id.clone(), *x);
                }
                _ => {
                    self.sequences.remove(id);
                }
            },
            (Key::Enrollment(id), r) => {
                match r {
                    Some(Record::Enrollment(x)) => {
                        self.enrollments.insert(id.clone(), *x);
                    }
                    _ => {
                        self.enrollments.remove(id);
                    }
                }
                self.reindex(id);
            }
            (Key::Suppression(email), r) => match r {
                Some(Record::Suppression(x)) => {
                    self.suppression.insert(email.clone(), x);
                }
                _ => {
                    self.suppression.remove(email);
                }
            },
            (Key::Pace(id), r) => match r {
                Some(Record::Pace(x)) => {
                    self.pace.insert(id.clone(), x);
                }
                _ => {
                    self.pace.remove(id);
                }
            },
            (Key::Account(id), r) => match r {
                Some(Record::Account(x)) => {
                    self.accounts.insert(id.clone(), *x);
                }
                _ => {
                    self.accounts.remove(id);
                }
            },
        }
    }

    /// The current value of a record, for writing.
    pub fn record(&self, key: &Key) -> Option<Record> {
        Some(match key {
            Key::Meta => Record::Meta(Meta {
                schema_version: SCHEMA_VERSION,
            }),
            Key::Settings => Record::Settings(self.settings.clone()),
            Key::Sequence(id) => Record::Sequence(Box::new(self.sequences.get(id)?.clone())),
            Key::Enrollment(id) => Record::Enrollment(Box::new(self.enrollments.get(id)?.clone())),
            Key::Suppression(e) => Record::Suppression(self.suppression.get(e)?.clone()),
            Key::Pace(id) => Record::Pace(self.pace.get(id)?.clone()),
            Key::Account(id) => Record::Account(Box::new(self.accounts.get(id)?.clone())),
            Key::Body(_) => return None,
        })
    }

    /// The storage batch for a set of touched records.
    pub fn batch(&self, touched: &Touched) -> crate::core::ports::Batch {
        touched
            .keys
            .iter()
            .filter(|k| !matches!(k, Key::Body(_)))
            .map(|k| (k.to_key(), self.record(k)))
            .collect()
    }

    /// Keeps the indexes in step after an enrollment changed: due times, Message-IDs, the
    /// watched threads of each account, threads and prospects for matching, time zones and
    /// the task count.
    pub fn reindex(&mut self, id: &EnrollmentId) {
        if let Some(old) = self.due_of.remove(id) {
            self.due.remove(&(old, id.clone()));
        }
        self.ix.remove(id);
        let Some(e) = self.enrollments.get(id) else {
            return;
        };
        if let (Status::Active, Some(due)) = (e.status, e.next_due) {
            let ms = due.as_millisecond();
            self.due.insert((ms, id.clone()));
            self.due_of.insert(id.clone(), ms);
        }
        let stop = self
            .sequences
            .get(&e.sequence_id)
            .map(|s| s.spec.stop_on)
            .unwrap_or_default();
        self.ix.insert(e, stop);
        let mut ids = vec![e.thread.root_message_id.clone()];
        ids.extend(e.seen.iter().map(|s| s.message_id.clone()));
        if let Some(a) = &e.attempt {
            ids.push(a.message_id.clone());
        }
        for m in ids {
            if !m.is_empty() {
                self.by_message.insert(m, id.clone());
            }
        }
    }

    /// The threads an account watches (its active and paused enrollments), for
    /// `MailPort::sync`. Shared, not copied: drop it before changing the state again, or
    /// the next change copies the set.
    pub fn watched(&mut self, account: &AccountId) -> Rc<WatchSet> {
        let stale = self.ix.stale_stops(|id| {
            self.sequences
                .get(id)
                .map(|s| s.spec.stop_on)
                .unwrap_or_default()
        });
        if !stale.is_empty() {
            // A sequence's stop rules changed (rare): rebuild its enrollments' entries.
            let ids: Vec<EnrollmentId> = self
                .enrollments
                .values()
                .filter(|e| stale.contains(&e.sequence_id))
                .map(|e| e.id.clone())
                .collect();
            for s in &stale {
                self.ix.forget_stops(s);
            }
            for id in ids {
                self.reindex(&id);
            }
        }
        self.ix.watched(account)
    }

    /// One enrollment's thread, as `watched` would list it.
    pub fn watched_one(&self, id: &EnrollmentId) -> Option<Watched> {
        let e = self.enrollments.get(id)?;
        let stop = self
            .sequences
            .get(&e.sequence_id)
            .map(|s| s.spec.stop_on)
            .unwrap_or_default();
        Some(watched_of(e, stop))
    }

    /// Time zones prospects of any enrollment are in.
    pub fn prospect_zones(&self) -> impl Iterator<Item = &String> {
        self.ix.zones()
    }

    /// Tasks over all enrollments.
    pub fn task_count(&self) -> usize {
        self.ix.tasks()
    }

    /// Enrollments not ended for good whose provider thread is `thread`.
    pub fn enrollments_in_thread(&self, thread: &str) -> impl Iterator<Item = &EnrollmentId> {
        self.ix.in_thread(thread)
    }

    /// Enrollments not ended for good with this prospect address (exact).
    pub fn enrollments_of_prospect(&self, email: &str) -> impl Iterator<Item = &EnrollmentId> {
        self.ix.of_prospect(email)
    }

    /// Enrollments not ended for good with a prospect at this domain (exact).
    pub fn enrollments_of_domain(&self, domain: &str) -> impl Iterator<Item = &EnrollmentId> {
        self.ix.of_domain(domain)
    }

    /// Active enrollments due at or before `now_ms`, earliest first.
    pub fn due_until(&self, now_ms: i64) -> Vec<EnrollmentId> {
        self.due
            .range(..=(now_ms, EnrollmentId(String::from("\u{10FFFF}"))))
            .map(|(_, id)| id.clone())
            .collect()
    }

    /// The earliest scheduled instant, for arming the alarm.
    pub fn earliest_due(&self) -> Option<i64> {
        self.due.iter().next().map(|(ms, _)| *ms)
    }

    /// The enrollment whose thread holds this Message-ID.
    pub fn enrollment_of_message(&self, message_id: &str) -> Option<&EnrollmentId> {
        self.by_message.get(message_id)
    }

    pub fn is_suppressed(&self, email: &str) -> Option<&Suppression> {
        self.suppression.get(&email.to_ascii_lowercase())
    }

    pub fn writable(&self) -> Result<(), String> {
        match &self.read_only {
            Some(why) => Err(why.clone()),
            None => Ok(()),
        }
    }
}
