//! Word clusters from unlabelled text: a fast alternative to Brown
//! clustering that runs in about a minute on two cores.
//!
//! 1. Count words (normalized forms of marsad's tokens) and keep the most
//!    frequent as the vocabulary, and a smaller set as context words.
//! 2. Count each vocabulary word's context words at positions −2, −1, +1,
//!    +2 (kept apart, so the contexts carry word order, which is what
//!    makes clusters syntactic as well as topical).
//! 3. Weight the counts by positive pointwise mutual information, with the
//!    context distribution smoothed by α = 0.75 (Levy, Goldberg & Dagan
//!    2015), and reduce to `dims` dimensions by randomized SVD (Halko,
//!    Martinsson & Tropp 2011).
//! 4. Cluster the unit-length word vectors by spherical k-means (k-means++
//!    seeding) at three granularities.
//!
//! Everything is seeded, so the same input and options give the same file.

use crate::clusters::{cluster_form, Clusters, WordStats};
use crate::error::{Error, Result};
use crate::train::SplitMix;
use marsad_arabic::{Tokenizer, Tokens};
use rayon::prelude::*;
use std::collections::HashMap;

/// Options of [`induce`].
#[derive(Clone, Debug)]
pub struct ClusterOptions {
    /// Largest vocabulary (most frequent words first).
    pub vocab: usize,
    /// Words seen fewer times are not clustered.
    pub min_count: u32,
    /// Context words (most frequent first).
    pub contexts: usize,
    /// Dimensions kept by the SVD.
    pub dims: usize,
    /// Number of clusters at each granularity, coarse to fine.
    pub ks: [usize; 3],
    /// k-means iterations at each granularity.
    pub iterations: usize,
    pub seed: u64,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            vocab: 80_000,
            min_count: 5,
            contexts: 3000,
            dims: 100,
            ks: [64, 256, 1024],
            iterations: 15,
            seed: 17,
        }
    }
}

/// The result: each word with its cluster ids (1-based), most frequent word
/// first, and a summary.
pub struct Induced {
    pub words: Vec<(String, WordStats)>,
    pub tokens: u64,
    pub documents: usize,
}

impl Induced {
    pub fn clusters(&self) -> Result<Clusters> {
        Clusters::parse(&Clusters::render(&self.words, ""))
    }
}

/// Appends the [cluster forms](crate::clusters::cluster_form) of `tokens`
/// to `arena`, with their end offsets in `ends` and whether the form is
/// the article and a base in `al`.
fn forms_into(tokens: &Tokens, arena: &mut String, ends: &mut Vec<usize>, al: &mut Vec<bool>, scratch: &mut String) {
    arena.clear();
    ends.clear();
    al.clear();
    for t in tokens.iter() {
        arena.push_str(cluster_form(tokens, t, scratch));
        ends.push(arena.len());
        al.push(t.kind == marsad_arabic::TokenKind::Word && t.proclitics.contains(marsad_arabic::Proclitics::AL));
    }
}

/// The forms in `arena` delimited by `ends`.
fn forms<'a>(arena: &'a str, ends: &'a [usize]) -> impl Iterator<Item = &'a str> + 'a {
    ends.iter().scan(0, move |start, &end| {
        let s = &arena[*start..end];
        *start = end;
        Some(s)
    })
}

