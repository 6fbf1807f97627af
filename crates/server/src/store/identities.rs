//! Identities: rows to the `Identity` wire shape, and the queries the API needs.

use gatehouse_wire::filter::{CmpOp, Expr, Value};
use gatehouse_wire::identity::{
    AssociationDetail, DefaultFilter, Identity, IdentityEntities, LifecycleState, ListQuery, Ref, RoleAssignment,
    MAX_LIMIT,
};
use std::collections::HashMap;
use std::sync::Arc;

use serde_json::value::RawValue;
use sqlx::{Row, SqlitePool};

use crate::error::{ApiError, ApiResult};
use crate::store::identity_cache::{IdentityCache, SortKey};

/// The columns every identity query selects, in [`IdentityRow`] order.
pub const COLUMNS: &str = "i.id, i.name, i.alias, i.email, i.created, i.modified, i.processing_state,
    i.identity_status, i.manager_id, (SELECT m.name FROM identities m WHERE m.id = i.manager_id) AS manager_name,
    EXISTS (SELECT 1 FROM identities r WHERE r.manager_id = i.id) AS is_manager,
    i.last_refresh, i.attributes, i.lifecycle_state, i.lifecycle_manual, i.user_levels";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IdentityRow {
    pub id: String,
    pub name: String,
    pub alias: String,
    pub email: Option<String>,
    pub created: String,
    pub modified: String,
    pub processing_state: Option<String>,
    pub identity_status: String,
    pub manager_id: Option<String>,
    pub manager_name: Option<String>,
    pub is_manager: bool,
    pub last_refresh: Option<String>,
    pub attributes: String,
    pub lifecycle_state: Option<String>,
    pub lifecycle_manual: bool,
    pub user_levels: String,
}

impl IdentityRow {
    pub fn into_wire(self) -> ApiResult<Identity> {
        let attributes = serde_json::from_str(&self.attributes)
            .map_err(|e| ApiError::Internal(format!("identity {} attributes unreadable: {e}", self.id)))?;
        Ok(Identity {
            id: self.id,
            name: self.name,
            created: self.created,
            modified: self.modified,
            alias: self.alias,
            email_address: self.email,
            processing_state: self.processing_state,
            identity_status: self.identity_status,
            manager_ref: self.manager_id.map(|id| Ref {
                kind: "IDENTITY".into(),
                id,
                name: self.manager_name,
            }),
            is_manager: self.is_manager,
            last_refresh: self.last_refresh,
            attributes,
            lifecycle_state: self.lifecycle_state.map(|state_name| LifecycleState {
                state_name,
                manually_updated: self.lifecycle_manual,
            }),
        })
    }
}

pub async fn get(pool: &SqlitePool, id: &str) -> ApiResult<Option<Identity>> {
    let sql = format!("SELECT {COLUMNS} FROM identities i WHERE i.id = ?");
    sqlx::query_as::<_, IdentityRow>(&sql)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(IdentityRow::into_wire)
        .transpose()
}

/// The user levels of an identity (comma-separated in the row).
pub fn levels_of(user_levels: &str) -> Vec<String> {
    user_levels
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// A value bound into a compiled filter.
#[derive(Debug, Clone)]
pub enum Bind {
    Text(String),
    Int(i64),
}

impl Bind {
    fn bind_to<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
        match self {
            Bind::Text(s) => query.bind(s.clone()),
            Bind::Int(i) => query.bind(*i),
        }
    }
}

/// The column behind a filter or sorter field of the identities list.
fn column(field: &str) -> Option<&'static str> {
    Some(match field {
        "id" => "i.id",
        "name" => "i.name",
        "alias" => "i.alias",
        "firstname" => "i.first_name",
        "lastname" => "i.last_name",
        "email" => "i.email",
        "cloudStatus" => "i.identity_status",
        "processingState" => "i.processing_state",
        "correlated" => "i.correlated",
        "protected" => "i.protected",
        _ => return None,
    })
}

