//! Messages seen in the mailbox: which enrollment each belongs to, and what it means for it.
use super::{Ctx, Outcome};
use crate::core::account::Account;
use crate::core::enrollment::{Class, Enrollment, Event, Seen, Status, Transition};
use crate::core::ids::{AccountId, EnrollmentId};
use crate::core::observed::ObservedMessage;
use crate::core::reply::{bounced_address, classify, Own};
use crate::core::sequence::StopOn;
use crate::core::state::State;
use crate::core::store::Key;
use crate::core::suppression::{Suppression, SuppressionReason};
use std::collections::BTreeSet;

pub fn observe(
    state: &mut State,
    ctx: &Ctx,
    account: &AccountId,
    messages: &[ObservedMessage],
) -> Outcome {
    let mut out = Outcome::default();
    let acct = state.accounts.get(account).cloned();
    for msg in messages {
        // Without a Message-ID a message cannot be told apart from one seen before.
        if msg.message_id.is_empty() {
            continue;
        }
        for id in matching(state, account, msg) {
            let Some(e) = state.enrollments.get(&id) else {
                continue;
            };
            if e.has_seen(&msg.message_id) {
                continue;
            }
            let class = classify_for(state, acct.as_ref(), e, msg);
            let Some(e) = state.enrollments.get_mut(&id) else {
                continue;
            };
            e.seen.push(Seen {
                message_id: msg.message_id.clone(),
                class,
                from: msg.from.clone(),
            });
            let was_active = e.status == Status::Active;
            apply_class(state, ctx, &id, class, msg, &mut out);
            if was_active
                && state
                    .enrollments
                    .get(&id)
                    .is_some_and(|e| e.status != Status::Active)
            {
                out.stopped += 1;
            }
            state.reindex(&id);
            out.touched.add(Key::Enrollment(id));
        }
    }
    out
}

fn classify_for(
    state: &State,
    acct: Option<&Account>,
    e: &Enrollment,
    msg: &ObservedMessage,
) -> Class {
    let mut addresses: Vec<String> = state.settings.own_addresses.clone();
    addresses.push(e.identity.email.to_ascii_lowercase());
    if let Some(a) = acct {
        addresses.push(a.user.clone());
        addresses.extend(a.own_addresses.iter().cloned());
    }
    let ours: Vec<String> = e
        .seen
        .iter()
        .filter(|s| s.class == Class::Own)
        .map(|s| s.message_id.clone())
        .chain(e.attempt.iter().map(|a| a.message_id.clone()))
        .collect();
    classify(
        msg,
        &Own {
            addresses: &addresses,
            message_ids: &ours,
        },
    )
}

/// Enrollments a message belongs to: its thread (by Message-ID ancestry or provider thread),
/// or, under the stop rules, its sender. Candidates come from the state's indexes (thread,
/// prospect, domain), in enrollment order, so the cost is what matches, not every enrollment.
fn matching(state: &State, account: &AccountId, msg: &ObservedMessage) -> Vec<EnrollmentId> {
    let mut ids: Vec<EnrollmentId> = Vec::new();
    let mut push = |id: &EnrollmentId| {
        if !ids.contains(id) {
            ids.push(id.clone());
        }
    };
    if let Some(id) = state.enrollment_of_message(&msg.message_id) {
        push(id);
    }
    for a in msg.ancestors() {
        if let Some(id) = state.enrollment_of_message(a) {
            push(id);
        }
    }
    let from_domain = msg.from.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
    let rules = |f: fn(&StopOn) -> bool| state.sequences.values().any(|s| f(&s.spec.stop_on));
    let mut candidates: BTreeSet<&EnrollmentId> = BTreeSet::new();
    if let Some(t) = &msg.provider_thread_id {
        candidates.extend(state.enrollments_in_thread(t));
    }
    if rules(|s| s.any_mail_from_prospect) {
        candidates.extend(state.enrollments_of_prospect(&msg.from));
    }
    if !from_domain.is_empty() && rules(|s| s.any_mail_from_domain) {
        candidates.extend(state.enrollments_of_domain(from_domain));
    }
    for e in candidates
        .into_iter()
        .filter_map(|id| state.enrollments.get(id))
    {
        if matches_rules(state, e, account, msg, from_domain) {
            push(&e.id);
        }
    }
    #[cfg(all(test, debug_assertions))]
    {
        // The walk over every enrollment this replaces finds the same, in the same order.
        let mut walked: Vec<EnrollmentId> = Vec::new();
        let hits = std::iter::once(msg.message_id.as_str()).chain(msg.ancestors());
        for id in hits.filter_map(|m| state.enrollment_of_message(m)) {
            if !walked.contains(id) {
                walked.push(id.clone());
            }
        }
        for e in state.enrollments.values() {
            if matches_rules(state, e, account, msg, from_domain) && !walked.contains(&e.id) {
                walked.push(e.id.clone());
            }
        }
        assert_eq!(ids, walked, "the matching indexes are out of step");
    }
    ids
}

