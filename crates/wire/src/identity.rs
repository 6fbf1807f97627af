//! SailPoint v2024 Identities on the wire (seed 001): the `Identity` shape, the
//! ownership and role-assignment documents, and the list query's rules (which
//! filter fields, operators and sorters the endpoint accepts, and the paging bounds).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::filter::{self, Expr, Op};

/// `identityStatus` (the filter field `cloudStatus` matches it).
pub const IDENTITY_STATUSES: [&str; 10] = [
    "UNREGISTERED",
    "REGISTERED",
    "PENDING",
    "WARNING",
    "DISABLED",
    "ACTIVE",
    "DEACTIVATED",
    "TERMINATED",
    "ERROR",
    "LOCKED",
];

/// A reference to another object, e.g. the manager: `{type:"IDENTITY", id, name}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ref {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleState {
    pub state_name: String,
    pub manually_updated: bool,
}

/// `Identity` as the official spec defines it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    pub id: String,
    pub name: String,
    pub created: String,
    pub modified: String,
    pub alias: String,
    pub email_address: Option<String>,
    pub processing_state: Option<String>,
    pub identity_status: String,
    pub manager_ref: Option<Ref>,
    pub is_manager: bool,
    pub last_refresh: Option<String>,
    #[serde(default)]
    pub attributes: Map<String, Value>,
    pub lifecycle_state: Option<LifecycleState>,
}

impl Identity {
    /// A display name from the attributes, falling back to `name`.
    pub fn display_name(&self) -> String {
        match self.attributes.get("displayName").and_then(Value::as_str) {
            Some(d) if !d.is_empty() => d.to_string(),
            _ => self.name.clone(),
        }
    }
}

/// The largest and default `limit` of a list.
pub const MAX_LIMIT: i64 = 250;

/// Which filter fields and operators `GET /v2024/identities` accepts (seed 001).
pub const LIST_FILTERS: &[(&str, &[Op])] = &[
    ("id", &[Op::Eq, Op::In]),
    ("name", &[Op::Eq, Op::Sw]),
    ("alias", &[Op::Eq, Op::Sw]),
    ("firstname", &[Op::Eq, Op::Sw]),
    ("lastname", &[Op::Eq, Op::Sw]),
    ("email", &[Op::Eq, Op::Sw]),
    ("cloudStatus", &[Op::Eq]),
    ("processingState", &[Op::Eq]),
    ("correlated", &[Op::Eq]),
    ("protected", &[Op::Eq]),
];

/// Fields the list can sort by.
pub const LIST_SORTERS: [&str; 3] = ["name", "alias", "cloudStatus"];

/// `defaultFilter`: CORRELATED_ONLY (the default) hides uncorrelated identities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DefaultFilter {
    #[default]
    CorrelatedOnly,
    None,
}

impl DefaultFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CorrelatedOnly => "CORRELATED_ONLY",
            Self::None => "NONE",
        }
    }
}

/// One sort key: a field and its direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sorter {
    pub field: String,
    pub descending: bool,
}

/// A validated list query, built by the server from the query string and by the
/// portal from its controls, so both agree on what is allowed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListQuery {
    pub filter: Option<Expr>,
    pub sorters: Vec<Sorter>,
    pub default_filter: DefaultFilter,
    pub count: bool,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// A list parameter that breaks a rule, with the message naming it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct QueryError(pub String);

/// Parses `sorters` (`name,-alias`) against the allowed fields.
pub fn parse_sorters(s: &str) -> Result<Vec<Sorter>, QueryError> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (descending, field) = match part.strip_prefix('-') {
            Some(f) => (true, f),
            None => (false, part),
        };
        if !LIST_SORTERS.contains(&field) {
            return Err(QueryError(format!(
                "sorters: '{field}' is not a sortable field; sortable fields: {}",
                LIST_SORTERS.join(", ")
            )));
        }
        if out.iter().any(|o: &Sorter| o.field == field) {
            return Err(QueryError(format!("sorters: '{field}' appears more than once")));
        }
        out.push(Sorter {
            field: field.to_string(),
            descending,
        });
    }
    Ok(out)
}

