//! The learned boundaries of a claim: which words around a cue are its
//! source and which its content.
//!
//! The rules of [`super`] find the cues (a lexicon of reporting verbs and
//! according-to phrases) and propose a source and a content for each. Hand
//! rules for the *extent* of those spans did not generalize across outlets
//! (each rule fixed the sentences it was written for and moved boundaries
//! elsewhere), so the extent is learned: a linear model labels every token of
//! the sentence `S` (source), `C` (content) or `O` relative to one cue, from
//! hashed features (the word, its base, its lexicon classes, its distance
//! and direction from the cue, the commas, colons, complementizers and other
//! cues crossed on the way, quotations, the cue's verb and kind, and the
//! rules' own proposal). Decoding is constrained: at most one contiguous
//! source, exactly one contiguous content, neither on the cue's tokens.
//!
//! Training is an averaged structured perceptron, deterministic (a fixed
//! seed orders the examples); `marsad train claims` runs it on
//! `eval/claims_train.jsonl`, cross-validates it against the rules and
//! writes a model file that `marsad eval claims --model FILE` scores.
//!
//! Not used by default: measured in session 4 (5-fold cross-validation on
//! the 600 training sentences, and dev, dev2, dev3, dev4 with a model trained
//! on all of them), the model was never better than the rules it stacks on
//! (exact F1 0.676–0.698 against 0.707 in cross-validation; below them on
//! the four dev files pooled, for every variant), so `ClaimFinder::find`
//! keeps the rules' boundaries. The model runs only inside sentences that hold a cue.

use super::{Cand, ClaimFinder, Sentence, LEX, PREPOSITIONS};
use crate::analyze::lexicon;
use crate::analyze::ClaimKind;
use crate::{Error, ErrorKind};
use marsad_arabic::{Proclitics, Span, Tokens};

/// The token labels.
const O: u8 = 0;
const S: u8 = 1;
const C: u8 = 2;
const LABELS: usize = 3;

/// The first line of a model file.
const MAGIC: &[u8] = b"MARSAD-CLAIMS-BOUNDARY 1\n";

/// Which parts of a claim the model decides; the rules keep the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Parts {
    Both,
    Source,
    Content,
    /// Only where the source and the content end: their starts (and
    /// whether there is a source) stay the rules'.
    Ends,
    /// Like `Ends`, and an end may only move back (the source or the
    /// content cut shorter than the rules have it).
    Shorten,
}

impl Parts {
    pub fn name(self) -> &'static str {
        match self {
            Parts::Both => "both",
            Parts::Source => "source",
            Parts::Content => "content",
            Parts::Ends => "ends",
            Parts::Shorten => "shorten",
        }
    }

    pub fn parse(s: &str) -> Option<Parts> {
        match s {
            "both" => Some(Parts::Both),
            "source" => Some(Parts::Source),
            "content" => Some(Parts::Content),
            "ends" => Some(Parts::Ends),
            "shorten" => Some(Parts::Shorten),
            _ => None,
        }
    }
}

/// The settings of a training run (all recorded in the model file).
#[derive(Clone, Debug)]
pub struct TrainSettings {
    pub epochs: u32,
    pub seed: u64,
    /// log2 of the number of hashed feature buckets.
    pub bits: u32,
    pub parts: Parts,
    /// Whether the rules' own source and content are features.
    pub rule_features: bool,
    /// How much better (in model score) the model's labelling must be than
    /// the rules' for the model's to be taken: 0 always takes the model's.
    pub margin: f32,
}

impl Default for TrainSettings {
    fn default() -> Self {
        TrainSettings { epochs: 12, seed: 5107, bits: 18, parts: Parts::Both, rule_features: true, margin: 0.0 }
    }
}

/// A trained boundary model. Immutable once built; `Send + Sync`.
#[derive(Clone, Debug)]
pub struct BoundaryModel {
    bits: u32,
    parts: Parts,
    rule_features: bool,
    margin: f32,
    /// `weights[bucket * 3 + label]`.
    weights: Vec<f32>,
    /// `trans[prev * 3 + label]`.
    trans: [f32; LABELS * LABELS],
    /// The command and settings that made the model.
    meta: String,
}