fn bind_value(v: &Value, binds: &mut Vec<Bind>) -> ApiResult<()> {
    binds.push(match v {
        Value::Str(s) | Value::DateTime(s) => Bind::Text(s.clone()),
        Value::Int(i) => Bind::Int(*i),
        Value::Bool(b) => Bind::Int(i64::from(*b)),
        Value::Float(f) => Bind::Text(f.to_string()),
    });
    Ok(())
}

/// Compiles a checked filter to a parameterised SQL condition (never concatenating
/// values). Fields and operators were checked against `LIST_FILTERS` already; an
/// unexpected one here is still refused rather than guessed.
pub fn compile(expr: &Expr, binds: &mut Vec<Bind>) -> ApiResult<String> {
    let unsupported = |what: String| ApiError::bad(format!("filters: {what} is not supported"));
    Ok(match expr {
        Expr::Cmp { field, op, value } => {
            let col = column(field).ok_or_else(|| unsupported(format!("field '{field}'")))?;
            match (op, value) {
                (CmpOp::Sw, Value::Str(prefix)) => {
                    // A range scan, so the NOCASE index serves prefix searches.
                    binds.push(Bind::Text(prefix.clone()));
                    binds.push(Bind::Text(format!("{prefix}\u{10FFFF}")));
                    format!("({col} >= ? AND {col} < ?)")
                }
                (CmpOp::Eq, Value::Bool(_)) if !matches!(field.as_str(), "correlated" | "protected") => {
                    return Err(ApiError::bad(format!(
                        "filters: '{field}' compares with a string, not a boolean"
                    )))
                }
                (CmpOp::Eq, v) => {
                    bind_value(v, binds)?;
                    format!("{col} = ?")
                }
                (op, _) => return Err(unsupported(format!("operator '{}' on '{field}'", op.as_str()))),
            }
        }
        Expr::In { field, values } => {
            let col = column(field).ok_or_else(|| unsupported(format!("field '{field}'")))?;
            if values.is_empty() {
                return Err(ApiError::bad(format!(
                    "filters: 'in' on '{field}' needs at least one value"
                )));
            }
            for v in values {
                bind_value(v, binds)?;
            }
            format!("{col} IN ({})", vec!["?"; values.len()].join(", "))
        }
        Expr::Not(inner) => format!("NOT ({})", compile(inner, binds)?),
        Expr::And(parts) | Expr::Or(parts) => {
            let joiner = if matches!(expr, Expr::And(_)) { " AND " } else { " OR " };
            let compiled = parts.iter().map(|p| compile(p, binds)).collect::<ApiResult<Vec<_>>>()?;
            if compiled.is_empty() {
                "1 = 1".to_string()
            } else {
                format!("({})", compiled.join(joiner))
            }
        }
        Expr::Ca { field, .. } => return Err(unsupported(format!("operator 'ca' on '{field}'"))),
        Expr::Pr { field } => return Err(unsupported(format!("operator 'pr' on '{field}'"))),
        Expr::IsNull { field } => return Err(unsupported(format!("operator 'isnull' on '{field}'"))),
    })
}

/// The identities with these ids, in the order given.
async fn rows_in_order(pool: &SqlitePool, ids: &[String]) -> ApiResult<Vec<Identity>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM identities i WHERE i.id IN ({})",
        vec!["?"; ids.len()].join(", ")
    );
    let mut query = sqlx::query_as::<_, IdentityRow>(&sql);
    for id in ids {
        query = query.bind(id);
    }
    let mut rows: std::collections::HashMap<String, IdentityRow> = query
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect();
    ids.iter()
        .filter_map(|id| rows.remove(id))
        .map(IdentityRow::into_wire)
        .collect()
}

/// A page of the identities list and, when asked, the total.
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: Option<i64>,
}

