//! `marsad ingest`: analyse pages and keep them in a store — documents,
//! entities, claims, quantities, duplicates, stories — searchable with
//! `marsad search`.

use crate::cli::{EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use marsad_corpus::timing::{process_cpu, thread_cpu};
use marsad_corpus::{BatchOutcome, Prepared, Preparer, Store};
use marsad_engine::ingest::{self, Input, Limits};
use marsad_engine::Pipeline;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Ingest Arabic news pages into a store (SQLite + search index).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad ingest pages/                          every file under a directory
  marsad ingest --store corpus ant.jsonl crawl.warc.gz
  marsad ingest --json news.jsonl | jq .added   the summary as JSON

Reading the same input again adds nothing; a page whose content changed at the
same URL is stored as a new version; the same content at another URL is stored
as its own document in the first one's duplicate group. An interrupted ingest
(Ctrl-C, kill) leaves the store consistent: run the same command again and it
continues where the last committed batch ended.

Exit status: 0 if every document was stored, 1 if any was rejected (each is
listed with its reason and recorded in the store), 2 for usage errors.")]
pub struct Args {
    /// Files or directories to read (directories are walked recursively);
    /// `-` reads standard input. Text, HTML, WARC/WET (.gz) and JSONL.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<String>,

    /// The store directory (created if absent).
    #[arg(long, value_name = "DIR", default_value = "marsad-data")]
    pub store: PathBuf,

    /// Print the summary as one JSON object on standard output.
    #[arg(long)]
    pub json: bool,

    /// Largest document to accept, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 32)]
    pub max_size: u64,

    /// Skip the corpus-level steps (duplicates, stories, claim records) for
    /// a bulk load; they run on the next `marsad reindex` or when first
    /// asked for.
    #[arg(long)]
    pub defer_corpus: bool,

    /// Documents per store transaction.
    #[arg(long, value_name = "N", default_value_t = 512)]
    pub batch: usize,
}

/// The final summary.
#[derive(Serialize, Debug, Default)]
struct Summary {
    store: String,
    read: usize,
    #[serde(flatten)]
    outcome: BatchOutcome,
    rejected: usize,
    seconds: f64,
    /// Reading, analysing, storing and indexing.
    seconds_reading_and_storing: f64,
    /// Index commit and merges, duplicates, stories, claim records.
    seconds_corpus: f64,
    docs_per_second: f64,
    mb_per_second: f64,
    duplicate_groups: usize,
    stories: usize,
    claim_records: usize,
    totals: marsad_corpus::Stats,
    /// Where the time went, in CPU seconds (and wall seconds for the
    /// writer's phases).
    phases: Phases,
    rejects: Vec<Reject>,
}

/// CPU time by phase. `analysis` is the analysis workers' (cleaning,
/// entities, claims, quantities, wording, identity and MinHash signatures);
/// `reading` the reading thread's (decoding inputs, sighting keys); `store`
/// the writer thread's phases; `other` the rest of the process (tantivy's
/// indexing and merging threads, mostly).
#[derive(Serialize, Debug, Default)]
struct Phases {
    process_cpu: f64,
    reading: f64,
    analysis: f64,
    store: marsad_corpus::timing::StoreTimes,
    other: f64,
}

#[derive(Serialize, Debug)]
struct Reject {
    input: String,
    reason: String,
}

/// What the reading thread sends the writer.
enum Msg {
    Batch { prepared: Vec<Prepared>, rejects: Vec<Reject>, skipped: usize, bytes: u64 },
    InputDone { size: u64 },
}

pub fn run(args: Args) -> Result<u8> {
    let inputs: Vec<Input> = args.paths.iter().map(|p| Input::parse(p)).collect();
    if inputs.contains(&Input::Stdin) && std::io::stdin().is_terminal() {
        eprintln!("marsad ingest: `-` reads standard input, but it is a terminal (see --help)");
        return Ok(EXIT_USAGE);
    }
    // Named threads, so that a profile tells analysis from the writer and
    // from tantivy's threads. The global pool may already exist (a caller
    // that used rayon first); then its threads keep their names.
    let _ = rayon::ThreadPoolBuilder::new().thread_name(|i| format!("analyse-{i}")).build_global();
    let workers_cpu0 = rayon::broadcast(|_| thread_cpu());
    let limits = Limits { max_doc_bytes: args.max_size.saturating_mul(1024 * 1024), ..Limits::default() };
    let pipeline = Pipeline::builder().build().context("building the pipeline")?;
    let preparer = Preparer::new();
    let mut store = Store::open(&args.store).with_context(|| format!("opening the store {}", args.store.display()))?;
    store.begin_ingest(&args.paths)?;
    let seen: HashSet<i64> = store.seen_keys();

    let expanded = ingest::expand(&inputs);
    let total_bytes: Option<u64> = expanded
        .iter()
        .map(|i| match i {
            Ok(Input::Path(p)) => std::fs::metadata(p).ok().map(|m| m.len()),
            _ => None,
        })
        .sum();
    let bar = progress_bar(total_bytes);
    let start = Instant::now();
    let mut summary = Summary { store: args.store.display().to_string(), ..Summary::default() };
    let batch = args.batch.max(1);

    let result: Result<Duration> = std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Msg>(2);
        let pipeline = &pipeline;
        let preparer = &preparer;
        let seen = &seen;
        let reader = std::thread::Builder::new().name("ingest-read".into()).spawn_scoped(scope, move || {
            let cpu0 = thread_cpu();
            let cpu = || match (cpu0, thread_cpu()) {
                (Some(a), Some(b)) => b.saturating_sub(a),
                _ => Duration::ZERO,
            };
            for input in expanded {
                let input = match input {
                    Ok(i) => i,
                    Err(e) => {
                        let r = Reject { input: e.doc().unwrap_or("?").to_string(), reason: e.kind().to_string() };
                        if tx.send(Msg::Batch { prepared: vec![], rejects: vec![r], skipped: 0, bytes: 0 }).is_err() {
                            return cpu();
                        }
                        continue;
                    }
                };
                let size = match &input {
                    Input::Path(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
                    Input::Stdin => 0,
                };
                let mut docs = ingest::read(&input, &limits).peekable();
                while docs.peek().is_some() {
                    let chunk: Vec<_> = docs.by_ref().take(batch).collect();
                    let bytes: u64 = chunk.iter().map(|r| r.as_ref().map_or(0, |d| d.bytes.len() as u64)).sum();
                    // Inputs a committed batch already stored are skipped
                    // before analysis: this is what makes a rerun cheap.
                    let n_chunk = chunk.len();
                    let todo: Vec<_> = chunk
                        .into_iter()
                        .filter_map(|r| match r {
                            Ok(raw) => {
                                let (_, key) = Preparer::sighting_of(&raw);
                                (!seen.contains(&key)).then_some(Ok((raw, key)))
                            }
                            Err(e) => Some(Err(e)),
                        })
                        .collect();
                    let skipped = n_chunk - todo.len();
                    let results: Vec<std::result::Result<Prepared, Reject>> = todo
                        .into_par_iter()
                        .map(|r| {
                            let (raw, key) = r.map_err(|e| reject(&e))?;
                            let analyzed = pipeline.analyze(&raw).map_err(|e| reject(&e))?;
                            Ok(preparer.prepare(key, analyzed))
                        })
                        .collect();
                    let mut prepared = Vec::with_capacity(results.len());
                    let mut rejects = Vec::new();
                    for r in results {
                        match r {
                            Ok(p) => prepared.push(p),
                            Err(r) => rejects.push(r),
                        }
                    }
                    let msg = Msg::Batch { prepared, rejects, skipped, bytes };
                    if tx.send(msg).is_err() {
                        return cpu();
                    }
                }
                if tx.send(Msg::InputDone { size }).is_err() {
                    return cpu();
                }
            }
            cpu()
        })?;
        let mut done_bytes = 0u64;
        let mut file_bytes = 0u64;
        for msg in rx {
            match msg {
                Msg::Batch { prepared, rejects, skipped, bytes } => {
                    summary.read += prepared.len() + rejects.len() + skipped;
                    summary.outcome.already_seen += skipped;
                    for r in &rejects {
                        store.reject(&r.input, &r.reason)?;
                    }
                    summary.rejected += rejects.len();
                    summary.rejects.extend(rejects);
                    summary.outcome += store.add_batch(prepared)?;
                    file_bytes += bytes;
                    bar.set_position(done_bytes + file_bytes);
                    let secs = start.elapsed().as_secs_f64().max(1e-3);
                    let stored = summary.outcome.added + summary.outcome.versions;
                    bar.set_message(format!(
                        "{} read, {} stored, {:.0} docs/s, {:.1} MB/s, {} rejected",
                        summary.read,
                        stored,
                        summary.read as f64 / secs,
                        (done_bytes + file_bytes) as f64 / secs / 1e6,
                        summary.rejected
                    ));
                }
                Msg::InputDone { size } => {
                    // Container formats decompress to more bytes than the
                    // file has: count the file's size once it is finished.
                    done_bytes += size.max(file_bytes);
                    file_bytes = 0;
                    bar.set_position(done_bytes);
                }
            }
        }
        let reading = reader.join().map_err(|_| anyhow::anyhow!("the reading thread panicked"))?;
        Ok(reading)
    });
    summary.phases.reading = result?.as_secs_f64();
    summary.phases.analysis = rayon::broadcast(|_| thread_cpu())
        .into_iter()
        .zip(workers_cpu0)
        .map(|(b, a)| match (a, b) {
            (Some(a), Some(b)) => b.saturating_sub(a).as_secs_f64(),
            _ => 0.0,
        })
        .sum();
    bar.set_message("finding duplicates, stories and claim records…");
    let corpus_start = Instant::now();
    summary.seconds_reading_and_storing = start.elapsed().as_secs_f64();
    let corpus = if args.defer_corpus {
        store.finish_ingest_deferred()?;
        marsad_corpus::CorpusSummary::default()
    } else {
        store.finish_ingest()?
    };
    summary.seconds_corpus = corpus_start.elapsed().as_secs_f64();
    bar.finish_and_clear();

    let secs = start.elapsed().as_secs_f64();
    summary.seconds = secs;
    summary.docs_per_second = summary.read as f64 / secs.max(1e-3);
    summary.mb_per_second = total_bytes.unwrap_or(0) as f64 / secs.max(1e-3) / 1e6;
    summary.duplicate_groups = corpus.duplicate_groups;
    summary.stories = corpus.stories;
    summary.claim_records = corpus.claim_records;
    summary.totals = store.stats()?;
    let st = store.times();
    summary.phases.store = st;
    summary.phases.process_cpu = process_cpu().map_or(0.0, |d| d.as_secs_f64());
    let store_cpu = st.sqlite_write.cpu
        + st.index_add.cpu
        + st.index_commit.cpu
        + st.duplicates.cpu
        + st.stories.cpu
        + st.claims.cpu;
    summary.phases.other =
        (summary.phases.process_cpu - summary.phases.reading - summary.phases.analysis - store_cpu).max(0.0);
    if args.json {
        println!("{}", serde_json::to_string(&summary)?);
    } else {
        print_summary(&summary);
    }
    Ok(if summary.rejected > 0 { EXIT_SOME_FAILED } else { EXIT_OK })
}

