//! Tags the bodies of the first N ANT articles once, one thread, and prints
//! what it found: a fixed amount of work for a profiler, whose instruction
//! and cache-miss counts do not depend on what else the machine runs
//! (`valgrind --tool=cachegrind --cache-sim=yes`, `valgrind --tool=callgrind`).
//!
//! ```text
//! cargo build --release -p marsad-ner --example tag_ant
//! valgrind --tool=cachegrind --cache-sim=yes target/release/examples/tag_ant 500
//! ```

use marsad_arabic::{Tokenizer, Tokens};
use marsad_ner::{Mention, TagBuffer, Tagger};
use std::path::PathBuf;

fn main() {
    let n: usize = std::env::args().nth(1).map_or(500, |a| a.parse().expect("N is a number of articles"));
    let dir = std::env::var_os("MARSAD_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")));
    let path = dir.join("ant-multisource/ant_multisource_v2.1.jsonl");
    // With N = 0 only the model is loaded (its load time is printed).
    let raw = if n == 0 {
        String::new()
    } else {
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let texts: Vec<String> = raw
        .lines()
        .take(n)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("ANT lines are JSON");
            v["text"].as_str().expect("ANT articles have a text").to_string()
        })
        .collect();
    let started = std::time::Instant::now();
    let tagger = Tagger::embedded().expect("the built-in model loads");
    eprintln!("model load: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
    let tokenizer = Tokenizer::new();
    let mut tokens = Tokens::new();
    let mut buf = TagBuffer::new();
    let mut found: Vec<Mention> = Vec::new();
    let (mut entities, mut words, mut bytes) = (0, 0, 0);
    for t in &texts {
        tokenizer.tokenize_into(t, &mut tokens);
        found.clear();
        tagger.tag(t, &tokens, &mut buf, &mut found);
        entities += found.len();
        words += tokens.len();
        bytes += t.len();
    }
    println!("{} articles, {bytes} bytes, {words} tokens, {entities} entities", texts.len());
}
