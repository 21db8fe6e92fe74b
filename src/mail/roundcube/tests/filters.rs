//! The IMAP filters and the URLs that carry them.
use crate::mail::roundcube::filter::{self, answering, message_id, quoted, MAX_KEYS};

#[test]
fn roundcube_message_id_filter_never_has_angle_brackets() {
    assert_eq!(
        message_id("mseq.e-1.2@mail.test").as_deref(),
        Some("HEADER Message-ID \"mseq.e-1.2@mail.test\"")
    );
    // Roundcube strips `<...>` as a tag, leaving `""`, which matches every message.
    assert_eq!(message_id("<mseq.e-1.2@mail.test>"), None);
    assert_eq!(quoted("a\"b@x"), None);
    assert_eq!(quoted("a\\b@x"), None);
    assert_eq!(quoted("a\r\nb@x"), None);
    assert_eq!(quoted(""), None);
    for f in answering(&["<x@y>".into(), "ok@y".into()]) {
        assert!(!f.contains('<') && !f.contains('>'), "{f}");
    }
}

#[test]
fn roundcube_tracked_id_filter_is_or_folded_and_batched_under_8kb() {
    assert_eq!(
        answering(&["a@x".into()]),
        vec!["OR HEADER In-Reply-To \"a@x\" HEADER References \"a@x\"".to_string()]
    );
    let two = answering(&["a@x".into(), "b@x".into()]);
    assert_eq!(
        two,
        vec!["OR OR OR HEADER In-Reply-To \"a@x\" HEADER References \"a@x\" HEADER In-Reply-To \"b@x\" HEADER References \"b@x\"".to_string()]
    );
    // 1000 long ids: every batch fits in one request line of under 8000 bytes.
    let ids: Vec<String> = (0..1000)
        .map(|i| format!("mseq.e-{:032x}.{}@mail.example.com", i * 7919, i % 5))
        .collect();
    let batches = answering(&ids);
    let keys: usize = batches.iter().map(|b| b.matches("HEADER ").count()).sum();
    assert_eq!(keys, 2000, "no id is lost between batches");
    assert!(batches.len() >= 2000 / MAX_KEYS);
    for f in &batches {
        let url = format!(
            "https://mail.example.com/?{}",
            filter::query(&[
                ("_task", "mail"),
                ("_action", "search"),
                ("_mbox", "INBOX"),
                ("_q", ""),
                ("_scope", "all"),
                ("_filter", f),
                ("_remote", "1"),
            ])
        );
        assert!(url.len() < 8000, "{} bytes", url.len());
    }
}

#[test]
fn roundcube_other_filters_and_dates() {
    assert_eq!(filter::uids_from(8), "UID 8:*");
    assert_eq!(
        filter::imap_date(jiff::civil::date(2026, 11, 27)),
        "27-Nov-2026"
    );
    assert_eq!(
        filter::to_subject_since("bob@mail.test", "Intro \"x\" <y>", "26-Nov-2026").as_deref(),
        Some("HEADER To \"bob@mail.test\" HEADER Subject \"Intro  x   y\" SINCE 26-Nov-2026")
    );
    assert_eq!(
        filter::query(&[("_filter", "A \"b\"/<c>")]),
        "_filter=A%20%22b%22%2F%3Cc%3E"
    );
}
