//! Per-enrollment derived indexes, kept in step by `State::reindex`, so that a tick, an
//! observed message and an enroll cost what changed, not the number of enrollments.
use crate::core::enrollment::{Class, Enrollment, Status};
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::ports::{WatchSet, Watched};
use crate::core::sequence::StopOn;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

/// What one enrollment put into the indexes, so `remove` takes exactly that out again.
#[derive(Debug, Clone, Default)]
struct Entry {
    /// The account whose watch list holds this enrollment (active or paused).
    watched_by: Option<AccountId>,
    zone: Option<String>,
    /// Provider thread id, prospect addresses and their domains, while not terminal.
    thread: Option<String>,
    prospects: Vec<String>,
    domains: Vec<String>,
    tasks: usize,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    entries: HashMap<EnrollmentId, Entry>,
    /// Each account's watched threads. Shared (`Rc`) so a sync in flight holds its set
    /// without a copy; changed in place (`Rc::make_mut`) otherwise.
    watch: HashMap<AccountId, Rc<WatchSet>>,
    /// The stop rules each sequence had when its enrollments' watch entries were built.
    stops: HashMap<SequenceId, StopOn>,
    by_thread: HashMap<String, BTreeSet<EnrollmentId>>,
    by_prospect: HashMap<String, BTreeSet<EnrollmentId>>,
    by_domain: HashMap<String, BTreeSet<EnrollmentId>>,
    /// Prospect time zones, with how many enrollments name each.
    zones: BTreeMap<String, usize>,
    tasks: usize,
}

fn add(map: &mut HashMap<String, BTreeSet<EnrollmentId>>, key: &str, id: &EnrollmentId) {
    map.entry(key.to_owned()).or_default().insert(id.clone());
}

fn drop_from(map: &mut HashMap<String, BTreeSet<EnrollmentId>>, key: &str, id: &EnrollmentId) {
    if let Some(set) = map.get_mut(key) {
        set.remove(id);
        if set.is_empty() {
            map.remove(key);
        }
    }
}

/// The thread an enrollment watches, as providers get it.
pub fn watched_of(e: &Enrollment, stop: StopOn) -> Watched {
    // A bulk enrollment has no root until its first email is out.
    let mut ids: Vec<String> = Some(e.thread.root_message_id.clone())
        .filter(|r| !r.is_empty())
        .into_iter()
        .collect();
    for s in e.seen.iter().filter(|s| s.class == Class::Own) {
        if !ids.contains(&s.message_id) && !s.message_id.is_empty() {
            ids.push(s.message_id.clone());
        }
    }
    if let Some(a) = &e.attempt {
        if !ids.contains(&a.message_id) {
            ids.push(a.message_id.clone());
        }
    }
    Watched {
        enrollment: e.id.clone(),
        message_ids: ids,
        provider_thread_id: e.thread.provider_thread_id.clone(),
        prospects: e.recipients.iter().map(|r| r.email.clone()).collect(),
        watch_prospect_mail: stop.any_mail_from_prospect,
        watch_domain_mail: stop.any_mail_from_domain,
    }
}

impl Index {
    pub fn remove(&mut self, id: &EnrollmentId) {
        let Some(old) = self.entries.remove(id) else {
            return;
        };
        if let Some(a) = &old.watched_by {
            if let Some(w) = self.watch.get_mut(a) {
                Rc::make_mut(w).remove(id);
            }
        }
        if let Some(z) = &old.zone {
            if let Some(n) = self.zones.get_mut(z) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    self.zones.remove(z);
                }
            }
        }
        if let Some(t) = &old.thread {
            drop_from(&mut self.by_thread, t, id);
        }
        for p in &old.prospects {
            drop_from(&mut self.by_prospect, p, id);
        }
        for d in &old.domains {
            drop_from(&mut self.by_domain, d, id);
        }
        self.tasks = self.tasks.saturating_sub(old.tasks);
    }

    /// Indexes `e` (after `remove` took out its previous entry). `stop` is its sequence's.
    pub fn insert(&mut self, e: &Enrollment, stop: StopOn) {
        let id = &e.id;
        let mut entry = Entry {
            tasks: e.tasks.len(),
            ..Default::default()
        };
        self.tasks += entry.tasks;
        if let Some(z) = e.primary().and_then(|r| r.time_zone.clone()) {
            *self.zones.entry(z.clone()).or_default() += 1;
            entry.zone = Some(z);
        }
        if matches!(e.status, Status::Active | Status::Paused) {
            // Stale rules stay recorded as they were, so `refresh_stops` still sees them.
            self.stops.entry(e.sequence_id.clone()).or_insert(stop);
            let set = self.watch.entry(e.account.clone()).or_default();
            Rc::make_mut(set).put(watched_of(e, stop));
            entry.watched_by = Some(e.account.clone());
        }
        if !e.status.is_terminal() {
            if let Some(t) = &e.thread.provider_thread_id {
                add(&mut self.by_thread, t, id);
                entry.thread = Some(t.clone());
            }
            for r in &e.recipients {
                if !entry.prospects.contains(&r.email) {
                    add(&mut self.by_prospect, &r.email, id);
                    entry.prospects.push(r.email.clone());
                }
                let d = r.domain();
                if !entry.domains.iter().any(|x| x == d) {
                    add(&mut self.by_domain, d, id);
                    entry.domains.push(d.to_owned());
                }
            }
        }
        self.entries.insert(id.clone(), entry);
    }

    /// Sequences whose stop rules changed since their watch entries were built.
    pub fn stale_stops(&self, current: impl Fn(&SequenceId) -> StopOn) -> Vec<SequenceId> {
        self.stops
            .iter()
            .filter(|(id, s)| current(id) != **s)
            .map(|(id, _)| id.clone())
            .collect()
    }

    pub fn forget_stops(&mut self, id: &SequenceId) {
        self.stops.remove(id);
    }

    pub fn watched(&self, account: &AccountId) -> Rc<WatchSet> {
        self.watch.get(account).cloned().unwrap_or_default()
    }

    pub fn zones(&self) -> impl Iterator<Item = &String> {
        self.zones.keys()
    }

    pub fn tasks(&self) -> usize {
        self.tasks
    }

    pub fn in_thread(&self, thread: &str) -> impl Iterator<Item = &EnrollmentId> {
        self.by_thread.get(thread).into_iter().flatten()
    }

    pub fn of_prospect(&self, email: &str) -> impl Iterator<Item = &EnrollmentId> {
        self.by_prospect.get(email).into_iter().flatten()
    }

    pub fn of_domain(&self, domain: &str) -> impl Iterator<Item = &EnrollmentId> {
        self.by_domain.get(domain).into_iter().flatten()
    }
}
