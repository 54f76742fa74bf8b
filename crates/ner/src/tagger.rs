//! The tagger: features → per-token scores → Viterbi over BIO tags →
//! entity mentions with spans into the text.

use crate::doc_rows::DocRows;
use crate::emission::{SentenceScores, WordCache};
use crate::error::Result;
use crate::features::{DocFacts, DocMemory};
use crate::label::{Label, Tag};
use crate::model::{Model, Stage, FORBIDDEN, ROW};
use crate::weights::Weights;
use marsad_arabic::{Proclitics, Span, Token, TokenKind, Tokenizer, Tokens};
use std::ops::Range;
use std::sync::OnceLock;

/// An entity found by the tagger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The tokens it covers.
    pub tokens: Range<usize>,
    pub label: Label,
    /// Bytes of the text: the tokens without the conjunctions and
    /// prepositions on the first one (`لقسد` → `قسد`, `والعراق` →
    /// `العراق`).
    pub span: Span,
}

/// Reusable buffers for tagging; one per thread.
#[derive(Clone, Debug, Default)]
pub struct TagBuffer {
    cache: WordCache,
    scores: SentenceScores,
    feats: Vec<u32>,
    offsets: Vec<u32>,
    emit: Vec<[i32; Tag::COUNT]>,
    back: Vec<[u8; Tag::COUNT]>,
    tags: Vec<Tag>,
    text: String,
    tokens: Tokens,
    sentences: Vec<Range<usize>>,
    /// Second-stage scores without document features, keys and first-pass
    /// tags of every token of the document.
    doc_static: Vec<[i32; ROW]>,
    doc_keys: Vec<u64>,
    /// The word cache's slot of every token of the document, and the
    /// cache's generation when the token was scored.
    doc_words: Vec<u32>,
    doc_generations: Vec<u64>,
    first: Vec<Tag>,
    memory: DocMemory,
    /// What the document memory says about every token (second stage).
    facts: Vec<DocFacts>,
    /// Final tags of every token of the document.
    all: Vec<Tag>,
}

impl TagBuffer {
    pub fn new() -> TagBuffer {
        TagBuffer::default()
    }

    /// The words of the tokens last tagged with this buffer, for the
    /// canonical names ([`Canonicals::prepare_tagged`](crate::Canonicals::prepare_tagged)).
    pub(crate) fn words(&self) -> TaggedWords<'_> {
        TaggedWords {
            keys: &self.doc_keys,
            slots: &self.doc_words,
            generations: &self.doc_generations,
            cache: &self.cache,
        }
    }
}

/// Per token last tagged: its gazetteer key, its word's slot in the word
/// cache and the cache's generation then (a slot names the same word only
/// while the cache's generation is the same).
pub(crate) struct TaggedWords<'a> {
    pub(crate) keys: &'a [u64],
    pub(crate) slots: &'a [u32],
    pub(crate) generations: &'a [u64],
    pub(crate) cache: &'a WordCache,
}

/// Longest run of tokens decoded as one sequence; longer sentences (lists,
/// text without punctuation) are cut, which bounds the work per sentence.
const MAX_SENTENCE: usize = 256;

/// A built tagger: immutable, `Send + Sync`, shared across threads.
#[derive(Clone, Debug)]
pub struct Tagger {
    model: Model,
    /// The model's weights packed for tagging.
    weights: Weights,
    /// The second stage's document features as summed rows (two-stage
    /// models).
    doc: Option<DocRows>,
    tokenizer: Tokenizer,
}

/// The model built into marsad: `models/ner-v2.bin`, made by the command
/// in the README.
pub(crate) static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../models/ner-v2.bin");
static EMBEDDED: OnceLock<Tagger> = OnceLock::new();

