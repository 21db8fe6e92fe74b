//! The send protocol and the tick, as DESIGN.md states them:
//! 1. mark the step `sending` (with an attempt id) in storage before anything leaves;
//! 2. re-read the thread (a new inbound message pauses instead of sending);
//! 3. the message carries a deterministic Message-ID; when a `sending` record survives a
//!    restart or a failure, look for that Message-ID first: if it is there, it was sent;
//! 4. record `sent` with the provider's ids, then schedule the next step.
use crate::core::account::{Account, ProviderKind, Session};
use crate::core::engine::{self, Ctx, EngineError, Input, PlannedSend};
use crate::core::enrollment::Status;
use crate::core::ids::{AccountId, EnrollmentId};
use crate::core::observed::ObservedMessage;
use crate::core::ports::{Checkpoint, MailError, MailPort, Ports, StorePort};
use crate::core::sequence::Step;
use crate::core::service::Service;
use crate::core::state::{State, Touched};
use crate::core::store::{Key, Record};
use crate::core::template::Template;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TickReport {
    pub sent: u32,
    pub paused: u32,
    pub waiting: u32,
    pub errors: Vec<String>,
}

enum SendResult {
    Sent,
    Paused,
    Waiting,
    Skipped,
    Failed(String),
}

impl Service {
    /// One sync, then every send due now that the cap and pacing allow. Ticks run one at a
    /// time. Provider failures are reported in `errors`, never thrown.
    pub async fn tick<P: Ports>(&self, ports: &P) -> TickReport {
        let _guard = self.tick_lock.lock().await;
        let mut report = TickReport::default();
        if let Some(why) = self.state.borrow().read_only.clone() {
            report.errors.push(why);
            return report;
        }
        let names = self.zones_needed();
        self.ensure_zones(ports, &names).await;

        let mut blocked: Vec<AccountId> = Vec::new();
        let accounts: Vec<Account> = self.state.borrow().accounts.values().cloned().collect();
        for account in accounts {
            let watched = self.state.borrow_mut().watched(&account.id);
            #[cfg(all(test, debug_assertions))]
            self.check_watched(&account.id, &watched);
            if watched.is_empty() {
                continue;
            }
            let synced = ports.mail().sync(&account, &watched).await;
            // The set is shared with the state: let go of it before the state changes.
            drop(watched);
            match synced {
                Ok(result) => {
                    self.set_session(ports, &account.id, Session::Ok, result.cursor)
                        .await;
                    report.paused += self
                        .observe(ports, &account.id, result.messages, &mut report)
                        .await;
                }
                Err(e) => {
                    report
                        .errors
                        .push(self.account_error(ports, &account, &e).await);
                    blocked.push(account.id.clone());
                }
            }
        }

        let plan = {
            let mut st = self.state.borrow_mut();
            let zones = self.zones.borrow();
            let ctx = Ctx {
                now: ports.now(),
                zones: &zones,
            };
            engine::plan(&mut st, &ctx)
        };
        let plan = match plan {
            Ok(p) => p,
            Err(e) => {
                report.errors.push(e.to_string());
                return report;
            }
        };
        report.waiting += plan.waiting;
        if let Err(e) = self.persist(ports, &plan.outcome.touched).await {
            report.errors.push(e.to_string());
        }
        self.effects(ports, &plan.outcome.effects);

        for p in plan.sends {
            let account = self
                .state
                .borrow()
                .enrollments
                .get(&p.id)
                .map(|e| e.account.clone());
            if account.as_ref().is_some_and(|a| blocked.contains(a)) {
                report.waiting += 1;
                continue;
            }
            match self.send_one(ports, &p).await {
                SendResult::Sent => report.sent += 1,
                SendResult::Paused => report.paused += 1,
                SendResult::Waiting => {
                    report.waiting += 1;
                    if let Some(a) = account {
                        blocked.push(a);
                    }
                }
                SendResult::Skipped => {}
                SendResult::Failed(msg) => report.errors.push(msg),
            }
        }
        report
    }

