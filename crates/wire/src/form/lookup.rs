//! A lookup select's `queryFilter` (a CREST filter over the looked-up objects, as in
//! PingOne: `userName sw "a" and !(sn eq "x")`) made into what Gatehouse's searches
//! take, through the parsers' ASTs, never by pasting text:
//! - people (`user`): the SailPoint filter of `GET /gatehouse/v1/people?filters=`
//!   ([`people_filter_of`]), over the attributes a picker may filter on
//!   ([`crate::identity::PEOPLE_FILTERS`]), with PingOne's attribute names mapped to
//!   Gatehouse's (`userName` → `alias`, `givenName` → `firstname`, `sn` → `lastname`,
//!   `mail` → `email`, `_id` → `id`);
//! - catalog items (`role`, `application`, `entitlement`): the CREST `_queryFilter` of
//!   the catalog ([`catalog_filter_of`]), where the object's attributes sit under its
//!   kind (`name` → `role.name`) and the item's kind and the typed name are added.
//!
//! A filter that cannot be translated is an error naming the part that cannot, so the
//! builder can say so and a requester is never offered objects the filter excludes.

use crate::crest::{self, path_segments, CmpOp, Filter};
use crate::filter::{self, Expr};
use crate::identity::check_people_filter;

/// Which Gatehouse attribute a PingOne user attribute is, if any.
fn person_field(path: &str) -> Option<&'static str> {
    let segs = path_segments(path).ok()?;
    let [one] = segs.as_slice() else { return None };
    Some(match one.as_str() {
        "_id" | "id" => "id",
        "userName" | "alias" => "alias",
        "givenName" | "firstname" | "firstName" => "firstname",
        "sn" | "lastname" | "lastName" => "lastname",
        "mail" | "email" => "email",
        "cn" | "displayName" | "name" => "name",
        _ => return None,
    })
}

fn literal(value: &serde_json::Value, path: &str) -> Result<filter::Value, String> {
    match value {
        serde_json::Value::String(s) => Ok(filter::Value::Str(s.clone())),
        serde_json::Value::Bool(b) => Ok(filter::Value::Bool(*b)),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map(filter::Value::Int)
            .or_else(|| n.as_f64().map(filter::Value::Float))
            .ok_or_else(|| format!("queryFilter: the number compared with {path} cannot be used")),
        other => Err(format!("queryFilter: {path} cannot be compared with {other}")),
    }
}

fn people_expr(f: &Filter) -> Result<Option<Expr>, String> {
    Ok(match f {
        Filter::True => None,
        Filter::False => return Err("queryFilter: false matches nobody, so the look-up would offer no one".into()),
        Filter::Present(path) => {
            return Err(format!(
                "queryFilter: '{path} pr' cannot be applied to people; compare with eq or sw"
            ))
        }
        Filter::Cmp { path, op, value } => {
            let field = person_field(path).ok_or_else(|| {
                format!(
                    "queryFilter: people cannot be filtered on '{path}'; use userName, givenName, sn, mail, cn or _id"
                )
            })?;
            let op = match op {
                CmpOp::Eq => filter::CmpOp::Eq,
                CmpOp::Sw => filter::CmpOp::Sw,
                other => {
                    return Err(format!(
                        "queryFilter: '{path} {}' cannot be applied to people; use eq or sw",
                        other.as_str()
                    ))
                }
            };
            Some(Expr::cmp(field, op, literal(value, path)?))
        }
        Filter::Not(inner) => match people_expr(inner)? {
            Some(e) => Some(e.negate()),
            None => return Err("queryFilter: !(true) matches nobody".into()),
        },
        Filter::And(parts) => {
            let parts = parts.iter().map(people_expr).collect::<Result<Vec<_>, _>>()?;
            Expr::and(parts)
        }
        Filter::Or(parts) => {
            let parts = parts.iter().map(people_expr).collect::<Result<Vec<_>, _>>()?;
            // `x or true` is everyone.
            if parts.iter().any(Option::is_none) {
                None
            } else {
                Expr::or(parts)
            }
        }
    })
}

