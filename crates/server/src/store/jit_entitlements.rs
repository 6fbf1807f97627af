//! Entitlement look-ups for the JIT activation policy's editor: by name (contains,
//! case-insensitive) or by id, with the source's name.

use gatehouse_wire::settings::jit_entitlements::JitEntitlement;
use sqlx::SqlitePool;

use crate::error::ApiResult;

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    source_name: String,
    privileged: bool,
    requestable: bool,
}

impl From<Row> for JitEntitlement {
    fn from(r: Row) -> Self {
        JitEntitlement {
            id: r.id,
            name: r.name,
            source_name: r.source_name,
            privileged: r.privileged,
            requestable: r.requestable,
        }
    }
}

const SELECT: &str = "SELECT e.id, e.name, s.name AS source_name, e.privileged, e.requestable
                      FROM entitlements e JOIN sources s ON s.id = e.source_id";

/// Entitlements whose name contains `text`, privileged first, then by name.
pub async fn search(pool: &SqlitePool, text: &str, limit: i64) -> ApiResult<Vec<JitEntitlement>> {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE e.name LIKE ? ESCAPE '\\' ORDER BY e.privileged DESC, e.name, e.id LIMIT ?"
    ))
    .bind(format!("%{escaped}%"))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// The entitlements among `ids` that exist, in the order asked.
pub async fn by_ids(pool: &SqlitePool, ids: &[String]) -> ApiResult<Vec<JitEntitlement>> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE e.id = ?"))
            .bind(id)
            .fetch_optional(pool)
            .await?;
        out.extend(row.map(JitEntitlement::from));
    }
    Ok(out)
}
