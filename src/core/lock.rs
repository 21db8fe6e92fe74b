//! A tiny async mutex for one thread: ticks run one at a time, and a second `tick()` waits for
//! the first instead of racing it. No executor is assumed; wakers are queued in order.
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

#[derive(Default)]
pub struct AsyncLock {
    locked: Cell<bool>,
    waiters: RefCell<VecDeque<Waker>>,
}

pub struct Guard<'a> {
    lock: &'a AsyncLock,
}

impl AsyncLock {
    pub fn lock(&self) -> Acquire<'_> {
        Acquire { lock: self }
    }

    pub fn is_locked(&self) -> bool {
        self.locked.get()
    }
}

pub struct Acquire<'a> {
    lock: &'a AsyncLock,
}

impl<'a> Future for Acquire<'a> {
    type Output = Guard<'a>;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Guard<'a>> {
        if self.lock.locked.get() {
            self.lock.waiters.borrow_mut().push_back(cx.waker().clone());
            Poll::Pending
        } else {
            self.lock.locked.set(true);
            Poll::Ready(Guard { lock: self.lock })
        }
    }
}

impl Drop for Guard<'_> {
    fn drop(&mut self) {
        self.lock.locked.set(false);
        if let Some(w) = self.lock.waiters.borrow_mut().pop_front() {
            w.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_second_waiter_runs_after_first_releases() {
        let lock = AsyncLock::default();
        let log = RefCell::new(Vec::new());
        let a = async {
            let _g = lock.lock().await;
            log.borrow_mut().push("a1");
            Yield(false).await;
            log.borrow_mut().push("a2");
        };
        let b = async {
            let _g = lock.lock().await;
            log.borrow_mut().push("b");
        };
        pollster::block_on(Join2(Box::pin(a), Box::pin(b), false, false));
        assert_eq!(*log.borrow(), vec!["a1", "a2", "b"]);
    }

    struct Yield(bool);
    impl Future for Yield {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }

    struct Join2<A, B>(Pin<Box<A>>, Pin<Box<B>>, bool, bool);
    impl<A: Future<Output = ()>, B: Future<Output = ()>> Future for Join2<A, B> {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if !self.2 {
                self.2 = self.0.as_mut().poll(cx).is_ready();
            }
            if !self.3 {
                self.3 = self.1.as_mut().poll(cx).is_ready();
            }
            if self.2 && self.3 {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        }
    }
}
