//! Installing the toolchain TOOLCHAIN.md proves on these machines (with one change:
//! wasm-opt comes from npm's binaryen 129, see [`wasm_opt`]). Each step checks
//! first and says what it does.

use std::process::Command;

use crate::steps::{cmd, output_of, say};

pub const TRUNK_VERSION: &str = "0.21.14";

pub fn setup() -> Result<(), String> {
    wasm_target()?;
    trunk()?;
    wasm_bindgen()?;
    wasm_opt()?;
    debian_packages()?;
    say("setup: everything is in place");
    Ok(())
}

fn wasm_target() -> Result<(), String> {
    let installed = output_of(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        say("setup: wasm32-unknown-unknown target: present");
        return Ok(());
    }
    say("setup: adding the wasm32-unknown-unknown target (rustup)");
    cmd(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn trunk() -> Result<(), String> {
    let version = output_of(Command::new("trunk").arg("--version")).unwrap_or_default();
    if version.split_whitespace().nth(1) == Some(TRUNK_VERSION) {
        say(&format!("setup: trunk {TRUNK_VERSION}: present"));
        return Ok(());
    }
    say(&format!(
        "setup: installing trunk {TRUNK_VERSION} from crates.io (about 5 minutes on 2 cores)"
    ));
    cmd(Command::new("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
}

/// The `wasm-bindgen` version Cargo.lock pins (the CLI must match it exactly).
pub fn locked_wasm_bindgen() -> Result<String, String> {
    let lock = std::fs::read_to_string(crate::root().join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.trim().strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

fn wasm_bindgen() -> Result<(), String> {
    let want = locked_wasm_bindgen()?;
    let have = output_of(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = output_of(Command::new("wasm-bindgen-test-runner").arg("--version")).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) && runner.contains(&want) {
        say(&format!("setup: wasm-bindgen-cli {want}: present"));
        return Ok(());
    }
    say(&format!(
        "setup: installing wasm-bindgen-cli {want} from crates.io (about 4 minutes)"
    ));
    // `--locked` fails here: a locked transitive version is missing from the mirror.
    cmd(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want]))
}

pub const WASM_OPT_VERSION: &str = "129";

/// The folder whose wasm-opt Trunk uses (put first on PATH for `trunk build`).
pub fn wasm_opt_bin_dir() -> std::path::PathBuf {
    crate::root().join("tools/wasm-opt/node_modules/.bin")
}

/// binaryen's wasm-opt from the npm registry (pinned in tools/wasm-opt/package-lock.json).
/// Debian's binaryen 108 rewrites wasm-bindgen's externref table so that the
/// optimised portal fails to start; version 129 keeps it intact.
fn wasm_opt() -> Result<(), String> {
    let have = output_of(Command::new(wasm_opt_bin_dir().join("wasm-opt")).arg("--version")).unwrap_or_default();
    if have.contains(&format!("version {WASM_OPT_VERSION}")) {
        say(&format!("setup: wasm-opt {WASM_OPT_VERSION} (npm binaryen): present"));
        return Ok(());
    }
    say(&format!(
        "setup: installing wasm-opt {WASM_OPT_VERSION} (npm ci in tools/wasm-opt)"
    ));
    cmd(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(crate::root().join("tools/wasm-opt")))
}

fn is_root() -> bool {
    output_of(Command::new("id").arg("-u")).is_some_and(|u| u.trim() == "0")
}

fn debian_packages() -> Result<(), String> {
    let wanted = [("chromium", "chromium"), ("chromedriver", "chromium-driver")];
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(bin, _)| output_of(Command::new("which").arg(bin)).is_none_or(|p| p.trim().is_empty()))
        .map(|(_, pkg)| *pkg)
        .collect();
    if missing.is_empty() {
        say("setup: chromium, chromium-driver: present");
        return Ok(());
    }
    if !is_root() {
        return Err(format!(
            "these Debian packages are missing and this user cannot install them: {0}. Run: sudo apt-get update && sudo apt-get install -y {0}",
            missing.join(" ")
        ));
    }
    say(&format!("setup: installing Debian packages: {}", missing.join(" ")));
    cmd(Command::new("apt-get").arg("update").arg("-qq"))?;
    cmd(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}
