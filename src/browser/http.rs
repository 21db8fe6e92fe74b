//! `fetch` for the mail providers: the browser's side of `mail::http::Http` (and the real-time
//! `Clock` providers use for quota minutes and Retry-After). 4xx/5xx are answers, not errors;
//! only a request that got no HTTP answer is an `HttpError`. A timeout aborts the request.
use crate::browser::js::error_text;
use crate::mail::http::{Clock, Http, HttpBody, HttpError, HttpRequest, HttpResponse};
use gloo_timers::callback::Timeout;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, RequestRedirect};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch_url(url: &str) -> js_sys::Promise;
}

/// Long enough for a slow webmail's send; short enough that a tick never hangs for good.
const TIMEOUT_MS: u32 = 30_000;

/// The browser's fetch and clock, for providers.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserHttp;

impl Http for BrowserHttp {
    async fn fetch(&self, req: HttpRequest) -> Result<HttpResponse, HttpError> {
        fetch(&req).await
    }
}

impl Clock for BrowserHttp {
    fn now(&self) -> jiff::Timestamp {
        crate::core::time::from_ms(js_sys::Date::now() as i64)
    }

    async fn sleep(&self, ms: u64) {
        gloo_timers::future::TimeoutFuture::new(ms.min(u32::MAX as u64) as u32).await;
    }
}

/// `application/x-www-form-urlencoded` as browsers post forms (spaces as `+`).
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
        headers.set("content-type", body.content_type())?;
        match body {
            HttpBody::Text(t) | HttpBody::Json(t) => init.set_body(&JsValue::from_str(t)),
            HttpBody::Form(fields) => init.set_body(&JsValue::from_str(&form_encode(fields))),
            HttpBody::Bytes(b) => init.set_body(&js_sys::Uint8Array::from(b.as_slice())),
        }
    }
    init.set_headers(&headers);
    web_sys::Request::new_with_str_and_init(&req.url, &init)
}

pub async fn fetch(req: &HttpRequest) -> Result<HttpResponse, HttpError> {
    let abort = AbortController::new().map_err(|e| HttpError::Network(error_text(&e)))?;
    let request = build(req, &abort.signal()).map_err(|e| HttpError::Network(error_text(&e)))?;
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let flag = timed_out.clone();
    // Dropped (and so cancelled) when this function returns.
    let _timer = Timeout::new(TIMEOUT_MS, move || {
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
    let text_promise = resp
        .text()
        .map_err(|e| HttpError::Network(error_text(&e)))?;
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
        Some((
            pair.get(0).as_string()?.to_ascii_lowercase(),
            pair.get(1).as_string()?,
        ))
    })
    .collect()
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
