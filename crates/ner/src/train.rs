//! Training: gold sentences → token examples → an averaged structured
//! perceptron or a linear-chain CRF (SGD with an L1 penalty) → a [`Model`].
//!
//! Both learners produce the same kind of model (one weight per feature
//! bucket and tag, plus tag transitions) decoded by the same Viterbi, so
//! they can be compared on equal terms: only how the weights are found
//! differs.

use crate::conll::Sentence;
use crate::error::{Error, Result};
use crate::eval::Evaluation;
use crate::features::{DocMemory, FeatureSpace, Scratch};
use crate::label::Tag;
use crate::model::{Model, FORBIDDEN};
use crate::tagger::{viterbi, TagBuffer, Tagger};
use marsad_arabic::{Tokenizer, Tokens};
use std::time::{Duration, Instant};

/// The learning algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// Averaged structured perceptron (Collins 2002).
    Perceptron,
    /// Linear-chain CRF trained by SGD with the cumulative L1 penalty of
    /// Tsuruoka, Tsujii & Ananiadou (2009), which keeps the model sparse.
    Crf,
}

impl std::str::FromStr for Algorithm {
    type Err = String;
    fn from_str(s: &str) -> Result<Algorithm, String> {
        match s {
            "perceptron" => Ok(Algorithm::Perceptron),
            "crf" => Ok(Algorithm::Crf),
            _ => Err(format!("unknown algorithm {s:?} (perceptron or crf)")),
        }
    }
}

/// Training options.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub algorithm: Algorithm,
    /// Passes over the data (15 suit the perceptron, 13 the CRF).
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// CRF: L1 strength (per training set, as in Tsuruoka et al.).
    pub l1: f64,
    /// CRF: initial learning rate, decayed by `decay` per epoch.
    pub eta: f64,
    pub decay: f64,
    /// 1, or 2 for a second pass with document features.
    pub stages: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        // Epochs and learning rate chosen by 3-fold cross-validation on
        // ANERcorp's training part (dev held out): the pooled F1 is flat
        // (74.5-75.1) from epoch 4 to 20 and for L1 0.1-1.0; 13 epochs at
        // rate 0.05 scored highest (models/README.md).
        TrainOptions { algorithm: Algorithm::Crf, epochs: 13, seed: 7, l1: 0.3, eta: 0.05, decay: 0.85, stages: 1 }
    }
}

/// A gold sentence as the tagger sees it: marsad tokens with their
/// features, the gold tags projected onto tokens, and the way back to words.
#[derive(Clone, Debug)]
pub struct Example {
    feats: Vec<u32>,
    offsets: Vec<u32>,
    gold: Vec<Tag>,
    /// Gazetteer keys of the tokens (for document features).
    keys: Vec<u64>,
    /// Per word: its first token, or `u32::MAX` when it has none.
    first_token: Vec<u32>,
    word_tags: Vec<Tag>,
}

impl Example {
    /// Tokenizes a gold sentence as running text (its words joined by
    /// spaces) so that training sees exactly what tagging will see. A word
    /// the tokenizer splits (`2006-2007`) gives its tag to its first token
    /// and `I-` to the rest.
    pub fn new(space: &FeatureSpace, tokenizer: &Tokenizer, s: &Sentence, buf: &mut ExampleBuffer) -> Example {
        let (first_token, word_of) = tokenize_words(tokenizer, &s.words, &mut buf.text, &mut buf.tokens);
        let tokens = &buf.tokens;
        let mut gold: Vec<Tag> = (0..tokens.len())
            .map(|t| {
                let w = word_of[t] as usize;
                let tag = s.tags[w];
                match tag.label() {
                    Some(l) if first_token[w] as usize != t => Tag::inside(l),
                    _ => tag,
                }
            })
            .collect();
        // A stray I-X (after O or another type) begins an entity, as
        // conlleval reads it; the decoder only produces well-formed BIO.
        for t in 0..gold.len() {
            let prev = if t == 0 { None } else { Some(gold[t - 1]) };
            if gold[t].is_inside() && !prev.is_some_and(|p| p.may_precede(gold[t])) {
                gold[t] = Tag::begin(gold[t].label().expect("inside tags have a label"));
            }
        }
        space.prepare(tokens, 0..tokens.len(), &mut buf.scratch);
        let mut feats = Vec::with_capacity(tokens.len() * 48);
        let mut offsets = Vec::with_capacity(tokens.len() + 1);
        offsets.push(0);
        for i in 0..tokens.len() {
            space.features(&buf.scratch.info, i, &mut feats);
            offsets.push(feats.len() as u32);
        }
        let keys = buf.scratch.keys.clone();
        Example { feats, offsets, gold, keys, first_token, word_tags: s.tags.clone() }
    }

