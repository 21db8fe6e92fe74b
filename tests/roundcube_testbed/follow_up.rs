//! A follow-up end to end: sent as a reply in Sent, quoted and signed; bob's answer seen.
use crate::live::*;
use jiff::Timestamp;
use mailseq::core::enrollment::{Identity, Recipient};
use mailseq::core::ids::EnrollmentId;
use mailseq::core::ports::{MailPort, Outgoing, WatchSet, Watched};
use mailseq::mail::roundcube::Roundcube;

fn outgoing(tag: &str, step: u32, in_reply_to: Option<String>, body: &str) -> Outgoing {
    Outgoing {
        identity: Identity {
            id: String::new(),
            email: "alice@mail.test".into(),
            name: "Alice Seller".into(),
        },
        to: vec![Recipient {
            email: "bob@mail.test".into(),
            name: "Bob Prospect".into(),
            fields: Default::default(),
            time_zone: None,
        }],
        subject: if step == 0 {
            format!("Live intro {tag}")
        } else {
            format!("Re: Live intro {tag}")
        },
        body: body.into(),
        message_id: format!("mseq.live-{tag}.{step}@mail.test"),
        references: in_reply_to.iter().cloned().collect(),
        in_reply_to,
        provider_thread_id: None,
        quote: None,
        footer: None,
        list_unsubscribe: None,
    }
}

#[test]
fn roundcube_follow_up_goes_out_through_the_real_testbed() {
    let Some(live) = Live::connect() else { return };
    live.login("alice", "alicepw");
    live.set_alice_signature();
    let rc = Roundcube::new(&live, &live);
    let acct = alice();
    let tag = Timestamp::now().as_millisecond().to_string();

    // The enrolling email, in a new thread, with a chosen Message-ID.
    let first = outgoing(&tag, 0, None, "Hello Bob, a short intro.");
    let sent = run(rc.send(&acct, &first)).expect("first email sent");
    assert_eq!(sent.message_id, first.message_id);
    assert!(run(rc.find_sent(&acct, &first.message_id))
        .unwrap()
        .is_some());
    wait_for_bob(&first.message_id);

    // The sync cursor starts before bob's answer.
    let w = Watched {
        enrollment: EnrollmentId(format!("e-live-{tag}")),
        message_ids: vec![first.message_id.clone()],
        provider_thread_id: None,
        prospects: vec!["bob@mail.test".into()],
        watch_prospect_mail: false,
        watch_domain_mail: false,
    };
    let start = run(rc.sync(&acct, &WatchSet::from(vec![w.clone()]))).expect("first sync");
    assert!(start.cursor.as_deref().unwrap().starts_with("INBOX:"));

    // The follow-up: a reply to the first email in Sent, quoting it below the new text.
    let second = outgoing(
        &tag,
        1,
        Some(first.message_id.clone()),
        "Following up on my note below.",
    );
    assert_eq!(run(rc.find_sent(&acct, &second.message_id)), Ok(None));
    run(rc.send(&acct, &second)).expect("follow-up sent");
    let got = wait_for_bob(&second.message_id);
    assert_eq!(got["inReplyTo"], format!("<{}>", first.message_id).as_str());
    assert_eq!(got["subject"], format!("Re: Live intro {tag}").as_str());
    let body = got["body"].as_str().unwrap();
    // New text, signature, then the quote: the layout of a manual top-posted reply.
    let sig = body
        .find("-- \r\nAlice Seller\r\nAccount Executive, Example Co")
        .expect(body);
    let quote = body.find("> Hello Bob, a short intro.").expect(body);
    assert!(
        body.starts_with("Following up on my note below.\r\n\r\n-- "),
        "{body}"
    );
    assert!(sig < quote, "{body}");
    // The retry check: the follow-up is now found by its Message-ID.
    assert!(run(rc.find_sent(&acct, &second.message_id))
        .unwrap()
        .is_some());

    // bob answers the follow-up: the next sync and the pre-send check both see it.
    mailtool(&[
        "reply",
        "--from",
        "bob",
        "--to",
        "alice",
        "--subject-match",
        &tag,
    ]);
    let mut acct2 = acct.clone();
    acct2.cursor = start.cursor.clone();
    let mut w2 = w.clone();
    w2.message_ids.push(second.message_id.clone());
    let synced = run(rc.sync(&acct2, &WatchSet::from(vec![w2.clone()]))).expect("sync");
    let reply = synced
        .messages
        .iter()
        .find(|m| m.from == "bob@mail.test")
        .expect("bob's reply in the sync");
    assert!(reply.in_reply_to.contains(&second.message_id));
    assert!(!reply.snippet.is_empty());
    let thread = run(rc.read_thread(&acct2, &w2)).expect("thread");
    assert!(thread.iter().any(|m| m.message_id == reply.message_id));
    assert!(thread
        .iter()
        .all(|m| !m.sent_by_user && m.from != "alice@mail.test"));
}