    async fn send_one<P: Ports>(&self, ports: &P, p: &PlannedSend) -> SendResult {
        let begun = {
            let mut st = self.state.borrow_mut();
            let zones = self.zones.borrow();
            let ctx = Ctx {
                now: ports.now(),
                zones: &zones,
            };
            engine::begin(&mut st, &ctx, &p.id, p.step, ports.new_id(), p.late_by_secs)
        };
        let begun = match begun {
            Ok(b) => b,
            Err(EngineError::Refused(why)) => {
                // begin() may have failed the enrollment (suppressed): save that.
                let _ = self
                    .persist(ports, &Touched::one(Key::Enrollment(p.id.clone())))
                    .await;
                return if self.is_active(&p.id) {
                    SendResult::Skipped
                } else {
                    SendResult::Failed(why)
                };
            }
            Err(e) => {
                return self
                    .fail(ports, p, MailError::Rejected(e.to_string()))
                    .await
            }
        };
        // 1. The `sending` record is on disk before anything leaves the machine.
        if let Err(e) = self.persist(ports, &begun.touched).await {
            return SendResult::Failed(e.to_string());
        }
        ports.checkpoint(Checkpoint::AfterSendingRecord).await;
        ports.checkpoint(Checkpoint::BeforePresendCheck).await;
        let Some(account) = self.account_of(&p.id) else {
            return SendResult::Failed(format!("the account of enrollment {} is unknown", p.id));
        };
        // 2. Pre-send check: a reply that landed since the tick decided stops the send.
        let watched = self.state.borrow().watched_one(&p.id);
        let Some(w) = watched else {
            return SendResult::Skipped;
        };
        match ports.mail().read_thread(&account, &w).await {
            Ok(messages) => {
                let mut scratch = TickReport::default();
                self.observe(ports, &account.id, messages, &mut scratch)
                    .await;
            }
            Err(e) => return self.fail(ports, p, e).await,
        }
        if !self.still_due(&p.id, p.step) {
            self.abandon(ports, &p.id).await;
            return SendResult::Paused;
        }
        // 3. A previous try may have gone out: look for its Message-ID before sending again.
        if begun.maybe_sent {
            match ports
                .mail()
                .find_sent(&account, &begun.outgoing.message_id)
                .await
            {
                Ok(Some(sent)) => return self.record_sent(ports, p, sent).await,
                Ok(None) => {}
                Err(e) => return self.fail(ports, p, e).await,
            }
        }
        let mut outgoing = begun.outgoing;
        outgoing.quote = self.previous_text(ports, &p.id).await;
        if !self.still_due(&p.id, p.step) {
            self.abandon(ports, &p.id).await;
            return SendResult::Skipped;
        }
        let result = ports.mail().send(&account, &outgoing).await;
        ports.checkpoint(Checkpoint::AfterHttpSend).await;
        match result {
            // 4. Record `sent`, then the next step is scheduled.
            Ok(sent) => self.record_sent(ports, p, sent).await,
            Err(e) => self.fail(ports, p, e).await,
        }
    }

    async fn record_sent<P: Ports>(
        &self,
        ports: &P,
        p: &PlannedSend,
        sent: crate::core::ports::SentRef,
    ) -> SendResult {
        match self
            .apply(
                ports,
                Input::Sent {
                    id: p.id.clone(),
                    step: p.step,
                    sent,
                },
            )
            .await
        {
            Ok(_) => SendResult::Sent,
            Err(e) => SendResult::Failed(e.to_string()),
        }
    }

    async fn fail<P: Ports>(&self, ports: &P, p: &PlannedSend, error: MailError) -> SendResult {
        let who = self.describe(&p.id);
        let sentence = match crate::core::enrollment::history_step(p.step) {
            Some(i) => format!("Follow-up {} to {who} did not go out: {error}", i + 1),
            None => format!("The first email to {who} did not go out: {error}"),
        };
        if error.blocks_account() {
            if let Some(account) = self.account_of(&p.id) {
                self.account_error(ports, &account, &error).await;
            }
        }
        let blocks = error.blocks_account();
        let input = Input::SendFailed {
            id: p.id.clone(),
            step: p.step,
            error,
        };
        if let Err(e) = self.apply(ports, input).await {
            return SendResult::Failed(e.to_string());
        }
        if blocks {
            SendResult::Waiting
        } else {
            SendResult::Failed(sentence)
        }
    }

