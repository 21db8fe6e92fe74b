//! Reading Roundcube's answers: the dated fixtures of 2026-11-27.
use super::fake::fixture;
use crate::core::enrollment::Recipient;
use crate::mail::roundcube::answer::{self, size_bytes, Ajax};
use crate::mail::roundcube::compose::{address, reply_body, send_answer, send_fields, ComposePage};
use crate::mail::roundcube::{headers, html, is_login_page, source};

#[test]
fn roundcube_compose_page_fields_are_parsed() {
    let page = ComposePage::parse(&fixture("compose-reply.html")).expect("a compose form");
    assert_eq!(page.compose_id(), "COMPOSE_ID_PLACEHOLDER");
    assert_eq!(page.value("_token"), "REQUEST_TOKEN_PLACEHOLDER");
    assert_eq!(
        page.identities(),
        &[(
            "1".to_string(),
            "Alice Seller <alice@mail.test>".to_string()
        )]
    );
    assert_eq!(page.value("_to").trim(), "Bob Prospect <bob@mail.test>");
    assert_eq!(page.value("_subject"), "Re: Intro: mailseq fixture");
    assert_eq!(
        page.quoted(),
        "On 2026-11-27 10:13, Alice Seller wrote:\n> Hi Bob,\n> \n> would a short call next week work?\n"
    );
    assert_eq!(page.mode(), Some("reply"));
    assert_eq!(
        page.reply_msgid().as_deref(),
        Some("mseq-fixture.s0@mail.test")
    );
    assert_eq!(
        page.signature("1").as_deref(),
        Some("-- \nAlice Seller\nAccount Executive, Example Co")
    );
    assert!(!page.is_html());
    // The sidebar options elastic copies into the form when it sends.
    assert_eq!(page.value("_store_target"), "Sent");
    assert_eq!(page.value("_priority"), "0");
    assert_eq!(
        page.value("_mdn"),
        "",
        "an unchecked checkbox posts nothing"
    );
    assert_eq!(page.value("_draft_saveid"), "");
}

#[test]
fn roundcube_new_compose_page_has_no_reply_mode_and_an_empty_body() {
    let page = ComposePage::parse(&fixture("compose.html")).expect("a compose form");
    assert_eq!(page.mode(), None);
    assert_eq!(page.quoted(), "");
    assert_eq!(
        page.signature("1")
            .as_deref()
            .map(|s| s.starts_with("-- \n")),
        Some(true)
    );
    assert!(ComposePage::parse(&fixture("session-expired-page.html")).is_none());
}

#[test]
fn roundcube_identity_is_picked_by_id_then_by_address() {
    let page = ComposePage::parse(&fixture("compose.html")).expect("a compose form");
    let ident = |id: &str, email: &str| crate::core::enrollment::Identity {
        id: id.into(),
        email: email.into(),
        name: String::new(),
    };
    assert_eq!(
        page.pick_identity(&ident("1", "x@y.z")).as_deref(),
        Some("1")
    );
    assert_eq!(
        page.pick_identity(&ident("7", "ALICE@mail.test"))
            .as_deref(),
        Some("1")
    );
    assert_eq!(page.pick_identity(&ident("7", "eve@mail.test")), None);
}

#[test]
fn roundcube_login_pages_are_told_apart_from_mail_pages() {
    assert!(is_login_page(&fixture("session-expired-page.html")));
    assert!(is_login_page(&fixture("login.html")));
    assert!(!is_login_page(&fixture("compose.html")));
    assert!(!is_login_page(&fixture("message.html")));
    let env = html::env(&fixture("login.html"));
    assert_eq!(env.get("task").and_then(|v| v.as_str()), Some("login"));
}

#[test]
fn roundcube_logged_out_ajax_answer_is_recognised() {
    let a = Ajax::parse(&fixture("session-error.json")).expect("json");
    assert!(a.is_session_error());
    let a = Ajax::parse(&fixture("search.json")).expect("json");
    assert!(!a.is_session_error());
}

#[test]
fn roundcube_search_rows_are_parsed() {
    let a = Ajax::parse(&fixture("search.json")).expect("json");
    let rows = answer::rows(&a.exec);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].uid, rows[0].mbox.as_str()), (2, "INBOX"));
    assert_eq!(rows[0].address, "bob@mail.test");
    assert_eq!(rows[0].subject, "Re: Intro: mailseq fixture");
    assert_eq!(
        a.env_str("search_filter"),
        Some("OR HEADER In-Reply-To \"mseq-fixture.s0@mail.test\" HEADER References \"mseq-fixture.s0@mail.test\"")
    );

    // Sent shows the recipient in the From/To column.
    let a = Ajax::parse(&fixture("search-messageid.json")).expect("json");
    let rows = answer::rows(&a.exec);
    assert_eq!((rows[0].uid, rows[0].mbox.as_str()), (1, "Sent"));
    assert_eq!(rows[0].address, "bob@mail.test");

    // `_scope=all`: "<uid>-<folder>", and Virtual/All repeats INBOX with the same cells.
    let a = Ajax::parse(&fixture("search-all-folders.json")).expect("json");
    let rows = answer::rows(&a.exec);
    let ids: Vec<(u64, &str)> = rows.iter().map(|r| (r.uid, r.mbox.as_str())).collect();
    assert_eq!(ids, vec![(5, "Virtual/All"), (2, "INBOX")]);
    assert_eq!(rows[0].key, rows[1].key, "one message, shown twice");

    // A list answer: threads, and the bounce's content type.
    let a = Ajax::parse(&fixture("list.json")).expect("json");
    let rows = answer::rows(&a.exec);
    assert_eq!(rows.len(), 6);
    let bounce = rows.iter().find(|r| r.uid == 1).expect("bounce row");
    assert_eq!(bounce.content_type, "multipart/report");
    assert_eq!(bounce.address, "mailer-daemon@mail.test");
}