/// Lists identities as typed values (for Gatehouse's own look-ups). `only_id`
/// restricts to one identity (a caller without a level).
pub async fn list(
    pool: &SqlitePool,
    cache: &IdentityCache,
    q: &ListQuery,
    only_id: Option<&str>,
) -> ApiResult<Page<Identity>> {
    let (ids, total, _) = page_ids(pool, cache, q, only_id).await?;
    Ok(Page {
        items: rows_in_order(pool, &ids).await?,
        total,
    })
}

/// Lists identities as their serialized documents, served from the cache where it can.
pub async fn list_docs(
    pool: &SqlitePool,
    cache: &IdentityCache,
    q: &ListQuery,
    only_id: Option<&str>,
) -> ApiResult<Page<Arc<RawValue>>> {
    let (ids, total, generation) = page_ids(pool, cache, q, only_id).await?;
    Ok(Page {
        items: docs_in_order(pool, cache, generation, &ids).await?,
        total,
    })
}

/// One identity's serialized document.
pub async fn get_doc(pool: &SqlitePool, cache: &IdentityCache, id: &str) -> ApiResult<Option<Arc<RawValue>>> {
    let generation = cache.generation();
    let ids = [id.to_string()];
    Ok(docs_in_order(pool, cache, generation, &ids).await?.pop())
}

/// The documents of `ids` in that order (absent ids left out): cached ones as they
/// are, the others read in one query, serialized and cached.
async fn docs_in_order(
    pool: &SqlitePool,
    cache: &IdentityCache,
    generation: u64,
    ids: &[String],
) -> ApiResult<Vec<Arc<RawValue>>> {
    let mut docs = cache.docs(ids);
    let missing: Vec<String> = ids
        .iter()
        .zip(&docs)
        .filter(|(_, d)| d.is_none())
        .map(|(id, _)| id.clone())
        .collect();
    if !missing.is_empty() {
        let mut read: HashMap<String, Arc<RawValue>> = HashMap::new();
        for identity in rows_in_order(pool, &missing).await? {
            let doc: Arc<RawValue> = serde_json::value::to_raw_value(&identity)
                .map_err(|e| ApiError::Internal(format!("serializing identity {}: {e}", identity.id)))?
                .into();
            read.insert(identity.id, doc);
        }
        for (id, slot) in ids.iter().zip(docs.iter_mut()) {
            if slot.is_none() {
                *slot = read.get(id).cloned();
            }
        }
        cache.store_docs(generation, read);
    }
    Ok(docs.into_iter().flatten().collect())
}

