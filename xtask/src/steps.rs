//! build, run and test. Commands stream their output; `test` also reads the test
//! runners' result lines to total what ran, and ends with one summary line.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::{root, setup};

pub fn say(line: &str) {
    println!("\x1b[1m{line}\x1b[0m");
}

/// Runs a command in the workspace root; an error names it.
pub fn cmd(c: &mut Command) -> Result<(), String> {
    let shown = format!("{c:?}");
    let status = c.current_dir(root()).status().map_err(|e| format!("{shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// A command's stdout, or None when it cannot run or fails.
pub fn output_of(c: &mut Command) -> Option<String> {
    let out = c.current_dir(root()).stderr(Stdio::null()).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn build() -> Result<(), String> {
    setup::setup()?;
    build_only()
}

fn build_only() -> Result<(), String> {
    say("build: the portal (trunk build --release, wasm-opt -Oz) into dist/");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![setup::wasm_opt_bin_dir()];
    dirs.extend(std::env::split_paths(&path));
    let path = std::env::join_paths(dirs).map_err(|e| format!("PATH: {e}"))?;
    cmd(Command::new("trunk").args(["build", "--release"]).env("PATH", path))?;
    crate::bench::precompress(&root().join("dist"))?;
    say("build: the server (cargo build --release -p gatehouse-server)");
    cmd(Command::new("cargo").args(["build", "--release", "-p", "gatehouse-server"]))
}

pub fn run(fresh: bool, addr: &str) -> Result<(), String> {
    build()?;
    let db = root().join("gatehouse.db");
    if fresh {
        for suffix in ["", "-wal", "-shm"] {
            let p = format!("{}{suffix}", db.display());
            if Path::new(&p).exists() {
                std::fs::remove_file(&p).map_err(|e| format!("removing {p}: {e}"))?;
            }
        }
        say("run: --fresh: starting over with a new demo database");
    }
    say(&format!("run: Gatehouse at http://{addr}"));
    println!("  Sign in with a demo personal access token (client ID / client secret):");
    for (id, what) in [
        ("demo-admin", "ORG_ADMIN: everything"),
        ("demo-policy", "POLICY_ADMIN"),
        ("demo-source", "SOURCE_ADMIN"),
        ("demo-requester", "a requester (no level)"),
        ("demo-approver", "the requester's manager (no level)"),
    ] {
        println!("    {id:<16} {id}-secret   {what}");
    }
    println!("  Stop with Ctrl-C.");
    cmd(Command::new(root().join("target/release/gatehouse-server"))
        .args(["--addr", addr, "--database"])
        .arg(&db)
        .args(["--seed", "demo", "--dist"])
        .arg(root().join("dist")))
}

/// What the test runners said they ran.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    ignored: u64,
}

impl Tally {
    /// Reads `test result: ok. 12 passed; 0 failed; 1 ignored; ...` lines (cargo test
    /// and wasm-bindgen-test-runner) and pytest / node summaries.
    fn read(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                if let [.., n, what] = words.as_slice() {
                    if let Ok(n) = n.parse::<u64>() {
                        match *what {
                            "passed" => self.passed += n,
                            "failed" => self.failed += n,
                            "ignored" => self.ignored += n,
                            _ => {}
                        }
                    }
                }
            }
        } else if line.starts_with("=") && line.contains(" in ") && (line.contains("passed") || line.contains("failed"))
        {
            // pytest: "==== 12 passed, 1 failed in 3.2s ===="
            for part in line.trim_matches('=').split(',') {
                let words: Vec<&str> = part.split_whitespace().collect();
                if words.len() >= 2 {
                    if let Ok(n) = words[0].parse::<u64>() {
                        match words[1] {
                            "passed" => self.passed += n,
                            "failed" | "errors" | "error" => self.failed += n,
                            "skipped" => self.ignored += n,
                            _ => {}
                        }
                    }
                }
            }
        } else if let Some(n) = line.strip_prefix("# pass ").and_then(|n| n.trim().parse::<u64>().ok()) {
            self.passed += n; // node --test
        } else if let Some(n) = ["# fail ", "# cancelled "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .and_then(|n| n.trim().parse::<u64>().ok())
        {
            self.failed += n; // node --test: a failed `before` hook cancels the tests
        }
    }
}

/// Runs a command, streaming its output and feeding every line to the tally.
fn run_counted(c: &mut Command, tally: &mut Tally) -> Result<(), String> {
    let shown = format!("{c:?}");
    let mut child = c
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("{shown}: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            tally.read(&line);
        }
    }
    let status = child.wait().map_err(|e| format!("{shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn browser_env(c: &mut Command) -> &mut Command {
    c.env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
}

/// The Chromium profile and socket folders chromedriver creates in the temp folder.
fn chromium_leftovers() -> std::collections::BTreeSet<std::path::PathBuf> {
    std::fs::read_dir(std::env::temp_dir())
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("org.chromium.Chromium."))
                })
                .collect()
        })
        .unwrap_or_default()
}

