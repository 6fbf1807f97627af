//! Long work (invite, process, synchronize) as tasks: a `TaskStatus` document per
//! task, written as the work advances, read by `GET /v2024/task-status/{id}`.

use gatehouse_wire::identity::Ref;
use gatehouse_wire::task::TaskStatus;
use serde_json::Map;
use sqlx::SqlitePool;

use crate::clock::now_stamp;
use crate::error::{ApiError, ApiResult};

/// A new, launched task for `launcher`.
pub fn new_status(id: &str, name: &str, description: &str, launcher: &str, total: usize) -> TaskStatus {
    let now = now_stamp();
    let mut attributes = Map::new();
    attributes.insert("identityCount".into(), total.into());
    TaskStatus {
        id: id.to_string(),
        kind: "QUEUED_TASK".into(),
        unique_name: name.to_string(),
        description: description.to_string(),
        parent_name: None,
        launcher: launcher.to_string(),
        target: None::<Ref>,
        created: now.clone(),
        modified: Some(now.clone()),
        launched: Some(now),
        completed: None,
        completion_status: None,
        messages: vec![],
        returns: vec![],
        attributes,
        progress: Some("Started".into()),
        percent_complete: 0,
    }
}

pub async fn save(pool: &SqlitePool, status: &TaskStatus) -> ApiResult<()> {
    let doc = serde_json::to_string(status).map_err(|e| ApiError::Internal(e.to_string()))?;
    sqlx::query(
        "INSERT INTO tasks (id, kind, document, created) VALUES (?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET document = excluded.document",
    )
    .bind(&status.id)
    .bind(&status.unique_name)
    .bind(doc)
    .bind(&status.created)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn get(pool: &SqlitePool, id: &str) -> ApiResult<Option<TaskStatus>> {
    let doc: Option<String> = sqlx::query_scalar("SELECT document FROM tasks WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    doc.map(|d| serde_json::from_str(&d).map_err(|e| ApiError::Internal(format!("task {id} unreadable: {e}"))))
        .transpose()
}
