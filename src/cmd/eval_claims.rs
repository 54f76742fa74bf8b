//! `marsad eval claims`: score attributed claims against gold sentences.

use crate::cli::EXIT_OK;
use crate::cmd::eval_refs::{self, token_f1, words, Prf};
use anyhow::{anyhow, Context, Result};
use marsad_arabic::{Span, Tokenizer};
use marsad_engine::analyze::claims::boundary::{BoundaryModel, GoldClaim};
use marsad_engine::analyze::claims::ClaimFinder;
use marsad_engine::analyze::ClaimKind;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;

/// Score attributed claims against gold sentences.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad eval claims eval/claims_dev.jsonl
  marsad eval claims eval/claims_heldout.jsonl --json
  marsad eval claims --materialize eval/claims_dev.jsonl > /tmp/gold.jsonl
  marsad eval claims gold.jsonl --errors
  marsad eval claims eval/claims_dev4.jsonl --model /tmp/claims.bin

GOLD has one JSON object per line: {\"sentence\": str, \"claims\": [{\"source\": str|null,
\"cue\": str, \"content\": str, \"kind\": \"direct\"|\"indirect\"|\"according_to\"}]} with exact
substrings of the sentence; or the project's references (eval/claims_*.jsonl: an ANT docno and
character offsets), whose sentences are rebuilt from ../shared/data (MARSAD_SHARED_DATA).

A predicted claim matches a gold claim when both its source and its content are right; the
article's own hedged assertions are not attributed claims and are not scored. Right is measured
three ways, on words (search-folded, punctuation and a leading و/ف dropped): exact (the same
words), and token F1 of at least 0.8 and 0.5 for source and content each. A missing source is
right only against a missing source.")]
pub struct Args {
    /// Gold files (several are scored together).
    #[arg(value_name = "GOLD", required = true)]
    pub gold: Vec<PathBuf>,

    /// Print the scores as one JSON object.
    #[arg(long)]
    pub json: bool,

    /// Print the gold with sentences and strings rebuilt from ../shared, and exit.
    #[arg(long)]
    pub materialize: bool,

    /// Print every gold claim that was missed and every wrong prediction.
    #[arg(long)]
    pub errors: bool,

    /// A claims boundary model (`marsad train claims --out`) to decide the
    /// source and content of each claim the rules find.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

/// One gold claim.
#[derive(Clone, Debug)]
pub(crate) struct Gold {
    source: Option<String>,
    cue: String,
    content: String,
    kind: String,
    relay: Option<String>,
    /// The byte spans of cue, source and content in the sentence.
    pub spans: GoldClaim,
}

/// One gold sentence.
pub(crate) struct Sentence {
    pub sentence: String,
    pub claims: Vec<Gold>,
}

/// The byte span of a `[start, end]` character pair of `s`.
fn byte_span(s: &str, v: &Value) -> Option<Span> {
    let a = v.get(0)?.as_u64()? as usize;
    let b = v.get(1)?.as_u64()? as usize;
    let mut it = s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len()));
    let x = it.nth(a)?;
    let y = if b == a { x } else { it.nth(b - a - 1)? };
    Some(Span::new(x, y))
}

/// The byte span of `part` in `s`: its first occurrence (at or after `from`
/// when it occurs there).
fn find_span(s: &str, part: &str, from: usize) -> Option<Span> {
    let at = s.get(from..).and_then(|r| r.find(part)).map(|k| k + from).or_else(|| s.find(part))?;
    Some(Span::new(at, at + part.len()))
}

