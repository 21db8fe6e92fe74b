//! The service: the engine plus its ports, as the background runs it. It owns the state in
//! memory, applies inputs, and writes exactly the touched records in one call per event.
use crate::core::account::{Account, ProviderKind, Session};
use crate::core::engine::{
    self, check_recipients, Ctx, Effect, EngineError, EnrollInput, Input, Outcome,
};
use crate::core::enrollment::{Identity, Thread};
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::lock::AsyncLock;
use crate::core::message::{PageAccount, Request, Response, SequenceSummary};
use crate::core::ports::{Composed, MailPort, Ports, StorePort};
use crate::core::sequence::{SequenceSpec, SequenceState};
use crate::core::state::{State, Touched};
use crate::core::store::{Body, Key, Record};
use crate::core::time::Zones;
use std::cell::{Ref, RefCell};

mod bulk;
mod gmail;
pub use bulk::MAX_CHUNK;
pub use gmail::{gmail_origin, GmailLink, GMAIL_ORIGIN};

/// Who sent a request. The background decides this from the browser's sender information,
/// never from the message itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The extension's own pages (side panel, options).
    Page,
    /// A content script in a webmail page at this origin.
    Webmail { origin: String },
}

pub struct Service {
    pub(crate) state: RefCell<State>,
    pub(crate) zones: RefCell<Zones>,
    /// Records whose write failed; they go again with the next write so nothing is lost.
    pending: RefCell<Touched>,
    pub(crate) tick_lock: AsyncLock,
}

impl Service {
    pub fn new(state: State) -> Service {
        Service {
            state: RefCell::new(state),
            zones: RefCell::new(Zones::default()),
            pending: RefCell::new(Touched::default()),
            tick_lock: AsyncLock::default(),
        }
    }

