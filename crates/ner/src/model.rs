//! The model: the feature space (hash size, gazetteer, clusters) and one or
//! two *stages*, each one row of quantized weights per feature bucket and
//! tag transition scores. The second stage, when there is one, sees what
//! the first said about every other occurrence of a word in the document.
//!
//! ## File format (version 1, little-endian)
//!
//! ```text
//! magic        b"MARSAD-NER\n\0"     12 bytes
//! version      u32                   FORMAT_VERSION
//! feature set  u32                   features::FEATURE_SET
//! hash bits    u8
//! meta         u32 len + UTF-8       JSON: how the model was made
//! gazetteer    u32 n, n x (u64 key-sequence hash, u16 classes)
//! clusters     u32 n, n x (u64 word hash, 3 x u16 clusters, u8 freq, u8 article)
//! stages       u8 (1 or 2), then for each stage:
//!   scale        f32                 weight = stored i16 * scale
//!   transitions  (Tag::COUNT + 1) x Tag::COUNT i32 (last row: sentence start)
//!   weights      u32 n, n x (u32 row, 8 x i16)   only rows with a non-zero weight
//! checksum     u64                   hash of every byte before it
//! ```
//!
//! Weights are stored relative to the `O` tag (each row holds `w[t] − w[O]`
//! for the eight entity tags): that shifts every tag's score at a token by
//! the same amount, which changes no decision, and makes a row sixteen
//! bytes, four to a cache line.

use crate::clusters::{Clusters, WordStats};
use crate::error::{Error, ErrorKind, Result};
use crate::features::{FeatureSpace, FEATURE_SET};
use crate::gazetteer::Gazetteer;
use crate::hash::hash_bytes;
use crate::label::Tag;
use std::path::Path;

pub const MAGIC: &[u8; 12] = b"MARSAD-NER\n\0";
pub const FORMAT_VERSION: u32 = 1;

/// Entity tags per weight row (all tags but `O`).
pub const ROW: usize = Tag::COUNT - 1;

/// Score of a transition that BIO forbids (`O` → `I-X`).
pub(crate) const FORBIDDEN: i32 = i32::MIN / 4;

/// Bound on an allowed transition's stored score, which keeps Viterbi's
/// sums far from overflow.
pub(crate) const MAX_TRANSITION: i32 = 1 << 24;

/// One pass of the tagger: weights and transitions.
///
/// The weights are kept as the file has them, the non-zero rows only: a
/// table of every bucket (16 MB for 2^20 buckets) is built only when
/// something asks for it (training's evaluation, the reference tagging
/// path). Tagging reads the packed [`Weights`](crate::weights::Weights)
/// built from these rows, so loading a model for tagging never touches the
/// big table (a CLI run saves most of its load time).
#[derive(Clone, Debug)]
pub(crate) struct Stage {
    /// The rows with a non-zero weight, by increasing bucket.
    pub(crate) rows: Vec<(u32, [i16; ROW])>,
    /// How many buckets the weight table has.
    pub(crate) buckets: usize,
    dense: std::sync::OnceLock<Vec<[i16; ROW]>>,
    /// `trans[from][to]`; row `Tag::COUNT` is the sentence start.
    pub(crate) trans: Vec<[i32; Tag::COUNT]>,
    pub(crate) scale: f32,
}

