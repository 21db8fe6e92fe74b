//! The options page's "Connect Gmail": save the client settings, sign in with a window,
//! ask Gmail whose mailbox the token opens and which addresses it has, then make or refresh
//! the account for `/u/N`. Runs in the worker, which owns the tokens.
use crate::browser::background::Background;
use crate::browser::http::BrowserHttp;
use crate::browser::mail_router::Gmail;
use crate::core::account::{Account, ProviderKind, Session};
use crate::core::ids::AccountId;
use crate::core::message::{Request, Response};
use crate::core::service::{Caller, GmailLink};
use crate::mail::gmail::auth::TokenSource;
use crate::mail::gmail::GmailProvider;
use std::rc::Rc;

pub async fn connect(
    bg: &Background,
    account_index: u32,
    client_id: String,
    code_flow: bool,
) -> Response {
    match run(bg, account_index, client_id, code_flow).await {
        Ok(r) => r,
        Err(message) => Response::Error { message },
    }
}

async fn run(
    bg: &Background,
    account_index: u32,
    client_id: String,
    code_flow: bool,
) -> Result<Response, String> {
    let client_id = client_id.trim().to_owned();
    let mut settings = bg.service.state().settings.clone();
    if settings.gmail_client_id != client_id || settings.gmail_code_flow != code_flow {
        settings.gmail_client_id = client_id;
        settings.gmail_code_flow = code_flow;
        let saved = bg
            .service
            .handle(&bg.ports, &Caller::Page, Request::SaveSettings { settings })
            .await;
        if let Response::Error { message } = saved {
            return Err(message);
        }
    }
    let router = &bg.ports.mail;
    router.follow_settings(&bg.service.state().settings);

    // Google's chooser picks the account: the token is asked for before its owner is known.
    let tokens = router.tokens_for("");
    tokens
        .token(true)
        .await
        .map_err(|e| format!("Gmail was not connected: {e}"))?;
    let held = tokens
        .held()
        .ok_or_else(|| "Gmail was not connected: no token came back.".to_owned())?;
    let probe: Gmail = GmailProvider::new(BrowserHttp, tokens, BrowserHttp);
    let anyone = Account {
        id: AccountId(String::new()),
        provider: ProviderKind::Gmail,
        origin: String::new(),
        user: String::new(),
        own_addresses: Vec::new(),
        cursor: None,
        session: Session::Ok,
    };
    let ids = probe
        .identities(&anyone)
        .await
        .map_err(|e| format!("Signed in, but Gmail did not answer: {e}"))?;

    // From now on the token belongs to that address, in memory and storage.session.
    let tokens = router.tokens_for(&ids.primary);
    tokens.adopt(held).await;
    router.set_gmail(
        &ids.primary,
        Rc::new(GmailProvider::new(BrowserHttp, tokens, BrowserHttp)),
    );
    let link = GmailLink {
        account_index,
        email: ids.primary.clone(),
        addresses: ids.addresses.clone(),
        history_id: ids.history_id.clone(),
    };
    let account = bg
        .service
        .connect_gmail(&bg.ports, link)
        .await
        .map_err(|e| e.to_string())?;
    Ok(Response::GmailConnected {
        account,
        email: ids.primary,
        addresses: ids.addresses,
        aliases_known: ids.aliases_known,
    })
}
