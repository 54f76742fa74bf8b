//! MinHash signatures over real article text, one core.
//!
//! Reads the `text` field of the first ANT articles (16 MB by default,
//! `MARSAD_BENCH_MB` to change) from `../shared/data` (or
//! `MARSAD_SHARED_DATA`); `bench/corpus_minhash.sh` runs this next to
//! datasketch on the same text and prints the ratio.
//!
//! The benchmark checks its own output before timing anything, so a fast
//! wrong answer cannot pass: every article with words gets a non-empty
//! signature, an article's signature equals that of the same text re-spelt
//! (Arabic-Indic digits, tatweel, alef variants), and distinct neighbouring
//! articles are far apart on average.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_corpus::MinHasher;
use std::io::BufRead;

fn articles() -> Vec<String> {
    let data = std::env::var("MARSAD_SHARED_DATA")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data").to_string());
    let path = format!("{data}/ant-multisource/ant_multisource_v2.1.jsonl");
    let mb: usize = std::env::var("MARSAD_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(16);
    let f = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{path}: {e} (set MARSAD_SHARED_DATA)"));
    let mut out = Vec::new();
    let mut bytes = 0;
    for line in std::io::BufReader::new(f).lines() {
        let v: serde_json::Value = serde_json::from_str(&line.expect("reading ANT")).expect("ANT is JSONL");
        let t = v["text"].as_str().unwrap_or_default().to_string();
        bytes += t.len();
        out.push(t);
        if bytes >= mb << 20 {
            break;
        }
    }
    out
}

fn check(mh: &MinHasher, texts: &[String]) {
    let sigs: Vec<_> = texts.iter().map(|t| mh.signature(t)).collect();
    let with_words = texts.iter().filter(|t| t.chars().any(char::is_alphabetic)).count();
    assert_eq!(sigs.iter().filter(|s| !s.is_empty()).count(), with_words);
    let respelt = texts[0].replace('أ', "ا").replace('1', "١").replace("ال", "الـ");
    assert_eq!(mh.signature(&respelt), sigs[0], "spelling variants change the signature");
    let mut total = 0.0;
    let mut n = 0;
    for w in sigs.windows(2) {
        total += w[0].similarity(&w[1]);
        n += 1;
    }
    let mean = total / n as f32;
    assert!(mean < 0.05, "neighbouring articles look alike on average: {mean}");
}

fn bench(c: &mut Criterion) {
    let texts = articles();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mh = MinHasher::new();
    check(&mh, &texts);
    let mut g = c.benchmark_group("minhash");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function(format!("signatures_128_ant_{}mb", bytes >> 20), |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for t in &texts {
                acc = acc.wrapping_add(mh.signature(t).0[0] as u64);
            }
            acc
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
