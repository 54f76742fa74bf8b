//! The second stage's document features as tables of summed weight rows.
//!
//! A token's document features ([`FeatureSpace::doc_features`]) read only a
//! few small values: its first-pass tag and its neighbours' (9 tags, or
//! none beyond the sentence), the majority label of its word's other
//! occurrences and of its neighbours' words (0..=5, or none), and which
//! labels those occurrences had (4 bits). Every combination of the values a
//! template reads has one bucket, so the rows of all of them fit in a few
//! small tables, built once per tagger: the tagger then adds five rows read
//! from cache per token instead of hashing eight features, reading their
//! rows from the big table and probing the document memory three times.
//! Integer sums are exact, so the scores are the same.

use crate::features::{doc_values as v, DocFacts, FeatureSpace, Template};
use crate::label::Tag;
use crate::model::ROW;
use crate::weights::{add_row, Weights};

const TAGS: usize = Tag::COUNT;
/// A neighbour's first-pass tag: one of the tags, or none (index `TAGS`).
const SIDE_TAGS: usize = TAGS + 1;
/// Majorities: 0..=5; a neighbour's also 6 (beyond the sentence).
const MAJORS: usize = 6;
const SIDE_MAJORS: usize = MAJORS + 1;

/// Second-stage rows of every document-feature value, summed by what a
/// token reads together.
#[derive(Clone, Debug)]
pub(crate) struct DocRows {
    /// `FirstPass(own) + FirstPassPrev(prev, own)`, by `prev * TAGS + own`.
    prev_own: Vec<[i32; ROW]>,
    /// `FirstPassNext(next, own)`, by `next * TAGS + own`.
    next_own: Vec<[i32; ROW]>,
    /// `DocNeighbours`, by `(prev * MAJORS + major) * SIDE_MAJORS + next`.
    neighbours: Vec<[i32; ROW]>,
    unseen: [i32; ROW],
    /// `DocSeen` of every set of labels (bit `l - 1`: label `l`).
    seen: [[i32; ROW]; 16],
    /// `DocMajor(major) + FirstPassMajor(major, own)`, by `major * TAGS + own`
    /// (major 0..=4).
    major_own: Vec<[i32; ROW]>,
}

impl DocRows {
    pub(crate) fn new(space: &FeatureSpace, weights: &Weights) -> DocRows {
        let row = |(t, val): (Template, u64)| -> [i32; ROW] {
            let mut acc = [0i32; ROW];
            if let Some(r) = weights.row(space.bucket_of(t, val)) {
                add_row(&mut acc, &r[1]);
            }
            acc
        };
        let sum = |a: [i32; ROW], b: [i32; ROW]| -> [i32; ROW] { std::array::from_fn(|k| a[k] + b[k]) };
        let side = |s: usize| (s < TAGS).then_some(s);
        let mut prev_own = Vec::with_capacity(SIDE_TAGS * TAGS);
        let mut next_own = Vec::with_capacity(SIDE_TAGS * TAGS);
        for s in 0..SIDE_TAGS {
            for own in 0..TAGS {
                prev_own.push(sum(row(v::first_pass(own)), row(v::first_pass_prev(side(s), own))));
                next_own.push(row(v::first_pass_next(side(s), own)));
            }
        }
        let mut neighbours = Vec::with_capacity(SIDE_MAJORS * MAJORS * SIDE_MAJORS);
        for p in 0..SIDE_MAJORS {
            for m in 0..MAJORS {
                for n in 0..SIDE_MAJORS {
                    neighbours.push(row(v::neighbours(p, m, n)));
                }
            }
        }
        let seen = std::array::from_fn(|mask: usize| {
            (1..5).filter(|l| mask & 1 << (l - 1) != 0).fold([0; ROW], |acc, l| sum(acc, row(v::seen(l))))
        });
        let mut major_own = Vec::with_capacity(5 * TAGS);
        for m in 0..5 {
            for own in 0..TAGS {
                major_own.push(sum(row(v::major(m)), row(v::first_pass_major(m, own))));
            }
        }
        DocRows { prev_own, next_own, neighbours, unseen: row(v::unseen()), seen, major_own }
    }

    /// Adds the document features of token `i` of a sentence whose
    /// first-pass tags are `first` and document facts `facts`.
    #[inline(always)]
    pub(crate) fn add(&self, acc: &mut [i32; ROW], first: &[Tag], facts: &[DocFacts], i: usize) {
        let n = first.len();
        let own = first[i].index();
        let prev = if i > 0 { first[i - 1].index() } else { TAGS };
        let next = if i + 1 < n { first[i + 1].index() } else { TAGS };
        let major = facts[i].major as usize;
        let pm = if i > 0 { facts[i - 1].major as usize } else { MAJORS };
        let nm = if i + 1 < n { facts[i + 1].major as usize } else { MAJORS };
        add_i32(acc, &self.prev_own[prev * TAGS + own]);
        add_i32(acc, &self.next_own[next * TAGS + own]);
        add_i32(acc, &self.neighbours[(pm * MAJORS + major) * SIDE_MAJORS + nm]);
        if major == 5 {
            add_i32(acc, &self.unseen);
        } else {
            add_i32(acc, &self.seen[facts[i].seen as usize & 15]);
            add_i32(acc, &self.major_own[major * TAGS + own]);
        }
    }
}

#[inline(always)]
fn add_i32(acc: &mut [i32; ROW], row: &[i32; ROW]) {
    for t in 0..ROW {
        acc[t] += row[t];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::DocMemory;
    use crate::Tagger;

    /// The tables give the sums of the rows of every feature
    /// `doc_features` extracts, for every token of made-up documents whose
    /// words come back with every mix of labels (ties between labels, and
    /// between a label and `O`, included).
    #[test]
    fn table_sums_equal_the_document_feature_rows() {
        let model = Tagger::embedded().unwrap().model();
        let weights = Weights::new(&model.stages);
        let rows = DocRows::new(&model.space, &weights);
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut rand = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut feats = Vec::new();
        for round in 0..300 {
            // Few distinct words, so that they repeat with many labels.
            let words = 1 + rand(6);
            let sentences: Vec<(Vec<u64>, Vec<Tag>)> = (0..1 + rand(4))
                .map(|_| {
                    let len = 1 + rand(12) as usize;
                    let keys = (0..len).map(|_| rand(words)).collect();
                    let tags = (0..len).map(|_| Tag::from_index(rand(Tag::COUNT as u64) as usize).unwrap()).collect();
                    (keys, tags)
                })
                .collect();
            let mut memory = DocMemory::default();
            for (keys, tags) in &sentences {
                memory.add(keys, tags);
            }
            for (keys, tags) in &sentences {
                let facts: Vec<DocFacts> = keys.iter().zip(tags).map(|(&k, &t)| memory.facts(k, t)).collect();
                for i in 0..keys.len() {
                    let mut fast = [0i32; ROW];
                    rows.add(&mut fast, tags, &facts, i);
                    feats.clear();
                    model.space.doc_features(&memory, keys, tags, i, &mut feats);
                    let mut want = [0i32; ROW];
                    for &f in &feats {
                        if let Some(r) = weights.row(f) {
                            add_row(&mut want, &r[1]);
                        }
                    }
                    assert_eq!(fast, want, "round {round}, token {i}: {keys:?} {tags:?}");
                }
            }
        }
    }
}
