//! `cargo xtask setup | build | run | test | bench`: the project's own install and
//! check steps (the matklad xtask pattern). Every install step checks first and
//! skips work already done; nothing is downloaded outside the package registries.

mod bench;
mod sdk;
mod setup;
mod steps;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Gatehouse's developer commands")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install what is missing: wasm32 target, trunk, wasm-bindgen-cli, wasm-opt, chromium, chromedriver.
    Setup,
    /// Build the release portal into dist/ and the release server.
    Build,
    /// Setup, build, and serve the demo tenant at http://127.0.0.1:8080.
    Run {
        /// Start over with a new demo database.
        #[arg(long)]
        fresh: bool,
        /// Listen on this address.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Every check and test: fmt, clippy (native and wasm32), native tests, browser
    /// tests, the release build, end-to-end and SDK suites.
    Test,
    /// Measure: bundle sizes and server benchmarks.
    Bench {
        /// Measure what is already built (skip setup and the release build).
        #[arg(long)]
        no_build: bool,
    },
    /// Only the SDK conformance suites, against the already built release server.
    #[command(hide = true)]
    Sdk,
}

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Setup => setup::setup(),
        Command::Build => steps::build(),
        Command::Run { fresh, addr } => steps::run(fresh, &addr),
        Command::Test => steps::test(),
        Command::Bench { no_build } => bench::bench(no_build),
        Command::Sdk => sdk::run(&mut |c| steps::cmd(c)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
