//! Gold references into `../shared/data`, for `marsad eval claims` and
//! `marsad eval quantities`, and the scores they print.
//!
//! The project keeps its gold as references (an ANT article's `docno`, the
//! character offsets of a sentence in its `text`, and annotations as
//! character offsets in the sentence: see `eval/README.md`), never the
//! article text. This module reads the articles a reference file names from
//! the ANT JSONL and rebuilds each sentence and annotated string. A line may
//! instead name an ArMPro paragraph (`armpro`: its `paragraph_id`, offsets
//! into its `paragraph`): sentences from outlets ANT does not have.

use anyhow::{anyhow, bail, Context, Result};
use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// Where `../shared/data` is: `$MARSAD_SHARED_DATA`, else next to the
/// source tree, else relative to the working directory.
pub fn shared_data() -> PathBuf {
    if let Some(p) = std::env::var_os("MARSAD_SHARED_DATA") {
        return PathBuf::from(p);
    }
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if beside.exists() {
        return beside;
    }
    PathBuf::from("../shared/data")
}

/// The ANT corpus file.
pub fn ant_path() -> PathBuf {
    shared_data().join("ant-multisource/ant_multisource_v2.1.jsonl")
}

/// The ArMPro file whose paragraphs `armpro` references point into.
pub fn armpro_path() -> PathBuf {
    shared_data().join("armpro/span/ArMPro_span_dev_V2.jsonl")
}

/// The `paragraph` of every ArMPro paragraph of `ids`.
fn armpro_texts(ids: &HashSet<String>) -> Result<HashMap<String, String>> {
    let path = armpro_path();
    let mut out = HashMap::new();
    for (n, v) in read_jsonl(&path)? {
        let Some(id) = v["paragraph_id"].as_str().filter(|id| ids.contains(*id)) else { continue };
        let text = v["paragraph"].as_str().ok_or_else(|| anyhow!("{}:{n}: no paragraph", path.display()))?;
        out.insert(id.to_string(), text.to_string());
    }
    Ok(out)
}

/// The lines of a JSONL gold file, parsed, with their line numbers.
pub fn read_jsonl(path: &Path) -> Result<Vec<(usize, Value)>> {
    let f = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("{}: cannot read line {}", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value =
            serde_json::from_str(&line).with_context(|| format!("{}:{}: not a JSON object", path.display(), i + 1))?;
        out.push((i + 1, v));
    }
    Ok(out)
}

/// Reads the `text` of every article of `docnos` from the ANT file.
pub fn ant_texts(docnos: &HashSet<String>) -> Result<HashMap<String, String>> {
    let path = ant_path();
    let f = std::fs::File::open(&path).with_context(|| {
        format!("cannot open {} (set MARSAD_SHARED_DATA to the shared data folder)", path.display())
    })?;
    let mut out = HashMap::new();
    for line in BufReader::new(f).lines() {
        let line = line.with_context(|| format!("cannot read {}", path.display()))?;
        // Only parse the lines whose docno is wanted.
        let Some(at) = line.find("\"docno\": \"") else { continue };
        let rest = &line[at + 10..];
        let Some(end) = rest.find('"') else { continue };
        if !docnos.contains(&rest[..end]) {
            continue;
        }
        let v: Value = serde_json::from_str(&line).with_context(|| format!("{}: bad line", path.display()))?;
        let text =
            v["text"].as_str().ok_or_else(|| anyhow!("{}: article {} has no text", path.display(), &rest[..end]))?;
        out.insert(rest[..end].to_string(), text.to_string());
    }
    Ok(out)
}

/// Characters `[start, end)` of `s`.
pub fn chars(s: &str, start: usize, end: usize) -> Option<String> {
    if start > end {
        return None;
    }
    let mut it = s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len()));
    let a = it.nth(start)?;
    let b = if end == start { a } else { it.nth(end - start - 1)? };
    Some(s[a..b].to_string())
}

/// A materialized reference line: the sentence, and a closure to read a
/// `[start, end]` pair of the line as a string of the sentence.
pub struct Materialized {
    pub sentence: String,
    pub line: usize,
}

impl Materialized {
    /// The string at a `[start, end]` character pair of the sentence (NBSP
    /// read as a space, as the annotation tool saw it); `null` stays `None`.
    pub fn part(&self, v: &Value) -> Result<Option<String>> {
        if v.is_null() {
            return Ok(None);
        }
        let (Some(a), Some(b)) = (v.get(0).and_then(Value::as_u64), v.get(1).and_then(Value::as_u64)) else {
            bail!("line {}: expected [start, end], got {v}", self.line);
        };
        chars(&self.sentence, a as usize, b as usize)
            .map(Some)
            .ok_or_else(|| anyhow!("line {}: [{a}, {b}] is outside the sentence", self.line))
    }
}

