//! The evidence of one page, in one call: attributed claims, quantities,
//! their consistency flags and loaded wording, over the page's tokens and
//! sentences. The pipeline calls this once per page; the finders are built
//! once and shared.

use crate::analyze::claims::ClaimFinder;
use crate::analyze::flags::FlagChecker;
use crate::analyze::lexicon::{mark, WordBits};
use crate::analyze::quantities::QuantityFinder;
use crate::analyze::wording::WordingFinder;
use crate::analyze::{Claim, Entity, Flag, Quantity, Wording};
use marsad_arabic::{SentenceSplitter, Span, Tokens};
use std::sync::LazyLock;

/// Every first word of a claim cue, a loaded term or a name, and a boundary
/// phrase of a claim, with the analyses it belongs to: one pass over a
/// page's tokens tells each analysis where its lexicons may match (a
/// superset: each analysis then checks its own lexicon there).
static MARKS: LazyLock<WordBits> = LazyLock::new(|| {
    let words: Vec<(&str, u8)> = ClaimFinder::start_words()
        .map(|w| (w, mark::CLAIM))
        .chain(WordingFinder::start_words().map(|w| (w, mark::WORDING)))
        .chain(ClaimFinder::bound_words().map(|w| (w, mark::BOUND)))
        .collect();
    let mut table = WordBits::with_capacity(words.len());
    for (w, bit) in words {
        table.insert(w, bit);
    }
    table
});

/// The marks the caller computed for the page, or else the page's marks
/// computed into `own` (an analysis called on its own).
pub(crate) fn marks_or_own<'a>(tokens: &Tokens, marks: Option<&'a [u8]>, own: &'a mut Vec<u8>) -> &'a [u8] {
    match marks {
        Some(m) => m,
        None => {
            page_marks(tokens, own);
            own
        }
    }
}

/// The marks of every token of a page (see [`lexicon::mark`]).
pub(crate) fn page_marks(tokens: &Tokens, out: &mut Vec<u8>) {
    let table = &*MARKS;
    out.clear();
    out.extend(tokens.iter().map(|t| if t.is_word() { table.token(tokens, t) } else { 0 }));
}

/// What [`EvidenceFinder::find`] returns.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub claims: Vec<Claim>,
    pub quantities: Vec<Quantity>,
    pub flags: Vec<Flag>,
    pub wording: Vec<Wording>,
}

/// Runs every evidence analysis. Built once, `Send + Sync`.
#[derive(Clone, Copy, Debug, Default)]
pub struct EvidenceFinder {
    splitter: SentenceSplitter,
    claims: ClaimFinder,
    quantities: QuantityFinder,
    flags: FlagChecker,
    wording: WordingFinder,
}

impl EvidenceFinder {
    pub fn new() -> EvidenceFinder {
        let _ = &*MARKS;
        EvidenceFinder {
            splitter: SentenceSplitter::new(),
            claims: ClaimFinder::new(),
            quantities: QuantityFinder::new(),
            flags: FlagChecker::new(),
            wording: WordingFinder::new(),
        }
    }

    /// The evidence of `text` (a page's cleaned text) given its `tokens`,
    /// the span of its headline, and the entities found in it (possibly
    /// none).
    pub fn find(&self, text: &str, tokens: &Tokens, headline: Option<Span>, entities: &[Entity]) -> Evidence {
        let sentences = self.splitter.split(text);
        let mut marks = Vec::new();
        page_marks(tokens, &mut marks);
        let claims = self.claims.find_marked(text, tokens, &sentences, entities, Some(&marks));
        let found = self.quantities.find_all(text, tokens);
        let flags = self.flags.check(text, tokens, &found, &sentences, headline);
        let wording = self.wording.find_marked(text, tokens, entities, Some(&marks));
        Evidence { claims, quantities: found.into_iter().map(|f| f.quantity).collect(), flags, wording }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word of the marks table is found with its bits through the
    /// class test, as by the plain hashed lookup.
    #[test]
    fn every_marked_word_passes_the_class_test() {
        let words: Vec<&str> =
            ClaimFinder::start_words().chain(WordingFinder::start_words()).chain(ClaimFinder::bound_words()).collect();
        assert!(words.len() > 100, "{} words", words.len());
        for w in words {
            let got = MARKS.get(w);
            assert!(got != 0 && got == MARKS.get_hashed(w), "{w}");
        }
    }
}