/// The people search's `filters` for a user lookup's `queryFilter`: `None` when it
/// restricts nothing (absent, blank or `true`), an error when it cannot be translated.
pub fn people_filter_of(query_filter: Option<&str>) -> Result<Option<Expr>, String> {
    let Some(text) = query_filter.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let parsed = crest::parse(text).map_err(|e| format!("queryFilter: {e}"))?;
    let expr = people_expr(&parsed)?;
    if let Some(e) = &expr {
        check_people_filter(e).map_err(|e| format!("queryFilter: {}", e.0))?;
    }
    Ok(expr)
}

/// The catalog item kind a lookup object is: its `item.type` and the key its
/// attributes sit under in a catalog item, and the path of its name.
pub fn catalog_kind(object: &str) -> Option<(&'static str, &'static str, &'static str)> {
    Some(match object {
        "application" => ("accountGrant", "application", "application.name"),
        "entitlement" => ("entitlementGrant", "entitlement", "entitlement.displayName"),
        "role" => ("roleMembership", "role", "role.name"),
        _ => return None,
    })
}

/// A path of the looked-up object as a path of its catalog item: `id`/`_id` stay (an
/// item's id is its object's), a path already under the kind or `item.` stays, others
/// move under the kind (`name` → `role.name`).
fn item_path(key: &str, path: &str) -> Result<String, String> {
    let segs = path_segments(path).map_err(|e| format!("queryFilter: {e}"))?;
    let first = segs.first().map(String::as_str).unwrap_or_default();
    if segs.iter().any(|s| s.contains('.')) {
        return Err(format!("queryFilter: the path '{path}' cannot be used in a look-up"));
    }
    Ok(if segs.len() == 1 && (first == "id" || first == "_id") {
        "id".to_string()
    } else if first == key || first == "item" {
        segs.join(".")
    } else {
        format!("{key}.{}", segs.join("."))
    })
}

fn on_item(f: &Filter, key: &str) -> Result<Filter, String> {
    Ok(match f {
        Filter::True => Filter::True,
        Filter::False => Filter::False,
        Filter::Present(path) => Filter::Present(item_path(key, path)?),
        Filter::Cmp { path, op, value } => Filter::cmp(item_path(key, path)?, *op, value.clone()),
        Filter::Not(inner) => on_item(inner, key)?.negate(),
        Filter::And(parts) => Filter::and(parts.iter().map(|p| on_item(p, key)).collect::<Result<Vec<_>, _>>()?),
        Filter::Or(parts) => Filter::or(parts.iter().map(|p| on_item(p, key)).collect::<Result<Vec<_>, _>>()?),
    })
}

/// The catalog `_queryFilter` of a role, application or entitlement lookup: items of
/// that kind, whose name contains `search` (when not blank), matching the lookup's
/// `queryFilter` with its paths moved under the kind.
pub fn catalog_filter_of(object: &str, query_filter: Option<&str>, search: &str) -> Result<Filter, String> {
    let (item_type, key, name_path) =
        catalog_kind(object).ok_or_else(|| format!("a look-up cannot list '{object}' from the catalog"))?;
    let own = match query_filter.map(str::trim).filter(|t| !t.is_empty()) {
        None => Filter::True,
        Some(text) => on_item(&crest::parse(text).map_err(|e| format!("queryFilter: {e}"))?, key)?,
    };
    let search = search.trim();
    let mut parts = vec![Filter::eq("item.type", item_type)];
    if !search.is_empty() {
        parts.push(Filter::cmp(name_path, CmpOp::Co, search));
    }
    if own != Filter::True {
        parts.push(own);
    }
    Ok(Filter::and(parts))
}