impl Tagger {
    /// The tagger of the model built into marsad, parsed on first use and
    /// shared from then on. A damaged model is an error, every time it is
    /// asked for.
    pub fn embedded() -> Result<&'static Tagger> {
        if let Some(t) = EMBEDDED.get() {
            return Ok(t);
        }
        let model =
            Model::from_bytes(EMBEDDED_BYTES).map_err(|e| e.with_path("the built-in model (models/ner-v2.bin)"))?;
        Ok(EMBEDDED.get_or_init(|| Tagger::new(model)))
    }

    pub fn new(model: Model) -> Tagger {
        let weights = Weights::new(&model.stages);
        let doc = (model.stages.len() > 1).then(|| DocRows::new(&model.space, &weights));
        Tagger { model, weights, doc, tokenizer: Tokenizer::new() }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn into_model(self) -> Model {
        self.model
    }

    /// Tags every sentence of `tokens` (tokens of `text`) as one document
    /// and appends the mentions found to `out`.
    pub fn tag(&self, text: &str, tokens: &Tokens, buf: &mut TagBuffer, out: &mut Vec<Mention>) {
        buf.sentences.clear();
        let mut start = 0;
        while start < tokens.len() {
            let end = sentence_end(text, tokens, start);
            buf.sentences.push(start..end);
            start = end;
        }
        let sentences = std::mem::take(&mut buf.sentences);
        self.tag_sentences(tokens, &sentences, buf);
        for r in &sentences {
            mentions(text, tokens, r.start, &buf.all[r.clone()], out);
        }
        buf.sentences = sentences;
    }

    /// Tags the given sentences of `tokens` as one document; the tags of
    /// every token are left in `buf.all`.
    ///
    /// On a CPU with AVX2 the same code is compiled a second time for it
    /// (the sums of weight rows and the Viterbi step are vector code, twice
    /// as wide as the SSE2 every x86-64 has): integer arithmetic, so the
    /// tags are the same either way.
    fn tag_sentences(&self, tokens: &Tokens, sentences: &[Range<usize>], buf: &mut TagBuffer) {
        #[cfg(target_arch = "x86_64")]
        if std::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            return unsafe { self.tag_sentences_avx2(tokens, sentences, buf) };
        }
        self.tag_sentences_any(tokens, sentences, buf)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn tag_sentences_avx2(&self, tokens: &Tokens, sentences: &[Range<usize>], buf: &mut TagBuffer) {
        self.tag_sentences_any(tokens, sentences, buf)
    }

    #[inline(always)]
    fn tag_sentences_any(&self, tokens: &Tokens, sentences: &[Range<usize>], buf: &mut TagBuffer) {
        let model = &self.model;
        buf.all.clear();
        buf.all.resize(tokens.len(), Tag::O);
        let first_stage = &model.stages[0];
        let second = model.stages.get(1);
        buf.doc_keys.clear();
        buf.doc_words.clear();
        buf.doc_generations.clear();
        buf.doc_static.clear();
        buf.first.clear();
        buf.first.resize(tokens.len(), Tag::O);
        for r in sentences {
            buf.cache.score(model, &self.weights, tokens, r.clone(), &mut buf.scores);
            viterbi(&first_stage.trans, &buf.scores.emit, &mut buf.back, &mut buf.tags);
            buf.doc_keys.extend_from_slice(&buf.scores.keys);
            buf.doc_words.extend_from_slice(&buf.scores.words);
            let generation = buf.cache.generation();
            buf.doc_generations.extend(std::iter::repeat_n(generation, r.len()));
            if second.is_none() {
                buf.all[r.clone()].copy_from_slice(&buf.tags);
                continue;
            }
            buf.first[r.clone()].copy_from_slice(&buf.tags);
            buf.doc_static.extend_from_slice(&buf.scores.second);
        }
        let (Some(second), Some(doc)) = (second, &self.doc) else { return };
        // The keys and scores were stored sentence after sentence, so their
        // index is the token's position among the tagged sentences.
        buf.memory.clear();
        let mut k = 0;
        for r in sentences {
            buf.memory.add(&buf.doc_keys[k..k + r.len()], &buf.first[r.clone()]);
            k += r.len();
        }
        buf.facts.clear();
        let mut k = 0;
        for r in sentences {
            let first = &buf.first[r.clone()];
            let keys = &buf.doc_keys[k..k + r.len()];
            buf.facts.extend(keys.iter().zip(first).map(|(&key, &t)| buf.memory.facts(key, t)));
            k += r.len();
        }
        let mut k = 0;
        for r in sentences {
            buf.emit.clear();
            let first = &buf.first[r.clone()];
            let facts = &buf.facts[k..k + r.len()];
            for i in 0..r.len() {
                let mut acc = buf.doc_static[k + i];
                doc.add(&mut acc, first, facts, i);
                let mut e = [0i32; Tag::COUNT];
                e[1..].copy_from_slice(&acc);
                buf.emit.push(e);
            }
            viterbi(&second.trans, &buf.emit, &mut buf.back, &mut buf.tags);
            buf.all[r.clone()].copy_from_slice(&buf.tags);
            k += r.len();
        }
    }

    /// Tags `tokens` as [`tag`](Self::tag) does, the straightforward way:
    /// every feature of every token extracted as the trainer extracts it
    /// (`FeatureSpace::features`, `doc_features`), summed from the model's
    /// dense weight tables, decoded by the plain Viterbi. Slow; it exists so
    /// that tests and benches can check at run time, whatever model is
    /// built in, that the word cache, the packed weights and the fast
    /// Viterbi give the same tags.
    #[doc(hidden)]
    pub fn tag_reference(&self, text: &str, tokens: &Tokens, out: &mut Vec<Mention>) {
        let model = &self.model;
        let space = &model.space;
        let mut sentences = Vec::new();
        let mut start = 0;
        while start < tokens.len() {
            let end = sentence_end(text, tokens, start);
            sentences.push(start..end);
            start = end;
        }
        let mut scratch = crate::features::Scratch::default();
        let (mut feats, mut back, mut tags) = (Vec::new(), Vec::new(), Vec::new());
        let emit_of = |stage: &Stage, feats: &[u32]| {
            let mut e = [0i32; Tag::COUNT];
            for &f in feats {
                for (t, &w) in stage.weights()[f as usize].iter().enumerate() {
                    e[t + 1] += w as i32;
                }
            }
            e
        };
        // Per sentence: its static features per token, its keys, its
        // first-stage tags.
        let mut sent: Vec<(Vec<Vec<u32>>, Vec<u64>, Vec<Tag>)> = Vec::new();
        for r in &sentences {
            space.prepare(tokens, r.clone(), &mut scratch);
            let per_token: Vec<Vec<u32>> = (0..r.len())
                .map(|i| {
                    feats.clear();
                    space.features(&scratch.info, i, &mut feats);
                    feats.clone()
                })
                .collect();
            let emit: Vec<[i32; Tag::COUNT]> = per_token.iter().map(|f| emit_of(&model.stages[0], f)).collect();
            viterbi_reference(&model.stages[0].trans, &emit, &mut back, &mut tags);
            sent.push((per_token, scratch.keys.clone(), tags.clone()));
        }
        let mut all: Vec<Tag> = sent.iter().flat_map(|s| s.2.iter().copied()).collect();
        if let Some(second) = model.stages.get(1) {
            let mut memory = DocMemory::default();
            for (_, keys, first) in &sent {
                memory.add(keys, first);
            }
            all.clear();
            for (per_token, keys, first) in &sent {
                let emit: Vec<[i32; Tag::COUNT]> = (0..per_token.len())
                    .map(|i| {
                        feats.clear();
                        feats.extend_from_slice(&per_token[i]);
                        space.doc_features(&memory, keys, first, i, &mut feats);
                        emit_of(second, &feats)
                    })
                    .collect();
                viterbi_reference(&second.trans, &emit, &mut back, &mut tags);
                all.extend_from_slice(&tags);
            }
        }
        for r in &sentences {
            mentions(text, tokens, r.start, &all[r.clone()], out);
        }
    }

    /// Tags a document given as sentences of words (CoNLL data): the words
    /// are joined by spaces (sentences by line breaks) and tokenized as
    /// running text, and each word takes the tag of its first token.
    pub fn tag_words(&self, sentences: &[&[String]], buf: &mut TagBuffer) -> Vec<Vec<Tag>> {
        let mut text = std::mem::take(&mut buf.text);
        let mut tokens = std::mem::take(&mut buf.tokens);
        let words: Vec<String> = sentences.iter().flat_map(|s| s.iter().cloned()).collect();
        let (first, _) = crate::train::tokenize_words(&self.tokenizer, &words, &mut text, &mut tokens);
        // Sentence ranges in tokens: from the first token of a sentence's
        // first word that has one.
        let mut ranges = Vec::with_capacity(sentences.len());
        let mut w = 0;
        let mut start = 0;
        for s in sentences {
            let end =
                first[w + s.len()..].iter().copied().find(|&t| t != u32::MAX).map_or(tokens.len(), |t| t as usize);
            ranges.push(start..end.max(start));
            start = end.max(start);
            w += s.len();
        }
        self.tag_sentences(&tokens, &ranges, buf);
        let mut out = Vec::with_capacity(sentences.len());
        let mut w = 0;
        for s in sentences {
            out.push(
                first[w..w + s.len()]
                    .iter()
                    .map(|&t| if t == u32::MAX { Tag::O } else { buf.all[t as usize] })
                    .collect(),
            );
            w += s.len();
        }
        buf.text = text;
        buf.tokens = tokens;
        out
    }

    /// Tags a sentence whose features are already extracted, with one stage.
    pub(crate) fn decode_features(
        &self,
        stage: usize,
        feats: &[u32],
        offsets: &[u32],
        buf: &mut TagBuffer,
    ) -> Vec<Tag> {
        buf.feats.clear();
        buf.feats.extend_from_slice(feats);
        buf.offsets.clear();
        buf.offsets.extend_from_slice(offsets);
        self.decode(&self.model.stages[stage], buf);
        buf.tags.clone()
    }

    fn decode(&self, stage: &Stage, buf: &mut TagBuffer) {
        let n = buf.offsets.len() - 1;
        let table = stage.weights();
        buf.emit.clear();
        for i in 0..n {
            let mut acc = [0i32; ROW];
            for &f in &buf.feats[buf.offsets[i] as usize..buf.offsets[i + 1] as usize] {
                let row = &table[f as usize];
                for t in 0..ROW {
                    acc[t] += row[t] as i32;
                }
            }
            let mut e = [0i32; Tag::COUNT];
            e[1..].copy_from_slice(&acc);
            buf.emit.push(e);
        }
        viterbi(&stage.trans, &buf.emit, &mut buf.back, &mut buf.tags);
    }
}