/// Same provider thread, or mail from a prospect (or their domain) under the stop rules.
fn matches_rules(
    state: &State,
    e: &Enrollment,
    account: &AccountId,
    msg: &ObservedMessage,
    from_domain: &str,
) -> bool {
    if &e.account != account || e.status.is_terminal() {
        return false;
    }
    let same_thread =
        msg.provider_thread_id.is_some() && msg.provider_thread_id == e.thread.provider_thread_id;
    let Some(seq) = state.sequences.get(&e.sequence_id) else {
        return false;
    };
    let stop = seq.spec.stop_on;
    let from_prospect =
        stop.any_mail_from_prospect && e.recipients.iter().any(|r| r.email == msg.from);
    let from_domain = stop.any_mail_from_domain
        && !from_domain.is_empty()
        && e.recipients.iter().any(|r| r.domain() == from_domain);
    same_thread || from_prospect || from_domain
}

fn apply_class(
    state: &mut State,
    ctx: &Ctx,
    id: &EnrollmentId,
    class: Class,
    msg: &ObservedMessage,
    out: &mut Outcome,
) {
    let detail = Some(describe(msg));
    let mut suppress: Vec<(String, SuppressionReason)> = Vec::new();
    let Some(e) = state.enrollments.get_mut(id) else {
        return;
    };
    let step = e.last_sent_step();
    match class {
        Class::Own => return,
        Class::AutoReply => e.record(ctx.now, Event::AutoReply, step, detail),
        Class::Reply => {
            if e.transition(Transition::Reply, ctx.now, Event::Replied, detail.clone())
                .is_err()
            {
                // Already replied or ended: still keep the message in history.
                e.record(ctx.now, Event::Replied, step, detail);
            }
        }
        Class::Bounce => {
            let addr = bounced_address(msg);
            let targets: Vec<String> = match addr {
                Some(a) => vec![a],
                None => e.recipients.iter().map(|r| r.email.clone()).collect(),
            };
            if e.transition(Transition::Bounce, ctx.now, Event::Bounced, detail.clone())
                .is_err()
            {
                e.record(ctx.now, Event::Bounced, step, detail);
            }
            suppress.extend(targets.into_iter().map(|t| (t, SuppressionReason::Bounced)));
        }
        Class::OptOut => {
            if e.transition(
                Transition::Unsubscribe,
                ctx.now,
                Event::Unsubscribed,
                detail.clone(),
            )
            .is_err()
            {
                e.record(ctx.now, Event::Unsubscribed, step, detail);
            }
            suppress.push((msg.from.clone(), SuppressionReason::Unsubscribed));
        }
    }
    if e.status != Status::Active {
        e.next_due = None;
    }
    for (email, reason) in suppress {
        let email = email.to_ascii_lowercase();
        if email.is_empty() || state.suppression.contains_key(&email) {
            continue;
        }
        state.suppression.insert(
            email.clone(),
            Suppression {
                email: email.clone(),
                reason,
                at: ctx.now,
                enrollment: Some(id.clone()),
            },
        );
        out.touched.add(Key::Suppression(email));
    }
}

fn describe(msg: &ObservedMessage) -> String {
    let who = if msg.from_name.is_empty() {
        msg.from.clone()
    } else {
        format!("{} <{}>", msg.from_name, msg.from)
    };
    if msg.subject.is_empty() {
        format!("from {who}")
    } else {
        format!("from {who}: “{}”", msg.subject)
    }
}
