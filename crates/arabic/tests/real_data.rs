//! Checks of the Arabic text layer against real news text in
//! `../shared/data` (run by `scripts/real-data-checks`). They panic when the
//! data is missing: a check that cannot run must not pass.

use marsad_arabic::clitic_guard::{GuardParams, GuardTrainer, DERIVED_MAGIC};
use marsad_arabic::sentence::SentenceSplitter;
use marsad_arabic::{TokenKind, Tokenizer, Tokens};

/// The `text` field of every ANT article.
fn ant_texts() -> Vec<String> {
    marsad_shared_data::ant_articles().map(|a| a.text).collect()
}

/// The committed derived guard lexicon is what `marsad train lexicon`
/// makes of the ANT corpus today: the artefact matches its generator.
#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_derived_guard_is_reproducible() {
    let mut t = GuardTrainer::new();
    t.add_texts(ant_texts());
    let derived = t.derive(&GuardParams::default());
    let fresh = derived.render(&[]);
    let committed = include_str!("../data/clitic_guard_derived.txt");
    assert!(committed.starts_with(DERIVED_MAGIC));
    let words = |s: &str| -> Vec<String> {
        s.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
    };
    let (want, got) = (words(committed), words(&fresh));
    if want != got {
        let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).take(10).collect();
        let extra: Vec<_> = got.iter().filter(|w| !want.contains(w)).take(10).collect();
        panic!(
            "crates/arabic/data/clitic_guard_derived.txt is stale: regenerate it with the command in its header \
             (committed {} words, derived {}; only committed: {missing:?}; only derived: {extra:?})",
            want.len(),
            got.len()
        );
    }
}

/// Over real articles: token spans are exact and ordered, a third or more
/// of the Arabic words carry a clitic, and sentences cover the text.
#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_tokens_and_sentences_hold_on_ant() {
    let texts = ant_texts();
    let tk = Tokenizer::new();
    let splitter = SentenceSplitter::new();
    let mut toks = Tokens::new();
    let (mut words, mut split, mut sentences) = (0usize, 0usize, 0usize);
    for text in texts.iter().take(3000) {
        tk.tokenize_into(text, &mut toks);
        let mut prev = 0;
        for t in toks.iter() {
            assert!(t.span.start >= prev && t.span.get(text).is_some(), "bad span {:?}", t.span);
            assert!(t.base_span().get(text).is_some());
            prev = t.span.end;
            if t.kind == TokenKind::Word {
                words += 1;
                split += usize::from(!t.proclitics.is_empty());
            }
        }
        let spans = splitter.split(text);
        let mut prev = 0;
        for s in &spans {
            assert!(s.start >= prev && s.get(text).is_some());
            prev = s.end;
        }
        sentences += spans.len();
    }
    assert!(split * 3 > words, "{split} of {words} words carry a clitic");
    // ANT articles are a few hundred words of several sentences each.
    assert!(sentences > 3000 * 5, "{sentences} sentences in 3000 articles");
}
