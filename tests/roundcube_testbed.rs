//! The Roundcube provider against the REAL testbed (`tests/testbed/up.sh`): a follow-up goes
//! out end to end, and reply detection sees bob's answer. It proves the provider on the real
//! server before the extension is wired. When nothing answers at the testbed's address the
//! tests print a note and pass: `make test` starts the testbed first.
//!
//! The testbed's address comes from `MAILSEQ_TESTBED_RC_PORT` (default 18765), as in the
//! testbed scripts; `mailtool.py` reads bob's mailbox over IMAP with the same variables.
//! ureq (blocking, plain HTTP) stands in for the browser's fetch, with the cookie handling a
//! browser does: cookies from every answer, redirects followed by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jiff::Timestamp;
use mailseq::core::account::{Account, ProviderKind, Session};
use mailseq::core::enrollment::{Identity, Recipient};
use mailseq::core::ids::{AccountId, EnrollmentId};
use mailseq::core::ports::{MailPort, Outgoing, Watched};
use mailseq::mail::http::{Clock, Http, HttpBody, HttpError, HttpRequest, HttpResponse, Method};
use mailseq::mail::roundcube::{filter, Roundcube};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::process::Command;
use std::time::Duration;

struct Live {
    agent: ureq::Agent,
    cookies: RefCell<BTreeMap<String, String>>,
    requests: Cell<usize>,
    bytes_out: Cell<usize>,
    bytes_in: Cell<usize>,
}

fn base() -> String {
    let port = std::env::var("MAILSEQ_TESTBED_RC_PORT").unwrap_or_else(|_| "18765".into());
    format!("http://127.0.0.1:{port}")
}

