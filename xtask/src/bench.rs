//! `cargo xtask bench`: the portal's gzipped sizes and the identities API under load
//! (a `--seed identities=100000` tenant, driven by `wrk` on loopback). Figures are
//! printed, never asserted: speed is measured here, not in tests.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::root;
use crate::steps::{cmd, output_of, say};

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    enc.finish().map_err(|e| e.to_string())
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The kinds of file the portal is made of, by extension: wasm, js, css.
const KINDS: [&str; 3] = ["wasm", "js", "css"];

fn kind_of(path: &std::path::Path) -> Option<usize> {
    let ext = path.extension().and_then(|e| e.to_str())?;
    KINDS.iter().position(|k| *k == ext)
}

/// Writes `<file>.br` and `<file>.gz` beside each wasm, js and css file of dist/, which
/// the server sends to browsers that accept them (compressed once, at the best levels,
/// instead of on every request).
pub fn precompress(dist: &std::path::Path) -> Result<(), String> {
    for entry in std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if kind_of(&path).is_none() {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (suffix, packed) in [("br", brotli(&bytes)?), ("gz", gzip(&bytes)?)] {
            let mut name = path.clone().into_os_string();
            name.push(format!(".{suffix}"));
            std::fs::write(&name, packed).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

/// Sizes of dist/ by kind (wasm, js, css): (raw, gzip, brotli).
pub fn bundle_sizes() -> Result<[(usize, usize, usize); 3], String> {
    let dist = root().join("dist");
    let mut sizes = [(0usize, 0usize, 0usize); 3];
    for entry in std::fs::read_dir(&dist).map_err(|e| format!("{}: {e} (run cargo xtask build)", dist.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let Some(slot) = kind_of(&path) else { continue };
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        sizes[slot].0 += bytes.len();
        sizes[slot].1 += gzip(&bytes)?.len();
        sizes[slot].2 += brotli(&bytes)?.len();
    }
    Ok(sizes)
}

pub fn bench(no_build: bool) -> Result<(), String> {
    if !no_build {
        crate::steps::build()?;
    }
    let sizes = bundle_sizes()?;
    say("bench: portal bundle (dist/)");
    let mut total = (0, 0, 0);
    for ((raw, gz, br), name) in sizes.iter().zip(KINDS) {
        println!(
            "  {name:<5} {:>8.1} KB raw {:>8.1} KB gzipped {:>8.1} KB brotli",
            *raw as f64 / 1024.0,
            *gz as f64 / 1024.0,
            *br as f64 / 1024.0
        );
        total.0 += raw;
        total.1 += gz;
        total.2 += br;
    }
    println!(
        "  total {:>8.1} KB raw {:>8.1} KB gzipped {:>8.1} KB brotli (what browsers are sent)",
        total.0 as f64 / 1024.0,
        total.1 as f64 / 1024.0,
        total.2 as f64 / 1024.0
    );
    identities_under_load(100_000)
}

/// Stops the server when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// One HTTP/1.1 request over a plain socket; returns (status, body).
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Result<(u16, String), String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut out = String::new();
    s.read_to_string(&mut out).map_err(|e| e.to_string())?;
    let status = out.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// A GET that also returns `X-Total-Count`.
fn http_with_total(port: u16, path: &str, headers: &[(&str, &str)]) -> Result<(u16, String, Option<usize>), String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut out = String::new();
    s.read_to_string(&mut out).map_err(|e| e.to_string())?;
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let status = head.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let total = head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case("x-total-count").then(|| v.trim().parse().ok())?
    });
    Ok((status, body.to_string(), total))
}

/// A wrk script that requests `/v2024/identities/{id}` for each id in turn.
fn write_id_script<'a>(
    path: &std::path::Path,
    ids: impl Iterator<Item = &'a String>,
) -> Result<std::path::PathBuf, String> {
    let mut lua = String::from("local ids = {\n");
    for id in ids {
        lua.push_str(&format!("  \"{id}\",\n"));
    }
    lua.push_str(
        "}\nlocal i = 0\nrequest = function()\n  i = i + 1\n  \
         return wrk.format(\"GET\", \"/v2024/identities/\" .. ids[(i % #ids) + 1])\nend\n",
    );
    std::fs::write(path, lua).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

fn ensure_wrk() -> Result<(), String> {
    if output_of(Command::new("which").arg("wrk")).is_some_and(|p| !p.trim().is_empty()) {
        return Ok(());
    }
    say("bench: installing wrk (Debian) as the load generator");
    cmd(Command::new("apt-get")
        .args(["install", "-y", "-qq", "wrk"])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// What wrk measured for one scenario.
struct Load {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// What a scenario requests: one path, or (through a wrk Lua script) a list of paths in turn.
enum Target {
    Path(String),
    Script(std::path::PathBuf),
}

fn wrk(port: u16, token: &str, connections: u32, seconds: u32, target: &Target) -> Result<Load, String> {
    let mut c = Command::new("wrk");
    c.args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--latency",
    ])
    .args([
        "-H",
        &format!("Authorization: Bearer {token}"),
        "-H",
        "X-SailPoint-Experimental: true",
    ]);
    let path = match target {
        Target::Path(p) => p.clone(),
        Target::Script(script) => {
            c.arg("-s").arg(script);
            "/".to_string()
        }
    };
    let out = c
        .arg(format!("http://127.0.0.1:{port}{path}"))
        .output()
        .map_err(|e| format!("wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let ms = |label: &str| -> f64 {
        text.lines()
            .find(|l| l.trim_start().starts_with(label))
            .and_then(|l| l.split_whitespace().nth(1))
            .map(|v| {
                let (num, unit) = v.split_at(v.find(|c: char| c.is_alphabetic()).unwrap_or(v.len()));
                let n: f64 = num.parse().unwrap_or(f64::NAN);
                match unit {
                    "us" => n / 1000.0,
                    "s" => n * 1000.0,
                    _ => n,
                }
            })
            .unwrap_or(f64::NAN)
    };
    let rps = text
        .lines()
        .find(|l| l.starts_with("Requests/sec:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    if text.contains("Non-2xx") {
        return Err(format!("wrk saw error answers for {path}:\n{text}"));
    }
    Ok(Load {
        rps,
        p50_ms: ms("50%"),
        p99_ms: ms("99%"),
    })
}

fn identities_under_load(n: usize) -> Result<(), String> {
    ensure_wrk()?;
    let dir = std::env::temp_dir().join(format!("gatehouse-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let port = free_port()?;
    say(&format!("bench: seeding a tenant of {n} identities"));
    let started = Instant::now();
    let child = Command::new(root().join("target/release/gatehouse-server"))
        .args([
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--seed",
            &format!("identities={n}"),
            "--database",
        ])
        .arg(dir.join("bench.db"))
        .arg("--dist")
        .arg(root().join("dist"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("gatehouse-server: {e}"))?;
    let _server = Server(child);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if started.elapsed() > Duration::from_secs(300) {
            return Err("the server did not start within 5 minutes".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!(
        "  seed + start: {:.1} s for {n} identities",
        started.elapsed().as_secs_f64()
    );
    let (status, body) = http(
        port,
        "POST",
        "/oauth/token",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        "grant_type=client_credentials&client_id=demo-admin&client_secret=demo-admin-secret",
    )?;
    if status != 200 {
        return Err(format!("sign-in failed: {status} {body}"));
    }
    let token: serde_json::Value = serde_json::from_str(&body).map_err(|e| e.to_string())?;
    let token = token["access_token"].as_str().ok_or("no access_token")?.to_string();
    let auth = format!("Bearer {token}");
    let headers = [("Authorization", auth.as_str()), ("X-SailPoint-Experimental", "true")];
    // Every id, in name order, and the real total (for the last page).
    let mut ids = Vec::new();
    let mut total = 0usize;
    loop {
        let path = format!(
            "/v2024/identities?limit=250&offset={}&sorters=name&defaultFilter=NONE&count=true",
            ids.len()
        );
        let (status, body, total_header) = http_with_total(port, &path, &headers)?;
        if status != 200 {
            return Err(format!("listing ids failed: {status} {body}"));
        }
        total = total_header.unwrap_or(total);
        let page: Vec<serde_json::Value> = serde_json::from_str(&body).map_err(|e| e.to_string())?;
        if page.is_empty() {
            break;
        }
        ids.extend(page.iter().filter_map(|i| i["id"].as_str().map(String::from)));
    }
    let id = ids.get(5000).or(ids.first()).ok_or("no identity to fetch")?.clone();
    let some_ids = write_id_script(
        &dir.join("some.lua"),
        ids.iter().step_by((ids.len() / 1000).max(1)).take(1000),
    )?;
    let all_ids = write_id_script(&dir.join("all.lua"), ids.iter())?;
    let last_offset = total.saturating_sub(250);
    let sorted = "sorters=name&filters=cloudStatus%20eq%20%22ACTIVE%22";
    let scenarios: Vec<(String, u32, Target)> = vec![
        (
            "get by id (one id)".into(),
            50,
            Target::Path(format!("/v2024/identities/{id}")),
        ),
        ("get by id (1,000 ids in turn)".into(), 50, Target::Script(some_ids)),
        (
            "filtered + sorted page of 250".into(),
            8,
            Target::Path(format!("/v2024/identities?limit=250&{sorted}")),
        ),
        (
            "first page (250, by name)".into(),
            8,
            Target::Path("/v2024/identities?limit=250&sorters=name&defaultFilter=NONE".into()),
        ),
        (
            "last page (250, by name)".into(),
            8,
            Target::Path(format!(
                "/v2024/identities?limit=250&offset={last_offset}&sorters=name&defaultFilter=NONE"
            )),
        ),
        (
            "unfiltered page (250)".into(),
            8,
            Target::Path("/v2024/identities?limit=250".into()),
        ),
        (
            "prefix search (name sw \"Ma\")".into(),
            8,
            Target::Path("/v2024/identities?limit=250&filters=name%20sw%20%22Ma%22".into()),
        ),
        // Last: more ids than the cache holds, so it keeps emptying it.
        (
            format!("get by id ({} ids in turn)", ids.len()),
            50,
            Target::Script(all_ids),
        ),
    ];
    say("bench: identities API (wrk, 2 threads, 10 s each, on loopback; server and wrk share the 2 cores)");
    println!("  `first` is one request before the load, as a cold cache sees it; the load follows it.");
    println!(
        "  {:<34} {:>5} {:>9} {:>12} {:>10} {:>10}",
        "scenario", "conns", "first ms", "requests/s", "p50 ms", "p99 ms"
    );
    let mut results = Vec::new();
    for (name, conns, target) in &scenarios {
        let first = match target {
            Target::Path(path) => {
                let t = Instant::now();
                let (status, body) = http(port, "GET", path, &headers, "")?;
                if status != 200 {
                    return Err(format!("{path}: {status} {body}"));
                }
                format!("{:.2}", t.elapsed().as_secs_f64() * 1000.0)
            }
            Target::Script(_) => "-".to_string(),
        };
        let l = wrk(port, &token, *conns, 10, target)?;
        println!(
            "  {name:<34} {conns:>5} {first:>9} {:>12.0} {:>10.2} {:>10.2}",
            l.rps, l.p50_ms, l.p99_ms
        );
        results.push(l);
    }
    println!(
        "  last page / first page p50: {:.2}x; prefix search / unfiltered page p50: {:.2}x",
        results[4].p50_ms / results[3].p50_ms,
        results[6].p50_ms / results[5].p50_ms
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
