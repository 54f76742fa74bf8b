//! `marsad stories`: articles about the same event across outlets and days.

use crate::cli::EXIT_OK;
use anyhow::Result;
use marsad_corpus::{stories, Store};
use std::io::Write;
use std::path::PathBuf;

/// List stories: clusters of articles about the same event, across outlets
/// and days, with their title, outlets, first and last article.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad stories                            stories covered by the most outlets first
  marsad stories --min-outlets 3 --json | jq '.[].title'")]
pub struct Args {
    #[arg(long, value_name = "DIR", default_value = "marsad-data")]
    pub store: PathBuf,
    /// Print the stories as JSON.
    #[arg(long)]
    pub json: bool,
    /// Only stories carried by at least this many outlets.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_outlets: usize,
    /// Show at most this many stories.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
}

pub fn run(args: Args) -> Result<u8> {
    let mut store = Store::open_existing(&args.store)?;
    store.ensure_corpus()?;
    let list = stories::list(store.conn(), args.min_outlets, args.limit)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &list)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    for s in &list {
        writeln!(out, "\n■ {}  ({} articles, {} outlets: {})", s.title, s.size, s.outlets.len(), s.outlets.join(", "))?;
        writeln!(out, "  keywords: {}", s.keywords.join(" "))?;
        for a in &s.articles {
            writeln!(
                out,
                "  {}  {:<14} {}  id {}",
                a.published.as_deref().unwrap_or("undated"),
                a.outlet,
                a.headline.as_deref().unwrap_or("—"),
                a.id
            )?;
        }
    }
    Ok(EXIT_OK)
}
