//! Export (a JSON download) and import (a file the user picks) of the whole pipeline.
use crate::core::message::{Request, Response};
use crate::core::transfer::ExportData;
use crate::ui::bridge::{self, to_js};
use crate::ui::dom::El;
use crate::ui::options::Options;
use crate::ui::options_settings::send_then;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Element, HtmlInputElement};

pub fn export(p: &Rc<Options>) {
    let me = Rc::downgrade(p);
    spawn_local(async move {
        let Some(p) = me.upgrade() else { return };
        let data = match bridge::send(&Request::Export).await {
            Ok(Response::Exported { data }) => data,
            Ok(Response::Error { message }) => return p.say_error(&message),
            Ok(_) => return p.say_error("The background answered the export with something else."),
            Err(e) => return p.say_error(&e.to_string()),
        };
        let result = (|| -> Result<(), JsValue> {
            let v = to_js(&data).map_err(|e| JsValue::from_str(&e.to_string()))?;
            let text = js_sys::JSON::stringify_with_replacer_and_space(
                &v,
                &JsValue::NULL,
                &JsValue::from(2),
            )?;
            let parts: js_sys::Array = [text].iter().collect();
            let opts = web_sys::BlobPropertyBag::new();
            opts.set_type("application/json");
            let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
            let url = web_sys::Url::create_object_url_with_blob(&blob)?;
            let day = data.exported_at.strftime("%Y-%m-%d").to_string();
            let a: web_sys::HtmlAnchorElement = El::new("a")?
                .attr("href", &url)
                .attr("download", &format!("mailseq-export-{day}.json"))
                .build()
                .unchecked_into();
            a.click();
            // The download reads the blob asynchronously: free it a little later.
            gloo_timers::callback::Timeout::new(60_000, move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            })
            .forget();
            Ok(())
        })();
        match result {
            Ok(()) => p.say(&format!(
                "Exported {} sequences and {} enrollments.",
                data.sequences.len(),
                data.enrollments.len()
            )),
            Err(e) => p.say_error(&format!(
                "The export could not be saved: {}",
                bridge::error_text(&e)
            )),
        }
    });
}

/// The file input changed: read, check and import the chosen file.
pub fn on_change(p: &Rc<Options>, el: &Element, field: &str) {
    if field != "import.file" {
        return;
    }
    let Some(input) = el.dyn_ref::<HtmlInputElement>().cloned() else {
        return;
    };
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        return;
    };
    let me = Rc::downgrade(p);
    spawn_local(async move {
        let text = JsFuture::from(file.text()).await;
        input.set_value("");
        let Some(p) = me.upgrade() else { return };
        let text = match text.map(|t| t.as_string().unwrap_or_default()) {
            Ok(t) => t,
            Err(e) => {
                return p.say_error(&format!(
                    "The file could not be read: {}",
                    bridge::error_text(&e)
                ))
            }
        };
        let data: ExportData = match serde_json::from_str(&text) {
            Ok(d) => d,
            Err(e) => return p.say_error(&format!("This file is not a mailseq export: {e}")),
        };
        send_then(&p, Request::Import { data }, |r| match r {
            Response::Imported {
                sequences,
                enrollments,
            } => format!("Imported {sequences} sequences and {enrollments} enrollments."),
            _ => "Imported.".into(),
        });
    });
}
