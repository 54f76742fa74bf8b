//! `marsad claims`: claims found in several articles, with who carried them
//! first and who relayed them.

use crate::cli::EXIT_OK;
use anyhow::Result;
use marsad_corpus::{provenance, Store};
use std::io::Write;
use std::path::PathBuf;

/// List claim records: the same claim (same source, similar content) across
/// articles, its carriers in time order and whom each credited.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad claims                             claims carried by the most articles first
  marsad claims --source 'وزارة الصحة' --json")]
pub struct Args {
    #[arg(long, value_name = "DIR", default_value = "marsad-data")]
    pub store: PathBuf,
    /// Only claims whose source contains these words (or is this entity).
    #[arg(long, value_name = "S")]
    pub source: Option<String>,
    /// Only claims carried by at least this many articles.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub min_carriers: usize,
    /// Show at most this many claims.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub limit: usize,
    /// Print the claim records as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Result<u8> {
    let mut store = Store::open_existing(&args.store)?;
    store.ensure_corpus()?;
    let list = provenance::list(store.conn(), args.source.as_deref(), args.min_carriers, args.limit)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &list)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    writeln!(out, "{} claim records", list.len())?;
    for c in &list {
        writeln!(out, "\n“{}” — {}  ({} articles, {} outlets)", c.content, c.source, c.carriers.len(), c.outlets)?;
        for k in &c.carriers {
            let credited =
                if k.credited.is_empty() { String::new() } else { format!("  credits {}", k.credited.join(", ")) };
            writeln!(
                out,
                "  {:<5} {}  {:<14} {}  id {}{}",
                k.role,
                k.published.as_deref().unwrap_or("undated"),
                k.outlet,
                k.headline.as_deref().unwrap_or("—"),
                k.id,
                credited
            )?;
        }
    }
    Ok(EXIT_OK)
}
