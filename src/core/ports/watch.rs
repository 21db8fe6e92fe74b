//! The threads one account watches, with the lookups a sync matches new mail against, so
//! matching a message costs that message, not the number of watched threads. The engine keeps
//! one set per account in step with its enrollments (`State::reindex`); providers and the
//! fake only read it.
use super::Watched;
use crate::core::ids::EnrollmentId;
use crate::core::observed::{bare_id, ObservedMessage};
use std::collections::HashMap;

/// How many watched threads hold each key: one thread leaving must not unwatch a key another
/// still holds.
type Counts = HashMap<String, usize>;

fn count(map: &mut Counts, key: String) {
    *map.entry(key).or_default() += 1;
}

fn uncount(map: &mut Counts, key: &str) {
    if let Some(n) = map.get_mut(key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(key);
        }
    }
}

/// The part of an address after the last `@`; None without one.
fn domain(address: &str) -> Option<&str> {
    address
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty())
}

/// The lookups over a whole set, derived from its threads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Lookups {
    /// Our Message-IDs, bare and lower case (providers compare them case-insensitively).
    ids: Counts,
    /// Provider thread ids, as the provider gives them.
    threads: Counts,
    /// Prospects (trimmed, lower case) of threads whose sequence stops on any mail from them.
    prospects: Counts,
    /// Their domains (lower case), for threads whose sequence stops on any mail from it.
    domains: Counts,
    /// Threads only a message's headers can match: no provider thread id, or a sender rule.
    header_only: usize,
}

impl Lookups {
    /// Adds (`add`) or takes out one thread's keys: the same keys both ways.
    fn apply(&mut self, w: &Watched, add: bool) {
        let bump = |map: &mut Counts, key: String| {
            if add {
                count(map, key);
            } else {
                uncount(map, &key);
            }
        };
        for m in w.message_ids.iter().filter(|m| !m.is_empty()) {
            bump(&mut self.ids, bare_id(m).to_ascii_lowercase());
        }
        if let Some(t) = &w.provider_thread_id {
            bump(&mut self.threads, t.clone());
        }
        for p in &w.prospects {
            let p = p.trim().to_ascii_lowercase();
            if w.watch_domain_mail {
                if let Some(d) = domain(&p) {
                    bump(&mut self.domains, d.to_owned());
                }
            }
            if w.watch_prospect_mail {
                bump(&mut self.prospects, p);
            }
        }
        let header_only =
            w.provider_thread_id.is_none() || w.watch_prospect_mail || w.watch_domain_mail;
        if header_only {
            self.header_only = if add {
                self.header_only + 1
            } else {
                self.header_only.saturating_sub(1)
            };
        }
    }
}

/// The threads an account watches, for `MailPort::sync`.
#[derive(Debug, Clone, Default)]
pub struct WatchSet {
    list: Vec<Watched>,
    pos: HashMap<EnrollmentId, usize>,
    lookups: Lookups,
}

impl From<Vec<Watched>> for WatchSet {
    fn from(list: Vec<Watched>) -> WatchSet {
        let mut set = WatchSet::default();
        for w in list {
            set.put(w);
        }
        set
    }
}

impl WatchSet {
    /// Adds a thread, or replaces the one of the same enrollment.
    pub fn put(&mut self, w: Watched) {
        self.lookups.apply(&w, true);
        match self
            .pos
            .get(&w.enrollment)
            .and_then(|i| self.list.get_mut(*i))
        {
            Some(slot) => {
                let old = std::mem::replace(slot, w);
                self.lookups.apply(&old, false);
            }
            None => {
                self.pos.insert(w.enrollment.clone(), self.list.len());
                self.list.push(w);
            }
        }
    }

    pub fn remove(&mut self, id: &EnrollmentId) {
        let Some(i) = self.pos.remove(id) else {
            return;
        };
        if i < self.list.len() {
            let old = self.list.swap_remove(i);
            self.lookups.apply(&old, false);
            if let Some(moved) = self.list.get(i) {
                self.pos.insert(moved.enrollment.clone(), i);
            }
        }
    }

    /// Every watched thread, in no particular order.
    pub fn as_slice(&self) -> &[Watched] {
        &self.list
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Watched> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Is this one of our Message-IDs (bare, any case)?
    pub fn holds_id(&self, message_id: &str) -> bool {
        !message_id.is_empty()
            && self
                .lookups
                .ids
                .contains_key(&message_id.to_ascii_lowercase())
    }

    /// Does the message carry, or answer, one of our Message-IDs?
    pub fn answers(&self, m: &ObservedMessage) -> bool {
        self.holds_id(&m.message_id) || m.ancestors().any(|a| self.holds_id(a))
    }

    pub fn has_thread(&self, provider_thread_id: &str) -> bool {
        self.lookups.threads.contains_key(provider_thread_id)
    }

    /// Is `from` (lower case) a prospect, or at a domain, whose mail a stop rule watches?
    pub fn watches_sender(&self, from: &str) -> bool {
        self.lookups.prospects.contains_key(from)
            || domain(from).is_some_and(|d| self.lookups.domains.contains_key(d))
    }

    /// Some thread can be matched only by a message's headers (it has no provider thread
    /// id, or its sequence stops on any mail from the prospect or domain).
    pub fn needs_headers(&self) -> bool {
        self.lookups.header_only > 0
    }

    /// Tests: the lookups are what building the set afresh from its threads gives.
    #[cfg(test)]
    pub fn lookups_in_step(&self) -> bool {
        WatchSet::from(self.list.clone()).lookups == self.lookups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(id: &str, ids: &[&str], thread: Option<&str>, prospect: &str, rules: bool) -> Watched {
        Watched {
            enrollment: EnrollmentId(id.into()),
            message_ids: ids.iter().map(|s| s.to_string()).collect(),
            provider_thread_id: thread.map(str::to_owned),
            prospects: vec![prospect.into()],
            watch_prospect_mail: rules,
            watch_domain_mail: rules,
        }
    }

    #[test]
    fn a_key_two_threads_hold_stays_until_both_leave() {
        let mut s = WatchSet::from(vec![
            w("a", &["Root@X"], Some("t1"), "p@d.test", true),
            w("b", &["root@x"], Some("t1"), "q@d.test", false),
        ]);
        assert!(s.holds_id("ROOT@x") && s.has_thread("t1") && s.watches_sender("z@d.test"));
        s.remove(&EnrollmentId("a".into()));
        assert!(s.holds_id("root@x") && s.has_thread("t1"));
        assert!(!s.watches_sender("z@d.test") && !s.watches_sender("q@d.test"));
        assert!(!s.needs_headers());
        s.put(w("b", &["other@x"], None, "q@d.test", false));
        assert!(!s.holds_id("root@x") && s.holds_id("other@x") && !s.has_thread("t1"));
        assert!(s.needs_headers() && s.lookups_in_step());
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn a_message_answering_our_id_is_matched_by_its_ancestors() {
        let s = WatchSet::from(vec![w("a", &["root@x"], None, "p@d.test", false)]);
        let reply = ObservedMessage {
            message_id: "r@y".into(),
            in_reply_to: vec!["root@x".into()],
            ..Default::default()
        };
        assert!(s.answers(&reply));
        assert!(!s.answers(&ObservedMessage::default()));
    }
}
