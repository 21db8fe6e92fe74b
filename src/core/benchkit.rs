//! Engine-scale figures for `make bench`: a state with N active enrollments on the in-memory
//! ports, and the cost of a tick, of one enroll, and the storage bytes each event writes.
//! The same code runs natively (`cargo test --release -- --ignored bench`) and in wasm (the
//! test build's `mailseqTest.benchEngine`), each with its own clock for elapsed time.
//! Compiled only for tests and the test build.
use crate::core::account::ProviderKind;
use crate::core::enrollment::{Enrollment, Identity};
use crate::core::fakes::FakePorts;
use crate::core::ids::{EnrollmentId, SequenceId};
use crate::core::message::{PageAccount, RecipientInput, Request, Response, SentHint};
use crate::core::observed::ObservedMessage;
use crate::core::sequence::SequenceSpec;
use crate::core::service::{Caller, Service};
use crate::core::state::State;
use crate::core::store::{Key, Record};
use jiff::{Span, Timestamp};
use serde::Serialize;

/// Seconds between two seeded due times: more than the pacing gap, so each step of the clock
/// releases exactly one send.
const SPACING_SECS: i64 = 61;

fn spec() -> Result<SequenceSpec, String> {
    SequenceSpec::parse(serde_json::json!({"name": "Bench",
        "window": {"days": ["mon","tue","wed","thu","fri","sat","sun"], "from": "00:00",
                   "to": "24:00", "timeZone": "UTC"},
        "limits": {"dailyCap": 10000, "minGapSeconds": 60, "catchUpGraceHours": 4},
        "steps": [
          {"kind": "email", "thread": "same", "delay": {"days": 1},
           "body": "Hi {{first_name|there}}, following up on my note below."},
          {"kind": "email", "thread": "same", "delay": {"days": 3}, "body": "One last nudge."}]}))
    .map_err(|e| e.to_string())
}

fn compose_sent(seq: &SequenceId, n: usize) -> Request {
    Request::ComposeSent {
        account: PageAccount {
            provider: ProviderKind::Roundcube,
            user: "alice@mail.test".into(),
            account_index: None,
        },
        sequence_id: seq.clone(),
        identity: Identity {
            id: "1".into(),
            email: "alice@mail.test".into(),
            name: "Alice".into(),
        },
        recipients: vec![RecipientInput {
            email: format!("prospect{n}@example.test"),
            name: format!("Prospect{n} Lastname"),
        }],
        subject: "Proposal".into(),
        body: ENROLLING_BODY.into(),
        hint: SentHint {
            message_id: Some(format!("root-{n}@mail.test")),
            ..Default::default()
        },
    }
}

fn deliver_root(ports: &FakePorts, n: usize) {
    ports.mail.deliver(ObservedMessage {
        message_id: format!("root-{n}@mail.test"),
        from: "alice@mail.test".into(),
        subject: "Proposal".into(),
        sent_by_user: true,
        ..Default::default()
    });
}

/// A service with `n` active enrollments whose follow-ups fall due one every 61 s from one
/// hour after the clock, so a tick at the start has nothing due.
pub struct Seeded {
    pub ports: FakePorts,
    pub service: Service,
    pub seq: SequenceId,
    /// When the first seeded follow-up falls due.
    pub first_due: Timestamp,
}

pub async fn seed(n: usize) -> Result<Seeded, String> {
    let start: Timestamp = "2026-11-30T09:00:00Z".parse().map_err(|e| format!("{e}"))?;
    seed_at(n, start).await
}