/// Best tag sequence under emission scores and transitions (row
/// `Tag::COUNT` of `trans` is the start).
///
/// Plain `i32` arithmetic cannot overflow: after the first token, scores
/// are brought back to at most 0 and at least [`FORBIDDEN`] (`i32::MIN / 4`),
/// transitions are [`FORBIDDEN`] or within ±2²⁴ (checked when a model is
/// read), and an emission sums at most a few hundred 16-bit weights.
///
/// The same arithmetic as [`viterbi_reference`], in another order: the
/// outer loop runs over the previous tag and the inner one over the next
/// tag, so that the inner loop is a compare-and-select over a row of lanes
/// (padded to [`LANES`]) that the compiler turns into vector instructions.
/// For each next tag the previous tags are still tried in increasing order
/// and a later one wins only when strictly better, so ties resolve to the
/// same tag and the output is identical.
#[inline(always)]
pub(crate) fn viterbi(
    trans: &[[i32; Tag::COUNT]],
    emit: &[[i32; Tag::COUNT]],
    back: &mut Vec<[u8; Tag::COUNT]>,
    out: &mut Vec<Tag>,
) {
    const N: usize = Tag::COUNT;
    out.clear();
    back.clear();
    if emit.is_empty() {
        return;
    }
    // Transitions padded with forbidden lanes (never read back).
    let mut tr = [[FORBIDDEN; LANES]; N];
    for from in 0..N {
        tr[from][..N].copy_from_slice(&trans[from]);
    }
    let mut score = [0i32; N];
    for t in 0..N {
        score[t] = trans[N][t] + emit[0][t];
    }
    back.reserve(emit.len());
    back.push([0; N]);
    for e in &emit[1..] {
        let mut best = [i32::MIN; LANES];
        let mut arg = [0i32; LANES];
        for from in 0..N {
            let sf = score[from];
            let row = &tr[from];
            for to in 0..LANES {
                let s = sf + row[to];
                let better = s > best[to];
                best[to] = if better { s } else { best[to] };
                arg[to] = if better { from as i32 } else { arg[to] };
            }
        }
        let mut next = [0i32; N];
        let mut bp = [0u8; N];
        for to in 0..N {
            next[to] = best[to] + e[to];
            bp[to] = arg[to] as u8;
        }
        keep_near_zero(&mut next);
        score = next;
        back.push(bp);
    }
    backtrack(&score, back, out);
}