pub fn test() -> Result<(), String> {
    let started = Instant::now();
    setup::setup()?;
    let mut tally = Tally::default();
    let mut failures: Vec<String> = Vec::new();
    let mut step = |name: &str, tally: &mut Tally, f: &mut dyn FnMut(&mut Tally) -> Result<(), String>| {
        let t = Instant::now();
        say(&format!("test: {name}"));
        match f(tally) {
            Ok(()) => say(&format!("test: {name}: ok ({:.0?})", t.elapsed())),
            Err(e) => {
                say(&format!("test: {name}: FAILED: {e}"));
                failures.push(name.to_string());
            }
        }
    };
    step("cargo fmt --check", &mut tally, &mut |_| {
        cmd(Command::new("cargo").args(["fmt", "--all", "--", "--check"]))
    });
    step("clippy (native)", &mut tally, &mut |_| {
        cmd(Command::new("cargo").args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
    });
    step("clippy (wasm32 portal)", &mut tally, &mut |_| {
        cmd(Command::new("cargo").args([
            "clippy",
            "-p",
            "gatehouse",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    });
    step("native tests (wire, server, xtask)", &mut tally, &mut |t| {
        run_counted(
            Command::new("cargo").args([
                "test",
                "--no-fail-fast",
                "--workspace",
                "--exclude",
                "gatehouse",
                "--exclude",
                "gatehouse-e2e",
            ]),
            t,
        )
    });
    step(
        "browser tests (wasm-bindgen-test, headless Chromium)",
        &mut tally,
        &mut |t| {
            let before = chromium_leftovers();
            let result = run_counted(
                browser_env(&mut Command::new("cargo")).args([
                    "test",
                    "--no-fail-fast",
                    "-p",
                    "gatehouse",
                    "--target",
                    "wasm32-unknown-unknown",
                ]),
                t,
            );
            // chromedriver's own profiles (about 150 MB each) stay behind when the test
            // runner ends the browser: remove the ones this step left.
            for dir in chromium_leftovers().difference(&before) {
                let _ = std::fs::remove_dir_all(dir);
            }
            result
        },
    );
    step("release build (portal + server)", &mut tally, &mut |_| build_only());
    step(
        "end-to-end journeys (real server + portal in Chromium)",
        &mut tally,
        &mut |t| {
            run_counted(
                Command::new("cargo")
                    .args([
                        "test",
                        "--no-fail-fast",
                        "-p",
                        "gatehouse-e2e",
                        "--",
                        "--test-threads=1",
                    ])
                    .env("GATEHOUSE_SERVER_BIN", root().join("target/release/gatehouse-server"))
                    .env("GATEHOUSE_DIST", root().join("dist")),
                t,
            )
        },
    );
    step(
        "SDK conformance (PyPI sailpoint 2.1.72 / 1.4.2, npm sailpoint-api-client 1.4.15)",
        &mut tally,
        &mut |t| crate::sdk::run(&mut |c| run_counted(c, t)),
    );
    let elapsed = started.elapsed();
    println!();
    if failures.is_empty() {
        say(&format!("test: every step passed in {:.0?}", elapsed));
    } else {
        say(&format!(
            "test: failed steps: {} (after {:.0?})",
            failures.join(", "),
            elapsed
        ));
    }
    // One summary line, in the plain form test dashboards read.
    let skipped = if tally.ignored > 0 {
        format!(", {} skipped", tally.ignored)
    } else {
        String::new()
    };
    // A failed step that ran no test (fmt, clippy, build) still counts as a failure.
    let failed = if tally.failed > 0 {
        tally.failed
    } else {
        failures.len() as u64
    };
    println!("gatehouse: {} passed, {failed} failed{skipped}", tally.passed);
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} step(s) failed", failures.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_reads_runner_summaries() {
        let mut t = Tally::default();
        t.read("test result: ok. 12 passed; 0 failed; 2 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        t.read("test result: FAILED. 3 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out");
        t.read("============ 20 passed, 2 failed, 1 skipped in 3.21s ============");
        t.read("# pass 7");
        t.read("# fail 0");
        assert_eq!((t.passed, t.failed, t.ignored), (42, 3, 3));
        // The exact closing lines of the SDK suites: pytest -v and node --test (TAP).
        let mut t = Tally::default();
        t.read("======================== 16 failed, 22 passed in 0.72s =========================");
        t.read("=================== 39 passed, 2 warnings in 1.30s ===================");
        t.read("================ 1 failed, 37 passed, 1 error in 2.01s ================");
        for line in ["# tests 37", "# suites 0", "# pass 22", "# fail 14", "# cancelled 1"] {
            t.read(line);
        }
        t.read("# skipped 0");
        t.read("# todo 0");
        t.read("# duration_ms 1234.5");
        assert_eq!((t.passed, t.failed, t.ignored), (120, 33, 0));
    }
}
