//! Times marsad's normalize+tokenize (normalized forms and clitic-free
//! bases for every token) over a UTF-8 text file on one core, for
//! `bench/tokenize.sh`, which runs the peer tools on the same file.
//!
//! ```text
//! cargo run --release -p marsad-arabic --example tokenize_file -- FILE [RUNS]
//! ```
//! Prints one line: `marsad <MB/s> <tokens> <bytes>`, the best of RUNS runs
//! (default 5). With RUNS = 1 it is a single pass, for profilers.

use marsad_arabic::{Tokenizer, Tokens};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: tokenize_file FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().map_or(5, |r| r.parse().expect("RUNS must be a number"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let tk = Tokenizer::new();
    let mut toks = Tokens::new();
    let mut best = f64::INFINITY;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        tk.tokenize_into(&text, &mut toks);
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("marsad {:.2} {} {}", text.len() as f64 / best / 1e6, toks.len(), text.len());
}