/// Prints sorters back to their query-string form.
pub fn print_sorters(sorters: &[Sorter]) -> String {
    sorters
        .iter()
        .map(|s| {
            if s.descending {
                format!("-{}", s.field)
            } else {
                s.field.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Checks `limit` (0..=250) and `offset` (>= 0).
pub fn check_paging(limit: Option<i64>, offset: Option<i64>) -> Result<(), QueryError> {
    if let Some(l) = limit {
        if !(0..=MAX_LIMIT).contains(&l) {
            return Err(QueryError(format!("limit must be between 0 and {MAX_LIMIT}, got {l}")));
        }
    }
    if let Some(o) = offset {
        if o < 0 {
            return Err(QueryError(format!("offset must be 0 or more, got {o}")));
        }
    }
    Ok(())
}

/// Parses `defaultFilter`.
pub fn parse_default_filter(s: &str) -> Result<DefaultFilter, QueryError> {
    match s {
        "CORRELATED_ONLY" => Ok(DefaultFilter::CorrelatedOnly),
        "NONE" => Ok(DefaultFilter::None),
        other => Err(QueryError(format!(
            "defaultFilter must be CORRELATED_ONLY or NONE, got '{other}'"
        ))),
    }
}

/// Parses and checks `filters` against [`LIST_FILTERS`].
pub fn parse_list_filter(s: &str) -> Result<Expr, QueryError> {
    let expr = filter::parse(s).map_err(|e| QueryError(format!("filters: {e}")))?;
    filter::check(&expr, &filter::Allowed { fields: LIST_FILTERS }).map_err(|e| QueryError(format!("filters: {e}")))?;
    check_value_types(&expr)?;
    Ok(expr)
}

/// `correlated` and `protected` compare with booleans, every other field with strings.
fn check_value_types(expr: &Expr) -> Result<(), QueryError> {
    let check = |field: &str, value: &filter::Value| -> Result<(), QueryError> {
        let boolean = matches!(field, "correlated" | "protected");
        let fits = match value {
            filter::Value::Bool(_) => boolean,
            filter::Value::Str(_) => !boolean,
            _ => false,
        };
        if fits {
            Ok(())
        } else {
            Err(QueryError(format!(
                "filters: '{field}' compares with {}, not {}",
                if boolean { "true or false" } else { "a quoted string" },
                value
            )))
        }
    };
    match expr {
        Expr::Cmp { field, value, .. } => check(field, value),
        Expr::In { field, values } => values.iter().try_for_each(|v| check(field, v)),
        Expr::Not(inner) => check_value_types(inner),
        Expr::And(parts) | Expr::Or(parts) => parts.iter().try_for_each(check_value_types),
        Expr::Ca { .. } | Expr::Pr { .. } | Expr::IsNull { .. } => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorters_parse_and_print() {
        let s = parse_sorters("name,-cloudStatus").unwrap();
        assert_eq!(s.len(), 2);
        assert!(s[1].descending);
        assert_eq!(print_sorters(&s), "name,-cloudStatus");
        assert!(parse_sorters("email").unwrap_err().0.contains("'email'"));
        assert!(parse_sorters("name,-name").is_err());
        assert!(parse_sorters("").unwrap().is_empty());
    }

    #[test]
    fn filter_values_have_the_fields_type() {
        assert!(parse_list_filter("correlated eq true and name sw \"Jo\"").is_ok());
        assert!(parse_list_filter("id in (\"a\", \"b\")").is_ok());
        let e = parse_list_filter("correlated eq \"yes\"").unwrap_err().0;
        assert!(e.contains("'correlated'") && e.contains("true or false"), "{e}");
        let e = parse_list_filter("protected eq 1").unwrap_err().0;
        assert!(e.contains("'protected'"), "{e}");
        let e = parse_list_filter("name sw 5").unwrap_err().0;
        assert!(
            e.contains("'name'") && e.contains("quoted string") && e.contains('5'),
            "{e}"
        );
        let e = parse_list_filter("not (id in (\"a\", true))").unwrap_err().0;
        assert!(e.contains("'id'"), "{e}");
    }

    #[test]
    fn paging_bounds() {
        assert!(check_paging(Some(0), Some(0)).is_ok());
        assert!(check_paging(Some(250), None).is_ok());
        assert!(check_paging(Some(251), None).unwrap_err().0.contains("limit"));
        assert!(check_paging(Some(-1), None).is_err());
        assert!(check_paging(None, Some(-1)).unwrap_err().0.contains("offset"));
    }

    #[test]
    fn default_filter_values() {
        assert_eq!(parse_default_filter("NONE").unwrap(), DefaultFilter::None);
        assert!(parse_default_filter("none").is_err());
    }

    #[test]
    fn identity_round_trips_the_spec_example() {
        let json = serde_json::json!({
            "id": "01f04e428c484542a241dc89c303b178", "name": "Walter White",
            "created": "2023-01-03T21:16:22.432Z", "modified": "2023-01-03T21:16:22.432Z",
            "alias": "walter.white", "emailAddress": "walter.white@example.com",
            "processingState": "ERROR", "identityStatus": "LOCKED",
            "managerRef": {"type": "IDENTITY", "id": "2c9180a46faadee4016fb4e018c20639", "name": "Thomas Edison"},
            "isManager": true, "lastRefresh": "2020-11-22T15:42:31.123Z",
            "attributes": {"uid": "86754", "displayName": "Walter White"},
            "lifecycleState": {"stateName": "active", "manuallyUpdated": true}
        });
        let id: Identity = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(id.display_name(), "Walter White");
        assert_eq!(serde_json::to_value(&id).unwrap(), json);
    }
}

/// `{identityEntity: {id, name, type}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityEntities {
    pub identity_entity: Ref,
}

/// One kind of ownership and what is owned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssociationDetail {
    pub association_type: String,
    pub entities: Vec<IdentityEntities>,
}

/// `IdentityOwnershipAssociationDetails` (GET .../ownership).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct OwnershipDetails {
    pub association_details: Vec<AssociationDetail>,
}

/// `IdentityAssociationDetails` (the 400 body of a refused delete).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssociationDetails {
    pub message: String,
    pub association_details: Vec<AssociationDetail>,
}

/// `RoleAssignmentDto`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    pub id: String,
    pub role: Ref,
    pub comments: Option<String>,
    pub assignment_source: String,
    pub assigner: Ref,
    pub assigned_dimensions: Vec<Ref>,
    pub assignment_context: Option<Value>,
    pub account_targets: Vec<Value>,
    pub start_date: Option<String>,
    pub remove_date: Option<String>,
    pub added_date: String,
}

