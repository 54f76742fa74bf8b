//! `marsad eval wording`: score loaded wording against ArMPro's propaganda
//! spans (Loaded_Language and Name_Calling-Labeling).

use crate::cli::EXIT_OK;
use crate::cmd::eval_refs::{self, Prf};
use anyhow::{anyhow, Result};
use marsad_arabic::Tokenizer;
use marsad_engine::analyze::wording::{is_loaded, WordingFinder};
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;

/// Score loaded wording against ArMPro span annotations.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad eval wording ../shared/data/armpro/span/ArMPro_span_dev_V2.jsonl
  marsad eval wording --json ARMPRO.jsonl
  marsad eval wording --half tune --misses ../shared/data/armpro/span/ArMPro_span_dev_V2.jsonl

Each line of ARMPRO is a paragraph with technique spans (character offsets). The gold spans are
those of the techniques given (default Loaded_Language and Name_Calling-Labeling); marsad's are
its wording of every loaded category (naming_variant, a neutral name, is not loaded).

--half tune|test keeps one half of the paragraphs, split by a hash of the page id (FNV-1a, even =
tune, odd = test; all paragraphs of one page stay together, so one article's phrases are never on
both sides): read the tune half's misses (--misses) to widen the lexicon, report the test half.

Two measures: span overlap (a predicted span is right when it shares a character with a gold
span; a gold span is found when a predicted span shares a character with it) and exact (the same
start and end). Paragraph level: whether a paragraph has any such span.")]
pub struct Args {
    /// ArMPro span files.
    #[arg(value_name = "ARMPRO", required = true)]
    pub gold: Vec<PathBuf>,

    /// Techniques scored as loaded wording (comma-separated).
    #[arg(long, default_value = "Loaded_Language,Name_Calling-Labeling", value_delimiter = ',')]
    pub techniques: Vec<String>,

    /// Print the scores as one JSON object.
    #[arg(long)]
    pub json: bool,

    /// Score only one half of the paragraphs (split by page id).
    #[arg(long, value_enum)]
    pub half: Option<Half>,

    /// Print every missed gold span and every prediction, right (with the gold spans it overlaps) or wrong (read only the tune half's).
    #[arg(long)]
    pub misses: bool,
}

/// A half of the gold, split by page.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Half {
    /// Pages whose id hashes to an even number: read to tune the lexicon.
    Tune,
    /// The other pages: scored, never read.
    Test,
}

/// Which half a page belongs to: FNV-1a (64 bits) of its id, a hash fixed
/// by its definition, so the split never changes with the toolchain.
fn half_of(page_id: &str) -> Half {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in page_id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    if h % 2 == 0 {
        Half::Tune
    } else {
        Half::Test
    }
}

/// Character offset of byte `b` in `s`.
fn char_of(s: &str, b: usize) -> usize {
    s[..b].chars().count()
}

