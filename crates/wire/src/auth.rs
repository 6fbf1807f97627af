//! Sign-in on the wire: the token response, the JWT claims, user levels, and the
//! rules for what each level may see. The permission table of API.md lives here as
//! functions, so the server's checks and the portal's navigation agree.

use serde::{Deserialize, Serialize};

/// A user level (SailPoint "authority"). An identity with none is a plain user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserLevel {
    OrgAdmin,
    PolicyAdmin,
    SourceAdmin,
    SourceSubadmin,
}

impl UserLevel {
    pub const ALL: [UserLevel; 4] = [
        UserLevel::OrgAdmin,
        UserLevel::PolicyAdmin,
        UserLevel::SourceAdmin,
        UserLevel::SourceSubadmin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::OrgAdmin => "ORG_ADMIN",
            Self::PolicyAdmin => "POLICY_ADMIN",
            Self::SourceAdmin => "SOURCE_ADMIN",
            Self::SourceSubadmin => "SOURCE_SUBADMIN",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// `POST /oauth/token`'s success body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    pub identity_id: String,
    pub user_name: String,
    #[serde(default)]
    pub authorities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

/// The claims inside Gatehouse's signed access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// Token id; revocation and idle tracking are keyed on it.
    pub jti: String,
    /// The identity's id (also `sub`).
    pub sub: String,
    pub identity_id: String,
    pub user_name: String,
    pub client_id: String,
    pub authorities: Vec<String>,
    pub iat: i64,
    pub exp: i64,
}

/// What a signed-in person is: who, and which levels they hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Principal {
    pub identity_id: String,
    pub user_name: String,
    pub levels: Vec<UserLevel>,
}

impl Principal {
    pub fn from_authorities(identity_id: String, user_name: String, authorities: &[String]) -> Self {
        let mut levels: Vec<UserLevel> = authorities.iter().filter_map(|a| UserLevel::parse(a)).collect();
        levels.sort();
        levels.dedup();
        Self {
            identity_id,
            user_name,
            levels,
        }
    }

    pub fn has(&self, level: UserLevel) -> bool {
        self.levels.contains(&level)
    }

    pub fn is_org_admin(&self) -> bool {
        self.has(UserLevel::OrgAdmin)
    }

    pub fn is_any_admin(&self) -> bool {
        !self.levels.is_empty()
    }

    /// Identities: list/get of anyone (others see only themselves).
    pub fn can_read_identities(&self) -> bool {
        self.is_any_admin()
    }

    /// Identities: delete, reset, mail, invite, process, sync.
    pub fn can_manage_identities(&self) -> bool {
        self.is_org_admin()
    }

    /// Lockout, session, network and service-provider settings.
    pub fn can_manage_auth_org(&self) -> bool {
        self.is_org_admin()
    }

    /// The JIT activation policy.
    pub fn can_manage_jit(&self) -> bool {
        self.is_org_admin() || self.has(UserLevel::PolicyAdmin)
    }

    /// Sources and their provisioning policies.
    pub fn can_manage_sources(&self) -> bool {
        self.is_org_admin() || self.has(UserLevel::SourceAdmin) || self.has(UserLevel::SourceSubadmin)
    }

    /// Request forms and assignments (write).
    pub fn can_write_forms(&self) -> bool {
        self.is_org_admin()
    }

    /// Request types, IGA settings, events, scopes, accounts admin (read).
    pub fn can_read_governance_admin(&self) -> bool {
        self.is_any_admin()
    }

    /// The portal's navigation for this person, in display order.
    pub fn nav(&self) -> Vec<NavItem> {
        let mut items = Vec::new();
        if self.can_read_identities() {
            items.push(NavItem::Identities);
        }
        items.extend([NavItem::Requests, NavItem::Approvals, NavItem::Catalog]);
        if self.can_write_forms() {
            items.push(NavItem::Forms);
        }
        if self.can_manage_auth_org() || self.can_manage_jit() || self.can_manage_sources() {
            items.push(NavItem::Settings);
        }
        items
    }
}

