//! `marsad train clusters`: learn word clusters from unlabelled news text
//! (features for the entity tagger). The method lives in
//! `marsad_ner::clustering`; this command reads the corpus and writes the
//! cluster file with the command that made it in its header.

use crate::cli::EXIT_OK;
use anyhow::{bail, Context, Result};
use marsad_ner::clustering::{self, ClusterOptions};
use marsad_ner::clusters::Clusters;
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

/// Learn word clusters from unlabelled text.
///
/// Words are counted in their context windows (two words either side),
/// weighted by PPMI, reduced by randomized SVD and clustered by spherical
/// k-means at three granularities.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:
  marsad train clusters --corpus ../shared/data/ant-multisource/ant_multisource_v2.1.jsonl \\
      --out models/ant-clusters-v1.tsv

A .jsonl corpus is read one JSON object per line (its title and text fields;
articles whose url was already seen are skipped); any other file is read as
plain text, one document per line.")]
pub struct Args {
    /// The corpus: JSON lines, or plain UTF-8 text.
    #[arg(long, value_name = "FILE")]
    pub corpus: PathBuf,

    /// Where to write the clusters.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,

    /// Most words clustered.
    #[arg(long, default_value_t = ClusterOptions::default().vocab)]
    pub vocab: usize,

    /// Words seen fewer times are not clustered.
    #[arg(long, default_value_t = ClusterOptions::default().min_count)]
    pub min_count: u32,

    /// Context words.
    #[arg(long, default_value_t = ClusterOptions::default().contexts)]
    pub contexts: usize,

    /// Dimensions of the word vectors.
    #[arg(long, default_value_t = ClusterOptions::default().dims)]
    pub dims: usize,

    /// Clusters at each of the three granularities.
    #[arg(long, value_delimiter = ',', num_args = 3, default_values_t = ClusterOptions::default().ks)]
    pub ks: Vec<usize>,

    /// k-means iterations.
    #[arg(long, default_value_t = ClusterOptions::default().iterations)]
    pub iterations: usize,

    #[arg(long, default_value_t = ClusterOptions::default().seed)]
    pub seed: u64,
}

pub fn run(args: Args) -> Result<u8> {
    let started = Instant::now();
    let raw = std::fs::read_to_string(&args.corpus).with_context(|| format!("reading {}", args.corpus.display()))?;
    let jsonl = args.corpus.extension().is_some_and(|e| e == "jsonl");
    let mut docs = Vec::new();
    let mut seen = HashSet::new();
    for (i, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if !jsonl {
            docs.push(line.to_string());
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).with_context(|| format!("{} line {}", args.corpus.display(), i + 1))?;
        if let Some(url) = v.get("url").and_then(|u| u.as_str()) {
            if !seen.insert(url.to_string()) {
                continue;
            }
        }
        let mut doc = String::new();
        for field in ["title", "text"] {
            if let Some(t) = v.get(field).and_then(|t| t.as_str()) {
                doc.push_str(t);
                doc.push('\n');
            }
        }
        if doc.is_empty() {
            bail!("{} line {}: no title or text field", args.corpus.display(), i + 1);
        }
        docs.push(doc);
    }
    drop(raw);
    let [a, b, c] = args.ks[..] else { bail!("--ks takes three numbers") };
    let opts = ClusterOptions {
        vocab: args.vocab,
        min_count: args.min_count,
        contexts: args.contexts,
        dims: args.dims,
        ks: [a, b, c],
        iterations: args.iterations,
        seed: args.seed,
    };
    let progress = |m: &str| eprintln!("[{:>6.1} s] {m}", started.elapsed().as_secs_f64());
    let induced = clustering::induce(&docs, &opts, &progress)?;
    let command = std::iter::once("marsad".to_string()).chain(std::env::args().skip(1)).collect::<Vec<_>>().join(" ");
    let header = format!(
        "Word clusters for marsad's entity tagger: WORD TAB coarse TAB middle TAB fine cluster id.\n\
         Made by: {command}\n\
         From {} documents, {} tokens; {} words; PPMI over ±2 positional contexts ({} context words), \
         randomized SVD to {} dimensions, spherical k-means with k = {a}, {b}, {c}.",
        induced.documents,
        induced.tokens,
        induced.words.len(),
        opts.contexts,
        opts.dims
    );
    std::fs::write(&args.out, Clusters::render(&induced.words, &header))
        .with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("wrote {} in {:.1} s", args.out.display(), started.elapsed().as_secs_f64());
    Ok(EXIT_OK)
}