/// Induces clusters from documents. `progress` receives one line per stage.
pub fn induce(docs: &[String], opts: &ClusterOptions, progress: &(dyn Fn(&str) + Sync)) -> Result<Induced> {
    if opts.ks.iter().any(|&k| k < 2) || opts.dims < 2 || opts.contexts < 2 {
        return Err(Error::training("clusters: ks, dims and contexts must be at least 2"));
    }
    let tokenizer = Tokenizer::new();
    // 1. Word counts (and whether each form is the article and a base).
    let counts: HashMap<String, (u64, bool)> = docs
        .par_chunks(256)
        .map(|chunk| {
            let mut m: HashMap<String, (u64, bool)> = HashMap::new();
            let mut toks = Tokens::new();
            let (mut arena, mut ends, mut al, mut scratch) = (String::new(), Vec::new(), Vec::new(), String::new());
            for d in chunk {
                tokenizer.tokenize_into(d, &mut toks);
                forms_into(&toks, &mut arena, &mut ends, &mut al, &mut scratch);
                for (f, &a) in forms(&arena, &ends).zip(&al) {
                    match m.get_mut(f) {
                        Some(c) => c.0 += 1,
                        None => {
                            m.insert(f.to_string(), (1, a));
                        }
                    }
                }
            }
            m
        })
        .reduce(HashMap::new, |mut a, b| {
            for (k, v) in b {
                let e = a.entry(k).or_insert((0, v.1));
                e.0 += v.0;
            }
            a
        });
    let tokens: u64 = counts.values().map(|c| c.0).sum();
    // Per base: occurrences, and occurrences with the article.
    let mut bases: HashMap<&str, (u64, u64)> = HashMap::new();
    for (f, &(n, al)) in &counts {
        let base = if al { &f["ال".len()..] } else { f.as_str() };
        let e = bases.entry(base).or_insert((0, 0));
        e.0 += n;
        if al {
            e.1 += n;
        }
    }
    let stats_of = |f: &str, n: u64| -> (u8, u8) {
        let al = counts.get(f).is_some_and(|c| c.1);
        let base = if al { &f["ال".len()..] } else { f };
        let (total, with) = bases.get(base).copied().unwrap_or((n, 0));
        ((63 - n.max(1).leading_zeros()) as u8, ((10 * with + total / 2) / total.max(1)).min(10) as u8)
    };
    let mut by_freq: Vec<(String, u64)> = counts.iter().map(|(k, v)| (k.clone(), v.0)).collect();
    by_freq.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    // Only words (not numbers or punctuation) get clusters.
    let vocab: Vec<(String, u64)> = by_freq
        .iter()
        .filter(|(w, c)| *c >= opts.min_count as u64 && w != "<num>" && w.chars().any(char::is_alphabetic))
        .take(opts.vocab)
        .cloned()
        .collect();
    if vocab.len() < opts.ks[2] {
        return Err(Error::training(format!(
            "clusters: only {} words occur {} times or more, fewer than the {} clusters asked for",
            vocab.len(),
            opts.min_count,
            opts.ks[2]
        )));
    }
    let vocab_ids: HashMap<&str, u32> = vocab.iter().enumerate().map(|(i, (w, _))| (w.as_str(), i as u32)).collect();
    let ctx_ids: HashMap<&str, u32> =
        by_freq.iter().take(opts.contexts).enumerate().map(|(i, (w, _))| (w.as_str(), i as u32)).collect();
    progress(&format!(
        "{} documents, {tokens} tokens, {} distinct forms; clustering {} words over {} context words",
        docs.len(),
        by_freq.len(),
        vocab.len(),
        ctx_ids.len()
    ));

    // 2. Co-occurrence counts, as sorted (row, column) keys.
    let nctx = ctx_ids.len();
    let cols = 4 * nctx;
    let mut pairs: Vec<u64> = docs
        .par_chunks(256)
        .map(|chunk| {
            let mut out = Vec::new();
            let mut toks = Tokens::new();
            let mut row = Vec::new();
            let mut col = Vec::new();
            let (mut arena, mut ends, mut al, mut scratch) = (String::new(), Vec::new(), Vec::new(), String::new());
            for d in chunk {
                tokenizer.tokenize_into(d, &mut toks);
                forms_into(&toks, &mut arena, &mut ends, &mut al, &mut scratch);
                row.clear();
                col.clear();
                for f in forms(&arena, &ends) {
                    row.push(vocab_ids.get(f).copied().unwrap_or(u32::MAX));
                    col.push(ctx_ids.get(f).copied().unwrap_or(u32::MAX));
                }
                for i in 0..row.len() {
                    if row[i] == u32::MAX {
                        continue;
                    }
                    for (p, off) in [-2isize, -1, 1, 2].into_iter().enumerate() {
                        let j = i as isize + off;
                        if j < 0 || j as usize >= col.len() || col[j as usize] == u32::MAX {
                            continue;
                        }
                        let c = p * nctx + col[j as usize] as usize;
                        out.push(((row[i] as u64) << 32) | c as u64);
                    }
                }
            }
            out
        })
        .flatten()
        .collect();
    pairs.par_sort_unstable();
    progress(&format!("{} co-occurrences", pairs.len()));

    // 3. PPMI in compressed rows.
    let nrows = vocab.len();
    let mut indptr = vec![0usize; nrows + 1];
    let mut indices: Vec<u32> = Vec::new();
    let mut counts_nz: Vec<f32> = Vec::new();
    {
        let mut i = 0;
        while i < pairs.len() {
            let key = pairs[i];
            let mut j = i;
            while j < pairs.len() && pairs[j] == key {
                j += 1;
            }
            let r = (key >> 32) as usize;
            indptr[r + 1] += 1;
            indices.push((key & 0xFFFF_FFFF) as u32);
            counts_nz.push((j - i) as f32);
            i = j;
        }
    }
    drop(pairs);
    for r in 0..nrows {
        indptr[r + 1] += indptr[r];
    }
    let mut row_sum = vec![0f64; nrows];
    let mut col_sum = vec![0f64; cols];
    for r in 0..nrows {
        for k in indptr[r]..indptr[r + 1] {
            row_sum[r] += counts_nz[k] as f64;
            col_sum[indices[k] as usize] += counts_nz[k] as f64;
        }
    }
    let col_alpha: Vec<f64> = col_sum.iter().map(|&c| c.powf(0.75)).collect();
    let z_alpha: f64 = col_alpha.iter().sum();
    let total: f64 = row_sum.iter().sum();
    let mut values = vec![0f32; counts_nz.len()];
    for r in 0..nrows {
        for k in indptr[r]..indptr[r + 1] {
            let pc = col_alpha[indices[k] as usize] / z_alpha;
            let pw = row_sum[r] / total;
            let pwc = counts_nz[k] as f64 / total;
            values[k] = (pwc / (pw * pc)).ln().max(0.0) as f32;
        }
    }
    let a = Csr { rows: nrows, cols, indptr, indices, values };

    // 4. Randomized SVD.
    let emb = randomized_svd(&a, opts.dims, opts.seed);
    progress(&format!("{} x {} PPMI matrix reduced to {} dimensions", nrows, cols, opts.dims));

    // 5. Spherical k-means at three granularities.
    let mut ids = vec![[0u16; 3]; nrows];
    for (level, &k) in opts.ks.iter().enumerate() {
        let assign = kmeans(&emb, opts.dims, k, opts.iterations, opts.seed.wrapping_add(level as u64));
        for (r, c) in assign.into_iter().enumerate() {
            ids[r][level] = c as u16 + 1;
        }
        progress(&format!("k-means with k = {k} done"));
    }
    let words = vocab
        .iter()
        .zip(ids)
        .map(|((w, n), clusters)| {
            let (freq, article) = stats_of(w, *n);
            (w.clone(), WordStats { clusters, freq, article })
        })
        .collect();
    Ok(Induced { words, tokens, documents: docs.len() })
}

