//! The sequence-craft views: starters, the editor's first email / footer / versions, the
//! warnings, the import's words and choices, metrics with benchmarks, and versions in the panel.
use super::*;
use crate::core::account::{Account, ProviderKind, Session};
use crate::core::craft::csv_import::{Counts, Preview, Problem, ProblemKind};
use crate::core::view::{
    enrollments, field_label, import_targets, known, problem_words, senders, starter_form,
    starter_views, stats, summary, upcoming, warnings, SequenceForm, Standing, StepChoice,
    VariantForm,
};

#[test]
fn craft_view_eight_starters_each_with_its_shape_and_an_editable_copy() {
    let list = starter_views();
    assert_eq!(list.len(), 8);
    let cold = list.iter().find(|s| s.id == "cold-outbound").unwrap();
    assert!(cold.shape.contains("touches over about"), "{}", cold.shape);
    assert!(cold.shape.contains("call") || cold.shape.contains("LinkedIn"));
    let form = starter_form("cold-outbound", "Europe/Berlin").unwrap();
    assert_eq!(form.name, cold.name);
    assert_eq!(form.time_zone, "Europe/Berlin");
    assert!(!form.first.is_blank(), "starters carry a first email");
    assert!(form.footer.enabled);
    // The copy is a valid sequence as it stands.
    let spec = form.to_spec().unwrap();
    spec.validate(&crate::core::time::Zones::default()).unwrap();
    assert!(starter_form("nope", "UTC").is_none());
}

#[test]
fn craft_view_editor_edits_first_email_footer_and_versions() {
    let mut form = SequenceForm::from_spec(&design_spec());
    assert!(form.first.is_blank());
    assert!(form.to_value().unwrap().get("firstEmail").is_none());
    form.first.subject = "Quick idea for {{company|your team}}".into();
    form.first.body = "Hi {{first_name|there}}, one question.".into();
    form.first.variants.push(VariantForm {
        subject: String::new(),
        body: "Hello {{first_name|there}}, a short one.".into(),
    });
    form.footer.enabled = false;
    form.footer.text = "Reply unsubscribe to stop.".into();
    form.footer.set_language("de");
    // A same-thread step's versions test the text only: a typed subject is not sent.
    form.steps[0].variants.push(VariantForm {
        subject: "ignored".into(),
        body: "Version B".into(),
    });
    form.steps[2].variants.push(VariantForm {
        subject: "Another idea".into(),
        body: "Version B of the last note.".into(),
    });
    let v = form.to_value().unwrap();
    assert_eq!(
        v["firstEmail"],
        json!({"subject": "Quick idea for {{company|your team}}",
               "body": "Hi {{first_name|there}}, one question.",
               "variants": [{"body": "Hello {{first_name|there}}, a short one."}]})
    );
    assert_eq!(
        v["footer"],
        json!({"enabled": false, "text": "Reply unsubscribe to stop.", "language": "de"})
    );
    assert_eq!(v["steps"][0]["variants"], json!([{"body": "Version B"}]));
    assert_eq!(
        v["steps"][2]["variants"],
        json!([{"subject": "Another idea", "body": "Version B of the last note."}])
    );
    let spec = form.to_spec().unwrap();
    spec.validate(&crate::core::time::Zones::default()).unwrap();
    // And back: the form shows what the spec holds.
    let again = SequenceForm::from_spec(&spec);
    assert_eq!(again.first, form.first);
    assert_eq!(again.footer, form.footer);
    assert_eq!(again.steps[2].variants, form.steps[2].variants);
    assert_eq!(again.steps[0].variants[0].subject, "");
    // A same-thread step that becomes a new-thread one keeps its versions.
    let mut f = again.clone();
    f.steps[0].choice = StepChoice::NewThread;
    f.steps[0].subject = "New".into();
    assert!(f.to_spec().is_ok());
}