pub(crate) fn load(paths: &[PathBuf]) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    for path in paths {
        let lines = eval_refs::read_jsonl(path)?;
        let mats = eval_refs::materialize(&lines).with_context(|| format!("{}", path.display()))?;
        for ((n, v), m) in lines.iter().zip(mats) {
            let ctx = || format!("{}:{n}", path.display());
            let claims = v["claims"].as_array().ok_or_else(|| anyhow!("{}: no \"claims\" array", ctx()))?;
            let (sentence, gold) = match m {
                Some(m) => {
                    let mut gold = Vec::new();
                    for c in claims {
                        let span = |k: &str| -> Result<Option<Span>> {
                            match c.get(k).filter(|v| !v.is_null()) {
                                None => Ok(None),
                                Some(v) => byte_span(&m.sentence, v)
                                    .map(Some)
                                    .ok_or_else(|| anyhow!("{}: bad {k} offsets {v}", ctx())),
                            }
                        };
                        let spans = GoldClaim {
                            cue: span("cue")?.ok_or_else(|| anyhow!("{}: a claim without a cue", ctx()))?,
                            source: span("source")?,
                            content: span("content")?.ok_or_else(|| anyhow!("{}: a claim without content", ctx()))?,
                        };
                        gold.push(Gold {
                            spans,
                            source: m.part(&c["source"])?,
                            cue: m.part(&c["cue"])?.ok_or_else(|| anyhow!("{}: a claim without a cue", ctx()))?,
                            content: m
                                .part(&c["content"])?
                                .ok_or_else(|| anyhow!("{}: a claim without content", ctx()))?,
                            kind: c["kind"].as_str().unwrap_or("").to_string(),
                            relay: m.part(c.get("relay").unwrap_or(&Value::Null))?,
                        });
                    }
                    (m.sentence, gold)
                }
                None => {
                    let sentence = v["sentence"].as_str().ok_or_else(|| anyhow!("{}: no \"sentence\"", ctx()))?;
                    let s = |k: &str, c: &Value| c.get(k).and_then(Value::as_str).map(str::to_string);
                    let mut gold = Vec::new();
                    for c in claims {
                        let cue = s("cue", c).unwrap_or_default();
                        let content = s("content", c).ok_or_else(|| anyhow!("{}: a claim without content", ctx()))?;
                        let source = s("source", c);
                        let missing = |what: &str| anyhow!("{}: the {what} is not a substring of the sentence", ctx());
                        let cue_span = find_span(sentence, &cue, 0).ok_or_else(|| missing("cue"))?;
                        let spans = GoldClaim {
                            cue: cue_span,
                            source: match &source {
                                Some(x) => Some(find_span(sentence, x, 0).ok_or_else(|| missing("source"))?),
                                None => None,
                            },
                            content: find_span(sentence, &content, cue_span.end).ok_or_else(|| missing("content"))?,
                        };
                        gold.push(Gold {
                            spans,
                            source,
                            cue,
                            content,
                            kind: s("kind", c).unwrap_or_default(),
                            relay: s("relay", c),
                        });
                    }
                    (sentence.to_string(), gold)
                }
            };
            out.push(Sentence { sentence, claims: gold });
        }
    }
    Ok(out)
}

fn kind_name(k: ClaimKind) -> &'static str {
    match k {
        ClaimKind::Direct => "direct",
        ClaimKind::Indirect => "indirect",
        ClaimKind::AccordingTo => "according_to",
        ClaimKind::Hedged => "hedged",
    }
}

/// A predicted claim as strings.
struct Pred {
    source: Option<String>,
    cue: String,
    content: String,
    kind: &'static str,
}

/// Thresholds on token F1 for "right": exact words, 0.8, 0.5.
pub(crate) const LEVELS: [(&str, f64); 3] = [("exact", 1.0), ("overlap>=0.8", 0.8), ("overlap>=0.5", 0.5)];

/// Counts of one scoring run.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tally {
    pub right: [usize; 3],
    pub n_gold: usize,
    pub n_pred: usize,
    pub detected: usize,
    pub kind_ok: usize,
    pub source_ok: usize,
    pub content_ok: usize,
}

impl Tally {
    /// Precision, recall, F1 at level `k` of [`LEVELS`].
    pub fn prf(&self, k: usize) -> Prf {
        Prf::new(self.right[k], self.n_pred, self.right[k], self.n_gold)
    }
}