/// The gold parts of one claim of a training sentence, as byte spans.
#[derive(Clone, Debug)]
pub struct GoldClaim {
    pub cue: Span,
    pub source: Option<Span>,
    pub content: Span,
}

/// One training example: a cue the rules found, matched to a gold claim.
#[derive(Clone, Debug)]
pub struct Example {
    /// Feature buckets per token of the sentence.
    feats: Vec<Vec<u32>>,
    /// Allowed labels per token (bit `1 << label`).
    allowed: Vec<u8>,
    gold: Vec<u8>,
}

fn mix(h: u64, x: u64) -> u64 {
    let mut z = (h ^ x).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn hash_str(s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn dist_bucket(d: usize) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 6,
        11..=15 => 7,
        16..=25 => 8,
        _ => 9,
    }
}

/// What a token is, independent of any cue.
#[derive(Clone, Copy, Debug)]
struct TokInfo {
    word: u64,
    base: u64,
    /// Lexicon classes, punctuation and clitics, one hash.
    class: u64,
    comma: bool,
    colon: bool,
    comp: bool,
    start: bool,
}

/// Per-sentence facts shared by every cue of the sentence.
pub(super) struct SentFeats {
    info: Vec<TokInfo>,
    /// Prefix counts over the sentence's tokens: commas, colons,
    /// complementizers, words that can start a claim.
    commas: Vec<u16>,
    colons: Vec<u16>,
    comps: Vec<u16>,
    starts: Vec<u16>,
    in_quote: Vec<bool>,
}

impl SentFeats {
    pub(super) fn new(s: &Sentence) -> SentFeats {
        let n = s.e - s.s;
        let mut info = Vec::with_capacity(n);
        for i in s.s..s.e {
            let t = s.tok(i);
            let p = s.punct(i);
            let mut class = mix(0, t.kind as u64);
            if let Some(c) = p {
                class = mix(class, c as u64);
            }
            let bound = s.bound(i).map_or(0, |(b, _)| b as u64 + 1);
            class = mix(class, bound);
            let comp = s.is_comp_word(i);
            class = mix(class, u64::from(comp));
            let word = s.word(i);
            class = mix(class, u64::from(PREPOSITIONS.contains(&word)));
            let src = if t.is_word() {
                lexicon::find(&LEX.sources, s.tokens, t).map_or(0, |(v, _)| *v as u64 + 1)
            } else {
                0
            };
            class = mix(class, src);
            let pc = t.proclitics;
            let bits = u64::from(pc.contains(Proclitics::AL))
                | u64::from(pc.contains(Proclitics::BI)) << 1
                | u64::from(pc.contains(Proclitics::LI)) << 2
                | u64::from(pc.contains(Proclitics::WA) || pc.contains(Proclitics::FA)) << 3
                | u64::from(pc.contains(Proclitics::KA)) << 4;
            class = mix(class, bits);
            let start = s.marks.is_some_and(|m| m[i] & lexicon::mark::CLAIM != 0);
            class = mix(class, u64::from(start));
            let base = if t.is_word() { s.tokens.base(t) } else { word };
            info.push(TokInfo {
                word: hash_str(word),
                base: hash_str(base),
                class,
                comma: p.is_some_and(super::is_comma),
                colon: p == Some(':'),
                comp,
                start,
            });
        }
        let prefix = |f: &dyn Fn(&TokInfo) -> bool| {
            let mut v = Vec::with_capacity(n + 1);
            v.push(0u16);
            let mut c = 0u16;
            for t in &info {
                c = c.saturating_add(u16::from(f(t)));
                v.push(c);
            }
            v
        };
        let commas = prefix(&|t| t.comma);
        let colons = prefix(&|t| t.colon);
        let comps = prefix(&|t| t.comp);
        let starts = prefix(&|t| t.start);
        let mut in_quote = vec![false; n];
        for i in s.s..s.e {
            if let Some(close) = s.quote_close(i) {
                for q in in_quote.iter_mut().take(close.min(s.e) - s.s).skip(i + 1 - s.s) {
                    *q = true;
                }
            }
        }
        SentFeats { info, commas, colons, comps, starts, in_quote }
    }
}