/// The ids of a page, the total when asked, and the cache generation the read began
/// with. Pages start from the nearest keyset anchor the cache holds for this query,
/// and leave anchors for the page itself and the next one.
async fn page_ids(
    pool: &SqlitePool,
    cache: &IdentityCache,
    q: &ListQuery,
    only_id: Option<&str>,
) -> ApiResult<(Vec<String>, Option<i64>, u64)> {
    let generation = cache.generation();
    let mut binds = Vec::new();
    let mut conditions = Vec::new();
    if q.default_filter == DefaultFilter::CorrelatedOnly {
        conditions.push("i.correlated = 1".to_string());
    }
    if let Some(id) = only_id {
        conditions.push("i.id = ?".to_string());
        binds.push(Bind::Text(id.to_string()));
    }
    if let Some(f) = &q.filter {
        conditions.push(compile(f, &mut binds)?);
    }
    let order = order_of(q);
    let signature = format!("{conditions:?}{binds:?}{order:?}");
    let limit = q.limit.unwrap_or(MAX_LIMIT);
    let offset = q.offset.unwrap_or(0);

    let mut ids = Vec::new();
    if limit > 0 {
        let anchor = cache.anchor(&signature, offset);
        let mut page_conditions = conditions.clone();
        let mut page_binds = binds.clone();
        if let Some(key) = &anchor.key {
            page_conditions.push(keyset(&order, key, &mut page_binds));
        }
        // Past the anchor, read from the row before the offset: it becomes the
        // anchor of this very page.
        let skip = offset - anchor.offset;
        let (sql_offset, sql_limit) = if skip > 0 { (skip - 1, limit + 1) } else { (0, limit) };
        let columns: Vec<&str> = order.iter().map(|(c, _)| *c).collect();
        let sql = format!(
            "SELECT {} FROM identities i {} ORDER BY {} LIMIT ? OFFSET ?",
            columns.join(", "),
            where_clause(&page_conditions),
            order_by(&order),
        );
        let mut query = sqlx::query(&sql);
        for b in &page_binds {
            query = b.bind_to(query);
        }
        let rows = query.bind(sql_limit).bind(sql_offset).fetch_all(pool).await?;
        let mut keys = rows
            .iter()
            .map(|row| {
                (0..columns.len())
                    .map(|k| row.try_get::<String, _>(k))
                    .collect::<Result<SortKey, _>>()
            })
            .collect::<Result<Vec<SortKey>, _>>()?;
        if skip > 0 && !keys.is_empty() {
            cache.store_anchor(generation, &signature, offset, keys.remove(0));
        }
        if keys.len() as i64 == limit {
            if let Some(last) = keys.last() {
                cache.store_anchor(generation, &signature, offset + limit, last.clone());
            }
        }
        // The id is the last sort column.
        ids = keys.into_iter().filter_map(|mut k| k.pop()).collect();
    }

    let total = if !q.count {
        None
    } else if let Some(total) = cache.total(&signature) {
        Some(total)
    } else {
        let sql = format!("SELECT COUNT(*) FROM identities i {}", where_clause(&conditions));
        let mut query = sqlx::query_scalar::<_, i64>(&sql);
        for b in &binds {
            query = match b {
                Bind::Text(s) => query.bind(s.clone()),
                Bind::Int(i) => query.bind(*i),
            };
        }
        let total = query.fetch_one(pool).await?;
        cache.store_total(generation, &signature, total);
        Some(total)
    };
    Ok((ids, total, generation))
}

/// The page order: the sorters, then the name (if not sorted by it already; alone
/// when there are no sorters, as people read a list and as a name search is indexed),
/// then `id`, the tiebreaks in the first sorter's direction. So each index (`status,
/// name, id`, `name, id`, ...) serves the whole order, forwards or backwards.
fn order_of(q: &ListQuery) -> Vec<(&'static str, bool)> {
    let mut order: Vec<(&'static str, bool)> = q
        .sorters
        .iter()
        .filter_map(|s| column(&s.field).map(|c| (c, s.descending)))
        .collect();
    let descending = order.first().is_some_and(|(_, d)| *d);
    if !order.iter().any(|(c, _)| *c == "i.name") {
        order.push(("i.name", descending));
    }
    order.push(("i.id", descending));
    order
}

fn order_by(order: &[(&str, bool)]) -> String {
    order
        .iter()
        .map(|(c, d)| format!("{c} {}", if *d { "DESC" } else { "ASC" }))
        .collect::<Vec<_>>()
        .join(", ")
}

fn where_clause(conditions: &[String]) -> String {
    if conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", conditions.join(" AND "))
    }
}

/// The rows strictly after `key` in `order`: the first column's bound (so the index
/// seeks to it), then the lexicographic comparison, each column in its direction.
fn keyset(order: &[(&str, bool)], key: &[String], binds: &mut Vec<Bind>) -> String {
    let after = |descending: bool| if descending { "<" } else { ">" };
    let mut parts = Vec::new();
    if let (Some((first, descending)), Some(v)) = (order.first(), key.first()) {
        parts.push(format!("{first} {}= ?", after(*descending)));
        binds.push(Bind::Text(v.clone()));
    }
    // (c1 > ?) OR (c1 = ? AND ((c2 > ?) OR (c2 = ? AND (... cn > ?))))
    let mut nested = String::new();
    let mut nested_binds = Vec::new();
    for (k, ((column, descending), v)) in order.iter().zip(key).enumerate().rev() {
        let strictly = format!("{column} {} ?", after(*descending));
        if k + 1 == order.len() {
            nested = strictly;
            nested_binds = vec![Bind::Text(v.clone())];
        } else {
            nested = format!("({strictly} OR ({column} = ? AND {nested}))");
            let mut b = vec![Bind::Text(v.clone()), Bind::Text(v.clone())];
            b.append(&mut nested_binds);
            nested_binds = b;
        }
    }
    parts.push(nested);
    binds.append(&mut nested_binds);
    format!("({})", parts.join(" AND "))
}