impl Live {
    /// None (with a note) when no Roundcube answers.
    fn connect() -> Option<Live> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        let probe = agent
            .get(&format!("{}/", base()))
            .config()
            .timeout_global(Some(Duration::from_secs(3)))
            .build()
            .call();
        match probe {
            Ok(r) if r.status().as_u16() == 200 => Some(Live {
                agent,
                cookies: RefCell::default(),
                requests: Cell::new(0),
                bytes_out: Cell::new(0),
                bytes_in: Cell::new(0),
            }),
            _ => {
                eprintln!(
                    "skipped: no Roundcube testbed at {} (start tests/testbed/up.sh)",
                    base()
                );
                None
            }
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .borrow()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn exchange(&self, req: &HttpRequest) -> Result<HttpResponse, HttpError> {
        let mut url = req.url.clone();
        let mut method = req.method;
        let mut body = req.body.clone();
        for _ in 0..5 {
            let form = match &body {
                Some(HttpBody::Form(f)) => Some(
                    f.iter()
                        .map(|(k, v)| format!("{}={}", filter::enc(k), filter::enc(v)))
                        .collect::<Vec<_>>()
                        .join("&"),
                ),
                _ => None,
            };
            self.requests.set(self.requests.get() + 1);
            self.bytes_out
                .set(self.bytes_out.get() + url.len() + form.as_ref().map_or(0, String::len));
            let result = match method {
                Method::Get => {
                    let mut r = self.agent.get(&url).header("Cookie", self.cookie_header());
                    for (k, v) in &req.headers {
                        r = r.header(k, v);
                    }
                    r.call()
                }
                Method::Post => {
                    let mut r = self
                        .agent
                        .post(&url)
                        .header("Cookie", self.cookie_header())
                        .header("Content-Type", "application/x-www-form-urlencoded");
                    for (k, v) in &req.headers {
                        r = r.header(k, v);
                    }
                    r.send(form.unwrap_or_default())
                }
            };
            let mut resp = result.map_err(|e| HttpError::Network(e.to_string()))?;
            for c in resp.headers().get_all("set-cookie") {
                let c = c.to_str().unwrap_or("");
                if let Some((kv, _)) = c.split_once(';').or(Some((c, ""))) {
                    if let Some((k, v)) = kv.split_once('=') {
                        self.cookies
                            .borrow_mut()
                            .insert(k.trim().into(), v.trim().into());
                    }
                }
            }
            let status = resp.status().as_u16();
            let headers: Vec<(String, String)> = resp
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
                .collect();
            let text = resp.body_mut().read_to_string().unwrap_or_default();
            self.bytes_in.set(self.bytes_in.get() + text.len());
            if (300..400).contains(&status) {
                let location = headers
                    .iter()
                    .find(|(k, _)| k == "location")
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                url = if location.starts_with('/') {
                    format!("{}{location}", base())
                } else {
                    location
                };
                method = Method::Get;
                body = None;
                continue;
            }
            return Ok(HttpResponse {
                status,
                url,
                headers,
                body: text,
            });
        }
        Err(HttpError::Network("too many redirects".into()))
    }

    /// Gives alice's identity the name and signature the fixtures were made with.
    fn set_alice_signature(&self) {
        let compose = self
            .exchange(&HttpRequest::get(format!(
                "{}/?_task=mail&_action=compose",
                base()
            )))
            .unwrap();
        let env = |key: &str| {
            let after = compose.body.split(&format!("\"{key}\":\"")).nth(1).unwrap();
            after.split('"').next().unwrap().to_owned()
        };
        let token = env("request_token");
        let iid = compose.body.split("name=\"_from\"").nth(1).unwrap();
        let iid = iid
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let form = [
            ("_token", token.as_str()),
            ("_framed", "1"),
            ("_task", "settings"),
            ("_action", "save-identity"),
            ("_iid", iid),
            ("_name", "Alice Seller"),
            ("_email", "alice@mail.test"),
            ("_organization", "Example Co"),
            ("_standard", "1"),
            ("_signature", "Alice Seller\nAccount Executive, Example Co"),
        ];
        let req = HttpRequest::post(
            format!("{}/?_task=settings&_framed=1", base()),
            HttpBody::Form(
                form.iter()
                    .map(|(k, v)| ((*k).into(), (*v).into()))
                    .collect(),
            ),
        );
        let resp = self.exchange(&req).unwrap();
        assert!(resp.body.contains("Successfully saved"), "{}", resp.body);
    }

    fn login(&self, user: &str, pass: &str) {
        let page = self
            .exchange(&HttpRequest::get(format!("{}/", base())))
            .unwrap();
        let token = page.body.split("name=\"_token\" value=\"").nth(1).unwrap();
        let token = token.split('"').next().unwrap().to_owned();
        let form = [
            ("_token", token.as_str()),
            ("_task", "login"),
            ("_action", "login"),
            ("_timezone", "Europe/Berlin"),
            ("_url", ""),
            ("_user", user),
            ("_pass", pass),
        ];
        let req = HttpRequest::post(
            format!("{}/?_task=login", base()),
            HttpBody::Form(
                form.iter()
                    .map(|(k, v)| ((*k).into(), (*v).into()))
                    .collect(),
            ),
        );
        let resp = self.exchange(&req).unwrap();
        assert!(
            !mailseq::mail::roundcube::is_login_page(&resp.body),
            "login as {user} failed"
        );
    }
}

impl Http for Live {
    async fn fetch(&self, req: HttpRequest) -> Result<HttpResponse, HttpError> {
        assert!(
            req.credentials_include,
            "Roundcube requests carry the session"
        );
        self.exchange(&req)
    }
}

impl Clock for Live {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }

