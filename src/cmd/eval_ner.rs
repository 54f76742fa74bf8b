//! `marsad eval ner`: score the entity tagger against gold CoNLL data,
//! entity by entity (exact span and label, as conlleval).

use crate::cli::{EXIT_OK, EXIT_USAGE};
use anyhow::{Context, Result};
use marsad_ner::conll::{self, Scheme};
use marsad_ner::eval::Evaluation;
use marsad_ner::train::DOC_BLOCK;
use marsad_ner::{Model, TagBuffer, Tagger};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// Score the entity tagger on gold data.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad eval ner --dev-of ../shared/data/anercorp/ANERCorp_approxCamelSplit_train.txt
  marsad eval ner gold.txt --json
  marsad eval ner gold.txt --predictions pred.txt && conlleval < pred.txt
  marsad eval ner --scheme wojood ../shared/data/wojood-sample/val.txt

--dev-of scores the held-out tail of a training file, exactly the part
`marsad train ner` holds out with the same --dev-split. Wojood's 21 nested
types are mapped to PER, ORG, LOC (GPE, LOC, FAC) and MISC (EVENT, CURR);
the rest are not entities in ANERcorp's scheme. CoNLL files mark no
documents: blocks of 12 consecutive sentences stand in for them.")]
pub struct Args {
    /// Gold data: `WORD TAG` lines, a blank line between sentences.
    #[arg(value_name = "GOLD", required_unless_present = "dev_of")]
    pub gold: Option<PathBuf>,

    /// Score the held-out tail of this training file instead of GOLD.
    #[arg(long, value_name = "FILE", conflicts_with = "gold")]
    pub dev_of: Option<PathBuf>,

    /// With --dev-of: the fraction held out (as given to `train ner`).
    #[arg(long, default_value_t = 0.1, value_name = "FRACTION")]
    pub dev_split: f64,

    /// How to read the tag columns: anercorp (one BIO tag), or wojood /
    /// wojood-inner (nested; keep the outermost / innermost mapped entity).
    #[arg(long, default_value = "anercorp")]
    pub scheme: SchemeArg,

    /// Print JSON: {"micro": {...}, "labels": {"PER": {...}, ...}}.
    #[arg(long)]
    pub json: bool,

    /// A model file (default: the model built into marsad).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,

    /// Also write `WORD GOLD PREDICTED` lines (conlleval's input).
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum SchemeArg {
    Anercorp,
    Wojood,
    WojoodInner,
}

pub fn run(args: Args) -> Result<u8> {
    let scheme = match args.scheme {
        SchemeArg::Anercorp => Scheme::Flat,
        SchemeArg::Wojood => Scheme::Wojood,
        SchemeArg::WojoodInner => Scheme::WojoodInner,
    };
    let sentences = match (&args.gold, &args.dev_of) {
        (_, Some(train)) => conll::split_last(conll::read_file(train, scheme)?, args.dev_split).1,
        (Some(gold), None) => conll::read_file(gold, scheme)?,
        (None, None) => {
            eprintln!("marsad eval ner: give a GOLD file or --dev-of FILE (see --help)");
            return Ok(EXIT_USAGE);
        }
    };
    let loaded = Instant::now();
    let tagger = match &args.model {
        Some(p) => Tagger::new(Model::load(p)?),
        None => Tagger::embedded()?.clone(),
    };
    let load_time = loaded.elapsed();
    let mut pred_out = match &args.predictions {
        Some(p) => Some(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("creating {}", p.display()))?,
        )),
        None => None,
    };
    let started = Instant::now();
    let mut ev = Evaluation::new();
    let mut buf = TagBuffer::new();
    // CoNLL files mark no documents: blocks of consecutive sentences stand
    // in for them, as in training.
    for block in sentences.chunks(DOC_BLOCK) {
        let words: Vec<&[String]> = block.iter().map(|s| s.words.as_slice()).collect();
        let preds = tagger.tag_words(&words, &mut buf);
        for (s, pred) in block.iter().zip(&preds) {
            ev.add(&s.tags, pred);
            if let Some(out) = pred_out.as_mut() {
                for ((w, g), p) in s.words.iter().zip(&s.tags).zip(pred) {
                    writeln!(out, "{w} {g} {p}")?;
                }
                writeln!(out)?;
            }
        }
    }
    if let Some(mut out) = pred_out {
        out.flush()?;
    }
    let took = started.elapsed();
    if args.json {
        println!("{}", serde_json::to_string(&ev.report())?);
    } else {
        print!("{ev}");
        eprintln!(
            "model loaded in {:.0} ms; tagged {} sentences in {:.0} ms",
            load_time.as_secs_f64() * 1e3,
            sentences.len(),
            took.as_secs_f64() * 1e3
        );
    }
    Ok(EXIT_OK)
}