pub fn run(args: Args) -> Result<u8> {
    let tokenizer = Tokenizer::new();
    let finder = WordingFinder::new();
    let (mut n_pred, mut n_gold) = (0, 0);
    let (mut pred_overlap, mut gold_overlap, mut pred_exact, mut gold_exact) = (0, 0, 0, 0);
    let mut per_tech: Vec<(usize, usize)> = vec![(0, 0); args.techniques.len()];
    let (mut para_tp, mut para_pred, mut para_gold, mut paragraphs) = (0, 0, 0, 0);
    let mut misses: Vec<String> = Vec::new();
    for path in &args.gold {
        for (n, v) in eval_refs::read_jsonl(path)? {
            let text = v["paragraph"].as_str().ok_or_else(|| anyhow!("{}:{n}: no \"paragraph\"", path.display()))?;
            if let Some(want) = args.half {
                let page = v["page_id"]
                    .as_str()
                    .ok_or_else(|| anyhow!("{}:{n}: no \"page_id\" to split by", path.display()))?;
                if half_of(page) != want {
                    continue;
                }
            }
            paragraphs += 1;
            let labels = v["labels"].as_array().cloned().unwrap_or_default();
            let gold: Vec<(usize, usize, usize)> = labels
                .iter()
                .filter_map(|l| {
                    let t = l["technique"].as_str()?;
                    let k = args.techniques.iter().position(|x| x == t)?;
                    Some((l["start"].as_u64()? as usize, l["end"].as_u64()? as usize, k))
                })
                .collect();
            let tokens = tokenizer.tokenize(text);
            let pred: Vec<(usize, usize)> = finder
                .find(text, &tokens, &[])
                .into_iter()
                .filter(|w| is_loaded(&w.category))
                .map(|w| (char_of(text, w.span.start), char_of(text, w.span.end)))
                .collect();
            n_pred += pred.len();
            n_gold += gold.len();
            let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
            let slice = |a: usize, b: usize| text.chars().skip(a).take(b.saturating_sub(a)).collect::<String>();
            for p in &pred {
                let hit = gold.iter().any(|g| overlaps(*p, (g.0, g.1)));
                if args.misses {
                    let what = if hit { "right" } else { "wrong" };
                    // A right prediction with the gold spans it overlaps, to read boundaries.
                    let over: Vec<String> =
                        gold.iter().filter(|g| overlaps(*p, (g.0, g.1))).map(|g| slice(g.0, g.1)).collect();
                    misses.push(format!(
                        "{what}\t{}\t{}\t{}",
                        slice(p.0, p.1),
                        v["paragraph_id"].as_str().unwrap_or(""),
                        over.join(" | ")
                    ));
                }
                pred_overlap += usize::from(hit);
                pred_exact += usize::from(gold.iter().any(|g| (g.0, g.1) == *p));
            }
            for g in &gold {
                let found = pred.iter().any(|p| overlaps(*p, (g.0, g.1)));
                if args.misses && !found {
                    misses.push(format!(
                        "missed\t{}\t{}\t{}",
                        args.techniques[g.2],
                        slice(g.0, g.1),
                        v["paragraph_id"].as_str().unwrap_or("")
                    ));
                }
                gold_overlap += usize::from(found);
                gold_exact += usize::from(pred.iter().any(|p| (g.0, g.1) == *p));
                per_tech[g.2].0 += usize::from(found);
                per_tech[g.2].1 += 1;
            }
            let (hp, hg) = (!pred.is_empty(), !gold.is_empty());
            para_pred += usize::from(hp);
            para_gold += usize::from(hg);
            para_tp += usize::from(hp && hg);
        }
    }
    let overlap = Prf::new(pred_overlap, n_pred, gold_overlap, n_gold);
    let exact = Prf::new(pred_exact, n_pred, gold_exact, n_gold);
    let para = Prf::new(para_tp, para_pred, para_tp, para_gold);
    let recall = |(f, t): (usize, usize)| if t == 0 { 0.0 } else { f as f64 / t as f64 };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for m in &misses {
        writeln!(out, "{m}")?;
    }
    if args.json {
        let tech: serde_json::Map<String, Value> = args
            .techniques
            .iter()
            .zip(&per_tech)
            .map(|(t, c)| (t.clone(), json!({"gold": c.1, "found": c.0, "recall": recall(*c)})))
            .collect();
        writeln!(
            out,
            "{}",
            json!({"half": args.half.map(|h| format!("{h:?}").to_lowercase()), "paragraphs": paragraphs, "gold": n_gold, "predicted": n_pred, "span_overlap": overlap, "exact": exact, "paragraph": para, "by_technique": tech})
        )?;
    } else {
        writeln!(
            out,
            "{paragraphs} paragraphs{}, {n_gold} gold spans ({}), {n_pred} predicted",
            args.half.map_or(String::new(), |h| format!(" ({} half)", format!("{h:?}").to_lowercase())),
            args.techniques.join(", ")
        )?;
        writeln!(out, "  {}", overlap.line("span overlap"))?;
        writeln!(out, "  {}", exact.line("exact span"))?;
        writeln!(out, "  {}", para.line("paragraph has loaded wording"))?;
        for (t, c) in args.techniques.iter().zip(&per_tech) {
            writeln!(out, "  recall on {t}: {:.3} ({} of {})", recall(*c), c.0, c.1)?;
        }
    }
    Ok(EXIT_OK)
}
