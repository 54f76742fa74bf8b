//! HTML main text on real Arabic news pages, one core: the pages of
//! `../shared/data/pages/html/` (8 sites, furniture included; or
//! `$MARSAD_SHARED_DATA/pages/html/`), read at bench time.
//!
//! Two measurements: the extractor alone (tokenize the HTML, build the light
//! DOM, score the main region, read the metadata), and the whole pipeline a
//! user runs on a page (`Pipeline::analyze`: charset, extraction, the Arabic
//! line cleaner and every analysis the pipeline carries). Throughput is in
//! pages (criterion's elements/s); issue 3's target is 300 pages/s.
//!
//! Before timing, the bench checks its own output: every page gives main
//! blocks, a headline and 300 characters of article text, and each timed
//! iteration must find the same number of paragraphs, so a fast but empty
//! extraction fails instead of being reported.
//!
//! ```text
//! cargo bench -p marsad-engine --bench html
//! ```

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use marsad_engine::clean::html::HtmlExtractor;
use marsad_engine::{Format, Hints, Pipeline, RawDoc, Source};
use std::hint::black_box;

use marsad_shared_data::dir as shared_data;

fn pages() -> Vec<(String, Vec<u8>)> {
    let dir = shared_data().join("pages/html");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!("benchmark data missing: {} ({e}); set MARSAD_SHARED_DATA to the shared data directory", dir.display())
    });
    let mut out: Vec<(String, Vec<u8>)> = entries
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.display().to_string(), bytes)
        })
        .collect();
    out.sort();
    assert!(out.len() >= 8, "expected the 8 pages of {}, found {}", dir.display(), out.len());
    out
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    let docs: Vec<RawDoc> = pages
        .iter()
        .map(|(path, bytes)| RawDoc {
            source: Source { path: Some(path.clone()), format: Some(Format::Html), ..Source::default() },
            bytes: bytes.clone(),
            hints: Hints::default(),
        })
        .collect();
    let texts: Vec<String> = pages.iter().map(|(_, b)| String::from_utf8_lossy(b).into_owned()).collect();
    let bytes: usize = pages.iter().map(|(_, b)| b.len()).sum();

    let extractor = HtmlExtractor::new();
    let main_blocks = |texts: &[String]| -> usize {
        texts.iter().map(|t| extractor.extract(t, None).blocks.iter().filter(|b| b.in_main == Some(true)).count()).sum()
    };
    for (t, (path, _)) in texts.iter().zip(&pages) {
        let n = extractor.extract(t, None).blocks.iter().filter(|b| b.in_main == Some(true)).count();
        assert!(n >= 3, "{path}: {n} blocks in the main region");
    }
    let blocks = main_blocks(&texts);

    let pipeline = Pipeline::builder().build().expect("the pipeline builds");
    let paragraphs = |docs: &[RawDoc]| -> usize {
        docs.iter().map(|d| pipeline.analyze(d).expect("every page analyses").document.paragraphs.len()).sum()
    };
    for d in &docs {
        let a = pipeline.analyze(d).unwrap_or_else(|e| panic!("{e}"));
        let name = d.source.path.as_deref().unwrap_or("?");
        assert!(a.document.headline.is_some(), "{name}: no headline");
        // The shortest article of the eight has two paragraphs, 479 characters.
        let chars: usize = a.document.paragraphs.iter().map(|p| p.chars().count()).sum();
        assert!(chars >= 300, "{name}: {chars} characters of article text");
    }
    let want = paragraphs(&docs);
    eprintln!("{} pages, {:.0} kB of HTML, {blocks} main blocks, {want} paragraphs", pages.len(), bytes as f64 / 1e3);

    let mut g = c.benchmark_group("html");
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.sample_size(20);
    g.bench_function("extract main text", |b| b.iter(|| assert_eq!(main_blocks(black_box(&texts)), blocks)));
    g.bench_function("pipeline analyze", |b| b.iter(|| assert_eq!(paragraphs(black_box(&docs)), want)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
