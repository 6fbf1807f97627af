//! SDK conformance: SailPoint's official SDKs, exactly as published, against the real
//! release server. Three suites, each against its own fresh demo server:
//!
//! - `sdk/python` (pytest) in `sdk/python/.venv-2x` with PyPI `sailpoint` 2.1.72
//!   (per-service paths, `/identities/v1...`, `/auth-org/v1/...`, `/sources/v1/...`,
//!   `/jit-activation-config/v1/...`);
//! - the same suite in `sdk/python/.venv-1x` with PyPI `sailpoint` 1.4.2 (`/v2024/...`,
//!   `/v3/...`);
//! - `sdk/node` (`node --test`) with npm `sailpoint-api-client` 1.4.15 (`/v2024/...`,
//!   and `/v3/...` for the security settings and provisioning policies).
//!
//! Installs come from PyPI and npm only and are skipped when already done: a venv keeps a
//! marker holding the requirements it was installed from, and `npm ci` runs only when
//! `node_modules` lacks the pinned SDK version.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::root;
use crate::steps::say;

/// The npm SDK version `sdk/node/package.json` pins.
const NPM_SDK_VERSION: &str = "1.4.15";

/// Marker written into a venv once its requirements are installed.
const VENV_MARKER: &str = "gatehouse-requirements.txt";

/// How long the server may take to accept connections.
const SERVER_START: Duration = Duration::from_secs(30);

/// Installs what is missing, then runs each suite against a fresh server through
/// `run_suite` (which streams and tallies the output). Every suite runs even when an
/// earlier one fails; the error lists the failed ones.
pub fn run(run_suite: &mut dyn FnMut(&mut Command) -> Result<(), String>) -> Result<(), String> {
    let root = root();
    let sdk = root.join("sdk");
    let server_bin = root.join("target/release/gatehouse-server");
    if !server_bin.is_file() {
        return Err(format!(
            "{} is missing: build it first (cargo xtask build, or cargo build --release -p gatehouse-server)",
            server_bin.display()
        ));
    }
    let py2 = python_venv(&sdk.join("python"), "2x")?;
    let py1 = python_venv(&sdk.join("python"), "1x")?;
    npm_ci(&sdk.join("node"))?;

    let work = std::env::temp_dir().join(format!("gatehouse-sdk-{}", std::process::id()));
    let suites: [(&str, Command); 3] = [
        ("PyPI sailpoint 2.1.72", pytest(&py2, &sdk.join("python"))),
        ("PyPI sailpoint 1.4.2", pytest(&py1, &sdk.join("python"))),
        (
            "npm sailpoint-api-client 1.4.15",
            node_test(&[sdk.join("node/identities.test.js"), sdk.join("node/settings.test.js")]),
        ),
    ];
    let mut failed = Vec::new();
    for (i, (name, mut suite)) in suites.into_iter().enumerate() {
        let dir = work.join(format!("suite-{i}"));
        let server = match Server::start(&server_bin, &root.join("dist"), &dir) {
            Ok(s) => s,
            Err(e) => {
                say(&format!("sdk: {name}: {e}"));
                failed.push(name);
                continue;
            }
        };
        say(&format!("sdk: {name} against {}", server.base_url));
        suite
            .env("SAIL_BASE_URL", &server.base_url)
            .env("SAIL_CLIENT_ID", "demo-admin")
            .env("SAIL_CLIENT_SECRET", "demo-admin-secret")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .env("NO_COLOR", "1");
        let result = run_suite(&mut suite);
        let log = server.stop();
        if let Err(e) = result {
            say(&format!("sdk: {name}: {e}"));
            if !log.is_empty() {
                println!("  server log (last lines):");
                for line in last_lines(&log, 15) {
                    println!("    {line}");
                }
            }
            failed.push(name);
        }
    }
    let _ = fs::remove_dir_all(&work);
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("failed suites: {}", failed.join(", ")))
    }
}

fn pytest(python: &Path, dir: &Path) -> Command {
    let mut c = Command::new(python);
    // The directory holds pytest.ini (no cache, plain output, failure summary).
    c.args(["-m", "pytest", "-v"]).arg(dir);
    c
}

