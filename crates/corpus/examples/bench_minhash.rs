//! marsad's side of the near-duplicate comparison in `bench/run`: the same
//! job the datasketch script does on the same file. Reads documents (JSONL,
//! one `{"id": str, "text": str}` per line), computes each text's MinHash
//! signature, brings candidates together with the LSH band keys, keeps the
//! pairs whose estimated similarity reaches the store's threshold
//! ([`DedupConfig::default`]) and writes them, one `id_a<TAB>id_b<TAB>sim`
//! per line.
//!
//! ```text
//! cargo run --release -p marsad-corpus --example bench_minhash -- IN OUT
//! ```
//!
//! Prints `docs=N bytes=B pairs=P signature_s=S signature_cpu_s=C`: the wall
//! and CPU time spent computing signatures alone (the stage's own throughput,
//! without reading and parsing the file), so the harness can report both. The
//! CPU time is this thread's time on a CPU (`/proc/thread-self/schedstat`),
//! which holds on a busy machine; where that file is missing it is the wall
//! time.

use marsad_corpus::dedup::{candidate_pairs, DedupConfig};
use marsad_corpus::MinHasher;
use std::io::Write;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: bench_minhash IN OUT");
        std::process::exit(2);
    };
    let raw = std::fs::read_to_string(input).unwrap_or_else(|e| fail(input, &e));
    let mut ids = Vec::new();
    let mut texts = Vec::new();
    for (i, line) in raw.lines().enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| fail(&format!("{input}: line {}", i + 1), &e));
        let (Some(id), Some(text)) = (v["id"].as_str(), v["text"].as_str()) else {
            fail(&format!("{input}: line {}", i + 1), &"needs string fields id and text");
        };
        ids.push(id.to_string());
        texts.push(text.to_string());
    }
    let bytes: usize = texts.iter().map(String::len).sum();

    let mh = MinHasher::new();
    let (started, cpu_started) = (Instant::now(), thread_cpu_ns());
    let sigs: Vec<_> = texts.iter().map(|t| mh.signature(t)).collect();
    let signature_s = started.elapsed().as_secs_f64();
    let signature_cpu_s = match (cpu_started, thread_cpu_ns()) {
        (Some(a), Some(b)) => (b - a) as f64 / 1e9,
        _ => signature_s,
    };

    let cfg = DedupConfig::default();
    let mut keyed = Vec::with_capacity(sigs.len() * mh.bands());
    for (i, s) in sigs.iter().enumerate() {
        keyed.extend(mh.band_keys(s).into_iter().map(|k| (k, i as u32)));
    }
    let file = std::fs::File::create(output).unwrap_or_else(|e| fail(output, &e));
    let mut out = std::io::BufWriter::new(file);
    let mut pairs = 0usize;
    for (a, b) in candidate_pairs(keyed, cfg.max_bucket) {
        let sim = sigs[a as usize].similarity(&sigs[b as usize]);
        if sim >= cfg.threshold {
            writeln!(out, "{}\t{}\t{sim:.3}", ids[a as usize], ids[b as usize]).unwrap_or_else(|e| fail(output, &e));
            pairs += 1;
        }
    }
    out.flush().unwrap_or_else(|e| fail(output, &e));
    println!(
        "docs={} bytes={bytes} pairs={pairs} signature_s={signature_s:.6} signature_cpu_s={signature_cpu_s:.6}",
        ids.len()
    );
}

/// Nanoseconds this thread has spent on a CPU (Linux).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split_whitespace().next()?.parse().ok()
}

fn fail(what: &str, e: &dyn std::fmt::Display) -> ! {
    eprintln!("bench_minhash: {what}: {e}");
    std::process::exit(1);
}
