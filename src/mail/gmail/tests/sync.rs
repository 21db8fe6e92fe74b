use super::*;
use crate::core::enrollment::Class;
use crate::core::ports::{MailPort, WatchSet};
use crate::core::reply::{classify, Own};

fn own() -> Vec<String> {
    vec!["alice@gmail.test".into()]
}

fn class_of(m: &crate::core::observed::ObservedMessage) -> Class {
    let ids = vec![ROOT_ID.to_string(), FOLLOW_UP_ID.to_string()];
    classify(
        m,
        &Own {
            addresses: &own(),
            message_ids: &ids,
        },
    )
}

#[test]
fn gmail_sync_reads_only_added_messages_of_watched_threads() {
    let rig = Rig::new();
    rig.http
        .expect("history-inbound")
        .expect("message-autoreply")
        .expect("message-reply");
    let account = alice(Some(param("history-inbound", "startHistoryId")));
    let got = run(rig
        .gmail()
        .sync(&account, &WatchSet::from(vec![watched(Some(thread_id()))])))
    .unwrap();
    assert_eq!(rig.http.remaining(), 0);
    assert_eq!(got.cursor, Some(field("history-inbound", "historyId")));
    assert_eq!(
        got.messages.len(),
        2,
        "the colleague's and unrelated mail are not fetched"
    );
    let (ooo, reply) = (&got.messages[0], &got.messages[1]);
    assert_eq!(ooo.header("auto-submitted"), Some("auto-replied"));
    assert_eq!(class_of(ooo), Class::AutoReply);
    assert_eq!(
        reply.from, "pat@prospect.test",
        "lower case, without the name"
    );
    assert_eq!(reply.from_name, "Pat Prospect");
    assert_eq!(reply.subject, "Re: Quick question");
    assert_eq!(reply.in_reply_to, vec![FOLLOW_UP_ID.to_string()]);
    assert_eq!(
        reply.references,
        vec![ROOT_ID.to_string(), FOLLOW_UP_ID.to_string()]
    );
    assert_eq!(reply.provider_thread_id, Some(thread_id()));
    assert!(reply.snippet.starts_with("Sounds good"));
    assert!(!reply.sent_by_user);
    assert_eq!(class_of(reply), Class::Reply);
}

#[test]
fn gmail_domain_stop_rule_fetches_mail_outside_the_thread() {
    let rig = Rig::new();
    rig.http
        .expect("history-inbound")
        .expect("message-autoreply")
        .expect("message-reply")
        .expect("message-colleague")
        .expect("message-unrelated");
    let mut w = watched(Some(thread_id()));
    w.watch_domain_mail = true;
    let account = alice(Some(param("history-inbound", "startHistoryId")));
    let got = run(rig.gmail().sync(&account, &WatchSet::from(vec![w]))).unwrap();
    let from: Vec<&str> = got.messages.iter().map(|m| m.from.as_str()).collect();
    assert_eq!(
        from,
        [
            "pat@prospect.test",
            "pat@prospect.test",
            "chris@prospect.test"
        ],
        "news@example.org is fetched but not returned"
    );
}

#[test]
fn gmail_sent_label_marks_own_mail() {
    let rig = Rig::new();
    rig.http.expect("thread");
    let account = alice(None);
    let got = run(rig
        .gmail()
        .read_thread(&account, &watched(Some(thread_id()))))
    .unwrap();
    assert_eq!(got.len(), 4);
    let own: Vec<bool> = got.iter().map(|m| m.sent_by_user).collect();
    assert_eq!(own, [true, true, false, false]);
    assert_eq!(got[0].message_id, ROOT_ID);
    assert_eq!(got[1].message_id, FOLLOW_UP_ID);
    assert_eq!(class_of(&got[1]), Class::Own);
}

#[test]
fn gmail_history_404_triggers_full_resync() {
    let rig = Rig::new();
    rig.http
        .expect("history-404")
        .expect("profile-after-expiry")
        .expect("thread");
    let account = alice(Some(param("history-404", "startHistoryId")));
    let got = run(rig
        .gmail()
        .sync(&account, &WatchSet::from(vec![watched(Some(thread_id()))])))
    .unwrap();
    assert_eq!(rig.http.remaining(), 0);
    assert_eq!(got.cursor, Some(field("profile-after-expiry", "historyId")));
    assert_eq!(got.messages.len(), 4, "the whole watched thread, again");
}

