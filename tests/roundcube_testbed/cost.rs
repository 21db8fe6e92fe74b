//! What an idle poll costs: the UID watermark against the tracked-ID filter.
use crate::live::*;
use mailseq::core::ids::EnrollmentId;
use mailseq::core::ports::{MailPort, WatchSet, Watched};
use mailseq::mail::http::HttpRequest;
use mailseq::mail::roundcube::{filter, Roundcube};

#[test]
fn roundcube_sync_cost_per_idle_poll() {
    let Some(live) = Live::connect() else { return };
    live.login("alice", "alicepw");
    let rc = Roundcube::new(&live, &live);
    let mut acct = alice();
    let first = run(rc.sync(&acct, &WatchSet::default())).expect("first sync");
    acct.cursor = first.cursor;
    println!(
        "threads | watermark: requests, bytes out/in | tracked-ID filter: requests, bytes out/in"
    );
    for threads in [1usize, 100, 1000] {
        // Two of our ids per thread (the enrolling email and one follow-up), real length.
        let ids: Vec<String> = (0..threads)
            .flat_map(|i| {
                [
                    format!("{:032x}@mail.test", i * 7919 + 1),
                    format!("mseq.e-{:016x}.1@mail.test", i * 104_729),
                ]
            })
            .collect();
        let measure = |f: &dyn Fn()| {
            let (r, o, i) = (
                live.requests.get(),
                live.bytes_out.get(),
                live.bytes_in.get(),
            );
            f();
            (
                live.requests.get() - r,
                live.bytes_out.get() - o,
                live.bytes_in.get() - i,
            )
        };
        let w = Watched {
            enrollment: EnrollmentId("e-cost".into()),
            message_ids: ids.clone(),
            provider_thread_id: None,
            prospects: vec!["nobody-here@mail.test".into()],
            watch_prospect_mail: false,
            watch_domain_mail: false,
        };
        // The other live tests run in parallel and mail alice (bounces, replies), and a
        // restarted testbed's queue may deliver too: a poll that finds new mail is not idle.
        // So catch up (unmeasured), then measure a poll, until one finds nothing new.
        let mut mark = (0, 0, 0);
        for _ in 0..20 {
            acct.cursor = run(rc.sync(&acct, &WatchSet::default()))
                .expect("catch-up sync")
                .cursor;
            let after = std::cell::RefCell::new(None);
            mark = measure(&|| {
                let polled = run(rc.sync(&acct, &WatchSet::from(vec![w.clone()]))).expect("sync");
                *after.borrow_mut() = Some(polled.cursor);
            });
            if after.into_inner().as_ref() == Some(&acct.cursor) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        let tracked = measure(&|| {
            for f in filter::answering(&ids) {
                let q = filter::query(&[
                    ("_task", "mail"),
                    ("_action", "search"),
                    ("_mbox", "INBOX"),
                    ("_q", ""),
                    ("_scope", "base"),
                    ("_filter", &f),
                    ("_remote", "1"),
                ]);
                let req = HttpRequest::get(format!("{}/?{q}", base()));
                let resp = live.exchange(&req).expect("search");
                assert!(resp.body.contains("search_filter"), "{}", resp.body);
            }
        });
        println!(
            "{threads:>7} | {:>2} req, {:>6} B / {:>6} B | {:>3} req, {:>7} B / {:>7} B",
            mark.0, mark.1, mark.2, tracked.0, tracked.1, tracked.2
        );
        assert_eq!(
            mark.0, 1,
            "an idle poll is one request, whatever the threads"
        );
    }
}
