//! The weight table as the tagger reads it: sparse, with every stage's row
//! of a bucket side by side.
//!
//! A model's stages are dense tables of 2^bits rows, of which only a few
//! percent hold a non-zero weight, and tagging reads rows at random (a
//! word bigram's bucket is anywhere): on the dense tables nearly every read
//! of a rare feature is a cache miss. Here a bitmap of the non-zero buckets
//! (one bit each, with a count of set bits per 64 buckets: 192 KB for 2^20
//! buckets) answers "is this row zero?" from cache, and the non-zero rows
//! are packed, both stages' weights of a bucket in one 32-byte row, so the
//! second stage's read of a bucket the first read costs nothing more.

use crate::model::{Stage, ROW};

/// Per-stage score sums for the entity tags (a one-stage model leaves the
/// second zero).
pub(crate) type Acc = [[i32; ROW]; 2];

/// The packed weights of all stages of a model.
#[derive(Clone, Debug, Default)]
pub(crate) struct Weights {
    /// Bit `b % 64` of word `b / 64`: bucket `b` has a non-zero row.
    bits: Vec<u64>,
    /// Non-zero rows before word `w` of `bits`.
    rank: Vec<u32>,
    rows: Vec<[[i16; ROW]; 2]>,
}

impl Weights {
    /// Packs the non-zero rows of the first two stages (each stage's rows
    /// are by increasing bucket: they are merged in one pass).
    pub(crate) fn new(stages: &[Stage]) -> Weights {
        let n = stages.first().map_or(0, |s| s.buckets);
        let mut bits = vec![0u64; n.div_ceil(64)];
        let none: &[(u32, [i16; ROW])] = &[];
        let (a, b) = (stages.first().map_or(none, |s| &s.rows), stages.get(1).map_or(none, |s| &s.rows));
        let mut rows = Vec::with_capacity(a.len().max(b.len()));
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let bucket = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => x.0.min(y.0),
                (Some(x), None) => x.0,
                (None, Some(y)) => y.0,
                (None, None) => break,
            };
            let mut row = [[0i16; ROW]; 2];
            if a.get(i).is_some_and(|x| x.0 == bucket) {
                row[0] = a[i].1;
                i += 1;
            }
            if b.get(j).is_some_and(|y| y.0 == bucket) {
                row[1] = b[j].1;
                j += 1;
            }
            // Stages of one model have as many buckets; a row beyond the
            // first stage's table could not be looked up anyway.
            if (bucket as usize) < n {
                bits[bucket as usize / 64] |= 1 << (bucket % 64);
                rows.push(row);
            }
        }
        let mut rank = Vec::with_capacity(bits.len());
        let mut below = 0u32;
        for word in &bits {
            rank.push(below);
            below += word.count_ones();
        }
        Weights { bits, rank, rows }
    }

    /// The weights of bucket `b` for each stage, if any is non-zero.
    #[inline(always)]
    pub(crate) fn row(&self, b: u32) -> Option<&[[i16; ROW]; 2]> {
        let (w, bit) = (b as usize / 64, b % 64);
        let word = *self.bits.get(w)?;
        if word & (1 << bit) == 0 {
            return None;
        }
        let below = (word & ((1u64 << bit) - 1)).count_ones();
        self.rows.get(self.rank[w] as usize + below as usize)
    }

    /// Adds the rows of buckets `ids` to `acc`, for every stage.
    #[inline(always)]
    pub(crate) fn add(&self, acc: &mut Acc, ids: &[u32]) {
        for &f in ids {
            if let Some(r) = self.row(f) {
                add_row(&mut acc[0], &r[0]);
                add_row(&mut acc[1], &r[1]);
            }
        }
    }

    /// Adds the rows of bucket `b` to `acc`, for every stage.
    #[inline(always)]
    pub(crate) fn add_one(&self, acc: &mut Acc, b: u32) {
        if let Some(r) = self.row(b) {
            add_row(&mut acc[0], &r[0]);
            add_row(&mut acc[1], &r[1]);
        }
    }

    /// How many buckets have a non-zero row.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }
}

#[inline(always)]
pub(crate) fn add_row(acc: &mut [i32; ROW], row: &[i16; ROW]) {
    for t in 0..ROW {
        acc[t] += row[t] as i32;
    }
}

#[inline(always)]
pub(crate) fn add_acc(acc: &mut Acc, v: &Acc) {
    for s in 0..2 {
        for t in 0..ROW {
            acc[s][t] += v[s][t];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_rows_are_the_dense_rows() {
        let rows = 200;
        let mut a = vec![[0i16; ROW]; rows];
        let mut b = vec![[0i16; ROW]; rows];
        // Non-zero in one stage, the other, both, at word edges.
        for (i, s, v) in [(0, 0, 5), (63, 1, -7), (64, 0, 1), (64, 1, 2), (130, 0, -32767), (199, 1, 9)] {
            let t = if s == 0 { &mut a } else { &mut b };
            t[i][i % ROW] = v;
        }
        let stage = |w: Vec<[i16; ROW]>| Stage::from_dense(w, Vec::new(), 1.0);
        let stages = [stage(a.clone()), stage(b.clone())];
        let w = Weights::new(&stages);
        assert_eq!(w.len(), 5);
        for i in 0..rows {
            let want = [a[i], b[i]];
            let got = w.row(i as u32).copied().unwrap_or([[0; ROW]; 2]);
            assert_eq!(got, want, "row {i}");
        }
        assert_eq!(w.row(rows as u32 + 1000), None);
        let one = Weights::new(&stages[..1]);
        assert_eq!(one.len(), 3);
        assert_eq!(one.row(64).unwrap()[1], [0; ROW]);
    }
}
