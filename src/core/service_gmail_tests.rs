//! Gmail in the service: accounts exist only once connected, pages at `/u/N` speak for the
//! account connected there, the sent message's own From is the identity, the side panel can
//! enroll an open thread, and an expired token asks the user to reconnect Gmail.
use crate::core::account::{ProviderKind, Session};
use crate::core::enrollment::{Identity, Status};
use crate::core::message::{PageAccount, RecipientInput, Request, Response, SentHint};
use crate::core::observed::ObservedMessage;
use crate::core::ports::MailError;
use crate::core::service::{Caller, GmailLink};
use crate::core::testkit::{two_step, Kit};

const GMAIL: &str = "https://mail.google.com";
const USER: &str = "alice@gmail.test";

fn page(index: u32) -> PageAccount {
    PageAccount {
        provider: ProviderKind::Gmail,
        user: String::new(),
        account_index: Some(index),
    }
}

fn from_gmail(kit: &Kit, req: Request) -> Response {
    let caller = Caller::Webmail {
        origin: GMAIL.into(),
    };
    pollster::block_on(kit.service.handle(&kit.ports, &caller, req))
}

fn connect(kit: &Kit, index: u32, email: &str) -> crate::core::ids::AccountId {
    let link = GmailLink {
        account_index: index,
        email: email.into(),
        addresses: vec![email.into(), "Alice.Sales@gmail.test".into()],
        history_id: "1000".into(),
    };
    pollster::block_on(kit.service.connect_gmail(&kit.ports, link)).unwrap()
}

fn dana() -> Vec<RecipientInput> {
    vec![RecipientInput {
        email: "dana@prospect.test".into(),
        name: "Dana Prospect".into(),
    }]
}

fn compose_sent(kit: &Kit, index: u32) -> Response {
    from_gmail(
        kit,
        Request::ComposeSent {
            account: page(index),
            sequence_id: kit.seq.clone(),
            identity: Identity {
                id: String::new(),
                email: String::new(),
                name: String::new(),
            },
            recipients: dana(),
            subject: "Quick question".into(),
            body: "Hi Dana".into(),
            hint: SentHint {
                compose_id: Some("c-1".into()),
                ..SentHint::default()
            },
        },
    )
}

fn sent_in_gmail(kit: &Kit, id: &str, thread: &str) {
    kit.ports.mail.deliver(ObservedMessage {
        message_id: id.into(),
        from: USER.into(),
        from_name: "Alice Example".into(),
        subject: "Quick question".into(),
        provider_thread_id: Some(thread.into()),
        sent_by_user: true,
        ..Default::default()
    });
}

#[test]
fn a_gmail_page_without_a_connected_account_cannot_enroll_and_says_why() {
    let kit = Kit::new(two_step());
    match from_gmail(&kit, Request::ListSequences { account: page(0) }) {
        Response::Sequences {
            sequences,
            enabled,
            reason,
        } => {
            assert_eq!(sequences.len(), 1, "the picker still lists them");
            assert!(!enabled);
            assert!(reason
                .unwrap()
                .contains("Connect this Gmail account (/u/0)"));
        }
        other => panic!("{other:?}"),
    }
    let check = from_gmail(
        &kit,
        Request::CheckEnroll {
            account: page(0),
            sequence_id: kit.seq.clone(),
            recipients: dana(),
        },
    );
    assert!(matches!(check, Response::EnrollCheck { error: Some(e) } if e.contains("options")));
    sent_in_gmail(&kit, "root@mail.gmail.com", "t1");
    assert!(matches!(compose_sent(&kit, 0), Response::Error { .. }));
    assert!(
        kit.service.state().accounts.is_empty(),
        "no account from a page"
    );
    assert!(kit.service.state().enrollments.is_empty());
}

#[test]
fn connecting_makes_the_account_for_its_slot_and_reconnecting_ends_the_wait() {
    let kit = Kit::new(two_step());
    let id = connect(&kit, 1, "Alice@Gmail.test");
    let a = kit.service.state().accounts[&id].clone();
    assert_eq!(a.origin, format!("{GMAIL}/mail/u/1"));
    assert_eq!(a.user, USER);
    assert_eq!(a.own_addresses, vec!["alice.sales@gmail.test".to_string()]);
    assert_eq!(a.cursor.as_deref(), Some("1000"));
    assert!(kit
        .ports
        .store
        .data
        .borrow()
        .contains_key(&format!("acct:{id}")));

    kit.service
        .state
        .borrow_mut()
        .accounts
        .get_mut(&id)
        .unwrap()
        .session = Session::Expired {
        since: kit.ports.now.get(),
    };
    kit.service
        .state
        .borrow_mut()
        .accounts
        .get_mut(&id)
        .unwrap()
        .cursor = Some("1500".into());
    assert_eq!(connect(&kit, 1, USER), id, "same account");
    let a = kit.service.state().accounts[&id].clone();
    assert_eq!(a.session, Session::Ok);
    assert_eq!(
        a.cursor.as_deref(),
        Some("1500"),
        "sync resumes where it was"
    );

    // Another Google account connected at /u/1 takes the slot; the old one keeps its data.
    let bob = connect(&kit, 1, "bob.user@gmail.test");
    let st = kit.service.state();
    assert_eq!(st.accounts[&bob].origin, format!("{GMAIL}/mail/u/1"));
    assert_eq!(st.accounts[&id].origin, format!("{GMAIL}/mail"));
}