fn node_test(files: &[PathBuf]) -> Command {
    let mut c = Command::new("node");
    // TAP ends with `# pass N` / `# fail N` over all the files, which the tally reads. The
    // files share one server and settings.test.js changes its settings: one at a time.
    c.args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
        .args(files);
    c
}

/// `sdk/python/.venv-<tag>` with `requirements-<tag>.txt` installed; returns its python.
fn python_venv(dir: &Path, tag: &str) -> Result<PathBuf, String> {
    let venv = dir.join(format!(".venv-{tag}"));
    let requirements = dir.join(format!("requirements-{tag}.txt"));
    let wanted = fs::read_to_string(&requirements).map_err(|e| format!("reading {}: {e}", requirements.display()))?;
    let python = venv.join("bin/python");
    let marker = venv.join(VENV_MARKER);
    if python.is_file() && fs::read_to_string(&marker).ok().as_deref() == Some(wanted.as_str()) {
        say(&format!("sdk: {} is up to date (skipped)", rel(&venv).display()));
        return Ok(python);
    }
    say(&format!(
        "sdk: installing {} into {} (PyPI)",
        rel(&requirements).display(),
        rel(&venv).display()
    ));
    if !python.is_file() {
        run_plain(Command::new("python3").args(["-m", "venv", "--clear"]).arg(&venv))
            .map_err(|e| format!("{e} (python3 with the venv module is needed: apt-get install python3-venv)"))?;
    }
    run_plain(
        Command::new(&python)
            .args(["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "-r"])
            .arg(&requirements),
    )?;
    fs::write(&marker, &wanted).map_err(|e| format!("writing {}: {e}", marker.display()))?;
    Ok(python)
}

/// `npm ci` in `sdk/node`, unless `node_modules` already has the pinned SDK.
fn npm_ci(dir: &Path) -> Result<(), String> {
    let installed = dir.join("node_modules/sailpoint-api-client/package.json");
    let has_version = fs::read_to_string(&installed)
        .map(|text| {
            text.lines().any(|l| {
                let l = l.trim();
                l.starts_with("\"version\"") && l.contains(&format!("\"{NPM_SDK_VERSION}\""))
            })
        })
        .unwrap_or(false);
    if has_version {
        say(&format!(
            "sdk: {} has sailpoint-api-client {NPM_SDK_VERSION} (skipped)",
            rel(&dir.join("node_modules")).display()
        ));
        return Ok(());
    }
    say(&format!("sdk: npm ci in {} (npm)", rel(dir).display()));
    run_plain(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir),
    )
}

/// Runs an install command where it is (its own current_dir, if set), streaming output.
fn run_plain(c: &mut Command) -> Result<(), String> {
    let shown = format!("{c:?}");
    let status = c.status().map_err(|e| format!("{shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// A path relative to the workspace root, for messages.
fn rel(p: &Path) -> PathBuf {
    p.strip_prefix(root())
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

fn last_lines(text: &str, n: usize) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].to_vec()
}

/// The release server on a free loopback port with a fresh demo database.
struct Server {
    child: Child,
    base_url: String,
    log: PathBuf,
}

impl Server {
    fn start(bin: &Path, dist: &Path, dir: &Path) -> Result<Server, String> {
        let _ = fs::remove_dir_all(dir);
        fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| format!("no free loopback port: {e}"))?;
        let addr = format!("127.0.0.1:{port}");
        let log = dir.join("server.log");
        let out = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
        let child = Command::new(bin)
            .args(["--seed", "demo", "--database"])
            .arg(dir.join("sdk.db"))
            .arg("--dist")
            .arg(dist)
            .args(["--addr", &addr])
            .env("RUST_LOG", "warn")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        let mut server = Server {
            child,
            base_url: format!("http://{addr}"),
            log,
        };
        let deadline = Instant::now() + SERVER_START;
        loop {
            if TcpStream::connect(&addr).is_ok() {
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                let log = fs::read_to_string(&server.log).unwrap_or_default();
                return Err(format!("the server exited ({status}): {log}"));
            }
            if Instant::now() > deadline {
                return Err(format!("the server did not listen on {addr} within {SERVER_START:?}"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops the server and returns its log.
    fn stop(mut self) -> String {
        self.kill();
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn kill(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