    pub fn state(&self) -> Ref<'_, State> {
        self.state.borrow()
    }

    /// Zone names the state refers to (sequences, prospects, the user's display zone).
    pub fn zones_needed(&self) -> Vec<String> {
        let st = self.state.borrow();
        // Prospect zones come from an index kept with the enrollments: no walk over them.
        let mut names: Vec<String> = st
            .sequences
            .values()
            .map(|s| s.spec.window.time_zone.clone())
            .chain(st.prospect_zones().cloned())
            .chain(st.settings.time_zone.clone())
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Loads any zone in `names` that is not loaded yet. Unknown names are left out; whatever
    /// uses them then fails with a clear "unknown time zone".
    pub async fn ensure_zones<P: Ports>(&self, ports: &P, names: &[String]) {
        for name in names {
            if self.zones.borrow().contains(name) || self.zones.borrow().get(name).is_ok() {
                continue;
            }
            if let Some(bytes) = ports.zone(name).await {
                let _ = self.zones.borrow_mut().insert_tzif(name, &bytes);
            }
        }
    }

    /// Applies one input at the ports' clock and writes what it touched.
    pub async fn apply<P: Ports>(&self, ports: &P, input: Input) -> Result<Outcome, EngineError> {
        let outcome = {
            let mut st = self.state.borrow_mut();
            let zones = self.zones.borrow();
            let ctx = Ctx {
                now: ports.now(),
                zones: &zones,
            };
            engine::apply(&mut st, &ctx, input)?
        };
        self.persist(ports, &outcome.touched).await?;
        self.effects(ports, &outcome.effects);
        Ok(outcome)
    }

    /// Writes the touched records (plus any that failed before) in one storage call.
    pub(crate) async fn persist<P: Ports>(
        &self,
        ports: &P,
        touched: &Touched,
    ) -> Result<(), EngineError> {
        let mut all = self.pending.replace(Touched::default());
        all.merge(touched.clone());
        if all.is_empty() {
            return Ok(());
        }
        let batch = self.state.borrow().batch(&all);
        match ports.store().write(batch).await {
            Ok(()) => Ok(()),
            Err(e) => {
                self.pending.borrow_mut().merge(all);
                let msg = format!("Could not save changes ({e}). They are kept and saved again with the next change.");
                ports.notify(&msg);
                Err(EngineError::Refused(msg))
            }
        }
    }

    pub(crate) fn effects<P: Ports>(&self, ports: &P, effects: &[Effect]) {
        if !self.state.borrow().settings.notify_blocked {
            return;
        }
        for Effect::Blocked(msg) in effects {
            ports.notify(msg);
        }
    }

    /// Creates a sequence (the options page and the test hook both come here).
    pub async fn create_sequence<P: Ports>(
        &self,
        ports: &P,
        spec: SequenceSpec,
    ) -> Result<SequenceId, EngineError> {
        self.ensure_zones(ports, std::slice::from_ref(&spec.window.time_zone))
            .await;
        let id = SequenceId(format!("s-{}", ports.new_id()));
        self.apply(
            ports,
            Input::CreateSequence {
                id: id.clone(),
                spec,
            },
        )
        .await?;
        Ok(id)
    }

    pub async fn handle<P: Ports>(&self, ports: &P, caller: &Caller, req: Request) -> Response {
        match self.handle_inner(ports, caller, req).await {
            Ok(r) => r,
            Err(e) => Response::error(e.to_string()),
        }
    }

    async fn handle_inner<P: Ports>(
        &self,
        ports: &P,
        caller: &Caller,
        req: Request,
    ) -> Result<Response, EngineError> {
        let from_webmail = matches!(
            req,
            Request::ListSequences { .. }
                | Request::CheckEnroll { .. }
                | Request::ComposeArmed { .. }
                | Request::ComposeSent { .. }
                | Request::ThreadOpened { .. }
        );
        match (caller, from_webmail) {
            (Caller::Webmail { .. }, false) => {
                return Err(EngineError::Refused(
                    "webmail pages may not send this request".into(),
                ))
            }
            (Caller::Page, true) => {
                return Err(EngineError::Refused(
                    "this request comes only from a webmail page".into(),
                ))
            }
            _ => {}
        }
        // Gmail pages speak only for a connected account (see service/gmail.rs).
        let gmail_problem = match (&req, caller) {
            (
                Request::ListSequences { account }
                | Request::CheckEnroll { account, .. }
                | Request::ComposeSent { account, .. },
                Caller::Webmail { origin },
            ) if account.provider == ProviderKind::Gmail => {
                self.gmail_account(origin, account).err()
            }
            _ => None,
        };
        Ok(match req {
            Request::ListSequences { .. } => {
                let st = self.state.borrow();
                let sequences = st
                    .sequences
                    .values()
                    .filter(|s| s.state != SequenceState::Archived)
                    .map(|s| SequenceSummary {
                        id: s.id.clone(),
                        name: s.spec.name.clone(),
                    })
                    .collect();
                let reason = st
                    .read_only
                    .clone()
                    .or_else(|| gmail_problem.map(|e| e.to_string()));
                Response::Sequences {
                    sequences,
                    enabled: reason.is_none(),
                    reason,
                }
            }
            Request::CheckEnroll {
                sequence_id,
                recipients,
                ..
            } => {
                let st = self.state.borrow();
                let error = st
                    .writable()
                    .err()
                    .or_else(|| gmail_problem.map(|e| e.to_string()))
                    .or_else(|| {
                        check_recipients(&st, &sequence_id, &recipients)
                            .err()
                            .map(|e| e.to_string())
                    });
                Response::EnrollCheck { error }
            }
            Request::ComposeSent {
                account,
                sequence_id,
                identity,
                recipients,
                subject,
                body,
                hint,
            } => {
                let Caller::Webmail { origin } = caller else {
                    return Err(EngineError::Refused("not from a webmail page".into()));
                };
                if let Some(e) = gmail_problem {
                    return Err(e);
                }
                let id = self
                    .enroll_composed(
                        ports,
                        origin,
                        account,
                        sequence_id,
                        identity,
                        recipients,
                        subject,
                        body,
                        hint,
                    )
                    .await?;
                Response::Enrolled { id }
            }
            Request::ComposeArmed {
                account, draft_uid, ..
            } => {
                let Caller::Webmail { origin } = caller else {
                    return Err(EngineError::Refused("not from a webmail page".into()));
                };
                // Read-only: no account record is made until an email is really enrolled.
                let acct = self.page_accounts(origin, &account).into_iter().next();
                let acct = acct.unwrap_or_else(|| Account {
                    id: account_id(
                        account.provider,
                        &page_origin(origin, &account),
                        &account.user,
                    ),
                    provider: account.provider,
                    origin: page_origin(origin, &account),
                    user: account.user.to_ascii_lowercase(),
                    own_addresses: Vec::new(),
                    cursor: None,
                    session: Session::Ok,
                });
                let message_id = ports
                    .mail()
                    .draft_message_id(&acct, &draft_uid)
                    .await
                    .map_err(|e| {
                        EngineError::Refused(format!("Could not read the saved draft: {e}"))
                    })?;
                Response::Armed { message_id }
            }
            Request::ThreadOpened { account, messages } => {
                let Caller::Webmail { origin } = caller else {
                    return Err(EngineError::Refused("not from a webmail page".into()));
                };
                let senders: Vec<String> = messages
                    .iter()
                    .map(|m| m.from.to_ascii_lowercase())
                    .collect();
                for acct in self.page_accounts(origin, &account) {
                    self.check_threads_of(ports, &acct.id, &senders).await;
                }
                Response::Ok
            }
            Request::CreateSequence { sequence } => Response::Created {
                id: self.create_sequence(ports, sequence).await?,
            },
            Request::UpdateSequence { id, sequence } => {
                self.ensure_zones(ports, std::slice::from_ref(&sequence.window.time_zone))
                    .await;
                self.apply(ports, Input::UpdateSequence { id, spec: sequence })
                    .await?;
                Response::Ok
            }
            Request::DuplicateSequence { id } => {
                let new_id = SequenceId(format!("s-{}", ports.new_id()));
                self.apply(
                    ports,
                    Input::DuplicateSequence {
                        id,
                        new_id: new_id.clone(),
                    },
                )
                .await?;
                Response::Created { id: new_id }
            }
            Request::SetSequenceState { id, state } => {
                self.apply(ports, Input::SetSequenceState { id, state })
                    .await?;
                Response::Ok
            }
            Request::Enrollment { id, action } => {
                self.apply(ports, Input::User { id, action }).await?;
                Response::Ok
            }
            Request::TaskDone { id, step } => {
                self.apply(ports, Input::TaskDone { id, step }).await?;
                Response::Ok
            }
            Request::Remark {
                id,
                message_id,
                class,
            } => {
                self.apply(
                    ports,
                    Input::Remark {
                        id,
                        message_id,
                        class,
                    },
                )
                .await?;
                Response::Ok
            }
            Request::EnableRoundcube { origin } | Request::DisableRoundcube { origin }
                if !is_web_origin(&origin) =>
            {
                return Err(EngineError::Refused(format!(
                    "“{origin}” is not a web address like https://mail.example.com"
                )))
            }
            Request::EnableRoundcube { origin } => {
                self.update_settings(ports, |s| {
                    if !s.roundcube_origins.contains(&origin) {
                        s.roundcube_origins.push(origin.clone());
                    }
                })
                .await?;
                Response::Ok
            }
            Request::DisableRoundcube { origin } => {
                self.update_settings(ports, |s| s.roundcube_origins.retain(|o| *o != origin))
                    .await?;
                Response::Ok
            }
            Request::SaveSettings { settings } => {
                if let Some(tz) = &settings.time_zone {
                    self.ensure_zones(ports, std::slice::from_ref(tz)).await;
                    self.zones.borrow().get(tz)?;
                }
                self.update_settings(ports, |s| *s = settings.clone())
                    .await?;
                Response::Ok
            }
            Request::Export => Response::Exported {
                data: crate::core::transfer::export(&self.state.borrow(), ports.now()),
            },
            Request::Import { data } => {
                let names: Vec<String> = data
                    .sequences
                    .iter()
                    .map(|s| s.sequence.window.time_zone.clone())
                    .collect();
                self.ensure_zones(ports, &names).await;
                let (touched, sequences, enrollments) = {
                    let mut st = self.state.borrow_mut();
                    st.writable().map_err(EngineError::ReadOnly)?;
                    crate::core::transfer::import(&mut st, &self.zones.borrow(), data)?
                };
                self.persist(ports, &touched).await?;
                Response::Imported {
                    sequences,
                    enrollments,
                }
            }
            Request::EnrollProspects {
                sequence_id,
                account,
                identity,
                prospects,
            } => {
                let (enrolled, refused) = self
                    .enroll_prospects(ports, sequence_id, account, identity, prospects)
                    .await?;
                Response::EnrolledProspects { enrolled, refused }
            }
            Request::Tick => Response::Ticked {
                report: self.tick(ports).await,
            },
            Request::EnrollOpenThread {
                account,
                thread_id,
                sequence_id,
            } => Response::Enrolled {
                id: self
                    .enroll_open_thread(ports, account, thread_id, sequence_id)
                    .await?,
            },
            // Both need the browser (a sign-in window, a tab): the background answers them.
            Request::ConnectGmail { .. } | Request::DescribePage => {
                return Err(EngineError::Refused(
                    "this request is not for mailseq's background".into(),
                ))
            }
        })
    }

    async fn update_settings<P: Ports>(
        &self,
        ports: &P,
        f: impl FnOnce(&mut crate::core::settings::Settings),
    ) -> Result<(), EngineError> {
        {
            let mut st = self.state.borrow_mut();
            st.writable().map_err(EngineError::ReadOnly)?;
            f(&mut st.settings);
        }
        self.persist(ports, &Touched::one(Key::Settings)).await
    }

    #[allow(clippy::too_many_arguments)]
    async fn enroll_composed<P: Ports>(
        &self,
        ports: &P,
        origin: &str,
        page: PageAccount,
        sequence_id: SequenceId,
        identity: Identity,
        recipients: Vec<crate::core::message::RecipientInput>,
        subject: String,
        body: String,
        hint: crate::core::message::SentHint,
    ) -> Result<EnrollmentId, EngineError> {
        self.state
            .borrow()
            .writable()
            .map_err(EngineError::ReadOnly)?;
        // Refuse before asking the provider anything: a send made anyway stays a plain email.
        check_recipients(&self.state.borrow(), &sequence_id, &recipients)?;
        let user = if page.user.is_empty() {
            identity.email.to_ascii_lowercase()
        } else {
            page.user.to_ascii_lowercase()
        };
        let account = match page.provider {
            ProviderKind::Gmail => self.gmail_account(origin, &page)?,
            ProviderKind::Roundcube => {
                let origin = page_origin(origin, &page);
                self.ensure_account(ports, page.provider, &origin, &user)
                    .await?
            }
        };
        // Gmail shows no From field when the account has no alias: the account's address.
        let identity = if identity.email.trim().is_empty() {
            Identity {
                id: account.user.clone(),
                email: account.user.clone(),
                name: identity.name,
            }
        } else {
            identity
        };
        let composed = Composed {
            hint,
            to: recipients
                .iter()
                .map(|r| r.email.trim().to_ascii_lowercase())
                .collect(),
            subject: subject.clone(),
        };
        let found = ports
            .mail()
            .find_composed(&account, &composed)
            .await
            .map_err(|e| {
                EngineError::Refused(format!("Could not find the sent email to enroll it: {e}"))
            })?
            .ok_or_else(|| {
                EngineError::Refused(
                    "The sent email was not found in Sent, so it was not enrolled.".into(),
                )
            })?;
        // The sent message's own From is the identity follow-ups go from (Gmail's page shows
        // no From field without aliases; the provider's copy is what really went out).
        let identity = match &found.from {
            Some(f) if account.provider == ProviderKind::Gmail && !f.email.trim().is_empty() => {
                Identity {
                    id: f.email.trim().to_ascii_lowercase(),
                    email: f.email.trim().to_ascii_lowercase(),
                    name: if f.name.trim().is_empty() {
                        identity.name
                    } else {
                        f.name.clone()
                    },
                }
            }
            _ => identity,
        };
        let thread = Thread {
            subject: if found.subject.is_empty() {
                subject
            } else {
                found.subject
            },
            root_message_id: found.message_id,
            references: found.references,
            provider_thread_id: found.provider_thread_id,
        };
        let id = self
            .enroll_thread(
                ports,
                sequence_id,
                &account.id,
                identity,
                recipients,
                thread,
            )
            .await?;
        if !body.trim().is_empty() {
            // The body is only read when a follow-up quotes it; a failed write loses the quote,
            // not the enrollment.
            let _ = ports
                .store()
                .write(vec![(
                    Key::Body(id.clone()).to_key(),
                    Some(Record::Body(Body { text: body })),
                )])
                .await;
        }
        Ok(id)
    }

    /// Enrolls a thread the user already sent, under a fresh enrollment id.
    pub(super) async fn enroll_thread<P: Ports>(
        &self,
        ports: &P,
        sequence_id: SequenceId,
        account: &AccountId,
        identity: Identity,
        recipients: Vec<crate::core::message::RecipientInput>,
        thread: Thread,
    ) -> Result<EnrollmentId, EngineError> {
        let id = EnrollmentId(format!("e-{}", ports.new_id()));
        self.apply(
            ports,
            Input::Enroll(Box::new(EnrollInput {
                id: id.clone(),
                sequence_id,
                account: account.clone(),
                identity,
                recipients,
                thread,
            })),
        )
        .await?;
        Ok(id)
    }

    async fn ensure_account<P: Ports>(
        &self,
        ports: &P,
        provider: ProviderKind,
        origin: &str,
        user: &str,
    ) -> Result<Account, EngineError> {
        let id = account_id(provider, origin, user);
        if let Some(a) = self.state.borrow().accounts.get(&id) {
            return Ok(a.clone());
        }
        let account = Account {
            id: id.clone(),
            provider,
            origin: origin.to_owned(),
            user: user.to_owned(),
            own_addresses: Vec::new(),
            cursor: None,
            session: Session::Ok,
        };
        self.state
            .borrow_mut()
            .accounts
            .insert(id.clone(), account.clone());
        self.persist(ports, &Touched::one(Key::Account(id))).await?;
        Ok(account)
    }

    /// The accounts a webmail page speaks for: the one with the page's user, or, when the
    /// page cannot tell its login (a Roundcube compose page shows identities, not the
    /// login), every account of that provider at that origin.
    fn page_accounts(&self, origin: &str, page: &PageAccount) -> Vec<Account> {
        let origin = page_origin(origin, page);
        let st = self.state.borrow();
        let exact = account_id(page.provider, &origin, &page.user.to_ascii_lowercase());
        if let Some(a) = st.accounts.get(&exact) {
            return vec![a.clone()];
        }
        st.accounts
            .values()
            .filter(|a| a.provider == page.provider && a.origin == origin)
            .cloned()
            .collect()
    }

    /// Badge count: due tasks plus follow-ups that are due but waiting.
    pub fn badge_count(&self, now: jiff::Timestamp) -> usize {
        let st = self.state.borrow();
        let tasks = st.task_count();
        tasks + st.due_until(now.as_millisecond()).len()
    }

    /// Whether any thread is watched for replies (an enrollment that is active or paused).
    pub fn is_watching(&self) -> bool {
        use crate::core::enrollment::Status;
        self.state
            .borrow()
            .enrollments
            .values()
            .any(|e| matches!(e.status, Status::Active | Status::Paused))
    }

    /// When the alarm should next wake the worker.
    pub fn next_wakeup(&self) -> Option<jiff::Timestamp> {
        self.state
            .borrow()
            .earliest_due()
            .map(crate::core::time::from_ms)
    }
}

/// Gmail accounts are told apart by `/u/N`; a Roundcube account by its origin.
fn page_origin(origin: &str, page: &PageAccount) -> String {
    match (page.provider, page.account_index) {
        (ProviderKind::Gmail, Some(n)) => format!("{origin}/mail/u/{n}"),
        _ => origin.to_owned(),
    }
}

pub fn account_id(provider: ProviderKind, origin: &str, user: &str) -> AccountId {
    let p = match provider {
        ProviderKind::Roundcube => "roundcube",
        ProviderKind::Gmail => "gmail",
    };
    AccountId(format!("{p}:{origin}:{user}"))
}

fn is_web_origin(origin: &str) -> bool {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!(rest, Some(host) if !host.is_empty() && !host.contains('/') && !host.contains(char::is_whitespace))
}

// MailPort is used through Ports; keep the trait in scope for `ports.mail().x()` calls.
#[allow(unused_imports)]
use MailPort as _;
#[allow(unused_imports)]
use StorePort as _;