/// The cue of a candidate, as features see it.
struct CueCtx {
    a: usize,
    b: usize,
    lemma: u64,
    kind: u64,
    after: u64,
    rule: Vec<u8>,
}

fn cue_ctx(s: &Sentence, c: &Cand) -> CueCtx {
    let (a, b) = c.cue;
    let lemma = match s.cue(a) {
        Some(cue) => hash_str(&super::VERBS.verb(cue).lemma),
        None => hash_str(s.word(a)),
    };
    let kind = mix(
        c.kind as u64,
        u64::from(c.participle) | u64::from(c.cue_after) << 1 | u64::from(c.passive) << 2 | ((b - a) as u64) << 3,
    );
    let after = if b < s.e { mix(1, s.tok(b).kind as u64) ^ hash_str(s.word(b)) } else { 0 };
    let mut rule = vec![O; s.e - s.s];
    if let Some((x, y)) = c.source {
        for r in &mut rule[x - s.s..y - s.s] {
            *r = S;
        }
    }
    for r in &mut rule[c.content.0.max(s.s) - s.s..c.content.1.min(s.e) - s.s] {
        *r = C;
    }
    CueCtx { a, b, lemma, kind, after, rule }
}

/// The feature buckets of token `i` (page index) for the cue `cx`.
fn token_features(
    s: &Sentence,
    f: &SentFeats,
    cx: &CueCtx,
    i: usize,
    rule_features: bool,
    mask: u64,
    out: &mut Vec<u32>,
) {
    let k = i - s.s;
    let t = &f.info[k];
    let (dir, dist, lo, hi) = if i < cx.a {
        (1u64, cx.a - i, k, cx.a - s.s)
    } else if i >= cx.b {
        (2u64, i + 1 - cx.b, cx.b - s.s, k + 1)
    } else {
        (3u64, 0, k, k)
    };
    let db = dist_bucket(dist);
    let between = |p: &Vec<u16>| u64::from(p[hi] - p[lo]).min(3);
    let commas = between(&f.commas);
    let colons = between(&f.colons).min(1);
    let comps = between(&f.comps).min(2);
    let starts = between(&f.starts).min(2);
    let prev = if k > 0 { f.info[k - 1] } else { TokInfo { word: 1, base: 1, class: 1, ..*t } };
    let next = if k + 1 < f.info.len() { f.info[k + 1] } else { TokInfo { word: 2, base: 2, class: 2, ..*t } };
    let q = u64::from(f.in_quote[k]);
    let to_end = dist_bucket(s.e - 1 - i);
    let mut push = |id: u64, parts: &[u64]| {
        let mut h = mix(0x5eed, id);
        for &p in parts {
            h = mix(h, p);
        }
        out.push((h & mask) as u32);
    };
    push(0, &[]);
    push(1, &[dir, db]);
    push(2, &[dir, t.word]);
    push(3, &[dir, t.base]);
    push(4, &[t.word]);
    push(5, &[dir, prev.base]);
    push(6, &[dir, next.base]);
    push(7, &[dir, t.class]);
    push(8, &[dir, prev.class]);
    push(9, &[dir, next.class]);
    push(10, &[dir, commas]);
    push(11, &[dir, colons, comps, q]);
    push(12, &[dir, starts]);
    push(13, &[cx.lemma, dir, db]);
    push(14, &[cx.kind, dir, db]);
    push(15, &[cx.kind, dir, t.class]);
    push(16, &[dir, cx.after, db.min(3)]);
    push(17, &[dir, prev.class, t.class]);
    push(18, &[dir, prev.base, t.base]);
    push(19, &[dir, to_end]);
    push(20, &[cx.lemma, dir, t.class]);
    push(21, &[dir, commas, colons, comps, starts, db.min(4)]);
    push(22, &[dir, t.class, next.class]);
    push(23, &[dir, q, t.class]);
    if rule_features {
        let r = u64::from(cx.rule[k]);
        let rp = if k > 0 { u64::from(cx.rule[k - 1]) } else { 9 };
        let rn = if k + 1 < cx.rule.len() { u64::from(cx.rule[k + 1]) } else { 9 };
        push(30, &[r, dir]);
        push(31, &[r, dir, t.class]);
        push(32, &[r, rp, rn]);
        push(33, &[r, dir, t.base]);
        push(34, &[r, cx.kind, dir]);
    }
}