#[test]
fn roundcube_headers_block_is_parsed() {
    let a = Ajax::parse(&fixture("headers.json")).expect("json");
    let raw = headers::to_raw(&answer::headers_html(&a.exec).expect("set_headers"));
    let m = headers::observe(&raw);
    assert_eq!(
        m.message_id,
        "179577079853.5898.6393663513274680340@mail.test"
    );
    assert_eq!(m.from, "bob@mail.test");
    assert_eq!(m.from_name, "Bob");
    assert_eq!(m.subject, "Re: Intro: mailseq fixture");
    assert_eq!(m.in_reply_to, vec!["mseq-fixture.s0@mail.test".to_string()]);
    assert_eq!(m.references, vec!["mseq-fixture.s0@mail.test".to_string()]);
    assert_eq!(
        m.header("content-type"),
        Some("text/plain; charset=\"utf-8\"")
    );
    assert!(!m.sent_by_user);
    // Folded Received lines stay inside their header.
    assert!(raw.contains("Received: from mail.test ([127.0.0.1])\r\n    by vm with LMTP"));
}

#[test]
fn roundcube_headers_decode_encoded_words_and_keep_classification_headers() {
    let json = super::answers::headers(
        "From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <Juergen@Example.COM>\r\nSubject: =?utf-8?b?QWJ3ZXNlbmQ6IFJlOiBJbnRybw==?=\r\nMessage-ID: <a&b@x>\r\nAuto-Submitted: auto-replied\r\nX-Autoreply: yes\r\nReferences: <r1@x>\r\n <r2@x>\r\nIn-Reply-To: <r2@x>\r\n",
    );
    let a = Ajax::parse(&json).expect("json");
    let m = headers::observe(&headers::to_raw(&answer::headers_html(&a.exec).expect("h")));
    assert_eq!(m.from, "juergen@example.com");
    assert_eq!(m.from_name, "Jürgen Müller");
    assert_eq!(m.subject, "Abwesend: Re: Intro");
    assert_eq!(m.message_id, "a&b@x");
    assert_eq!(m.references, vec!["r1@x".to_string(), "r2@x".into()]);
    assert_eq!(m.header("auto-submitted"), Some("auto-replied"));
    assert_eq!(m.header("x-autoreply"), Some("yes"));
}

#[test]
fn roundcube_bounce_gives_original_message_id_and_recipient() {
    // A real Postfix DSN: the whole original as message/rfc822.
    let s = source::read(&fixture("viewsource-bounce.eml"));
    assert_eq!(
        s.original_ids,
        vec!["062810b534224cb8d4708742a38ae3b0@mail.test".to_string()]
    );
    assert_eq!(s.failed_recipients, vec!["nobody@mail.test".to_string()]);
    assert!(s
        .snippet
        .starts_with("Final-Recipient: rfc822; nobody@mail.test\nAction: failed"));
    assert!(s.snippet.chars().count() <= source::SNIPPET_CHARS);

    // mailtool.py's shape: only the original's headers, as text/rfc822-headers; a delayed
    // recipient next to a failed one is not reported as failed.
    let raw = "From: MAILER-DAEMON@mail.test\r\nTo: alice@mail.test\r\nSubject: Undelivered\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.test\r\n\r\nFinal-Recipient: rfc822; bob@mail.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\nFinal-Recipient: rfc822; carol@mail.test\r\nAction: delayed\r\nStatus: 4.4.1\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: alice@mail.test\r\nMessage-ID: <mseq.e-1.1@mail.test>\r\nSubject: Re: Intro\r\n--B--\r\n";
    let s = source::read(raw);
    assert_eq!(s.original_ids, vec!["mseq.e-1.1@mail.test".to_string()]);
    assert_eq!(s.failed_recipients, vec!["bob@mail.test".to_string()]);
}

#[test]
fn roundcube_plain_reply_snippet_is_the_start_of_its_text() {
    let raw = super::answers::raw_reply("r@x", "bob@mail.test", &"Please remove me. ".repeat(60));
    let s = source::read(&raw);
    assert!(s.snippet.starts_with("Please remove me."));
    assert_eq!(s.snippet.chars().count(), source::SNIPPET_CHARS);
    assert!(s.original_ids.is_empty() && s.failed_recipients.is_empty());
}

