//! `fetch` for the mail providers (the `mail::http::Http` port). Webmail sessions live in
//! cookies, so a request can carry `credentials: 'include'`; every request has a timeout,
//! because a hung connection would otherwise hold a tick (and the worker) until it is killed.
use crate::browser::js::error_text;
use crate::mail::http::{Http, HttpBody, HttpError, HttpRequest, HttpResponse};
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, RequestRedirect};

#[wasm_bindgen]
extern "C" {
    // The global fetch: the same binding works in the service worker and in pages.
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;
}

/// The browser's `fetch` behind the providers' HTTP port. Redirects are followed (a login
/// page shows up as the final URL); every request gives up after `timeout_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrowserHttp {
    pub timeout_ms: u32,
}

impl Default for BrowserHttp {
    fn default() -> Self {
        BrowserHttp { timeout_ms: 30_000 }
    }
}

impl Http for BrowserHttp {
    async fn fetch(&self, req: HttpRequest) -> Result<HttpResponse, HttpError> {
        fetch(&req, self.timeout_ms).await
    }
}

/// Real time for the providers (quota minutes, Retry-After, token expiry): never the
/// engine's clock, which a test build may freeze.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserTime;

impl crate::mail::http::Clock for BrowserTime {
    fn now(&self) -> jiff::Timestamp {
        crate::core::time::from_ms(js_sys::Date::now() as i64)
    }

    /// Backoff between retries.
    async fn sleep(&self, ms: u64) {
        let ms = u32::try_from(ms).unwrap_or(u32::MAX);
        gloo_timers::future::TimeoutFuture::new(ms).await;
    }
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
    init.set_credentials(if req.credentials_include {
        RequestCredentials::Include
    } else {
        RequestCredentials::Omit
    });
    init.set_redirect(RequestRedirect::Follow);
    init.set_signal(Some(signal));
    if let Some(body) = &req.body {
        if !headers.has("content-type")? {
            headers.set("content-type", body.content_type())?;
        }
        match body {
            HttpBody::Text(t) | HttpBody::Json(t) => init.set_body(&JsValue::from_str(t)),
            HttpBody::Form(fields) => init.set_body(&JsValue::from_str(&form_encode(fields))),
            HttpBody::Bytes(b) => init.set_body(&js_sys::Uint8Array::from(b.as_slice())),
        }
    }
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(&req.url, &init)
}

/// Status codes are answers, not errors: only "no answer at all" is an `HttpError`.
pub async fn fetch(req: &HttpRequest, timeout_ms: u32) -> Result<HttpResponse, HttpError> {
    let abort = AbortController::new().map_err(|e| HttpError::Network(error_text(&e)))?;
    let request = build(req, &abort.signal()).map_err(|e| HttpError::Network(error_text(&e)))?;
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = timed_out.clone();
    // Dropped (and so cancelled) when this function returns.
    let _timer = Timeout::new(timeout_ms, move || {
        flag.set(true);
        abort.abort();
    });
    let failed = |e: JsValue| {
        if timed_out.get() {
            HttpError::Timeout
        } else {
            HttpError::Network(error_text(&e))
        }
    };
    let resp: web_sys::Response = JsFuture::from(global_fetch(&request))
        .await
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| HttpError::Network("fetch gave no Response".to_owned()))?;
    let text_promise = resp.text().map_err(failed)?;
    let body = JsFuture::from(text_promise)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    Ok(HttpResponse {
        status: resp.status(),
        url: resp.url(),
        headers: header_pairs(&resp.headers()),
        body,
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
        .map_err(|_| HttpError::Network("fetch gave no Response".to_owned()))?;
    let buf = resp
        .array_buffer()
        .map_err(|e| HttpError::Network(error_text(&e)))?;
    let buf = JsFuture::from(buf)
        .await
        .map_err(|e| HttpError::Network(error_text(&e)))?;
    Ok((resp.status(), js_sys::Uint8Array::new(&buf).to_vec()))
}