/// As `seed`, with the clock at `start`.
pub async fn seed_at(n: usize, start: Timestamp) -> Result<Seeded, String> {
    let ports = FakePorts::at(start);
    let kit = Service::new(State::default());
    let seq = kit
        .create_sequence(&ports, spec()?)
        .await
        .map_err(|e| e.to_string())?;
    deliver_root(&ports, 0);
    let template: Enrollment = match kit.handle(&ports, &webmail(), compose_sent(&seq, 0)).await {
        Response::Enrolled { id } => kit.state().enrollments[&id].clone(),
        other => return Err(format!("seed enroll: {other:?}")),
    };
    let first_due = start
        .checked_add(Span::new().hours(1))
        .map_err(|e| e.to_string())?;
    let records = {
        let st = kit.state();
        let mut records: Vec<(String, Record)> = Vec::with_capacity(n + 4);
        let keys = std::iter::once(Key::Settings)
            .chain(st.sequences.keys().cloned().map(Key::Sequence))
            .chain(st.accounts.keys().cloned().map(Key::Account))
            .chain(st.pace.keys().cloned().map(Key::Pace));
        for k in keys {
            if let Some(r) = st.record(&k) {
                records.push((k.to_key(), r));
            }
        }
        for i in 0..n {
            let mut e = template.clone();
            e.id = EnrollmentId(format!("bench{i:06}"));
            e.thread.root_message_id = format!("bench-root-{i}@mail.test");
            if let Some(r) = e.recipients.first_mut() {
                r.email = format!("p{i}@example-{}.test", i % 997);
                r.name = format!("Prospect{i} Lastname");
            }
            for s in &mut e.seen {
                s.message_id = format!("bench-root-{i}@mail.test");
            }
            e.next_due = Some(
                first_due
                    .checked_add(Span::new().seconds(i as i64 * SPACING_SECS))
                    .map_err(|e| e.to_string())?,
            );
            records.push((
                Key::Enrollment(e.id.clone()).to_key(),
                Record::Enrollment(Box::new(e)),
            ));
        }
        records
    };
    Ok(Seeded {
        ports,
        service: Service::new(State::from_records(records)),
        seq,
        first_due,
    })
}

/// Every record of a seeded state, as one storage batch (what `benchSeed` writes), with the
/// enrolling email's text of each enrollment (`body:<id>`), as a compose enroll stores it.
pub fn all_records(state: &State) -> crate::core::ports::Batch {
    let mut batch = state_records(state);
    for id in state.enrollments.keys() {
        let text = ENROLLING_BODY.to_owned();
        batch.push((
            Key::Body(id.clone()).to_key(),
            Some(Record::Body(crate::core::store::Body { text })),
        ));
    }
    batch
}

/// The enrolling email of every seeded enrollment.
const ENROLLING_BODY: &str = "Hi, are you interested in a short call next week?";

fn state_records(state: &State) -> crate::core::ports::Batch {
    let mut touched = crate::core::state::Touched::default();
    touched.add(Key::Meta);
    touched.add(Key::Settings);
    for id in state.sequences.keys() {
        touched.add(Key::Sequence(id.clone()));
    }
    for id in state.accounts.keys() {
        touched.add(Key::Account(id.clone()));
    }
    for id in state.enrollments.keys() {
        touched.add(Key::Enrollment(id.clone()));
    }
    state.batch(&touched)
}

fn webmail() -> Caller {
    Caller::Webmail {
        origin: "http://127.0.0.1:18765".into(),
    }
}

#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScaleReport {
    pub n: usize,
    /// A tick with one follow-up due (sync, plan, the send protocol, storage), per run.
    pub tick_ms: Vec<f64>,
    /// A tick with nothing due (the periodic sync alarm), per run.
    pub idle_tick_ms: Vec<f64>,
    /// One compose enroll into the seeded state, per run.
    pub enroll_ms: Vec<f64>,
    /// Storage bytes (JSON) one follow-up sent by a tick writes, per run.
    pub bytes_per_send: Vec<usize>,
    /// Storage bytes one enroll writes, per run.
    pub bytes_per_enroll: Vec<usize>,
    /// Keys written by the last follow-up's tick, for telling why bytes grow.
    pub keys_per_send: Vec<String>,
    /// The in-memory mail port's own share of a one-due tick: its `sync` over every watched
    /// thread with one new message (the follow-up the tick before sent), per run. Tells the
    /// fake's (provider's) cost apart from the engine's.
    pub mail_sync_ms: Vec<f64>,
}

