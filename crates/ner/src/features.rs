//! Features: what the tagger looks at for each token, hashed into buckets of
//! a fixed-size weight table.
//!
//! Per token: its normalized form, its clitic-free base, which proclitics it
//! carries, prefixes and suffixes of the base, its shape, word clusters of
//! the form and of the base, gazetteer marks; and the same kinds of facts
//! about its neighbours two tokens either way (their clusters at all three
//! levels). Strings are hashed once per
//! token ([`TokenInfo`]); each feature is then a mix of a template id and
//! one or two of those hashes, so extraction allocates nothing.

use crate::clusters::{cluster_form, Clusters, Ids, WordStats};
use crate::gazetteer::{self, Gazetteer};
use crate::hash::{combine, hash_str, mix};
use crate::label::Tag;
use marsad_arabic::{Stemmer, Token, TokenKind, Tokens};
use std::ops::Range;

/// The version of the feature templates: a model trained with one set
/// cannot be read with another. Bump on any change to [`Template`] or to
/// what a template hashes.
pub const FEATURE_SET: u32 = 2;

/// Feature templates. The discriminant is part of each feature's hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Template {
    Bias = 0,
    Norm,
    Base,
    Clitics,
    Pre1,
    Pre2,
    Pre3,
    Suf1,
    Suf2,
    Suf3,
    Suf4,
    Shape,
    NormPrev,
    NormNext,
    NormPrev2,
    NormNext2,
    BasePrev,
    BaseNext,
    BigramPrev,
    BigramNext,
    ShapePrevCur,
    ShapeCurNext,
    Cluster0,
    Cluster1,
    Cluster2,
    BaseCluster1,
    BaseCluster2,
    ClusterPrev1,
    ClusterNext1,
    ClusterPrev2,
    ClusterNext2,
    ClusterPrevCur,
    ClusterCurNext,
    Gaz,
    GazPrev,
    GazNext,
    GazPrev2,
    GazNext2,
    First,
    Last,
    SufPrev2,
    SufNext2,
    CliticsNorm,
    ClusterPrev2Cur,
    Form,
    Freq,
    Article,
    ArticleClitics,
    ArticleFreq,
    ArticlePrevNext,
    Stem,
    DocSeen,
    DocMajor,
    DocUnseen,
    FirstPass,
    FirstPassPrev,
    FirstPassNext,
    FirstPassMajor,
    DocNeighbours,
    // Feature set 2 (and a sound string hash, see `hash.rs`).
    /// The neighbours' clusters at the levels set 1 did not use (they are
    /// summed once per word and position by the tagger, so they cost
    /// nothing per token).
    ClusterPrevCoarse,
    ClusterPrevFine,
    ClusterNextCoarse,
    ClusterNextFine,
    ClusterPrev2Mid,
    ClusterNext2Mid,
}

/// What the features need to know about one token, computed once.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TokenInfo {
    norm: u64,
    base: u64,
    /// The light stem of the base (Light10 suffixes, and a tanween alef).
    stem: u64,
    clitics: u8,
    pre: [u64; 3],
    suf: [u64; 4],
    base_clusters: Ids,
    /// Frequency in unlabelled text (0xFF: unseen).
    freq: u8,
    pub(crate) ctx: Ctx,
}

/// What the features that combine a token with its neighbours read of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Ctx {
    /// The cluster form: without conjunction and preposition, with article.
    pub(crate) form: u64,
    pub(crate) shape: u32,
    pub(crate) clusters: Ids,
    /// Article share in unlabelled text (0xFF: unseen).
    pub(crate) article: u8,
    /// Gazetteer marks (set per sentence).
    pub(crate) gaz: u32,
}

/// Stand-ins for neighbours beyond the sentence.
const BOS: TokenInfo = TokenInfo {
    norm: 0x0B05,
    base: 0x0B05,
    stem: 0x0B05,
    clitics: 0xFE,
    pre: [0; 3],
    suf: [0xB1, 0xB2, 0xB3, 0xB4],
    base_clusters: [0xFFFE; 3],
    freq: 0xFE,
    ctx: Ctx { form: 0x0B05, shape: 0xFFFF_0001, clusters: [0xFFFE; 3], article: 0xFE, gaz: 0 },
};
const EOS: TokenInfo = TokenInfo {
    norm: 0xE05,
    base: 0xE05,
    stem: 0xE05,
    clitics: 0xFF,
    pre: [0; 3],
    suf: [0xE1, 0xE2, 0xE3, 0xE4],
    base_clusters: [0xFFFF; 3],
    freq: 0xFD,
    ctx: Ctx { form: 0xE05, shape: 0xFFFF_0002, clusters: [0xFFFF; 3], article: 0xFD, gaz: 0 },
};

