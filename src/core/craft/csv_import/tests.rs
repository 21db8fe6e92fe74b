use super::*;
use crate::core::testkit::spec;

fn seq() -> SequenceSpec {
    spec(serde_json::json!({"name": "Cold",
        "window": {"days": ["mon"], "from": "09:00", "to": "17:00", "timeZone": "UTC"},
        "firstEmail": {"subject": "Hi {{first_name|there}}", "body": "About {{company}}."},
        "steps": [{"kind": "email", "thread": "same", "delay": {"days": 2},
                   "body": "Hi {{first_name|there}}, your {{plan|current}} plan."}]}))
}

fn known() -> Known {
    Known {
        suppressed: ["gone@acme.test".to_owned()].into(),
        enrolled: ["busy@acme.test".to_owned()].into(),
    }
}

fn import(csv: &str) -> Result<Imported, ImportError> {
    let mut s = ImportSession::new(&seq(), known());
    s.feed(csv.as_bytes())?;
    s.finish()
}

fn kinds(csv: &str) -> Vec<(u64, ProblemKind)> {
    import(csv)
        .unwrap()
        .preview
        .problems
        .into_iter()
        .map(|p| (p.row, p.kind))
        .collect()
}

const HEAD: &str = "E-mail,First Name,Company\n";

#[test]
fn csv_good_rows_become_prospects() {
    let i = import(&format!(
        "{HEAD}Bob@Acme.test,Bob,Acme\n\"carol@globex.test\",\"Carol, Jr.\",\"Globex\nInc\"\n"
    ))
    .unwrap();
    assert_eq!((i.preview.rows, i.preview.good), (2, 2));
    let p: Vec<_> = i.rows.iter().collect();
    assert_eq!(p[0].email, "bob@acme.test");
    assert_eq!(
        (p[0].first_name.as_str(), p[0].company.as_str()),
        ("Bob", "Acme")
    );
    assert_eq!(p[1].first_name, "Carol, Jr.");
    assert_eq!(p[1].company, "Globex\nInc");
}

#[test]
fn csv_problem_invalid_address() {
    assert_eq!(
        kinds(&format!("{HEAD}not-an-address,Bob,Acme\n,Ann,Acme\n")),
        vec![
            (2, ProblemKind::InvalidAddress),
            (3, ProblemKind::InvalidAddress)
        ]
    );
}

#[test]
fn csv_problem_missing_value_without_fallback() {
    // {{company}} has no fallback in the first email; {{plan|current}} has one.
    assert_eq!(
        kinds(&format!("{HEAD}bob@acme.test,Bob,\n")),
        vec![(
            2,
            ProblemKind::MissingValue {
                variable: "company".into()
            }
        )]
    );
}

#[test]
fn csv_problem_suppressed() {
    assert_eq!(
        kinds(&format!("{HEAD}GONE@acme.test,G,Acme\n")),
        vec![(2, ProblemKind::Suppressed)]
    );
}

#[test]
fn csv_problem_already_enrolled() {
    assert_eq!(
        kinds(&format!("{HEAD}busy@acme.test,B,Acme\n")),
        vec![(2, ProblemKind::AlreadyEnrolled)]
    );
}

#[test]
fn csv_problem_duplicate_row() {
    let i = import(&format!(
        "{HEAD}bob@acme.test,Bob,Acme\nBOB@acme.test,Bobby,Acme\n"
    ))
    .unwrap();
    assert_eq!(i.preview.good, 1);
    assert_eq!(i.preview.counts.duplicate_row, 1);
    assert_eq!(
        i.preview.problems[0].kind,
        ProblemKind::DuplicateRow { first_row: 2 }
    );
}

#[test]
fn csv_preview_counts_all_but_lists_the_first_problems() {
    let mut csv = HEAD.to_owned();
    for i in 0..150 {
        csv.push_str(&format!("bad{i},X,Acme\n"));
    }
    csv.push_str("ok@acme.test,Ok,Acme\n");
    let p = import(&csv).unwrap().preview;
    assert_eq!((p.rows, p.good, p.counts.invalid_address), (151, 1, 150));
    assert_eq!(p.problems.len(), PREVIEW_PROBLEMS);
    let json = serde_json::to_value(&p.problems[0]).unwrap();
    assert_eq!(json["kind"], "invalid-address");
    assert_eq!(json["row"], 2);
}

#[test]
fn csv_chunks_cut_anywhere_give_the_same_result() {
    let csv = format!(
        "{HEAD}bob@acme.test,\"Bob \"\"B\"\"\",Acme\r\nbad,X,Y\r\ncarol@globex.test,Carol,Globex"
    );
    let whole = import(&csv).unwrap();
    let mut s = ImportSession::new(&seq(), known());
    for b in csv.as_bytes() {
        s.feed(std::slice::from_ref(b)).unwrap();
    }
    let bytes = s.finish().unwrap();
    assert_eq!(whole.preview, bytes.preview);
    assert_eq!(
        whole.rows.iter().collect::<Vec<_>>(),
        bytes.rows.iter().collect::<Vec<_>>()
    );
    assert_eq!(whole.rows.iter().next().unwrap().first_name, "Bob \"B\"");
}

#[test]
fn csv_semicolons_and_aliases_and_custom_columns() {
    let csv = "\u{feff}Email Address;Name;Organisation;Job Title;Tier;Time Zone;Plan\n\
               bob@acme.test;Bob van Dyke;Acme;CTO;A;Europe/Berlin;Pro\n";
    let i = import(csv).unwrap();
    assert_eq!(i.preview.custom_fields, vec!["plan".to_owned()]);
    let p = i.rows.iter().next().unwrap();
    assert_eq!(
        (p.first_name.as_str(), p.last_name.as_str()),
        ("Bob", "van Dyke")
    );
    assert_eq!((p.title.as_str(), p.tier.as_str()), ("CTO", "A"));
    assert_eq!(p.time_zone.as_deref(), Some("Europe/Berlin"));
    assert_eq!(p.custom["plan"], "Pro");
    let r = p.to_recipient();
    assert_eq!(r.template_values()["plan"], "Pro");
}

#[test]
fn csv_file_level_errors() {
    assert!(matches!(import(""), Err(ImportError::Empty)));
    assert!(matches!(
        import("bob@acme.test,Bob\n"),
        Err(ImportError::NoHeader)
    ));
    let e = import("Name,Company\nBob,Acme\n").err().unwrap();
    assert!(e.to_string().contains("Name, Company"), "{e}");
    let open_quote = format!("{HEAD}\"bob@acme.test,{}", "x".repeat(MAX_ROW_BYTES + 10));
    assert!(matches!(
        import(&open_quote),
        Err(ImportError::RowTooLong(2))
    ));
}

#[test]
fn csv_good_rows_come_in_chunks_for_enrollment() {
    let mut csv = HEAD.to_owned();
    for i in 0..25 {
        csv.push_str(&format!("p{i}@acme.test,P,Acme\n"));
    }
    let rows = import(&csv).unwrap().rows;
    let sizes: Vec<usize> = rows.chunks(10).map(|c| c.len()).collect();
    assert_eq!(sizes, vec![10, 10, 5]);
    assert_eq!(
        rows.chunks(10).flatten().nth(24).unwrap().email,
        "p24@acme.test"
    );
}
