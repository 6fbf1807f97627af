//! The signing certificate of a SAML identity provider: it must parse as an X.509
//! certificate (PEM, or the bare base64 body SailPoint stores in `cert`) and be valid at
//! the time the caller passes in. The time is a parameter, never read here: the portal
//! runs in wasm32, where `SystemTime::now` panics, so it passes `js_sys::Date::now()`.
//!
//! Parsing uses RustCrypto's `x509-cert` (DER only, no signature checks): small in the
//! browser bundle, and the same code runs on the server.

use x509_cert::der::{pem, Decode};
use x509_cert::Certificate;

use super::RuleError;

/// The field these rules name (`IdpDetails.cert`).
pub const CERT_FIELD: &str = "cert";

const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
const END: &str = "-----END CERTIFICATE-----";

/// What the portal shows of a certificate that parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    /// The subject as an RFC 4514 string (`CN=idp.example.test`).
    pub subject: String,
    /// Valid from, in Unix seconds.
    pub not_before: i64,
    /// Valid until, in Unix seconds.
    pub not_after: i64,
}

impl CertificateInfo {
    /// The expiry as SailPoint writes `certificateExpirationDate` (`Thu May 26 21:31:59 GMT 2033`).
    pub fn expiration_date(&self) -> String {
        sailpoint_date(self.not_after)
    }
}

fn bad(message: impl Into<String>) -> RuleError {
    RuleError::new(CERT_FIELD, message)
}

/// The text as PEM: kept when it has a PEM header, else the base64 body wrapped in
/// certificate markers.
fn as_pem(text: &str) -> String {
    let text = text.trim();
    if text.starts_with("-----BEGIN ") {
        return text.to_string();
    }
    let body: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut pem = String::with_capacity(body.len() + 80);
    pem.push_str(BEGIN);
    pem.push('\n');
    for line in body.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str(END);
    pem.push('\n');
    pem
}

/// Short names of the attributes a subject usually has; others print as dotted OIDs.
const NAMES: [(&str, &str); 7] = [
    ("2.5.4.3", "CN"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
];

/// The subject in RFC 4514 order (last RDN first). Written here rather than with
/// `Name`'s `Display`, which pulls const-oid's whole OID name table into the browser
/// bundle (about 40 KB gzipped) for a line of text.
fn subject(name: &x509_cert::name::Name) -> String {
    let mut parts = Vec::new();
    for rdn in name.0.iter().rev() {
        for atv in rdn.0.iter() {
            let oid = atv.oid.to_string();
            let key = NAMES.iter().find(|(o, _)| *o == oid).map_or(oid.as_str(), |(_, n)| n);
            parts.push(format!("{key}={}", String::from_utf8_lossy(atv.value.value())));
        }
    }
    parts.join(", ")
}

/// Parses a certificate; the message says what is wrong (nothing pasted, not a
/// certificate) and names the field.
pub fn parse_certificate(text: &str) -> Result<CertificateInfo, RuleError> {
    if text.trim().is_empty() {
        return Err(bad(
            "cert is required: paste the identity provider's signing certificate",
        ));
    }
    // PEM first, then DER: `DecodePem` (der 0.7's streaming PEM reader) never returns on
    // some truncated inputs (e.g. the body `MIID`), so the PEM is decoded whole here.
    let not_a_cert = |e: &dyn std::fmt::Display| {
        bad(format!(
            "cert is not an X.509 certificate in PEM form ({e}); paste the whole \
             -----BEGIN CERTIFICATE----- block"
        ))
    };
    let pem_text = as_pem(text);
    let (label, der) = pem::decode_vec(pem_text.as_bytes()).map_err(|e| not_a_cert(&e))?;
    if label != "CERTIFICATE" {
        return Err(not_a_cert(&format!("the block is a {label}")));
    }
    let cert = Certificate::from_der(&der).map_err(|e| not_a_cert(&e))?;
    let validity = &cert.tbs_certificate.validity;
    let secs = |t: &x509_cert::time::Time| i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX);
    Ok(CertificateInfo {
        subject: subject(&cert.tbs_certificate.subject),
        not_before: secs(&validity.not_before),
        not_after: secs(&validity.not_after),
    })
}

/// Parses a certificate and checks it is valid at `now` (Unix seconds).
pub fn check_certificate(text: &str, now: i64) -> Result<CertificateInfo, RuleError> {
    let info = parse_certificate(text)?;
    if now > info.not_after {
        return Err(bad(format!("cert expired on {}", utc_text(info.not_after))));
    }
    if now < info.not_before {
        return Err(bad(format!("cert is not valid before {}", utc_text(info.not_before))));
    }
    Ok(info)
}

/// (year, month 1..=12, day 1..=31) of a day count since 1970-01-01 (H. Hinnant's
/// `civil_from_days`).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn split(secs: i64) -> (i64, u32, u32, i64, i64, i64, i64) {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let (y, m, d) = civil(days);
    (y, m, d, rest / 3600, rest % 3600 / 60, rest % 60, days)
}

