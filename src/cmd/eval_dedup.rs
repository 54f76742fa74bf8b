//! `marsad eval dedup`: precision and recall of the duplicate groups on
//! labelled pairs.

use crate::cli::{EXIT_OK, EXIT_USAGE};
use anyhow::{Context, Result};
use marsad_corpus::{dedup, Store};
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::PathBuf;

/// Score near-duplicate detection on labelled pairs: a JSONL file of
/// {"a": ID, "b": ID, "same": true|false}, ids as stored (or `path#record` of
/// the input they were read from).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad ingest --store ant ../shared/data/ant-multisource/ant_multisource_v2.1.jsonl
  marsad eval dedup --store ant eval/dedup_ant_pairs.jsonl

A pair is predicted the same when both documents are in one duplicate group
(or are one document). The threshold sweep shows the pairwise decision at other
similarity thresholds, which is how the default (0.5) was chosen.")]
pub struct Args {
    /// The labelled pairs (JSONL).
    #[arg(value_name = "PAIRS")]
    pub pairs: PathBuf,
    #[arg(long, value_name = "DIR", default_value = "marsad-data")]
    pub store: PathBuf,
    #[arg(long)]
    pub json: bool,
}

#[derive(Deserialize)]
struct Pair {
    a: String,
    b: String,
    same: bool,
}

#[derive(Serialize, Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

impl Score {
    fn add(&mut self, gold: bool, pred: bool) {
        match (gold, pred) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => self.tn += 1,
        }
    }

    fn finish(mut self) -> Score {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        self.precision = p;
        self.recall = r;
        self.f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        self
    }
}

#[derive(Serialize)]
struct Report {
    pairs: usize,
    positives: usize,
    negatives: usize,
    unresolved: Vec<String>,
    groups: Score,
    sweep: Vec<(f32, Score)>,
}

pub fn run(args: Args) -> Result<u8> {
    let store = Store::open_existing(&args.store)?;
    let f = std::fs::File::open(&args.pairs).with_context(|| format!("opening {}", args.pairs.display()))?;
    let thresholds = [0.3f32, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    let mut groups = Score::default();
    let mut sweep = vec![Score::default(); thresholds.len()];
    let mut unresolved = Vec::new();
    let (mut n, mut pos) = (0, 0);
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let p: Pair = match serde_json::from_str(&line) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("marsad: {}:{}: not a pair: {e}", args.pairs.display(), i + 1);
                return Ok(EXIT_USAGE);
            }
        };
        let (a, b) = match (store.resolve(&p.a)?, store.resolve(&p.b)?) {
            (Some(a), Some(b)) => (a, b),
            _ => {
                unresolved.push(format!("{} / {}", p.a, p.b));
                continue;
            }
        };
        n += 1;
        pos += p.same as usize;
        let ga = dedup::group_of(store.conn(), a)?;
        let gb = dedup::group_of(store.conn(), b)?;
        groups.add(p.same, a == b || (ga.is_some() && ga == gb));
        let (exact, sim) = if a == b { (true, 1.0) } else { dedup::pair_similarity(store.conn(), a, b)? };
        for (s, t) in sweep.iter_mut().zip(thresholds) {
            s.add(p.same, exact || sim >= t);
        }
    }
    let report = Report {
        pairs: n,
        positives: pos,
        negatives: n - pos,
        unresolved,
        groups: groups.finish(),
        sweep: thresholds.iter().copied().zip(sweep.into_iter().map(Score::finish)).collect(),
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!("{} pairs ({} same, {} different), {} unresolved", n, pos, n - pos, report.unresolved.len());
        let g = &report.groups;
        println!(
            "duplicate groups: precision {:.3}  recall {:.3}  F1 {:.3}  (tp {} fp {} fn {} tn {})",
            g.precision, g.recall, g.f1, g.tp, g.fp, g.fn_, g.tn
        );
        println!("pairwise, by similarity threshold:");
        for (t, s) in &report.sweep {
            println!("  ≥ {t:.1}  precision {:.3}  recall {:.3}  F1 {:.3}", s.precision, s.recall, s.f1);
        }
        for u in report.unresolved.iter().take(10) {
            println!("  unresolved: {u}");
        }
    }
    Ok(EXIT_OK)
}