/// Channels of the password-reset mail (`via`).
pub const VERIFICATION_VIA: [&str; 4] = ["EMAIL_WORK", "EMAIL_PERSONAL", "LINK_WORK", "LINK_PERSONAL"];

/// `SendAccountVerificationRequest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SendAccountVerification {
    #[serde(default)]
    pub source_name: Option<String>,
    pub via: String,
}

impl SendAccountVerification {
    pub fn check(&self) -> Result<(), QueryError> {
        if !VERIFICATION_VIA.contains(&self.via.as_str()) {
            return Err(QueryError(format!(
                "via must be one of {}, got '{}'",
                VERIFICATION_VIA.join(", "),
                self.via
            )));
        }
        if self.source_name.as_deref().is_some_and(|s| s.trim().is_empty()) {
            return Err(QueryError("sourceName must not be empty".into()));
        }
        Ok(())
    }
}

/// `InviteIdentitiesRequest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct InviteRequest {
    #[serde(default)]
    pub ids: Option<Vec<String>>,
    #[serde(default)]
    pub uninvited: bool,
}

impl InviteRequest {
    pub fn check(&self) -> Result<(), QueryError> {
        match self.ids.as_deref() {
            Some(ids) if !ids.is_empty() => check_ids("ids", ids, 1000),
            _ if self.uninvited => Ok(()),
            _ => Err(QueryError(
                "ids must list at least one identity id, or uninvited must be true".into(),
            )),
        }
    }
}

/// `ProcessIdentitiesRequest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ProcessRequest {
    pub identity_ids: Vec<String>,
}

impl ProcessRequest {
    pub fn check(&self) -> Result<(), QueryError> {
        check_ids("identityIds", &self.identity_ids, 250)
    }
}

fn check_ids(field: &str, ids: &[String], max: usize) -> Result<(), QueryError> {
    if ids.is_empty() {
        return Err(QueryError(format!("{field} must list at least one identity id")));
    }
    if ids.len() > max {
        return Err(QueryError(format!(
            "{field} may list at most {max} identity ids, got {}",
            ids.len()
        )));
    }
    if let Some(bad) = ids.iter().find(|i| i.trim().is_empty() || i.len() > 128) {
        return Err(QueryError(format!("{field} contains an invalid identity id '{bad}'")));
    }
    Ok(())
}

