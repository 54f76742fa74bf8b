//! Search latency over a fixed query set, on a store built beforehand
//! (`bench/corpus_search.sh` builds the ANT store and the 1M-document scale
//! store and runs this on each).
//!
//!     MARSAD_BENCH_STORE=DIR cargo bench -p marsad-corpus --bench search_latency
//!
//! Each query runs once to warm up, then `MARSAD_BENCH_ROUNDS` times (10);
//! a search is the whole of [`Store::search`]: query analysis, entity
//! expansion, the index search with facet counts, and the hits' headlines
//! and highlighted snippets read back from SQLite. Prints p50, p90, p99 and
//! max in milliseconds. It checks its output first: every query of the set
//! must find something, so a fast empty answer cannot pass.

use marsad_corpus::timing::thread_cpu;
use marsad_corpus::{SearchRequest, Store};
use std::time::Instant;

fn main() {
    // `cargo test --all-targets` runs every bench once without `--bench`:
    // with no store named there is nothing to time, and that is not a failure.
    let Ok(dir) = std::env::var("MARSAD_BENCH_STORE") else {
        if std::env::args().any(|a| a == "--bench") {
            eprintln!(
                "search_latency: set MARSAD_BENCH_STORE to a store directory (bench/corpus_search.sh builds one)"
            );
            std::process::exit(2);
        }
        eprintln!("search_latency: no MARSAD_BENCH_STORE, nothing to time");
        return;
    };
    let queries_path = std::env::var("MARSAD_BENCH_QUERIES")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/corpus_queries.txt").to_string());
    let rounds: usize = std::env::var("MARSAD_BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(10);
    let queries: Vec<String> = std::fs::read_to_string(&queries_path)
        .expect("reading the query set")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let store = Store::open_existing(std::path::Path::new(&dir)).expect("opening the store");
    let stats = store.stats().expect("stats");
    let req = |q: &str| SearchRequest { query: q.to_string(), limit: 10, ..SearchRequest::default() };
    let mut totals = Vec::new();
    for q in &queries {
        let r = store.search(&req(q)).expect("search");
        assert!(r.total > 0 && !r.hits.is_empty(), "query {q:?} found nothing");
        totals.push(r.total);
    }
    // Wall time, and the search thread's CPU time: on a shared machine the
    // wall time includes waiting for a core, the CPU time is the work (a
    // search runs on the calling thread only).
    let mut ms = Vec::with_capacity(queries.len() * rounds);
    let mut cpu_ms = Vec::with_capacity(queries.len() * rounds);
    for _ in 0..rounds {
        for q in &queries {
            let c = thread_cpu();
            let t = Instant::now();
            let r = store.search(&req(q)).expect("search");
            ms.push(t.elapsed().as_secs_f64() * 1e3);
            if let (Some(a), Some(b)) = (c, thread_cpu()) {
                cpu_ms.push(b.saturating_sub(a).as_secs_f64() * 1e3);
            }
            std::hint::black_box(r);
        }
    }
    ms.sort_by(f64::total_cmp);
    cpu_ms.sort_by(f64::total_cmp);
    let at = |v: &[f64], p: f64| v[((v.len() as f64 * p).ceil() as usize).saturating_sub(1).min(v.len() - 1)];
    let pct = |p: f64| at(&ms, p);
    println!(
        "store {dir}: {} documents, {} queries x {rounds} rounds; median hits {}",
        stats.latest_documents,
        queries.len(),
        {
            let mut t = totals.clone();
            t.sort_unstable();
            t[t.len() / 2]
        }
    );
    println!(
        "search latency ms: p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        ms[ms.len() - 1]
    );
    if !cpu_ms.is_empty() {
        println!(
            "search CPU ms:     p50 {:.2}  p90 {:.2}  p99 {:.2}  max {:.2}",
            at(&cpu_ms, 0.50),
            at(&cpu_ms, 0.90),
            at(&cpu_ms, 0.99),
            cpu_ms[cpu_ms.len() - 1]
        );
    }
}