#[test]
fn craft_view_error_and_warning_paths_read_as_words() {
    assert_eq!(
        field_label("steps[2].variants[0].subject"),
        "Step 3, version B: subject"
    );
    assert_eq!(field_label("firstEmail.subject"), "First email: subject");
    assert_eq!(
        field_label("firstEmail.variants[1].body"),
        "First email, version C: text"
    );
    assert_eq!(field_label("footer.text"), "Footer: text");
    assert_eq!(field_label("footer"), "Footer");
    assert_eq!(field_label("steps[1].delay"), "Step 2: wait");
    let (f, m) = crate::core::view::field_of_error("firstEmail.subject: write one");
    assert_eq!(
        (f.as_deref(), m.as_str()),
        (Some("firstEmail.subject"), "write one")
    );
}

#[test]
fn craft_view_warnings_name_their_field_with_why_and_fix() {
    let mut spec = design_spec();
    if let crate::core::sequence::Step::Email(e) = &mut spec.steps[2] {
        e.subject = Some("A subject line that is much longer than fifty characters, really".into());
        e.body = "Hi {{plan}}, last note from me.".into();
    }
    let w = warnings(&spec, &[], "");
    let by = |code: &str| {
        w.iter()
            .find(|x| x.code == code)
            .unwrap_or_else(|| panic!("{code}: {w:?}"))
    };
    let long = by("long-subject");
    assert_eq!(long.field, "steps[2].subject");
    assert_eq!(long.label, "Step 3: subject");
    assert!(long.message.starts_with("The subject"), "{}", long.message);
    assert!(!long.fix.is_empty());
    assert_eq!(by("no-postal-address").field, "footer");
    assert_eq!(by("unknown-variable").field, "steps[2].body");
    // A column of imported prospects is a known field; an address silences the footer one.
    let w = warnings(&spec, &["plan".to_owned()], "1 Main St, Springfield");
    assert!(w
        .iter()
        .all(|x| x.code != "unknown-variable" && x.code != "no-postal-address"));
}

fn preview() -> Preview {
    Preview {
        rows: 3,
        good: 2,
        counts: Counts {
            invalid_address: 1,
            ..Counts::default()
        },
        problems: vec![Problem {
            row: 3,
            email: "not-an-address".into(),
            kind: ProblemKind::InvalidAddress,
        }],
        custom_fields: vec!["plan".into()],
    }
}

#[test]
fn craft_view_import_words_and_choices() {
    let p = preview();
    let lines = summary(&p);
    assert_eq!(lines[0], "3 rows read: 2 good, 1 with a problem.");
    assert_eq!(lines[1], "1 invalid address");
    assert_eq!(
        problem_words(&p.problems[0]),
        "Row 3 (not-an-address): not a valid email address"
    );
    let missing = Problem {
        row: 5,
        email: "a@x.com".into(),
        kind: ProblemKind::MissingValue {
            variable: "company".into(),
        },
    };
    assert!(problem_words(&missing).contains("{{company}}"));
    assert!(crate::core::view::custom_columns(&p)
        .unwrap()
        .contains("{{plan}}"));

    let mut st = state_with(vec![enrollment("e-1", "bob@x.com", "Bob")]);
    // The design sequence has no first email: offered, but blocked with the reason.
    let t = import_targets(&st);
    assert_eq!(t.len(), 1);
    assert!(t[0].blocked.as_deref().unwrap().contains("first email"));
    let k = known(&st, &SequenceId::from("s-1"));
    assert!(k.enrolled.contains("bob@x.com"));
    // No account yet: no sender; one learned from a compose enrollment offers its identity.
    assert!(senders(&st).is_empty());
    st.accounts.insert(
        AccountId::from("acct-1"),
        Account {
            id: AccountId::from("acct-1"),
            provider: ProviderKind::Roundcube,
            origin: "http://127.0.0.1:18765".into(),
            user: "alice@mail.test".into(),
            own_addresses: vec![],
            cursor: None,
            session: Session::Ok,
        },
    );
    let s = senders(&st);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].identities[0].email, "me@example.org");
    assert_eq!(s[0].identities[1].email, "alice@mail.test");
    assert!(s[0].label.contains("Roundcube"));
}

fn bulk_spec() -> SequenceSpec {
    let mut v = serde_json::to_value(design_spec()).unwrap();
    v["firstEmail"] = json!({"subject": "Hello", "body": "First note.",
                             "variants": [{"body": "First note, B."}]});
    v["steps"][0]["variants"] = json!([{"body": "Follow-up B"}]);
    SequenceSpec::parse(v).unwrap()
}

