//! The HTTP port: what a provider needs from the browser's `fetch`, and a clock.
#![allow(async_fn_in_trait)] // single-threaded wasm: the futures need not be Send

use jiff::Timestamp;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HttpBody {
    Text(String),
    /// `application/x-www-form-urlencoded`, in this order.
    Form(Vec<(String, String)>),
    /// `application/json`, already serialized.
    Json(String),
    Bytes(Vec<u8>),
}

impl HttpBody {
    /// The Content-Type the browser must send with this body.
    pub fn content_type(&self) -> &'static str {
        match self {
            HttpBody::Text(_) => "text/plain; charset=utf-8",
            HttpBody::Form(_) => "application/x-www-form-urlencoded",
            HttpBody::Json(_) => "application/json",
            HttpBody::Bytes(_) => "application/octet-stream",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<HttpBody>,
    /// Send the site's cookies (a webmail session). Gmail's API uses a bearer token: false.
    pub credentials_include: bool,
}

impl HttpRequest {
    pub fn get(url: impl Into<String>) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url: url.into(),
            headers: Vec::new(),
            body: None,
            credentials_include: false,
        }
    }

    pub fn post(url: impl Into<String>, body: HttpBody) -> HttpRequest {
        HttpRequest {
            method: Method::Post,
            body: Some(body),
            ..HttpRequest::get(url)
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> HttpRequest {
        self.headers.push((name.to_owned(), value.into()));
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// The final URL, after redirects.
    pub url: String,
    /// Names in lower case. A cross-origin response only shows the headers the server exposes
    /// (Google exposes Retry-After and Date).
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// The request never got an HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HttpError {
    #[error("network error: {0}")]
    Network(String),
    #[error("the request timed out")]
    Timeout,
}

/// `fetch`. The browser's implementation must not throw on 4xx/5xx: those are responses.
pub trait Http {
    async fn fetch(&self, req: HttpRequest) -> Result<HttpResponse, HttpError>;
}

/// Real time, for the things that happen in Google's time: quota minutes, Retry-After, the
/// Date header, token expiry. Not the engine's clock, which a test build may freeze.
pub trait Clock {
    fn now(&self) -> Timestamp;
    async fn sleep(&self, ms: u64);
}

impl<X: Http + ?Sized> Http for &X {
    async fn fetch(&self, req: HttpRequest) -> Result<HttpResponse, HttpError> {
        (**self).fetch(req).await
    }
}

impl<X: Clock + ?Sized> Clock for &X {
    fn now(&self) -> Timestamp {
        (**self).now()
    }

    async fn sleep(&self, ms: u64) {
        (**self).sleep(ms).await
    }
}
