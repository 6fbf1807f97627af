//! Access requests (`access_requests`, `request_actors`). A request is kept whole as
//! its JSON document; the columns repeat who asked, for whom, for what and its status
//! (lists, "my requests" and the duplicate check select on them) and `request_actors`
//! mirrors `decision.actors` for "my approvals". Every change goes through [`Tx`], one
//! `BEGIN IMMEDIATE` transaction that also provisions what an approval grants; its
//! `insert` and `update` write the change's audit row ([`crate::store::iga_audit`]) in
//! that transaction, so no change of a request goes unrecorded.

use gatehouse_wire::request::{Request, STATUS_IN_PROGRESS};
use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::error::{ApiError, ApiResult};
use crate::store::iga_audit::{self, RequestEntry};

pub use crate::store::iga_audit::Change;

fn decode(id: &str, document: &str) -> ApiResult<Request> {
    serde_json::from_str(document).map_err(|e| ApiError::Internal(format!("stored request '{id}' unreadable: {e}")))
}

fn decode_all(rows: Vec<(String, String)>) -> ApiResult<Vec<Request>> {
    rows.iter().map(|(id, doc)| decode(id, doc)).collect()
}

pub async fn get(pool: &SqlitePool, id: &str) -> ApiResult<Option<Request>> {
    let row: Option<(String, String)> = sqlx::query_as("SELECT id, document FROM access_requests WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(|(id, doc)| decode(&id, &doc)).transpose()
}

/// The requests an identity made or that are for it, newest first.
pub async fn of_user(pool: &SqlitePool, identity_id: &str) -> ApiResult<Vec<Request>> {
    let rows = sqlx::query_as(
        "SELECT id, document FROM access_requests WHERE requester_id = ?1
         UNION SELECT id, document FROM access_requests WHERE user_id = ?1",
    )
    .bind(identity_id)
    .fetch_all(pool)
    .await?;
    let mut out = decode_all(rows)?;
    out.sort_by(|a, b| {
        b.metadata
            .created_date
            .cmp(&a.metadata.created_date)
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}

/// The requests where an identity is an active (or inactive) actor, newest first.
pub async fn of_actor(pool: &SqlitePool, identity_id: &str, active: bool) -> ApiResult<Vec<Request>> {
    let rows = sqlx::query_as(
        "SELECT r.id, r.document FROM access_requests r
         WHERE r.id IN (SELECT request_id FROM request_actors WHERE identity_id = ? AND active = ?)",
    )
    .bind(identity_id)
    .bind(active)
    .fetch_all(pool)
    .await?;
    let mut out = decode_all(rows)?;
    out.sort_by(|a, b| {
        b.metadata
            .created_date
            .cmp(&a.metadata.created_date)
            .then(a.id.cmp(&b.id))
    });
    Ok(out)
}

/// What the columns of a request hold besides its document.
pub struct Keys<'a> {
    pub item_type: &'a str,
    pub item_id: &'a str,
}

/// A write transaction over requests (and, through [`Tx::conn`], what they provision).
/// Dropping it without [`Tx::commit`] rolls everything back.
pub struct Tx(Transaction<'static, Sqlite>);

impl Tx {
    pub async fn begin(pool: &SqlitePool) -> ApiResult<Self> {
        Ok(Self(pool.begin_with("BEGIN IMMEDIATE").await?))
    }

    pub fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.0
    }

    pub async fn get(&mut self, id: &str) -> ApiResult<Option<Request>> {
        let row: Option<(String, String)> = sqlx::query_as("SELECT id, document FROM access_requests WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await?;
        row.map(|(id, doc)| decode(&id, &doc)).transpose()
    }

    /// The id of an in-progress request of the same type for the same user and item.
    pub async fn open_duplicate(
        &mut self,
        user_id: &str,
        request_type: &str,
        item_id: &str,
    ) -> ApiResult<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM access_requests WHERE user_id = ? AND item_id = ? AND request_type = ? AND status = ? LIMIT 1",
        )
        .bind(user_id)
        .bind(item_id)
        .bind(request_type)
        .bind(STATUS_IN_PROGRESS)
        .fetch_optional(&mut *self.0)
        .await?)
    }

    /// Stores a new request and its audit row.
    pub async fn insert(&mut self, r: &Request, keys: &Keys<'_>, change: &Change<'_>) -> ApiResult<()> {
        sqlx::query(
            "INSERT INTO access_requests
               (id, document, rev, requester_id, user_id, request_type, item_type, item_id, status, created, modified)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&r.id)
        .bind(text_of(r)?)
        .bind(r.rev)
        .bind(&r.requester.id)
        .bind(&r.user.id)
        .bind(&r.request_type)
        .bind(keys.item_type)
        .bind(keys.item_id)
        .bind(&r.decision.status)
        .bind(&r.metadata.created_date)
        .bind(&r.metadata.modified_date)
        .execute(&mut *self.0)
        .await?;
        self.write_actors(r).await?;
        self.audit(None, r, change).await
    }

    /// Stores a changed request (the caller has raised `_rev` and `modifiedDate`) and
    /// its audit row; `before` is the request as it was read.
    pub async fn update(&mut self, before: &Request, r: &Request, change: &Change<'_>) -> ApiResult<()> {
        sqlx::query("UPDATE access_requests SET document = ?, rev = ?, status = ?, modified = ? WHERE id = ?")
            .bind(text_of(r)?)
            .bind(r.rev)
            .bind(&r.decision.status)
            .bind(&r.metadata.modified_date)
            .bind(&r.id)
            .execute(&mut *self.0)
            .await?;
        self.write_actors(r).await?;
        self.audit(Some(before), r, change).await
    }

    async fn audit(&mut self, before: Option<&Request>, r: &Request, change: &Change<'_>) -> ApiResult<()> {
        let before = before.map(value_of).transpose()?;
        iga_audit::insert_request(
            &mut self.0,
            change,
            &RequestEntry {
                request_id: &r.id,
                rev: r.rev,
                changed: &r.metadata.modified_date,
                before: before.as_ref(),
                after: &value_of(r)?,
            },
        )
        .await
    }

    async fn write_actors(&mut self, r: &Request) -> ApiResult<()> {
        sqlx::query("DELETE FROM request_actors WHERE request_id = ?")
            .bind(&r.id)
            .execute(&mut *self.0)
            .await?;
        let actors = &r.decision.actors;
        for (a, active) in actors
            .active
            .iter()
            .map(|a| (a, true))
            .chain(actors.inactive.iter().map(|a| (a, false)))
        {
            sqlx::query("INSERT OR IGNORE INTO request_actors (request_id, identity_id, active) VALUES (?, ?, ?)")
                .bind(&r.id)
                .bind(&a.id)
                .bind(active)
                .execute(&mut *self.0)
                .await?;
        }
        Ok(())
    }

    pub async fn commit(self) -> ApiResult<()> {
        self.0.commit().await?;
        Ok(())
    }
}

fn value_of(r: &Request) -> ApiResult<serde_json::Value> {
    serde_json::to_value(r).map_err(|e| ApiError::Internal(format!("encoding a request: {e}")))
}

fn text_of(r: &Request) -> ApiResult<String> {
    serde_json::to_string(r).map_err(|e| ApiError::Internal(format!("encoding a request: {e}")))
}