/// Everything that turns tokens into feature ids: the size of the hashed
/// weight table, the gazetteer and the word clusters. Stored in the model.
#[derive(Clone, Debug)]
pub struct FeatureSpace {
    pub(crate) bits: u8,
    pub(crate) gazetteer: Gazetteer,
    pub(crate) clusters: Clusters,
}

/// Reusable buffers for feature extraction.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    pub(crate) info: Vec<TokenInfo>,
    /// Gazetteer keys of the prepared tokens (clitic-free, search-folded).
    pub(crate) keys: Vec<u64>,
    gaz: Vec<u32>,
    s: String,
}

impl FeatureSpace {
    pub fn new(bits: u8, gazetteer: Gazetteer, clusters: Clusters) -> FeatureSpace {
        FeatureSpace { bits, gazetteer, clusters }
    }

    /// Number of rows of the weight table.
    pub fn rows(&self) -> usize {
        1 << self.bits
    }

    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    pub fn clusters(&self) -> &Clusters {
        &self.clusters
    }

    /// Computes [`TokenInfo`] for the tokens of one sentence into
    /// `scratch.info` (index 0 is `tokens[range.start]`).
    pub(crate) fn prepare(&self, tokens: &Tokens, range: Range<usize>, scratch: &mut Scratch) {
        let toks = &tokens.as_slice()[range];
        scratch.keys.clear();
        for t in toks {
            let form = if t.kind == TokenKind::Word { tokens.base(t) } else { tokens.norm(t) };
            scratch.keys.push(gazetteer::key_of(form, &mut scratch.s));
        }
        self.gazetteer.mark(&scratch.keys, &mut scratch.gaz);
        scratch.info.clear();
        for (k, t) in toks.iter().enumerate() {
            let mut info = self.token_info(tokens, t, &mut scratch.s);
            info.ctx.gaz = scratch.gaz[k];
            scratch.info.push(info);
        }
    }

    fn token_info(&self, tokens: &Tokens, t: &Token, s: &mut String) -> TokenInfo {
        let norm = tokens.norm(t);
        let base = tokens.base(t);
        let h_norm = hash_str(norm);
        let h_base = if base.len() == norm.len() { h_norm } else { hash_str(base) };
        let h_form = hash_str(cluster_form(tokens, t, s));
        let h_stem = hash_str(light_stem(base));
        let mut pre = [0u64; 3];
        let mut suf = [0u64; 4];
        let nchars = base.chars().count();
        if t.kind == TokenKind::Word || t.kind == TokenKind::Latin {
            // Prefixes of 1..=3 and suffixes of 1..=4 characters, only when
            // shorter than the base (the whole base is its own feature).
            let mut fwd = base.char_indices().skip(1);
            for (k, p) in pre.iter_mut().enumerate() {
                match fwd.next() {
                    Some((i, _)) if k + 1 < nchars => *p = hash_str(&base[..i]),
                    _ => break,
                }
            }
            let mut back = base.char_indices().rev();
            for (k, s) in suf.iter_mut().enumerate() {
                match back.next() {
                    Some((i, _)) if k + 1 < nchars => *s = hash_str(&base[i..]),
                    _ => break,
                }
            }
        }
        let stats = self.clusters.get(h_form);
        let clusters = stats.map(|s| s.clusters).unwrap_or_default();
        let base_clusters =
            if h_base == h_form { clusters } else { self.clusters.get(h_base).unwrap_or_default().clusters };
        let WordStats { freq, article, .. } = stats.unwrap_or(WordStats { clusters, freq: 0xFF, article: 0xFF });
        TokenInfo {
            norm: h_norm,
            base: h_base,
            stem: h_stem,
            clitics: t.proclitics.bits(),
            pre,
            suf,
            base_clusters,
            freq,
            ctx: Ctx { form: h_form, shape: shape(t, norm, nchars), clusters, article, gaz: 0 },
        }
    }

