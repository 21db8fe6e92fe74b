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

/// An element under construction, kept as build steps in Rust and made real by one call into
/// JS at `build()`. Why: the side panel at 1,000 enrollments has 27k nodes, and a call across
/// the wasm boundary per element, attribute and text node made that about 100k calls; one
/// call per `build()` leaves only the DOM work itself. Text still becomes text nodes
/// (createTextNode) and values attributes (setAttribute): nothing is parsed as HTML.
///
/// Steps are items joined by NUL, each led by its kind: `E`/`S` open an HTML/SVG element,
/// `A` sets an attribute (name, U+0001, value), `T` appends text, `N` appends the next node of
/// `nodes` (an element built earlier), `C` closes the open element. An `El` holds its own
/// element's steps without the final `C`, so a parent appends a child's steps and closes it.
pub struct El {
    steps: String,
    nodes: Vec<web_sys::Node>,
}

/// What `child` accepts: a builder (its steps are merged, no call into JS) or a built node.
pub enum Part {
    Steps(El),
    Node(web_sys::Node),
}

impl From<El> for Part {
    fn from(e: El) -> Part {
        Part::Steps(e)
    }
}

impl From<Element> for Part {
    fn from(e: Element) -> Part {
        Part::Node(e.into())
    }
}

impl From<&Element> for Part {
    fn from(e: &Element) -> Part {
        Part::Node(e.clone().into())
    }
}

#[wasm_bindgen(module = "/src/ui/build_steps.js")]
extern "C" {
    fn build_steps(steps: &str, nodes: &js_sys::Array) -> Element;
}

impl El {
    fn open(kind: char, tag: &str) -> El {
        let mut steps = String::with_capacity(64);
        steps.push(kind);
        steps.push_str(tag);
        El {
            steps,
            nodes: Vec::new(),
        }
    }

    /// Appends a step that carries user or mail text: a NUL in it would end the step early,
    /// so it becomes U+FFFD, which is what the HTML parser makes of one too.
    fn step(&mut self, kind: char, head: &str, text: &str) {
        self.steps.push('\0');
        self.steps.push(kind);
        self.steps.push_str(head);
        if text.contains('\0') {
            self.steps.push_str(&text.replace('\0', "\u{FFFD}"));
        } else {
            self.steps.push_str(text);
        }
    }

    pub fn new(tag: &str) -> Result<El, JsValue> {
        Ok(El::open('E', tag))
    }

    /// An SVG element (the SVG namespace, so the browser draws it).
    pub fn svg(tag: &str) -> Result<El, JsValue> {
        Ok(El::open('S', tag))
    }

    pub fn attr(mut self, name: &str, value: &str) -> El {
        self.step('A', &format!("{name}\u{1}"), value);
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

    pub fn text(mut self, s: &str) -> El {
        self.step('T', "", s);
        self
    }

    pub fn child(mut self, c: impl Into<Part>) -> El {
        match c.into() {
            Part::Steps(e) => {
                self.steps.push('\0');
                self.steps.push_str(&e.steps);
                self.steps.push_str("\0C");
                self.nodes.extend(e.nodes);
            }
            Part::Node(n) => {
                self.steps.push_str("\0N");
                self.nodes.push(n);
            }
        }
        self
    }

    pub fn children<P: Into<Part>>(self, cs: impl IntoIterator<Item = P>) -> El {
        cs.into_iter().fold(self, El::child)
    }

    /// Appends `c` when it is Some (optional parts of a view).
    pub fn maybe(self, c: Option<Element>) -> El {
        match c {
            Some(c) => self.child(c),
            None => self,
        }
    }

    pub fn build(self) -> Element {
        let nodes: js_sys::Array = self.nodes.iter().collect();
        build_steps(&self.steps, &nodes)
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
            if let Err(e) = h.focus() {
                web_sys::console::error_2(&JsValue::from_str("mailseq ui:"), &e);
            }
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
