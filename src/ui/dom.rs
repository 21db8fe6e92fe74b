//! A tiny DOM builder. Text goes in through text nodes only: names, subjects and notes come
//! from mail and from users, and are never parsed as HTML.
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, EventTarget, HtmlElement};

pub fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("this page has no document"))
}

/// An element under construction. Setters cannot fail for the static names this code uses,
/// so they chain; a failure (a bug) is logged rather than silently dropped.
pub struct El(Element);

fn logged(r: Result<impl Sized, JsValue>) {
    if let Err(e) = r {
        web_sys::console::error_2(&JsValue::from_str("mailseq ui:"), &e);
    }
}

impl El {
    pub fn new(tag: &str) -> Result<El, JsValue> {
        Ok(El(document()?.create_element(tag)?))
    }

    /// An SVG element (the SVG namespace, so the browser draws it).
    pub fn svg(tag: &str) -> Result<El, JsValue> {
        Ok(El(document()?.create_element_ns(
            Some("http://www.w3.org/2000/svg"),
            tag,
        )?))
    }

    pub fn attr(self, name: &str, value: &str) -> El {
        logged(self.0.set_attribute(name, value));
        self
    }

    /// Sets the attribute only when `on` (boolean attributes like `checked`, `hidden`).
    pub fn flag(self, name: &str, on: bool) -> El {
        if on {
            self.attr(name, "")
        } else {
            self
        }
    }

    pub fn class(self, c: &str) -> El {
        self.attr("class", c)
    }

    pub fn text(self, s: &str) -> El {
        if let Ok(doc) = document() {
            logged(self.0.append_child(&doc.create_text_node(s)));
        }
        self
    }

    pub fn child(self, c: impl AsRef<web_sys::Node>) -> El {
        logged(self.0.append_child(c.as_ref()));
        self
    }

    pub fn children<N: AsRef<web_sys::Node>>(self, cs: impl IntoIterator<Item = N>) -> El {
        for c in cs {
            logged(self.0.append_child(c.as_ref()));
        }
        self
    }

    /// Appends `c` when it is Some (optional parts of a view).
    pub fn maybe(self, c: Option<Element>) -> El {
        match c {
            Some(c) => self.child(c),
            None => self,
        }
    }

    pub fn build(self) -> Element {
        self.0
    }
}

impl AsRef<web_sys::Node> for El {
    fn as_ref(&self) -> &web_sys::Node {
        &self.0
    }
}

/// `tag` with one text child: the most common shape.
pub fn text_el(tag: &str, s: &str) -> Result<Element, JsValue> {
    Ok(El::new(tag)?.text(s).build())
}

/// A real button (keyboard and screen readers get Enter/Space and the role for free).
pub fn button(label: &str) -> Result<El, JsValue> {
    Ok(El::new("button")?.attr("type", "button").text(label))
}

pub fn by_id(id: &str) -> Result<Element, JsValue> {
    document()?
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("missing #{id}")))
}

/// The nearest ancestor-or-self of an event target matching `selector`.
pub fn closest(target: Option<EventTarget>, selector: &str) -> Option<Element> {
    target?
        .dyn_into::<Element>()
        .ok()?
        .closest(selector)
        .ok()
        .flatten()
}

pub fn replace_children(parent: &Element, children: &[Element]) {
    let arr: js_sys::Array = children.iter().collect();
    parent.replace_children_with_node(&arr);
}

/// The stable key (`data-key`) of the focused element, to restore focus after a re-render.
pub fn focused_key() -> Option<String> {
    document().ok()?.active_element()?.get_attribute("data-key")
}

pub fn refocus(root: &Element, key: Option<String>) {
    let Some(key) = key else { return };
    let sel = format!("[data-key=\"{}\"]", css_escape(&key));
    if let Some(el) = root.query_selector(&sel).ok().flatten() {
        if let Ok(h) = el.dyn_into::<HtmlElement>() {
            logged(h.focus());
        }
    }
}

/// Focuses the element with this `data-key` anywhere in the page.
pub fn focus_key(key: &str) {
    if let Some(body) = document().ok().and_then(|d| d.body()) {
        refocus(&body, Some(key.to_owned()));
    }
}

/// Escapes a string for use inside a double-quoted CSS attribute selector.
pub fn css_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c if c.is_control() => format!("\\{:x} ", c as u32).chars().collect(),
            c => vec![c],
        })
        .collect()
}

/// The value of an input, select or textarea; empty for anything else.
pub fn value_of(el: &Element) -> String {
    if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    if let Some(s) = el.dyn_ref::<web_sys::HtmlSelectElement>() {
        return s.value();
    }
    if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return t.value();
    }
    String::new()
}

pub fn checked(el: &Element) -> bool {
    el.dyn_ref::<web_sys::HtmlInputElement>()
        .is_some_and(|i| i.checked())
}