/// A top-level area of the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavItem {
    Identities,
    Requests,
    Approvals,
    Catalog,
    Forms,
    Settings,
}

impl NavItem {
    pub fn label(self) -> &'static str {
        match self {
            Self::Identities => "Identities",
            Self::Requests => "Requests",
            Self::Approvals => "Approvals",
            Self::Catalog => "Catalog",
            Self::Forms => "Forms",
            Self::Settings => "Settings",
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            Self::Identities => "/identities",
            Self::Requests => "/requests",
            Self::Approvals => "/approvals",
            Self::Catalog => "/catalog",
            Self::Forms => "/forms",
            Self::Settings => "/settings",
        }
    }
}

/// Why the sign-in form cannot be sent yet, naming the field.
pub fn check_sign_in(client_id: &str, client_secret: &str) -> Result<(), Vec<(&'static str, String)>> {
    let mut errors = Vec::new();
    let client_id = client_id.trim();
    if client_id.is_empty() {
        errors.push(("clientId", "Client ID is required".to_string()));
    } else if client_id.len() > 256 {
        errors.push(("clientId", "Client ID must be at most 256 characters".to_string()));
    } else if client_id.chars().any(char::is_whitespace) {
        errors.push(("clientId", "Client ID must not contain spaces".to_string()));
    }
    if client_secret.is_empty() {
        errors.push(("clientSecret", "Client secret is required".to_string()));
    } else if client_secret.len() > 1024 {
        errors.push((
            "clientSecret",
            "Client secret must be at most 1024 characters".to_string(),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(levels: &[&str]) -> Principal {
        let auth: Vec<String> = levels.iter().map(|s| s.to_string()).collect();
        Principal::from_authorities("id".into(), "u".into(), &auth)
    }

    #[test]
    fn nav_follows_the_permission_table() {
        use NavItem::*;
        assert_eq!(principal(&[]).nav(), vec![Requests, Approvals, Catalog]);
        assert_eq!(
            principal(&["ORG_ADMIN"]).nav(),
            vec![Identities, Requests, Approvals, Catalog, Forms, Settings]
        );
        assert_eq!(
            principal(&["POLICY_ADMIN"]).nav(),
            vec![Identities, Requests, Approvals, Catalog, Settings]
        );
        assert_eq!(
            principal(&["SOURCE_ADMIN"]).nav(),
            vec![Identities, Requests, Approvals, Catalog, Settings]
        );
    }

    #[test]
    fn unknown_authorities_are_ignored() {
        let p = principal(&["ORG_ADMIN", "SOMETHING", "ORG_ADMIN"]);
        assert_eq!(p.levels, vec![UserLevel::OrgAdmin]);
    }

    #[test]
    fn level_rules() {
        assert!(principal(&["POLICY_ADMIN"]).can_manage_jit());
        assert!(!principal(&["POLICY_ADMIN"]).can_manage_auth_org());
        assert!(principal(&["SOURCE_SUBADMIN"]).can_manage_sources());
        assert!(!principal(&["SOURCE_ADMIN"]).can_manage_identities());
        assert!(principal(&["ORG_ADMIN"]).can_manage_identities());
    }

    #[test]
    fn sign_in_fields_are_checked() {
        assert!(check_sign_in("demo-admin", "s").is_ok());
        let errs = check_sign_in("  ", "").unwrap_err();
        assert_eq!(errs[0], ("clientId", "Client ID is required".to_string()));
        assert_eq!(errs[1], ("clientSecret", "Client secret is required".to_string()));
        assert_eq!(check_sign_in("a b", "x").unwrap_err()[0].0, "clientId");
        assert!(
            check_sign_in("  demo-admin ", "x").is_ok(),
            "surrounding spaces are trimmed, not refused"
        );
        assert!(check_sign_in(&"a".repeat(257), "x").is_err());
    }
}
