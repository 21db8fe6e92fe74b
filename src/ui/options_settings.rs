//! The options page's lower half: display settings and switching on a Roundcube (host
//! permission asked from the click). Export / import live in `options_transfer`.
use crate::core::message::{Request, Response};
use crate::core::settings::Settings;
use crate::core::view;
use crate::ui::bridge;
use crate::ui::dom::{self, button, checked, value_of, El};
use crate::ui::options::Options;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

fn labelled(label: &str, ctl: El, id: &str, hint: Option<&str>) -> Result<Element, JsValue> {
    let mut f = El::new("div")?
        .class("field")
        .child(El::new("label")?.attr("for", id).text(label))
        .child(ctl);
    if let Some(h) = hint {
        f = f.child(
            El::new("p")?
                .class("hint")
                .attr("id", &format!("hint-{id}"))
                .text(h),
        );
    }
    Ok(f.build())
}

fn ctl(tag: &str, id: &str) -> Result<El, JsValue> {
    Ok(El::new(tag)?
        .attr("id", id)
        .attr("data-key", id)
        .attr("data-field", id)
        .attr("aria-describedby", &format!("hint-{id}")))
}

pub fn render(p: &Rc<Options>) {
    if let Err(e) = build(p) {
        p.say_error(&bridge::error_text(&e));
    }
}

fn build(p: &Rc<Options>) -> Result<(), JsValue> {
    let st = p.store.borrow().state().settings.clone();
    let browser = bridge::browser_zone();
    let mut zone = ctl("select", "settings.timeZone")?.child(
        El::new("option")?
            .attr("value", "")
            .text(&format!("The browser's zone ({browser})")),
    );
    for z in p.zone_names.iter() {
        zone = zone.child(
            El::new("option")?
                .attr("value", z)
                .flag("selected", st.time_zone.as_deref() == Some(z))
                .text(z),
        );
    }
    let settings = El::new("section")?
        .attr("id", "settings")
        .attr("aria-labelledby", "h-settings")
        .child(El::new("h2")?.attr("id", "h-settings").text("Settings"))
        .child(labelled(
            "Show times in",
            zone,
            "settings.timeZone",
            Some("The side panel and the preview show every time in this zone."),
        )?)
        .child(labelled(
            "Your other addresses (one per line)",
            ctl("textarea", "settings.ownAddresses")?
                .attr("rows", "3")
                .text(&st.own_addresses.join("\n")),
            "settings.ownAddresses",
            Some("Aliases you send from. Mail from them never counts as a reply."),
        )?)
        .child(labelled(
            "Your postal address",
            ctl("textarea", "settings.physicalAddress")?
                .attr("rows", "3")
                .text(&st.physical_address),
            "settings.physicalAddress",
            Some("For the compliance footer of your follow-ups (CAN-SPAM, GDPR)."),
        )?)
        .child(
            El::new("label")?
                .class("check")
                .child(
                    El::new("input")?
                        .attr("type", "checkbox")
                        .attr("id", "settings.notifyBlocked")
                        .attr("data-key", "settings.notifyBlocked")
                        .flag("checked", st.notify_blocked),
                )
                .text("Notify me when sending is blocked (logged out, daily cap)"),
        )
        .child(
            El::new("div")?.class("actions").child(
                button("Save settings")?
                    .class("primary")
                    .attr("data-action", "settings-save")
                    .attr("data-key", "settings-save"),
            ),
        );
    let roundcube = El::new("section")?.attr("id", "roundcube").attr("aria-labelledby", "h-roundcube")
        .child(El::new("h2")?.attr("id", "h-roundcube").text("Roundcube"))
        .child(El::new("p")?.text("Gmail works as is. A self-hosted Roundcube is switched on per address: your browser asks you to let mailseq read and send mail there."))
        .child(El::new("ul")?.attr("id", "roundcube-list").class("plain items"))
        .child(El::new("div")?.class("inline")
            .child(labelled("Roundcube address", ctl("input", "roundcube.origin")?.attr("type", "url").attr("placeholder", "https://mail.example.org").attr("autocomplete", "url"), "roundcube.origin", Some("The address you open Roundcube at; only its origin is used."))?)
            .child(button("Switch on")?.attr("data-action", "roundcube-on").attr("data-key", "roundcube-on")));
    let transfer = El::new("section")?.attr("id", "transfer").attr("aria-labelledby", "h-transfer")
        .child(El::new("h2")?.attr("id", "h-transfer").text("Export and import"))
        .child(El::new("p")?.text("Export saves sequences, enrollments, the do-not-email list and settings as one JSON file. Import merges such a file: records with the same id are replaced, nothing else is removed."))
        .child(El::new("div")?.class("inline")
            .child(button("Export as JSON")?.attr("data-action", "export").attr("data-key", "export"))
            .child(labelled("Import a file", ctl("input", "import.file")?.attr("type", "file").attr("accept", ".json,application/json"), "import.file", None)?))
        .child(El::new("p")?.attr("id", "transfer-result").attr("role", "status").attr("aria-live", "polite"));
    dom::replace_children(
        &p.settings,
        &[
            settings.build(),
            crate::ui::options_gmail::section(p)?,
            roundcube.build(),
            transfer.build(),
        ],
    );
    refresh(p);
    Ok(())
}

