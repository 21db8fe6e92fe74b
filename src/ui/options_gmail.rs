//! The options page's Gmail section: the OAuth client (id, flow), "Connect Gmail" for one
//! `/u/N`, and the connected accounts with their addresses and a Reconnect button. Signing
//! in happens in the worker (it owns the tokens); this page only asks and shows the answer.
use crate::core::account::{ProviderKind, Session};
use crate::core::message::{Request, Response};
use crate::ui::bridge;
use crate::ui::dom::{self, button, checked, value_of, El};
use crate::ui::options::Options;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlButtonElement};

/// The address Google must redirect to, for the client's "Authorized redirect URIs".
fn redirect_uri() -> String {
    crate::browser::chrome::identity_get_redirect_url().unwrap_or_default()
}

fn field(label: &str, ctl: El, id: &str, hint: &str) -> Result<Element, JsValue> {
    Ok(El::new("div")?
        .class("field")
        .child(El::new("label")?.attr("for", id).text(label))
        .child(
            ctl.attr("id", id)
                .attr("data-key", id)
                .attr("aria-describedby", &format!("hint-{id}")),
        )
        .child(
            El::new("p")?
                .class("hint")
                .attr("id", &format!("hint-{id}"))
                .text(hint),
        )
        .build())
}

pub fn section(p: &Options) -> Result<Element, JsValue> {
    let st = p.store.borrow().state().settings.clone();
    let chrome_note = if crate::browser::gmail_auth::chrome_auth_available() {
        "This build signs in with the Google account Chrome is signed in to. The client id below \
         is used when that is not possible."
    } else {
        "Sign-in uses your own OAuth client: Google Cloud console → Credentials → OAuth client \
         ID → Web application, with the redirect URI below and the Gmail API switched on."
    };
    let redirect = redirect_uri();
    Ok(El::new("section")?
        .attr("id", "gmail")
        .attr("aria-labelledby", "h-gmail")
        .child(El::new("h2")?.attr("id", "h-gmail").text("Gmail"))
        .child(El::new("p")?.text(
            "mailseq sends follow-ups and looks for replies through Gmail's API, with two \
             permissions: send email, and read message headers (never bodies).",
        ))
        .child(El::new("p")?.class("hint").text(chrome_note))
        .child(field(
            "OAuth client id",
            El::new("input")?
                .attr("type", "text")
                .attr("spellcheck", "false")
                .attr("autocomplete", "off")
                .attr("placeholder", "1234-abc.apps.googleusercontent.com")
                .attr("value", &st.gmail_client_id),
            "gmail.clientId",
            &format!("Authorized redirect URI of that client: {redirect}"),
        )?)
        .child(
            El::new("label")?
                .class("check")
                .child(
                    El::new("input")?
                        .attr("type", "checkbox")
                        .attr("id", "gmail.codeFlow")
                        .attr("data-key", "gmail.codeFlow")
                        .flag("checked", st.gmail_code_flow),
                )
                .text(
                    "My client redeems codes without a secret (code flow with PKCE; Google's \
                     Web application clients need a secret, so leave this off for them)",
                ),
        )
        .child(field(
            "Gmail account number",
            El::new("input")?
                .attr("type", "number")
                .attr("min", "0")
                .attr("max", "99")
                .attr("value", "0"),
            "gmail.accountIndex",
            "The N in mail.google.com/mail/u/N/ where this account is open (0 for the first \
             account signed in to the browser).",
        )?)
        .child(
            El::new("div")?.class("actions").child(
                button("Connect Gmail")?
                    .class("primary")
                    .attr("data-action", "gmail-connect")
                    .attr("data-key", "gmail-connect"),
            ),
        )
        .child(
            El::new("p")?
                .attr("id", "gmail-result")
                .attr("role", "status")
                .attr("aria-live", "polite"),
        )
        .child(
            El::new("ul")?
                .attr("id", "gmail-accounts")
                .class("plain items"),
        )
        .build())
}