    #[inline(always)]
    fn bucket(&self, t: Template, v: u64) -> u32 {
        (mix(v ^ (t as u64 + 1).wrapping_mul(0xA076_1D64_78BD_642F)) >> (64 - self.bits)) as u32
    }

    /// Appends the feature ids of token `i` of the prepared sentence.
    pub(crate) fn features(&self, info: &[TokenInfo], i: usize, out: &mut Vec<u32>) {
        let n = info.len();
        let at = |k: isize| -> &TokenInfo {
            let j = i as isize + k;
            if j < 0 {
                &BOS
            } else if j as usize >= n {
                &EOS
            } else {
                &info[j as usize]
            }
        };
        let (p2, p1, c, n1, n2) = (at(-2), at(-1), at(0), at(1), at(2));
        let mut push = |t: Template, v: u64| out.push(self.bucket(t, v));
        own_features(c, &mut push);
        neighbour_features(p1, Neighbour::Prev, &mut push);
        neighbour_features(n1, Neighbour::Next, &mut push);
        neighbour_features(p2, Neighbour::Prev2, &mut push);
        neighbour_features(n2, Neighbour::Next2, &mut push);
        let ctx = |t: &TokenInfo| t.ctx;
        pair_features([ctx(p2), ctx(p1), ctx(c), ctx(n1), ctx(n2)], i == 0, i + 1 == n, &mut push);
    }

    /// The bucket of a feature (a template and the value it hashes).
    #[inline(always)]
    pub(crate) fn bucket_of(&self, t: Template, v: u64) -> u32 {
        self.bucket(t, v)
    }

    /// The facts about a word that do not depend on its sentence (all of
    /// [`TokenInfo`] but the gazetteer marks), for the tagger's word cache.
    pub(crate) fn word_info(&self, tokens: &Tokens, t: &Token, s: &mut String) -> TokenInfo {
        self.token_info(tokens, t, s)
    }

    /// The stand-ins for neighbours beyond the sentence.
    pub(crate) fn boundaries() -> (&'static TokenInfo, &'static TokenInfo) {
        (&BOS, &EOS)
    }
}

/// The features of a token that depend on it alone: the tagger sums their
/// weights once per word.
#[inline]
pub(crate) fn own_features(c: &TokenInfo, push: &mut impl FnMut(Template, u64)) {
    use Template as T;
    push(T::Bias, 0);
    push(T::Norm, c.norm);
    push(T::Base, c.base);
    push(T::Form, c.ctx.form);
    push(T::Stem, c.stem);
    push(T::Clitics, c.clitics as u64);
    push(T::CliticsNorm, combine(c.clitics as u64, c.base));
    for (k, t) in [T::Pre1, T::Pre2, T::Pre3].into_iter().enumerate() {
        if c.pre[k] != 0 {
            push(t, c.pre[k]);
        }
    }
    for (k, t) in [T::Suf1, T::Suf2, T::Suf3, T::Suf4].into_iter().enumerate() {
        if c.suf[k] != 0 {
            push(t, c.suf[k]);
        }
    }
    push(T::Shape, c.ctx.shape as u64);
    let clusters = c.ctx.clusters;
    if clusters[0] != 0 {
        push(T::Cluster0, clusters[0] as u64);
        push(T::Cluster1, clusters[1] as u64);
        push(T::Cluster2, clusters[2] as u64);
    }
    if c.base != c.norm && c.base_clusters[0] != 0 {
        push(T::BaseCluster1, c.base_clusters[1] as u64);
        push(T::BaseCluster2, c.base_clusters[2] as u64);
    }
    push(T::Freq, c.freq as u64);
    push(T::Article, c.ctx.article as u64);
    push(T::ArticleClitics, (c.ctx.article as u64) << 8 | c.clitics as u64);
    push(T::ArticleFreq, (c.ctx.article as u64) << 8 | c.freq as u64);
}

/// Where a neighbour stands relative to the token whose features are
/// extracted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Neighbour {
    Prev = 0,
    Next,
    Prev2,
    Next2,
}

impl Neighbour {
    pub(crate) const ALL: [Neighbour; 4] = [Neighbour::Prev, Neighbour::Next, Neighbour::Prev2, Neighbour::Next2];
}

