//! marsad's side of the entity-tagging stage in `bench/run`: read a JSONL
//! file of articles (a `text` field per line, ANT's form), tokenize and tag
//! every text with the built-in model, and write every entity found, so that
//! the process-level timing (CPU time, start-up apart) measures exactly the
//! tagging the criterion bench `ner/tokenize+tag ANT` measures in process.
//!
//! ```text
//! cargo run --release -p marsad-ner --example bench_ner -- IN.jsonl OUT
//! ```
//!
//! Writes one line per entity to OUT: `article label start end`. Prints
//! `entities=N tokens=T bytes=B articles=A tag_cpu_s=S` on standard output;
//! the harness checks N against the lines of OUT and that N is plausible
//! for news text (an entity every few dozen tokens, not none, not all).
//!
//! It is also a fixed amount of work for a profiler, whose instruction and
//! cache-miss counts do not depend on what else the machine runs:
//!
//! ```text
//! head -n 2000 ../shared/data/ant-multisource/ant_multisource_v2.1.jsonl > /tmp/ant2000.jsonl
//! valgrind --tool=callgrind '--toggle-collect=*Tagger::tag' target/release/examples/bench_ner /tmp/ant2000.jsonl /dev/null
//! ```

use marsad_arabic::{Tokenizer, Tokens};
use marsad_ner::{Mention, TagBuffer, Tagger};
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: bench_ner IN.jsonl OUT");
        std::process::exit(2);
    };
    let raw = std::fs::read_to_string(input).unwrap_or_else(|e| fail(input, e));
    let texts: Vec<String> = raw
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap_or_else(|e| {
                eprintln!("bench_ner: {input}: line {}: {e}", i + 1);
                std::process::exit(1);
            });
            v["text"].as_str().unwrap_or("").to_string()
        })
        .collect();
    let tagger = match Tagger::embedded() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("bench_ner: the built-in model: {e}");
            std::process::exit(1);
        }
    };

    let file = std::fs::File::create(output).unwrap_or_else(|e| fail(output, e));
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let tokenizer = Tokenizer::new();
    let mut tokens = Tokens::new();
    let mut buf = TagBuffer::new();
    let mut found: Vec<Mention> = Vec::new();
    let (mut entities, mut words, mut bytes) = (0usize, 0usize, 0usize);
    let started = cpu_now();
    for (i, t) in texts.iter().enumerate() {
        tokenizer.tokenize_into(t, &mut tokens);
        found.clear();
        tagger.tag(t, &tokens, &mut buf, &mut found);
        entities += found.len();
        words += tokens.len();
        bytes += t.len();
        for m in &found {
            writeln!(out, "{i} {} {} {}", m.label.as_str(), m.span.start, m.span.end)
                .unwrap_or_else(|e| fail(output, e));
        }
    }
    let tag_cpu = cpu_now() - started;
    out.flush().unwrap_or_else(|e| fail(output, e));
    println!("entities={entities} tokens={words} bytes={bytes} articles={} tag_cpu_s={tag_cpu:.6}", texts.len());
}

/// CPU time of this process in seconds (the machine may be busy: wall time
/// would count the waiting).
fn cpu_now() -> f64 {
    // /proc/self/stat fields 14 and 15: user and system time in clock ticks
    // (100 per second on Linux). Elsewhere: 0, and the harness falls back to
    // the process's CPU time.
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn fail(path: &str, e: std::io::Error) -> ! {
    eprintln!("bench_ner: {path}: {e}");
    std::process::exit(1);
}