    async fn sleep(&self, ms: u64) {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

fn alice() -> Account {
    Account {
        id: AccountId(format!("roundcube:{}:alice@mail.test", base())),
        provider: ProviderKind::Roundcube,
        origin: base(),
        user: "alice@mail.test".into(),
        own_addresses: Vec::new(),
        cursor: None,
        session: Session::Ok,
    }
}

/// bob's INBOX as mailtool.py reads it (IMAP, never marks read).
fn bobs_inbox() -> Vec<serde_json::Value> {
    let tool = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/testbed/mailtool.py");
    let out = Command::new("python3")
        .args([tool, "messages", "bob"])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn wait_for_bob(message_id: &str) -> serde_json::Value {
    let want = format!("<{message_id}>");
    for _ in 0..100 {
        if let Some(m) = bobs_inbox()
            .into_iter()
            .find(|m| m["messageId"] == want.as_str())
        {
            return m;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{message_id} did not reach bob within 10 s");
}

fn mailtool(args: &[&str]) {
    let tool = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/testbed/mailtool.py");
    let out = Command::new("python3")
        .arg(tool)
        .args(args)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

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
    let start = run(rc.sync(&acct, std::slice::from_ref(&w))).expect("first sync");
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
    let synced = run(rc.sync(&acct2, std::slice::from_ref(&w2))).expect("sync");
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

#[test]
fn roundcube_sync_cost_per_idle_poll() {
    let Some(live) = Live::connect() else { return };
    live.login("alice", "alicepw");
    let rc = Roundcube::new(&live, &live);
    let mut acct = alice();
    let first = run(rc.sync(&acct, &[])).expect("first sync");
    acct.cursor = first.cursor;
    println!(
        "threads | watermark: requests, bytes out/in | tracked-ID filter: requests, bytes out/in"
    );
    for threads in [1usize, 100, 1000] {
        // Two of our ids per thread (the enrolling email and one follow-up), real length.
        let ids: Vec<String> = (0..threads)
            .flat_map(|i| {
                [
                    format!("{:032x}@mail.test", i * 7919 + 1),
                    format!("mseq.e-{:016x}.1@mail.test", i * 104_729),
                ]
            })
            .collect();
        let measure = |f: &dyn Fn()| {
            let (r, o, i) = (
                live.requests.get(),
                live.bytes_out.get(),
                live.bytes_in.get(),
            );
            f();
            (
                live.requests.get() - r,
                live.bytes_out.get() - o,
                live.bytes_in.get() - i,
            )
        };
        let w = Watched {
            enrollment: EnrollmentId("e-cost".into()),
            message_ids: ids.clone(),
            provider_thread_id: None,
            prospects: vec!["nobody-here@mail.test".into()],
            watch_prospect_mail: false,
            watch_domain_mail: false,
        };
        let mark = measure(&|| {
            run(rc.sync(&acct, std::slice::from_ref(&w))).expect("sync");
        });
        let tracked = measure(&|| {
            for f in filter::answering(&ids) {
                let q = filter::query(&[
                    ("_task", "mail"),
                    ("_action", "search"),
                    ("_mbox", "INBOX"),
                    ("_q", ""),
                    ("_scope", "base"),
                    ("_filter", &f),
                    ("_remote", "1"),
                ]);
                let req = HttpRequest::get(format!("{}/?{q}", base()));
                let resp = live.exchange(&req).expect("search");
                assert!(resp.body.contains("search_filter"), "{}", resp.body);
            }
        });
        println!(
            "{threads:>7} | {:>2} req, {:>6} B / {:>6} B | {:>3} req, {:>7} B / {:>7} B",
            mark.0, mark.1, mark.2, tracked.0, tracked.1, tracked.2
        );
        assert_eq!(
            mark.0, 1,
            "an idle poll is one request, whatever the threads"
        );
    }
}

/// A hidden input's value in a page Roundcube rendered (`<input type="hidden" name="N" value="V">`).
fn hidden(page: &str, name: &str) -> String {
    let after = page
        .split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .unwrap();
    after.split('"').next().unwrap().to_owned()
}

#[test]
fn roundcube_user_send_is_enrolled_by_its_draft_message_id() {
    let Some(live) = Live::connect() else { return };
    live.login("alice", "alicepw");
    let rc = Roundcube::new(&live, &live);
    let acct = alice();
    let tag = Timestamp::now().as_millisecond().to_string();
    let subject = format!("Armed compose {tag}");

    // What the content script makes the page do: save a draft when a sequence is armed ...
    let compose = live
        .exchange(&HttpRequest::get(format!(
            "{}/?_task=mail&_action=compose",
            base()
        )))
        .unwrap();
    let (cid, token) = (
        hidden(&compose.body, "_id"),
        hidden(&compose.body, "_token"),
    );
    let from = compose.body.split("name=\"_from\"").nth(1).unwrap();
    let from = from
        .split("value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let form = |draft: bool, saveid: &str| {
        let f = [
            ("_token", token.as_str()),
            ("_task", "mail"),
            ("_action", "send"),
            ("_id", cid.as_str()),
            ("_from", from),
            ("_to", "bob@mail.test"),
            ("_subject", subject.as_str()),
            ("_message", "Hello from the compose window."),
            ("_is_html", "0"),
            ("_framed", "1"),
            ("_draft", if draft { "1" } else { "" }),
            ("_draft_saveid", saveid),
            ("_store_target", "Sent"),
        ];
        HttpBody::Form(f.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect())
    };
    let url = format!("{}/?_task=mail&_framed=1", base());
    let saved = live
        .exchange(&HttpRequest::post(&url, form(true, "")))
        .unwrap();
    let uid = saved
        .body
        .split("set_draft_id(\"")
        .nth(1)
        .expect(&saved.body);
    let uid = uid.split('"').next().unwrap().to_owned();

    // ... the background reads the draft's Message-ID (ComposeArmed) ...
    let armed = run(rc.draft_message_id(&acct, &uid))
        .unwrap()
        .expect("draft id");

    // ... the user presses Send, and the send is confirmed in Sent under that id.
    let sent = live
        .exchange(&HttpRequest::post(&url, form(false, &uid)))
        .unwrap();
    assert!(sent.body.contains("sent_successfully("), "{}", sent.body);
    let composed = mailseq::core::ports::Composed {
        hint: mailseq::core::message::SentHint {
            message_id: Some(armed.clone()),
            ..Default::default()
        },
        to: vec!["bob@mail.test".into()],
        subject: subject.clone(),
    };
    let found = run(rc.find_composed(&acct, &composed))
        .unwrap()
        .expect("in Sent");
    assert_eq!(found.message_id, armed);
    assert_eq!(found.subject, subject);
    assert_eq!(wait_for_bob(&armed)["subject"], subject.as_str());

    // Without the draft's id, the To/Subject/date fallback finds the same message.
    let fallback = mailseq::core::ports::Composed {
        hint: Default::default(),
        ..composed
    };
    let found = run(rc.find_composed(&acct, &fallback))
        .unwrap()
        .expect("by To+Subject");
    assert_eq!(found.message_id, armed);
}

#[test]
fn roundcube_bounce_is_matched_to_the_bounced_message() {
    let Some(live) = Live::connect() else { return };
    live.login("alice", "alicepw");
    let rc = Roundcube::new(&live, &live);
    let mut acct = alice();
    acct.cursor = run(rc.sync(&acct, &[])).unwrap().cursor;
    let tag = Timestamp::now().as_millisecond().to_string();
    let id = format!("mseq.bounce-{tag}.1@mail.test");
    mailtool(&[
        "bounce",
        "--to",
        "alice",
        "--message-id",
        &format!("<{id}>"),
        "--recipient",
        "bob@mail.test",
    ]);
    let w = Watched {
        enrollment: EnrollmentId(format!("e-bounce-{tag}")),
        message_ids: vec![id.clone()],
        provider_thread_id: None,
        prospects: vec!["bob@mail.test".into()],
        watch_prospect_mail: false,
        watch_domain_mail: false,
    };
    let r = run(rc.sync(&acct, std::slice::from_ref(&w))).unwrap();
    let m = r
        .messages
        .iter()
        .find(|m| m.references.contains(&id))
        .expect("the bounce");
    assert_eq!(m.header("x-failed-recipients"), Some("bob@mail.test"));
    let own = mailseq::core::reply::Own {
        addresses: &["alice@mail.test".into()],
        message_ids: &[],
    };
    assert_eq!(
        mailseq::core::reply::classify(m, &own),
        mailseq::core::enrollment::Class::Bounce
    );
}

/// Pins what Roundcube 1.6 lets a sender set (see `src/mail/roundcube/mod.rs`): on a new
/// compose, the URL's `_message-id`, `_in-reply-to` and `_references` become those headers;
/// any other URL parameter and any extra POST field sets nothing: no List-Unsubscribe, no
/// marker header, and a POSTed Message-ID is ignored.
#[test]
fn roundcube_only_message_id_and_threading_headers_can_be_chosen() {
    let Some(live) = Live::connect() else { return };
    live.login("alice", "alicepw");
    let tag = Timestamp::now().as_millisecond().to_string();
    let ours = format!("mseq.pin-{tag}.2@mail.test");
    let q = filter::query(&[
        ("_task", "mail"),
        ("_action", "compose"),
        ("_to", "bob@mail.test"),
        ("_subject", &format!("Pin {tag}")),
        ("_message-id", &format!("<{ours}>")),
        ("_in-reply-to", "mseq.pin-root@mail.test"),
        ("_references", "<mseq.pin-root@mail.test>"),
        ("_list-unsubscribe", "<mailto:unsubscribe@mail.test>"),
        ("_x-mailseq", "yes"),
    ]);
    let compose = live
        .exchange(&HttpRequest::get(format!("{}/?{q}", base())))
        .unwrap();
    let from = compose.body.split("name=\"_from\"").nth(1).unwrap();
    let from = from
        .split("value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let f = [
        ("_token", hidden(&compose.body, "_token")),
        ("_task", "mail".into()),
        ("_action", "send".into()),
        ("_id", hidden(&compose.body, "_id")),
        ("_from", from.into()),
        ("_to", "bob@mail.test".into()),
        ("_subject", format!("Pin {tag}")),
        ("_message", "Pinning Roundcube's header rules.".into()),
        ("_is_html", "0".into()),
        ("_framed", "1".into()),
        ("_store_target", "Sent".into()),
        ("_message-id", "<posted@mail.test>".into()),
        ("_list-unsubscribe", "<mailto:unsubscribe@mail.test>".into()),
        ("_headers", "X-Mailseq: yes".into()),
    ];
    let req = HttpRequest::post(
        format!("{}/?_task=mail&_framed=1", base()),
        HttpBody::Form(f.iter().map(|(k, v)| ((*k).into(), v.clone())).collect()),
    );
    let sent = live.exchange(&req).unwrap();
    assert!(sent.body.contains("sent_successfully("), "{}", sent.body);

    let got = wait_for_bob(&ours);
    assert_eq!(got["inReplyTo"], "<mseq.pin-root@mail.test>");
    assert_eq!(got["references"], "<mseq.pin-root@mail.test>");
    // bob's raw copy, read as bob through Roundcube.
    let bob = Live::connect().unwrap();
    bob.login("bob", "bobpw");
    let search = filter::query(&[
        ("_task", "mail"),
        ("_action", "search"),
        ("_mbox", "INBOX"),
        ("_q", ""),
        ("_scope", "base"),
        ("_filter", &format!("HEADER Message-ID \"{ours}\"")),
        ("_remote", "1"),
    ]);
    let found = bob
        .exchange(&HttpRequest::get(format!("{}/?{search}", base())))
        .unwrap();
    let uid = found
        .body
        .split("add_message_row(")
        .nth(1)
        .expect(&found.body);
    let uid: String = uid.chars().take_while(char::is_ascii_digit).collect();
    let raw = bob
        .exchange(&HttpRequest::get(format!(
            "{}/?_task=mail&_action=viewsource&_uid={uid}&_mbox=INBOX",
            base()
        )))
        .unwrap()
        .body;
    let head = raw.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
    assert!(head.contains(&format!("message-id: <{ours}>")), "{head}");
    assert!(!head.contains("posted@mail.test"), "{head}");
    assert!(!head.contains("list-unsubscribe"), "{head}");
    assert!(!head.contains("x-mailseq"), "{head}");
}
