//! The side panel's Gmail part: what the Gmail tab shows, asked from its content script
//! (`DescribePage`). When the page could not place mailseq's control next to Send, it says so;
//! when a thread is open, it can enroll it (`EnrollOpenThread`), which is the way to enroll
//! while Gmail's page has changed under the driver.
use crate::browser::chrome;
use crate::core::message::{ControlState, OpenThread, PageAccount, Request, Response};
use crate::core::sequence::SequenceState;
use crate::core::state::State;
use crate::ui::bridge;
use crate::ui::dom::{self, button, El};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// What the Gmail tab said, and which tab.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub account_index: u32,
    pub thread: Option<OpenThread>,
    pub control: ControlState,
}

pub struct GmailPart {
    pub root: Element,
    seen: RefCell<Option<Seen>>,
    sequences: RefCell<Vec<(String, String)>>,
}

/// The Gmail tab to ask: the active one if any, else the one used last. `tabs.query` by URL
/// needs no "tabs" permission for hosts the manifest grants (mail.google.com).
async fn gmail_tab() -> Option<i32> {
    let query = js_sys::Object::new();
    crate::browser::js::set(
        &query,
        "url",
        &JsValue::from_str("https://mail.google.com/*"),
    );
    let tabs: js_sys::Array = chrome::tabs_query(&query).await.ok()?.dyn_into().ok()?;
    let num = |t: &JsValue, k: &str| {
        js_sys::Reflect::get(t, &JsValue::from_str(k))
            .ok()
            .and_then(|v| v.as_f64())
    };
    let active = |t: &JsValue| {
        js_sys::Reflect::get(t, &JsValue::from_str("active"))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    };
    let best = tabs.iter().max_by(|a, b| {
        (active(a), num(a, "lastAccessed").unwrap_or(0.0))
            .partial_cmp(&(active(b), num(b, "lastAccessed").unwrap_or(0.0)))
            .unwrap_or(std::cmp::Ordering::Equal)
    })?;
    num(&best, "id").map(|id| id as i32)
}

/// Asks the Gmail tab's content script; None when there is no Gmail tab or it does not answer
/// (a tab opened before mailseq was installed has no content script until reloaded).
pub async fn describe() -> Option<Seen> {
    let tab = gmail_tab().await?;
    let msg = bridge::to_js(&Request::DescribePage).ok()?;
    let answer = chrome::tabs_send_message(tab, &msg).await.ok()?;
    match crate::browser::js::from_js::<Response>(answer).ok()? {
        Response::PageDescription {
            account_index,
            thread,
            control,
        } => Some(Seen {
            account_index,
            thread,
            control,
        }),
        _ => None,
    }
}

impl GmailPart {
    pub fn new() -> Result<GmailPart, JsValue> {
        let root = El::new("section")?
            .attr("id", "gmail-page")
            .attr("data-mailseq", "gmail-page")
            .attr("aria-label", "Gmail")
            .attr("hidden", "")
            .build();
        Ok(GmailPart {
            root,
            seen: RefCell::new(None),
            sequences: RefCell::new(Vec::new()),
        })
    }

    /// Renders again only when the page or the sequences changed, so a choice in the picker
    /// is not reset under the user.
    pub fn show(&self, seen: Option<Seen>, state: &State) {
        let sequences: Vec<(String, String)> = state
            .sequences
            .values()
            .filter(|s| s.state != SequenceState::Archived)
            .map(|s| (s.id.0.clone(), s.spec.name.clone()))
            .collect();
        if *self.seen.borrow() == seen && *self.sequences.borrow() == sequences {
            return;
        }
        *self.seen.borrow_mut() = seen.clone();
        *self.sequences.borrow_mut() = sequences.clone();
        match self.build(seen.as_ref(), &sequences) {
            Ok(children) => {
                let empty = children.is_empty();
                dom::replace_children(&self.root, &children);
                if empty {
                    let _ = self.root.set_attribute("hidden", "");
                } else {
                    let _ = self.root.remove_attribute("hidden");
                }
            }
            Err(e) => web_sys::console::warn_1(&e),
        }
    }

    fn build(
        &self,
        seen: Option<&Seen>,
        sequences: &[(String, String)],
    ) -> Result<Vec<Element>, JsValue> {
        let Some(seen) = seen else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        if seen.control == ControlState::Unavailable {
            out.push(
                El::new("p")?
                    .class("banner banner-warning")
                    .attr("data-mailseq", "control-unavailable")
                    .text(
                        "The mailseq button could not be placed in Gmail's compose window \
                         (Gmail may have changed its page). Send your email as usual, open its \
                         thread, and enroll it here.",
                    )
                    .build(),
            );
        }
        if let Some(t) = &seen.thread {
            let mut picker = El::new("select")?
                .attr("data-mailseq", "panel-sequence-picker")
                .attr("data-key", "panel-sequence-picker")
                .attr("aria-label", "Sequence for the open thread")
                .child(El::new("option")?.attr("value", "").text("No sequence"));
            for (id, name) in sequences {
                picker = picker.child(El::new("option")?.attr("value", id).text(name));
            }
            let subject = if t.subject.trim().is_empty() {
                "(no subject)"
            } else {
                t.subject.trim()
            };
            out.push(
                El::new("div")?
                    .class("inline")
                    .attr("data-thread-id", &t.thread_id)
                    .child(El::new("p")?.text(&format!("Open in Gmail: {subject}")))
                    .child(picker)
                    .child(
                        button("Enroll this thread")?
                            .attr("data-action", "enroll-open-thread")
                            .attr("data-mailseq", "enroll-open-thread")
                            .attr("data-key", "enroll-open-thread"),
                    )
                    .build(),
            );
        }
        Ok(out)
    }

    /// The request for "Enroll this thread", or a sentence saying what is missing.
    pub fn enroll_request(&self) -> Result<Request, String> {
        let seen = self.seen.borrow().clone();
        let Some(Seen {
            account_index,
            thread: Some(thread),
            ..
        }) = seen
        else {
            return Err("No Gmail thread is open.".into());
        };
        let sequence = self
            .root
            .query_selector("[data-mailseq=\"panel-sequence-picker\"]")
            .ok()
            .flatten()
            .map(|e| dom::value_of(&e))
            .unwrap_or_default();
        if sequence.is_empty() {
            return Err("Pick a sequence for the open thread first.".into());
        }
        Ok(Request::EnrollOpenThread {
            account: PageAccount {
                provider: crate::core::account::ProviderKind::Gmail,
                user: String::new(),
                account_index: Some(account_index),
            },
            thread_id: thread.thread_id,
            sequence_id: crate::core::ids::SequenceId(sequence),
        })
    }
}