/// Lanes of the vectorized Viterbi step: [`Tag::COUNT`] rounded up to a
/// multiple of 8 (one AVX2 register of `i32`, two SSE2 ones).
const LANES: usize = Tag::COUNT.div_ceil(8) * 8;

/// Best tag sequence under emission scores and transitions (row
/// `Tag::COUNT` of `trans` is the start): the plain loops, which
/// [`viterbi`] must match tag for tag.
///
/// Plain `i32` arithmetic cannot overflow: after the first token, scores
/// are brought back to at most 0 and at least [`FORBIDDEN`] (`i32::MIN / 4`),
/// transitions are [`FORBIDDEN`] or within ±2²⁴ (checked when a model is
/// read), and an emission sums at most a few hundred 16-bit weights.
pub(crate) fn viterbi_reference(
    trans: &[[i32; Tag::COUNT]],
    emit: &[[i32; Tag::COUNT]],
    back: &mut Vec<[u8; Tag::COUNT]>,
    out: &mut Vec<Tag>,
) {
    const N: usize = Tag::COUNT;
    out.clear();
    back.clear();
    if emit.is_empty() {
        return;
    }
    // Transposed, so that the scores into one tag are read in a row.
    let mut into = [[0i32; N]; N];
    for from in 0..N {
        for to in 0..N {
            into[to][from] = trans[from][to];
        }
    }
    let mut score = [0i32; N];
    for t in 0..N {
        score[t] = trans[N][t] + emit[0][t];
    }
    back.push([0; N]);
    for e in &emit[1..] {
        let mut next = [FORBIDDEN; N];
        let mut bp = [0u8; N];
        for to in 0..N {
            let mut best = i32::MIN;
            let mut arg = 0u8;
            for from in 0..N {
                let s = score[from] + into[to][from];
                if s > best {
                    best = s;
                    arg = from as u8;
                }
            }
            next[to] = best + e[to];
            bp[to] = arg;
        }
        keep_near_zero(&mut next);
        score = next;
        back.push(bp);
    }
    backtrack(&score, back, out);
}