#[test]
fn gmail_missing_cursor_resyncs_watched_threads_and_takes_the_profile_cursor() {
    let rig = Rig::new();
    rig.http.expect("profile-after-expiry").expect("thread");
    let got = run(rig.gmail().sync(
        &alice(None),
        &WatchSet::from(vec![watched(Some(thread_id()))]),
    ))
    .unwrap();
    assert_eq!(got.cursor, Some(field("profile-after-expiry", "historyId")));
    assert_eq!(got.messages.len(), 4);
}

#[test]
fn gmail_idle_sync_is_one_history_list() {
    let rig = Rig::new();
    rig.http.expect("history-idle");
    let start = param("history-idle", "startHistoryId");
    let gmail = rig.gmail();
    let got = run(gmail.sync(
        &alice(Some(start.clone())),
        &WatchSet::from(vec![watched(Some(thread_id()))]),
    ))
    .unwrap();
    assert_eq!(got.cursor, Some(start), "nothing new: the cursor stays");
    assert!(got.messages.is_empty());
    assert_eq!(gmail.units_used(), 2);
}

#[test]
fn gmail_history_pages_are_followed_with_the_page_token() {
    let rig = Rig::new();
    let p1 = fixture("history-page1");
    rig.http
        .answer(p1.response())
        .answer(fixture("history-page2").response());
    let token = field("history-page1", "nextPageToken");
    let mut w = watched(Some("no-such-thread".into()));
    w.watch_domain_mail = false;
    let account = alice(Some(param("history-page1", "startHistoryId")));
    let got = run(rig.gmail().sync(&account, &WatchSet::from(vec![w]))).unwrap();
    let urls = rig.http.urls();
    assert_eq!(
        urls.len(),
        2,
        "no message is fetched: none is in a watched thread"
    );
    assert!(
        urls[1].contains(&format!("pageToken={token}")),
        "{}",
        urls[1]
    );
    assert_eq!(got.cursor, Some(field("history-page2", "historyId")));
}

#[test]
fn gmail_message_deleted_after_history_is_skipped() {
    let rig = Rig::new();
    let history = fixture("history-inbound");
    rig.http
        .answer(history.response())
        .answer(fixture("message-404").response())
        .expect("message-reply");
    let account = alice(Some(param("history-inbound", "startHistoryId")));
    let got = run(rig
        .gmail()
        .sync(&account, &WatchSet::from(vec![watched(Some(thread_id()))])))
    .unwrap();
    assert_eq!(got.messages.len(), 1);
    assert_eq!(got.messages[0].subject, "Re: Quick question");
}

#[test]
fn gmail_sync_does_not_pay_for_our_own_follow_up() {
    let rig = Rig::new();
    let gmail = rig.gmail();
    rig.http.expect("send-followup");
    let sent = run(gmail.send(&alice(None), &follow_up())).unwrap();
    let ours = sent.provider_id.unwrap();
    let added = |id: &str, label: &str| {
        serde_json::json!({"id": "1000900", "messagesAdded": [{"message": {
            "id": id, "threadId": thread_id(), "labelIds": [label]}}]})
    };
    let reply_id = field("message-reply", "id");
    let body = serde_json::json!({
        "historyId": "1000950",
        "history": [added(&ours, "SENT"), added(&reply_id, "INBOX")],
    });
    rig.http
        .answer(crate::mail::http::HttpResponse {
            status: 200,
            url: String::new(),
            headers: vec![],
            body: body.to_string(),
        })
        .expect("message-reply");
    let got = run(gmail.sync(
        &alice(Some("1000800".into())),
        &WatchSet::from(vec![watched(Some(thread_id()))]),
    ))
    .unwrap();
    assert_eq!(
        rig.http.remaining(),
        0,
        "only the reply's headers were read"
    );
    assert_eq!(got.messages.len(), 1);
    assert_eq!(got.messages[0].from, "pat@prospect.test");
}
