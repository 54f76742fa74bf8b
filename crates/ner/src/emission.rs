//! Emission scores for tagging, with a per-thread cache of what each word
//! contributes.
//!
//! Most of a token's features depend on the token alone (its form, affixes,
//! clusters…) or on one neighbour alone (the previous word's form…). Their
//! weights are summed once per distinct word and kept, for each stage: the
//! word's own sum, and its sums as previous, next, second previous and second
//! next neighbour. A token's score is then five cached sums plus the few
//! features that combine it with its neighbours (bigrams, shape and cluster
//! pairs, gazetteer marks). Integer sums are exact, so the scores are those
//! of [`FeatureSpace::features`](crate::features::FeatureSpace) summed row
//! by row; the cache only saves the hashing and the scattered reads of the
//! weight table that dominate tagging time.

use crate::features::{neighbour_features, own_features, pair_features, Ctx, FeatureSpace, Neighbour, TokenInfo};
use crate::gazetteer::{HashedMap, WordKey};
use crate::hash::mix;
use crate::label::Tag;
use crate::model::Model;
use crate::weights::{add_acc, Acc, Weights};
use marsad_arabic::{Token, TokenKind, Tokens};
use std::ops::Range;

/// Sums per word and stage: its own, then one per [`Neighbour`] position.
const SUMS: usize = 1 + Neighbour::ALL.len();

/// Words kept before the cache starts over (about 370 bytes each: at most
/// 12 MB per thread). A word computed again costs ~4,000 instructions, a hit
/// ~450, and a third of a news page's tokens are words the cache has not
/// kept. Tagging 1,000 ANT articles under cachegrind with the machine's L2
/// as last level (`--LL=1048576,16,64`, `examples/bench_ner.rs` on the first
/// 1,000 lines of ANT): 2^15 words take 6% fewer instructions in all (12% of
/// the tagging) and 15% fewer L1 misses than 2^13, with as many L2 misses;
/// 2^16 gains 1% more. The tag bench's CPU time agrees (2^15 315 ms, 2^13
/// 351 ms, quiet machine, session 3).
const CAPACITY: usize = 1 << 15;

/// A word as the cache knows it.
#[derive(Clone, Copy, Debug)]
struct Word {
    ctx: Ctx,
    /// Its gazetteer (and document-memory) key, and what the gazetteer
    /// holds for it alone.
    key: WordKey,
    /// Its normalized form, then its search-folded form (what its key
    /// hashes), in `WordCache::text`.
    text: (u32, u32, u32),
    /// Its kind, clitics and the length of its base ([`meta`]).
    meta: u64,
}

/// A token's kind, proclitics and base length in one number: with its
/// normalized form (of which the base is the end), all that its features
/// read of it.
#[inline(always)]
fn meta(tokens: &Tokens, t: &Token) -> u64 {
    let kind = match t.kind {
        TokenKind::Word => 0u64,
        TokenKind::Number => 1,
        TokenKind::Latin => 2,
        TokenKind::Punct => 3,
        TokenKind::Symbol => 4,
    };
    (tokens.base(t).len() as u64) << 16 | kind << 8 | t.proclitics.bits() as u64
}

/// The cache's own hash of a token (its normalized form and [`meta`]):
/// only an index into the cache, whose hits are checked against the
/// stored text, so it need not be the model's hash, only quick and well
/// spread. Reads at most two overlapping 8-byte words for forms of up to 16
/// bytes (most Arabic words); the length is mixed in first, so overlapping
/// reads stay distinct.
#[inline(always)]
fn word_hash(norm: &[u8], meta: u64) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let n = norm.len();
    let read8 = |i: usize| u64::from_le_bytes(norm[i..i + 8].try_into().unwrap_or_default());
    let read4 = |i: usize| u32::from_le_bytes(norm[i..i + 4].try_into().unwrap_or_default()) as u64;
    let step = |h: u64, v: u64| (h ^ v).wrapping_mul(K).rotate_left(31);
    let mut h = step(meta ^ (n as u64) << 40, K);
    if n >= 8 {
        let mut i = 0;
        while i + 8 < n {
            h = step(h, read8(i));
            i += 8;
        }
        h = step(h, read8(n - 8));
    } else if n >= 4 {
        h = step(h, read4(0) << 32 | read4(n - 4));
    } else if n > 0 {
        h = step(h, norm[0] as u64 | (norm[n / 2] as u64) << 8 | (norm[n - 1] as u64) << 16);
    }
    mix(h)
}