/// Re-renders what storage changes can change under the user: the switched-on origins.
pub fn refresh(p: &Rc<Options>) {
    crate::ui::options_gmail::refresh(p);
    let origins = p.store.borrow().state().settings.roundcube_origins.clone();
    let Some(list) = p.settings.query_selector("#roundcube-list").ok().flatten() else {
        return;
    };
    let items: Result<Vec<Element>, JsValue> = origins
        .iter()
        .map(|o| {
            Ok(El::new("li")?
                .class("item row")
                .child(El::new("span")?.text(o))
                .child(
                    button("Switch off")?
                        .attr("data-action", "roundcube-off")
                        .attr("data-origin", o)
                        .attr("data-key", &format!("rc-off:{o}"))
                        .attr("aria-label", &format!("Switch off {o}")),
                )
                .build())
        })
        .collect();
    if let Ok(items) = items {
        dom::replace_children(&list, &items);
    }
}

fn field(p: &Options, id: &str) -> Option<Element> {
    p.settings
        .query_selector(&format!("[id=\"{id}\"]"))
        .ok()
        .flatten()
}

pub(crate) fn send_then(
    p: &Rc<Options>,
    req: Request,
    done: impl FnOnce(Response) -> String + 'static,
) {
    let me = Rc::downgrade(p);
    spawn_local(async move {
        let Some(p) = me.upgrade() else { return };
        match bridge::send(&req).await {
            Ok(Response::Error { message }) => p.say_error(&message),
            Ok(r) => p.say(&done(r)),
            Err(e) => p.say_error(&e.to_string()),
        }
    });
}

pub fn on_click(p: &Rc<Options>, btn: &Element, action: &str) {
    match action {
        "settings-save" => {
            let mut s: Settings = p.store.borrow().state().settings.clone();
            let get = |id: &str| field(p, id).map(|e| value_of(&e)).unwrap_or_default();
            let zone = get("settings.timeZone");
            s.time_zone = (!zone.is_empty()).then_some(zone);
            s.own_addresses = get("settings.ownAddresses")
                .lines()
                .map(|l| l.trim().to_ascii_lowercase())
                .filter(|l| !l.is_empty())
                .collect();
            s.physical_address = get("settings.physicalAddress").trim().to_owned();
            s.notify_blocked = field(p, "settings.notifyBlocked").is_some_and(|e| checked(&e));
            send_then(p, Request::SaveSettings { settings: s }, |_| {
                "Settings saved.".into()
            });
        }
        "roundcube-on" => {
            let typed = field(p, "roundcube.origin")
                .map(|e| value_of(&e))
                .unwrap_or_default();
            let origin = match view::normalize_origin(&typed) {
                Ok(o) => o,
                Err(e) => return p.say_error(&e.to_string()),
            };
            // The permission prompt needs the click's user activation: ask before anything else.
            let me = Rc::downgrade(p);
            spawn_local(async move {
                let granted = bridge::request_origin(&origin).await;
                let Some(p) = me.upgrade() else { return };
                match granted {
                    Ok(true) => {
                        send_then(
                            &p,
                            Request::EnableRoundcube {
                                origin: origin.clone(),
                            },
                            move |_| {
                                format!("Switched on {origin}. Reload its tab to see the mailseq button.")
                            },
                        )
                    }
                    Ok(false) => p.say_error(&format!(
                        "Access to {origin} was not granted, so mailseq cannot work there."
                    )),
                    Err(e) => p.say_error(&e.to_string()),
                }
            });
        }
        "roundcube-off" => {
            let origin = btn.get_attribute("data-origin").unwrap_or_default();
            send_then(
                p,
                Request::DisableRoundcube {
                    origin: origin.clone(),
                },
                move |_| format!("Switched off {origin}."),
            );
        }
        "export" => crate::ui::options_transfer::export(p),
        "gmail-connect" => crate::ui::options_gmail::connect(p, btn, false),
        "gmail-reconnect" => crate::ui::options_gmail::connect(p, btn, true),
        _ => {}
    }
}
