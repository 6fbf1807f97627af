//! Tenant security settings (seed 004): lockout, session and network documents and
//! their rules. The server validates a patched document whole with these functions;
//! the portal runs the same functions as the admin types.

use serde::{Deserialize, Serialize};

use crate::net::{check_country, Cidr};

/// A broken rule: the field it concerns and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct RuleError {
    pub field: &'static str,
    pub message: String,
}

fn rule(field: &'static str, message: impl Into<String>) -> RuleError {
    RuleError {
        field,
        message: message.into(),
    }
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
        let edge = LockoutConfiguration {
            maximum_attempts: 15,
            lockout_duration: 60,
            lockout_window: 60,
        };
        assert!(edge.check().is_empty());
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
}
