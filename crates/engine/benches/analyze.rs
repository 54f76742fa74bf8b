//! The full per-page analysis on real news text, one core: the pipeline a
//! user runs on a page (`Pipeline::analyze`: decoding, the line cleaner,
//! tokens, entities when the tagger is wired, attributed claims, quantities
//! and their flags, loaded wording), over ANT articles from all five outlets
//! (`../shared/data/ant-multisource/ant_multisource_v2.1.jsonl`, or
//! `$MARSAD_SHARED_DATA/…`): about 4 MB with `cargo bench`, 300 KB when the
//! bench binary runs as a test (`cargo test --benches`). Each article is a
//! plain-text page: its title, a blank line, its text. Throughput is in
//! bytes of input; issue 5's target is 20 MB/s on one core.
//!
//! A second measurement times the evidence step alone (claims, quantities,
//! flags, wording) on pages already cleaned and tokenized.
//!
//! Before timing, the bench checks its own output: every article is
//! analysed, every annotation's span reads back its text, and the corpus
//! yields at least one attributed claim per three articles and one quantity
//! per article; each timed iteration must find the same totals, so a fast
//! but empty analysis fails instead of being reported.
//!
//! ```text
//! cargo bench -p marsad-engine --bench analyze
//! MARSAD_BENCH_CLOCK=cpu cargo bench -p marsad-engine --bench analyze
//! ```
//!
//! Everything runs on one thread. With `MARSAD_BENCH_CLOCK=cpu` criterion
//! measures the CPU time of the benchmarking thread instead of wall-clock
//! time (Linux), which stays meaningful on a machine busy with other work.

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use marsad_arabic::Tokenizer;
use marsad_engine::analyze::evidence::EvidenceFinder;
use marsad_engine::{Format, Hints, Pipeline, RawDoc, Source};
use std::hint::black_box;

use marsad_shared_data::dir as shared_data;

/// Articles taken every `step` lines (the file is grouped by outlet, so a
/// stride reaches all five), up to `max` bytes, as plain-text pages.
fn articles(max: usize) -> Vec<RawDoc> {
    let path = shared_data().join("ant-multisource/ant_multisource_v2.1.jsonl");
    let data = marsad_shared_data::read(&path);
    let lines: Vec<&str> = data.lines().collect();
    let mut out = Vec::new();
    let mut bytes = 0;
    let step = 7;
    for (k, line) in lines.iter().enumerate().step_by(step) {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: line {}: {e}", path.display(), k + 1));
        let title = v["title"].as_str().unwrap_or("");
        let text = v["text"].as_str().unwrap_or_else(|| panic!("{}: line {}: no text", path.display(), k + 1));
        if text.len() < 200 {
            continue;
        }
        let page = format!("{title}\n\n{text}\n");
        bytes += page.len();
        out.push(RawDoc {
            source: Source { path: Some(format!("ant#{}", k + 1)), format: Some(Format::Text), ..Source::default() },
            bytes: page.into_bytes(),
            hints: Hints::default(),
        });
        if bytes >= max {
            break;
        }
    }
    out
}

/// Totals of what the analysis found, the bench's own check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Totals {
    claims: usize,
    quantities: usize,
    flags: usize,
    wording: usize,
}

fn bench<M: Measurement>(c: &mut Criterion<M>) {
    // `cargo test --benches` runs this binary without `--bench`: a small
    // corpus then, so the check stays quick.
    let full = std::env::args().any(|a| a == "--bench");
    let docs = articles(if full { 4 << 20 } else { 300 << 10 });
    let bytes: usize = docs.iter().map(|d| d.bytes.len()).sum();
    let pipeline = Pipeline::builder().build().expect("the pipeline builds");

    let run = |docs: &[RawDoc]| -> Totals {
        let mut t = Totals { claims: 0, quantities: 0, flags: 0, wording: 0 };
        for d in docs {
            let a = pipeline.analyze(d).unwrap_or_else(|e| panic!("{e}"));
            t.claims += a.document.claims.len();
            t.quantities += a.document.quantities.len();
            t.flags += a.document.flags.len();
            t.wording += a.document.wording.len();
        }
        t
    };
    // The check: spans read back their text, and the totals are plausible.
    for d in &docs {
        let a = pipeline.analyze(d).unwrap_or_else(|e| panic!("{e}"));
        let text = &a.document.text;
        for c in &a.document.claims {
            assert_eq!(&text[c.content.span.range()], c.content.text);
            if let Some(s) = &c.source {
                assert_eq!(&text[s.span.range()], s.text);
            }
        }
        for q in &a.document.quantities {
            assert_eq!(&text[q.span.range()], q.text);
        }
        for w in &a.document.wording {
            assert_eq!(&text[w.span.range()], w.text);
        }
    }
    let totals = run(&docs);
    let n = docs.len();
    assert!(totals.claims * 3 >= n, "{} claims in {n} articles", totals.claims);
    assert!(totals.quantities >= n, "{} quantities in {n} articles", totals.quantities);
    assert!(totals.wording > 0, "no wording in {n} articles");
    eprintln!("analyze bench: {n} articles, {bytes} bytes, {totals:?}");

    let mut g = c.benchmark_group("analyze");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("pipeline (clean, tokens, entities, claims, quantities, flags, wording)", |b| {
        b.iter(|| assert_eq!(run(black_box(&docs)), totals))
    });

    // The evidence step alone, on pages already cleaned and tokenized.
    let tokenizer = Tokenizer::new();
    let pages: Vec<_> = docs
        .iter()
        .map(|d| {
            let a = pipeline.analyze(d).expect("analysed above");
            let tokens = tokenizer.tokenize(&a.page.text);
            (a.page, tokens)
        })
        .collect();
    let text_bytes: usize = pages.iter().map(|(p, _)| p.text.len()).sum();
    let evidence = EvidenceFinder::new();
    let claims = |pages: &[(marsad_engine::Page, marsad_arabic::Tokens)]| -> usize {
        pages.iter().map(|(p, t)| evidence.find(&p.text, t, p.headline_span, &[]).claims.len()).sum()
    };
    let expected = claims(&pages);
    g.throughput(Throughput::Bytes(text_bytes as u64));
    g.bench_function("evidence step (claims, quantities, flags, wording)", |b| {
        b.iter(|| assert_eq!(claims(black_box(&pages)), expected))
    });
    g.finish();
}

marsad_bench_clock::main!(bench);