    pub fn tokens(&self) -> usize {
        self.gold.len()
    }

    fn features(&self, i: usize) -> &[u32] {
        &self.feats[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Word tags from token tags: each word takes its first token's tag.
    pub fn word_tags(&self, token_tags: &[Tag]) -> Vec<Tag> {
        self.first_token.iter().map(|&t| if t == u32::MAX { Tag::O } else { token_tags[t as usize] }).collect()
    }

    /// The gold tags of the words.
    pub fn gold_word_tags(&self) -> &[Tag] {
        &self.word_tags
    }
}

/// Reusable buffers for building examples.
#[derive(Default)]
pub struct ExampleBuffer {
    text: String,
    tokens: Tokens,
    scratch: Scratch,
}

/// Joins words with spaces into `text`, tokenizes into `tokens`, and maps
/// tokens to words. Returns (first token of each word, word of each token).
pub(crate) fn tokenize_words(
    tokenizer: &Tokenizer,
    words: &[String],
    text: &mut String,
    tokens: &mut Tokens,
) -> (Vec<u32>, Vec<u32>) {
    text.clear();
    let mut starts = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        starts.push(text.len());
        text.push_str(w);
    }
    tokenizer.tokenize_into(text, tokens);
    let mut first = vec![u32::MAX; words.len()];
    let mut word_of = Vec::with_capacity(tokens.len());
    let mut w = 0;
    for (t, tok) in tokens.iter().enumerate() {
        while w + 1 < starts.len() && starts[w + 1] <= tok.span.start {
            w += 1;
        }
        if first[w] == u32::MAX {
            first[w] = t as u32;
        }
        word_of.push(w as u32);
    }
    (first, word_of)
}

/// Builds examples for many sentences.
pub fn examples(space: &FeatureSpace, sentences: &[Sentence]) -> Vec<Example> {
    let tokenizer = Tokenizer::new();
    let mut buf = ExampleBuffer::default();
    sentences.iter().map(|s| Example::new(space, &tokenizer, s, &mut buf)).collect()
}

/// Sentences per pseudo-document when training and scoring on CoNLL data,
/// which has no document boundaries: about the length of an ANERcorp
/// article (316 articles, ~4,000 sentences).
pub const DOC_BLOCK: usize = 12;

/// First-pass tags of examples with stage 0 of `tagger`'s model.
fn first_pass(tagger: &Tagger, examples: &[Example]) -> Vec<Vec<Tag>> {
    let mut buf = TagBuffer::new();
    examples.iter().map(|ex| tagger.decode_features(0, &ex.feats, &ex.offsets, &mut buf)).collect()
}

/// Examples with document features appended, from first-pass tags, over
/// blocks of [`DOC_BLOCK`] sentences.
fn augment(space: &FeatureSpace, examples: &[Example], first: &[Vec<Tag>]) -> Vec<Example> {
    let mut mem = DocMemory::default();
    let mut out = Vec::with_capacity(examples.len());
    for (block, tags) in examples.chunks(DOC_BLOCK).zip(first.chunks(DOC_BLOCK)) {
        mem.clear();
        for (ex, t) in block.iter().zip(tags) {
            mem.add(&ex.keys, t);
        }
        for (ex, t) in block.iter().zip(tags) {
            let mut feats = Vec::with_capacity(ex.feats.len() + 8 * ex.tokens());
            let mut offsets = Vec::with_capacity(ex.offsets.len());
            offsets.push(0);
            for i in 0..ex.tokens() {
                feats.extend_from_slice(ex.features(i));
                space.doc_features(&mem, &ex.keys, t, i, &mut feats);
                offsets.push(feats.len() as u32);
            }
            out.push(Example { feats, offsets, ..ex.clone() });
        }
    }
    out
}

/// Scores a model on examples (consecutive sentences, grouped in blocks of
/// [`DOC_BLOCK`] for document features), at the word level as the gold
/// file is. Returns the evaluation and each sentence's word tags.
pub fn evaluate(tagger: &Tagger, examples: &[Example]) -> (Evaluation, Vec<Vec<Tag>>) {
    let mut buf = TagBuffer::new();
    let (exs, stage) = if tagger.model().stages() == 1 {
        (std::borrow::Cow::Borrowed(examples), 0)
    } else {
        let first = first_pass(tagger, examples);
        (std::borrow::Cow::Owned(augment(tagger.model().space(), examples, &first)), 1)
    };
    let mut ev = Evaluation::new();
    let mut all = Vec::with_capacity(examples.len());
    for ex in exs.iter() {
        let tags = tagger.decode_features(stage, &ex.feats, &ex.offsets, &mut buf);
        let words = ex.word_tags(&tags);
        ev.add(&ex.word_tags, &words);
        all.push(words);
    }
    (ev, all)
}

/// Trains a model of `opts.stages` stages. With two, the first stage is
/// trained on all the data, and the second on document features computed
/// from first-pass tags that the first stage produced without having seen
/// the sentences (5-fold jackknifing), so that the second stage learns how
/// far to trust first-pass tags as they will be on new text.
pub fn train_model(
    space: FeatureSpace,
    train_x: &[Example],
    dev_x: &[Example],
    opts: &TrainOptions,
    meta: impl Fn(&TrainOptions) -> String,
    progress: &mut dyn FnMut(&EpochReport),
) -> Result<Model> {
    let first = train(space.clone(), train_x, dev_x, opts, &meta, progress)?;
    if opts.stages < 2 {
        return Ok(first);
    }
    use rayon::prelude::*;
    const FOLDS: usize = 5;
    let n = train_x.len();
    let folds: Vec<Vec<Vec<Tag>>> = (0..FOLDS)
        .into_par_iter()
        .map(|k| {
            let (a, b) = (k * n / FOLDS, (k + 1) * n / FOLDS);
            let rest: Vec<Example> = train_x[..a].iter().chain(&train_x[b..]).cloned().collect();
            let m = train(space.clone(), &rest, &[], opts, |_| String::new(), &mut |_| {})?;
            Ok(first_pass(&Tagger::new(m), &train_x[a..b]))
        })
        .collect::<Result<_>>()?;
    let first_train: Vec<Vec<Tag>> = folds.into_iter().flatten().collect();
    let first_tagger = Tagger::new(first);
    let first_dev = first_pass(&first_tagger, dev_x);
    let aug_train = augment(&space, train_x, &first_train);
    let aug_dev = augment(&space, dev_x, &first_dev);
    let second = train(space.clone(), &aug_train, &aug_dev, opts, &meta, progress)?;
    let mut model = first_tagger.into_model();
    model.stages.extend(second.stages);
    model.id = crate::model::next_id();
    model.meta = meta(opts);
    Ok(model)
}

/// What happened in one epoch.
#[derive(Debug)]
pub struct EpochReport {
    pub epoch: usize,
    pub epochs: usize,
    /// Perceptron: sentences decoded wrongly; CRF: negative log-likelihood.
    pub loss: f64,
    pub dev: Option<Evaluation>,
    pub elapsed: Duration,
}

/// Trains one stage. `progress` is called after every epoch (with the dev
/// evaluation when `dev` is not empty).
fn train(
    space: FeatureSpace,
    train_x: &[Example],
    dev: &[Example],
    opts: &TrainOptions,
    meta: impl Fn(&TrainOptions) -> String,
    progress: &mut dyn FnMut(&EpochReport),
) -> Result<Model> {
    let train = train_x;
    if train.is_empty() {
        return Err(Error::training("no training sentences"));
    }
    if opts.epochs == 0 {
        return Err(Error::training("epochs must be at least 1"));
    }
    let rows = space.rows();
    let mut learner: Box<dyn Learner> = match opts.algorithm {
        Algorithm::Perceptron => Box::new(Perceptron::new(rows)),
        Algorithm::Crf => Box::new(Crf::new(rows, opts, train.len())),
    };
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = SplitMix(opts.seed);
    let started = Instant::now();
    let mut model = None;
    for epoch in 1..=opts.epochs {
        shuffle(&mut order, &mut rng);
        let mut loss = 0.0;
        for &i in &order {
            loss += learner.step(&train[i]);
        }
        learner.end_epoch();
        let (w, t) = learner.weights();
        let tagger = Tagger::new(Model::quantize(space.clone(), &w, &t, meta(opts)));
        let dev_eval = if dev.is_empty() { None } else { Some(evaluate(&tagger, dev).0) };
        progress(&EpochReport { epoch, epochs: opts.epochs, loss, dev: dev_eval, elapsed: started.elapsed() });
        model = Some(tagger.into_model());
    }
    Ok(model.expect("at least one epoch"))
}

/// K-fold cross-validation over contiguous blocks of `examples` (neighbouring
/// sentences come from the same article, so blocks keep an article's
/// repeated names on one side). Folds are trained in parallel; returns the
/// pooled evaluation and each fold's.
pub fn cross_validate(
    space: &FeatureSpace,
    examples: &[Example],
    folds: usize,
    opts: &TrainOptions,
) -> Result<(Evaluation, Vec<Evaluation>)> {
    use rayon::prelude::*;
    if folds < 2 || folds > examples.len() {
        return Err(Error::training(format!("cannot make {folds} folds of {} sentences", examples.len())));
    }
    let n = examples.len();
    let per_fold: Vec<Evaluation> = (0..folds)
        .into_par_iter()
        .map(|k| {
            let (a, b) = (k * n / folds, (k + 1) * n / folds);
            let train_x: Vec<Example> = examples[..a].iter().chain(&examples[b..]).cloned().collect();
            let model = train_model(space.clone(), &train_x, &[], opts, |_| String::new(), &mut |_| {})?;
            Ok(evaluate(&Tagger::new(model), &examples[a..b]).0)
        })
        .collect::<Result<_>>()?;
    let mut pooled = Evaluation::new();
    for e in &per_fold {
        pooled.merge(e);
    }
    Ok((pooled, per_fold))
}

/// K-fold cross-validation that scores the held-out fold after every epoch
/// of every stage, so that one run gives the whole learning curve: item `e`
/// of the result is the pooled evaluation after epoch `e + 1` of stage 1,
/// and for two stages item `epochs + e` the same for stage 2 (whose first
/// stage has run all `opts.epochs`). Choosing the number of epochs on this
/// curve keeps the dev part out of the choice. The CRF's learning rate
/// depends only on the epoch reached, so epoch `e` of a long run is the
/// model a run of `e` epochs would give.
pub fn cross_validate_by_epoch(
    space: &FeatureSpace,
    examples: &[Example],
    folds: usize,
    opts: &TrainOptions,
) -> Result<Vec<Evaluation>> {
    use rayon::prelude::*;
    if folds < 2 || folds > examples.len() {
        return Err(Error::training(format!("cannot make {folds} folds of {} sentences", examples.len())));
    }
    let n = examples.len();
    let per_fold: Vec<Vec<Evaluation>> = (0..folds)
        .into_par_iter()
        .map(|k| {
            let (a, b) = (k * n / folds, (k + 1) * n / folds);
            let train_x: Vec<Example> = examples[..a].iter().chain(&examples[b..]).cloned().collect();
            let mut curve = Vec::with_capacity(opts.epochs * opts.stages.max(1));
            let mut progress = |r: &EpochReport| curve.extend(r.dev.clone());
            train_model(space.clone(), &train_x, &examples[a..b], opts, |_| String::new(), &mut progress)?;
            Ok(curve)
        })
        .collect::<Result<_>>()?;
    let len = per_fold.iter().map(Vec::len).min().unwrap_or(0);
    Ok((0..len)
        .map(|e| {
            let mut pooled = Evaluation::new();
            for f in &per_fold {
                pooled.merge(&f[e]);
            }
            pooled
        })
        .collect())
}

/// A learner updates weights one example at a time.
trait Learner {
    /// Learns from one example; returns its contribution to the loss.
    fn step(&mut self, ex: &Example) -> f64;
    fn end_epoch(&mut self) {}
    /// The weights to use (rows x Tag::COUNT, and transitions).
    fn weights(&self) -> (Vec<f32>, Vec<f32>);
}

const N: usize = Tag::COUNT;
const TRANS: usize = (N + 1) * N;

fn allowed(from: usize, to: usize) -> bool {
    let to = Tag::from_index(to).expect("tag index");
    if from == N {
        to.may_start()
    } else {
        Tag::from_index(from).is_some_and(|f| f.may_precede(to))
    }
}

/// The averaged perceptron, with the usual trick for averaging without
/// touching every weight at every step: `avg = w − u / c`, where `u`
/// accumulates each update times the step at which it happened.
struct Perceptron {
    w: Vec<i32>,
    u: Vec<i64>,
    tw: Vec<i32>,
    tu: Vec<i64>,
    c: i64,
    emit: Vec<[i32; N]>,
    back: Vec<[u8; N]>,
    pred: Vec<Tag>,
    trans: Vec<[i32; N]>,
}

impl Perceptron {
    fn new(rows: usize) -> Perceptron {
        Perceptron {
            w: vec![0; rows * N],
            u: vec![0; rows * N],
            tw: vec![0; TRANS],
            tu: vec![0; TRANS],
            c: 1,
            emit: Vec::new(),
            back: Vec::new(),
            pred: Vec::new(),
            trans: vec![[0; N]; N + 1],
        }
    }

