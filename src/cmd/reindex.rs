//! `marsad reindex`: rebuild the search index from the store's SQLite.

use crate::cli::EXIT_OK;
use anyhow::Result;
use marsad_corpus::Store;
use std::path::PathBuf;
use std::time::Instant;

/// Rebuild the full-text index from SQLite (after an analyzer change, or if
/// the index directory was lost), and recompute duplicates, stories and
/// claim records.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_name = "DIR", default_value = "marsad-data")]
    pub store: PathBuf,
}

pub fn run(args: Args) -> Result<u8> {
    let start = Instant::now();
    let mut store = Store::open_existing(&args.store)?;
    let n = store.reindex()?;
    let c = store.update_corpus()?;
    eprintln!(
        "marsad: reindexed {n} documents in {:.1} s; {} duplicate groups, {} stories, {} claim records",
        start.elapsed().as_secs_f64(),
        c.duplicate_groups,
        c.stories,
        c.claim_records
    );
    Ok(EXIT_OK)
}