#[test]
fn compose_sent_enrolls_into_the_connected_account_with_the_sent_messages_from() {
    let kit = Kit::new(two_step());
    let account = connect(&kit, 0, USER);
    sent_in_gmail(&kit, "root@mail.gmail.com", "19ac0001");
    let id = match compose_sent(&kit, 0) {
        Response::Enrolled { id } => id,
        other => panic!("{other:?}"),
    };
    let e = kit.e(&id);
    assert_eq!(e.account, account);
    assert_eq!(e.status, Status::Active);
    assert_eq!(e.identity.email, USER);
    assert_eq!(e.identity.name, "Alice Example");
    assert_eq!(e.thread.root_message_id, "root@mail.gmail.com");
    assert_eq!(e.thread.provider_thread_id.as_deref(), Some("19ac0001"));
    // A page at another slot speaks for no one.
    assert!(
        matches!(compose_sent(&kit, 3), Response::Error { message } if message.contains("/u/3"))
    );
}

#[test]
fn the_side_panel_enrolls_the_open_thread_from_the_users_sent_message() {
    let kit = Kit::new(two_step());
    connect(&kit, 0, USER);
    sent_in_gmail(&kit, "other@mail.gmail.com", "19ac0002");
    sent_in_gmail(&kit, "root@mail.gmail.com", "19ac0001");
    *kit.ports.mail.composed_to.borrow_mut() = vec![
        RecipientInput {
            email: "kim@lead.test".into(),
            name: "Kim Lead".into(),
        },
        RecipientInput {
            email: "alice.sales@gmail.test".into(),
            name: String::new(),
        },
    ];
    let req = |thread: &str| Request::EnrollOpenThread {
        account: page(0),
        thread_id: thread.into(),
        sequence_id: kit.seq.clone(),
    };
    assert!(matches!(
        kit.handle(req("not-hex!")),
        Response::Error { .. }
    ));
    assert!(
        matches!(from_gmail(&kit, req("19ac0001")), Response::Error { .. }),
        "pages may not"
    );
    let id = match kit.handle(req("19ac0002")) {
        Response::Enrolled { id } => id,
        other => panic!("{other:?}"),
    };
    let e = kit.e(&id);
    assert_eq!(e.thread.root_message_id, "other@mail.gmail.com");
    let to: Vec<&str> = e.recipients.iter().map(|r| r.email.as_str()).collect();
    assert_eq!(
        to,
        ["kim@lead.test"],
        "the user's own alias is not a prospect"
    );
    assert_eq!(kit.ports.mail.calls.borrow().last(), Some(&"find_composed"));
}

#[test]
fn an_expired_gmail_token_waits_and_asks_to_reconnect_gmail() {
    let kit = Kit::new(two_step());
    connect(&kit, 0, USER);
    sent_in_gmail(&kit, "root@mail.gmail.com", "19ac0001");
    let id = match compose_sent(&kit, 0) {
        Response::Enrolled { id } => id,
        other => panic!("{other:?}"),
    };
    kit.jump_to_due(&id);
    kit.ports.mail.fail_next(
        "sync",
        MailError::SessionExpired("Gmail needs you to reconnect".into()),
    );
    let report = kit.tick();
    assert_eq!(report.sent, 0);
    assert_eq!(report.waiting, 1);
    assert!(
        report.errors[0].starts_with("Reconnect Gmail for alice@gmail.test"),
        "{:?}",
        report.errors
    );
    assert_eq!(kit.e(&id).status, Status::Active);
    let st = kit.service.state();
    let ctx = crate::core::view::ViewCtx::new(kit.ports.now.get(), jiff::tz::TimeZone::UTC);
    let panel = crate::core::view::panel(&st, &ctx);
    let banner = panel.banners.iter().find(|b| b.key == "session").unwrap();
    assert!(banner
        .text
        .starts_with("Reconnect Gmail for alice@gmail.test"));
    let waiting: Vec<String> = panel
        .upcoming
        .iter()
        .flat_map(|g| g.items.iter().filter_map(|i| i.waiting.clone()))
        .collect();
    assert!(waiting[0].contains("reconnect Gmail"), "{waiting:?}");
}
