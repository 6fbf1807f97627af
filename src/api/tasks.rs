//! Long work: `GET /v2024/task-status/{id}`, and following a task until it finishes.

use std::time::Duration;

use gatehouse_wire::task::TaskStatus;

use super::{ApiError, Client};

/// `GET /v2024/task-status/{id}`.
pub async fn status(client: &Client, id: &str) -> Result<TaskStatus, ApiError> {
    client
        .send_json(
            client
                .get(&format!(
                    "/v2024/task-status/{}",
                    String::from(js_sys::encode_uri_component(id))
                ))
                .header("X-SailPoint-Experimental", "true")
                .build(),
        )
        .await
}

/// Reads the task's status every `every` until it has finished, handing each status to
/// `on_update`. Stops early (returning the last status seen) once `keep_going` says so,
/// e.g. when the page that watches it is gone.
pub async fn follow(
    client: &Client,
    id: &str,
    every: Duration,
    on_update: impl Fn(&TaskStatus),
    keep_going: impl Fn() -> bool,
) -> Result<TaskStatus, ApiError> {
    loop {
        let current = status(client, id).await?;
        on_update(&current);
        if current.is_finished() || !keep_going() {
            return Ok(current);
        }
        sleep(every).await;
    }
}

/// Waits without blocking the page (a `setTimeout` promise).
pub async fn sleep(duration: Duration) {
    let ms = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