/// Runs the figures at `n` enrollments, `runs` times each. `clock` returns milliseconds.
pub async fn measure(
    n: usize,
    runs: usize,
    clock: &dyn Fn() -> f64,
) -> Result<ScaleReport, String> {
    let s = seed(n).await?;
    let mut r = ScaleReport {
        n,
        ..Default::default()
    };
    // Warm-up: the first sync moves the account's cursor.
    s.service.tick(&s.ports).await;
    for _ in 0..runs {
        let t = clock();
        let rep = s.service.tick(&s.ports).await;
        r.idle_tick_ms.push(clock() - t);
        if rep.sent != 0 {
            return Err(format!("idle tick sent {}", rep.sent));
        }
    }
    s.ports.now.set(s.first_due);
    for i in 0..runs {
        let bytes = s.ports.store.bytes_written.get();
        let writes = s.ports.store.writes.borrow().len();
        let t = clock();
        let rep = s.service.tick(&s.ports).await;
        r.tick_ms.push(clock() - t);
        if rep.sent != 1 || !rep.errors.is_empty() {
            return Err(format!("tick {i} at {n}: {rep:?}"));
        }
        r.bytes_per_send
            .push(s.ports.store.bytes_written.get() - bytes);
        r.keys_per_send = s.ports.store.writes.borrow()[writes..]
            .iter()
            .flatten()
            .cloned()
            .collect();
        r.mail_sync_ms.push(mail_sync_ms(&s, clock).await?);
        s.ports.advance(Span::new().seconds(SPACING_SECS));
    }
    for i in 0..runs {
        let k = 1_000_000 + i;
        deliver_root(&s.ports, k);
        let bytes = s.ports.store.bytes_written.get();
        let t = clock();
        let resp = s
            .service
            .handle(&s.ports, &webmail(), compose_sent(&s.seq, k))
            .await;
        r.enroll_ms.push(clock() - t);
        if !matches!(resp, Response::Enrolled { .. }) {
            return Err(format!("enroll at {n}: {resp:?}"));
        }
        r.bytes_per_enroll
            .push(s.ports.store.bytes_written.get() - bytes);
    }
    Ok(r)
}

/// Times the mail port's sync alone, as the next tick will call it: the newest message (the
/// follow-up just sent) is the one new since the cursor.
async fn mail_sync_ms(s: &Seeded, clock: &dyn Fn() -> f64) -> Result<f64, String> {
    use crate::core::ports::MailPort;
    let account = s.service.state().accounts.values().next().cloned();
    let Some(mut account) = account else {
        return Err("no account".into());
    };
    let watched = s.service.state.borrow_mut().watched(&account.id);
    let len = s.ports.mail.messages.borrow().len();
    account.cursor = Some(len.saturating_sub(1).to_string());
    let t = clock();
    let got = s.ports.mail.sync(&account, &watched).await;
    let ms = clock() - t;
    match got {
        Ok(r) if r.messages.len() == 1 => Ok(ms),
        other => Err(format!("mail sync: {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bench itself at a small size, so `cargo test` keeps it working.
    #[test]
    fn measure_runs_at_a_small_size() {
        let r = pollster::block_on(measure(50, 3, &|| 0.0)).unwrap();
        assert_eq!(r.tick_ms.len(), 3);
        assert!(r.bytes_per_send.iter().all(|b| *b > 0));
        assert!(r.bytes_per_enroll.iter().all(|b| *b > 0));
    }

    /// `make bench`'s native figures: prints one `BENCH_JSON` line per size.
    #[test]
    #[ignore = "a benchmark: run by make bench in release mode"]
    fn bench_engine_scale() {
        let t0 = std::time::Instant::now();
        let clock = move || t0.elapsed().as_secs_f64() * 1000.0;
        let runs: usize = std::env::var("BENCH_RUNS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(9);
        for n in [1_000, 10_000, 100_000] {
            let r = pollster::block_on(measure(n, runs, &clock)).unwrap();
            println!("BENCH_JSON {}", serde_json::to_string(&r).unwrap());
        }
    }
}