fn reject(e: &marsad_engine::Error) -> Reject {
    Reject { input: e.doc().unwrap_or("?").to_string(), reason: e.kind().to_string() }
}

fn progress_bar(total: Option<u64>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(t) => {
            let b = ProgressBar::new(t);
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ETA {eta} {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            b
        }
        None => {
            let b = ProgressBar::new_spinner();
            b.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bytes} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            b
        }
    };
    bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(4));
    bar.enable_steady_tick(Duration::from_millis(250));
    bar
}

fn print_summary(s: &Summary) {
    let o = &s.outcome;
    eprintln!(
        "marsad: ingested into {} in {:.1} s ({:.0} docs/s, {:.1} MB/s; {:.1} s reading, analysing and storing, {:.1} s for the corpus steps)",
        s.store, s.seconds, s.docs_per_second, s.mb_per_second, s.seconds_reading_and_storing, s.seconds_corpus
    );
    eprintln!("  read          {}", s.read);
    eprintln!("  new           {}", o.added);
    eprintln!("  new versions  {}", o.versions);
    eprintln!("  same document {}  (same URL and content read again from another record)", o.same_document);
    eprintln!("  already read  {}  (by an earlier run)", o.already_seen);
    eprintln!("  rejected      {}", s.rejected);
    eprintln!(
        "  store now     {} documents ({} latest versions), {} outlets, {} in the index",
        s.totals.documents, s.totals.latest_documents, s.totals.outlets, s.totals.indexed
    );
    eprintln!(
        "  corpus        {} duplicate groups ({} documents), {} stories, {} claim records",
        s.duplicate_groups, s.totals.duplicate_members, s.stories, s.claim_records
    );
    let p = &s.phases;
    eprintln!(
        "  CPU seconds   {:.1} in all: {:.1} reading, {:.1} analysis, {:.1} SQLite writes, {:.1} index (add {:.1}, commit {:.1}), \
         {:.1} duplicates, {:.1} stories, {:.1} claim records, {:.1} other (tantivy's threads)",
        p.process_cpu,
        p.reading,
        p.analysis,
        p.store.sqlite_write.cpu,
        p.store.index_add.cpu + p.store.index_commit.cpu,
        p.store.index_add.cpu,
        p.store.index_commit.cpu,
        p.store.duplicates.cpu,
        p.store.stories.cpu,
        p.store.claims.cpu,
        p.other
    );
    if !s.rejects.is_empty() {
        eprintln!("rejected documents:");
        for r in s.rejects.iter().take(50) {
            eprintln!("  {}: {}", r.input, r.reason);
        }
        if s.rejects.len() > 50 {
            eprintln!("  … and {} more (all are recorded in the store's `rejects` table)", s.rejects.len() - 50);
        }
    }
}