/// Whether a lookup's `queryFilter` can be applied to its objects (what the builder
/// warns about): the translation's error, if any.
pub fn check_lookup_filter(object: &str, query_filter: Option<&str>) -> Result<(), String> {
    if object == "user" {
        people_filter_of(query_filter).map(|_| ())
    } else {
        catalog_filter_of(object, query_filter, "").map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn people(text: &str) -> Result<Option<String>, String> {
        people_filter_of(Some(text)).map(|e| e.map(|e| e.to_string()))
    }

    #[test]
    fn user_filters_become_people_search_filters() {
        assert_eq!(people_filter_of(None), Ok(None));
        assert_eq!(people("  "), Ok(None));
        assert_eq!(people("true"), Ok(None));
        assert_eq!(
            people(r#"userName sw "a" and !(sn eq "O\"Brien")"#),
            Ok(Some(r#"alias sw "a" and not lastname eq "O\"Brien""#.into()))
        );
        assert_eq!(
            people(r#"/mail eq "x@example.com" or givenName sw "Jo""#),
            Ok(Some(r#"email eq "x@example.com" or firstname sw "Jo""#.into()))
        );
        assert_eq!(people(r#"cn sw "A" or true"#), Ok(None), "or true is everyone");
        assert_eq!(people(r#"true and _id eq "i1""#), Ok(Some(r#"id eq "i1""#.into())));
        // The printed filter is one the people search accepts.
        let printed = people(r#"userName sw "x" and cn eq "Y""#).unwrap().unwrap();
        assert!(crate::identity::parse_people_filter(&printed).is_ok(), "{printed}");
    }

    #[test]
    fn what_people_cannot_be_filtered_on_is_named() {
        for (text, words) in [
            (r#"accountStatus eq "active""#, &["accountStatus"][..]),
            (r#"userName co "a""#, &["userName co", "eq or sw"][..]),
            ("userName pr", &["userName pr"][..]),
            ("false", &["false"][..]),
            (r#"userName eq "a" and (x eq 1"#, &["queryFilter"][..]),
            (
                r#"_id eq "a" and frUnindexedString1 eq "b""#,
                &["frUnindexedString1"][..],
            ),
        ] {
            let e = people(text).unwrap_err();
            for w in words {
                assert!(e.contains(w), "{text}: {e}");
            }
        }
    }

    #[test]
    fn catalog_filters_move_paths_under_the_kind() {
        let f = catalog_filter_of("role", Some(r#"name sw "Admin" and !(_id eq "r9")"#), " fin ").unwrap();
        assert_eq!(
            f.to_string(),
            r#"item.type eq "roleMembership" and role.name co "fin" and role.name sw "Admin" and !(id eq "r9")"#
        );
        // What the catalog holds matches as the lookup meant it.
        let doc = json!({"id": "r1", "item": {"type": "roleMembership"}, "role": {"name": "Finance Admin"}});
        let mine = catalog_filter_of("role", Some(r#"name co "admin""#), "finance").unwrap();
        assert!(mine.matches(&doc));
        let other = catalog_filter_of("role", Some(r#"name co "payroll""#), "").unwrap();
        assert!(!other.matches(&doc));
        // Paths already under the kind, or under item, stay; true adds nothing.
        assert_eq!(
            catalog_filter_of(
                "entitlement",
                Some(r#"entitlement.privileged eq false or item.type eq "x""#),
                ""
            )
            .unwrap()
            .to_string(),
            r#"item.type eq "entitlementGrant" and (entitlement.privileged eq false or item.type eq "x")"#
        );
        assert_eq!(
            catalog_filter_of("application", Some("true"), "").unwrap().to_string(),
            r#"item.type eq "accountGrant""#
        );
        // The printed filter parses back to itself: nothing typed becomes syntax.
        let tricky = catalog_filter_of("role", None, r#"a" or true or name eq "b"#).unwrap();
        assert_eq!(crest::parse(&tricky.to_string()).unwrap(), tricky);
        assert!(catalog_filter_of("user", None, "").is_err());
        assert!(catalog_filter_of("role", Some("name eq"), "")
            .unwrap_err()
            .contains("queryFilter"));
    }

    #[test]
    fn checking_a_lookup_filter() {
        assert!(check_lookup_filter("user", Some(r#"userName sw "a""#)).is_ok());
        assert!(check_lookup_filter("user", Some(r#"department eq "x""#)).is_err());
        assert!(check_lookup_filter("role", Some(r#"department eq "x""#)).is_ok());
        assert!(check_lookup_filter("role", Some("(")).is_err());
    }
}