/// Scores `finder` (with `model` deciding the boundaries when given) on `gold`;
/// with `errors`, prints each missed, spurious or partly wrong claim there.
pub(crate) fn score(
    gold: &[&Sentence],
    finder: &ClaimFinder,
    model: Option<&BoundaryModel>,
    errors: &mut Option<&mut dyn Write>,
) -> Result<Tally> {
    // Thresholds on token F1 for "right": exact words, 0.8, 0.5.
    let levels = LEVELS;
    let tokenizer = Tokenizer::new();
    let mut t = Tally::default();
    let Tally { right, n_gold, n_pred, detected, kind_ok, source_ok, content_ok } = &mut t;
    for s in gold {
        let tokens = tokenizer.tokenize(&s.sentence);
        let preds: Vec<Pred> = finder
            .find_with(model, &s.sentence, &tokens, &[Span::new(0, s.sentence.len())], &[])
            .into_iter()
            .filter(|c| c.kind != ClaimKind::Hedged)
            .map(|c| Pred {
                source: c.source.map(|p| p.text),
                cue: c.cue.text,
                content: c.content.text,
                kind: kind_name(c.kind),
            })
            .collect();
        *n_gold += s.claims.len();
        *n_pred += preds.len();
        // Pair gold and predicted claims one to one, best content overlap first.
        let mut pairs = Vec::new();
        for (gi, g) in s.claims.iter().enumerate() {
            for (pi, p) in preds.iter().enumerate() {
                let cf = token_f1(&words(&g.content), &words(&p.content));
                let sf = match (&g.source, &p.source) {
                    (None, None) => 1.0,
                    (Some(a), Some(b)) => token_f1(&words(a), &words(b)),
                    _ => 0.0,
                };
                if cf > 0.0 {
                    pairs.push((cf + sf, cf, sf, gi, pi));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
        let (mut gdone, mut pdone) = (vec![false; s.claims.len()], vec![false; preds.len()]);
        let mut matched = Vec::new();
        for (_, cf, sf, gi, pi) in pairs {
            if gdone[gi] || pdone[pi] {
                continue;
            }
            gdone[gi] = true;
            pdone[pi] = true;
            matched.push((cf, sf, gi, pi));
        }
        for &(cf, sf, gi, pi) in &matched {
            *detected += 1;
            for (k, (_, t)) in levels.iter().enumerate() {
                if cf >= *t - 1e-9 && sf >= *t - 1e-9 {
                    right[k] += 1;
                }
            }
            *kind_ok += usize::from(s.claims[gi].kind == preds[pi].kind);
            *source_ok += usize::from(sf >= 0.8 - 1e-9);
            *content_ok += usize::from(cf >= 0.8 - 1e-9);
            if let Some(out) = errors.as_mut().filter(|_| cf < 0.8 - 1e-9 || sf < 0.8 - 1e-9) {
                let g = &s.claims[gi];
                let p = &preds[pi];
                writeln!(out, "PARTIAL  {}", s.sentence)?;
                writeln!(out, "  gold  src={:?} cue={:?} content={:?}", g.source, g.cue, g.content)?;
                writeln!(
                    out,
                    "  pred  src={:?} cue={:?} content={:?} (source F1 {sf:.2}, content F1 {cf:.2})",
                    p.source, p.cue, p.content
                )?;
            }
        }
        if let Some(out) = errors.as_mut() {
            for (gi, g) in s.claims.iter().enumerate() {
                if !gdone[gi] {
                    writeln!(
                        out,
                        "MISSED   {}\n  gold  src={:?} cue={:?} content={:?}",
                        s.sentence, g.source, g.cue, g.content
                    )?;
                }
            }
            for (pi, p) in preds.iter().enumerate() {
                if !pdone[pi] {
                    writeln!(
                        out,
                        "SPURIOUS {}\n  pred  src={:?} cue={:?} content={:?}",
                        s.sentence, p.source, p.cue, p.content
                    )?;
                }
            }
        }
    }
    Ok(t)
}

pub fn run(args: Args) -> Result<u8> {
    let gold = load(&args.gold)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.materialize {
        for s in &gold {
            let claims: Vec<Value> = s
                .claims
                .iter()
                .map(|c| {
                    let mut o = json!({"source": c.source, "cue": c.cue, "content": c.content, "kind": c.kind});
                    if let Some(r) = &c.relay {
                        o["relay"] = json!(r);
                    }
                    o
                })
                .collect();
            writeln!(out, "{}", json!({"sentence": s.sentence, "claims": claims}))?;
        }
        return Ok(EXIT_OK);
    }

    let finder = ClaimFinder::new();
    let model = match &args.model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            Some(BoundaryModel::from_bytes(&bytes).with_context(|| format!("{}", p.display()))?)
        }
        None => None,
    };
    let all: Vec<&Sentence> = gold.iter().collect();
    let mut err_out: Option<&mut dyn Write> = if args.errors { Some(&mut out) } else { None };
    let t = score(&all, &finder, model.as_ref(), &mut err_out)?;
    drop(err_out);
    let levels = LEVELS;
    let (right, n_gold, n_pred, detected, kind_ok, source_ok, content_ok) =
        (t.right, t.n_gold, t.n_pred, t.detected, t.kind_ok, t.source_ok, t.content_ok);
    let scores: Vec<Prf> = right.iter().map(|&r| Prf::new(r, n_pred, r, n_gold)).collect();
    let detection = Prf::new(detected, n_pred, detected, n_gold);
    let frac = |a: usize| if detected == 0 { 0.0 } else { a as f64 / detected as f64 };
    if args.json {
        let mut o = json!({
            "sentences": gold.len(),
            "gold": n_gold,
            "predicted": n_pred,
            "detected": detection,
            "of_detected": {"source_right": frac(source_ok), "content_right": frac(content_ok), "kind_right": frac(kind_ok)},
        });
        for (k, (name, _)) in levels.iter().enumerate() {
            o[*name] = json!(scores[k]);
        }
        writeln!(out, "{o}")?;
    } else {
        writeln!(out, "{} sentences, {} gold claims, {} predicted", gold.len(), n_gold, n_pred)?;
        writeln!(out, "source and content both right:")?;
        for (k, (name, _)) in levels.iter().enumerate() {
            writeln!(out, "  {}", scores[k].line(name))?;
        }
        writeln!(out, "  {}", detection.line("claim found (content overlaps)"))?;
        writeln!(
            out,
            "of the claims found: source right {:.3}, content right {:.3}, kind right {:.3} (right = token F1 >= 0.8)",
            frac(source_ok),
            frac(content_ok),
            frac(kind_ok)
        )?;
    }
    Ok(EXIT_OK)
}