/// Automaton states: (label, may the next token start S, …). The label
/// sequence is `O* (S+ O*)? C+ O* (S+ O*)?` with at most one S run.
const STATES: usize = 9;
const STATE_LABEL: [u8; STATES] = [O, S, O, C, C, O, O, S, O];
/// Allowed successor states.
const NEXT: [&[usize]; STATES] = [&[0, 1, 4], &[1, 2, 3], &[2, 3], &[3, 5], &[4, 6, 7], &[5], &[6, 7], &[7, 8], &[8]];
const FIRST: [usize; 3] = [0, 1, 4];
const FINAL: [bool; STATES] = [false, false, false, true, true, true, true, true, true];

/// Best constrained label sequence for emission scores `em[k*3+l]`.
fn decode(em: &[f32], allowed_labels: &[u8], trans: &[f32; 9], out: &mut Vec<u8>) -> bool {
    let n = allowed_labels.len();
    out.clear();
    if n == 0 {
        return false;
    }
    let neg = f32::NEG_INFINITY;
    let allowed = |k: usize, st: usize| allowed_labels[k] & (1 << STATE_LABEL[st]) != 0;
    let mut score = vec![neg; n * STATES];
    let mut back = vec![0u8; n * STATES];
    for &st in &FIRST {
        if allowed(0, st) {
            score[st] = em[STATE_LABEL[st] as usize];
        }
    }
    for k in 1..n {
        for (p, nexts) in NEXT.iter().enumerate() {
            let ps = score[(k - 1) * STATES + p];
            if ps == neg {
                continue;
            }
            let pl = STATE_LABEL[p] as usize;
            for &st in nexts.iter() {
                if !allowed(k, st) {
                    continue;
                }
                let l = STATE_LABEL[st] as usize;
                let v = ps + trans[pl * LABELS + l] + em[k * LABELS + l];
                if v > score[k * STATES + st] {
                    score[k * STATES + st] = v;
                    back[k * STATES + st] = p as u8;
                }
            }
        }
    }
    let last = (0..STATES)
        .filter(|&st| FINAL[st] && score[(n - 1) * STATES + st] > neg)
        .max_by(|&x, &y| score[(n - 1) * STATES + x].total_cmp(&score[(n - 1) * STATES + y]));
    let Some(mut st) = last else { return false };
    out.resize(n, O);
    for k in (0..n).rev() {
        out[k] = STATE_LABEL[st];
        st = back[k * STATES + st] as usize;
    }
    true
}

/// The run of `label` in `labels` as page token indices.
fn run_of(labels: &[u8], label: u8, s: usize) -> Option<(usize, usize)> {
    let x = labels.iter().position(|&l| l == label)?;
    let y = labels.iter().rposition(|&l| l == label)? + 1;
    Some((s + x, s + y))
}

impl BoundaryModel {
    pub fn meta(&self) -> &str {
        &self.meta
    }

    pub fn parts(&self) -> Parts {
        self.parts
    }

    fn mask(&self) -> u64 {
        (1u64 << self.bits) - 1
    }

