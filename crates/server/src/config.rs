//! The command line (and its environment equivalents). `main` parses it; tests build
//! a [`Config`] directly.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;

use clap::Parser;

/// What to put in a new database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// The demo tenant of README.md.
    Demo,
    /// Only one ORG_ADMIN whose token is printed once.
    None,
    /// A scale tenant of N identities (benchmarks).
    Identities(usize),
}

impl FromStr for Seed {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "demo" => Ok(Self::Demo),
            "none" => Ok(Self::None),
            other => match other.strip_prefix("identities=") {
                Some(n) => n
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=10_000_000).contains(n))
                    .map(Self::Identities)
                    .ok_or_else(|| format!("identities=N needs N between 1 and 10000000, got '{n}'")),
                None => Err(format!("--seed must be demo, none or identities=N, got '{other}'")),
            },
        }
    }
}

/// A network range in CIDR form, e.g. `10.0.0.0/8` (a bare address means a single host).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr(pub gatehouse_wire::net::Cidr);

impl FromStr for Cidr {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        gatehouse_wire::net::Cidr::parse(s).map(Cidr).map_err(|e| e.to_string())
    }
}

#[derive(Debug, Clone, Parser)]
#[command(
    name = "gatehouse-server",
    version,
    about = "Gatehouse: identity governance over the SailPoint and PingOne IGA APIs"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "GATEHOUSE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// SQLite database: a path or a sqlite:// URL. Created when missing.
    #[arg(long, env = "DATABASE_URL", default_value = "./gatehouse.db")]
    pub database: String,
    /// What a NEW database is filled with: demo, none, or identities=N.
    #[arg(long, env = "GATEHOUSE_SEED", default_value = "demo")]
    pub seed: Seed,
    /// The built portal to serve at `/`.
    #[arg(long, env = "GATEHOUSE_DIST", default_value = "dist")]
    pub dist: PathBuf,
    /// Trust `X-Forwarded-For` from a reverse proxy in this range.
    #[arg(long, env = "GATEHOUSE_TRUSTED_PROXY")]
    pub trusted_proxy: Option<Cidr>,
}

impl Config {
    /// The sqlx connection URL for `database`.
    pub fn database_url(&self) -> String {
        if self.database.starts_with("sqlite:") {
            self.database.clone()
        } else {
            format!("sqlite://{}", self.database)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_parse() {
        assert_eq!("demo".parse::<Seed>().unwrap(), Seed::Demo);
        assert_eq!("identities=100000".parse::<Seed>().unwrap(), Seed::Identities(100_000));
        assert!("identities=0".parse::<Seed>().is_err());
        assert!("lots".parse::<Seed>().is_err());
    }

    #[test]
    fn database_urls() {
        let mut c = Config::parse_from(["gatehouse-server"]);
        assert_eq!(c.database_url(), "sqlite://./gatehouse.db");
        c.database = "sqlite::memory:".into();
        assert_eq!(c.database_url(), "sqlite::memory:");
    }
}
