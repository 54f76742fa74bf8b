//! The seed page (`../shared/data/seed/000_072cdbad76ff305d.txt`), the first
//! acceptance case of page cleaning: its headline, byline, six body
//! paragraphs, two related links, two credited outlets, and the cookie
//! notice and ticker among the dropped lines, each with the right reason.
//!
//! Expected strings are read from the file by line position (1-based, as
//! `cat -n` shows them), never pasted here: the page is the outlet's text.
//! Run with `scripts/real-data-checks`, or:
//! `cargo test --release -p marsad-engine --test clean_seed -- --ignored`.

use marsad_engine::{DropReason, Format, Hints, Pipeline, RawDoc, Source};

use marsad_shared_data::dir as shared_data;

const SEED: &str = "seed/000_072cdbad76ff305d.txt";

/// The seed's bytes and its lines, 1-based (`line(3)` is the third line).
struct Seed {
    raw: Vec<u8>,
    lines: Vec<String>,
}

impl Seed {
    fn read() -> Seed {
        let path = shared_data().join(SEED);
        let raw = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("the seed page must be readable at {}: {e}", path.display()));
        let text = String::from_utf8(raw.clone()).expect("the seed is UTF-8");
        let lines = text.split('\n').map(|l| l.trim_end_matches('\r').to_string()).collect();
        Seed { raw, lines }
    }

    fn line(&self, n: usize) -> &str {
        self.lines[n - 1].trim()
    }

    /// What follows the first colon of line `n` ("label: value").
    fn value(&self, n: usize) -> &str {
        self.line(n).split_once(':').expect("a label and a value").1.trim()
    }

    /// Byte range of line `n` (trimmed) in the raw file.
    fn range(&self, n: usize) -> std::ops::Range<usize> {
        let start: usize = self.lines[..n - 1].iter().map(|l| l.len() + 1).sum();
        let full = &self.lines[n - 1];
        let lead = full.len() - full.trim_start().len();
        start + lead..start + lead + full.trim().len()
    }
}

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_seed_page_is_cleaned() {
    let seed = Seed::read();
    let raw = RawDoc {
        source: Source { path: Some(SEED.into()), format: Some(Format::Text), ..Source::default() },
        bytes: seed.raw.clone(),
        hints: Hints::default(),
    };
    let done = Pipeline::builder().build().unwrap().analyze(&raw).unwrap();
    let doc = &done.document;

    assert_eq!(doc.headline.as_deref(), Some(seed.line(1)), "headline: line 1");
    // Line 5 is "label: name", placed after the lede.
    assert_eq!(doc.byline.as_deref(), Some(seed.value(5)), "byline: the name on line 5");

    let body = [3, 7, 11, 13, 15, 17];
    let want: Vec<&str> = body.iter().map(|&n| seed.line(n)).collect();
    assert_eq!(doc.paragraphs, want, "exactly the six body paragraphs, in order");

    // Lines 9 and 21 are related links: their headlines without the prefix.
    assert_eq!(doc.related, vec![seed.value(9), seed.value(21)]);

    // Line 19 credits two outlets joined by "+", ending with a full stop.
    let credited: Vec<&str> = seed.value(19).split('+').map(|s| s.trim().trim_end_matches('.').trim()).collect();
    assert_eq!(credited.len(), 2);
    assert_eq!(doc.credits, credited);
    // The byline's desk is also the first credited outlet.
    assert_eq!(doc.credits[0], seed.value(5));

    let reason_of = |n: usize| doc.dropped.iter().find(|d| d.text == seed.line(n)).map(|d| d.reason);
    assert_eq!(reason_of(23), Some(DropReason::CookieNotice), "line 23 is the cookie notice");
    assert_eq!(reason_of(25), Some(DropReason::Ticker), "line 25 is the ticker");
    assert_eq!(reason_of(5), Some(DropReason::Byline));
    assert_eq!(reason_of(19), Some(DropReason::CreditLine));
    assert_eq!(reason_of(9), Some(DropReason::RelatedLink));
    assert_eq!(reason_of(21), Some(DropReason::RelatedLink));
    assert_eq!(doc.dropped.len(), 6, "every non-body line is accounted for: {:?}", doc.dropped);
    assert_eq!(doc.published, None, "the seed has no date");

    // `text` is the headline and the paragraphs, separated by blank lines.
    let mut joined = vec![seed.line(1)];
    joined.extend(&want);
    assert_eq!(doc.text, joined.join("\n\n"));

    // Every paragraph's span in `text` leads back to exactly its bytes in
    // the raw file; so does the headline's.
    let page = &done.page;
    for (span, &n) in page.paragraph_spans.iter().zip(&body) {
        assert_eq!(done.raw_map.span_to_source(*span).range(), seed.range(n), "paragraph on line {n}");
        assert_eq!(&seed.raw[seed.range(n)], span.get(&doc.text).unwrap().as_bytes());
    }
    let h = page.headline_span.expect("headline span");
    assert_eq!(done.raw_map.span_to_source(h).range(), seed.range(1));
}

/// The same page with Windows line endings and a BOM, as a crawler on another
/// system might save it: same result, spans still exact.
#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_seed_page_with_crlf_and_bom() {
    let seed = Seed::read();
    let mut raw = "\u{FEFF}".as_bytes().to_vec();
    raw.extend(String::from_utf8(seed.raw.clone()).unwrap().replace('\n', "\r\n").into_bytes());
    let doc = RawDoc { source: Source::default(), bytes: raw.clone(), hints: Hints::default() };
    let done = Pipeline::builder().build().unwrap().analyze(&doc).unwrap();
    assert_eq!(done.document.paragraphs.len(), 6);
    assert_eq!(done.document.headline.as_deref(), Some(seed.line(1)));
    let last = *done.page.paragraph_spans.last().unwrap();
    let back = done.raw_map.span_to_source(last);
    assert_eq!(&raw[back.range()], seed.line(17).as_bytes());
}