impl Stage {
    /// Quantizes real-valued weights (`rows x Tag::COUNT`, row-major) and
    /// transitions (`(Tag::COUNT + 1) x Tag::COUNT`) to 16 bits.
    pub(crate) fn quantize(rows: usize, weights: &[f32], trans: &[f32]) -> Stage {
        let n = Tag::COUNT;
        debug_assert_eq!(weights.len(), rows * n);
        let mut max = 0f32;
        for r in weights.chunks_exact(n) {
            for t in 1..n {
                max = max.max((r[t] - r[0]).abs());
            }
        }
        let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
        let mut q = vec![[0i16; ROW]; rows];
        for (row, r) in q.iter_mut().zip(weights.chunks_exact(n)) {
            for t in 1..n {
                row[t - 1] = ((r[t] - r[0]) / scale).round().clamp(-32767.0, 32767.0) as i16;
            }
        }
        let mut tr = vec![[0i32; Tag::COUNT]; n + 1];
        for from in 0..=n {
            for to in 0..n {
                let allowed = if from == n {
                    Tag::from_index(to).is_some_and(|t| t.may_start())
                } else {
                    Tag::from_index(from).zip(Tag::from_index(to)).is_some_and(|(a, b)| a.may_precede(b))
                };
                let q = (trans[from * n + to] / scale).round().clamp(-MAX_TRANSITION as f32, MAX_TRANSITION as f32);
                tr[from][to] = if allowed { q as i32 } else { FORBIDDEN };
            }
        }
        Stage::from_dense(q, tr, scale)
    }

    /// A stage from a table of every bucket's weights.
    pub(crate) fn from_dense(dense: Vec<[i16; ROW]>, trans: Vec<[i32; Tag::COUNT]>, scale: f32) -> Stage {
        let rows = (0..dense.len()).filter(|&i| dense[i] != [0; ROW]).map(|i| (i as u32, dense[i])).collect();
        Stage { rows, buckets: dense.len(), dense: std::sync::OnceLock::from(dense), trans, scale }
    }

    /// A stage from the rows a model file lists, in the file's order: a
    /// bucket listed twice takes its last row, as writing them into a table
    /// in that order would; rows of zeros are dropped.
    fn from_rows(mut rows: Vec<(u32, [i16; ROW])>, buckets: usize, trans: Vec<[i32; Tag::COUNT]>, scale: f32) -> Stage {
        if !rows.windows(2).all(|w| w[0].0 < w[1].0) {
            // Stable: equal buckets keep the file's order, the last wins.
            rows.sort_by_key(|r| r.0);
            let mut kept: Vec<(u32, [i16; ROW])> = Vec::with_capacity(rows.len());
            for r in rows {
                match kept.last_mut() {
                    Some(last) if last.0 == r.0 => *last = r,
                    _ => kept.push(r),
                }
            }
            rows = kept;
        }
        rows.retain(|r| r.1 != [0; ROW]);
        Stage { rows, buckets, dense: std::sync::OnceLock::new(), trans, scale }
    }

    /// Every bucket's weights (built on first use).
    pub(crate) fn weights(&self) -> &[[i16; ROW]] {
        self.dense.get_or_init(|| {
            let mut dense = vec![[0i16; ROW]; self.buckets];
            for &(i, row) in &self.rows {
                dense[i as usize] = row;
            }
            dense
        })
    }

    fn nonzero_rows(&self) -> usize {
        self.rows.len()
    }
}

/// A trained tagger model. Immutable once built; share it behind an `Arc`
/// or a `static`.
#[derive(Clone, Debug)]
pub struct Model {
    /// Tells models apart for the tagger's per-thread word cache (clones
    /// share it: their weights are the same).
    pub(crate) id: u64,
    pub(crate) space: FeatureSpace,
    pub(crate) stages: Vec<Stage>,
    pub(crate) meta: String,
}

impl Model {
    /// A one-stage model from real-valued weights (see [`Stage::quantize`]).
    pub(crate) fn quantize(space: FeatureSpace, weights: &[f32], trans: &[f32], meta: String) -> Model {
        let stage = Stage::quantize(space.rows(), weights, trans);
        Model { id: next_id(), space, stages: vec![stage], meta }
    }

    /// How many passes the tagger makes (1, or 2 with document features).
    pub fn stages(&self) -> usize {
        self.stages.len()
    }

    pub fn space(&self) -> &FeatureSpace {
        &self.space
    }

    /// How the model was made (JSON written by the trainer).
    pub fn meta(&self) -> &str {
        &self.meta
    }

