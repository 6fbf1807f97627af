//! Tenant security settings (seed 004): lockout, session, network and service-provider
//! documents and their rules; the JIT activation policy (seed 000) and its replace-only
//! operations; and the audit trail of settings changes (Gatehouse's own). The server
//! validates a patched document whole with these functions; the portal runs the same
//! functions as the admin types.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::net::{check_country, Cidr};

pub mod idp_check;
pub mod jit_entitlements;
pub mod policy_history;
pub mod x509;

pub use policy_history::ProvisioningPolicyChange;

/// A broken rule: the field it concerns and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RuleError {
    pub field: &'static str,
    pub message: String,
}

impl RuleError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

fn rule(field: &'static str, message: impl Into<String>) -> RuleError {
    RuleError::new(field, message)
}

/// The one text an error body carries for several broken rules (`a; b`).
pub fn describe(errors: &[RuleError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

fn in_range(field: &'static str, v: i64, lo: i64, hi: i64) -> Result<(), RuleError> {
    if (lo..=hi).contains(&v) {
        Ok(())
    } else {
        Err(rule(field, format!("{field} must be between {lo} and {hi}, got {v}")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LockoutConfiguration {
    pub maximum_attempts: i64,
    pub lockout_duration: i64,
    pub lockout_window: i64,
}

impl Default for LockoutConfiguration {
    fn default() -> Self {
        Self {
            maximum_attempts: 5,
            lockout_duration: 15,
            lockout_window: 5,
        }
    }
}

impl LockoutConfiguration {
    pub fn check(&self) -> Vec<RuleError> {
        [
            in_range("maximumAttempts", self.maximum_attempts, 1, 15),
            in_range("lockoutDuration", self.lockout_duration, 5, 60),
            in_range("lockoutWindow", self.lockout_window, 5, 60),
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionConfiguration {
    pub max_idle_time: i64,
    pub remember_me: bool,
    pub max_session_time: i64,
}

impl Default for SessionConfiguration {
    fn default() -> Self {
        Self {
            max_idle_time: 15,
            remember_me: false,
            max_session_time: 480,
        }
    }
}

impl SessionConfiguration {
    pub fn check(&self) -> Vec<RuleError> {
        let mut errors: Vec<RuleError> = [
            in_range("maxSessionTime", self.max_session_time, 1, 10080),
            in_range("maxIdleTime", self.max_idle_time, 1, 1440),
        ]
        .into_iter()
        .filter_map(Result::err)
        .collect();
        if errors.is_empty() && self.max_session_time <= self.max_idle_time {
            errors.push(rule(
                "maxSessionTime",
                format!(
                    "maxSessionTime ({}) must be greater than maxIdleTime ({})",
                    self.max_session_time, self.max_idle_time
                ),
            ));
        }
        errors
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkConfiguration {
    pub range: Option<Vec<String>>,
    pub geolocation: Option<Vec<String>>,
    pub whitelisted: bool,
}

impl NetworkConfiguration {
    /// The parsed allow-list; `None` when there is no address restriction.
    pub fn allow_list(&self) -> Option<Vec<Cidr>> {
        let ranges = self.range.as_ref().filter(|r| !r.is_empty())?;
        Some(ranges.iter().filter_map(|r| Cidr::parse(r).ok()).collect())
    }

    /// Whether a client at `ip` may sign in and call the API.
    pub fn allows(&self, ip: std::net::IpAddr) -> bool {
        match self.allow_list() {
            None => true,
            Some(list) => list.iter().any(|c| c.contains(ip)),
        }
    }

    /// A change must not shut out the address making it (Gatehouse's own rule).
    pub fn check_keeps(&self, client: IpAddr) -> Result<(), RuleError> {
        if self.allows(client) {
            Ok(())
        } else {
            Err(rule(
                "range",
                format!(
                    "this change would shut out the address making it ({client}); \
                     add a range that contains it, or leave range empty for no restriction"
                ),
            ))
        }
    }

    pub fn check(&self) -> Vec<RuleError> {
        let mut errors = Vec::new();
        for r in self.range.iter().flatten() {
            if let Err(e) = Cidr::parse(r) {
                errors.push(rule("range", e.to_string()));
            }
        }
        for g in self.geolocation.iter().flatten() {
            if let Err(e) = check_country(g) {
                errors.push(rule("geolocation", e.to_string()));
            }
        }
        errors
    }
}

// ---------------------------------------------------------------------------------------
// Service provider (SAML) configuration

/// `ServiceProviderConfiguration`: Identity Security Cloud as a SAML service provider.
/// `federationProtocolDetails` holds one [`IdpDetails`] (`/federationProtocolDetails/0`)
/// and one [`SpDetails`] (`/federationProtocolDetails/1`). Gatehouse stores and shows it;
/// it runs no SAML flow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServiceProviderConfiguration {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub bypass_idp: bool,
    #[serde(default)]
    pub saml_configuration_valid: bool,
    #[serde(default)]
    pub federation_protocol_details: Vec<FederationProtocolDetails>,
}

/// One element of `federationProtocolDetails`, told apart by `role`. (The IdP details
/// are boxed: they are several times the size of the SP details.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "role")]
pub enum FederationProtocolDetails {
    #[serde(rename = "SAML_IDP")]
    Idp(Box<IdpDetails>),
    #[serde(rename = "SAML_SP")]
    Sp(SpDetails),
}

impl FederationProtocolDetails {
    pub fn role(&self) -> &'static str {
        match self {
            Self::Idp(_) => "SAML_IDP",
            Self::Sp(_) => "SAML_SP",
        }
    }
}

/// `IdpDetails` (role `SAML_IDP`): the customer's identity provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IdpDetails {
    pub entity_id: Option<String>,
    pub binding: Option<String>,
    pub authn_context: Option<String>,
    pub logout_url: Option<String>,
    #[serde(default)]
    pub include_authn_context: bool,
    pub name_id: Option<String>,
    pub jit_configuration: Option<JitConfiguration>,
    pub cert: Option<String>,
    pub login_url_post: Option<String>,
    pub login_url_redirect: Option<String>,
    /// Required by the spec.
    pub mapping_attribute: String,
    pub certificate_expiration_date: Option<String>,
    pub certificate_name: Option<String>,
}

impl Default for IdpDetails {
    fn default() -> Self {
        Self {
            entity_id: None,
            binding: None,
            authn_context: None,
            logout_url: None,
            include_authn_context: false,
            name_id: None,
            jit_configuration: None,
            cert: None,
            login_url_post: None,
            login_url_redirect: None,
            mapping_attribute: "email".into(),
            certificate_expiration_date: None,
            certificate_name: None,
        }
    }
}

/// `SpDetails` (role `SAML_SP`): the tenant itself; never changed through the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SpDetails {
    pub entity_id: Option<String>,
    pub alias: Option<String>,
    /// Required by the spec.
    pub callback_url: String,
    pub legacy_acs_url: Option<String>,
}

/// `JITConfiguration`: creating identities on first SAML sign-in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JitConfiguration {
    #[serde(default)]
    pub enabled: bool,
    pub source_id: Option<String>,
    pub source_attribute_mappings: Option<BTreeMap<String, String>>,
}

/// The source attribute mappings an enabled JIT configuration must have (rule 5).
pub const JIT_REQUIRED_MAPPINGS: [&str; 3] = ["firstName", "lastName", "email"];

impl Default for ServiceProviderConfiguration {
    /// Remote IdP sign-in off, an empty IdpDetails and Gatehouse's own SpDetails.
    fn default() -> Self {
        Self {
            enabled: false,
            bypass_idp: false,
            saml_configuration_valid: false,
            federation_protocol_details: vec![
                FederationProtocolDetails::Idp(Box::default()),
                FederationProtocolDetails::Sp(SpDetails {
                    entity_id: Some("https://gatehouse.example/sp".into()),
                    alias: Some("gatehouse-sp".into()),
                    callback_url: "https://gatehouse.example/saml/SSO/alias/gatehouse-sp".into(),
                    legacy_acs_url: None,
                }),
            ],
        }
    }
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

impl ServiceProviderConfiguration {
    /// The IdpDetails element, if there is one.
    pub fn idp(&self) -> Option<&IdpDetails> {
        self.federation_protocol_details.iter().find_map(|d| match d {
            FederationProtocolDetails::Idp(i) => Some(&**i),
            FederationProtocolDetails::Sp(_) => None,
        })
    }

    /// The SpDetails element, if there is one.
    pub fn sp(&self) -> Option<&SpDetails> {
        self.federation_protocol_details.iter().find_map(|d| match d {
            FederationProtocolDetails::Sp(s) => Some(s),
            FederationProtocolDetails::Idp(_) => None,
        })
    }

    fn roles(&self) -> Vec<&'static str> {
        self.federation_protocol_details.iter().map(|d| d.role()).collect()
    }

    /// The rules any stored configuration keeps: remote IdP sign-in on needs IdpDetails
    /// with an entityId (rules 3 and 4, checked whenever `enabled` is true, so an enabled
    /// configuration always names its IdP), and an enabled JIT configuration needs a
    /// source id and the firstName, lastName and email mappings (rule 5).
    pub fn check(&self) -> Vec<RuleError> {
        let mut errors = Vec::new();
        if self.enabled {
            match self.idp() {
                None => errors.push(rule(
                    "federationProtocolDetails",
                    "rule 3: enabling remote IdP sign-in needs IdpDetails (an element with role SAML_IDP)",
                )),
                Some(idp) if blank(idp.entity_id.as_deref()) => errors.push(rule(
                    "entityId",
                    "rule 4: enabling remote IdP sign-in needs the entityId of the IdpDetails \
                     (federationProtocolDetails/0/entityId)",
                )),
                Some(_) => {}
            }
        }
        if let Some(jit) = self.idp().and_then(|i| i.jit_configuration.as_ref()) {
            if jit.enabled {
                if blank(jit.source_id.as_deref()) {
                    errors.push(rule(
                        "jitConfiguration.sourceId",
                        "rule 5: an enabled JIT configuration needs a sourceId",
                    ));
                }
                let mappings = jit.source_attribute_mappings.as_ref();
                let missing: Vec<&str> = JIT_REQUIRED_MAPPINGS
                    .into_iter()
                    .filter(|k| blank(mappings.and_then(|m| m.get(*k)).map(String::as_str)))
                    .collect();
                if !missing.is_empty() {
                    errors.push(rule(
                        "jitConfiguration.sourceAttributeMappings",
                        format!(
                            "rule 5: an enabled JIT configuration needs source attribute mappings for {}; missing: {}",
                            JIT_REQUIRED_MAPPINGS.join(", "),
                            missing.join(", ")
                        ),
                    ));
                }
            }
        }
        errors
    }

    /// All five documented rules for a change from `before` to `self`: no element of
    /// `federationProtocolDetails` added or removed (rule 1), the SpDetails element
    /// untouched (rule 2), then [`Self::check`] (rules 3 to 5).
    pub fn check_change(&self, before: &Self) -> Vec<RuleError> {
        let mut errors = Vec::new();
        let (was, now) = (before.roles(), self.roles());
        let mut sorted_was = was.clone();
        let mut sorted_now = now.clone();
        sorted_was.sort_unstable();
        sorted_now.sort_unstable();
        if sorted_was != sorted_now {
            errors.push(rule(
                "federationProtocolDetails",
                format!(
                    "rule 1: elements cannot be added to or removed from federationProtocolDetails \
                     (it had [{}], the change makes it [{}])",
                    was.join(", "),
                    now.join(", ")
                ),
            ));
        } else {
            let position = |c: &Self| {
                c.federation_protocol_details
                    .iter()
                    .position(|d| matches!(d, FederationProtocolDetails::Sp(_)))
            };
            if self.sp() != before.sp() || position(self) != position(before) {
                errors.push(rule(
                    "federationProtocolDetails",
                    "rule 2: the service provider details (the element with role SAML_SP) cannot be \
                     modified, added or deleted",
                ));
            }
        }
        errors.extend(self.check());
        errors
    }

    /// The source an enabled JIT configuration names (the server checks it exists).
    pub fn jit_source_id(&self) -> Option<&str> {
        self.idp()
            .and_then(|i| i.jit_configuration.as_ref())
            .filter(|j| j.enabled)
            .and_then(|j| j.source_id.as_deref())
            .filter(|s| !s.trim().is_empty())
    }
}

// ---------------------------------------------------------------------------------------
// JIT activation policy (seed 000)

/// The only `configType` of `/jit-activation-config/v1/{configType}`.
pub const JIT_CONFIG_TYPE: &str = "policy";

/// `JITActivationConfigResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JitActivationConfig {
    pub id: String,
    #[serde(default)]
    pub entitlement_ids: Vec<String>,
    pub max_activation_period_mins: Option<i32>,
    pub max_activation_period_extension_mins: Option<i32>,
    pub default_max_activation_period_mins: Option<i32>,
    pub default_max_activation_period_extension_mins: Option<i32>,
    #[serde(default)]
    pub notification_recipients: Vec<String>,
    pub notification_template: Option<String>,
    pub apply_to_future_assignments: bool,
}

/// `JitAccessOperationRequest`: one replace operation (`op` defaults to `replace`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JitAccessOperation {
    #[serde(default = "replace_op")]
    pub op: String,
    pub path: String,
    pub value: Value,
}

fn replace_op() -> String {
    "replace".into()
}

impl JitAccessOperation {
    pub fn replace(path: &str, value: Value) -> Self {
        Self {
            op: replace_op(),
            path: path.into(),
            value,
        }
    }
}

/// The documented paths and the field each replaces.
pub const JIT_PATHS: [(&str, &str); 8] = [
    ("/entitlementIds", "entitlementIds"),
    ("/maxActivationPeriodMins", "maxActivationPeriodMins"),
    ("/maxActivationPeriodExtensionMins", "maxActivationPeriodExtensionMins"),
    ("/defaultMaxActivationPeriodMins", "defaultMaxActivationPeriodMins"),
    (
        "/defaultMaxActivationPeriodExtensionMins",
        "defaultMaxActivationPeriodExtensionMins",
    ),
    ("/notificationRecipients", "notificationRecipients"),
    ("/notificationTemplate", "notificationTemplate"),
    ("/applyToFutureAssignments", "applyToFutureAssignments"),
];

/// Whether `s` is shaped like an e-mail address (`local@domain.tld`, no spaces).
pub fn is_email_address(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    s.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

fn minutes(field: &'static str, i: usize, v: &Value) -> Result<Option<i32>, RuleError> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n.as_i64().and_then(|n| i32::try_from(n).ok()).map(Some).ok_or_else(|| {
            rule(
                field,
                format!("operation {i}: {field} must be a whole number of minutes, got {n}"),
            )
        }),
        other => Err(rule(
            field,
            format!("operation {i}: {field} takes a whole number of minutes or null, got {other}"),
        )),
    }
}

fn strings(field: &'static str, i: usize, v: &Value) -> Result<Vec<String>, RuleError> {
    let bad = || {
        rule(
            field,
            format!("operation {i}: {field} takes an array of strings, got {v}"),
        )
    };
    v.as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|s| s.as_str().map(str::to_string).ok_or_else(bad))
        .collect()
}

impl JitActivationConfig {
    /// Applies replace operations to a copy (the body must list at least one). Only the
    /// rules of each operation are checked here; [`Self::check`] checks the result.
    pub fn apply(&self, ops: &[JitAccessOperation]) -> Result<Self, RuleError> {
        if ops.is_empty() {
            return Err(rule("operations", "the body must list at least one replace operation"));
        }
        let mut out = self.clone();
        for (i, op) in ops.iter().enumerate() {
            if op.op != "replace" {
                return Err(rule(
                    "op",
                    format!("operation {i}: op '{}' is not supported; only replace is", op.op),
                ));
            }
            let Some((_, field)) = JIT_PATHS.iter().find(|(p, _)| *p == op.path) else {
                let paths: Vec<&str> = JIT_PATHS.iter().map(|(p, _)| *p).collect();
                return Err(rule(
                    "path",
                    format!(
                        "operation {i}: '{}' is not a path of the JIT activation policy; use one of {}",
                        op.path,
                        paths.join(", ")
                    ),
                ));
            };
            let v = &op.value;
            match *field {
                "entitlementIds" => out.entitlement_ids = strings(field, i, v)?,
                "notificationRecipients" => out.notification_recipients = strings(field, i, v)?,
                "maxActivationPeriodMins" => out.max_activation_period_mins = minutes(field, i, v)?,
                "maxActivationPeriodExtensionMins" => out.max_activation_period_extension_mins = minutes(field, i, v)?,
                "defaultMaxActivationPeriodMins" => out.default_max_activation_period_mins = minutes(field, i, v)?,
                "defaultMaxActivationPeriodExtensionMins" => {
                    out.default_max_activation_period_extension_mins = minutes(field, i, v)?
                }
                "notificationTemplate" => {
                    out.notification_template = match v {
                        Value::Null => None,
                        Value::String(s) => Some(s.clone()),
                        other => {
                            return Err(rule(
                                field,
                                format!("operation {i}: notificationTemplate takes a string or null, got {other}"),
                            ))
                        }
                    }
                }
                _ => {
                    out.apply_to_future_assignments = v.as_bool().ok_or_else(|| {
                        rule(
                            "applyToFutureAssignments",
                            format!("operation {i}: applyToFutureAssignments takes true or false, got {v}"),
                        )
                    })?
                }
            }
        }
        Ok(out)
    }

    /// Each period is at least a minute, a default does not exceed its maximum, the
    /// recipients are e-mail addresses, the entitlement ids are distinct and not blank.
    pub fn check(&self) -> Vec<RuleError> {
        let mut errors = Vec::new();
        for (field, v) in [
            ("maxActivationPeriodMins", self.max_activation_period_mins),
            (
                "maxActivationPeriodExtensionMins",
                self.max_activation_period_extension_mins,
            ),
            (
                "defaultMaxActivationPeriodMins",
                self.default_max_activation_period_mins,
            ),
            (
                "defaultMaxActivationPeriodExtensionMins",
                self.default_max_activation_period_extension_mins,
            ),
        ] {
            if let Some(v) = v.filter(|v| *v < 1) {
                errors.push(rule(field, format!("{field} must be at least 1 minute, got {v}")));
            }
        }
        for (field, default, max_field, max) in [
            (
                "defaultMaxActivationPeriodMins",
                self.default_max_activation_period_mins,
                "maxActivationPeriodMins",
                self.max_activation_period_mins,
            ),
            (
                "defaultMaxActivationPeriodExtensionMins",
                self.default_max_activation_period_extension_mins,
                "maxActivationPeriodExtensionMins",
                self.max_activation_period_extension_mins,
            ),
        ] {
            if let (Some(d), Some(m)) = (default, max) {
                if d > m {
                    errors.push(rule(field, format!("{field} ({d}) must not exceed {max_field} ({m})")));
                }
            }
        }
        for r in &self.notification_recipients {
            if !is_email_address(r) {
                errors.push(rule(
                    "notificationRecipients",
                    format!("'{r}' is not an e-mail address"),
                ));
            }
        }
        if self
            .notification_template
            .as_deref()
            .is_some_and(|t| t.trim().is_empty())
        {
            errors.push(rule(
                "notificationTemplate",
                "notificationTemplate must not be blank; use null to clear it",
            ));
        }
        for (i, id) in self.entitlement_ids.iter().enumerate() {
            if id.trim().is_empty() {
                errors.push(rule("entitlementIds", format!("entitlementIds[{i}] is blank")));
            } else if self.entitlement_ids[..i].contains(id) {
                errors.push(rule("entitlementIds", format!("entitlement '{id}' is listed twice")));
            }
        }
        errors
    }
}

// ---------------------------------------------------------------------------------------
// Audit trail (`GET /gatehouse/v1/settings/{name}/history`)

/// The settings documents with a history, by the name the history path takes.
pub const SETTINGS_DOCUMENTS: [&str; 5] = [
    "lockout-config",
    "session-config",
    "network-config",
    "service-provider-config",
    "jit-activation-config",
];

/// Who made a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedBy {
    pub id: String,
    pub name: String,
}

