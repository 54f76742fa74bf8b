//! Search latency for `bench/run`: opens a store once, runs a fixed query set
//! (one query per line; `QUERY<TAB>OUTLET` adds an outlet filter) a number of
//! rounds, and reports the latency distribution of `Store::search` as the web
//! server and the CLI call it (10 hits, facets, 180-character snippets).
//!
//! ```text
//! cargo run --release -p marsad-corpus --example bench_search -- STORE QUERIES OUT [ROUNDS]
//! ```
//!
//! Every query is run once untimed first (the index's files come into the
//! page cache, as on a server that has been up for a while). Writes one line
//! per query to OUT (`query<TAB>outlet<TAB>total hits<TAB>median ms`) and
//! prints one JSON object: `{"queries", "runs", "p50_ms", "p90_ms", "p99_ms",
//! "max_ms", "mean_ms", "open_ms", "with_hits"}`.

use marsad_corpus::{SearchRequest, Store};
use std::io::Write;
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (store_dir, queries_path, output, rounds) = match args.as_slice() {
        [s, q, o] => (s, q, o, 20),
        [s, q, o, r] => (s, q, o, r.parse().unwrap_or_else(|e| fail("ROUNDS", &e))),
        _ => {
            eprintln!("usage: bench_search STORE QUERIES OUT [ROUNDS]");
            std::process::exit(2);
        }
    };
    let opened = Instant::now();
    let store = Store::open_existing(Path::new(store_dir)).unwrap_or_else(|e| fail(store_dir, &e));
    let open_ms = opened.elapsed().as_secs_f64() * 1e3;
    let text = std::fs::read_to_string(queries_path).unwrap_or_else(|e| fail(queries_path, &e));
    let requests: Vec<SearchRequest> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (query, outlet) = match l.split_once('\t') {
                Some((q, o)) => (q, Some(o.to_string())),
                None => (l, None),
            };
            SearchRequest { query: query.to_string(), outlet, limit: 10, snippet_chars: 180, ..Default::default() }
        })
        .collect();
    if requests.is_empty() {
        fail(queries_path, &"no queries");
    }

    let mut totals = Vec::with_capacity(requests.len());
    for r in &requests {
        let res = store.search(r).unwrap_or_else(|e| fail(&r.query, &e));
        totals.push(res.total);
    }
    let mut per_query: Vec<Vec<f64>> = vec![Vec::with_capacity(rounds); requests.len()];
    for _ in 0..rounds {
        for (i, r) in requests.iter().enumerate() {
            let t = Instant::now();
            let res = store.search(r).unwrap_or_else(|e| fail(&r.query, &e));
            per_query[i].push(t.elapsed().as_secs_f64() * 1e3);
            // The same query on the same store finds the same documents.
            assert_eq!(res.total, totals[i], "{:?}: the hit count changed between runs", r.query);
        }
    }

    let file = std::fs::File::create(output).unwrap_or_else(|e| fail(output, &e));
    let mut out = std::io::BufWriter::new(file);
    for (i, r) in requests.iter().enumerate() {
        let mut l = per_query[i].clone();
        l.sort_by(f64::total_cmp);
        let outlet = r.outlet.as_deref().unwrap_or("");
        writeln!(out, "{}\t{outlet}\t{}\t{:.3}", r.query, totals[i], quantile(&l, 0.5))
            .unwrap_or_else(|e| fail(output, &e));
    }
    out.flush().unwrap_or_else(|e| fail(output, &e));

    let mut all: Vec<f64> = per_query.into_iter().flatten().collect();
    all.sort_by(f64::total_cmp);
    let mean = all.iter().sum::<f64>() / all.len().max(1) as f64;
    println!(
        "{{\"queries\": {}, \"runs\": {}, \"p50_ms\": {:.3}, \"p90_ms\": {:.3}, \"p99_ms\": {:.3}, \"max_ms\": {:.3}, \
         \"mean_ms\": {mean:.3}, \"open_ms\": {open_ms:.1}, \"with_hits\": {}}}",
        requests.len(),
        all.len(),
        quantile(&all, 0.5),
        quantile(&all, 0.9),
        quantile(&all, 0.99),
        all.last().copied().unwrap_or(0.0),
        totals.iter().filter(|&&t| t > 0).count()
    );
}

/// The `q` quantile of sorted values (nearest rank).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn fail(what: &str, e: &dyn std::fmt::Display) -> ! {
    eprintln!("bench_search: {what}: {e}");
    std::process::exit(1);
}
