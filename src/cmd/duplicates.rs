//! `marsad duplicates`: the duplicate groups of a store.

use crate::cli::EXIT_OK;
use anyhow::Result;
use marsad_corpus::{dedup, Store};
use std::io::Write;
use std::path::PathBuf;

/// List groups of duplicate and near-duplicate articles (republished wire
/// copy, the same article under two URLs, edited versions).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad duplicates                         the largest groups first
  marsad duplicates --json | jq '.[0].members | length'

Each group's representative is its earliest article; each member has its
estimated similarity to it (1 = the same normalized text).")]
pub struct Args {
    #[arg(long, value_name = "DIR", default_value = "marsad-data")]
    pub store: PathBuf,
    /// Print [{representative, members}] as JSON.
    #[arg(long)]
    pub json: bool,
    /// Show at most this many groups (0: all).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub limit: usize,
}

pub fn run(args: Args) -> Result<u8> {
    let mut store = Store::open_existing(&args.store)?;
    store.ensure_corpus()?;
    let mut groups = dedup::groups(store.conn())?;
    if args.limit > 0 {
        groups.truncate(args.limit);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &groups)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    writeln!(out, "{} duplicate groups", groups.len())?;
    for g in &groups {
        let r = &g.representative;
        writeln!(
            out,
            "\n● {}  [{} · {}]\n  id {}  {}",
            r.headline.as_deref().unwrap_or("—"),
            r.outlet,
            r.published.as_deref().unwrap_or("undated"),
            r.id,
            r.url.as_deref().unwrap_or("")
        )?;
        for m in &g.members {
            writeln!(
                out,
                "  {} {:.2} {}  [{}]  id {}  {}",
                if m.exact { "=" } else { "≈" },
                m.similarity,
                m.doc.headline.as_deref().unwrap_or("—"),
                m.doc.outlet,
                m.doc.id,
                m.doc.url.as_deref().unwrap_or("")
            )?;
        }
    }
    Ok(EXIT_OK)
}