#[cfg(test)]
mod request_tests {
    use super::*;

    #[test]
    fn verification_via_is_checked() {
        let ok = SendAccountVerification {
            source_name: Some("Active Directory".into()),
            via: "EMAIL_WORK".into(),
        };
        assert!(ok.check().is_ok());
        let bad = SendAccountVerification {
            source_name: None,
            via: "SMS".into(),
        };
        assert!(bad.check().unwrap_err().0.contains("via"));
        let empty = SendAccountVerification {
            source_name: Some(" ".into()),
            via: "LINK_WORK".into(),
        };
        assert!(empty.check().unwrap_err().0.contains("sourceName"));
    }

    #[test]
    fn invite_and_process_bounds() {
        assert!(InviteRequest {
            ids: None,
            uninvited: true
        }
        .check()
        .is_ok());
        assert!(InviteRequest {
            ids: Some(vec![]),
            uninvited: false
        }
        .check()
        .is_err());
        assert!(InviteRequest {
            ids: Some(vec!["a".into()]),
            uninvited: false
        }
        .check()
        .is_ok());
        assert!(ProcessRequest { identity_ids: vec![] }
            .check()
            .unwrap_err()
            .0
            .contains("identityIds"));
        assert!(ProcessRequest {
            identity_ids: vec!["x".into(); 251]
        }
        .check()
        .unwrap_err()
        .0
        .contains("250"));
        assert!(ProcessRequest {
            identity_ids: vec!["".into()]
        }
        .check()
        .is_err());
    }
}

// ---------------------------------------------------------------------------------------
// People search (Gatehouse's `GET /gatehouse/v1/people`)

/// The most people one search answers.
pub const PEOPLE_LIMIT_MAX: i64 = 25;

/// Someone found by a people search: enough to show and pick them, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: String,
    /// The display name.
    pub name: String,
    /// The user name (alias).
    pub user_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Person {
    /// `Name (alias)`, how type-aheads list someone.
    pub fn label(&self) -> String {
        format!("{} ({})", self.name, self.user_name)
    }
}

/// What a people search's `filters` may name: who someone is, never an admin's view of
/// them (status, processing, protection).
pub const PEOPLE_FILTERS: &[(&str, &[Op])] = &[
    ("id", &[Op::Eq, Op::In]),
    ("name", &[Op::Eq, Op::Sw]),
    ("alias", &[Op::Eq, Op::Sw]),
    ("firstname", &[Op::Eq, Op::Sw]),
    ("lastname", &[Op::Eq, Op::Sw]),
    ("email", &[Op::Eq, Op::Sw]),
];

/// Checks a people search's filter against [`PEOPLE_FILTERS`].
pub fn check_people_filter(expr: &Expr) -> Result<(), QueryError> {
    filter::check(expr, &filter::Allowed { fields: PEOPLE_FILTERS }).map_err(|e| QueryError(format!("filters: {e}")))
}

/// Parses and checks a people search's `filters` (SailPoint filter syntax).
pub fn parse_people_filter(s: &str) -> Result<Expr, QueryError> {
    let expr = filter::parse(s).map_err(|e| QueryError(format!("filters: {e}")))?;
    check_people_filter(&expr)?;
    Ok(expr)
}

/// The identities filter of a people search: the name, alias or e-mail starts with the
/// trimmed text (ignoring case). `None` for blank text, which finds nobody.
pub fn people_filter(text: &str) -> Option<Expr> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Expr::or(["name", "alias", "email"].map(|field| Expr::sw(field, text)))
}

#[cfg(test)]
mod people_tests {
    use super::*;

    #[test]
    fn people_filter_matches_name_alias_or_email_prefix() {
        assert_eq!(people_filter("   "), None);
        assert_eq!(
            people_filter(" Ma ").map(|e| e.to_string()).as_deref(),
            Some(r#"name sw "Ma" or alias sw "Ma" or email sw "Ma""#)
        );
        // What people type is quoted, never read as filter syntax.
        let tricky = people_filter(r#"a" or name pr or name eq "b"#).unwrap().to_string();
        assert_eq!(
            filter::parse(&tricky).unwrap(),
            people_filter(r#"a" or name pr or name eq "b"#).unwrap()
        );
    }
}