#[test]
fn craft_view_panel_shows_first_email_and_version() {
    let mut st = state_with(vec![]);
    st.sequences.insert(
        SequenceId::from("s-1"),
        sequence("s-1", bulk_spec(), SequenceState::Active),
    );
    let mut e = enrollment("e-1", "bob@x.com", "Bob");
    e.awaiting_first_email = true;
    e.next_due = Some(ts("2026-11-27T10:00:00Z"));
    st.enrollments.insert(e.id.clone(), e.clone());
    let c = ctx("2026-11-27T09:00:00Z", "Europe/Berlin");
    let v = &enrollments(&st, &c)[0];
    let ver = v.version.clone().unwrap();
    assert!(ver == "A" || ver == "B");
    assert_eq!(
        v.progress,
        format!("first email · version {ver}, then 3 steps")
    );
    let up = &upcoming(&st, &c)[0].items[0];
    assert_eq!(up.step_label(), format!("first email · version {ver}"));

    // After the first email: step 1 of 3 with that step's version; history names the version.
    e.awaiting_first_email = false;
    e.history.push(HistoryEntry {
        variant: Some(1),
        ..entry("2026-11-27T10:00:00Z", Event::Sent, None, None)
    });
    st.enrollments.insert(e.id.clone(), e);
    let v = &enrollments(&st, &c)[0];
    assert!(
        v.progress.starts_with("step 1 of 3 · version "),
        "{}",
        v.progress
    );
    assert_eq!(v.history[1].text, "Sent the first email (version B)");
}

#[test]
fn craft_view_metrics_rates_benchmarks_weak_and_chart() {
    let mut st = state_with(vec![]);
    st.sequences.insert(
        SequenceId::from("s-1"),
        sequence("s-1", bulk_spec(), SequenceState::Active),
    );
    // 40 prospects got the first email (20 per version); version A got 8 replies, B none:
    // 40% vs 0% over 20 sends each is below the 30-send threshold, so nothing is weak.
    for i in 0..40u32 {
        let mut e = enrollment(&format!("e-{i}"), &format!("p{i}@x.com"), "");
        e.history.push(HistoryEntry {
            variant: Some(i % 2),
            ..entry("2026-11-24T09:00:00Z", Event::Sent, None, None)
        });
        if i % 2 == 0 && i < 16 {
            e.history
                .push(entry("2026-11-24T12:00:00Z", Event::Replied, None, None));
        }
        if i == 1 {
            e.history.push(entry(
                "2026-11-25T12:00:00Z",
                Event::MeetingBooked,
                None,
                None,
            ));
        }
        st.enrollments.insert(e.id.clone(), e);
    }
    let s = &stats(&st)[0];
    assert_eq!(s.min_sends, 30);
    let first = s.first_email.as_ref().unwrap();
    assert_eq!(first.rates.sent, 40);
    assert_eq!(first.rates.reply.label, "20%");
    assert_eq!(first.rates.reply.standing, Standing::Above);
    assert_eq!(first.rates.reply.good, Some(true));
    assert_eq!(first.rates.meeting.label, "2.5%");
    assert_eq!(first.rates.meeting.standing, Standing::Within);
    assert_eq!(first.rates.unsubscribe.standing, Standing::Within);
    assert_eq!(first.rates.unsubscribe.good, Some(true));
    assert_eq!(first.rates.bounce.standing, Standing::Unjudged);
    assert_eq!(first.versions.len(), 2);
    assert_eq!(first.versions[0].rates.reply.standing, Standing::TooFew);
    assert_eq!(
        first.versions[0].rates.reply.verdict(s.min_sends),
        "needs at least 30 sends to judge"
    );
    assert!(first.versions.iter().all(|v| !v.weak));
    assert_eq!(s.overall.reply.label, "20%");
    // The chart: the first email, then each email step (the call is no email).
    let labels: Vec<&str> = s.chart.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["First", "Step 1", "Step 3"]);
    assert_eq!(s.chart[0].replied, 8);
    assert_eq!(
        crate::core::view::range_words(&crate::core::stats::BENCHMARKS.unsubscribe_rate),
        "under 1%"
    );
}