/// The features of a token that depend on one neighbour alone: the tagger
/// sums their weights once per word and position.
#[inline]
pub(crate) fn neighbour_features(w: &TokenInfo, at: Neighbour, push: &mut impl FnMut(Template, u64)) {
    use Template as T;
    match at {
        Neighbour::Prev => {
            push(T::NormPrev, w.ctx.form);
            push(T::BasePrev, w.base);
            push(T::SufPrev2, w.suf[1]);
            push(T::ClusterPrev1, w.ctx.clusters[1] as u64);
            push(T::ClusterPrevCoarse, w.ctx.clusters[0] as u64);
            push(T::ClusterPrevFine, w.ctx.clusters[2] as u64);
        }
        Neighbour::Next => {
            push(T::NormNext, w.ctx.form);
            push(T::BaseNext, w.base);
            push(T::SufNext2, w.suf[1]);
            push(T::ClusterNext1, w.ctx.clusters[1] as u64);
            push(T::ClusterNextCoarse, w.ctx.clusters[0] as u64);
            push(T::ClusterNextFine, w.ctx.clusters[2] as u64);
        }
        Neighbour::Prev2 => {
            push(T::NormPrev2, w.ctx.form);
            push(T::ClusterPrev2, w.ctx.clusters[0] as u64);
            push(T::ClusterPrev2Mid, w.ctx.clusters[1] as u64);
        }
        Neighbour::Next2 => {
            push(T::NormNext2, w.ctx.form);
            push(T::ClusterNext2, w.ctx.clusters[0] as u64);
            push(T::ClusterNext2Mid, w.ctx.clusters[1] as u64);
        }
    }
}

/// The features that combine a token with its neighbours (`[p2, p1, c, n1,
/// n2]`), and the gazetteer marks of all five. Inlined into the tagger's
/// loop, where `push` adds each feature's row at once.
#[inline(always)]
pub(crate) fn pair_features(w: [Ctx; 5], first: bool, last: bool, push: &mut impl FnMut(Template, u64)) {
    use Template as T;
    let [p2, p1, c, n1, n2] = w;
    push(T::BigramPrev, combine(p1.form, c.form));
    push(T::BigramNext, combine(c.form, n1.form));
    push(T::ShapePrevCur, combine(p1.shape as u64, c.shape as u64));
    push(T::ShapeCurNext, combine(c.shape as u64, n1.shape as u64));
    push(T::ClusterPrevCur, ((p1.clusters[1] as u64) << 16) | c.clusters[1] as u64);
    push(T::ClusterCurNext, ((c.clusters[1] as u64) << 16) | n1.clusters[1] as u64);
    push(T::ClusterPrev2Cur, combine(p1.form, c.clusters[2] as u64));
    for (t, g) in
        [(T::Gaz, c.gaz), (T::GazPrev, p1.gaz), (T::GazNext, n1.gaz), (T::GazPrev2, p2.gaz), (T::GazNext2, n2.gaz)]
    {
        let mut bits = g;
        while bits != 0 {
            let b = bits.trailing_zeros();
            push(t, b as u64);
            bits &= bits - 1;
        }
    }
    push(T::ArticlePrevNext, (p1.article as u64) << 16 | (c.article as u64) << 8 | n1.article as u64);
    if first {
        push(T::First, c.shape as u64);
    }
    if last {
        push(T::Last, c.shape as u64);
    }
}

/// What the first pass said about the words of a document: for each key,
/// how many of its occurrences were tagged `O`, `PER`, `ORG`, `LOC`,
/// `MISC`. The second pass reads it, so that a name recognised in one
/// sentence (`برند جوتشولك`) is recognised where it comes back alone.
#[derive(Clone, Debug, Default)]
pub struct DocMemory {
    counts: crate::gazetteer::HashedMap<[u16; 5]>,
}

impl DocMemory {
    pub fn clear(&mut self) {
        self.counts.clear();
    }

    /// Records the first-pass tags of a sentence (keys and tags align).
    pub fn add(&mut self, keys: &[u64], tags: &[Tag]) {
        for (&k, &t) in keys.iter().zip(tags) {
            let c = self.counts.entry(k).or_insert([0; 5]);
            let i = t.label().map_or(0, |l| l.index() + 1);
            c[i] = c[i].saturating_add(1);
        }
    }
}