/// A sparse matrix in compressed rows.
struct Csr {
    rows: usize,
    cols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    values: Vec<f32>,
}

impl Csr {
    /// `A x` for a dense `cols x k` matrix `x` (row-major); returns `rows x k`.
    fn mul(&self, x: &[f64], k: usize) -> Vec<f64> {
        let mut out = vec![0f64; self.rows * k];
        out.par_chunks_mut(k).enumerate().for_each(|(r, o)| {
            for p in self.indptr[r]..self.indptr[r + 1] {
                let v = self.values[p] as f64;
                let xr = &x[self.indices[p] as usize * k..][..k];
                for j in 0..k {
                    o[j] += v * xr[j];
                }
            }
        });
        out
    }

    /// `Aᵀ y` for a dense `rows x k` matrix `y`; returns `cols x k`.
    fn mul_t(&self, y: &[f64], k: usize) -> Vec<f64> {
        let mut out = vec![0f64; self.cols * k];
        for r in 0..self.rows {
            let yr = &y[r * k..][..k];
            for p in self.indptr[r]..self.indptr[r + 1] {
                let v = self.values[p] as f64;
                let o = &mut out[self.indices[p] as usize * k..][..k];
                for j in 0..k {
                    o[j] += v * yr[j];
                }
            }
        }
        out
    }
}

