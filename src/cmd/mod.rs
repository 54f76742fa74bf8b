//! One module per subcommand.

pub mod analyze;
pub mod serve;
pub mod claims;
pub mod duplicates;
pub mod eval_claims;
pub mod eval_dedup;
pub mod eval_ner;
pub mod eval_quantities;
pub mod eval_refs;
pub mod eval_wording;
pub mod ingest;
pub mod reindex;
pub mod search;
pub mod stories;
pub mod train_claims;
pub mod train_clusters;
pub mod train_lexicon;
pub mod train_ner;