    /// Relabels the source and content of `c` (the rules' candidate).
    pub(super) fn apply(&self, s: &Sentence, f: &SentFeats, c: &mut Cand, buf: &mut Vec<u32>) {
        if c.hedged || c.kind == ClaimKind::Hedged {
            return;
        }
        let cx = cue_ctx(s, c);
        let n = s.e - s.s;
        let mut em = vec![0f32; n * LABELS];
        let forced = allowed_labels(s.s, s.e, c, self.parts);
        for i in s.s..s.e {
            let k = i - s.s;
            buf.clear();
            token_features(s, f, &cx, i, self.rule_features, self.mask(), buf);
            for &h in buf.iter() {
                let w = &self.weights[h as usize * LABELS..h as usize * LABELS + LABELS];
                for l in 0..LABELS {
                    em[k * LABELS + l] += w[l];
                }
            }
        }
        let mut labels = Vec::new();
        if !decode(&em, &forced, &self.trans, &mut labels) {
            return;
        }
        if self.margin > 0.0 && labels != cx.rule {
            let score = |ls: &[u8]| -> f32 {
                let mut v = 0.0;
                for (k, &l) in ls.iter().enumerate() {
                    v += em[k * LABELS + l as usize];
                    if k > 0 {
                        v += self.trans[ls[k - 1] as usize * LABELS + l as usize];
                    }
                }
                v
            };
            if score(&labels) - score(&cx.rule) < self.margin {
                return;
            }
        }
        let source = run_of(&labels, S, s.s);
        let Some(content) = run_of(&labels, C, s.s) else { return };
        // A content must hold a word.
        if !(content.0..content.1).any(|k| s.tok(k).is_word()) {
            return;
        }
        let overlaps = |a: Option<(usize, usize)>, b: (usize, usize)| a.is_some_and(|a| a.0 < b.1 && b.0 < a.1);
        match self.parts {
            Parts::Both | Parts::Ends | Parts::Shorten => {
                c.source = source;
                set_content(c, content);
            }
            Parts::Source => {
                if !overlaps(source, c.content) {
                    c.source = source;
                }
            }
            Parts::Content => {
                if !overlaps(c.source, content) {
                    set_content(c, content);
                }
            }
        }
        if let Some(src) = c.source {
            // A relay the model took as the source is the source.
            if c.relay.is_some_and(|r| r.0 < src.1 && src.0 < r.1) {
                c.relay = None;
            }
        }
    }

