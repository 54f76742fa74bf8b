//! The Arabic text layer of marsad: pure functions over text, no I/O.
//!
//! Everything here keeps offsets exact. The [`Normalizer`] folds spelling
//! variants through one explicit [fold table](Fold) and records an
//! [`OffsetMap`] back to the input; the [`Tokenizer`] works on the original
//! text, so each [`Token`]'s span covers the exact bytes it came from, while
//! its normalized form and clitic-free base live in a reusable arena.
//! Proclitics (و ف ب ك ل ال) are split by rule, guarded by a
//! [lexicon](clitic_guard) derived from corpus counts; the [`Stemmer`]
//! strips suffixes from clitic-free bases for search; the
//! [`SentenceSplitter`] returns sentence spans.
//!
//! ```
//! use marsad_arabic::{Tokenizer, TokenKind};
//! let text = "وقالت الوزارةُ إن ٣ آلاف شخص وصلوا بالعراق.";
//! let tokens = Tokenizer::new().tokenize(text);
//! let t = &tokens[1];
//! assert_eq!(t.span.get(text), Some("الوزارةُ"));
//! assert_eq!(tokens.norm(t), "الوزارة");
//! assert_eq!(tokens.base(t), "وزارة");
//! let n = &tokens[3];
//! assert_eq!((n.kind, tokens.norm(n)), (TokenKind::Number, "3"));
//! ```

pub mod chars;
pub mod clitic_guard;
pub mod clitics;
mod fold;
mod fold_presentation;
mod fxhash;
mod normalize;
pub mod numbers;
mod segment_cache;
pub mod sentence;
mod span;
mod stem;
mod tokenize;
mod word_set;

pub use clitics::Proclitics;
pub use fold::Fold;
pub use normalize::{Normalized, Normalizer, NormalizerBuilder};
pub use sentence::{SentenceSplitter, SentenceSplitterBuilder};
pub use span::{OffsetMap, Span};
pub use stem::{Stemmer, StemmerBuilder};
pub use tokenize::{Token, TokenKind, Tokenizer, TokenizerBuilder, TokenizerPair, Tokens};
