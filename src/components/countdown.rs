//! Waiting out a rate limit: a 429's `Retry-After` becomes a deadline, and the
//! remaining whole seconds are shown (and can disable the button) until it passes.

use leptos::prelude::*;

/// Whole seconds left until `until_ms` at `now_ms`, rounded up (a wait of 0.2 s still
/// shows "1 s"), never negative.
pub fn remaining_secs(until_ms: f64, now_ms: f64) -> u32 {
    let left = ((until_ms - now_ms) / 1000.0).ceil();
    if left.is_nan() || left <= 0.0 {
        0
    } else if left >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        // In range and whole: checked above.
        left as u32
    }
}

/// A deadline and a clock that ticks while it lies ahead. `Copy`, so views share it.
#[derive(Debug, Clone, Copy)]
pub struct Countdown {
    until_ms: RwSignal<Option<f64>>,
    now_ms: RwSignal<f64>,
    ticking: StoredValue<Option<IntervalHandle>>,
}

impl Default for Countdown {
    fn default() -> Self {
        Self::new()
    }
}

impl Countdown {
    /// A countdown that is not running; stops its clock when its owner is cleaned up.
    pub fn new() -> Self {
        let c = Self {
            until_ms: RwSignal::new(None),
            now_ms: RwSignal::new(0.0),
            ticking: StoredValue::new(None),
        };
        on_cleanup(move || c.stop());
        c
    }

    /// Starts counting down `secs` seconds from now (nothing once its owner is gone).
    pub fn start(&self, secs: u32) {
        let now = js_sys::Date::now();
        self.stop();
        if self.until_ms.try_set(Some(now + f64::from(secs) * 1000.0)).is_some() {
            return;
        }
        self.now_ms.set(now);
        let this = *self;
        let handle = set_interval_with_handle(
            move || {
                this.now_ms.set(js_sys::Date::now());
                if this.remaining() == 0 {
                    this.stop();
                }
            },
            std::time::Duration::from_millis(250),
        );
        self.ticking.set_value(handle.ok());
    }

    fn stop(&self) {
        if let Some(Some(h)) = self.ticking.try_update_value(Option::take) {
            h.clear();
        }
    }

    /// Stops and forgets the deadline (e.g. another identity is shown).
    pub fn cancel(&self) {
        self.stop();
        self.until_ms.set(None);
    }

    /// Seconds left (0 when not running); reactive.
    pub fn remaining(&self) -> u32 {
        match (self.until_ms.try_get().flatten(), self.now_ms.try_get()) {
            (Some(until), Some(now)) => remaining_secs(until, now),
            _ => 0,
        }
    }
}

/// "Try again in N s" while the countdown runs; nothing otherwise.
#[component]
pub fn CountdownNotice(
    countdown: Countdown,
    /// What can be done again, e.g. "synchronize".
    what: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || { countdown.remaining() > 0 }>
            <p class="notice notice--info" data-testid="countdown" role="status">
                {move || {
                    format!(
                        "Too many requests: you can {what} again in {} s.",
                        countdown.remaining(),
                    )
                }}
            </p>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::remaining_secs;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn remaining_rounds_up_and_stops_at_zero() {
        assert_eq!(remaining_secs(10_000.0, 0.0), 10);
        assert_eq!(remaining_secs(10_000.0, 9_800.0), 1);
        assert_eq!(remaining_secs(10_000.0, 9_000.0), 1);
        assert_eq!(remaining_secs(10_000.0, 8_999.0), 2);
        assert_eq!(remaining_secs(10_000.0, 10_000.0), 0);
        assert_eq!(remaining_secs(10_000.0, 12_000.0), 0);
        assert_eq!(remaining_secs(f64::NAN, 0.0), 0);
        assert_eq!(remaining_secs(f64::INFINITY, 0.0), u32::MAX);
    }
}