    fn bump(w: &mut [i32], u: &mut [i64], i: usize, d: i32, c: i64) {
        w[i] += d;
        u[i] += c * d as i64;
    }
}

impl Learner for Perceptron {
    fn step(&mut self, ex: &Example) -> f64 {
        let n = ex.tokens();
        if n == 0 {
            return 0.0;
        }
        for from in 0..=N {
            for to in 0..N {
                self.trans[from][to] = if allowed(from, to) { self.tw[from * N + to] } else { FORBIDDEN };
            }
        }
        self.emit.clear();
        for i in 0..n {
            let mut e = [0i32; N];
            for &f in ex.features(i) {
                let row = &self.w[f as usize * N..f as usize * N + N];
                for t in 0..N {
                    e[t] += row[t];
                }
            }
            self.emit.push(e);
        }
        viterbi(&self.trans, &self.emit, &mut self.back, &mut self.pred);
        let mut wrong = false;
        let c = self.c;
        for i in 0..n {
            let (g, p) = (ex.gold[i].index(), self.pred[i].index());
            if g != p {
                wrong = true;
                for &f in ex.features(i) {
                    let f = f as usize * N;
                    Perceptron::bump(&mut self.w, &mut self.u, f + g, 1, c);
                    Perceptron::bump(&mut self.w, &mut self.u, f + p, -1, c);
                }
            }
            let (gp, pp) = if i == 0 { (N, N) } else { (ex.gold[i - 1].index(), self.pred[i - 1].index()) };
            if (gp, g) != (pp, p) {
                Perceptron::bump(&mut self.tw, &mut self.tu, gp * N + g, 1, c);
                Perceptron::bump(&mut self.tw, &mut self.tu, pp * N + p, -1, c);
            }
        }
        self.c += 1;
        wrong as u8 as f64
    }

