//! PingOne AIC IGA accounts (seed 002, `/iga/governance/account`): an account on an
//! application (a source), whose identity holds it, and the entitlements granted on it.
//!
//! The shape follows the seed's account object — `{id, keys, account, user, application,
//! applicationOwner, descriptor, glossary, item, metadata}` — with Gatehouse's
//! `entitlements` (what the account holds; PingOne keeps those as grants of their own).
//! The id is PingOne's managed-object path `system/<applicationId>/User/<accountId>`, so it
//! contains `/` and travels URL-encoded in a path (`GET /iga/governance/account/{id}`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::request::UserRef;

const PREFIX: &str = "system/";
const OBJECT_TYPE: &str = "User";

/// The API id of the account `account_id` on the application `application_id`.
pub fn account_path(application_id: &str, account_id: &str) -> String {
    format!("{PREFIX}{application_id}/{OBJECT_TYPE}/{account_id}")
}

/// Reads an API id into the application id and the account id (`None` unless it has the
/// shape [`account_path`] writes).
pub fn parse_account_path(id: &str) -> Option<(&str, &str)> {
    let rest = id.strip_prefix(PREFIX)?;
    let (application, rest) = rest.split_once('/')?;
    let account = rest.strip_prefix(OBJECT_TYPE)?.strip_prefix('/')?;
    let plain = |s: &str| !s.is_empty() && !s.contains('/');
    (plain(application) && plain(account)).then_some((application, account))
}

/// The ids an account is known by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountKeys {
    pub account_id: String,
    pub application_id: String,
    /// `None` for an uncorrelated account.
    pub user_id: Option<String>,
}

/// The account itself, as the application knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountObject {
    pub id: String,
    /// The account's name on the application (a DN, a login).
    pub native_identity: String,
    pub name: String,
    pub disabled: bool,
    pub created: String,
    #[serde(default)]
    pub attributes: Map<String, Value>,
}

/// The application an account is on: the catalog's own shape of an application.
pub type AccountApplication = crate::catalog::CatalogApplication;

/// An entitlement granted on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldEntitlement {
    pub id: String,
    pub name: String,
    pub display_name: String,
    pub attribute: String,
    pub value: String,
    pub description: String,
    pub privileged: bool,
    pub requestable: bool,
    /// When it was granted.
    pub granted: String,
}

/// What an account is shown as (`descriptor.idx./account.displayName`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisplayName {
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DescriptorIdx {
    #[serde(rename = "/account")]
    pub account: DisplayName,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Descriptor {
    pub idx: DescriptorIdx,
}

/// The kind of catalog item an account comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountItem {
    #[serde(rename = "type")]
    pub kind: String,
    pub object_type: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountMetadata {
    pub created_date: String,
    pub modified_date: String,
}

/// One account, as `GET /iga/governance/account[/{id}]` answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// [`account_path`] of the account.
    pub id: String,
    pub keys: AccountKeys,
    pub account: AccountObject,
    /// The identity holding it; `None` for an uncorrelated account.
    pub user: Option<UserRef>,
    pub application: AccountApplication,
    pub application_owner: Vec<UserRef>,
    pub entitlements: Vec<HeldEntitlement>,
    pub descriptor: Descriptor,
    /// The account's glossary attributes (Gatehouse stores none yet: always `{}`).
    pub glossary: Map<String, Value>,
    pub item: AccountItem,
    pub metadata: AccountMetadata,
}

impl Account {
    /// The `item` every account carries.
    pub fn item() -> AccountItem {
        AccountItem {
            kind: "accountGrant".into(),
            object_type: "account".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_managed_object_paths_that_read_back() {
        let id = account_path("src1", "acc9");
        assert_eq!(id, "system/src1/User/acc9");
        assert_eq!(parse_account_path(&id), Some(("src1", "acc9")));
        for bad in [
            "acc9",
            "system/src1/acc9",
            "system/src1/Group/acc9",
            "system//User/acc9",
            "system/src1/User/",
            "system/src1/User/a/b",
            "other/src1/User/acc9",
        ] {
            assert_eq!(parse_account_path(bad), None, "{bad}");
        }
    }
}