/// Rebuilds the sentences of reference lines (lines with a `docno` or an
/// `armpro` paragraph id).
pub fn materialize(lines: &[(usize, Value)]) -> Result<Vec<Option<Materialized>>> {
    let ids = |key: &str| -> HashSet<String> {
        lines.iter().filter_map(|(_, v)| v.get(key).and_then(Value::as_str).map(str::to_string)).collect()
    };
    let (docnos, paragraphs) = (ids("docno"), ids("armpro"));
    let ant = if docnos.is_empty() { HashMap::new() } else { ant_texts(&docnos)? };
    let armpro = if paragraphs.is_empty() { HashMap::new() } else { armpro_texts(&paragraphs)? };
    let mut out = Vec::new();
    for (n, v) in lines {
        let (text, what) = if let Some(docno) = v.get("docno").and_then(Value::as_str) {
            let text = ant
                .get(docno)
                .ok_or_else(|| anyhow!("line {n}: article {docno} is not in {}", ant_path().display()))?;
            (text, format!("article {docno}"))
        } else if let Some(id) = v.get("armpro").and_then(Value::as_str) {
            let text = armpro
                .get(id)
                .ok_or_else(|| anyhow!("line {n}: paragraph {id} is not in {}", armpro_path().display()))?;
            (text, format!("paragraph {id}"))
        } else {
            out.push(None);
            continue;
        };
        let (Some(a), Some(b)) = (v["start"].as_u64(), v["end"].as_u64()) else {
            bail!("line {n}: a reference needs start and end");
        };
        let sentence = chars(text, a as usize, b as usize)
            .ok_or_else(|| anyhow!("line {n}: [{a}, {b}] is outside {what}"))?
            .replace('\u{a0}', " ");
        out.push(Some(Materialized { sentence, line: *n }));
    }
    Ok(out)
}

/// Precision, recall and F1 from counts.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub predicted: usize,
    pub gold: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    /// `tp_pred` predictions are right, `tp_gold` gold items are found.
    pub fn new(tp_pred: usize, predicted: usize, tp_gold: usize, gold: usize) -> Prf {
        let p = if predicted == 0 { 0.0 } else { tp_pred as f64 / predicted as f64 };
        let r = if gold == 0 { 0.0 } else { tp_gold as f64 / gold as f64 };
        let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        Prf { tp: tp_gold, predicted, gold, precision: p, recall: r, f1: f }
    }

    pub fn line(&self, name: &str) -> String {
        format!(
            "{name:<34} P {:.3}  R {:.3}  F1 {:.3}   ({} of {} predicted, {} of {} gold)",
            self.precision,
            self.recall,
            self.f1,
            (self.precision * self.predicted as f64).round(),
            self.predicted,
            self.tp,
            self.gold
        )
    }
}

/// Words of a string for comparing annotations: search-folded, punctuation
/// and quotation marks dropped, a conjunction on the first word dropped.
pub fn words(s: &str) -> Vec<String> {
    let folded = marsad_arabic::Normalizer::search().normalize(s).text;
    let mut out: Vec<String> =
        folded.split(|c: char| !(c.is_alphanumeric())).filter(|w| !w.is_empty()).map(str::to_string).collect();
    if let Some(first) = out.first_mut() {
        if (first.starts_with('و') || first.starts_with('ف')) && first.chars().count() > 3 {
            first.remove(0);
        }
    }
    out
}

/// Token F1 between two strings (1 when both are empty).
pub fn token_f1(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let mut rest: Vec<&String> = b.iter().collect();
    let mut common = 0;
    for w in a {
        if let Some(k) = rest.iter().position(|x| *x == w) {
            rest.swap_remove(k);
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let p = common as f64 / a.len() as f64;
    let r = common as f64 / b.len() as f64;
    2.0 * p * r / (p + r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chars_are_characters() {
        assert_eq!(chars("قال الوزير", 4, 10).as_deref(), Some("الوزير"));
        assert_eq!(chars("abc", 3, 3).as_deref(), Some(""));
        assert_eq!(chars("abc", 2, 5), None);
    }

    #[test]
    fn words_fold_and_drop_punctuation() {
        assert_eq!(words("«وبدأت الموجة»."), ["بدات", "الموجه"]);
        assert!((token_f1(&words("a b c d"), &words("a b")) - 2.0 / 3.0).abs() < 1e-9);
    }
}
