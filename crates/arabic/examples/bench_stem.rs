//! marsad's side of the light-stemming comparison in `bench/run`: reads a
//! file of words (one per line, as a crawler's text gives them: harakat,
//! hamza forms and clitics included), normalizes each word and stems it
//! with [`Stemmer::light10`] (prefixes and suffixes, the job Tashaphyne's
//! light stemmer and ISRI do on raw words), and writes one stem per line.
//!
//! ```text
//! cargo run --release -p marsad-arabic --example bench_stem -- IN OUT
//! ```
//!
//! Prints `stems=N` on standard output; the harness checks that OUT has one
//! line per input word.

use marsad_arabic::{Normalizer, Stemmer};
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: bench_stem IN OUT");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(input).unwrap_or_else(|e| fail(input, e));
    let normalizer = Normalizer::new();
    let stemmer = Stemmer::light10();
    let file = std::fs::File::create(output).unwrap_or_else(|e| fail(output, e));
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut word = String::new();
    let mut n = 0usize;
    for line in text.lines() {
        word.clear();
        normalizer.normalize_into(line, &mut word);
        out.write_all(stemmer.stem(&word).as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .unwrap_or_else(|e| fail(output, e));
        n += 1;
    }
    out.flush().unwrap_or_else(|e| fail(output, e));
    println!("stems={n}");
}

fn fail(path: &str, e: std::io::Error) -> ! {
    eprintln!("bench_stem: {path}: {e}");
    std::process::exit(1);
}
