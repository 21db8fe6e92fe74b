use mailseq::browser::serial::Serial;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_futures::spawn_local;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn a_second_job_waits_for_the_first() {
    let serial = Rc::new(Serial::default());
    let log = Rc::new(RefCell::new(Vec::new()));
    for (name, delay) in [("slow", 30), ("fast", 0)] {
        let (serial, log) = (serial.clone(), log.clone());
        spawn_local(async move {
            serial
                .run(async {
                    log.borrow_mut().push(format!("{name} start"));
                    gloo_timers::future::TimeoutFuture::new(delay).await;
                    log.borrow_mut().push(format!("{name} end"));
                })
                .await;
        });
    }
    gloo_timers::future::TimeoutFuture::new(80).await;
    assert_eq!(
        *log.borrow(),
        vec!["slow start", "slow end", "fast start", "fast end"]
    );
}
