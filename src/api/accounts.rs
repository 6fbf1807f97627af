//! IGA accounts (`/iga/governance/account`): what an identity holds on each application,
//! with the entitlements granted on it, for the identity's page.

use gatehouse_wire::account::Account;
use gatehouse_wire::target_filter::{LeafOp, TargetFilter};
use serde_json::Value;

use super::catalog::SearchBody;
use super::requests::Page;
use super::{ApiError, Client};

const ACCOUNTS: &str = "/iga/governance/account";

/// The filter of one identity's accounts: `user.id EQUALS <id>`.
pub fn held_by_filter(identity_id: &str) -> TargetFilter {
    TargetFilter::leaf(LeafOp::Equals, "user.id", Value::from(identity_id))
}

/// `POST /iga/governance/account?_action=search`: every account of an identity, by
/// application name.
pub async fn held_by(client: &Client, identity_id: &str) -> Result<Vec<Account>, ApiError> {
    let filter = held_by_filter(identity_id);
    let body = SearchBody { target_filter: &filter };
    let url = format!("{ACCOUNTS}?_action=search&_pageSize=1000&_sortKeys=application.name");
    let page: Page<Account> = client.send_json(client.post(&url).json(&body)).await?;
    Ok(page.result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn an_identitys_accounts_are_found_by_its_id() {
        assert_eq!(
            serde_json::to_value(held_by_filter("u1")).unwrap(),
            serde_json::json!({"operator": "EQUALS", "operand": {"targetName": "user.id", "targetValue": "u1"}})
        );
    }
}
