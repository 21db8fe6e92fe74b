//! PLACEHOLDER for the extension pages (side panel, options), which another part of the
//! foundation writes here with web-sys. It only proves the page loads the wasm and that
//! `lib.rs`'s entry points reach this module.
use wasm_bindgen::prelude::*;

fn mount(title: &str, text: &str) -> Result<(), JsValue> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app element"))?;
    let h1 = doc.create_element("h1")?;
    h1.set_text_content(Some(title));
    let p = doc.create_element("p")?;
    p.set_text_content(Some(text));
    root.replace_children_with_node_2(&h1, &p);
    Ok(())
}

pub fn start_sidepanel() -> Result<(), JsValue> {
    mount("mailseq", "Upcoming follow-ups and due tasks appear here.")
}

pub fn start_options() -> Result<(), JsValue> {
    mount("mailseq options", "Sequences are defined here.")
}
