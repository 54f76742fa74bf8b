//! Throughput of page cleaning (`Cleaner::clean_text`) on real news text,
//! one core.
//!
//! Each page is an article of the ANT corpus
//! (`../shared/data/ant-multisource/ant_multisource_v2.1.jsonl`, or
//! `$MARSAD_SHARED_DATA/ant-multisource/…`) as a crawler keeps it: its title
//! on the first line, then its text. The first articles are read at bench
//! time: about 8 MB of pages with `cargo bench`, 1 MB when the bench binary
//! runs as a test (`cargo test --benches`).
//!
//! Before timing anything the bench checks its own output against what the
//! corpus says, independently of the cleaner: every page's headline is its
//! title; every sentence of an article (a line ending in a full stop, seven
//! words or more, no link cue) is kept as a paragraph, verbatim; no kept
//! paragraph holds a "read also" link; the paragraph count is reported and
//! must be at least the sentence count. A fast wrong answer fails here.
//!
//! ```text
//! cargo bench -p marsad-engine --bench clean
//! MARSAD_BENCH_CLOCK=cpu cargo bench -p marsad-engine --bench clean
//! ```
//!
//! With `MARSAD_BENCH_CLOCK=cpu` criterion measures the CPU time of the
//! benchmarking thread (Linux), which stays meaningful on a busy machine.

use criterion::measurement::Measurement;
use criterion::{Criterion, Throughput};
use marsad_arabic::Normalizer;
use marsad_engine::clean::Cleaner;
use marsad_engine::Hints;
use std::collections::HashSet;
use std::hint::black_box;

use marsad_shared_data::dir as shared_data;

/// One article: its title and its text.
struct Article {
    title: String,
    text: String,
}

impl Article {
    fn page(&self) -> String {
        format!("{}\n{}", self.title, self.text)
    }
}

/// The first articles of ANT, up to `max` bytes of pages.
fn ant_articles(max: usize) -> Vec<Article> {
    let path = shared_data().join("ant-multisource/ant_multisource_v2.1.jsonl");
    let data = marsad_shared_data::read(&path);
    let mut out = Vec::new();
    let mut bytes = 0;
    for (i, line) in data.lines().enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: line {}: {e}", path.display(), i + 1));
        let field = |k: &str| {
            v[k].as_str()
                .unwrap_or_else(|| panic!("{}: line {}: no {k} field", path.display(), i + 1))
                .trim()
                .to_string()
        };
        let a = Article { title: field("title"), text: field("text") };
        if a.title.is_empty() || a.text.is_empty() {
            continue;
        }
        bytes += a.title.len() + a.text.len() + 1;
        out.push(a);
        if bytes >= max {
            break;
        }
    }
    out
}

/// A "read also" cue, folded ("اقرأ أيضا", "إقرأ المزيد", "اقرا:").
fn has_read_also(text: &str) -> bool {
    let folded = Normalizer::search().normalize(text).text;
    ["اقرا ايضا", "اقرا المزيد", "اقرا كذلك", "اقرا التفاصيل", "اقرا:"].iter().any(|c| folded.contains(c))
}

/// A sentence of the article, by the corpus's own punctuation.
fn is_sentence(line: &str) -> bool {
    line.ends_with('.') && !line.ends_with("..") && line.split_whitespace().count() >= 7 && !has_read_also(line)
}

/// Cleans every page and checks the result; returns the paragraph count.
fn check(cleaner: &Cleaner, articles: &[Article]) -> usize {
    let (mut paragraphs, mut sentences, mut kept_sentences, mut titled) = (0, 0, 0, 0);
    for a in articles {
        let page = cleaner.clean_text(&a.page(), &Hints::default());
        titled += usize::from(page.headline.as_deref() == Some(a.title.as_str()));
        let lines: HashSet<&str> = a.text.lines().map(str::trim).collect();
        for p in &page.paragraphs {
            assert!(!has_read_also(p), "a kept paragraph holds a read-also link: {p}");
            // Verbatim, or a line with a trailing link cut off.
            assert!(
                lines.contains(p.as_str()) || lines.iter().any(|l| l.starts_with(p.as_str())),
                "not a line of the article: {p}"
            );
        }
        let kept: HashSet<&str> = page.paragraphs.iter().map(String::as_str).collect();
        for l in lines.iter().filter(|l| is_sentence(l)) {
            sentences += 1;
            kept_sentences += usize::from(kept.contains(l));
        }
        paragraphs += page.paragraphs.len();
    }
    let n = articles.len();
    println!(
        "clean: {n} pages, {paragraphs} paragraphs kept, {kept_sentences}/{sentences} article sentences kept, {titled}/{n} headlines = titles"
    );
    assert!(titled * 1000 >= n * 995, "headline is the title on only {titled} of {n} pages");
    assert!(kept_sentences * 1000 >= sentences * 999, "only {kept_sentences} of {sentences} article sentences kept");
    assert!(paragraphs >= kept_sentences);
    paragraphs
}

fn benches<M: Measurement>(c: &mut Criterion<M>) {
    let as_test = !std::env::args().any(|a| a == "--bench");
    let articles = ant_articles(if as_test { 1 << 20 } else { 8 << 20 });
    let pages: Vec<String> = articles.iter().map(Article::page).collect();
    let bytes: usize = pages.iter().map(String::len).sum();
    let cleaner = Cleaner::new();
    let expected = check(&cleaner, &articles);

    let mut g = c.benchmark_group("clean");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("ant_pages", |b| {
        b.iter(|| {
            let mut n = 0;
            for p in &pages {
                n += cleaner.clean_text(black_box(p), &Hints::default()).paragraphs.len();
            }
            assert_eq!(n, expected, "the timed run kept a different number of paragraphs");
            n
        })
    });
    g.finish();
}

marsad_bench_clock::main!(benches);
