//! Entity-level evaluation as conlleval does it: an entity counts as found
//! only when both its span and its label are exactly right.

use crate::label::{Label, Tag};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// An entity over a sentence: token range `[start, end)` and label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Chunk {
    pub start: usize,
    pub end: usize,
    pub label: Label,
}

/// The entities of a BIO sequence, read as conlleval reads them: an entity
/// starts at `B-X`, or at an `I-X` that does not continue an `X` (so a
/// stray `I-X` after `O` still counts), and goes on over the `I-X` after it.
pub fn chunks(tags: &[Tag]) -> Vec<Chunk> {
    let mut out = Vec::new();
    let mut open: Option<Chunk> = None;
    for (i, &t) in tags.iter().enumerate() {
        let continues = t.is_inside() && open.is_some_and(|c| Some(c.label) == t.label());
        if continues {
            continue;
        }
        if let Some(mut c) = open.take() {
            c.end = i;
            out.push(c);
        }
        if let Some(label) = t.label() {
            open = Some(Chunk { start: i, end: i + 1, label });
        }
    }
    if let Some(mut c) = open {
        c.end = tags.len();
        out.push(c);
    }
    out
}

/// Counts for one label, or for all of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

/// Precision, recall and F1 (as fractions in 0..=1) with the counts behind them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Counts {
    pub fn score(&self) -> Score {
        let p = if self.predicted == 0 { 0.0 } else { self.correct as f64 / self.predicted as f64 };
        let r = if self.gold == 0 { 0.0 } else { self.correct as f64 / self.gold as f64 };
        let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
        Score { precision: p, recall: r, f1, gold: self.gold, predicted: self.predicted, correct: self.correct }
    }
}

/// Accumulates gold and predicted entities over sentences.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    per_label: [Counts; Label::ALL.len()],
    sentences: usize,
    tokens: usize,
}

/// The JSON form of an evaluation: `{"micro": {...}, "labels": {"PER": {...}, ...}}`.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub micro: Score,
    pub labels: BTreeMap<String, Score>,
    pub sentences: usize,
    pub tokens: usize,
}

impl Evaluation {
    pub fn new() -> Evaluation {
        Evaluation::default()
    }

    /// Adds one sentence. `gold` and `predicted` have one tag per word.
    pub fn add(&mut self, gold: &[Tag], predicted: &[Tag]) {
        debug_assert_eq!(gold.len(), predicted.len());
        self.sentences += 1;
        self.tokens += gold.len();
        let g = chunks(gold);
        let p = chunks(predicted);
        for c in &g {
            self.per_label[c.label.index()].gold += 1;
        }
        for c in &p {
            self.per_label[c.label.index()].predicted += 1;
        }
        // Both lists are sorted by start and non-overlapping: merge.
        let (mut i, mut j) = (0, 0);
        while i < g.len() && j < p.len() {
            if g[i] == p[j] {
                self.per_label[g[i].label.index()].correct += 1;
                i += 1;
                j += 1;
            } else if (g[i].start, g[i].end) < (p[j].start, p[j].end) {
                i += 1;
            } else {
                j += 1;
            }
        }
    }

    /// Adds the counts of another evaluation.
    pub fn merge(&mut self, other: &Evaluation) {
        for (a, b) in self.per_label.iter_mut().zip(&other.per_label) {
            a.gold += b.gold;
            a.predicted += b.predicted;
            a.correct += b.correct;
        }
        self.sentences += other.sentences;
        self.tokens += other.tokens;
    }

    pub fn label(&self, label: Label) -> Counts {
        self.per_label[label.index()]
    }

    /// Micro-averaged counts: every entity of every label.
    pub fn micro(&self) -> Counts {
        self.per_label.iter().fold(Counts::default(), |a, c| Counts {
            gold: a.gold + c.gold,
            predicted: a.predicted + c.predicted,
            correct: a.correct + c.correct,
        })
    }

    pub fn report(&self) -> Report {
        Report {
            micro: self.micro().score(),
            labels: Label::ALL.iter().map(|l| (l.to_string(), self.label(*l).score())).collect(),
            sentences: self.sentences,
            tokens: self.tokens,
        }
    }
}

impl fmt::Display for Evaluation {
    /// A per-label table and a micro line, in percent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} sentences, {} tokens", self.sentences, self.tokens)?;
        writeln!(
            f,
            "{:<6} {:>9} {:>9} {:>9} {:>7} {:>7} {:>7}",
            "label", "precision", "recall", "F1", "gold", "found", "correct"
        )?;
        let line = |f: &mut fmt::Formatter<'_>, name: &str, c: Counts| {
            let s = c.score();
            writeln!(
                f,
                "{:<6} {:>9.2} {:>9.2} {:>9.2} {:>7} {:>7} {:>7}",
                name,
                100.0 * s.precision,
                100.0 * s.recall,
                100.0 * s.f1,
                c.gold,
                c.predicted,
                c.correct
            )
        };
        for l in Label::ALL {
            line(f, l.as_str(), self.label(l))?;
        }
        line(f, "micro", self.micro())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<Tag> {
        s.split_whitespace().map(|t| t.parse().unwrap()).collect()
    }

    #[test]
    fn chunks_as_conlleval_reads_them() {
        let table: &[(&str, &[(usize, usize, Label)])] = &[
            ("O B-PER I-PER O", &[(1, 3, Label::Per)]),
            ("B-PER B-PER", &[(0, 1, Label::Per), (1, 2, Label::Per)]),
            ("O I-LOC I-LOC", &[(1, 3, Label::Loc)]),
            ("B-ORG I-LOC", &[(0, 1, Label::Org), (1, 2, Label::Loc)]),
            ("B-MISC I-MISC", &[(0, 2, Label::Misc)]),
            ("O O", &[]),
        ];
        for (input, want) in table {
            let got: Vec<_> = chunks(&tags(input)).iter().map(|c| (c.start, c.end, c.label)).collect();
            assert_eq!(&got, want, "{input}");
        }
    }

    #[test]
    fn exact_span_and_label_only() {
        let mut e = Evaluation::new();
        e.add(&tags("B-PER I-PER O B-LOC O B-ORG O"), &tags("B-PER I-PER O B-ORG O B-ORG I-ORG"));
        assert_eq!(e.label(Label::Per), Counts { gold: 1, predicted: 1, correct: 1 });
        assert_eq!(e.label(Label::Loc), Counts { gold: 1, predicted: 0, correct: 0 });
        assert_eq!(e.label(Label::Org), Counts { gold: 1, predicted: 2, correct: 0 });
        let m = e.micro().score();
        assert_eq!((m.gold, m.predicted, m.correct), (3, 3, 1));
        assert!((m.f1 - 1.0 / 3.0).abs() < 1e-12);
    }
}
