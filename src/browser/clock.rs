//! The engine's clock. Shipped builds read `Date.now()`. Test builds (feature `test-hooks`)
//! can freeze it: after the first `setNow` it moves only by `setNow`/`advance`, and the
//! frozen instant is kept in storage so it survives a service-worker restart and so the
//! extension pages show times from the same clock. Alarms are always armed at the engine's
//! instant, so a restart finds them already right, frozen or not.
#[cfg(feature = "test-hooks")]
use crate::browser::storage::Change;
use crate::browser::storage::Storage;
use crate::core::ports::StoreError;
use jiff::Timestamp;
use std::cell::Cell;

/// Storage key of the frozen instant (test builds only).
#[cfg(feature = "test-hooks")]
pub const TEST_CLOCK_KEY: &str = "testClock";

#[derive(Debug, Default)]
pub struct Clock {
    /// Some(ms) once a test froze the clock; always None in shipped builds.
    frozen: Cell<Option<i64>>,
}

fn browser_ms() -> i64 {
    js_sys::Date::now() as i64
}

impl Clock {
    /// The clock as stored: frozen if a test froze it before this worker started.
    pub async fn load(store: &Storage) -> Result<Clock, StoreError> {
        let clock = Clock::default();
        #[cfg(feature = "test-hooks")]
        if let Some(v) = store.get(TEST_CLOCK_KEY).await? {
            clock.frozen.set(v.as_f64().map(|ms| ms as i64));
        }
        #[cfg(not(feature = "test-hooks"))]
        let _ = store;
        Ok(clock)
    }

    pub fn now_ms(&self) -> i64 {
        self.frozen.get().unwrap_or_else(browser_ms)
    }

    pub fn now(&self) -> Timestamp {
        crate::core::time::from_ms(self.now_ms())
    }

    /// True once a test froze the clock. Alarm wake-ups then do nothing: a frozen engine
    /// only moves when the test says so (`tick()`), and a wake-up racing the test's own tick
    /// would take its sends away from it.
    pub fn is_frozen(&self) -> bool {
        self.frozen.get().is_some()
    }

    /// Freezes the clock at `ms` and stores it.
    #[cfg(feature = "test-hooks")]
    pub async fn set_now(&self, store: &Storage, ms: i64) -> Result<(), StoreError> {
        store
            .set_one(TEST_CLOCK_KEY, &wasm_bindgen::JsValue::from_f64(ms as f64))
            .await?;
        self.frozen.set(Some(ms));
        Ok(())
    }

    /// Moves the clock on by `ms` (freezing it where it stands if it was running).
    #[cfg(feature = "test-hooks")]
    pub async fn advance(&self, store: &Storage, ms: i64) -> Result<i64, StoreError> {
        let to = self.now_ms() + ms;
        self.set_now(store, to).await?;
        Ok(to)
    }

    /// Pages follow the worker's clock through storage changes.
    #[cfg(feature = "test-hooks")]
    pub fn follow(&self, changes: &[Change]) {
        for c in changes.iter().filter(|c| c.key == TEST_CLOCK_KEY) {
            self.frozen.set(
                c.new_value
                    .as_ref()
                    .and_then(|v| v.as_f64())
                    .map(|ms| ms as i64),
            );
        }
    }
}
