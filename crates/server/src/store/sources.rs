//! Sources as `GET /v3/sources` lists them: filters compiled to parameterised SQL
//! (`id` eq/in, `name` eq/in/sw/co), sorters, paging and the total.

use gatehouse_wire::filter::{CmpOp, Expr, Value};
use gatehouse_wire::identity::{Ref, Sorter};
use gatehouse_wire::provisioning::Source;
use sqlx::SqlitePool;

use crate::error::{ApiError, ApiResult};

/// A checked list query (the route parses it with the `wire` rules).
#[derive(Debug, Clone, Default)]
pub struct SourceQuery {
    pub filter: Option<Expr>,
    pub sorters: Vec<Sorter>,
    pub count: bool,
    pub limit: i64,
    pub offset: i64,
}

fn column(field: &str) -> Option<&'static str> {
    Some(match field {
        "id" => "s.id",
        "name" => "s.name",
        "created" => "s.created",
        "modified" => "s.modified",
        _ => return None,
    })
}

/// `LIKE` pattern text with its wildcards escaped (`\` is the escape).
fn like_escaped(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn text(v: &Value, field: &str) -> ApiResult<String> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(ApiError::bad(format!(
            "filters: '{field}' compares with a quoted string, got {other}"
        ))),
    }
}

fn compile(expr: &Expr, binds: &mut Vec<String>) -> ApiResult<String> {
    let unsupported = |what: String| ApiError::bad(format!("filters: {what} is not supported"));
    Ok(match expr {
        Expr::Cmp { field, op, value } => {
            let col = column(field).ok_or_else(|| unsupported(format!("field '{field}'")))?;
            let v = text(value, field)?;
            match op {
                CmpOp::Eq => {
                    binds.push(v);
                    format!("{col} = ?")
                }
                CmpOp::Sw => {
                    binds.push(format!("{}%", like_escaped(&v)));
                    format!("{col} LIKE ? ESCAPE '\\'")
                }
                CmpOp::Co => {
                    binds.push(format!("%{}%", like_escaped(&v)));
                    format!("{col} LIKE ? ESCAPE '\\'")
                }
                other => return Err(unsupported(format!("operator '{}' on '{field}'", other.as_str()))),
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
                binds.push(text(v, field)?);
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
        Expr::Ca { field, .. } | Expr::Pr { field } | Expr::IsNull { field } => {
            return Err(unsupported(format!("this operator on '{field}'")))
        }
    })
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    name: String,
    description: String,
    connector: String,
    owner_id: Option<String>,
    owner_name: Option<String>,
    created: String,
    modified: String,
}

/// A page of sources and, when asked, the total.
pub async fn list(pool: &SqlitePool, q: &SourceQuery) -> ApiResult<(Vec<Source>, Option<i64>)> {
    let mut binds = Vec::new();
    let where_sql = match &q.filter {
        Some(f) => format!("WHERE {}", compile(f, &mut binds)?),
        None => String::new(),
    };
    let mut order: Vec<String> = q
        .sorters
        .iter()
        .filter_map(|s| column(&s.field).map(|c| format!("{c} {}", if s.descending { "DESC" } else { "ASC" })))
        .collect();
    order.push("s.id ASC".into());
    let sql = format!(
        "SELECT s.id, s.name, s.description, s.connector, s.owner_id, i.name AS owner_name, s.created, s.modified
         FROM sources s LEFT JOIN identities i ON i.id = s.owner_id {where_sql}
         ORDER BY {} LIMIT ? OFFSET ?",
        order.join(", ")
    );
    let mut query = sqlx::query_as::<_, Row>(&sql);
    for b in &binds {
        query = query.bind(b.clone());
    }
    let rows = query.bind(q.limit).bind(q.offset).fetch_all(pool).await?;
    let items = rows
        .into_iter()
        .map(|r| Source {
            id: r.id,
            name: r.name,
            description: r.description,
            owner: r.owner_id.map(|id| Ref {
                kind: "IDENTITY".into(),
                id,
                name: r.owner_name,
            }),
            connector: r.connector,
            created: r.created,
            modified: r.modified,
        })
        .collect();
    let total = if q.count {
        let sql = format!("SELECT COUNT(*) FROM sources s {where_sql}");
        let mut query = sqlx::query_scalar::<_, i64>(&sql);
        for b in &binds {
            query = query.bind(b.clone());
        }
        Some(query.fetch_one(pool).await?)
    } else {
        None
    };
    Ok((items, total))
}
