//! `cargo xtask bench`: the portal's gzipped sizes (and, as issues add them, server
//! benchmarks). Figures are printed, never asserted.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::root;
use crate::steps::say;

fn gz_len(bytes: &[u8]) -> Result<usize, String> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    enc.finish().map(|v| v.len()).map_err(|e| e.to_string())
}

/// Gzipped sizes of dist/ by kind: (wasm, js, css).
pub fn bundle_sizes() -> Result<[(usize, usize); 3], String> {
    let dist = root().join("dist");
    let mut sizes = [(0usize, 0usize); 3];
    for entry in std::fs::read_dir(&dist)
        .map_err(|e| format!("{}: {e} (run cargo xtask build)", dist.display()))?
    {
        let path = entry.map_err(|e| e.to_string())?.path();
        let slot = match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => 0,
            Some("js") => 1,
            Some("css") => 2,
            _ => continue,
        };
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        sizes[slot].0 += bytes.len();
        sizes[slot].1 += gz_len(&bytes)?;
    }
    Ok(sizes)
}

pub fn bench() -> Result<(), String> {
    crate::steps::build()?;
    let sizes = bundle_sizes()?;
    say("bench: portal bundle (dist/)");
    let mut total = (0, 0);
    for ((raw, gz), name) in sizes.iter().zip(["wasm", "js", "css"]) {
        println!(
            "  {name:<5} {:>8.1} KB raw {:>8.1} KB gzipped",
            *raw as f64 / 1024.0,
            *gz as f64 / 1024.0
        );
        total.0 += raw;
        total.1 += gz;
    }
    println!(
        "  total {:>8.1} KB raw {:>8.1} KB gzipped",
        total.0 as f64 / 1024.0,
        total.1 as f64 / 1024.0
    );
    Ok(())
}