/// What an identity owns, by association type (empty types left out).
pub async fn ownership(pool: &SqlitePool, id: &str) -> ApiResult<Vec<AssociationDetail>> {
    let mut out = Vec::new();
    for (association, entity_type, table) in [
        ("SOURCE_OWNER", "SOURCE", "sources"),
        ("ENTITLEMENT_OWNER", "ENTITLEMENT", "entitlements"),
        ("ROLE_OWNER", "ROLE", "roles"),
    ] {
        let rows: Vec<(String, String)> = sqlx::query_as(&format!(
            "SELECT id, name FROM {table} WHERE owner_id = ? ORDER BY name"
        ))
        .bind(id)
        .fetch_all(pool)
        .await?;
        if !rows.is_empty() {
            out.push(AssociationDetail {
                association_type: association.into(),
                entities: rows
                    .into_iter()
                    .map(|(id, name)| IdentityEntities {
                        identity_entity: Ref {
                            kind: entity_type.into(),
                            id,
                            name: Some(name),
                        },
                    })
                    .collect(),
            });
        }
    }
    Ok(out)
}

/// The fields a delete or reset needs to decide.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Guard {
    pub name: String,
    pub protected: bool,
    pub user_levels: String,
}

pub async fn guard(pool: &SqlitePool, id: &str) -> ApiResult<Option<Guard>> {
    Ok(
        sqlx::query_as::<_, Guard>("SELECT name, protected, user_levels FROM identities WHERE id = ?")
            .bind(id)
            .fetch_optional(pool)
            .await?,
    )
}

/// How many identities hold ORG_ADMIN.
pub async fn org_admin_count(pool: &SqlitePool) -> ApiResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM identities WHERE ',' || user_levels || ',' LIKE '%,ORG_ADMIN,%'")
            .fetch_one(pool)
            .await?,
    )
}

/// Deletes an identity (its tokens are revoked in the same transaction). False when absent.
pub async fn delete(pool: &SqlitePool, cache: &IdentityCache, id: &str) -> ApiResult<bool> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE access_tokens SET revoked = 1 WHERE identity_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let n = sqlx::query("DELETE FROM identities WHERE id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    // Its reports lose their managerRef, its manager may stop being one.
    cache.invalidate_all();
    Ok(n == 1)
}

/// Reset: de-registered, no elevated levels, tokens revoked — atomically.
pub async fn reset(pool: &SqlitePool, cache: &IdentityCache, id: &str, now: &str) -> ApiResult<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE identities SET identity_status = 'UNREGISTERED', user_levels = '', modified = ?,
            attributes = json_set(attributes, '$.cloudStatus', 'UNREGISTERED') WHERE id = ?",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE access_tokens SET revoked = 1 WHERE identity_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    cache.invalidate_one(id);
    Ok(())
}

