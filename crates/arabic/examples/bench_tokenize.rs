//! marsad's side of the normalize+tokenize comparison in `bench/run`: the
//! same job the peer scripts do on the same file (read it, normalize and
//! tokenize it, write every token), so that the process-level timings of all
//! tools measure the same work.
//!
//! ```text
//! cargo run --release -p marsad-arabic --example bench_tokenize -- IN OUT
//! ```
//!
//! Writes one token per line to OUT: its normalized form, with the
//! proclitics the tokenizer split off marked by `+` (`وال+حكومة`). Prints
//! `tokens=N bytes=B` on standard output; the harness checks N against the
//! lines of OUT.

use marsad_arabic::{Tokenizer, Tokens};
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: bench_tokenize IN OUT");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(input).unwrap_or_else(|e| fail(input, e));
    let tokenizer = Tokenizer::new();
    let mut tokens = Tokens::new();
    tokenizer.tokenize_into(&text, &mut tokens);

    let file = std::fs::File::create(output).unwrap_or_else(|e| fail(output, e));
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    for t in tokens.iter() {
        let norm = tokens.norm(t);
        // The base is the tail of the normalized form; what precedes it is
        // the run of proclitics. Raw byte writes: formatting machinery would
        // cost more than the tokenizer.
        let split = norm.len() - tokens.base(t).len();
        let written = if split > 0 {
            out.write_all(&norm.as_bytes()[..split])
                .and_then(|()| out.write_all(b"+"))
                .and_then(|()| out.write_all(&norm.as_bytes()[split..]))
        } else {
            out.write_all(norm.as_bytes())
        };
        written.and_then(|()| out.write_all(b"\n")).unwrap_or_else(|e| fail(output, e));
    }
    out.flush().unwrap_or_else(|e| fail(output, e));
    println!("tokens={} bytes={}", tokens.len(), text.len());
}

fn fail(path: &str, e: std::io::Error) -> ! {
    eprintln!("bench_tokenize: {path}: {e}");
    std::process::exit(1);
}
