//! `marsad train ner`: train the entity tagger on CoNLL data and write a
//! model file. The learning lives in `marsad_ner::train`; this command reads
//! the data, reports progress and writes the file.

use crate::cli::EXIT_OK;
use anyhow::{bail, Context, Result};
use marsad_ner::clusters::Clusters;
use marsad_ner::conll::{self, Scheme};
use marsad_ner::features::FeatureSpace;
use marsad_ner::train::{self, Algorithm, TrainOptions};
use marsad_ner::{lexicon, Model, Tagger};
use std::path::PathBuf;
use std::time::Instant;

/// Train the entity tagger.
///
/// Without --dev, the last --dev-split of the training sentences is held
/// out as dev data (and can be scored again with `marsad eval ner --dev-of`).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad train ner --train ../shared/data/anercorp/ANERCorp_approxCamelSplit_train.txt \\
      --out models/ner-v2.bin
  marsad train ner --train train.txt --dev dev.txt --algorithm crf --out /tmp/crf.bin
  marsad train ner --train train.txt --folds 3 --stages 1   # learning curve by CV

ANERGazet lists are read from --gazetteers (by default the folder of the
training file) and stored in the model with the project's own lists.")]
pub struct Args {
    /// Training data: `WORD TAG` lines, a blank line between sentences.
    #[arg(long, value_name = "FILE")]
    pub train: PathBuf,

    /// Dev data in the same format. Without it, the tail of --train is held out.
    #[arg(long, value_name = "FILE")]
    pub dev: Option<PathBuf>,

    /// Fraction of the training sentences (the last ones) held out as dev
    /// data when no --dev is given; 0 trains on everything.
    #[arg(long, default_value_t = 0.1, value_name = "FRACTION")]
    pub dev_split: f64,

    /// Where to write the model.
    #[arg(long, value_name = "FILE", required_unless_present = "folds")]
    pub out: Option<PathBuf>,

    /// Instead of training one model, cross-validate on the training
    /// sentences (K contiguous folds) and print the pooled scores.
    #[arg(long, value_name = "K")]
    pub folds: Option<usize>,

    /// Learning algorithm: crf or perceptron.
    #[arg(long, default_value = "crf")]
    pub algorithm: Algorithm,

    /// Passes over the training data (default: 13 for crf, chosen by
    /// cross-validation; 15 for perceptron).
    #[arg(long)]
    pub epochs: Option<usize>,

    /// log2 of the number of feature buckets.
    #[arg(long, default_value_t = 20)]
    pub bits: u8,

    /// Word clusters (made by `marsad train clusters`).
    #[arg(long, value_name = "FILE", default_value = "models/ant-clusters-v1.tsv")]
    pub clusters: PathBuf,

    /// Train without word clusters.
    #[arg(long)]
    pub no_clusters: bool,

    /// Folder holding ANERGazet's three lists (default: the folder of --train).
    #[arg(long, value_name = "DIR")]
    pub gazetteers: Option<PathBuf>,

    /// Train without ANERGazet (the project's own lists are always used).
    #[arg(long)]
    pub no_anergazet: bool,

    /// 2 adds a second pass that sees what the first said about the other
    /// occurrences of each word in the document.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub stages: u8,

    /// CRF: L1 penalty strength.
    #[arg(long, default_value_t = TrainOptions::default().l1)]
    pub l1: f64,

    /// CRF: initial learning rate.
    #[arg(long, default_value_t = TrainOptions::default().eta)]
    pub eta: f64,

    /// Seed of the per-epoch shuffle.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    pub seed: u64,
}

