//! Requests from a webmail page that speak for an account the page cannot name: the armed
//! compose (ComposeArmed) and a message on screen (ThreadOpened) on Roundcube.
use crate::core::account::ProviderKind;
use crate::core::message::{DomMessage, PageAccount, Request, Response};
use crate::core::testkit::{two_step, Kit};

fn page(user: &str) -> PageAccount {
    PageAccount {
        provider: ProviderKind::Roundcube,
        user: user.into(),
        account_index: None,
    }
}

#[test]
fn compose_armed_asks_the_provider_for_the_drafts_message_id_and_changes_nothing() {
    let kit = Kit::new(two_step());
    let req = Request::ComposeArmed {
        account: page(""),
        draft_uid: "4".into(),
        compose_id: Some("c1".into()),
    };
    // The fake provider has no drafts: the page then falls back to To and Subject.
    assert_eq!(
        kit.handle_webmail(req.clone()),
        Response::Armed { message_id: None }
    );
    assert!(
        kit.service.state().accounts.is_empty(),
        "no account record yet"
    );
    assert!(
        matches!(kit.handle(req), Response::Error { .. }),
        "pages may not arm"
    );
}

#[test]
fn thread_opened_without_the_login_rereads_threads_of_every_account_at_the_origin() {
    let kit = Kit::new(two_step());
    kit.enroll("bob@mail.test", "Bob", "root-1@mail.test")
        .unwrap();
    kit.ports.mail.calls.borrow_mut().clear();
    let req = Request::ThreadOpened {
        account: page(""),
        messages: vec![DomMessage {
            from: "Bob@mail.test".into(),
            subject: "Re: Proposal".into(),
            message_id: None,
            handle: Some("5-INBOX".into()),
        }],
    };
    assert_eq!(kit.handle_webmail(req), Response::Ok);
    assert_eq!(*kit.ports.mail.calls.borrow(), vec!["read_thread"]);
}