    fn weights(&self) -> (Vec<f32>, Vec<f32>) {
        let c = self.c as f64;
        let avg = |w: &[i32], u: &[i64]| -> Vec<f32> {
            w.iter().zip(u).map(|(&w, &u)| (w as f64 - u as f64 / c) as f32).collect()
        };
        (avg(&self.w, &self.u), avg(&self.tw, &self.tu))
    }
}

/// The CRF learner: stochastic gradient ascent on the log-likelihood, one
/// sentence at a time, with marginals from forward–backward, and the
/// cumulative L1 penalty (weights are clipped at zero rather than pushed
/// across it, so most stay exactly zero).
struct Crf {
    w: Vec<f32>,
    q: Vec<f32>,
    tw: Vec<f64>,
    eta: f64,
    decay: f64,
    /// Penalty per example: C / N.
    c_per: f64,
    /// Total penalty any weight could have received so far.
    u: f64,
    alpha: Vec<[f64; N]>,
    beta: Vec<[f64; N]>,
    emit: Vec<[f64; N]>,
}

impl Crf {
    fn new(rows: usize, opts: &TrainOptions, n_examples: usize) -> Crf {
        Crf {
            w: vec![0.0; rows * N],
            q: vec![0.0; rows * N],
            tw: vec![0.0; TRANS],
            eta: opts.eta,
            decay: opts.decay,
            c_per: opts.l1 / n_examples as f64,
            u: 0.0,
            alpha: Vec::new(),
            beta: Vec::new(),
            emit: Vec::new(),
        }
    }

