//! Fixtures shared by the view tests: one design-example sequence in Europe/Berlin and
//! enrollments built field by field, so each test states only what it is about.
mod craft;
mod editor;
mod live;
mod options;
mod panel;
mod upcoming;

use crate::core::enrollment::{
    Enrollment, Event, HistoryEntry, Identity, Recipient, Status, Thread,
};
use crate::core::ids::{AccountId, EnrollmentId, SequenceId};
use crate::core::sequence::{Sequence, SequenceSpec, SequenceState};
use crate::core::state::State;
use crate::core::view::ViewCtx;
use jiff::Timestamp;
use serde_json::json;

pub(super) fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

pub(super) fn ctx(now: &str, zone: &str) -> ViewCtx {
    ViewCtx::new(ts(now), jiff::tz::db().get(zone).unwrap())
}

pub(super) fn design_spec() -> SequenceSpec {
    SequenceSpec::parse(json!({"name": "Intro",
     "window": {"days": ["mon","tue","wed","thu","fri"], "from": "09:00", "to": "17:00",
                "timeZone": "Europe/Berlin"},
     "holidays": ["2026-12-25"],
     "steps": [
       {"kind": "email", "thread": "same", "delay": {"businessDays": 2},
        "body": "Hi {{first_name|there}}, following up on my note below."},
       {"kind": "task", "channel": "call", "delay": {"days": 1}, "note": "Call them"},
       {"kind": "email", "thread": "new", "delay": {"hours": 72},
        "subject": "One more idea", "body": "Last note from me."}]}))
    .unwrap()
}

pub(super) fn sequence(id: &str, spec: SequenceSpec, state: SequenceState) -> Sequence {
    Sequence {
        id: SequenceId::from(id),
        spec,
        state,
        rev: 0,
        created_at: ts("2026-11-01T00:00:00Z"),
    }
}

pub(super) fn enrollment(id: &str, email: &str, name: &str) -> Enrollment {
    Enrollment {
        id: EnrollmentId::from(id),
        sequence_id: SequenceId::from("s-1"),
        account: AccountId::from("acct-1"),
        identity: Identity {
            id: String::new(),
            email: "me@example.org".into(),
            name: "Me".into(),
        },
        recipients: vec![Recipient {
            email: email.into(),
            name: name.into(),
            fields: Default::default(),
            time_zone: None,
        }],
        thread: Thread::default(),
        status: Status::Active,
        status_reason: None,
        step_index: 0,
        next_due: None,
        anchor: ts("2026-11-20T10:00:00Z"),
        send_now: false,
        attempt: None,
        tasks: Vec::new(),
        seen: Vec::new(),
        history: vec![entry("2026-11-20T10:00:00Z", Event::Enrolled, None, None)],
        sequence_rev: 0,
        awaiting_first_email: false,
    }
}

pub(super) fn entry(
    at: &str,
    event: Event,
    step: Option<u32>,
    detail: Option<&str>,
) -> HistoryEntry {
    HistoryEntry {
        at: ts(at),
        event,
        step,
        detail: detail.map(str::to_owned),
        variant: None,
    }
}

/// The design sequence as `s-1`, plus the given enrollments.
pub(super) fn state_with(enrollments: Vec<Enrollment>) -> State {
    let mut st = State::default();
    st.sequences.insert(
        SequenceId::from("s-1"),
        sequence("s-1", design_spec(), SequenceState::Active),
    );
    for e in enrollments {
        st.enrollments.insert(e.id.clone(), e);
    }
    st
}