/// Brings a step's scores back to at most 0 (and at least [`FORBIDDEN`]) so
/// that long sentences cannot overflow: only differences between tags matter.
#[inline(always)]
fn keep_near_zero(next: &mut [i32; Tag::COUNT]) {
    let top = next.iter().copied().max().unwrap_or(0);
    for s in next.iter_mut() {
        *s = (*s - top).max(FORBIDDEN);
    }
}

/// Follows the back pointers from the best last tag (the first of equals)
/// and writes one tag per token into `out`.
#[inline(always)]
fn backtrack(score: &[i32; Tag::COUNT], back: &[[u8; Tag::COUNT]], out: &mut Vec<Tag>) {
    let mut best = 0;
    for t in 1..Tag::COUNT {
        if score[t] > score[best] {
            best = t;
        }
    }
    out.resize(back.len(), Tag::O);
    let mut t = best;
    for i in (0..back.len()).rev() {
        out[i] = Tag::from_index(t).unwrap_or(Tag::O);
        t = back[i][t] as usize;
    }
}

/// End of the sentence starting at token `start`: after a run of `.` `!`
/// `?` `؟`, or before a line break, or after [`MAX_SENTENCE`] tokens.
fn sentence_end(text: &str, tokens: &Tokens, start: usize) -> usize {
    let limit = tokens.len().min(start + MAX_SENTENCE);
    let mut i = start;
    while i < limit {
        let t = &tokens[i];
        if i > start && text.get(tokens[i - 1].span.end..t.span.start).is_some_and(|gap| gap.contains('\n')) {
            return i;
        }
        i += 1;
        if t.kind == TokenKind::Punct && is_sentence_final(tokens.norm(t)) {
            return i;
        }
    }
    i
}

fn is_sentence_final(p: &str) -> bool {
    p.chars().all(|c| matches!(c, '.' | '!' | '?' | '؟' | '…'))
}

/// Appends the mentions of a decoded sentence (its first token is
/// `offset`).
fn mentions(text: &str, tokens: &Tokens, offset: usize, tags: &[Tag], out: &mut Vec<Mention>) {
    for c in crate::eval::chunks(tags) {
        let first = &tokens[offset + c.start];
        let last = &tokens[offset + c.end - 1];
        let span = Span::new(entity_start(text, first), last.span.end);
        out.push(Mention { tokens: offset + c.start..offset + c.end, label: c.label, span });
    }
}