/// Per-thread word cache (part of [`crate::TagBuffer`]); tied to one model
/// at a time.
#[derive(Debug, Default)]
pub(crate) struct WordCache {
    /// The model the sums were computed with (0: none yet).
    model: u64,
    /// Names the words the cache holds now: a slot of one generation is
    /// one word (generations are never reused, across caches either), so
    /// that others (the canonical names) can keep facts per word.
    generation: u64,
    stages: usize,
    index: HashedMap<u32>,
    words: Vec<Word>,
    /// `sums[word * SUMS + k]`, for every stage.
    sums: Vec<Acc>,
    /// The sentence boundaries as neighbours: start as previous and second
    /// previous, end as next and second next.
    boundary: [Acc; 4],
    /// The strings of the cached words: a hit is checked against them (a
    /// hash, however good, is not an identity).
    text: String,
    ids: Vec<u32>,
    s: String,
}

/// A copy holds the same words under a new generation: the two caches will
/// put different words in the same free slots, which must not be taken for
/// one another.
impl Clone for WordCache {
    fn clone(&self) -> WordCache {
        WordCache {
            model: self.model,
            generation: if self.generation == 0 { 0 } else { next_generation() },
            stages: self.stages,
            index: self.index.clone(),
            words: self.words.clone(),
            sums: self.sums.clone(),
            boundary: self.boundary,
            text: self.text.clone(),
            ids: Vec::new(),
            s: String::new(),
        }
    }
}

/// The scores of one sentence.
#[derive(Clone, Debug, Default)]
pub(crate) struct SentenceScores {
    /// Gazetteer keys of the tokens.
    pub(crate) keys: Vec<u64>,
    /// Cache slots of the tokens' words (of [`WordCache::generation`]).
    pub(crate) words: Vec<u32>,
    /// First stage emissions (index 0, `O`, is 0).
    pub(crate) emit: Vec<[i32; Tag::COUNT]>,
    /// Second stage emissions without the document features (empty with a
    /// one-stage model).
    pub(crate) second: Vec<[i32; crate::model::ROW]>,
    firsts: Vec<u16>,
    gaz: Vec<u32>,
    ctx: Vec<Ctx>,
}

#[inline(always)]
fn sum_rows(weights: &Weights, ids: &[u32]) -> Acc {
    let mut acc = Acc::default();
    weights.add(&mut acc, ids);
    acc
}

impl WordCache {
    /// Empties the cache if it was filled for another model.
    fn use_model(&mut self, model: &Model, weights: &Weights) {
        if self.model == model.id && self.stages == model.stages.len() {
            return;
        }
        self.clear();
        self.model = model.id;
        self.stages = model.stages.len();
        let (bos, eos) = FeatureSpace::boundaries();
        let mut side = |w: &TokenInfo, at: Neighbour| {
            self.ids.clear();
            neighbour_features(w, at, &mut |t, v| self.ids.push(model.space.bucket_of(t, v)));
            sum_rows(weights, &self.ids)
        };
        self.boundary = [
            side(bos, Neighbour::Prev),
            side(bos, Neighbour::Prev2),
            side(eos, Neighbour::Next),
            side(eos, Neighbour::Next2),
        ];
    }

    fn clear(&mut self) {
        self.generation = next_generation();
        self.text.clear();
        self.index.clear();
        self.words.clear();
        self.sums.clear();
    }