pub fn run(args: Args) -> Result<u8> {
    let started = Instant::now();
    let sentences = conll::read_file(&args.train, Scheme::Flat)?;
    let (train_s, dev_s) = match &args.dev {
        Some(d) => (sentences, conll::read_file(d, Scheme::Flat)?),
        None => conll::split_last(sentences, args.dev_split),
    };
    if train_s.is_empty() {
        bail!("{}: no training sentences", args.train.display());
    }
    let mut gazetteer = lexicon::project_gazetteer();
    let own = gazetteer.len();
    if !args.no_anergazet {
        let dir = match &args.gazetteers {
            Some(d) => d.clone(),
            None => args.train.parent().map(PathBuf::from).unwrap_or_else(|| PathBuf::from(".")),
        };
        lexicon::add_anergazet(&mut gazetteer, &dir)
            .with_context(|| format!("reading ANERGazet from {} (or pass --no-anergazet)", dir.display()))?;
    }
    let clusters = if args.no_clusters {
        Clusters::new()
    } else {
        let text = std::fs::read_to_string(&args.clusters).with_context(|| {
            format!(
                "reading clusters {} (make them with `marsad train clusters`, or pass --no-clusters)",
                args.clusters.display()
            )
        })?;
        Clusters::parse(&text).with_context(|| format!("parsing {}", args.clusters.display()))?
    };
    eprintln!(
        "{} training and {} dev sentences; gazetteer {} entries ({} from the project's lists); {} clustered words",
        train_s.len(),
        dev_s.len(),
        gazetteer.len(),
        own,
        clusters.len()
    );
    let space = FeatureSpace::new(args.bits, gazetteer, clusters);
    let train_x = train::examples(&space, &train_s);
    let dev_x = train::examples(&space, &dev_s);
    let n_feats: usize = train_x.iter().map(|e| e.tokens()).sum();
    eprintln!("{n_feats} training tokens; features extracted in {:.1} s", started.elapsed().as_secs_f64());

    let defaults = TrainOptions::default();
    let opts = TrainOptions {
        algorithm: args.algorithm,
        epochs: args.epochs.unwrap_or(match args.algorithm {
            Algorithm::Perceptron => 15,
            Algorithm::Crf => defaults.epochs,
        }),
        seed: args.seed,
        l1: args.l1,
        eta: args.eta,
        decay: defaults.decay,
        stages: args.stages as usize,
    };
    let command = std::iter::once("marsad".to_string()).chain(std::env::args().skip(1)).collect::<Vec<_>>().join(" ");
    let meta = |o: &TrainOptions| {
        serde_json::json!({
            "command": command,
            "algorithm": format!("{:?}", o.algorithm).to_lowercase(),
            "epochs": o.epochs,
            "stages": o.stages,
            "l1": o.l1,
            "eta": o.eta,
            "decay": o.decay,
            "seed": o.seed,
            "bits": args.bits,
            "feature_set": marsad_ner::features::FEATURE_SET,
            "train_sentences": train_s.len(),
            "dev_sentences": dev_s.len(),
            "marsad_version": env!("CARGO_PKG_VERSION"),
        })
        .to_string()
    };
    let mut progress = |r: &train::EpochReport| {
        let dev = r.dev.as_ref().map_or(String::new(), |e| {
            let s = e.micro().score();
            format!("  dev P {:.2} R {:.2} F1 {:.2}", 100.0 * s.precision, 100.0 * s.recall, 100.0 * s.f1)
        });
        eprintln!("epoch {:>2}/{}  loss {:>10.1}{dev}  {:.1} s", r.epoch, r.epochs, r.loss, r.elapsed.as_secs_f64());
    };
    if let Some(k) = args.folds {
        // The held-out folds are scored after every epoch, so the curve
        // shows where more epochs stop helping without looking at dev.
        let curve = train::cross_validate_by_epoch(&space, &train_x, k, &opts)?;
        println!("{k}-fold cross-validation on {} sentences, pooled F1 after each epoch:", train_x.len());
        println!("stage epoch  micro    PER    ORG    LOC   MISC");
        for (i, ev) in curve.iter().enumerate() {
            let f1 = |c: marsad_ner::eval::Counts| 100.0 * c.score().f1;
            print!("{:>5} {:>5} {:>6.2}", i / opts.epochs + 1, i % opts.epochs + 1, f1(ev.micro()));
            for l in marsad_ner::Label::ALL {
                print!(" {:>6.2}", f1(ev.label(l)));
            }
            println!();
        }
        if let Some(last) = curve.last() {
            println!("after the last epoch:\n{last}");
        }
        return Ok(EXIT_OK);
    }
    let out = args.out.as_ref().expect("clap requires --out without --folds");
    let model = train::train_model(space, &train_x, &dev_x, &opts, meta, &mut progress)?;
    model.save(out)?;
    let size = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "wrote {} ({:.1} MB, {} non-zero weight rows) in {:.1} s",
        out.display(),
        size as f64 / 1e6,
        model.nonzero_rows(),
        started.elapsed().as_secs_f64()
    );
    if !dev_x.is_empty() {
        let tagger = Tagger::new(Model::load(out)?);
        let (ev, _) = train::evaluate(&tagger, &dev_x);
        println!("dev (the model as written):\n{ev}");
    }
    Ok(EXIT_OK)
}
