//! The "check before enabling" step of the service-provider page: before remote IdP
//! sign-in may be switched on, the IdP's entity id, its single sign-on URL and its
//! signing certificate must be usable. The documented server rules (rules 3 and 4) only
//! ask for an entity id; this stricter check is what the portal requires before it
//! offers the switch. `now` (Unix seconds) is a parameter: see [`super::x509`].

use super::x509::{check_certificate, CertificateInfo};
use super::{IdpDetails, RuleError};

/// What the check found: the certificate when it parsed and is valid, and every
/// problem, each naming its field (`entityId`, `loginUrlPost`, `loginUrlRedirect`, `cert`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdpCheck {
    pub certificate: Option<CertificateInfo>,
    pub errors: Vec<RuleError>,
}

impl IdpCheck {
    pub fn passed(&self) -> bool {
        self.errors.is_empty()
    }
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// A SAML entity id is an absolute URI (`http://www.okta.com/exk…`, `urn:…`), at most
/// 1024 characters, without spaces.
pub fn check_entity_id(entity_id: Option<&str>) -> Result<(), RuleError> {
    let field = "entityId";
    let Some(id) = entity_id.map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(RuleError::new(
            field,
            "entityId is required: the identity provider's SAML entity id",
        ));
    };
    let scheme = id.split_once(':').filter(|(s, rest)| {
        !rest.is_empty()
            && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if id.len() > 1024 || id.chars().any(char::is_whitespace) || scheme.is_none() {
        return Err(RuleError::new(
            field,
            format!(
                "entityId must be an absolute URI such as http://www.okta.com/exk123 or urn:example:idp, got '{id}'"
            ),
        ));
    }
    Ok(())
}

/// An SSO URL is an absolute `https://` (or `http://`) URL with a host.
pub fn check_sso_url(field: &'static str, url: &str) -> Result<(), RuleError> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    let host = rest.map(|r| r.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        Some(h) if !h.is_empty() && !url.chars().any(char::is_whitespace) => Ok(()),
        _ => Err(RuleError::new(
            field,
            format!("{field} must be an absolute https:// URL of the identity provider, got '{url}'"),
        )),
    }
}

/// Checks the IdP details before remote IdP sign-in is enabled, at time `now`.
pub fn check_idp_before_enabling(idp: Option<&IdpDetails>, now: i64) -> IdpCheck {
    let Some(idp) = idp else {
        return IdpCheck {
            certificate: None,
            errors: vec![RuleError::new(
                "federationProtocolDetails",
                "there are no identity provider details (an element with role SAML_IDP)",
            )],
        };
    };
    let mut errors = Vec::new();
    if let Err(e) = check_entity_id(idp.entity_id.as_deref()) {
        errors.push(e);
    }
    let (post, redirect) = (idp.login_url_post.as_deref(), idp.login_url_redirect.as_deref());
    if blank(post) && blank(redirect) {
        errors.push(RuleError::new(
            "loginUrlPost",
            "loginUrlPost or loginUrlRedirect is required: the identity provider's single sign-on URL",
        ));
    }
    for (field, url) in [("loginUrlPost", post), ("loginUrlRedirect", redirect)] {
        if let Some(Err(e)) = url.filter(|u| !u.trim().is_empty()).map(|u| check_sso_url(field, u)) {
            errors.push(e);
        }
    }
    let certificate = match check_certificate(idp.cert.as_deref().unwrap_or_default(), now) {
        Ok(info) => Some(info),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    IdpCheck { certificate, errors }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = include_str!("../../fixtures/x509/valid.pem");
    const EXPIRED: &str = include_str!("../../fixtures/x509/expired.pem");
    const JAN_2026: i64 = 1_767_225_600;

    fn ready() -> IdpDetails {
        IdpDetails {
            entity_id: Some("http://www.okta.com/exk123".into()),
            login_url_post: Some("https://idp.example.test/sso/saml".into()),
            cert: Some(VALID.into()),
            ..Default::default()
        }
    }

    fn fields(check: &IdpCheck) -> Vec<&'static str> {
        check.errors.iter().map(|e| e.field).collect()
    }

    #[test]
    fn complete_details_pass_with_the_certificate() {
        let check = check_idp_before_enabling(Some(&ready()), JAN_2026);
        assert!(check.passed(), "{:?}", check.errors);
        assert_eq!(check.certificate.unwrap().subject, "CN=idp.example.test");
        // The redirect URL alone is a single sign-on URL too.
        let only_redirect = IdpDetails {
            login_url_post: None,
            login_url_redirect: Some("https://idp.example.test/sso".into()),
            ..ready()
        };
        assert!(check_idp_before_enabling(Some(&only_redirect), JAN_2026).passed());
    }

    #[test]
    fn empty_details_name_every_field() {
        let check = check_idp_before_enabling(Some(&IdpDetails::default()), JAN_2026);
        assert_eq!(fields(&check), vec!["entityId", "loginUrlPost", "cert"]);
        assert!(check.certificate.is_none());
        assert_eq!(
            fields(&check_idp_before_enabling(None, JAN_2026)),
            vec!["federationProtocolDetails"]
        );
    }

    #[test]
    fn an_expired_certificate_fails_the_check() {
        let idp = IdpDetails {
            cert: Some(EXPIRED.into()),
            ..ready()
        };
        let check = check_idp_before_enabling(Some(&idp), JAN_2026);
        assert_eq!(fields(&check), vec!["cert"]);
        assert!(check.errors[0].message.contains("expired"));
    }

    #[test]
    fn entity_ids_are_absolute_uris() {
        for ok in [
            "http://www.okta.com/exk123",
            "urn:example:idp",
            "https://sts.windows.net/abc/",
        ] {
            assert!(check_entity_id(Some(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "  ",
            "okta",
            "my idp:x",
            "1http://x",
            "http:",
            &format!("urn:{}", "x".repeat(1024)),
        ] {
            assert_eq!(check_entity_id(Some(bad)).unwrap_err().field, "entityId", "{bad}");
        }
        assert!(check_entity_id(None).is_err());
    }

    #[test]
    fn sso_urls_are_absolute_http_urls() {
        for ok in [
            "https://idp/sso",
            "http://idp.example.test:8443/saml?x=1",
            " https://a.b ",
        ] {
            assert!(check_sso_url("loginUrlPost", ok).is_ok(), "{ok}");
        }
        for bad in [
            "idp/sso",
            "https://",
            "https:///path",
            "ftp://idp/sso",
            "https://idp/a b",
        ] {
            let e = check_sso_url("loginUrlRedirect", bad).unwrap_err();
            assert_eq!(e.field, "loginUrlRedirect", "{bad}");
        }
        let idp = IdpDetails {
            login_url_redirect: Some("not a url".into()),
            ..ready()
        };
        assert_eq!(
            fields(&check_idp_before_enabling(Some(&idp), JAN_2026)),
            vec!["loginUrlRedirect"]
        );
    }
}
