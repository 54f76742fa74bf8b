//! The evidence of one page, in one call: attributed claims, quantities,
//! their consistency flags and loaded wording, over the page's tokens and
//! sentences. The pipeline calls this once per page; the finders are built
//! once and shared.

use crate::analyze::claims::ClaimFinder;
use crate::analyze::flags::FlagChecker;
use crate::analyze::quantities::QuantityFinder;
use crate::analyze::wording::WordingFinder;
use crate::analyze::{Claim, Entity, Flag, Quantity, Wording};
use marsad_arabic::{SentenceSplitter, Span, Tokens};

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
        let claims = self.claims.find(text, tokens, &sentences, entities);
        let found = self.quantities.find_all(text, tokens);
        let flags = self.flags.check(text, tokens, &found, &sentences, headline);
        let wording = self.wording.find(text, tokens, entities);
        Evidence { claims, quantities: found.into_iter().map(|f| f.quantity).collect(), flags, wording }
    }
}
