//! `marsad eval quantities`: score quantities (found, value, unit, kind)
//! against gold sentences.

use crate::cli::EXIT_OK;
use crate::cmd::eval_refs::{self, Prf};
use anyhow::{anyhow, Context, Result};
use marsad_arabic::{Normalizer, Tokenizer};
use marsad_engine::analyze::quantities::QuantityFinder;
use marsad_engine::analyze::{Quantity, QuantityKind};
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;

/// Score quantities against gold sentences.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  marsad eval quantities eval/quantities_dev.jsonl
  marsad eval quantities eval/quantities_heldout.jsonl --json
  marsad eval quantities --materialize eval/quantities_dev.jsonl > /tmp/gold.jsonl

GOLD has one JSON object per line and quantity: {\"sentence\", \"text\", \"value\", \"unit\",
\"kind\"} (optional \"value_max\" for ranges); a line with \"text\": null says the sentence has no
quantity. Every quantity of a sentence is listed, so a prediction that matches none counts
against precision. The project's references (eval/quantities_*.jsonl) are rebuilt from
../shared/data (MARSAD_SHARED_DATA).

A prediction matches a gold quantity when their texts overlap. Its value is right when it
equals the gold value (relative difference below 1e-6, and the upper bound too for ranges;
null only equals null); its unit is right when the counted words agree once the article,
proclitics and the accusative ending are set aside (all percent signs and words are one unit);
units of dates are not scored.")]
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

    /// Print every disagreement.
    #[arg(long)]
    pub errors: bool,
}

#[derive(Clone, Debug)]
struct Gold {
    text: String,
    /// Byte range in the sentence.
    range: (usize, usize),
    value: Option<f64>,
    value_max: Option<f64>,
    unit: Option<String>,
    kind: String,
}

struct Sentence {
    sentence: String,
    quantities: Vec<Gold>,
}

/// Byte offset of character `c` in `s`.
fn byte_of(s: &str, c: usize) -> usize {
    s.char_indices().nth(c).map_or(s.len(), |(b, _)| b)
}

fn load(paths: &[PathBuf]) -> Result<Vec<Sentence>> {
    let mut out: Vec<Sentence> = Vec::new();
    for path in paths {
        let lines = eval_refs::read_jsonl(path)?;
        let mats = eval_refs::materialize(&lines).with_context(|| format!("{}", path.display()))?;
        for ((n, v), m) in lines.iter().zip(mats) {
            let ctx = || format!("{}:{n}", path.display());
            match m {
                Some(m) => {
                    let qs = v["quantities"].as_array().ok_or_else(|| anyhow!("{}: no \"quantities\"", ctx()))?;
                    let mut gold = Vec::new();
                    for q in qs {
                        let (a, b) =
                            (q["span"][0].as_u64().unwrap_or(0) as usize, q["span"][1].as_u64().unwrap_or(0) as usize);
                        let text = m.part(&q["span"])?.ok_or_else(|| anyhow!("{}: a quantity without span", ctx()))?;
                        gold.push(Gold {
                            text,
                            range: (byte_of(&m.sentence, a), byte_of(&m.sentence, b)),
                            value: q["value"].as_f64(),
                            value_max: q.get("value_max").and_then(Value::as_f64),
                            unit: m.part(q.get("unit").unwrap_or(&Value::Null))?,
                            kind: q["kind"].as_str().unwrap_or("").to_string(),
                        });
                    }
                    out.push(Sentence { sentence: m.sentence, quantities: gold });
                }
                None => {
                    let sentence =
                        v["sentence"].as_str().ok_or_else(|| anyhow!("{}: no \"sentence\"", ctx()))?.to_string();
                    // Consecutive lines of one sentence are one gold sentence.
                    if out.last().is_none_or(|s| s.sentence != sentence) {
                        out.push(Sentence { sentence: sentence.clone(), quantities: Vec::new() });
                    }
                    let Some(text) = v["text"].as_str() else { continue };
                    let s = out.last_mut().expect("pushed above");
                    // The first occurrence not taken by an earlier quantity.
                    let mut from = 0;
                    let start = loop {
                        let at = s.sentence[from..]
                            .find(text)
                            .map(|k| k + from)
                            .ok_or_else(|| anyhow!("{}: text {text:?} is not in the sentence", ctx()))?;
                        if !s.quantities.iter().any(|g| g.range.0 == at) {
                            break at;
                        }
                        from = at + text.len();
                    };
                    s.quantities.push(Gold {
                        text: text.to_string(),
                        range: (start, start + text.len()),
                        value: v["value"].as_f64(),
                        value_max: v.get("value_max").and_then(Value::as_f64),
                        unit: v["unit"].as_str().map(str::to_string),
                        kind: v["kind"].as_str().unwrap_or("").to_string(),
                    });
                }
            }
        }
    }
    Ok(out)
}

fn kind_name(k: QuantityKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn same_value(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * b.abs().max(1.0),
        _ => false,
    }
}

/// The key a unit is compared by: search-folded, without proclitics and
/// the article, without an accusative alef; any percent sign or word is `%`.
fn unit_key(u: &str) -> String {
    let f = Normalizer::search().normalize(u.trim()).text;
    if f.contains('%') || f.contains('٪') || f.contains("مئه") || f.contains("مائه") || f.contains("ميه") {
        return "%".to_string();
    }
    let mut w = f.split_whitespace().next().unwrap_or("").to_string();
    for p in ["وال", "بال", "لل", "ال", "و", "ب", "ل"] {
        if let Some(r) = w.strip_prefix(p) {
            if r.chars().count() >= 2 {
                w = r.to_string();
                break;
            }
        }
    }
    if w.chars().count() > 3 {
        if let Some(r) = w.strip_suffix('ا') {
            w = r.to_string();
        }
    }
    w
}