    /// Rows holding at least one non-zero weight, over all stages.
    pub fn nonzero_rows(&self) -> usize {
        self.stages.iter().map(Stage::nonzero_rows).sum()
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Model> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(e, path))?;
        Model::from_bytes(&bytes).map_err(|e| e.with_path(path.display().to_string()))
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_bytes()).map_err(|e| Error::io(e, path))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 << 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_SET.to_le_bytes());
        out.push(self.space.bits);
        out.extend_from_slice(&(self.meta.len() as u32).to_le_bytes());
        out.extend_from_slice(self.meta.as_bytes());
        let gaz = self.space.gazetteer.raw_entries();
        out.extend_from_slice(&(gaz.len() as u32).to_le_bytes());
        for (h, c) in gaz {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
        }
        let cl = self.space.clusters.raw_entries();
        out.extend_from_slice(&(cl.len() as u32).to_le_bytes());
        for (h, st) in cl {
            out.extend_from_slice(&h.to_le_bytes());
            for id in st.clusters {
                out.extend_from_slice(&id.to_le_bytes());
            }
            out.push(st.freq);
            out.push(st.article);
        }
        out.push(self.stages.len() as u8);
        for stage in &self.stages {
            out.extend_from_slice(&stage.scale.to_le_bytes());
            for row in &stage.trans {
                for v in row {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
            // The non-zero rows by increasing bucket.
            out.extend_from_slice(&(stage.rows.len() as u32).to_le_bytes());
            for (i, row) in &stage.rows {
                out.extend_from_slice(&i.to_le_bytes());
                for x in row {
                    out.extend_from_slice(&x.to_le_bytes());
                }
            }
        }
        let sum = hash_bytes(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Parses a model file's bytes, checking magic, versions, bounds and
    /// checksum.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        if !bytes.starts_with(MAGIC) {
            return Err(ErrorKind::NotAModel.into());
        }
        let mut r = Reader { bytes, pos: MAGIC.len() };
        let version = r.u32("version")?;
        if version != FORMAT_VERSION {
            return Err(ErrorKind::Version { found: version, expected: FORMAT_VERSION }.into());
        }
        let fset = r.u32("feature set")?;
        if fset != FEATURE_SET {
            return Err(Error::corrupt(format!(
                "feature set {fset}, but this build extracts feature set {FEATURE_SET}; retrain with `marsad train ner`"
            )));
        }
        // Check the checksum before trusting any length field.
        if bytes.len() < r.pos + 8 {
            return Err(Error::truncated("header"));
        }
        let body = &bytes[..bytes.len() - 8];
        let stored = u64::from_le_bytes(bytes[bytes.len() - 8..].try_into().expect("8 bytes"));
        if hash_bytes(body) != stored {
            return Err(Error::corrupt("checksum mismatch (the file is damaged or truncated)"));
        }
        let mut r = Reader { bytes: body, pos: r.pos };
        let bits = r.u8("hash bits")?;
        if !(10..=26).contains(&bits) {
            return Err(Error::corrupt(format!("hash bits {bits} out of range")));
        }
        let meta_len = r.u32("meta length")? as usize;
        let meta = std::str::from_utf8(r.take(meta_len, "meta")?)
            .map_err(|_| Error::corrupt("meta is not UTF-8"))?
            .to_string();
        let n = r.count(10, "gazetteer")?;
        let mut gaz = Vec::with_capacity(n);
        for _ in 0..n {
            gaz.push((r.u64("gazetteer")?, r.u16("gazetteer")?));
        }
        let n = r.count(16, "clusters")?;
        let mut clusters = Clusters::new();
        for _ in 0..n {
            let h = r.u64("clusters")?;
            let ids = [r.u16("clusters")?, r.u16("clusters")?, r.u16("clusters")?];
            let (freq, article) = (r.u8("clusters")?, r.u8("clusters")?);
            clusters.insert(h, WordStats { clusters: ids, freq, article });
        }
        let n_stages = r.u8("stages")?;
        if !(1..=2).contains(&n_stages) {
            return Err(Error::corrupt(format!("{n_stages} stages (expected 1 or 2)")));
        }
        let rows = 1usize << bits;
        let mut stages = Vec::new();
        for _ in 0..n_stages {
            let scale = r.f32("scale")?;
            if !(scale.is_finite() && scale > 0.0) {
                return Err(Error::corrupt(format!("weight scale {scale}")));
            }
            let mut trans = vec![[0i32; Tag::COUNT]; Tag::COUNT + 1];
            for row in trans.iter_mut() {
                for v in row.iter_mut() {
                    *v = r.i32("transitions")?;
                    if *v != FORBIDDEN && v.abs() > MAX_TRANSITION {
                        return Err(Error::corrupt(format!("transition score {v} out of range")));
                    }
                }
            }
            let n = r.count(4 + 2 * ROW, "weights")?;
            let mut weights = Vec::with_capacity(n);
            for _ in 0..n {
                let i = r.u32("weights")?;
                if i as usize >= rows {
                    return Err(Error::corrupt(format!("weight row {i} beyond {rows}")));
                }
                let mut row = [0i16; ROW];
                for w in row.iter_mut() {
                    *w = r.i16("weights")?;
                }
                weights.push((i, row));
            }
            stages.push(Stage::from_rows(weights, rows, trans, scale));
        }
        if r.pos != body.len() {
            return Err(Error::corrupt(format!("{} unexpected bytes after the weights", body.len() - r.pos)));
        }
        let space = FeatureSpace::new(bits, Gazetteer::from_raw(gaz), clusters);
        Ok(Model { id: next_id(), space, stages, meta })
    }
}

