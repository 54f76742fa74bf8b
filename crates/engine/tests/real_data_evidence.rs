//! The seed page (`../shared/data/seed/000_072cdbad76ff305d.txt`) as the
//! acceptance case of the evidence analyses: its three attributed claims
//! (Le Monde, the leaked documents, Trump) with their source, cue and
//! content; the hedged "يبدو أن" assertion; 3 آلاف and ثلاثة آلاف read as
//! 3000; "3000 آلاف" flagged, against the headline; ميليشيا قسد reported as
//! a loaded naming of the SDF.
//!
//! Expected strings are computed from the page at run time, from short
//! anchors (the name لوموند, the verb كشفت عن, the word مرارا …), never pasted
//! here: the page is the outlet's text.
//! Run with `scripts/real-data-checks`, or:
//! `cargo test --release -p marsad-engine --test real_data_evidence -- --ignored`.

use marsad_engine::analyze::{ClaimKind, QuantityKind};
use marsad_engine::{Analyzed, Hints, Pipeline, RawDoc, Source};

use marsad_shared_data::dir as shared_data;

fn analyze_seed() -> Analyzed {
    let path = shared_data().join("seed/000_072cdbad76ff305d.txt");
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("the seed page must be readable at {}: {e}", path.display()));
    let raw = RawDoc {
        source: Source { path: Some(path.display().to_string()), ..Source::default() },
        bytes,
        hints: Hints::default(),
    };
    Pipeline::builder().build().expect("pipeline").analyze(&raw).expect("the seed is analyzed")
}

/// The sentence of `text` (split at . and line ends) that contains `anchor`.
fn sentence_with<'a>(text: &'a str, anchor: &str) -> &'a str {
    text.split(['\n', '.'])
        .find(|s| s.contains(anchor))
        .unwrap_or_else(|| panic!("no sentence of the seed contains {anchor:?}"))
        .trim()
}

/// The text between the first `from` (after it) and the first `to` after
/// that (before it) in `s`.
fn between<'a>(s: &'a str, from: &str, to: &str) -> &'a str {
    let a = s.find(from).unwrap_or_else(|| panic!("{from:?} not in {s:?}")) + from.len();
    let b = s[a..].find(to).map_or(s.len(), |k| a + k);
    s[a..b].trim()
}

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_seed_claims() {
    let done = analyze_seed();
    let doc = &done.document;
    let text = &doc.text;
    let claims = &doc.claims;
    let find = |cue: &str, source_has: &str| {
        claims
            .iter()
            .find(|c| c.cue.text == cue && c.source.as_ref().is_some_and(|s| s.text.contains(source_has)))
            .unwrap_or_else(|| panic!("no claim with cue {cue:?} and a source containing {source_has:?}: {claims:#?}"))
    };
    // Every part points at its own bytes of the page's text.
    for c in claims {
        assert_eq!(&text[c.content.span.range()], c.content.text);
        assert_eq!(&text[c.cue.span.range()], c.cue.text);
    }

    // Le Monde: كشفت صحيفة “لوموند” الفرنسية أنه …
    let s = sentence_with(text, "لوموند");
    let c = find("كشفت", "لوموند");
    assert_eq!(c.source.as_ref().unwrap().text, between(s, "كشفت ", " أنه"));
    assert_eq!(c.content.text, between(s, "أنه ", "\u{0}"));
    assert_eq!(c.kind, ClaimKind::Indirect);

    // The leaked documents: تسريب وثائق كشفت عن تسليم … (to the comma).
    let s = sentence_with(text, "وثائق");
    let c = find("كشفت", "وثائق");
    assert!(c.vague_source, "documents are an unnamed source");
    assert_eq!(c.content.text, between(s, "كشفت عن ", "،"));

    // Trump: أعلن الرئيس الأمريكي دونالد ترامب مرارا بأنه سيسحب … (to the comma).
    let s = sentence_with(text, "ترامب");
    let c = find("أعلن", "ترامب");
    assert_eq!(c.source.as_ref().unwrap().text, between(s, "أعلن ", " مرارا"));
    assert_eq!(c.content.text, between(s, "بأنه ", "،"));

    // The article's own hedged assertion: يبدو أن …
    let lede = sentence_with(text, "يبدو أن");
    let h = claims
        .iter()
        .find(|c| c.kind == ClaimKind::Hedged && c.hedged && c.source.is_none())
        .expect("a hedged assertion");
    assert_eq!(h.cue.text, "يبدو");
    assert!(lede.contains(&h.content.text) && h.content.text.starts_with(between(lede, "يبدو أن ", " ")));
}

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_seed_numbers_and_flags() {
    let done = analyze_seed();
    let doc = &done.document;
    let text = &doc.text;
    let headline = done.page.headline_span.expect("the seed has a headline");
    let qs = &doc.quantities;
    let at = |needle: &str| {
        qs.iter()
            .find(|q| q.text.starts_with(needle))
            .unwrap_or_else(|| panic!("no quantity starting with {needle:?}: {qs:#?}"))
    };
    // 3 آلاف (headline) and ثلاثة آلاف (body) are 3000; "3000 آلاف" reads 3,000,000.
    let h = at("3 آلاف");
    assert!(headline.contains(&h.span));
    assert_eq!((h.value, h.kind), (Some(3000.0), QuantityKind::Count));
    assert_eq!(at("ثلاثة آلاف").value, Some(3000.0));
    let slip = at("3000 آلاف");
    assert_eq!(slip.value, Some(3_000_000.0));
    assert_eq!(at("عام 2014").kind, QuantityKind::Year);

    let flags = &doc.flags;
    let malformed = flags
        .iter()
        .find(|f| f.kind == "malformed_number")
        .unwrap_or_else(|| panic!("no malformed_number flag: {flags:#?}"));
    assert_eq!(malformed.spans, vec![slip.span]);
    assert!(malformed.message.en.contains("3,000,000") && malformed.message.en.contains("headline"));
    let inconsistent = flags
        .iter()
        .find(|f| f.kind == "inconsistent_count")
        .unwrap_or_else(|| panic!("no inconsistent_count flag: {flags:#?}"));
    assert!(inconsistent.spans.contains(&h.span) && inconsistent.spans.contains(&slip.span));
    assert!(!inconsistent.message.ar.is_empty() && inconsistent.message.en.contains("headline"));
    for f in flags {
        for s in &f.spans {
            assert!(text.get(s.range()).is_some());
        }
    }
}

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_seed_loaded_naming() {
    let done = analyze_seed();
    let doc = &done.document;
    // The first "ميليشيا" of the page and the name after it.
    let at = doc.text.find("ميليشيا").expect("the seed says ميليشيا");
    let name = doc.text[at..].split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    let w = doc
        .wording
        .iter()
        .find(|w| w.span.start == at)
        .unwrap_or_else(|| panic!("no wording at {at}: {:#?}", doc.wording));
    assert_eq!(w.text, name.trim_end_matches(['،', ',']));
    assert_eq!(w.category, "loaded_naming");
    assert_eq!(w.entity.as_deref(), Some("sdf"));
    // The neutral name of the same entity is reported too.
    assert!(doc.wording.iter().any(|w| w.category == "naming_variant" && w.entity.as_deref() == Some("sdf")));
}
