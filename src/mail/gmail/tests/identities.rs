use super::*;
use crate::core::ports::MailPort;

#[test]
fn gmail_send_as_403_falls_back_to_profile_and_own_addresses() {
    let rig = Rig::new();
    rig.http.expect("profile").expect("sendas-403");
    let mut account = alice(None);
    account.own_addresses = vec!["Alice@Example.com".into(), "alice@gmail.test".into()];
    let ids = run(rig.gmail().identities(&account)).unwrap();
    assert_eq!(ids.primary, "alice@gmail.test");
    assert!(!ids.aliases_known);
    assert_eq!(ids.addresses, ["alice@gmail.test", "alice@example.com"]);
    assert_eq!(ids.history_id, field("profile", "historyId"));
}

#[test]
fn gmail_send_as_lists_aliases_and_the_signature_goes_under_follow_ups() {
    let rig = Rig::new();
    rig.http
        .expect("profile")
        .expect("sendas-list")
        .expect("send-followup");
    let gmail = rig.gmail();
    let account = alice(None);
    let ids = run(gmail.identities(&account)).unwrap();
    assert!(ids.aliases_known);
    assert_eq!(
        ids.addresses,
        ["alice@gmail.test", "alice.sales@gmail.test"]
    );
    run(gmail.send(&account, &follow_up())).unwrap();
    let text = super::mime::sent_text(&rig.http);
    assert!(
        text.contains("Following up on my note below.\n\n-- \nAlice Example\nExample Corp\n"),
        "{text}"
    );
}