/// `2044-01-01 00:00:00 UTC`.
pub fn utc_text(secs: i64) -> String {
    let (y, m, d, hh, mm, ss, _) = split(secs);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02} UTC")
}

/// `Fri Jan 01 00:00:00 GMT 2044`, the form of SailPoint's `certificateExpirationDate`.
pub fn sailpoint_date(secs: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d, hh, mm, ss, days) = split(secs);
    let weekday = DAYS[days.rem_euclid(7) as usize];
    let month = MONTHS[(m - 1) as usize];
    format!("{weekday} {month} {d:02} {hh:02}:{mm:02}:{ss:02} GMT {y}")
}

#[cfg(test)]
mod tests {
    use super::*;

    // Self-signed P-256 certificates made with `openssl ca -selfsign -startdate -enddate`.
    const VALID: &str = include_str!("../../fixtures/x509/valid.pem"); // 2024-01-01 .. 2044-01-01
    const EXPIRED: &str = include_str!("../../fixtures/x509/expired.pem"); // 2020-01-01 .. 2021-01-01
    const FUTURE: &str = include_str!("../../fixtures/x509/future.pem"); // 2090-01-01 .. 2091-01-01 (GeneralizedTime)

    const JAN_2024: i64 = 1_704_067_200;
    const JAN_2026: i64 = 1_767_225_600;
    const JAN_2044: i64 = 2_335_219_200;

    #[test]
    fn a_valid_certificate_parses_with_its_subject_and_dates() {
        let info = check_certificate(VALID, JAN_2026).unwrap();
        assert_eq!(info.subject, "CN=idp.example.test");
        assert_eq!(info.not_before, JAN_2024);
        assert_eq!(info.not_after, JAN_2044);
        assert_eq!(info.expiration_date(), "Fri Jan 01 00:00:00 GMT 2044");
    }

    #[test]
    fn validity_is_inclusive_at_both_ends() {
        assert!(check_certificate(VALID, JAN_2024).is_ok());
        assert!(check_certificate(VALID, JAN_2044).is_ok());
        let early = check_certificate(VALID, JAN_2024 - 1).unwrap_err();
        assert_eq!(early.field, "cert");
        assert_eq!(early.message, "cert is not valid before 2024-01-01 00:00:00 UTC");
        let late = check_certificate(VALID, JAN_2044 + 1).unwrap_err();
        assert_eq!(late.message, "cert expired on 2044-01-01 00:00:00 UTC");
    }

    #[test]
    fn an_expired_certificate_is_refused() {
        let e = check_certificate(EXPIRED, JAN_2026).unwrap_err();
        assert_eq!(e.field, "cert");
        assert_eq!(e.message, "cert expired on 2021-01-01 00:00:00 UTC");
        // It still parses: the portal can say what it is.
        assert_eq!(parse_certificate(EXPIRED).unwrap().subject, "CN=old-idp.example.test");
    }

    #[test]
    fn a_not_yet_valid_certificate_is_refused() {
        let e = check_certificate(FUTURE, JAN_2026).unwrap_err();
        assert_eq!(e.message, "cert is not valid before 2090-01-01 00:00:00 UTC");
        assert!(check_certificate(FUTURE, parse_certificate(FUTURE).unwrap().not_before).is_ok());
    }

    #[test]
    fn garbage_is_not_a_certificate() {
        // "MIID" once made der's streaming PEM reader loop forever: decoded whole now.
        for text in [
            "MIID",
            "hello world",
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        ] {
            let e = check_certificate(text, JAN_2026).unwrap_err();
            assert_eq!(e.field, "cert", "{text}");
            assert!(
                e.message.starts_with("cert is not an X.509 certificate"),
                "{text}: {}",
                e.message
            );
        }
        // A truncated certificate.
        let cut = &VALID[..VALID.len() / 2];
        assert!(check_certificate(cut, JAN_2026).is_err());
        for blank in ["", "  \n "] {
            assert_eq!(
                check_certificate(blank, JAN_2026).unwrap_err().message,
                "cert is required: paste the identity provider's signing certificate"
            );
        }
    }

    #[test]
    fn the_bare_base64_body_is_accepted_as_sailpoint_stores_it() {
        let body: String = VALID.lines().filter(|l| !l.starts_with("-----")).collect();
        assert_eq!(
            check_certificate(&body, JAN_2026).unwrap().subject,
            "CN=idp.example.test"
        );
        // With CRLF line ends and surrounding blanks too.
        let crlf = format!("\r\n{}\r\n", VALID.replace('\n', "\r\n"));
        assert!(check_certificate(&crlf, JAN_2026).is_ok());
    }

    #[test]
    fn dates_are_written_in_utc() {
        assert_eq!(utc_text(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(sailpoint_date(0), "Thu Jan 01 00:00:00 GMT 1970");
        // The spec's example date.
        assert_eq!(sailpoint_date(2_000_755_919), "Thu May 26 21:31:59 GMT 2033");
        assert_eq!(utc_text(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc_text(-1), "1969-12-31 23:59:59 UTC");
    }
}