    /// The cache slot of token `t`, computing it on first sight.
    #[inline(always)]
    fn word(&mut self, model: &Model, weights: &Weights, tokens: &Tokens, t: &Token) -> u32 {
        // Everything a token's features read of it: its normalized form
        // (whose end is its base), its kind and its clitics.
        let norm = tokens.norm(t);
        let meta = meta(tokens, t);
        let id = word_hash(norm.as_bytes(), meta);
        let found = self.index.get(&id).copied();
        if let Some(slot) = found {
            let w = &self.words[slot as usize];
            if w.meta == meta && &self.text.as_bytes()[w.text.0 as usize..w.text.1 as usize] == norm.as_bytes() {
                return slot;
            }
        }
        self.add_word(model, weights, tokens, t, id, found.is_none())
    }

    /// Computes the sums of a word the cache does not hold.
    #[inline(always)]
    fn add_word(&mut self, model: &Model, weights: &Weights, tokens: &Tokens, t: &Token, id: u64, index: bool) -> u32 {
        let norm = tokens.norm(t);
        let base = tokens.base(t);
        let space = &model.space;
        let info = space.word_info(tokens, t, &mut self.s);
        let form = if t.kind == TokenKind::Word { base } else { norm };
        let a = self.text.len() as u32;
        self.text.push_str(norm);
        let b = self.text.len() as u32;
        let key = space.gazetteer.word_key(form, &mut self.text);
        let text = (a, b, self.text.len() as u32);
        // Bucket ids collected first: a closure adding each row at once is
        // not inlined here, and costs more (checked with callgrind).
        self.ids.clear();
        own_features(&info, &mut |t, v| self.ids.push(space.bucket_of(t, v)));
        self.sums.push(sum_rows(weights, &self.ids));
        for at in Neighbour::ALL {
            self.ids.clear();
            neighbour_features(&info, at, &mut |t, v| self.ids.push(space.bucket_of(t, v)));
            self.sums.push(sum_rows(weights, &self.ids));
        }
        let slot = self.words.len() as u32;
        self.words.push(Word { ctx: info.ctx, key, text, meta: meta(tokens, t) });
        // Two words whose hashes collide both get a slot; the first keeps
        // the index entry and the other is recomputed on each sight.
        if index {
            self.index.insert(id, slot);
        }
        slot
    }

    /// The generation of the words the cache holds.
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    /// The search-folded form of the word in `slot` (of the current
    /// generation).
    pub(crate) fn folded(&self, slot: u32) -> &str {
        let w = &self.words[slot as usize];
        &self.text[w.text.1 as usize..w.text.2 as usize]
    }

    #[inline(always)]
    fn sum(&self, word: u32, k: usize) -> &Acc {
        &self.sums[word as usize * SUMS + k]
    }

