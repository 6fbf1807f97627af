//! Running long work in the background: each task walks its identities, applies the
//! effect to each, and writes its progress so `task-status` (and the portal's progress
//! bar) can follow it. The pace is bounded so that progress is visible to a person
//! watching, without making large batches slow.

use std::time::Duration;

use gatehouse_wire::task::{TaskReturnDetails, TaskStatus};

use crate::clock::now_stamp;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::identities::{self, Effect};
use crate::store::{self, tasks};

/// The shortest time a task takes, so that a progress bar shows movement.
const MIN_DURATION: Duration = Duration::from_millis(1500);

/// Creates the task, starts it in the background, and returns its first status.
pub async fn start(
    state: &AppState,
    name: &str,
    description: &str,
    launcher: &str,
    targets: Vec<String>,
    effect: Effect,
) -> ApiResult<TaskStatus> {
    let id = store::new_id();
    let status = tasks::new_status(&id, name, description, launcher, targets.len());
    tasks::save(&state.db, &status).await?;
    let state = state.clone();
    let first = status.clone();
    tokio::spawn(async move {
        if let Err(e) = run(&state, status, targets, effect).await {
            tracing::error!(task_id = %id, error = %e, "task failed");
        }
    });
    Ok(first)
}

async fn run(state: &AppState, mut status: TaskStatus, targets: Vec<String>, effect: Effect) -> ApiResult<()> {
    let total = targets.len();
    let pause = if total == 0 {
        Duration::ZERO
    } else {
        (MIN_DURATION / total as u32).min(Duration::from_millis(300))
    };
    // Save progress at most ~20 times, whatever the batch size.
    let every = (total / 20).max(1);
    for (done, id) in targets.iter().enumerate() {
        identities::apply(&state.db, &state.identity_cache, id, effect, &now_stamp()).await?;
        if (done + 1) % every == 0 {
            status.percent_complete = ((done + 1) * 100 / total) as i64;
            status.progress = Some(format!("{} of {total} identities", done + 1));
            status.modified = Some(now_stamp());
            if status.percent_complete < 100 {
                tasks::save(&state.db, &status).await?;
            }
        }
        tokio::time::sleep(pause).await;
    }
    let now = now_stamp();
    status.percent_complete = 100;
    status.progress = Some(format!("Completed: {total} identities"));
    status.completion_status = Some("SUCCESS".into());
    status.completed = Some(now.clone());
    status.modified = Some(now);
    status.returns = vec![TaskReturnDetails {
        name: "Identities".into(),
        attribute_name: "identityCount".into(),
    }];
    tasks::save(&state.db, &status).await?;
    tracing::info!(task_id = %status.id, name = %status.unique_name, total, "task completed");
    Ok(())
}