/// Orthonormalizes the columns of a `rows x k` row-major matrix in place
/// (modified Gram–Schmidt).
fn orthonormalize(m: &mut [f64], rows: usize, k: usize) {
    for j in 0..k {
        for i in 0..j {
            let dot: f64 = (0..rows).map(|r| m[r * k + i] * m[r * k + j]).sum();
            for r in 0..rows {
                m[r * k + j] -= dot * m[r * k + i];
            }
        }
        let norm = (0..rows).map(|r| m[r * k + j] * m[r * k + j]).sum::<f64>().sqrt().max(1e-12);
        for r in 0..rows {
            m[r * k + j] /= norm;
        }
    }
}

/// Rank-`dims` embedding `U Σ^½` of `a` by randomized SVD with two power
/// iterations. Rows of the result are unit length.
fn randomized_svd(a: &Csr, dims: usize, seed: u64) -> Vec<f32> {
    let k = dims + 10;
    let mut rng = SplitMix(seed);
    let omega: Vec<f64> = (0..a.cols * k).map(|_| gaussian(&mut rng)).collect();
    let mut y = a.mul(&omega, k);
    orthonormalize(&mut y, a.rows, k);
    for _ in 0..2 {
        let mut z = a.mul_t(&y, k);
        orthonormalize(&mut z, a.cols, k);
        y = a.mul(&z, k);
        orthonormalize(&mut y, a.rows, k);
    }
    // B = Qᵀ A is k x cols; its small Gram matrix B Bᵀ = Qᵀ A Aᵀ Q.
    let bt = a.mul_t(&y, k); // cols x k = Bᵀ
    let mut g = vec![0f64; k * k];
    for c in 0..a.cols {
        let row = &bt[c * k..][..k];
        for i in 0..k {
            for j in i..k {
                g[i * k + j] += row[i] * row[j];
            }
        }
    }
    for i in 0..k {
        for j in 0..i {
            g[i * k + j] = g[j * k + i];
        }
    }
    let (eig, vecs) = jacobi_eigen(g, k);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&i, &j| eig[j].total_cmp(&eig[i]));
    // U = Q V, scaled by Σ^½ = λ^¼.
    let mut out = vec![0f32; a.rows * dims];
    for r in 0..a.rows {
        let q = &y[r * k..][..k];
        let o = &mut out[r * dims..][..dims];
        for (d, &e) in order.iter().take(dims).enumerate() {
            let s: f64 = (0..k).map(|i| q[i] * vecs[i * k + e]).sum();
            o[d] = (s * eig[e].max(0.0).powf(0.25)) as f32;
        }
        normalize(o);
    }
    out
}

