//! Network rules: IP addresses and CIDR ranges (the network allow-list, the trusted
//! proxy), and ISO-3166 two-letter country codes. Pure `std::net`, so the portal
//! checks a range while the admin types with the same code the server enforces.

use std::fmt;
use std::net::IpAddr;

/// An address range: a network address and a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    pub addr: IpAddr,
    pub prefix: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NetError {
    #[error("'{0}' is not an IP address or CIDR range")]
    NotAnAddress(String),
    #[error("'{0}' has a prefix length larger than {1}")]
    PrefixTooLong(String, u8),
    #[error("'{0}' is not a two-letter uppercase country code")]
    NotACountry(String),
}

impl Cidr {
    /// Parses `10.0.0.0/8`, `192.168.1.7` (a single host), `2001:db8::/32` or `::1`.
    pub fn parse(s: &str) -> Result<Self, NetError> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| NetError::NotAnAddress(s.to_string()))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()) && p.len() <= 3 => {
                p.parse::<u8>().map_err(|_| NetError::NotAnAddress(s.to_string()))?
            }
            Some(_) => return Err(NetError::NotAnAddress(s.to_string())),
            None => max,
        };
        if prefix > max {
            return Err(NetError::PrefixTooLong(s.to_string(), max));
        }
        Ok(Self { addr, prefix })
    }

    /// Whether `ip` lies inside this range (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u32::MAX << (32 - u32::from(self.prefix))
                };
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = if self.prefix == 0 {
                    0
                } else {
                    u128::MAX << (128 - u32::from(self.prefix))
                };
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// Checks an ISO-3166 alpha-2 shaped code: exactly two uppercase ASCII letters.
pub fn check_country(code: &str) -> Result<(), NetError> {
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(NetError::NotACountry(code.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_addresses_and_ranges() {
        assert_eq!(Cidr::parse("10.0.0.0/8").unwrap().prefix, 8);
        assert_eq!(Cidr::parse("192.168.1.7").unwrap().prefix, 32);
        assert_eq!(Cidr::parse("2001:db8::/32").unwrap().prefix, 32);
        assert_eq!(Cidr::parse("::1").unwrap().prefix, 128);
        assert!(Cidr::parse("10.0.0.0/33").is_err());
        assert!(Cidr::parse("10.0.0/8").is_err());
        assert!(Cidr::parse("10.0.0.0/").is_err());
        assert!(Cidr::parse("10.0.0.0/+8").is_err());
        assert!(Cidr::parse("host.example").is_err());
    }

    #[test]
    fn containment() {
        let net = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(net.contains("10.1.200.3".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        assert!(net.contains("::ffff:10.1.0.9".parse().unwrap()));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains("8.8.8.8".parse().unwrap()));
        assert!(!Cidr::parse("::/0").unwrap().contains("8.8.8.8".parse().unwrap()));
        assert!(Cidr::parse("127.0.0.1").unwrap().contains("127.0.0.1".parse().unwrap()));
    }

    #[test]
    fn countries() {
        assert!(check_country("US").is_ok());
        assert!(check_country("us").is_err());
        assert!(check_country("USA").is_err());
        assert!(check_country("U1").is_err());
    }
}