/// Re-renders the connected accounts (storage changes: a connect, a session that expired).
pub fn refresh(p: &Options) {
    let Some(list) = p.settings.query_selector("#gmail-accounts").ok().flatten() else {
        return;
    };
    let st = p.store.borrow().state();
    let items: Result<Vec<Element>, JsValue> = st
        .accounts
        .values()
        .filter(|a| a.provider == ProviderKind::Gmail)
        .map(|a| {
            let slot = a
                .origin
                .rsplit_once("/u/")
                .map(|(_, n)| format!("/u/{n}"))
                .unwrap_or_else(|| "not open in Gmail now".to_owned());
            let index = a.origin.rsplit_once("/u/").map(|(_, n)| n).unwrap_or("0");
            let state = match a.session {
                Session::Ok => "connected",
                Session::Expired { .. } => "needs you to reconnect: follow-ups wait",
                Session::Unreachable { .. } => "not reachable just now",
            };
            let aliases = if a.own_addresses.is_empty() {
                "Aliases: Gmail does not list them with mailseq's permissions; add yours under \
                 “Your other addresses” in Settings."
                    .to_owned()
            } else {
                format!("Also: {}", a.own_addresses.join(", "))
            };
            Ok(El::new("li")?
                .class("item")
                .attr("data-gmail-account", &a.user)
                .attr("data-session", state.split(':').next().unwrap_or(state))
                .child(El::new("strong")?.text(&a.user))
                .child(El::new("span")?.text(&format!(" — {slot} — {state}")))
                .child(El::new("p")?.class("hint").text(&aliases))
                .child(
                    button("Reconnect")?
                        .attr("data-action", "gmail-reconnect")
                        .attr("data-index", index)
                        .attr("data-key", &format!("gmail-reconnect:{}", a.user))
                        .attr("aria-label", &format!("Reconnect Gmail for {}", a.user)),
                )
                .build())
        })
        .collect();
    if let Ok(items) = items {
        dom::replace_children(&list, &items);
    }
}

fn input(p: &Options, id: &str) -> Option<Element> {
    p.settings
        .query_selector(&format!("[id=\"{id}\"]"))
        .ok()
        .flatten()
}

/// "Connect Gmail" and "Reconnect": the worker opens Google's window.
pub fn connect(p: &Rc<Options>, btn: &Element, reconnect: bool) {
    let client_id = input(p, "gmail.clientId")
        .map(|e| value_of(&e))
        .unwrap_or_default();
    let code_flow = input(p, "gmail.codeFlow").is_some_and(|e| checked(&e));
    let index_text = if reconnect {
        btn.get_attribute("data-index").unwrap_or_default()
    } else {
        input(p, "gmail.accountIndex")
            .map(|e| value_of(&e))
            .unwrap_or_default()
    };
    let Ok(account_index) = index_text.trim().parse::<u32>() else {
        return p.say_error("The Gmail account number is the N in mail.google.com/mail/u/N/.");
    };
    if let Some(b) = btn.dyn_ref::<HtmlButtonElement>() {
        b.set_disabled(true);
    }
    p.say("A Google window asks you to sign in and allow mailseq…");
    let (me, btn) = (Rc::downgrade(p), btn.clone());
    spawn_local(async move {
        let answer = bridge::send(&Request::ConnectGmail {
            account_index,
            client_id,
            code_flow,
        })
        .await;
        let Some(p) = me.upgrade() else { return };
        if let Some(b) = btn.dyn_ref::<HtmlButtonElement>() {
            b.set_disabled(false);
        }
        let result = input(&p, "gmail-result");
        let show = |t: &str| {
            if let Some(r) = &result {
                r.set_text_content(Some(t));
            }
        };
        match answer {
            Ok(Response::GmailConnected {
                email,
                addresses,
                aliases_known,
                ..
            }) => {
                let aliases = if aliases_known {
                    format!("Addresses: {}.", addresses.join(", "))
                } else {
                    "Gmail does not let mailseq list your aliases with its permissions: add \
                     any you send from under “Your other addresses” in Settings, so mail from \
                     them is never taken for a reply."
                        .to_owned()
                };
                let text = format!("Connected {email} for /u/{account_index}. {aliases}");
                show(&text);
                p.say(&text);
                refresh(&p);
            }
            Ok(Response::Error { message }) => {
                show(&message);
                p.say_error(&message);
            }
            Ok(_) => p.say_error("mailseq answered something unexpected."),
            Err(e) => p.say_error(&e.to_string()),
        }
    });
}