/// What the document says about one token for the second stage: the
/// majority first-pass label of the other occurrences of its word (0 for
/// `O`, 1 + the label's index, 5 when there are none), and which labels
/// those occurrences had (bit `l - 1` for label `l`, 1..=4). The document
/// features of a token read these facts of it and of its two neighbours;
/// the tagger computes them once per token instead of three times.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DocFacts {
    pub(crate) major: u8,
    pub(crate) seen: u8,
}

impl DocMemory {
    /// The facts of a token whose word has key `key` and whose first-pass
    /// tag is `tag` (as [`FeatureSpace::doc_features`] derives them).
    #[inline]
    pub(crate) fn facts(&self, key: u64, tag: Tag) -> DocFacts {
        let mut c = self.counts.get(&key).copied().unwrap_or_default();
        let own = tag.label().map_or(0, |l| l.index() + 1);
        c[own] = c[own].saturating_sub(1);
        // The largest count; among equal counts `O` first, then the
        // highest label (the reference's `max_by_key` keeps the last).
        let mut major = 5u8;
        let mut best = 0u16;
        for (l, &n) in c.iter().enumerate().skip(1) {
            if n > 0 && n >= best {
                best = n;
                major = l as u8;
            }
        }
        if c[0] > 0 && c[0] >= best {
            major = 0;
        }
        let mut seen = 0u8;
        for (l, &n) in c.iter().enumerate().skip(1) {
            seen |= ((n > 0) as u8) << (l - 1);
        }
        DocFacts { major, seen }
    }
}

/// The document features' values, one function per template, shared by
/// [`FeatureSpace::doc_features`]' fast counterpart (the tagger's tables
/// of summed rows, `doc_rows.rs`).
pub(crate) mod doc_values {
    use super::Template;

    /// `FirstPass`: the token's own first-pass tag.
    pub(crate) fn first_pass(own: usize) -> (Template, u64) {
        (Template::FirstPass, own as u64)
    }
    /// `FirstPassPrev` / `FirstPassNext`: a neighbour's tag (`None` beyond
    /// the sentence) and the token's.
    pub(crate) fn first_pass_prev(prev: Option<usize>, own: usize) -> (Template, u64) {
        (Template::FirstPassPrev, prev.map_or(0xFF, |t| t as u64) << 8 | own as u64)
    }
    pub(crate) fn first_pass_next(next: Option<usize>, own: usize) -> (Template, u64) {
        (Template::FirstPassNext, next.map_or(0xFF, |t| t as u64) << 8 | own as u64)
    }
    /// `DocNeighbours`: the majorities of the previous token, the token and
    /// the next (6 beyond the sentence).
    pub(crate) fn neighbours(prev: usize, major: usize, next: usize) -> (Template, u64) {
        (Template::DocNeighbours, (prev as u64) << 16 | (major as u64) << 8 | next as u64)
    }
    pub(crate) fn unseen() -> (Template, u64) {
        (Template::DocUnseen, 0)
    }
    pub(crate) fn seen(label: usize) -> (Template, u64) {
        (Template::DocSeen, label as u64)
    }
    pub(crate) fn major(major: usize) -> (Template, u64) {
        (Template::DocMajor, major as u64)
    }
    pub(crate) fn first_pass_major(major: usize, own: usize) -> (Template, u64) {
        (Template::FirstPassMajor, (major as u64) << 8 | own as u64)
    }
}

impl FeatureSpace {
    /// Appends the document features of token `i` of a sentence: what the
    /// first pass said about this token and its neighbours, and about the
    /// other occurrences of its word in the document.
    pub(crate) fn doc_features(&self, mem: &DocMemory, keys: &[u64], first: &[Tag], i: usize, out: &mut Vec<u32>) {
        use Template as T;
        let mut push = |t: Template, v: u64| out.push(self.bucket(t, v));
        let tag = |j: isize| -> u64 {
            if j < 0 || j as usize >= first.len() {
                0xFF
            } else {
                first[j as usize].index() as u64
            }
        };
        let own = first[i];
        push(T::FirstPass, own.index() as u64);
        push(T::FirstPassPrev, tag(i as isize - 1) << 8 | own.index() as u64);
        push(T::FirstPassNext, tag(i as isize + 1) << 8 | own.index() as u64);
        // The majority label of the other occurrences of token j's word
        // (0 for O, 5 when there are none).
        let major_of = |j: usize| -> (usize, [u16; 5]) {
            let mut c = mem.counts.get(&keys[j]).copied().unwrap_or_default();
            let oi = first[j].label().map_or(0, |l| l.index() + 1);
            c[oi] = c[oi].saturating_sub(1);
            if c.iter().all(|&x| x == 0) {
                (5, c)
            } else {
                ((0..5).max_by_key(|&l| (c[l], l == 0)).unwrap_or(0), c)
            }
        };
        let (major, c) = major_of(i);
        let prev = if i > 0 { major_of(i - 1).0 } else { 6 };
        let next = if i + 1 < keys.len() { major_of(i + 1).0 } else { 6 };
        push(T::DocNeighbours, (prev as u64) << 16 | (major as u64) << 8 | next as u64);
        if major == 5 {
            push(T::DocUnseen, 0);
            return;
        }
        for (l, &n) in c.iter().enumerate().skip(1) {
            if n > 0 {
                push(T::DocSeen, l as u64);
            }
        }
        push(T::DocMajor, major as u64);
        push(T::FirstPassMajor, (major as u64) << 8 | own.index() as u64);
    }
}

