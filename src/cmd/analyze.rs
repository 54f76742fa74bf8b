//! `marsad analyze`: run the pipeline over pages and print what it found.

use crate::cli::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use anyhow::Result;
use marsad_engine::ingest::{self, Input, Limits};
use marsad_engine::{Analyzed, Document, DropReason, Dropped, Pipeline};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};

/// Analyze Arabic news pages: clean each one and print its structure.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad analyze examples/                 a summary of every page in a directory
  marsad analyze --json page.txt           one JSON object per document, one per line
  curl -s URL | marsad analyze --json -    read a page from standard input

Inputs are recognised by their content: plain text, HTML, WARC / WARC.gz / WET
(one document per record), JSONL (one per line) and TREC-style <DOC> collections
(ANT, Arabic Gigaword; one per record); gzip is undone transparently.

Exit status: 0 if every document was analyzed, 1 if any failed (each failure is
reported on standard error and the others are still processed), 2 for usage errors.
The JSON fields are described in docs/schema.md.")]
pub struct Args {
    /// Files or directories to read (directories are walked recursively);
    /// `-` reads standard input.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    /// Print one JSON object per document per line instead of a summary.
    #[arg(long)]
    pub json: bool,

    /// Largest document to accept, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    pub max_size: u64,
}

pub fn run(args: Args) -> Result<u8> {
    let mut inputs: Vec<Input> = args.paths.iter().map(|p| Input::parse(p)).collect();
    if inputs.is_empty() {
        if std::io::stdin().is_terminal() {
            eprintln!("marsad analyze: no input; give a file, a directory, or `-` for standard input (see --help)");
            return Ok(EXIT_USAGE);
        }
        inputs.push(Input::Stdin);
    }
    let limits = Limits { max_doc_bytes: args.max_size.saturating_mul(1024 * 1024), ..Limits::default() };
    let pipeline = Pipeline::builder().build()?;

    let mut failed = 0usize;
    let mut done = 0usize;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for input in ingest::expand(&inputs) {
        let input = match input {
            Ok(i) => i,
            Err(e) => {
                eprintln!("marsad: {e}");
                failed += 1;
                continue;
            }
        };
        // Documents of one input are analysed in parallel in chunks, and
        // printed in input order.
        let mut docs = ingest::read(&input, &limits).peekable();
        while docs.peek().is_some() {
            let chunk: Vec<_> = docs.by_ref().take(256).collect();
            let results: Vec<_> = chunk.into_par_iter().map(|r| r.and_then(|raw| pipeline.analyze(&raw))).collect();
            for r in results {
                match r {
                    Ok(a) => {
                        done += 1;
                        if args.json {
                            serde_json::to_writer(&mut out, &a.document)?;
                            out.write_all(b"\n")?;
                        } else {
                            write_summary(&mut out, &a)?;
                        }
                    }
                    Err(e) => {
                        failed += 1;
                        out.flush()?;
                        eprintln!("marsad: {e}");
                    }
                }
            }
        }
    }
    out.flush()?;
    if !args.json && done + failed > 1 {
        eprintln!("marsad: {done} analyzed, {failed} failed");
    }
    Ok(if failed > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
}

/// Most dropped lines listed one by one; beyond that the summary lists the
/// ones that carry the article's metadata or notable furniture.
const DROPPED_LISTED: usize = 16;

/// A short, human summary of one document.
fn write_summary(out: &mut impl Write, a: &Analyzed) -> std::io::Result<()> {
    let d: &Document = &a.document;
    let dash = "—";
    let format = d.source.format.map_or("?", |f| f.as_str());
    let encoding = d.source.encoding.as_deref().map(|e| format!(", {e}")).unwrap_or_default();
    writeln!(out, "── {} ({format}{encoding}, id {})", d.source.name(), d.id)?;
    writeln!(out, "  headline   {}", d.headline.as_deref().unwrap_or(dash))?;
    writeln!(out, "  byline     {}", d.byline.as_deref().unwrap_or(dash))?;
    writeln!(out, "  published  {}", d.published.as_deref().unwrap_or(dash))?;
    // Where the page says it comes from (HTML metadata, container fields).
    match (&d.source.outlet, &d.source.canonical) {
        (Some(o), Some(u)) => writeln!(out, "  outlet     {o} · {u}")?,
        (Some(o), None) => writeln!(out, "  outlet     {o}")?,
        (None, Some(u)) => writeln!(out, "  url        {u}")?,
        (None, None) => {}
    }
    let words = d.paragraphs.iter().map(|p| p.split_whitespace().count()).sum::<usize>();
    writeln!(out, "  body       {} paragraphs, {words} words", d.paragraphs.len())?;
    for (i, p) in d.paragraphs.iter().enumerate() {
        writeln!(out, "    {:>2}. {}", i + 1, ellipsis(p, 90))?;
    }
    for (i, r) in d.related.iter().enumerate() {
        writeln!(out, "  {:<10} {}", if i == 0 { "related" } else { "" }, ellipsis(r, 90))?;
    }
    if !d.credits.is_empty() {
        writeln!(out, "  credits    {}", d.credits.join(" · "))?;
    }
    let found = [
        ("claims", d.claims.len()),
        ("quantities", d.quantities.len()),
        ("flags", d.flags.len()),
        ("wording", d.wording.len()),
        ("entities", d.entities.len()),
    ];
    if found.iter().any(|(_, n)| *n > 0) {
        let parts: Vec<String> = found.iter().filter(|(_, n)| *n > 0).map(|(k, n)| format!("{n} {k}")).collect();
        writeln!(out, "  found      {}", parts.join(", "))?;
    }
    if !d.dropped.is_empty() {
        // Reasons by count, most frequent first.
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for x in &d.dropped {
            match counts.iter_mut().find(|(r, _)| *r == x.reason.as_str()) {
                Some(c) => c.1 += 1,
                None => counts.push((x.reason.as_str(), 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1));
        let by_reason: Vec<String> = counts.iter().map(|(r, n)| format!("{r} {n}")).collect();
        writeln!(out, "  dropped    {} lines: {}", d.dropped.len(), by_reason.join(", "))?;
        let notable = |r: DropReason| {
            !matches!(r, DropReason::Navigation | DropReason::LinkList | DropReason::Boilerplate | DropReason::Comments)
        };
        let listed: Vec<&Dropped> = if d.dropped.len() <= DROPPED_LISTED {
            d.dropped.iter().collect()
        } else {
            d.dropped.iter().filter(|x| notable(x.reason)).take(DROPPED_LISTED).collect()
        };
        for x in &listed {
            writeln!(out, "    {:<14} {}", x.reason.as_str(), ellipsis(&x.text, 70))?;
        }
        if listed.len() < d.dropped.len() {
            writeln!(out, "    … {} more (see --json)", d.dropped.len() - listed.len())?;
        }
    }
    writeln!(out)
}

/// The first `n` characters of `s`, with an ellipsis if it was longer.
fn ellipsis(s: &str, n: usize) -> String {
    let mut it = s.chars();
    let head: String = it.by_ref().take(n).collect();
    if it.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}