/// Role assignments of an identity, optionally narrowed by role id or name.
pub async fn role_assignments(
    pool: &SqlitePool,
    identity_id: &str,
    role_id: Option<&str>,
    role_name: Option<&str>,
    assignment_id: Option<&str>,
) -> ApiResult<Vec<RoleAssignment>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: String,
        role_id: String,
        role_name: String,
        comments: Option<String>,
        assignment_source: String,
        assigner_id: Option<String>,
        assigner_name: Option<String>,
        created: String,
        remove_date: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.id, a.role_id, r.name AS role_name, a.comments, a.assignment_source, a.assigner_id,
                (SELECT name FROM identities WHERE id = a.assigner_id) AS assigner_name, a.created, a.remove_date
         FROM role_assignments a JOIN roles r ON r.id = a.role_id
         WHERE a.identity_id = ?1 AND (?2 IS NULL OR a.role_id = ?2) AND (?3 IS NULL OR r.name = ?3)
               AND (?4 IS NULL OR a.id = ?4)
         ORDER BY r.name",
    )
    .bind(identity_id)
    .bind(role_id)
    .bind(role_name)
    .bind(assignment_id)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RoleAssignment {
            id: r.id,
            role: Ref {
                kind: "ROLE".into(),
                id: r.role_id,
                name: Some(r.role_name),
            },
            comments: r.comments,
            assignment_source: r.assignment_source,
            assigner: match r.assigner_id {
                Some(id) => Ref {
                    kind: "IDENTITY".into(),
                    id,
                    name: r.assigner_name,
                },
                None => Ref {
                    kind: "UNKNOWN".into(),
                    id: String::new(),
                    name: None,
                },
            },
            assigned_dimensions: vec![],
            assignment_context: None,
            account_targets: vec![],
            start_date: None,
            remove_date: r.remove_date,
            added_date: r.created,
        })
        .collect())
}

/// Which of `ids` exist.
pub async fn existing(pool: &SqlitePool, ids: &[String]) -> ApiResult<Vec<String>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT id FROM identities WHERE id IN ({})",
            vec!["?"; chunk.len()].join(",")
        );
        let mut q = sqlx::query_scalar::<_, String>(&sql);
        for id in chunk {
            q = q.bind(id);
        }
        found.extend(q.fetch_all(pool).await?);
    }
    Ok(found)
}

/// Identities that can be invited (not yet registered), among `ids` or all when None.
pub async fn uninvited(pool: &SqlitePool, ids: Option<&[String]>) -> ApiResult<Vec<String>> {
    match ids {
        None => Ok(
            sqlx::query_scalar("SELECT id FROM identities WHERE identity_status = 'UNREGISTERED' ORDER BY id")
                .fetch_all(pool)
                .await?,
        ),
        Some(ids) => {
            let mut out = Vec::new();
            for chunk in ids.chunks(500) {
                let sql = format!(
                    "SELECT id FROM identities WHERE identity_status = 'UNREGISTERED' AND id IN ({})",
                    vec!["?"; chunk.len()].join(",")
                );
                let mut q = sqlx::query_scalar::<_, String>(&sql);
                for id in chunk {
                    q = q.bind(id);
                }
                out.extend(q.fetch_all(pool).await?);
            }
            Ok(out)
        }
    }
}

/// The effect of one step of long work on one identity.
#[derive(Debug, Clone, Copy)]
pub enum Effect {
    /// Invitation sent: UNREGISTERED → PENDING.
    Invite,
    /// Processed: refreshed, processing state OK.
    Process,
    /// Attributes synchronized: refreshed.
    Sync,
}

pub async fn apply(pool: &SqlitePool, cache: &IdentityCache, id: &str, effect: Effect, now: &str) -> ApiResult<()> {
    let sql = match effect {
        Effect::Invite => {
            "UPDATE identities SET identity_status = 'PENDING', modified = ?1,
                attributes = json_set(attributes, '$.cloudStatus', 'PENDING')
             WHERE id = ?2 AND identity_status = 'UNREGISTERED'"
        }
        Effect::Process => {
            "UPDATE identities SET processing_state = 'OK', last_refresh = ?1, modified = ?1 WHERE id = ?2"
        }
        Effect::Sync => "UPDATE identities SET last_refresh = ?1, modified = ?1 WHERE id = ?2",
    };
    sqlx::query(sql).bind(now).bind(id).execute(pool).await?;
    cache.invalidate_one(id);
    Ok(())
}