    /// Writes the model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        let meta = self.meta.replace('\n', " ");
        out.extend_from_slice(meta.as_bytes());
        out.push(b'\n');
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.push(match self.parts {
            Parts::Both => 0,
            Parts::Source => 1,
            Parts::Content => 2,
            Parts::Ends => 3,
            Parts::Shorten => 4,
        });
        out.push(u8::from(self.rule_features));
        out.extend_from_slice(&self.margin.to_le_bytes());
        for t in self.trans {
            out.extend_from_slice(&t.to_le_bytes());
        }
        let nonzero: Vec<usize> = (0..self.weights.len() / LABELS)
            .filter(|&b| self.weights[b * 3..b * 3 + 3].iter().any(|&w| w != 0.0))
            .collect();
        out.extend_from_slice(&(nonzero.len() as u32).to_le_bytes());
        for b in nonzero {
            out.extend_from_slice(&(b as u32).to_le_bytes());
            for l in 0..LABELS {
                out.extend_from_slice(&self.weights[b * LABELS + l].to_le_bytes());
            }
        }
        let sum = hash_str_bytes(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads a model file written by [`to_bytes`](Self::to_bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<BoundaryModel, Error> {
        let bad = |m: &str| Error::new(ErrorKind::Model(format!("claims boundary model: {m}")));
        let body = bytes.strip_prefix(MAGIC).ok_or_else(|| bad("not a MARSAD-CLAIMS-BOUNDARY 1 file"))?;
        if bytes.len() < MAGIC.len() + 8 {
            return Err(bad("truncated"));
        }
        let (data, sum) = bytes.split_at(bytes.len() - 8);
        if hash_str_bytes(data).to_le_bytes() != sum {
            return Err(bad("checksum mismatch"));
        }
        let body = &body[..body.len() - 8];
        let nl = body.iter().position(|&b| b == b'\n').ok_or_else(|| bad("no meta line"))?;
        let meta = String::from_utf8(body[..nl].to_vec()).map_err(|_| bad("meta is not UTF-8"))?;
        let mut r = &body[nl + 1..];
        let mut take = |n: usize| -> Result<&[u8], Error> {
            if r.len() < n {
                return Err(bad("truncated"));
            }
            let (a, b) = r.split_at(n);
            r = b;
            Ok(a)
        };
        let u32_of = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let f32_of = |b: &[u8]| f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let bits = u32_of(take(4)?);
        if !(8..=24).contains(&bits) {
            return Err(bad("bucket bits out of range"));
        }
        let parts = match take(1)?[0] {
            0 => Parts::Both,
            1 => Parts::Source,
            2 => Parts::Content,
            3 => Parts::Ends,
            4 => Parts::Shorten,
            _ => return Err(bad("bad parts")),
        };
        let rule_features = take(1)?[0] != 0;
        let margin = f32_of(take(4)?);
        let mut trans = [0f32; 9];
        for t in &mut trans {
            *t = f32_of(take(4)?);
        }
        let n = u32_of(take(4)?) as usize;
        let mut weights = vec![0f32; (1usize << bits) * LABELS];
        for _ in 0..n {
            let b = u32_of(take(4)?) as usize;
            if b >= 1 << bits {
                return Err(bad("bucket out of range"));
            }
            for l in 0..LABELS {
                weights[b * LABELS + l] = f32_of(take(4)?);
            }
        }
        if !r.is_empty() {
            return Err(bad("trailing bytes"));
        }
        Ok(BoundaryModel { bits, parts, rule_features, margin, weights, trans, meta })
    }

    /// Trains a model on `examples` (deterministic for given settings).
    pub fn train(examples: &[Example], settings: &TrainSettings, meta: &str) -> BoundaryModel {
        let nb = 1usize << settings.bits;
        let mut w = vec![0f32; nb * LABELS];
        let mut u = vec![0f32; nb * LABELS];
        let mut tw = [0f32; 9];
        let mut tu = [0f32; 9];
        let mut step = 1f32;
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = settings.seed | 1;
        let mut labels = Vec::new();
        let mut em = Vec::new();
        for _ in 0..settings.epochs {
            // Fisher-Yates with xorshift: the same order for the same seed.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
            }
            for &e in &order {
                let ex = &examples[e];
                let n = ex.gold.len();
                em.clear();
                em.resize(n * LABELS, 0f32);
                for (k, fs) in ex.feats.iter().enumerate() {
                    for &h in fs {
                        for l in 0..LABELS {
                            em[k * LABELS + l] += w[h as usize * LABELS + l];
                        }
                    }
                }
                if decode(&em, &ex.allowed, &tw, &mut labels) && labels != ex.gold {
                    for k in 0..n {
                        let (g, p) = (ex.gold[k] as usize, labels[k] as usize);
                        if g != p {
                            for &h in &ex.feats[k] {
                                let h = h as usize * LABELS;
                                w[h + g] += 1.0;
                                u[h + g] += step;
                                w[h + p] -= 1.0;
                                u[h + p] -= step;
                            }
                        }
                        if k > 0 {
                            let (gp, pp) = (ex.gold[k - 1] as usize, labels[k - 1] as usize);
                            if (gp, g) != (pp, p) {
                                tw[gp * LABELS + g] += 1.0;
                                tu[gp * LABELS + g] += step;
                                tw[pp * LABELS + p] -= 1.0;
                                tu[pp * LABELS + p] -= step;
                            }
                        }
                    }
                }
                step += 1.0;
            }
        }
        // Averaged weights: w - u / step.
        for (x, y) in w.iter_mut().zip(&u) {
            *x -= y / step;
        }
        for (x, y) in tw.iter_mut().zip(&tu) {
            *x -= y / step;
        }
        let meta = format!(
            "{meta}; epochs={} seed={} bits={} parts={} rule_features={} margin={} examples={}",
            settings.epochs,
            settings.seed,
            settings.bits,
            settings.parts.name(),
            settings.rule_features,
            settings.margin,
            examples.len()
        );
        BoundaryModel {
            bits: settings.bits,
            parts: settings.parts,
            rule_features: settings.rule_features,
            margin: settings.margin,
            weights: w,
            trans: tw,
            meta,
        }
    }
}

fn hash_str_bytes(b: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &x in b {
        h = (h ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn set_content(c: &mut Cand, content: (usize, usize)) {
    if content.0 != c.content.0 {
        c.content_at = None;
    }
    c.content = content;
}

impl ClaimFinder {
    /// Training examples from one sentence (`text` is the sentence, `tokens`
    /// its tokens): every cue the rules find that matches a gold claim's cue
    /// becomes one example whose labels are that claim's source and content.
    /// Returns the examples and the number of gold claims matched.
    pub fn boundary_examples(
        &self,
        text: &str,
        tokens: &Tokens,
        gold: &[GoldClaim],
        settings: &TrainSettings,
    ) -> Vec<Example> {
        let toks = tokens.as_slice();
        if toks.is_empty() {
            return Vec::new();
        }
        let mut own = Vec::new();
        let marks = crate::analyze::evidence::marks_or_own(tokens, None, &mut own);
        let sent = Sentence::new(text, tokens, 0, toks.len(), Some(marks));
        let feats = SentFeats::new(&sent);
        let mask = (1u64 << settings.bits) - 1;
        let mut used = vec![false; gold.len()];
        let mut out = Vec::new();
        for c in sent.claims() {
            if c.hedged {
                continue;
            }
            let cue = Span::new(toks[c.cue.0].span.start, toks[c.cue.1 - 1].span.end);
            let Some(g) =
                (0..gold.len()).find(|&g| !used[g] && gold[g].cue.start < cue.end && cue.start < gold[g].cue.end)
            else {
                continue;
            };
            used[g] = true;
            let g = &gold[g];
            let n = toks.len();
            let mut labels = vec![O; n];
            let mut ok = true;
            let mut label = |span: Span, l: u8| {
                for (k, t) in toks.iter().enumerate() {
                    if t.span.start < span.end && span.start < t.span.end {
                        if (c.cue.0..c.cue.1).contains(&k) || labels[k] != O {
                            ok = false;
                        }
                        labels[k] = l;
                    }
                }
            };
            if let Some(src) = g.source {
                label(src, S);
            }
            label(g.content, C);
            // The gold must be a sequence the decoder can produce.
            if !ok || !fits(&labels) {
                continue;
            }
            let cx = cue_ctx(&sent, &c);
            let mut fs = Vec::with_capacity(n);
            for i in 0..n {
                let mut v = Vec::new();
                token_features(&sent, &feats, &cx, i, settings.rule_features, mask, &mut v);
                fs.push(v);
            }
            let allowed = allowed_labels(0, n, &c, settings.parts);
            if labels.iter().zip(&allowed).any(|(&l, &a)| a & (1 << l) == 0) {
                continue;
            }
            out.push(Example { feats: fs, allowed, gold: labels });
        }
        out
    }
}

/// The labels each token of `[s, e)` may take for candidate `c`: never S
/// or C on the cue; with [`Parts::Ends`], the source and the content start
/// where the rules start them (no source when the rules have none).
fn allowed_labels(s: usize, e: usize, c: &Cand, parts: Parts) -> Vec<u8> {
    let all = 1 << O | 1 << S | 1 << C;
    let mut out = vec![all; e - s];
    for i in s..e {
        if (c.cue.0..c.cue.1).contains(&i) {
            out[i - s] = 1 << O;
        }
    }
    if matches!(parts, Parts::Ends | Parts::Shorten) {
        match c.source {
            Some((x, y)) => {
                for a in &mut out[..x - s] {
                    *a &= !(1 << S);
                }
                out[x - s] &= 1 << S;
                if parts == Parts::Shorten {
                    for a in &mut out[y - s..] {
                        *a &= !(1 << S);
                    }
                }
            }
            None => out.iter_mut().for_each(|a| *a &= !(1 << S)),
        }
        let x = c.content.0.max(s);
        for a in &mut out[..x - s] {
            *a &= !(1 << C);
        }
        if x < e {
            out[x - s] &= 1 << C;
        }
        if parts == Parts::Shorten {
            for a in &mut out[c.content.1.clamp(s, e) - s..] {
                *a &= !(1 << C);
            }
        }
    }
    out
}

/// Whether a label sequence is one contiguous S run at most and one C run.
fn fits(labels: &[u8]) -> bool {
    let runs =
        |l: u8| labels.windows(2).filter(|w| w[1] == l && w[0] != l).count() + usize::from(labels.first() == Some(&l));
    runs(S) <= 1 && runs(C) == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_keeps_one_source_and_one_content_off_the_cue() {
        // Emissions that favour S, C, S, C alternately: the decoder must
        // still give one run of each, and O on the forced cue token.
        let n = 6;
        let mut em = vec![0f32; n * LABELS];
        for k in 0..n {
            em[k * LABELS + if k % 2 == 0 { S } else { C } as usize] = 1.0;
        }
        let forced: Vec<u8> = (0..n).map(|k| if k == 2 { 1 } else { 7 }).collect();
        let mut out = Vec::new();
        assert!(decode(&em, &forced, &[0.0; 9], &mut out));
        assert_eq!(out[2], O);
        assert!(fits(&out), "{out:?}");
    }

    #[test]
    fn decoding_fails_without_room_for_content() {
        let mut out = Vec::new();
        assert!(!decode(&[0.0; 3], &[1], &[0.0; 9], &mut out));
    }

    /// A model trained on sentences written for the test: `marsad train
    /// claims` does the same on the gold files.
    fn written_model() -> BoundaryModel {
        let tokenizer = marsad_arabic::Tokenizer::new();
        let finder = ClaimFinder::new();
        let settings = TrainSettings { epochs: 3, ..TrainSettings::default() };
        let mut examples = Vec::new();
        for (text, source, cue, content) in [
            ("قال الوزير إن الحكومة ستخفض الضرائب.", "الوزير", "قال", "الحكومة ستخفض الضرائب"),
            ("وأكدت الشرطة، الأحد، أن الطريق مغلق.", "الشرطة", "وأكدت", "الطريق مغلق"),
        ] {
            let span = |p: &str| {
                let at = text.find(p).unwrap();
                Span::new(at, at + p.len())
            };
            let gold = [GoldClaim { cue: span(cue), source: Some(span(source)), content: span(content) }];
            examples.extend(finder.boundary_examples(text, &tokenizer.tokenize(text), &gold, &settings));
        }
        assert_eq!(examples.len(), 2);
        BoundaryModel::train(&examples, &settings, "test")
    }

    #[test]
    fn a_trained_model_reads_back_byte_for_byte_and_bounds_its_training_claims() {
        let m = written_model();
        assert!(m.meta().contains("epochs=3"), "{}", m.meta());
        let bytes = m.to_bytes();
        assert_eq!(BoundaryModel::from_bytes(&bytes).unwrap().to_bytes(), bytes);
        // Training is deterministic.
        assert_eq!(written_model().to_bytes(), bytes);
        let text = "قال الوزير إن الحكومة ستخفض الضرائب.";
        let tokens = marsad_arabic::Tokenizer::new().tokenize(text);
        let claims = ClaimFinder::new().find_with(Some(&m), text, &tokens, &[Span::new(0, text.len())], &[]);
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].source.as_ref().unwrap().text, "الوزير");
        assert_eq!(claims[0].content.text, "الحكومة ستخفض الضرائب");
    }

    #[test]
    fn corrupt_files_are_typed_errors() {
        let mut b = written_model().to_bytes();
        let k = b.len() / 2;
        b[k] ^= 0xff;
        assert!(matches!(BoundaryModel::from_bytes(&b).unwrap_err().kind(), ErrorKind::Model(_)));
        assert!(matches!(BoundaryModel::from_bytes(b"nonsense").unwrap_err().kind(), ErrorKind::Model(_)));
    }
}
