//! Native-test twins of the HTTP port and the clock: a scripted `fetch` that answers with
//! recorded fixtures (and checks the request against the one recorded), and a clock whose
//! sleeps only move it.
use crate::mail::encode::parse_query;
use crate::mail::http::{Clock, Http, HttpBody, HttpError, HttpRequest, HttpResponse};
use jiff::Timestamp;
use serde::Deserialize;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};

/// One recorded exchange from `tests/gmail/capture-api-fixtures.mjs`.
#[derive(Debug, Clone, Deserialize)]
pub struct Fixture {
    pub request: FixtureRequest,
    pub response: FixtureResponse,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FixtureRequest {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub body: Option<serde_json::Value>,
    #[serde(default)]
    pub form: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FixtureResponse {
    pub status: u16,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub body: serde_json::Value,
}

pub fn fixture(name: &str) -> Fixture {
    let path = format!(
        "{}/tests/fixtures/gmail-api/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

impl Fixture {
    pub fn response(&self) -> HttpResponse {
        let body = match &self.response.body {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        HttpResponse {
            status: self.response.status,
            url: self.request.url.clone(),
            headers: self
                .response
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            body,
        }
    }

    pub fn body(&self) -> &serde_json::Value {
        &self.response.body
    }
}

/// Path and query of a URL, the query as sorted decoded pairs (order and encoding of query
/// parameters do not matter to a server).
pub fn url_key(url: &str) -> (String, Vec<(String, String)>) {
    let (path, q) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs = parse_query(q);
    pairs.sort();
    (path.replace("%40", "@"), pairs)
}

/// Asserts that `req` is the request the fixture recorded (method, URL, form; the JSON body's
/// fields other than `raw`, which embeds a date).
pub fn assert_same_request(req: &HttpRequest, f: &FixtureRequest) {
    assert_eq!(req.method.as_str(), f.method, "method of {}", f.url);
    assert_eq!(url_key(&req.url), url_key(&f.url), "request URL");
    match (&req.body, &f.body, &f.form) {
        (Some(HttpBody::Json(j)), Some(expected), _) => {
            let mut got: serde_json::Value = serde_json::from_str(j).unwrap();
            let mut want = expected.clone();
            for v in [&mut got, &mut want] {
                if let Some(o) = v.as_object_mut() {
                    o.remove("raw");
                }
            }
            assert_eq!(got, want, "JSON body of {}", f.url);
        }
        (Some(HttpBody::Form(pairs)), _, Some(form)) => {
            let got: BTreeMap<String, String> = pairs.iter().cloned().collect();
            assert_eq!(&got, form, "form body of {}", f.url);
        }
        (None, None, None) => {}
        (got, _, _) => panic!("body {got:?} differs from the recorded one for {}", f.url),
    }
}

enum Step {
    /// Checks the request against the recording, then answers with it.
    Recorded(Box<Fixture>),
    Answer(HttpResponse),
    Fail(HttpError),
}

/// A `fetch` that plays a script, in order, and keeps every request it got.
#[derive(Default)]
pub struct FakeHttp {
    script: RefCell<VecDeque<Step>>,
    pub requests: RefCell<Vec<HttpRequest>>,
}

impl FakeHttp {
    pub fn new() -> FakeHttp {
        FakeHttp::default()
    }

    /// The next request must be the one recorded in fixture `name`; its answer is played.
    pub fn expect(&self, name: &str) -> &Self {
        self.script
            .borrow_mut()
            .push_back(Step::Recorded(Box::new(fixture(name))));
        self
    }

    pub fn answer(&self, resp: HttpResponse) -> &Self {
        self.script.borrow_mut().push_back(Step::Answer(resp));
        self
    }

    pub fn fail(&self, e: HttpError) -> &Self {
        self.script.borrow_mut().push_back(Step::Fail(e));
        self
    }

    pub fn remaining(&self) -> usize {
        self.script.borrow().len()
    }

    pub fn urls(&self) -> Vec<String> {
        self.requests
            .borrow()
            .iter()
            .map(|r| r.url.clone())
            .collect()
    }
}

impl Http for FakeHttp {
    async fn fetch(&self, req: HttpRequest) -> Result<HttpResponse, HttpError> {
        self.requests.borrow_mut().push(req.clone());
        let step =
            self.script.borrow_mut().pop_front().unwrap_or_else(|| {
                panic!("unexpected request: {} {}", req.method.as_str(), req.url)
            });
        match step {
            Step::Recorded(f) => {
                assert_same_request(&req, &f.request);
                Ok(f.response())
            }
            Step::Answer(r) => Ok(r),
            Step::Fail(e) => Err(e),
        }
    }
}

/// A clock that stands still until told, or until something sleeps.
pub struct FakeClock {
    now: Cell<Timestamp>,
    pub slept: RefCell<Vec<u64>>,
}

impl FakeClock {
    pub fn at(now: &str) -> FakeClock {
        FakeClock {
            now: Cell::new(now.parse().unwrap()),
            slept: RefCell::new(Vec::new()),
        }
    }

    pub fn now_secs(&self) -> i64 {
        self.now.get().as_second()
    }

    pub fn advance_secs(&self, secs: i64) {
        let t = self.now.get() + jiff::SignedDuration::from_secs(secs);
        self.now.set(t);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Timestamp {
        self.now.get()
    }

    async fn sleep(&self, ms: u64) {
        self.slept.borrow_mut().push(ms);
        let t = self.now.get() + jiff::SignedDuration::from_millis(ms as i64);
        self.now.set(t);
    }
}
