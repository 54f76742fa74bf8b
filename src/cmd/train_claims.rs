//! `marsad train claims`: train the claims boundary model (which words
//! around a reporting cue are the source and which the content) on gold
//! claim sentences, and compare it with the rules by cross-validation.

use crate::cli::EXIT_OK;
use crate::cmd::eval_claims::{self, Sentence, Tally, LEVELS};
use anyhow::{bail, Context, Result};
use marsad_arabic::Tokenizer;
use marsad_engine::analyze::claims::boundary::{BoundaryModel, Example, GoldClaim, Parts, TrainSettings};
use marsad_engine::analyze::claims::ClaimFinder;
use std::io::Write;
use std::path::PathBuf;

/// Train the claims boundary model.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad train claims --train eval/claims_train.jsonl --out /tmp/claims.bin
  marsad train claims --train eval/claims_train.jsonl --folds 5
  marsad train claims --train eval/claims_train.jsonl --dev eval/claims_dev.jsonl eval/claims_dev4.jsonl

The rules of the claims analysis find the cues; the model relabels, for each cue the rules find
that matches a gold claim's cue, every token of the sentence as source, content or neither.
--folds K splits the training sentences into K folds (sentence i goes to fold i mod K), trains on
K-1 and scores the held-out fold with the model and with the rules alone (exact = source and
content both the same words, as `marsad eval claims` counts it). --dev scores the given files with
the model trained on all of --train, and with the rules alone. `marsad eval claims --model FILE`
scores a written model. The analysis itself uses the rules' boundaries: in the session-4
measurements the model did not beat them.")]
pub struct Args {
    /// Gold claim files to train on (the project's references or the plain format).
    #[arg(long, required = true, num_args = 1..)]
    pub train: Vec<PathBuf>,

    /// Where to write the model (nothing is written without it).
    #[arg(long)]
    pub out: Option<PathBuf>,

    /// Cross-validate with this many folds instead of (before) writing.
    #[arg(long)]
    pub folds: Option<usize>,

    /// Gold files to score the model trained on all of --train against.
    #[arg(long, num_args = 1..)]
    pub dev: Vec<PathBuf>,

    /// Passes over the training examples.
    #[arg(long, default_value_t = TrainSettings::default().epochs)]
    pub epochs: u32,

    /// Seed of the example order.
    #[arg(long, default_value_t = TrainSettings::default().seed)]
    pub seed: u64,

    /// log2 of the number of hashed feature buckets.
    #[arg(long, default_value_t = TrainSettings::default().bits)]
    pub bits: u32,

    /// Which parts the model decides: both, source, content, ends or shorten.
    #[arg(long, default_value = "both")]
    pub parts: String,

    /// Take the model's source and content only when they score this much
    /// higher than the rules' under the model (0: always).
    #[arg(long, default_value_t = TrainSettings::default().margin)]
    pub margin: f32,

    /// Leave the rules' own source and content out of the features.
    #[arg(long)]
    pub no_rule_features: bool,
}

fn examples(sentences: &[&Sentence], settings: &TrainSettings) -> Vec<Example> {
    let tokenizer = Tokenizer::new();
    let finder = ClaimFinder::new();
    let mut out = Vec::new();
    for s in sentences {
        let tokens = tokenizer.tokenize(&s.sentence);
        let gold: Vec<GoldClaim> = s.claims.iter().map(|c| c.spans.clone()).collect();
        out.extend(finder.boundary_examples(&s.sentence, &tokens, &gold, settings));
    }
    out
}

fn line(name: &str, t: &Tally) -> String {
    let (e, o) = (t.prf(0), t.prf(1));
    format!(
        "{name:<8} exact P {:.3} R {:.3} F1 {:.3}   F1>=0.8 P {:.3} R {:.3}   ({} gold, {} predicted)",
        e.precision, e.recall, e.f1, o.precision, o.recall, t.n_gold, t.n_pred
    )
}

fn add(a: &mut Tally, b: &Tally) {
    for k in 0..LEVELS.len() {
        a.right[k] += b.right[k];
    }
    a.n_gold += b.n_gold;
    a.n_pred += b.n_pred;
    a.detected += b.detected;
    a.kind_ok += b.kind_ok;
    a.source_ok += b.source_ok;
    a.content_ok += b.content_ok;
}

pub fn run(args: Args) -> Result<u8> {
    let parts = Parts::parse(&args.parts)
        .with_context(|| format!("--parts {}: expected both, source, content, ends or shorten", args.parts))?;
    let settings = TrainSettings {
        epochs: args.epochs,
        seed: args.seed,
        bits: args.bits,
        parts,
        rule_features: !args.no_rule_features,
        margin: args.margin,
    };
    if !(8..=24).contains(&settings.bits) {
        bail!("--bits {}: expected 8 to 24", settings.bits);
    }
    let gold = eval_claims::load(&args.train)?;
    let all: Vec<&Sentence> = gold.iter().collect();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let rules = ClaimFinder::new();
    let mut none: Option<&mut dyn Write> = None;

    if let Some(k) = args.folds {
        if k < 2 || k > all.len() {
            bail!("--folds {k}: expected 2 to {}", all.len());
        }
        let (mut tm, mut tr) = (Tally::default(), Tally::default());
        for f in 0..k {
            let train: Vec<&Sentence> = all.iter().enumerate().filter(|(i, _)| i % k != f).map(|(_, s)| *s).collect();
            let test: Vec<&Sentence> = all.iter().enumerate().filter(|(i, _)| i % k == f).map(|(_, s)| *s).collect();
            let ex = examples(&train, &settings);
            let model = BoundaryModel::train(&ex, &settings, "cross-validation fold");
            let m = eval_claims::score(&test, &rules, Some(&model), &mut none)?;
            let r = eval_claims::score(&test, &rules, None, &mut none)?;
            writeln!(out, "fold {f}: {} examples", ex.len())?;
            writeln!(out, "  {}", line("model", &m))?;
            writeln!(out, "  {}", line("rules", &r))?;
            add(&mut tm, &m);
            add(&mut tr, &r);
        }
        writeln!(out, "{k}-fold cross-validation, pooled over {} sentences:", all.len())?;
        writeln!(out, "  {}", line("model", &tm))?;
        writeln!(out, "  {}", line("rules", &tr))?;
    }

    if args.out.is_none() && args.dev.is_empty() {
        return Ok(EXIT_OK);
    }
    let ex = examples(&all, &settings);
    let files: Vec<String> = args.train.iter().map(|p| p.display().to_string()).collect();
    let meta = format!("marsad train claims --train {} ({} sentences)", files.join(" "), all.len());
    let model = BoundaryModel::train(&ex, &settings, &meta);
    for path in &args.dev {
        let dev = eval_claims::load(std::slice::from_ref(path))?;
        let dev: Vec<&Sentence> = dev.iter().collect();
        let m = eval_claims::score(&dev, &rules, Some(&model), &mut none)?;
        let r = eval_claims::score(&dev, &rules, None, &mut none)?;
        writeln!(out, "{}:", path.display())?;
        writeln!(out, "  {}", line("model", &m))?;
        writeln!(out, "  {}", line("rules", &r))?;
    }
    if let Some(path) = &args.out {
        std::fs::write(path, model.to_bytes()).with_context(|| format!("writing {}", path.display()))?;
        writeln!(out, "wrote {} ({} examples): {}", path.display(), ex.len(), model.meta())?;
    }
    Ok(EXIT_OK)
}