fn normalize(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

/// Eigenvalues and eigenvectors (columns of the returned row-major matrix)
/// of a symmetric `k x k` matrix, by cyclic Jacobi rotations.
fn jacobi_eigen(mut a: Vec<f64>, k: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0f64; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    for _sweep in 0..60 {
        let off: f64 = (0..k)
            .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * k + j].powi(2))
            .sum();
        if off < 1e-18 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let (arp, arq) = (a[r * k + p], a[r * k + q]);
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let (apr, aqr) = (a[p * k + r], a[q * k + r]);
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for r in 0..k {
                    let (vrp, vrq) = (v[r * k + p], v[r * k + q]);
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    ((0..k).map(|i| a[i * k + i]).collect(), v)
}

fn gaussian(rng: &mut SplitMix) -> f64 {
    // Box–Muller.
    let u1 = rng.unit().max(1e-300);
    let u2 = rng.unit();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// Spherical k-means over unit vectors (`n x dims`, row-major), seeded by
/// k-means++. Returns each row's cluster.
fn kmeans(x: &[f32], dims: usize, k: usize, iterations: usize, seed: u64) -> Vec<usize> {
    let n = x.len() / dims;
    let row = |i: usize| &x[i * dims..][..dims];
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(p, q)| p * q).sum::<f32>();
    let mut rng = SplitMix(seed);
    // k-means++ seeding on cosine distance.
    let mut centroids: Vec<f32> = Vec::with_capacity(k * dims);
    let first = (rng.next() % n as u64) as usize;
    centroids.extend_from_slice(row(first));
    let mut dist: Vec<f32> = (0..n).map(|i| (1.0 - dot(row(i), row(first))).max(0.0)).collect();
    for _ in 1..k {
        let total: f64 = dist.iter().map(|&d| d as f64 * d as f64).sum();
        let mut target = rng.unit() * total;
        let mut pick = n - 1;
        for (i, &d) in dist.iter().enumerate() {
            target -= d as f64 * d as f64;
            if target <= 0.0 {
                pick = i;
                break;
            }
        }
        let c = row(pick).to_vec();
        dist.par_iter_mut().enumerate().for_each(|(i, d)| *d = d.min((1.0 - dot(row(i), &c)).max(0.0)));
        centroids.extend_from_slice(&c);
    }
    let mut assign = vec![0usize; n];
    for _ in 0..iterations {
        assign.par_iter_mut().enumerate().for_each(|(i, a)| {
            let xi = row(i);
            let mut best = f32::MIN;
            for c in 0..k {
                let s = dot(xi, &centroids[c * dims..][..dims]);
                if s > best {
                    best = s;
                    *a = c;
                }
            }
        });
        let mut sums = vec![0f32; k * dims];
        let mut sizes = vec![0usize; k];
        for i in 0..n {
            let c = assign[i];
            sizes[c] += 1;
            for (s, v) in sums[c * dims..][..dims].iter_mut().zip(row(i)) {
                *s += v;
            }
        }
        for c in 0..k {
            if sizes[c] == 0 {
                // An empty cluster takes a random word.
                let r = (rng.next() % n as u64) as usize;
                sums[c * dims..][..dims].copy_from_slice(row(r));
            }
            normalize(&mut sums[c * dims..][..dims]);
        }
        centroids = sums;
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_finds_eigenvalues() {
        let a = vec![2.0, 1.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0, 5.0];
        let (mut e, _) = jacobi_eigen(a, 3);
        e.sort_by(f64::total_cmp);
        for (got, want) in e.iter().zip([1.0, 3.0, 5.0]) {
            assert!((got - want).abs() < 1e-9, "{e:?}");
        }
    }

    #[test]
    fn words_in_the_same_slots_share_clusters() {
        // Countries and verbs in fixed frames: the countries should meet.
        let countries = ["مصر", "سوريا", "العراق", "لبنان", "الأردن", "تونس"];
        let verbs = ["قال", "أعلن", "أكد", "ذكر", "أوضح", "أضاف"];
        let mut docs = Vec::new();
        for (i, c) in countries.iter().enumerate() {
            for (j, v) in verbs.iter().enumerate() {
                docs.push(format!(
                    "{v} المسؤول في {c} أمس إن الوضع في {c} مستقر . {} {}",
                    verbs[(i + j) % 6],
                    countries[(i + 2 * j) % 6]
                ));
            }
        }
        let opts =
            ClusterOptions { vocab: 100, min_count: 1, contexts: 50, dims: 4, ks: [2, 3, 4], iterations: 10, seed: 1 };
        let out = induce(&docs, &opts, &|_| {}).unwrap();
        let id = |w: &str| {
            let n = marsad_arabic::Normalizer::new().normalize(w).text;
            out.words.iter().find(|(x, _)| *x == n).map(|(_, st)| st.clusters[0]).unwrap()
        };
        let c0 = id("مصر");
        assert!(countries.iter().all(|c| id(c) == c0), "countries split");
        assert!(verbs.iter().all(|v| id(v) != c0), "a verb joined the countries");
    }
}