    /// The send will not happen (a reply paused it, or the user acted): drop the attempt.
    async fn abandon<P: Ports>(&self, ports: &P, id: &EnrollmentId) {
        let changed = {
            let mut st = self.state.borrow_mut();
            match st.enrollments.get_mut(id) {
                Some(e) if e.attempt.is_some() => {
                    e.attempt = None;
                    true
                }
                _ => false,
            }
        };
        if changed {
            self.state.borrow_mut().reindex(id);
            let _ = self
                .persist(ports, &Touched::one(Key::Enrollment(id.clone())))
                .await;
        }
    }

    /// Applies observed messages; returns how many enrollments they stopped.
    pub(crate) async fn observe<P: Ports>(
        &self,
        ports: &P,
        account: &AccountId,
        messages: Vec<ObservedMessage>,
        report: &mut TickReport,
    ) -> u32 {
        if messages.is_empty() {
            return 0;
        }
        let input = Input::ThreadObserved {
            account: account.clone(),
            messages,
        };
        match self.apply(ports, input).await {
            Ok(o) => o.stopped,
            Err(e) => {
                report.errors.push(e.to_string());
                0
            }
        }
    }

    /// Layer 2: a thread is open in the webmail. Re-read the threads of enrollments whose
    /// prospects appear there, so a reply is caught at once.
    pub(crate) async fn check_threads_of<P: Ports>(
        &self,
        ports: &P,
        account: &AccountId,
        senders: &[String],
    ) {
        let Some(acct) = self.state.borrow().accounts.get(account).cloned() else {
            return;
        };
        // Through the per-prospect index: the cost follows the senders on the page, not N.
        let ids: std::collections::BTreeSet<EnrollmentId> = {
            let st = self.state.borrow();
            senders
                .iter()
                .flat_map(|s| st.enrollments_of_prospect(s))
                .filter(|id| {
                    st.enrollments.get(*id).is_some_and(|e| {
                        &e.account == account && matches!(e.status, Status::Active | Status::Paused)
                    })
                })
                .cloned()
                .collect()
        };
        for id in ids {
            let watched = self.state.borrow().watched_one(&id);
            let Some(w) = watched else { continue };
            if let Ok(messages) = ports.mail().read_thread(&acct, &w).await {
                let mut scratch = TickReport::default();
                self.observe(ports, account, messages, &mut scratch).await;
            }
        }
    }

    /// Tests only: the maintained watch list holds exactly what a walk over every
    /// enrollment finds.
    #[cfg(all(test, debug_assertions))]
    fn check_watched(&self, account: &AccountId, got: &crate::core::ports::WatchSet) {
        assert!(
            got.lookups_in_step(),
            "the watch lookups of {account} are out of step"
        );
        let st = self.state.borrow();
        let want: Vec<crate::core::ports::Watched> = st
            .enrollments
            .values()
            .filter(|e| {
                &e.account == account && matches!(e.status, Status::Active | Status::Paused)
            })
            .filter_map(|e| st.watched_one(&e.id))
            .collect();
        let mut got = got.as_slice().to_vec();
        got.sort_by(|a, b| a.enrollment.cmp(&b.enrollment));
        assert_eq!(got, want, "the watch list of {account} is out of step");
    }

