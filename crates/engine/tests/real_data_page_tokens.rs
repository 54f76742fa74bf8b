//! The page's tokens as the pipeline takes them from the cleaner's lines
//! (one scan of every line for both folds, the pieces of the page copied
//! out) against tokenizing the cleaned text again, the plain way — on every
//! ANT article, the raw text and HTML pages of `../shared/data/pages` and
//! the seed; and whole analyses (entities, claims, quantities, flags,
//! wording: every annotation) against the reference path on a stride of
//! ANT articles and on every page.
//! Run with `scripts/real-data-checks`, or:
//! `cargo test --release -p marsad-engine --test real_data_page_tokens -- --ignored`.

use marsad_arabic::Tokenizer;
use marsad_engine::{Format, Hints, Pipeline, RawDoc, Source};
use std::path::{Path, PathBuf};

use marsad_shared_data::dir as shared_data;

fn doc(name: String, format: Format, bytes: Vec<u8>) -> RawDoc {
    RawDoc {
        source: Source { path: Some(name), format: Some(format), ..Source::default() },
        bytes,
        hints: Hints::default(),
    }
}

/// Every ANT article as a plain-text page (title, a blank line, text), as
/// the analyze bench reads them.
fn ant_pages() -> Vec<RawDoc> {
    marsad_shared_data::ant_articles()
        .map(|a| doc(format!("ant#{}", a.line), Format::Text, format!("{}\n\n{}\n", a.title, a.text).into_bytes()))
        .collect()
}

/// The files of `dir` and its subdirectories.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("real data missing: {} ({e})", dir.display()));
    for e in entries {
        let p = e.expect("a directory entry").path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// The pages of `../shared/data/pages` (HTML as HTML, the rest as text) and
/// the seed.
fn raw_pages() -> Vec<RawDoc> {
    let mut paths = Vec::new();
    files(&shared_data().join("pages"), &mut paths);
    paths.push(shared_data().join("seed/000_072cdbad76ff305d.txt"));
    paths.sort();
    paths
        .into_iter()
        .filter(|p| !p.ends_with("PROVENANCE.md"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let format = if p.extension().is_some_and(|x| x == "html") { Format::Html } else { Format::Text };
            doc(p.display().to_string(), format, bytes)
        })
        .collect()
}

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_page_tokens_equal_the_text_tokenized_again() {
    let pipeline = Pipeline::builder().build().expect("pipeline");
    let tokenizer = Tokenizer::new();
    let (ant, pages) = (ant_pages(), raw_pages());
    assert!(ant.len() > 10_000 && pages.len() > 100, "{} articles, {} pages", ant.len(), pages.len());
    let (mut n, mut html) = (0, 0);
    for d in ant.iter().chain(&pages) {
        let name = d.source.name();
        let Ok((page, tokens)) = pipeline.clean_with_tokens(d) else { continue };
        assert!(tokens.same_as(&tokenizer.tokenize(&page.text)), "{name}: tokens differ");
        n += tokens.len();
        html += usize::from(d.source.format == Some(Format::Html));
    }
    assert!(n > ant.len() * 100 && html >= 8, "{n} tokens, {html} HTML pages");
}

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_analyses_equal_the_reference_path() {
    let pipeline = Pipeline::builder().build().expect("pipeline");
    let (ant, pages) = (ant_pages(), raw_pages());
    let mut n = 0;
    for d in ant.iter().step_by(25).chain(&pages) {
        let name = d.source.name();
        let (a, b) = (pipeline.analyze(d), pipeline.analyze_reference(d));
        match (a, b) {
            (Ok(a), Ok(b)) => {
                let json = |x: &marsad_engine::Analyzed| serde_json::to_string(&x.document).expect("serializes");
                assert_eq!(json(&a), json(&b), "{name}: analyses differ");
                assert_eq!(a.page.text, b.page.text, "{name}");
                n += a.document.claims.len() + a.document.entities.len();
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{name}"),
            (a, b) => panic!("{name}: {:?} vs {:?}", a.err(), b.err()),
        }
    }
    assert!(n > 10_000, "{n} claims and entities");
}