/// A new model id; ids are never reused, so that a cache filled for a
/// model dropped since cannot be taken for another's.
pub(crate) fn next_id() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A bounds-checked little-endian reader.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(|| Error::truncated(what))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self, what: &'static str) -> Result<[u8; N]> {
        Ok(self.take(N, what)?.try_into().expect("take returns N bytes"))
    }

    fn u8(&mut self, what: &'static str) -> Result<u8> {
        Ok(self.array::<1>(what)?[0])
    }
    fn u16(&mut self, what: &'static str) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array(what)?))
    }
    fn i16(&mut self, what: &'static str) -> Result<i16> {
        Ok(i16::from_le_bytes(self.array(what)?))
    }
    fn u32(&mut self, what: &'static str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }
    fn i32(&mut self, what: &'static str) -> Result<i32> {
        Ok(i32::from_le_bytes(self.array(what)?))
    }
    fn u64(&mut self, what: &'static str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }
    fn f32(&mut self, what: &'static str) -> Result<f32> {
        Ok(f32::from_le_bytes(self.array(what)?))
    }

    /// A count of records of `size` bytes each, checked against what is left.
    fn count(&mut self, size: usize, what: &'static str) -> Result<usize> {
        let n = self.u32(what)? as usize;
        if n.saturating_mul(size) > self.bytes.len() - self.pos {
            return Err(Error::truncated(what));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of a file read as writing them into a table in the file's
    /// order would: a bucket listed twice takes its last row, zero rows are
    /// no rows; the table built on demand and the file written back agree.
    #[test]
    fn listed_rows_read_as_a_table_written_in_order() {
        let r = |v: i16| [v, 0, 0, 0, 0, 0, 0, -v];
        let listed = vec![(7, r(1)), (3, r(2)), (7, r(5)), (9, r(0)), (3, r(0)), (0, r(4))];
        let mut table = vec![[0i16; ROW]; 16];
        for &(i, row) in &listed {
            table[i as usize] = row;
        }
        let trans = vec![[0i32; Tag::COUNT]; Tag::COUNT + 1];
        let stage = Stage::from_rows(listed, 16, trans.clone(), 1.0);
        assert_eq!(stage.rows, [(0, r(4)), (7, r(5))]);
        assert_eq!(stage.weights(), &table[..]);
        assert_eq!(Stage::from_dense(table, trans, 1.0).rows, stage.rows);
    }

    /// Reading and writing the built-in model gives back its file byte for
    /// byte.
    #[test]
    fn the_built_in_model_writes_back_its_own_bytes() {
        let bytes = crate::tagger::EMBEDDED_BYTES;
        assert_eq!(Model::from_bytes(bytes).unwrap().to_bytes(), bytes);
    }
}