    /// The text of the message a follow-up answers, for providers that quote it themselves.
    async fn previous_text<P: Ports>(&self, ports: &P, id: &EnrollmentId) -> Option<String> {
        let (prev, template, values) = {
            let st = self.state.borrow();
            let e = st.enrollments.get(id)?;
            let seq = st.sequences.get(&e.sequence_id)?;
            // The last email mailseq sent, in the version that went out: a step, or a bulk
            // enrollment's first email (a `sent` with no step).
            let prev = e
                .history
                .iter()
                .rev()
                .find(|h| h.event == crate::core::enrollment::Event::Sent);
            let version = prev.and_then(|h| h.variant).unwrap_or(0);
            let template = prev.and_then(|h| match h.step {
                Some(s) => match seq.spec.steps.get(s as usize) {
                    Some(Step::Email(m)) => Some(m.version(version).body.to_owned()),
                    _ => None,
                },
                None => seq
                    .spec
                    .first_email
                    .as_ref()
                    .map(|f| f.version(version).body.to_owned()),
            });
            (
                prev.is_some(),
                template,
                e.primary().map(|r| r.template_values()).unwrap_or_default(),
            )
        };
        match (prev, template) {
            (true, Some(t)) => Template::parse(&t).and_then(|t| t.render(&values)).ok(),
            _ => match ports.store().read(&Key::Body(id.clone()).to_key()).await {
                Ok(Some(Record::Body(b))) => Some(b.text),
                _ => None,
            },
        }
    }

    async fn set_session<P: Ports>(
        &self,
        ports: &P,
        id: &AccountId,
        session: Session,
        cursor: Option<String>,
    ) {
        let changed = {
            let mut st = self.state.borrow_mut();
            match st.accounts.get_mut(id) {
                Some(a) => {
                    let changed = a.session != session || (cursor.is_some() && a.cursor != cursor);
                    a.session = session;
                    if cursor.is_some() {
                        a.cursor = cursor;
                    }
                    changed
                }
                None => false,
            }
        };
        if changed {
            let _ = self
                .persist(ports, &Touched::one(Key::Account(id.clone())))
                .await;
        }
    }

    /// Records why an account cannot be used and returns the sentence for the user.
    async fn account_error<P: Ports>(&self, ports: &P, account: &Account, e: &MailError) -> String {
        let now = ports.now();
        let (session, sentence) = match e {
            MailError::SessionExpired(_) if account.provider == ProviderKind::Gmail => (
                Session::Expired { since: now },
                format!(
                    "Reconnect Gmail for {} in mailseq's options: follow-ups wait until you do.",
                    account.user
                ),
            ),
            MailError::SessionExpired(_) => (
                Session::Expired { since: now },
                format!(
                    "Log in to {} at {} as {}: follow-ups wait until you do.",
                    provider_name(account),
                    account.origin,
                    account.user
                ),
            ),
            other => (
                Session::Unreachable {
                    since: now,
                    message: other.to_string(),
                },
                format!(
                    "{} at {} could not be reached: {other}",
                    provider_name(account),
                    account.origin
                ),
            ),
        };
        let was_ok = matches!(account.session, Session::Ok);
        self.set_session(ports, &account.id, session, None).await;
        if was_ok
            && matches!(e, MailError::SessionExpired(_))
            && self.state.borrow().settings.notify_blocked
        {
            ports.notify(&sentence);
        }
        sentence
    }

    fn account_of(&self, id: &EnrollmentId) -> Option<Account> {
        let st = self.state.borrow();
        let e = st.enrollments.get(id)?;
        st.accounts.get(&e.account).cloned()
    }

    fn is_active(&self, id: &EnrollmentId) -> bool {
        self.state
            .borrow()
            .enrollments
            .get(id)
            .is_some_and(|e| e.status == Status::Active)
    }

    fn still_due(&self, id: &EnrollmentId, step: u32) -> bool {
        let st: std::cell::Ref<'_, State> = self.state.borrow();
        let seq_active = |e: &crate::core::enrollment::Enrollment| {
            st.sequences
                .get(&e.sequence_id)
                .is_some_and(|s| s.state == crate::core::sequence::SequenceState::Active)
        };
        st.enrollments
            .get(id)
            .is_some_and(|e| e.status == Status::Active && e.due_step() == step && seq_active(e))
    }

    fn describe(&self, id: &EnrollmentId) -> String {
        self.state
            .borrow()
            .enrollments
            .get(id)
            .and_then(|e| e.primary().map(|r| r.email.clone()))
            .unwrap_or_else(|| id.to_string())
    }
}

fn provider_name(a: &Account) -> &'static str {
    match a.provider {
        crate::core::account::ProviderKind::Roundcube => "Roundcube",
        crate::core::account::ProviderKind::Gmail => "Gmail",
    }
}

#[allow(unused_imports)]
use StorePort as _;