/// Where an entity starting with `t` begins: after its conjunction and
/// preposition, but with its article (`وبالعراق` → `العراق`; `لقسد` →
/// `قسد`). After `لل` (ل + ال, whose alef is not written) the base is taken.
pub fn entity_start(text: &str, t: &Token) -> usize {
    let p = t.proclitics;
    if p.is_empty() {
        return t.span.start;
    }
    if p.contains(Proclitics::AL) && !p.contains(Proclitics::LI) {
        // Walk back over the article: ل then an alef form, skipping marks.
        let before = &text[t.span.start..t.base_start];
        let mut chars = before.char_indices().rev().filter(|(_, c)| !is_mark(*c));
        if let (Some((_, 'ل')), Some((i, a))) = (chars.next(), chars.next()) {
            if matches!(a, 'ا' | 'أ' | 'إ' | 'آ' | 'ٱ') {
                return t.span.start + i;
            }
        }
    }
    t.base_start
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MAX_TRANSITION;
    use marsad_arabic::Tokenizer;

    #[test]
    fn entity_starts_keep_the_article() {
        let table = [
            ("لقسد", "قسد"),
            ("والعراق", "العراق"),
            ("وبالعراق", "العراق"),
            ("العراق", "العراق"),
            ("للعراق", "عراق"),
            ("وواشنطن", "واشنطن"),
            ("واشنطن", "واشنطن"),
            ("وَالعِراق", "العِراق"),
        ];
        for (word, want) in table {
            let toks = Tokenizer::new().tokenize(word);
            let s = entity_start(word, &toks[0]);
            assert_eq!(&word[s..], want, "{word}");
        }
    }

    #[test]
    fn viterbi_respects_bio() {
        // Emissions prefer I-PER at the start; BIO forbids it.
        let n = Tag::COUNT;
        let mut trans = vec![[0i32; Tag::COUNT]; n + 1];
        for from in 0..=n {
            for to in 0..n {
                let ok = if from == n {
                    Tag::from_index(to).unwrap().may_start()
                } else {
                    Tag::from_index(from).unwrap().may_precede(Tag::from_index(to).unwrap())
                };
                trans[from][to] = if ok { 0 } else { FORBIDDEN };
            }
        }
        let i_per = Tag::inside(Label::Per).index();
        let b_per = Tag::begin(Label::Per).index();
        let mut e0 = [0i32; Tag::COUNT];
        e0[i_per] = 10;
        e0[b_per] = 5;
        let mut e1 = [0i32; Tag::COUNT];
        e1[i_per] = 10;
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(&trans, &[e0, e1], &mut back, &mut out);
        assert_eq!(out, [Tag::begin(Label::Per), Tag::inside(Label::Per)]);
    }

    /// A xorshift generator of integers in `[-range, range]`, for the
    /// Viterbi tests' pseudo-random scores.
    fn xorshift(mut seed: u64) -> impl FnMut(i64) -> i64 {
        move |range: i64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % (2 * range as u64 + 1)) as i64 - range
        }
    }

    /// Transitions (with the start row) where every well-formed one gets a
    /// weight from `weight` and the others are forbidden.
    fn random_transitions(mut weight: impl FnMut() -> i32) -> Vec<[i32; Tag::COUNT]> {
        const N: usize = Tag::COUNT;
        let mut trans = vec![[0i32; N]; N + 1];
        for from in 0..=N {
            for to in 0..N {
                let ok = if from == N {
                    Tag::from_index(to).unwrap().may_start()
                } else {
                    Tag::from_index(from).unwrap().may_precede(Tag::from_index(to).unwrap())
                };
                trans[from][to] = if ok { weight() } else { FORBIDDEN };
            }
        }
        trans
    }

    /// Viterbi finds the best-scoring well-formed sequence: checked against
    /// every sequence of four tags, on pseudo-random scores of the size a
    /// real model gives (emissions up to millions, transitions up to 2²⁴).
    #[test]
    fn viterbi_finds_the_best_sequence() {
        const N: usize = Tag::COUNT;
        let mut rand = xorshift(0x2545_F491_4F6C_DD1D);
        for round in 0..40 {
            let scale = if round % 2 == 0 { 1000 } else { 5_000_000 };
            let trans = random_transitions(|| rand(MAX_TRANSITION as i64) as i32 / 4);
            let emit: Vec<[i32; N]> = (0..4).map(|_| std::array::from_fn(|_| rand(scale) as i32)).collect();
            let (mut back, mut out) = (Vec::new(), Vec::new());
            viterbi(&trans, &emit, &mut back, &mut out);
            let score = |tags: &[usize]| -> Option<i64> {
                let mut s = 0i64;
                let mut prev = N;
                for (i, &t) in tags.iter().enumerate() {
                    if trans[prev][t] == FORBIDDEN {
                        return None;
                    }
                    s += trans[prev][t] as i64 + emit[i][t] as i64;
                    prev = t;
                }
                Some(s)
            };
            let mut best = i64::MIN;
            for code in 0..N.pow(4) {
                let tags = [code % N, code / N % N, code / N / N % N, code / N / N / N];
                if let Some(s) = score(&tags) {
                    best = best.max(s);
                }
            }
            let got: Vec<usize> = out.iter().map(|t| t.index()).collect();
            assert_eq!(score(&got), Some(best), "round {round}: {got:?}");
        }
    }

    /// The vectorized Viterbi returns the plain one's tags, ties included:
    /// pseudo-random scores of every size, from a handful of values (many
    /// ties) to a real model's, over sentences of 1 to 60 tokens.
    #[test]
    fn fast_viterbi_matches_the_plain_one() {
        const N: usize = Tag::COUNT;
        let mut rand = xorshift(0x9E37_79B9_7F4A_7C15);
        for round in 0..600 {
            let scale = [2, 50, 1000, 5_000_000][round % 4];
            let tscale = [1, 10, MAX_TRANSITION as i64][round % 3];
            let trans = random_transitions(|| rand(tscale) as i32);
            let len = 1 + round % 60;
            let emit: Vec<[i32; N]> = (0..len).map(|_| std::array::from_fn(|_| rand(scale) as i32)).collect();
            let (mut back, mut fast, mut plain) = (Vec::new(), Vec::new(), Vec::new());
            viterbi(&trans, &emit, &mut back, &mut fast);
            viterbi_reference(&trans, &emit, &mut back, &mut plain);
            assert_eq!(fast, plain, "round {round}");
        }
    }

    /// The tagger's fast path (word cache, packed weights, vectorized
    /// Viterbi) gives the tags of the straightforward path, on text written
    /// for this test (the real-data check does the same on ANT).
    #[test]
    fn fast_path_tags_as_the_reference_path() {
        let tagger = Tagger::embedded().unwrap();
        let text = "قال الرئيس الأمريكي دونالد ترامب في واشنطن إن قوات سوريا الديمقراطية تحارب داعش.\n\
                    وأعلنت وزارة الخارجية الفرنسية في بيان أن الوزير جان إيف لودريان سيزور بغداد والموصل.\n\
                    ونقلت وكالة رويترز عن مصادر في الأمم المتحدة أن المساعدات وصلت إلى اليمن! وقال ترامب إن \
                    واشنطن لن تنسحب. سيتطرق الاجتماع إلى حافلات سيتارو";
        let tokens = Tokenizer::new().tokenize(text);
        let (mut fast, mut plain) = (Vec::new(), Vec::new());
        let mut buf = TagBuffer::new();
        tagger.tag(text, &tokens, &mut buf, &mut fast);
        tagger.tag_reference(text, &tokens, &mut plain);
        assert_eq!(fast, plain);
        assert!(fast.len() >= 8, "{fast:?}");
        // The code compiled for any x86-64 (SSE2), which `tag` does not run
        // on a CPU with AVX2, gives the same tags.
        let sentences = [0..tokens.len() / 2, tokens.len() / 2..tokens.len()];
        tagger.tag_sentences(&tokens, &sentences, &mut buf);
        let dispatched = buf.all.clone();
        tagger.tag_sentences_any(&tokens, &sentences, &mut buf);
        assert_eq!(buf.all, dispatched);
    }

    #[test]
    fn sentences_end_at_stops_and_line_breaks() {
        let text = "قال زيد. ثم مضى\nسطر جديد؟ نعم";
        let toks = Tokenizer::new().tokenize(text);
        let mut ends = Vec::new();
        let mut s = 0;
        while s < toks.len() {
            s = sentence_end(text, &toks, s);
            ends.push(s);
        }
        assert_eq!(ends, [3, 5, 8, 9]);
    }
}
