//! `marsad search`: Arabic full-text search over a store.

use crate::cli::EXIT_OK;
use anyhow::{Context, Result};
use marsad_corpus::{SearchRequest, Store};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Search the store: Arabic queries match across spelling variants, clitics
/// and the names of an entity.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad search العراق                      finds بالعراق, والعراق, العراقيين …
  marsad search الدواعش                     also finds articles naming داعش
  marsad search 'اللاجئين السوريين' --outlet bbc --from 2018-03-01 --to 2018-03-31
  marsad search --json 'كأس العالم' | jq '.hits[].headline'
  marsad search --outlet 'sky' ''           everything from one outlet, newest first

Ranking is BM25 (headline words count 1.5×); --recent multiplies it by a
recency factor (half-life 30 days before the newest article in the store).")]
pub struct Args {
    /// The query (words are all required; empty lists everything that passes the filters).
    #[arg(value_name = "QUERY")]
    pub query: String,

    #[arg(long, value_name = "DIR", default_value = "marsad-data")]
    pub store: PathBuf,

    /// Only articles from this outlet (part of its name or host).
    #[arg(long, value_name = "O")]
    pub outlet: Option<String>,

    /// Only articles mentioning this entity (canonical id or a name it was mentioned under).
    #[arg(long, value_name = "E")]
    pub entity: Option<String>,

    /// Published on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Published on or before this date (YYYY-MM-DD, the whole day).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,

    /// Rank recent articles higher.
    #[arg(long)]
    pub recent: bool,

    /// Print {total, hits, facets} as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Result<u8> {
    let store = Store::open_existing(&args.store)?;
    let req = SearchRequest {
        query: args.query.clone(),
        outlet: args.outlet.clone(),
        entity: args.entity.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        limit: args.limit,
        recency: args.recent || args.query.trim().is_empty(),
        snippet_chars: 180,
        ..SearchRequest::default()
    };
    let res = store.search(&req).with_context(|| format!("searching for {:?}", args.query))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &res)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    let bold = std::io::stdout().is_terminal();
    writeln!(out, "{} results", res.total)?;
    for (i, h) in res.hits.iter().enumerate() {
        writeln!(
            out,
            "\n{:>2}. {}  [{} · {} · {:.2}]",
            i + 1,
            h.headline.as_deref().unwrap_or("—"),
            h.outlet,
            h.published.as_deref().unwrap_or("undated"),
            h.score
        )?;
        writeln!(out, "    id {}  {}", h.id, h.url.as_deref().unwrap_or(""))?;
        let mut snippet = String::new();
        let mut at = 0;
        for &(s, e) in &h.highlights {
            if s < at || e > h.snippet_text.len() {
                continue;
            }
            snippet.push_str(&h.snippet_text[at..s]);
            snippet.push_str(if bold { "\x1b[1m" } else { "«" });
            snippet.push_str(&h.snippet_text[s..e]);
            snippet.push_str(if bold { "\x1b[0m" } else { "»" });
            at = e;
        }
        snippet.push_str(&h.snippet_text[at..]);
        writeln!(out, "    {}", snippet.replace('\n', " "))?;
    }
    let f = &res.facets;
    if res.total > 0 {
        let list = |v: &[marsad_corpus::search::FacetCount], n: usize| {
            v.iter()
                .take(n)
                .map(|c| format!("{} ({})", c.name.as_deref().unwrap_or(&c.value), c.count))
                .collect::<Vec<_>>()
                .join(", ")
        };
        writeln!(out, "\noutlets:  {}", list(&f.outlets, 10))?;
        if !f.entities.is_empty() {
            writeln!(out, "entities: {}", list(&f.entities, 10))?;
        }
        if !f.months.is_empty() {
            writeln!(out, "months:   {}", list(&f.months, 24))?;
        }
    }
    Ok(EXIT_OK)
}
