//! A scripted Roundcube: answers matched by URL substrings, every request recorded, and a
//! clock that only moves when the provider sleeps.
use crate::core::account::{Account, ProviderKind, Session};
use crate::core::ids::AccountId;
use crate::mail::http::{Clock, Http, HttpBody, HttpError, HttpRequest, HttpResponse};
use crate::mail::roundcube::Roundcube;
use jiff::Timestamp;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

pub const ORIGIN: &str = "http://127.0.0.1:18765";

pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/roundcube/2026-11-27/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn account(cursor: Option<&str>) -> Account {
    Account {
        id: AccountId(format!("roundcube:{ORIGIN}:alice@mail.test")),
        provider: ProviderKind::Roundcube,
        origin: ORIGIN.into(),
        user: "alice@mail.test".into(),
        own_addresses: Vec::new(),
        cursor: cursor.map(str::to_owned),
        session: Session::Ok,
    }
}

struct Route {
    needles: Vec<String>,
    answers: VecDeque<Result<HttpResponse, HttpError>>,
    /// The last answer stays for every later match.
    sticky: bool,
}

#[derive(Default)]
pub struct Script {
    routes: RefCell<Vec<Route>>,
    pub requests: RefCell<Vec<HttpRequest>>,
    pub slept: RefCell<Vec<u64>>,
    pub now_ms: Cell<i64>,
}

pub fn ok(body: impl Into<String>, content_type: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        url: String::new(),
        headers: vec![("content-type".into(), content_type.into())],
        body: body.into(),
    }
}

pub fn json(body: impl Into<String>) -> HttpResponse {
    ok(body, "application/json; charset=UTF-8")
}

pub fn html(body: impl Into<String>) -> HttpResponse {
    ok(body, "text/html; charset=UTF-8")
}

impl Script {
    pub fn new() -> Script {
        let s = Script::default();
        // 2026-11-27T09:20:00Z, when the fixtures were made.
        s.now_ms.set(1_795_771_200_000);
        s
    }

    /// Answers the next request whose decoded URL (or form body) holds every needle.
    pub fn on(&self, needles: &[&str], answer: HttpResponse) -> &Self {
        self.route(needles, Ok(answer), false)
    }

    /// Like `on`, but answers every later match too.
    pub fn always(&self, needles: &[&str], answer: HttpResponse) -> &Self {
        self.route(needles, Ok(answer), true)
    }

    pub fn fail(&self, needles: &[&str], e: HttpError) -> &Self {
        self.route(needles, Err(e), true)
    }

    fn route(&self, needles: &[&str], a: Result<HttpResponse, HttpError>, sticky: bool) -> &Self {
        self.routes.borrow_mut().push(Route {
            needles: needles.iter().map(|s| (*s).to_owned()).collect(),
            answers: VecDeque::from([a]),
            sticky,
        });
        self
    }

    pub fn provider(&self) -> Roundcube<&Script, &Script> {
        let mut p = Roundcube::new(self, self);
        p.confirm_waits_ms = vec![0, 1000, 2000];
        p
    }

    /// Decoded URLs of every request so far.
    pub fn urls(&self) -> Vec<String> {
        self.requests
            .borrow()
            .iter()
            .map(|r| decode(&r.url))
            .collect()
    }

    /// The form fields of the n-th POST.
    pub fn posted(&self, n: usize) -> Vec<(String, String)> {
        self.requests
            .borrow()
            .iter()
            .filter_map(|r| match &r.body {
                Some(HttpBody::Form(f)) => Some(f.clone()),
                _ => None,
            })
            .nth(n)
            .unwrap_or_default()
    }
}

pub fn field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no field {name}"))
}

/// Percent-decoding for readable assertions.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Http for Script {
    async fn fetch(&self, req: HttpRequest) -> Result<HttpResponse, HttpError> {
        let url = decode(&req.url);
        let form = match &req.body {
            Some(HttpBody::Form(f)) => f
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&"),
            _ => String::new(),
        };
        let text = format!("{} {url} {form}", req.method.as_str());
        self.requests.borrow_mut().push(req.clone());
        let mut routes = self.routes.borrow_mut();
        let route = routes
            .iter_mut()
            .find(|r| !r.answers.is_empty() && r.needles.iter().all(|n| text.contains(n.as_str())))
            .unwrap_or_else(|| panic!("no scripted answer for {text}"));
        let answer = if route.sticky && route.answers.len() == 1 {
            route.answers[0].clone()
        } else {
            route
                .answers
                .pop_front()
                .unwrap_or_else(|| panic!("exhausted"))
        };
        answer.map(|mut a| {
            if a.url.is_empty() {
                a.url = req.url.clone();
            }
            a
        })
    }
}

impl Clock for Script {
    fn now(&self) -> Timestamp {
        Timestamp::from_millisecond(self.now_ms.get()).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    async fn sleep(&self, ms: u64) {
        self.slept.borrow_mut().push(ms);
        self.now_ms
            .set(self.now_ms.get() + i64::try_from(ms).unwrap_or(0));
    }
}

/// Runs a future to completion (the provider's futures never wait on anything real).
pub fn run<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}