    /// Scores the tokens `range` of `tokens` as one sentence. Inlined into
    /// the tagger's loop, which is compiled for AVX2 where the CPU has it.
    #[inline(always)]
    pub(crate) fn score(
        &mut self,
        model: &Model,
        weights: &Weights,
        tokens: &Tokens,
        range: Range<usize>,
        out: &mut SentenceScores,
    ) {
        self.use_model(model, weights);
        if self.words.len() + range.len() > CAPACITY {
            self.clear();
        }
        let toks = &tokens.as_slice()[range];
        let n = toks.len();
        out.words.clear();
        out.keys.clear();
        out.firsts.clear();
        for t in toks {
            let w = self.word(model, weights, tokens, t);
            out.words.push(w);
            let key = self.words[w as usize].key;
            out.keys.push(key.key);
            out.firsts.push(key.first);
        }
        model.space.gazetteer.mark_from(&out.keys, &out.firsts, &mut out.gaz);
        out.ctx.clear();
        out.ctx.extend(out.words.iter().zip(&out.gaz).map(|(&w, &g)| Ctx { gaz: g, ..self.words[w as usize].ctx }));
        let (bos, eos) = FeatureSpace::boundaries();
        out.emit.clear();
        out.second.clear();
        for i in 0..n {
            let at = |j: isize| -> Ctx {
                if j < 0 {
                    bos.ctx
                } else if j as usize >= n {
                    eos.ctx
                } else {
                    out.ctx[j as usize]
                }
            };
            let i_ = i as isize;
            let ctx = [at(i_ - 2), at(i_ - 1), at(i_), at(i_ + 1), at(i_ + 2)];
            let space = &model.space;
            let w = &out.words;
            let b = &self.boundary;
            let mut acc = *self.sum(w[i], 0);
            add_acc(&mut acc, if i >= 1 { self.sum(w[i - 1], 1 + Neighbour::Prev as usize) } else { &b[0] });
            add_acc(&mut acc, if i >= 2 { self.sum(w[i - 2], 1 + Neighbour::Prev2 as usize) } else { &b[1] });
            add_acc(&mut acc, if i + 1 < n { self.sum(w[i + 1], 1 + Neighbour::Next as usize) } else { &b[2] });
            add_acc(&mut acc, if i + 2 < n { self.sum(w[i + 2], 1 + Neighbour::Next2 as usize) } else { &b[3] });
            // The features of the token with its neighbours, each row added
            // as its bucket is known.
            pair_features(ctx, i == 0, i + 1 == n, &mut |t, v| weights.add_one(&mut acc, space.bucket_of(t, v)));
            let mut e = [0i32; Tag::COUNT];
            e[1..].copy_from_slice(&acc[0]);
            out.emit.push(e);
            if self.stages > 1 {
                out.second.push(acc[1]);
            }
        }
    }
}

/// A generation no cache has had.
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::Scratch;
    use crate::model::ROW;
    use crate::weights::add_row;
    use crate::Tagger;
    use marsad_arabic::Tokenizer;

    /// The cached scores are exactly the sums of the rows of every feature
    /// the trainer extracts, for both stages, at sentence edges and inside,
    /// whether a word is met for the first time or again.
    #[test]
    fn cached_scores_equal_the_feature_sums() {
        let model = Tagger::embedded().unwrap().model();
        let weights = Weights::new(&model.stages);
        let space = &model.space;
        // Sentences written for this test.
        let texts = [
            "قال الرئيس الأمريكي دونالد ترامب في واشنطن إن قوات سوريا الديمقراطية تحارب داعش.",
            "وأعلنت وزارة الخارجية الفرنسية في بيان أن الوزير سيزور بغداد والموصل يوم 12 آذار 2024.",
            "ونقلت وكالة Reuters عن مصادر في الأمم المتحدة أن المساعدات وصلت إلى اليمن!",
            "بغداد",
            "قال الرئيس الأمريكي دونالد ترامب في واشنطن",
            // Two words whose hashes collided under feature set 1 (the
            // cache must tell words apart by their text).
            "سيتطرق الاجتماع إلى حافلات سيتارو وسيتطرق إلى غيرها",
        ];
        let mut cache = WordCache::default();
        let mut scores = SentenceScores::default();
        let mut scratch = Scratch::default();
        let mut feats = Vec::new();
        for text in texts {
            let tokens = Tokenizer::new().tokenize(text);
            cache.score(model, &weights, &tokens, 0..tokens.len(), &mut scores);
            space.prepare(&tokens, 0..tokens.len(), &mut scratch);
            assert_eq!(scores.keys, scratch.keys, "{text}");
            for i in 0..tokens.len() {
                feats.clear();
                space.features(&scratch.info, i, &mut feats);
                // Summed from the dense tables of each stage.
                let dense = |s: usize| {
                    let mut acc = [0i32; ROW];
                    for &f in &feats {
                        add_row(&mut acc, &model.stages[s].weights()[f as usize]);
                    }
                    acc
                };
                assert_eq!(scores.emit[i][1..], dense(0), "{text}: token {i}");
                assert_eq!(scores.emit[i][0], 0);
                if model.stages.len() > 1 {
                    assert_eq!(scores.second[i], dense(1), "{text}: token {i}");
                }
            }
        }
    }
}