#[test]
fn roundcube_reply_body_has_text_signature_then_quote() {
    let body = reply_body(
        "Hi Bob,\nfollowing up.\n",
        Some("-- \nAlice Seller"),
        None,
        "On 2026-11-27 10:13, Alice Seller wrote:\n> Hello Bob (B)\n",
        false,
    );
    assert_eq!(
        body,
        "Hi Bob,\nfollowing up.\n\n-- \nAlice Seller\n\nOn 2026-11-27 10:13, Alice Seller wrote:\n> Hello Bob (B)\n"
    );
    assert_eq!(reply_body("Hi", None, None, "", false), "Hi\n");
    // The footer sits under the signature (or the text), above the quote.
    assert_eq!(
        reply_body(
            "Hi",
            Some("-- \nA"),
            Some("Unsubscribe: reply STOP"),
            "> q",
            false
        ),
        "Hi\n\n-- \nA\n\nUnsubscribe: reply STOP\n\n> q\n"
    );
    let plain = reply_body("Hi", None, Some("Unsubscribe: reply STOP"), "> q", false);
    assert!(plain.starts_with("Hi") && plain.ends_with("Unsubscribe: reply STOP\n\n> q\n"));
    let html_body = reply_body(
        "a < b",
        Some("<b>Alice</b>"),
        None,
        "<blockquote>q</blockquote>",
        true,
    );
    assert_eq!(
        html_body,
        "<div>a &lt; b</div><br>\n<div id=\"_rc_sig\"><b>Alice</b></div><br>\n<blockquote>q</blockquote>"
    );
}

#[test]
fn roundcube_send_post_has_every_field_the_browser_posts() {
    let page = ComposePage::parse(&fixture("compose-reply.html")).expect("a compose form");
    let to = [Recipient {
        email: "bob@mail.test".into(),
        name: "Bob \"the\" Prospect".into(),
        fields: Default::default(),
        time_zone: None,
    }];
    let fields = send_fields(&page, "1", &to, "Re: Intro", "text");
    let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    // The browser's captured POST (NOTES §2), in its order.
    assert_eq!(
        names,
        vec![
            "_token",
            "_task",
            "_action",
            "_id",
            "_attachments",
            "_from",
            "_to",
            "_cc",
            "_bcc",
            "_replyto",
            "_followupto",
            "_subject",
            "_draft_saveid",
            "_draft",
            "_is_html",
            "_framed",
            "_message",
            "editorSelector",
            "_mdn",
            "_dsn",
            "_keepformatting",
            "_priority",
            "_store_target"
        ]
    );
    let get = |n: &str| super::fake::field(&fields, n).to_owned();
    assert_eq!(get("_action"), "send");
    assert_eq!(get("_id"), "COMPOSE_ID_PLACEHOLDER");
    assert_eq!(get("_to"), "\"Bob \\\"the\\\" Prospect\" <bob@mail.test>");
    assert_eq!(get("_is_html"), "0");
    assert_eq!(get("_store_target"), "Sent");
    assert_eq!(
        address(&Recipient {
            name: String::new(),
            ..to[0].clone()
        }),
        "bob@mail.test"
    );
}

#[test]
fn roundcube_send_answers_are_read() {
    assert_eq!(send_answer(&fixture("send-success.html"), "o"), Ok(true));
    let not_saved = fixture("send-success.html").replace("[\"Sent\"],false", "[\"Sent\"],true");
    assert_eq!(send_answer(&not_saved, "o"), Ok(false));
    let err = send_answer(&fixture("send-error.html"), "o").expect_err("refused");
    assert!(
        matches!(&err, crate::core::ports::MailError::Rejected(m) if m.contains("Invalid email address: address@@"))
    );
    let smtp = "parent.rcmail.display_message(\"SMTP Error (550): Failed to add recipient \\\"x@y\\\" (no).\",\"error\",0);";
    assert!(!send_answer(smtp, "o").expect_err("e").is_retryable());
    let temp = "parent.rcmail.display_message(\"SMTP Error (-1): Connection to server failed.\",\"error\",0);";
    assert!(send_answer(temp, "o").expect_err("e").is_retryable());
    let lost = "parent.rcmail.display_message(\"An internal error occurred. Please try again.\",\"error\",0);";
    assert!(send_answer(lost, "o").expect_err("e").is_retryable());
}

#[test]
fn roundcube_html_entities_and_size_cells_are_read() {
    assert_eq!(
        html::decode_entities("&lt;a&gt; &amp;amp; &quot;&#39;&#x41;&nbsp;&bogus; & x"),
        "<a> &amp; \"'A\u{a0}&bogus; & x"
    );
    assert_eq!(size_bytes("992 B"), Some(992));
    assert_eq!(size_bytes("3 KB"), Some(3072));
    assert_eq!(size_bytes("1.5 MB"), Some(1_572_864));
    assert_eq!(size_bytes("?"), None);
}