pub fn run(args: Args) -> Result<u8> {
    let gold = load(&args.gold)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if args.materialize {
        for s in &gold {
            if s.quantities.is_empty() {
                writeln!(out, "{}", json!({"sentence": s.sentence, "text": null}))?;
            }
            for q in &s.quantities {
                let mut o =
                    json!({"sentence": s.sentence, "text": q.text, "value": q.value, "unit": q.unit, "kind": q.kind});
                if let Some(m) = q.value_max {
                    o["value_max"] = json!(m);
                }
                writeln!(out, "{o}")?;
            }
        }
        return Ok(EXIT_OK);
    }
    let tokenizer = Tokenizer::new();
    let finder = QuantityFinder::new();
    let (mut n_gold, mut n_pred, mut matched) = (0, 0, 0);
    let (mut value_ok, mut unit_ok, mut unit_n, mut kind_ok) = (0, 0, 0, 0);
    for s in &gold {
        let tokens = tokenizer.tokenize(&s.sentence);
        let preds: Vec<Quantity> = finder.find(&s.sentence, &tokens);
        n_gold += s.quantities.len();
        n_pred += preds.len();
        let mut pairs = Vec::new();
        for (gi, g) in s.quantities.iter().enumerate() {
            for (pi, p) in preds.iter().enumerate() {
                let ov = g.range.1.min(p.span.end).saturating_sub(g.range.0.max(p.span.start));
                if ov > 0 {
                    pairs.push((ov, gi, pi));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.cmp(&a.0));
        let (mut gd, mut pd) = (vec![false; s.quantities.len()], vec![false; preds.len()]);
        for (_, gi, pi) in pairs {
            if gd[gi] || pd[pi] {
                continue;
            }
            gd[gi] = true;
            pd[pi] = true;
            matched += 1;
            let (g, p) = (&s.quantities[gi], &preds[pi]);
            let v_ok = same_value(p.value, g.value) && (g.value_max.is_none() || same_value(p.value_max, g.value_max));
            value_ok += usize::from(v_ok);
            let k_ok = kind_name(p.kind) == g.kind;
            kind_ok += usize::from(k_ok);
            let mut u_ok = true;
            if g.kind != "date" {
                unit_n += 1;
                u_ok = match (&g.unit, &p.unit) {
                    (None, None) => true,
                    (Some(a), Some(b)) => unit_key(a) == unit_key(b),
                    _ => false,
                };
                unit_ok += usize::from(u_ok);
            }
            if args.errors && !(v_ok && u_ok && k_ok) {
                writeln!(out, "WRONG    {}", s.sentence)?;
                writeln!(
                    out,
                    "  gold  {:?} value={:?}/{:?} unit={:?} kind={}",
                    g.text, g.value, g.value_max, g.unit, g.kind
                )?;
                writeln!(
                    out,
                    "  pred  {:?} value={:?}/{:?} unit={:?} kind={}",
                    p.text,
                    p.value,
                    p.value_max,
                    p.unit,
                    kind_name(p.kind)
                )?;
            }
        }
        if args.errors {
            for (gi, g) in s.quantities.iter().enumerate() {
                if !gd[gi] {
                    writeln!(out, "MISSED   {}\n  gold  {:?} value={:?} kind={}", s.sentence, g.text, g.value, g.kind)?;
                }
            }
            for (pi, p) in preds.iter().enumerate() {
                if !pd[pi] {
                    writeln!(
                        out,
                        "SPURIOUS {}\n  pred  {:?} value={:?} kind={}",
                        s.sentence,
                        p.text,
                        p.value,
                        kind_name(p.kind)
                    )?;
                }
            }
        }
    }
    let detection = Prf::new(matched, n_pred, matched, n_gold);
    let frac = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    if args.json {
        writeln!(
            out,
            "{}",
            json!({
                "sentences": gold.len(),
                "gold": n_gold,
                "predicted": n_pred,
                "found": detection,
                "value_right_of_found": frac(value_ok, matched),
                "value_right_of_gold": frac(value_ok, n_gold),
                "unit_right_of_found": frac(unit_ok, unit_n),
                "kind_right_of_found": frac(kind_ok, matched),
            })
        )?;
    } else {
        writeln!(out, "{} sentences, {} gold quantities, {} predicted", gold.len(), n_gold, n_pred)?;
        writeln!(out, "  {}", detection.line("found (texts overlap)"))?;
        writeln!(
            out,
            "  value right: {:.3} of those found ({value_ok}/{matched}), {:.3} of all gold ({value_ok}/{n_gold})",
            frac(value_ok, matched),
            frac(value_ok, n_gold)
        )?;
        writeln!(
            out,
            "  unit right:  {:.3} of those found ({unit_ok}/{unit_n}, dates not scored)",
            frac(unit_ok, unit_n)
        )?;
        writeln!(out, "  kind right:  {:.3} of those found ({kind_ok}/{matched})", frac(kind_ok, matched))?;
    }
    Ok(EXIT_OK)
}