/// One stored change of a settings document, written in the same transaction as it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettingsChange {
    pub id: i64,
    /// The document's name (`lockout-config`, ...).
    pub document: String,
    /// The document's revision after the change (its ETag).
    pub rev: i64,
    pub changed: String,
    pub changed_by: ChangedBy,
    /// `PATCH` (the patch is the operations) or `POST` (the patch is the posted document).
    pub method: String,
    pub patch: Value,
    /// `null` when nothing was stored before.
    pub before: Option<Value>,
    pub after: Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockout_bounds() {
        let ok = LockoutConfiguration::default();
        assert!(ok.check().is_empty());
        for (a, d, w, field) in [
            (0, 5, 5, "maximumAttempts"),
            (16, 5, 5, "maximumAttempts"),
            (1, 4, 5, "lockoutDuration"),
            (1, 61, 5, "lockoutDuration"),
            (1, 5, 4, "lockoutWindow"),
            (1, 5, 61, "lockoutWindow"),
        ] {
            let c = LockoutConfiguration {
                maximum_attempts: a,
                lockout_duration: d,
                lockout_window: w,
            };
            assert_eq!(c.check()[0].field, field, "{a} {d} {w}");
        }
        for (a, d, w) in [(15, 60, 60), (1, 5, 5), (1, 60, 5), (15, 5, 60)] {
            let edge = LockoutConfiguration {
                maximum_attempts: a,
                lockout_duration: d,
                lockout_window: w,
            };
            assert!(edge.check().is_empty(), "{a} {d} {w} is inside the bounds");
        }
    }

    #[test]
    fn session_rules() {
        assert!(SessionConfiguration::default().check().is_empty());
        let s = |max, idle| SessionConfiguration {
            max_session_time: max,
            max_idle_time: idle,
            remember_me: false,
        };
        assert!(s(10080, 1440).check().is_empty());
        assert_eq!(s(10081, 10).check()[0].field, "maxSessionTime");
        assert_eq!(s(100, 0).check()[0].field, "maxIdleTime");
        assert_eq!(s(100, 1441).check()[0].field, "maxIdleTime");
        assert!(s(30, 30).check()[0].message.contains("greater than"));
        assert!(s(31, 30).check().is_empty());
        // At and around each bound: maxSessionTime 1..10080, maxIdleTime 1..1440.
        assert_eq!(s(0, 1).check()[0].field, "maxSessionTime");
        assert_eq!(s(-1, 1).check()[0].field, "maxSessionTime");
        assert_eq!(s(2, 1).check(), vec![]);
        // 1 minute is a valid maximum on its own, but no idle time is then shorter.
        assert!(s(1, 1)
            .check()
            .iter()
            .all(|e| e.field != "maxSessionTime" || e.message.contains("greater")));
        assert_eq!(s(1441, 1440).check(), vec![]);
        assert_eq!(s(10080, 1441).check()[0].field, "maxIdleTime");
    }

    #[test]
    fn network_rules_and_allow_list() {
        let n = NetworkConfiguration {
            range: Some(vec!["10.0.0.0/8".into(), "bad".into()]),
            geolocation: Some(vec!["US".into(), "usa".into()]),
            whitelisted: true,
        };
        let errs = n.check();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].field, "range");
        assert_eq!(errs[1].field, "geolocation");
        let open = NetworkConfiguration::default();
        assert!(open.allows("1.2.3.4".parse().unwrap()));
        let closed = NetworkConfiguration {
            range: Some(vec!["10.0.0.0/8".into()]),
            ..Default::default()
        };
        assert!(closed.allows("10.9.9.9".parse().unwrap()));
        assert!(!closed.allows("127.0.0.1".parse().unwrap()));
        let empty = NetworkConfiguration {
            range: Some(vec![]),
            ..Default::default()
        };
        assert!(empty.allows("127.0.0.1".parse().unwrap()));
    }

    fn enabled_sp(entity: Option<&str>) -> ServiceProviderConfiguration {
        let mut c = ServiceProviderConfiguration {
            enabled: true,
            ..Default::default()
        };
        if let FederationProtocolDetails::Idp(idp) = &mut c.federation_protocol_details[0] {
            idp.entity_id = entity.map(str::to_string);
        }
        c
    }

    #[test]
    fn service_provider_round_trips_the_spec_example() {
        let json = serde_json::json!({
            "enabled": true, "bypassIdp": true, "samlConfigurationValid": true,
            "federationProtocolDetails": [
                {"role": "SAML_IDP", "entityId": "http://www.okta.com/exk", "cert": "MIID",
                 "loginUrlPost": "https://okta/sso", "loginUrlRedirect": "https://okta/sso",
                 "logoutUrl": "https://okta/signout", "nameId": "urn:email",
                 "binding": "urn:post", "authnContext": "urn:ppt", "includeAuthnContext": true,
                 "mappingAttribute": "email",
                 "jitConfiguration": {"enabled": true, "sourceId": "2c91",
                     "sourceAttributeMappings": {"firstName": "okta.firstName", "lastName": "okta.lastName", "email": "okta.email"}},
                 "certificateExpirationDate": "Thu May 26 21:31:59 GMT 2033", "certificateName": "CN=dev"},
                {"role": "SAML_SP", "entityId": "https://acme/sp", "alias": "acme-sp",
                 "callbackUrl": "https://acme/saml/SSO/alias/acme-sp", "legacyAcsUrl": "https://megapod/sp"}
            ]
        });
        let c: ServiceProviderConfiguration = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(c.idp().unwrap().entity_id.as_deref(), Some("http://www.okta.com/exk"));
        assert_eq!(c.sp().unwrap().alias.as_deref(), Some("acme-sp"));
        assert!(c.check().is_empty());
        assert_eq!(serde_json::to_value(&c).unwrap(), json);
        assert_eq!(c.jit_source_id(), Some("2c91"));
        // Unknown fields are refused, inside the tagged elements too.
        let mut bad = json.clone();
        bad["federationProtocolDetails"][1]["extra"] = serde_json::json!(1);
        assert!(serde_json::from_value::<ServiceProviderConfiguration>(bad).is_err());
        let mut bad = json;
        bad["federationProtocolDetails"][0]["role"] = serde_json::json!("SAML_XX");
        assert!(serde_json::from_value::<ServiceProviderConfiguration>(bad).is_err());
    }

    #[test]
    fn service_provider_rules_one_to_five() {
        let before = ServiceProviderConfiguration::default();
        assert!(before.check().is_empty());
        assert!(before.check_change(&before).is_empty());
        // Rule 1: no element added or removed.
        let mut added = before.clone();
        added
            .federation_protocol_details
            .push(FederationProtocolDetails::Idp(Box::default()));
        assert!(added.check_change(&before)[0].message.starts_with("rule 1"));
        let mut removed = before.clone();
        removed.federation_protocol_details.remove(0);
        assert!(removed.check_change(&before)[0].message.starts_with("rule 1"));
        // Rule 2: the SP element untouched, and where it was.
        let mut sp_changed = before.clone();
        if let FederationProtocolDetails::Sp(sp) = &mut sp_changed.federation_protocol_details[1] {
            sp.alias = Some("other".into());
        }
        assert!(sp_changed.check_change(&before)[0].message.starts_with("rule 2"));
        let mut swapped = before.clone();
        swapped.federation_protocol_details.swap(0, 1);
        assert!(swapped.check_change(&before)[0].message.starts_with("rule 2"));
        // Rules 3 and 4: enabling needs IdpDetails with an entityId.
        let errs = enabled_sp(None).check_change(&before);
        assert_eq!(errs[0].field, "entityId");
        assert!(errs[0].message.starts_with("rule 4"));
        assert_eq!(enabled_sp(Some("  ")).check()[0].field, "entityId");
        assert!(enabled_sp(Some("http://idp")).check_change(&before).is_empty());
        let mut no_idp = enabled_sp(Some("x"));
        no_idp.federation_protocol_details.remove(0);
        assert!(no_idp.check()[0].message.starts_with("rule 3"));
        // Rule 5: an enabled JIT configuration needs a source and three mappings.
        let mut jit = enabled_sp(Some("http://idp"));
        if let FederationProtocolDetails::Idp(idp) = &mut jit.federation_protocol_details[0] {
            idp.jit_configuration = Some(JitConfiguration {
                enabled: true,
                source_id: None,
                source_attribute_mappings: Some(BTreeMap::from([
                    ("firstName".to_string(), "a".to_string()),
                    ("email".to_string(), "b".to_string()),
                ])),
            });
        }
        let errs = jit.check();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].field, "jitConfiguration.sourceId");
        assert!(errs[1].message.contains("missing: lastName"));
        // A disabled JIT configuration may be incomplete.
        if let FederationProtocolDetails::Idp(idp) = &mut jit.federation_protocol_details[0] {
            if let Some(j) = idp.jit_configuration.as_mut() {
                j.enabled = false;
            }
        }
        assert!(jit.check().is_empty());
        assert_eq!(jit.jit_source_id(), None);
    }

    #[test]
    fn network_change_must_keep_its_maker_in() {
        let n = NetworkConfiguration {
            range: Some(vec!["10.0.0.0/8".into()]),
            ..Default::default()
        };
        assert!(n.check_keeps("10.1.1.1".parse().unwrap()).is_ok());
        let e = n.check_keeps("127.0.0.1".parse().unwrap()).unwrap_err();
        assert_eq!(e.field, "range");
        assert!(e.message.contains("shut out"));
    }

    fn jit() -> JitActivationConfig {
        JitActivationConfig {
            id: "6d38a587-302a-41d1-a3b1-ffae2c25c960".into(),
            entitlement_ids: vec!["e1".into()],
            max_activation_period_mins: Some(120),
            max_activation_period_extension_mins: Some(30),
            default_max_activation_period_mins: Some(60),
            default_max_activation_period_extension_mins: Some(15),
            notification_recipients: vec!["owner@example.com".into()],
            notification_template: Some("jit-activation-default".into()),
            apply_to_future_assignments: true,
        }
    }

    #[test]
    fn jit_replace_operations() {
        use serde_json::json;
        let c = jit();
        assert!(c.check().is_empty());
        let op = |p: &str, v: Value| JitAccessOperation::replace(p, v);
        let out = c
            .apply(&[
                op("/maxActivationPeriodMins", json!(240)),
                op("/notificationTemplate", Value::Null),
                op("/entitlementIds", json!(["a", "b"])),
                op("/applyToFutureAssignments", json!(false)),
            ])
            .unwrap();
        assert_eq!(out.max_activation_period_mins, Some(240));
        assert_eq!(out.notification_template, None);
        assert_eq!(out.entitlement_ids, vec!["a", "b"]);
        assert!(!out.apply_to_future_assignments);
        assert_eq!(c.apply(&[]).unwrap_err().field, "operations");
        assert_eq!(c.apply(&[op("/id", json!("x"))]).unwrap_err().field, "path");
        let mut add = op("/maxActivationPeriodMins", json!(1));
        add.op = "add".into();
        assert_eq!(c.apply(&[add]).unwrap_err().field, "op");
        for (path, v) in [
            ("/maxActivationPeriodMins", json!("60")),
            ("/maxActivationPeriodMins", json!(1.5)),
            ("/maxActivationPeriodMins", json!(i64::from(i32::MAX) + 1)),
            ("/entitlementIds", json!("e1")),
            ("/entitlementIds", Value::Null),
            ("/notificationRecipients", json!([1])),
            ("/applyToFutureAssignments", Value::Null),
            ("/notificationTemplate", json!(3)),
        ] {
            assert_eq!(c.apply(&[op(path, v)]).unwrap_err().field, &path[1..], "{path}");
        }
        // The op defaults to replace.
        let parsed: JitAccessOperation =
            serde_json::from_value(json!({"path": "/maxActivationPeriodMins", "value": 5})).unwrap();
        assert_eq!(parsed.op, "replace");
        assert!(serde_json::from_value::<JitAccessOperation>(json!({"path": "/x"})).is_err());
    }

    #[test]
    fn jit_rules() {
        let mut c = jit();
        c.default_max_activation_period_mins = Some(121);
        assert_eq!(c.check()[0].field, "defaultMaxActivationPeriodMins");
        c.default_max_activation_period_mins = Some(120);
        assert!(c.check().is_empty());
        c.default_max_activation_period_extension_mins = Some(31);
        assert!(c.check()[0]
            .message
            .contains("must not exceed maxActivationPeriodExtensionMins (30)"));
        let mut c = jit();
        c.max_activation_period_mins = None;
        c.default_max_activation_period_mins = Some(100_000);
        assert!(c.check().is_empty(), "no maximum, no bound");
        c.max_activation_period_extension_mins = Some(0);
        assert_eq!(c.check()[0].field, "maxActivationPeriodExtensionMins");
        let mut c = jit();
        c.notification_recipients = vec!["a@b.co".into(), "nobody".into(), "a b@c.de".into(), "x@y".into()];
        assert_eq!(c.check().len(), 3);
        let mut c = jit();
        c.entitlement_ids = vec!["e1".into(), "e1".into(), " ".into()];
        assert_eq!(c.check().len(), 2);
        c.entitlement_ids.clear();
        c.notification_template = Some(String::new());
        assert_eq!(c.check()[0].field, "notificationTemplate");
    }

    #[test]
    fn emails() {
        assert!(is_email_address("owner@example.com"));
        assert!(is_email_address("first.last+jit@sub.example.org"));
        for bad in [
            "",
            "owner",
            "@example.com",
            "owner@",
            "owner@example",
            "a@b@c.de",
            "a b@c.de",
            "a@.com",
            "a@b..com",
        ] {
            assert!(!is_email_address(bad), "{bad}");
        }
    }

    #[test]
    fn errors_describe_together() {
        let errs = LockoutConfiguration {
            maximum_attempts: 0,
            lockout_duration: 1,
            lockout_window: 5,
        }
        .check();
        assert_eq!(
            describe(&errs),
            "maximumAttempts: maximumAttempts must be between 1 and 15, got 0; \
             lockoutDuration: lockoutDuration must be between 5 and 60, got 1"
        );
    }
}
