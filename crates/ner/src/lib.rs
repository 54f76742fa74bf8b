//! marsad's Arabic named-entity tagger.
//!
//! A linear sequence tagger over marsad's own tokens: rich hashed features
//! (word, normalized form, clitic-free base, affixes, shape, neighbours,
//! gazetteers, word clusters learned from unlabelled news), weights found
//! by an averaged structured perceptron or a linear-chain CRF, Viterbi
//! decoding under BIO constraints. Tagging costs a few hash lookups per
//! token, so it runs at the speed of the tokenizer rather than of a neural
//! network.
//!
//! Entities are then resolved to [canonical entities](canonical): the many
//! names of one group, state or person (`قسد`, `قوات سوريا الديمقراطية`;
//! `داعش`, `الدواعش`, `داعشي`) meet in one id.
//!
//! ```
//! use marsad_ner::{Canonicals, Tagger, TagBuffer};
//! use marsad_arabic::Tokenizer;
//!
//! let tagger = Tagger::embedded().expect("the model ships with the crate");
//! let text = "قال الرئيس الأمريكي دونالد ترامب في واشنطن إن قوات سوريا الديمقراطية تحارب داعش.";
//! let tokens = Tokenizer::new().tokenize(text);
//! let mut found = Vec::new();
//! tagger.tag(text, &tokens, &mut TagBuffer::new(), &mut found);
//! let names: Vec<&str> = found.iter().map(|m| &text[m.span.range()]).collect();
//! assert!(names.contains(&"دونالد ترامب"), "{names:?}");
//! let sdf = Canonicals::get().resolve_text("لقسد").unwrap();
//! assert_eq!(sdf.id, "sdf");
//! ```

pub mod canonical;
pub mod clustering;
pub mod clusters;
pub mod conll;
mod doc_rows;
mod emission;
mod error;
pub mod eval;
pub mod features;
pub mod gazetteer;
mod hash;
mod label;
pub mod lexicon;
pub mod model;
mod tagger;
pub mod train;
mod weights;

pub use canonical::{Canonical, Canonicals};
pub use error::{Error, ErrorKind, Result};
pub use label::{Label, Tag};
pub use model::Model;
pub use tagger::{entity_start, Mention, TagBuffer, Tagger};