/// The light stem of a base: Light10's suffixes, after the alef of an
/// accusative tanween (دولارا → دولار), which Light10 leaves on.
fn light_stem(base: &str) -> &str {
    static STEMMER: std::sync::LazyLock<Stemmer> = std::sync::LazyLock::new(Stemmer::new);
    let w = match base.strip_suffix('ا') {
        Some(w) if w.chars().count() >= 3 && !w.ends_with(['ي', 'ا', 'و']) => w,
        _ => base,
    };
    STEMMER.stem(w)
}

/// A token's shape: kind, length class, and for Latin words their case, for
/// numbers whether they look like a year.
fn shape(t: &Token, norm: &str, nchars: usize) -> u32 {
    let kind = match t.kind {
        TokenKind::Word => 0,
        TokenKind::Number => 1,
        TokenKind::Latin => 2,
        TokenKind::Punct => 3,
        TokenKind::Symbol => 4,
    };
    let len = match nchars {
        0..=1 => 0,
        2 => 1,
        3 => 2,
        4 => 3,
        5..=6 => 4,
        _ => 5,
    };
    let extra = match t.kind {
        TokenKind::Latin => {
            let mut cs = norm.chars();
            let first_upper = cs.next().is_some_and(|c| c.is_uppercase());
            let all_upper = norm.chars().all(|c| !c.is_lowercase());
            1 + first_upper as u32 + 2 * all_upper as u32
        }
        TokenKind::Number => {
            let year = norm.len() == 4 && (norm.starts_with("19") || norm.starts_with("20"));
            1 + year as u32 + 2 * norm.contains(['.', ',']) as u32
        }
        _ => 0,
    };
    kind | len << 3 | extra << 6
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_arabic::Tokenizer;

    fn space() -> FeatureSpace {
        FeatureSpace::new(18, Gazetteer::new(), Clusters::new())
    }

    #[test]
    fn features_are_deterministic_and_in_range() {
        let fs = space();
        let toks = Tokenizer::new().tokenize("قال الرئيس الأمريكي جو بايدن في واشنطن 2021.");
        let mut scratch = Scratch::default();
        fs.prepare(&toks, 0..toks.len(), &mut scratch);
        let mut a = Vec::new();
        let mut b = Vec::new();
        for i in 0..toks.len() {
            fs.features(&scratch.info, i, &mut a);
        }
        fs.prepare(&toks, 0..toks.len(), &mut scratch);
        for i in 0..toks.len() {
            fs.features(&scratch.info, i, &mut b);
        }
        assert_eq!(a, b);
        assert!(a.iter().all(|&f| (f as usize) < fs.rows()));
    }

    #[test]
    fn clitics_share_the_base_features() {
        // والعراق and العراق share their base, so they share the base and
        // suffix features (prefixes and the form differ).
        let fs = space();
        let feats = |text: &str| {
            let toks = Tokenizer::new().tokenize(text);
            let mut s = Scratch::default();
            fs.prepare(&toks, 0..toks.len(), &mut s);
            let mut out = Vec::new();
            fs.features(&s.info, 0, &mut out);
            out
        };
        let a = feats("والعراق");
        let b = feats("بالعراق");
        let shared = a.iter().filter(|f| b.contains(f)).count();
        assert!(shared >= 8, "shared {shared} of {}", a.len());
        assert_ne!(a, b);
    }
}
