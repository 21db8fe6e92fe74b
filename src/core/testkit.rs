//! Shared setup for the engine and send-protocol tests: a sequence, an enrolled thread and a
//! clock, on the in-memory ports.
use crate::core::account::ProviderKind;
use crate::core::enrollment::{Enrollment, Identity};
use crate::core::fakes::FakePorts;
use crate::core::ids::{EnrollmentId, SequenceId};
use crate::core::message::{PageAccount, RecipientInput, Request, Response, SentHint};
use crate::core::observed::ObservedMessage;
use crate::core::sequence::SequenceSpec;
use crate::core::service::{Caller, Service};
use crate::core::state::State;
use jiff::Timestamp;

pub const ORIGIN: &str = "http://127.0.0.1:18765";

/// Monday 2026-11-30 10:00 in Berlin.
pub fn monday_10_berlin() -> Timestamp {
    "2026-11-30T09:00:00Z".parse().unwrap()
}

pub fn spec(v: serde_json::Value) -> SequenceSpec {
    SequenceSpec::parse(v).unwrap()
}

/// Two follow-ups: 2 business days, then 72 hours; 09:00-17:00 Berlin; gap 60 s.
pub fn two_step() -> SequenceSpec {
    spec(serde_json::json!({"name": "Intro",
        "window": {"days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "17:00",
                   "timeZone": "Europe/Berlin"},
        "steps": [
          {"kind": "email", "thread": "same", "delay": {"businessDays": 2},
           "body": "Hi {{first_name|there}}, following up on my note below."},
          {"kind": "email", "thread": "same", "delay": {"hours": 72}, "body": "One last nudge."}]}))
}

pub struct Kit {
    pub ports: FakePorts,
    pub service: Service,
    pub seq: SequenceId,
}

impl Kit {
    pub fn new(spec: SequenceSpec) -> Kit {
        let ports = FakePorts::at(monday_10_berlin());
        let service = Service::new(State::default());
        let seq = pollster::block_on(service.create_sequence(&ports, spec)).unwrap();
        Kit {
            ports,
            service,
            seq,
        }
    }

    /// alice sends "Proposal" to bob and the compose window enrolls it.
    pub fn enroll(&self, to: &str, name: &str, root_id: &str) -> Result<EnrollmentId, String> {
        self.ports.mail.deliver(ObservedMessage {
            message_id: root_id.into(),
            from: "alice@mail.test".into(),
            subject: "Proposal".into(),
            sent_by_user: true,
            ..Default::default()
        });
        let req = Request::ComposeSent {
            account: PageAccount {
                provider: ProviderKind::Roundcube,
                user: "alice@mail.test".into(),
                account_index: None,
            },
            sequence_id: self.seq.clone(),
            identity: Identity {
                id: "1".into(),
                email: "alice@mail.test".into(),
                name: "Alice".into(),
            },
            recipients: vec![RecipientInput {
                email: to.into(),
                name: name.into(),
            }],
            subject: "Proposal".into(),
            body: "Hi Bob, are you interested?".into(),
            hint: SentHint {
                message_id: Some(root_id.into()),
                ..Default::default()
            },
        };
        match self.handle_webmail(req) {
            Response::Enrolled { id } => Ok(id),
            Response::Error { message } => Err(message),
            other => Err(format!("{other:?}")),
        }
    }

    pub fn handle_webmail(&self, req: Request) -> Response {
        let caller = Caller::Webmail {
            origin: ORIGIN.into(),
        };
        pollster::block_on(self.service.handle(&self.ports, &caller, req))
    }

    pub fn handle(&self, req: Request) -> Response {
        pollster::block_on(self.service.handle(&self.ports, &Caller::Page, req))
    }

    pub fn tick(&self) -> crate::core::runner::TickReport {
        pollster::block_on(self.service.tick(&self.ports))
    }

    pub fn e(&self, id: &EnrollmentId) -> Enrollment {
        self.service.state().enrollments[id].clone()
    }

    /// Moves the clock to just past the enrollment's next due time.
    pub fn jump_to_due(&self, id: &EnrollmentId) {
        let due = self.e(id).next_due.unwrap();
        self.ports
            .now
            .set(due.checked_add(jiff::Span::new().seconds(1)).unwrap());
    }

    pub fn sent_count(&self) -> usize {
        self.ports.mail.sent.borrow().len()
    }

    /// A restarted worker: same storage and mailbox, state loaded from storage.
    pub fn restart(&mut self) {
        let state = self.ports.store.load();
        self.service = Service::new(state);
    }
}
