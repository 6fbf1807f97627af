//! A call that waits for a pause: each new `schedule` replaces the one still waiting,
//! and nothing runs after the component that made it is gone. The search boxes use it
//! so a list follows the typing without one request per keystroke.

use std::time::Duration;

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Debounce {
    timer: StoredValue<Option<TimeoutHandle>>,
    delay: Duration,
}

impl Debounce {
    /// Made inside a component: its pending call is cancelled when the component goes.
    pub fn new(delay: Duration) -> Self {
        let d = Debounce {
            timer: StoredValue::new(None),
            delay,
        };
        on_cleanup(move || d.cancel());
        d
    }

    /// Runs `f` after the delay, unless another call is scheduled or cancelled first.
    pub fn schedule(&self, f: impl Fn() + 'static) {
        self.cancel();
        let timer = self.timer;
        let handle = set_timeout_with_handle(
            move || {
                timer.set_value(None);
                f();
            },
            self.delay,
        );
        self.timer.set_value(handle.ok());
    }

    /// Drops the call still waiting, if any.
    pub fn cancel(&self) {
        if let Some(Some(t)) = self.timer.try_update_value(Option::take) {
            t.clear();
        }
    }

    /// Whether a call is waiting.
    pub fn pending(&self) -> bool {
        self.timer.try_with_value(Option::is_some).unwrap_or(false)
    }
}