    fn penalize(&mut self, i: usize) {
        let z = self.w[i];
        let q = self.q[i] as f64;
        if z > 0.0 {
            self.w[i] = (z as f64 - (self.u + q)).max(0.0) as f32;
        } else if z < 0.0 {
            self.w[i] = (z as f64 + (self.u - q)).min(0.0) as f32;
        }
        self.q[i] += self.w[i] - z;
    }
}

fn log_sum_exp(v: &[f64; N]) -> f64 {
    let m = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + v.iter().map(|x| (x - m).exp()).sum::<f64>().ln()
}

impl Learner for Crf {
    fn step(&mut self, ex: &Example) -> f64 {
        let n = ex.tokens();
        if n == 0 {
            return 0.0;
        }
        let tr =
            |from: usize, to: usize, tw: &[f64]| if allowed(from, to) { tw[from * N + to] } else { f64::NEG_INFINITY };
        self.emit.clear();
        for i in 0..n {
            let mut e = [0f64; N];
            for &f in ex.features(i) {
                let row = &self.w[f as usize * N..f as usize * N + N];
                for t in 0..N {
                    e[t] += row[t] as f64;
                }
            }
            self.emit.push(e);
        }
        // Forward.
        self.alpha.clear();
        let mut a0 = [0f64; N];
        for t in 0..N {
            a0[t] = tr(N, t, &self.tw) + self.emit[0][t];
        }
        self.alpha.push(a0);
        for i in 1..n {
            let mut a = [0f64; N];
            for to in 0..N {
                let mut v = [0f64; N];
                for from in 0..N {
                    v[from] = self.alpha[i - 1][from] + tr(from, to, &self.tw);
                }
                a[to] = log_sum_exp(&v) + self.emit[i][to];
            }
            self.alpha.push(a);
        }
        let log_z = log_sum_exp(&self.alpha[n - 1]);
        // Backward.
        self.beta.clear();
        self.beta.resize(n, [0.0; N]);
        for i in (0..n - 1).rev() {
            for from in 0..N {
                let mut v = [0f64; N];
                for to in 0..N {
                    v[to] = tr(from, to, &self.tw) + self.emit[i + 1][to] + self.beta[i + 1][to];
                }
                self.beta[i][from] = log_sum_exp(&v);
            }
        }
        // Gold score, for the loss.
        let mut gold_score = 0.0;
        for i in 0..n {
            let g = ex.gold[i].index();
            let from = if i == 0 { N } else { ex.gold[i - 1].index() };
            gold_score += tr(from, g, &self.tw) + self.emit[i][g];
        }
        let eta = self.eta;
        self.u += eta * self.c_per;
        // Emission gradients.
        for i in 0..n {
            let g = ex.gold[i].index();
            let mut grad = [0f64; N];
            for t in 0..N {
                let p = (self.alpha[i][t] + self.beta[i][t] - log_z).exp();
                grad[t] = (if t == g { 1.0 } else { 0.0 }) - p;
            }
            for &f in ex.features(i) {
                let base = f as usize * N;
                for t in 0..N {
                    if grad[t].abs() > 1e-6 {
                        self.w[base + t] += (eta * grad[t]) as f32;
                        self.penalize(base + t);
                    }
                }
            }
        }
        // Transition gradients (not penalized: there are few of them),
        // all computed before any is applied.
        let mut tgrad = [0f64; TRANS];
        for i in 0..n {
            let g = ex.gold[i].index();
            if i == 0 {
                for t in 0..N {
                    let p = (self.alpha[0][t] + self.beta[0][t] - log_z).exp();
                    tgrad[N * N + t] += (if t == g { 1.0 } else { 0.0 }) - p;
                }
                continue;
            }
            let gp = ex.gold[i - 1].index();
            for from in 0..N {
                for to in 0..N {
                    if !allowed(from, to) {
                        continue;
                    }
                    let p = (self.alpha[i - 1][from] + tr(from, to, &self.tw) + self.emit[i][to] + self.beta[i][to]
                        - log_z)
                        .exp();
                    let obs = if (from, to) == (gp, g) { 1.0 } else { 0.0 };
                    tgrad[from * N + to] += obs - p;
                }
            }
        }
        for (w, g) in self.tw.iter_mut().zip(tgrad) {
            *w += eta * g;
        }
        log_z - gold_score
    }

    fn end_epoch(&mut self) {
        self.eta *= self.decay;
    }

    fn weights(&self) -> (Vec<f32>, Vec<f32>) {
        (self.w.clone(), self.tw.iter().map(|&v| v as f32).collect())
    }
}

/// A small deterministic generator for shuffling (SplitMix64).
pub(crate) struct SplitMix(pub u64);

impl SplitMix {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        crate::hash::mix(self.0)
    }

    /// A uniform float in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn shuffle(v: &mut [usize], rng: &mut SplitMix) {
    for i in (1..v.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}
