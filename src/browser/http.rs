//! `fetch` for the mail providers. Webmail sessions live in cookies, so requests carry
//! `credentials: 'include'`; every request has a timeout, because a hung connection would
//! otherwise hold a tick (and the worker) until the browser kills it.
use crate::browser::js::error_text;
use gloo_timers::callback::Timeout;
use thiserror::Error;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, RequestRedirect};

#[wasm_bindgen]
extern "C" {
    // The global fetch: the same binding works in the service worker and in pages.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    None,
    /// `application/x-www-form-urlencoded`, in this order.
    Form(Vec<(String, String)>),
    /// A JSON text, sent as `application/json`.
    Json(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redirect {
    Follow,
    /// Answer the 3xx itself (as an opaque redirect, status 0): login flows need to see it.
    Manual,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    pub redirect: Redirect,
    pub timeout_ms: u32,
}

impl HttpRequest {
    pub fn get(url: impl Into<String>) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url: url.into(),
            headers: Vec::new(),
            body: Body::None,
            redirect: Redirect::Follow,
            timeout_ms: 30_000,
        }
    }

    pub fn post(url: impl Into<String>, body: Body) -> HttpRequest {
        HttpRequest {
            method: Method::Post,
            body,
            ..HttpRequest::get(url)
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> HttpRequest {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    /// After redirects: where the answer came from (a login page, say).
    pub url: String,
    pub redirected: bool,
    /// Names in lower case, as fetch gives them.
    pub headers: Vec<(String, String)>,
    pub text: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HttpError {
    #[error("the request could not be built: {0}")]
    Request(String),
    /// DNS, refused connection, TLS, CORS or a missing host permission: fetch does not say which.
    #[error("network error: {0}")]
    Network(String),
    #[error("no answer within {0} ms")]
    Timeout(u32),
    #[error("the answer could not be read: {0}")]
    Body(String),
}

/// `a=1&b=x+y`: what a browser form posts.
pub fn form_encode(fields: &[(String, String)]) -> String {
    let enc = |s: &str| String::from(js_sys::encode_uri_component(s)).replace("%20", "+");
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn build(req: &HttpRequest, signal: &web_sys::AbortSignal) -> Result<web_sys::Request, JsValue> {
    let headers = Headers::new()?;
    for (name, value) in &req.headers {
        headers.append(name, value)?;
    }
    let init = RequestInit::new();
    init.set_method(req.method.as_str());
    init.set_credentials(RequestCredentials::Include);
    init.set_redirect(match req.redirect {
        Redirect::Follow => RequestRedirect::Follow,
        Redirect::Manual => RequestRedirect::Manual,
        Redirect::Error => RequestRedirect::Error,
    });
    init.set_signal(Some(signal));
    match &req.body {
        Body::None => {}
        Body::Form(fields) => {
            headers.set("content-type", "application/x-www-form-urlencoded")?;
            init.set_body(&JsValue::from_str(&form_encode(fields)));
        }
        Body::Json(text) => {
            headers.set("content-type", "application/json")?;
            init.set_body(&JsValue::from_str(text));
        }
    }
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(&req.url, &init)
}

pub async fn fetch(req: &HttpRequest) -> Result<HttpResponse, HttpError> {
    let abort = AbortController::new().map_err(|e| HttpError::Request(error_text(&e)))?;
    let request = build(req, &abort.signal()).map_err(|e| HttpError::Request(error_text(&e)))?;
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = timed_out.clone();
    // Dropped (and so cancelled) when this function returns.
    let _timer = Timeout::new(req.timeout_ms, move || {
        flag.set(true);
        abort.abort();
    });
    let failed = |e: JsValue| {
        if timed_out.get() {
            HttpError::Timeout(req.timeout_ms)
        } else {
            HttpError::Network(error_text(&e))
        }
    };
    let resp: web_sys::Response = JsFuture::from(global_fetch(&request))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| HttpError::Body("fetch gave no Response".to_owned()))?;
    let text_promise = resp.text().map_err(|e| HttpError::Body(error_text(&e)))?;
    let text = JsFuture::from(text_promise)
        .await
        .map_err(|e| {
            if timed_out.get() {
                HttpError::Timeout(req.timeout_ms)
            } else {
                HttpError::Body(error_text(&e))
            }
        })?
        .as_string()
        .unwrap_or_default();
    Ok(HttpResponse {
        status: resp.status(),
        url: resp.url(),
        redirected: resp.redirected(),
        headers: header_pairs(&resp.headers()),
        text,
    })
}

fn header_pairs(headers: &Headers) -> Vec<(String, String)> {
    let Ok(Some(iter)) = js_sys::try_iter(headers) else {
        return Vec::new();
    };
    iter.filter_map(|entry| {
        let pair: js_sys::Array = entry.ok()?.dyn_into().ok()?;
        Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
    })
    .collect()
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch_url(url: &str) -> js_sys::Promise;
}

/// A plain GET of the body's bytes: for the extension's own files (tz data).
pub async fn get_bytes(url: &str) -> Result<(u16, Vec<u8>), HttpError> {
    let resp: web_sys::Response = JsFuture::from(global_fetch_url(url))
        .await
        .map_err(|e| HttpError::Network(error_text(&e)))?
        .dyn_into()
        .map_err(|_| HttpError::Body("fetch gave no Response".to_owned()))?;
    let buf = resp
        .array_buffer()
        .map_err(|e| HttpError::Body(error_text(&e)))?;
    let buf = JsFuture::from(buf)
        .await
        .map_err(|e| HttpError::Body(error_text(&e)))?;
    Ok((resp.status(), js_sys::Uint8Array::new(&buf).to_vec()))
}
