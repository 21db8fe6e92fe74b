//! A blocking stand-in for the browser: ureq over plain HTTP, with the cookie handling a
//! browser does (cookies from every answer, redirects followed by hand), and the testbed's
//! mailbox tools.
use jiff::Timestamp;
use mailseq::core::account::{Account, ProviderKind, Session};
use mailseq::core::ids::AccountId;
use mailseq::mail::http::{Clock, Http, HttpBody, HttpError, HttpRequest, HttpResponse, Method};
use mailseq::mail::roundcube::filter;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::process::Command;
use std::sync::Mutex;
use std::time::Duration;

pub struct Live {
    agent: ureq::Agent,
    cookies: RefCell<BTreeMap<String, String>>,
    pub requests: Cell<usize>,
    pub bytes_out: Cell<usize>,
    pub bytes_in: Cell<usize>,
}

pub fn base() -> String {
    let port = std::env::var("MAILSEQ_TESTBED_RC_PORT").unwrap_or_else(|_| "18765".into());
    format!("http://127.0.0.1:{port}")
}

/// `MAILSEQ_TESTBED`: `required` turns "no testbed" into a failure (`make test` sets it after
/// starting the testbed, so there these tests can never skip); `skip` skips them without
/// looking (`make test`'s plain `cargo test` stage, which runs before the testbed is up).
/// Unset: run when a testbed answers, else skip with a note.
fn mode() -> String {
    std::env::var("MAILSEQ_TESTBED").unwrap_or_default()
}

impl Live {
    /// None (with a note) when no Roundcube answers.
    pub fn connect() -> Option<Live> {
        if mode() == "skip" {
            eprintln!(
                "skipped: MAILSEQ_TESTBED=skip (make test runs these in its roundcube stage)"
            );
            return None;
        }
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
            _ if mode() == "required" => panic!(
                "no Roundcube testbed at {} and MAILSEQ_TESTBED=required: \
                 `make test` starts it (tests/testbed/up.sh) before these tests",
                base()
            ),
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

    pub fn exchange(&self, req: &HttpRequest) -> Result<HttpResponse, HttpError> {
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
    pub fn set_alice_signature(&self) {
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

    pub fn login(&self, user: &str, pass: &str) {
        // Roundcube creates a user's row on their first login and fails the login when two
        // first logins race (UNIQUE constraint on users). On a fresh testbed the tests here
        // run in parallel, so logins take turns.
        static LOGINS: Mutex<()> = Mutex::new(());
        let _turn = LOGINS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
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

pub fn alice() -> Account {
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
pub fn bobs_inbox() -> Vec<serde_json::Value> {
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

pub fn wait_for_bob(message_id: &str) -> serde_json::Value {
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

pub fn mailtool(args: &[&str]) {
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

pub fn run<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

/// A hidden input's value in a page Roundcube rendered (`<input type="hidden" name="N" value="V">`).
pub fn hidden(page: &str, name: &str) -> String {
    let after = page
        .split(&format!("name=\"{name}\" value=\""))
        .nth(1)
        .unwrap();
    after.split('"').next().unwrap().to_owned()
}
