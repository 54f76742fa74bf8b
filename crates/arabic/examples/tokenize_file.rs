//! Times marsad's normalize+tokenize (normalized form and clitic-free base
//! of every token) over a UTF-8 text file on one thread, for
//! `bench/tokenize.sh`, which runs the peer tools on the same file.
//!
//! ```text
//! cargo run --release -p marsad-arabic --example tokenize_file -- FILE [RUNS]
//! ```
//! Prints one line: `marsad <MB/s by CPU time> <MB/s by wall clock>
//! <tokens> <bytes>`, each the best of RUNS runs (default 5). CPU time is
//! the thread's own (Linux), so the figure holds on a busy machine. With
//! RUNS = 1 it is a single pass, for profilers.

use marsad_arabic::{Tokenizer, Tokens};
use std::time::{Duration, Instant};

/// The thread's CPU time on Linux; elsewhere wall-clock time stands in.
fn thread_cpu_now() -> Duration {
    if cfg!(target_os = "linux") {
        marsad_bench_clock::thread_cpu_now()
    } else {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        START.get_or_init(Instant::now).elapsed()
    }
}

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
    let (mut cpu, mut wall) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..runs.max(1) {
        let (c, w) = (thread_cpu_now(), Instant::now());
        tk.tokenize_into(&text, &mut toks);
        wall = wall.min(w.elapsed().as_secs_f64());
        cpu = cpu.min((thread_cpu_now() - c).as_secs_f64());
    }
    let mbs = |s: f64| text.len() as f64 / s / 1e6;
    println!("marsad {:.2} {:.2} {} {}", mbs(cpu), mbs(wall), toks.len(), text.len());
}
