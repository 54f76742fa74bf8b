//! The clitic guard lexicon: words that begin with a proclitic letter
//! (و ف ب ك ل, or ال) which is not a proclitic (وزير، بيان، كبير، لبنان،
//! فريق، ألمانيا، إلغاء), so [`segment`](crate::clitics::segment) must not
//! split them.
//!
//! A hand-written list cannot cover the vocabulary of the news, so the guard
//! has two parts, both compiled in and loaded once:
//!
//! - `data/clitic_guard.txt`, written by hand: particles and pronouns that
//!   are better kept whole (الذي، لكن، بين) and common words;
//! - `data/clitic_guard_derived.txt`, derived from word counts over a news
//!   corpus by [`GuardTrainer`] (run by `marsad train lexicon`).
//!
//! The derivation asks, for each frequent word `w` that the rules would
//! split as `p + rest`, which reading the corpus supports:
//!
//! - `w` takes the article itself (الوزير، البيان، الالتزام): a conjunction,
//!   a preposition or an article never follows ال, so `w` is a word whose
//!   first letter belongs to it;
//! - `rest` hardly occurs on its own or with the article (زير، بير، بنان):
//!   then `w` cannot be explained as `p + rest`.
//!
//! Either makes `w` a guard word. For ال the evidence that `rest` is a word
//! is `rest` alone and `لل + rest` (the article's alef is elided only after
//! ل, so للجزائر supports ال + جزائر while لألمانيا supports ألمانيا).

use crate::clitics::{segment_with, Proclitics};
use crate::fxhash::FxHashMap;
use crate::tokenize::{TokenKind, Tokenizer, Tokens};
use crate::word_set::WordSet;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// First line of the derived file; the loader checks it.
pub const DERIVED_MAGIC: &str = "# marsad clitic guard lexicon v1";

static HAND: &str = include_str!("../data/clitic_guard.txt");
static DERIVED: &str = include_str!("../data/clitic_guard_derived.txt");

static GUARD: LazyLock<WordSet> = LazyLock::new(|| {
    // The derived file is compiled in, so a wrong header is a build mistake
    // that the unit test `derived_file_has_its_header` reports; here it only
    // means the derived words are not used.
    let derived = if DERIVED.starts_with(DERIVED_MAGIC) { DERIVED } else { "" };
    WordSet::from_words(lexicon_words(HAND).chain(lexicon_words(derived)))
});

/// The words of a lexicon file: one per line, `#` starts a comment line.
fn lexicon_words(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Whether `word` (normalized) is a guard word: its first letter is not a
/// proclitic. Spelling variants of the normalizer (ة/ه, hamza seats, alef
/// forms) do not matter.
#[inline]
pub fn is_guarded(word: &str) -> bool {
    GUARD.contains(word)
}

/// Number of distinct guard words (hand-written and derived).
pub fn guard_size() -> usize {
    GUARD.len()
}

/// Forces the lexicon to load (so the first document does not pay for it).
pub(crate) fn load() {
    let _ = &*GUARD;
}

/// Thresholds of the derivation.
#[derive(Clone, Debug, PartialEq)]
pub struct GuardParams {
    /// Words seen fewer times are not judged (their counts say little).
    pub min_count: u64,
    /// `w` is a word when it takes the article at least this often per
    /// occurrence of `w` ...
    pub article_ratio: f64,
    /// ... and at least this many times.
    pub article_min: u64,
    /// `w` is a word when `rest` (and its article forms) occur fewer than
    /// this many times per occurrence of `w`.
    pub rest_ratio: f64,
    /// Taking the article only makes `w` a word when the evidence for
    /// `clitic + rest` is at most this many times larger (و ف ب ك ل). The
    /// two readings are counted on different scales (a word takes the
    /// article in a fraction of its uses, a clitic attaches to a fraction
    /// of a word's uses), and a common homograph of `rest` (وأن، وحول)
    /// outweighs the article forms by far more than a true word does
    /// (واحد، فكرة, up to about 200).
    pub clitic_rest_factor: f64,
    /// The same for ال, where the evidence for the article is `rest` alone
    /// or after لل.
    pub article_rest_factor: f64,
    /// Words seen this many times are reached by the suffix rule
    /// (فريقها after فريق) even below `min_count`.
    pub inflection_min_count: u64,
}

impl Default for GuardParams {
    fn default() -> Self {
        GuardParams {
            min_count: 5,
            article_ratio: 0.02,
            article_min: 3,
            rest_ratio: 0.03,
            clitic_rest_factor: 300.0,
            article_rest_factor: 20.0,
            inflection_min_count: 2,
        }
    }
}

/// Why a word was judged a guard word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuardReason {
    /// The word takes the article (الوزير).
    TakesArticle,
    /// What would remain after the clitic is too rare to be the word (زير).
    RestTooRare,
    /// A guard word with a pronoun suffix (فريقه).
    Inflected,
}

/// One judged candidate: a frequent word that the rules would split.
#[derive(Clone, Debug, PartialEq)]
pub struct GuardCandidate {
    pub word: String,
    /// The clitic the rules would split off first.
    pub clitic: Proclitics,
    /// What would remain.
    pub rest: String,
    /// Occurrences of the word.
    pub count: u64,
    /// Occurrences supporting `clitic + rest` (`rest` as a word).
    pub split_evidence: u64,
    /// Occurrences supporting `word` as a word (with the article).
    pub word_evidence: u64,
    /// `Some` when the word is a guard word.
    pub guard: Option<GuardReason>,
}

/// The result of a derivation.
#[derive(Clone, Debug, Default)]
pub struct DerivedGuard {
    /// Every judged candidate, most frequent first.
    pub candidates: Vec<GuardCandidate>,
    pub texts: u64,
    pub tokens: u64,
}

impl DerivedGuard {
    /// The guard words, most frequent first.
    pub fn words(&self) -> impl Iterator<Item = &GuardCandidate> {
        self.candidates.iter().filter(|c| c.guard.is_some())
    }

    /// The lexicon file: [`DERIVED_MAGIC`], then `header` lines (each
    /// prefixed with `# `), then one word per line in a stable order.
    pub fn render(&self, header: &[String]) -> String {
        let mut words: Vec<&str> = self.words().map(|c| c.word.as_str()).collect();
        words.sort_unstable();
        let mut out = String::with_capacity(words.len() * 12 + 512);
        out.push_str(DERIVED_MAGIC);
        out.push('\n');
        for h in header {
            let _ = writeln!(out, "# {h}");
        }
        let _ = writeln!(
            out,
            "# {} texts, {} Arabic word tokens, {} words judged, {} guard words",
            self.texts,
            self.tokens,
            self.candidates.len(),
            words.len()
        );
        for w in words {
            out.push_str(w);
            out.push('\n');
        }
        out
    }

    /// Every candidate as tab-separated values with a header row, for
    /// auditing the decisions.
    pub fn report_tsv(&self) -> String {
        let mut out = String::from("word\tclitic\trest\tcount\tsplit_evidence\tword_evidence\tdecision\n");
        for c in &self.candidates {
            let decision = match c.guard {
                Some(GuardReason::TakesArticle) => "guard:takes-article",
                Some(GuardReason::RestTooRare) => "guard:rest-too-rare",
                Some(GuardReason::Inflected) => "guard:inflected",
                None => "split",
            };
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                c.word, c.clitic, c.rest, c.count, c.split_evidence, c.word_evidence, decision
            );
        }
        out
    }
}

/// Counts normalized Arabic words over texts, then derives the guard.
/// Counting is additive: train several in parallel and [`merge`](Self::merge).
#[derive(Clone, Debug)]
pub struct GuardTrainer {
    tokenizer: Tokenizer,
    tokens: Tokens,
    counts: FxHashMap<Box<str>, u64>,
    texts: u64,
    total: u64,
}

impl Default for GuardTrainer {
    fn default() -> Self {
        GuardTrainer::new()
    }
}

impl GuardTrainer {
    pub fn new() -> GuardTrainer {
        GuardTrainer {
            tokenizer: Tokenizer::builder().clitics(false).build(),
            tokens: Tokens::new(),
            counts: FxHashMap::default(),
            texts: 0,
            total: 0,
        }
    }

    /// Counts the Arabic words of one text.
    pub fn add_text(&mut self, text: &str) {
        self.tokenizer.tokenize_into(text, &mut self.tokens);
        for t in self.tokens.iter() {
            if t.kind != TokenKind::Word {
                continue;
            }
            let w = self.tokens.norm(t);
            self.total += 1;
            match self.counts.get_mut(w) {
                Some(n) => *n += 1,
                None => {
                    self.counts.insert(w.into(), 1);
                }
            }
        }
        self.texts += 1;
    }

    pub fn add_texts<S: AsRef<str>>(&mut self, texts: impl IntoIterator<Item = S>) {
        for t in texts {
            self.add_text(t.as_ref());
        }
    }

    /// Adds the counts of `other`.
    pub fn merge(&mut self, other: GuardTrainer) {
        for (w, n) in other.counts {
            *self.counts.entry(w).or_insert(0) += n;
        }
        self.texts += other.texts;
        self.total += other.total;
    }

    /// Number of distinct words counted.
    pub fn vocabulary(&self) -> usize {
        self.counts.len()
    }

    /// Judges every word seen at least `params.min_count` times that the
    /// segmentation rules alone would split, then extends the guard to the
    /// forms of guard words with a pronoun suffix (العابهم from العاب).
    pub fn derive(&self, params: &GuardParams) -> DerivedGuard {
        // Words that only look like they carry the article (إليها → اليها,
        // والديه) would pass for article forms of what follows (يها، ديه)
        // and make فيها or لديه look splittable. So the article counts
        // leave out the hand-written guard words, and are taken again
        // without the words the first pass found.
        let hand = WordSet::from_words(lexicon_words(HAND));
        let first = self.judge(params, &|w| hand.contains(w));
        let found: std::collections::HashSet<&str> =
            first.iter().filter(|c| c.guard.is_some()).map(|c| c.word.as_str()).collect();
        let mut candidates = self.judge(params, &|w| hand.contains(w) || found.contains(w));
        Self::extend_to_inflections(&mut candidates);
        // Rare words were only kept to be reached by the suffix rule.
        candidates.retain(|c| c.count >= params.min_count || c.guard.is_some());
        candidates.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
        DerivedGuard { candidates, texts: self.texts, tokens: self.total }
    }

    /// One pass of judgements; `not_article` words are left out of the
    /// article counts.
    fn judge(&self, params: &GuardParams, not_article: &dyn Fn(&str) -> bool) -> Vec<GuardCandidate> {
        let count = |w: &str| self.counts.get(w).copied().unwrap_or(0);
        // How often each string follows an explicit article: [و|ف][ب|ك]ال+X.
        let mut after_article: FxHashMap<&str, u64> = FxHashMap::default();
        for (w, &n) in &self.counts {
            if not_article(w) {
                continue;
            }
            let mut s: &str = w;
            s = s.strip_prefix('و').or_else(|| s.strip_prefix('ف')).unwrap_or(s);
            s = s.strip_prefix('ب').or_else(|| s.strip_prefix('ك')).unwrap_or(s);
            if let Some(x) = s.strip_prefix("ال") {
                if x.chars().count() >= 2 && !not_article(s) {
                    *after_article.entry(x).or_insert(0) += n;
                }
            }
        }
        let def = |w: &str| after_article.get(w).copied().unwrap_or(0);
        // A word as a word: alone or after the article.
        let attested = |w: &str| count(w) + def(w);

        let mut candidates = Vec::new();
        let mut buf = String::new();
        for (w, &n) in &self.counts {
            if n < params.inflection_min_count {
                continue;
            }
            let Some((clitic, rest)) = first_clitic(w) else {
                continue;
            };
            let (split_evidence, word_evidence) = if clitic == Proclitics::AL {
                // ل before the article elides its alef (للجزائر); before a
                // word that only looks like it has one, it does not
                // (لألمانيا → لالمانيا).
                buf.clear();
                buf.push_str("لل");
                buf.push_str(rest);
                let lam_article = count(&buf);
                buf.clear();
                buf.push('ل');
                buf.push_str(w);
                let lam_word = count(&buf);
                (count(rest) + lam_article, def(w) + lam_word)
            } else {
                let mut split = attested(rest);
                // The rest without a pronoun suffix (ونقلتهم: نقلت).
                if let Some(stem) = strip_pronoun(rest) {
                    split += attested(stem);
                    if let Some(t) = stem.strip_suffix('ت') {
                        buf.clear();
                        buf.push_str(t);
                        buf.push('ة');
                        split += attested(&buf);
                    }
                }
                // A preposition before the article (بالاضافة): the other
                // article forms of what follows.
                if let Some(x) = rest.strip_prefix("ال") {
                    if x.chars().count() >= 2 {
                        split += def(x).saturating_sub(n);
                    }
                }
                (split, def(w))
            };
            let k = if clitic == Proclitics::AL { params.article_rest_factor } else { params.clitic_rest_factor };
            let guard = if n < params.min_count {
                None
            } else if word_evidence >= params.article_min
                && word_evidence as f64 >= params.article_ratio * n as f64
                && split_evidence as f64 <= k * word_evidence as f64
            {
                Some(GuardReason::TakesArticle)
            } else if (split_evidence as f64) < params.rest_ratio * n as f64
                // After ال, an adjective or a name is often rare without the
                // article (المتحدة، القدس), so only a two-letter rest that
                // is not a word (اليه، القت) counts.
                && (clitic != Proclitics::AL || rest.chars().count() <= 2)
            {
                Some(GuardReason::RestTooRare)
            } else {
                None
            };
            candidates.push(GuardCandidate {
                word: w.to_string(),
                clitic,
                rest: rest.to_string(),
                count: n,
                split_evidence,
                word_evidence,
                guard,
            });
        }

        candidates
    }

    /// A pronoun suffix never changes whether the first letter is a clitic:
    /// فريقه and العابهم follow فريق and العاب.
    fn extend_to_inflections(candidates: &mut [GuardCandidate]) {
        let judged: std::collections::HashMap<String, bool> =
            candidates.iter().map(|c| (c.word.clone(), c.guard.is_some())).collect();
        let guarded = |w: &str| judged.get(w) == Some(&true);
        let mut buf = String::new();
        for c in candidates.iter_mut() {
            if c.guard.is_some() {
                continue;
            }
            let Some(stem) = strip_pronoun(&c.word) else {
                continue;
            };
            // A teh marbuta becomes ت before a suffix (وجهتها from وجهة),
            // unless the form with ت is a word of its own that was judged
            // (ومنعته is ومنعت + ه, not ومنعة + ه).
            let hit = guarded(stem)
                || !judged.contains_key(stem)
                    && stem.strip_suffix('ت').is_some_and(|t| {
                        buf.clear();
                        buf.push_str(t);
                        buf.push('ة');
                        guarded(&buf)
                    });
            if hit {
                c.guard = Some(GuardReason::Inflected);
            }
        }
    }
}

/// The clitic the segmentation rules alone split off first, and what
/// remains; `None` when they split nothing or split ل + ال (لل), which is
/// almost always the article.
fn first_clitic(w: &str) -> Option<(Proclitics, &str)> {
    let (p, _) = segment_with(w, |_| false);
    if p.is_empty() {
        return None;
    }
    if p.contains(Proclitics::WA) {
        Some((Proclitics::WA, &w[2..]))
    } else if p.contains(Proclitics::FA) {
        Some((Proclitics::FA, &w[2..]))
    } else if p.contains(Proclitics::LI) && p.contains(Proclitics::AL) && w.starts_with("لل") {
        None
    } else if p.contains(Proclitics::BI) {
        Some((Proclitics::BI, &w[2..]))
    } else if p.contains(Proclitics::KA) {
        Some((Proclitics::KA, &w[2..]))
    } else if p.contains(Proclitics::LI) {
        Some((Proclitics::LI, &w[2..]))
    } else {
        Some((Proclitics::AL, &w[4..]))
    }
}

/// Pronoun suffixes, longest first. ي and ك are left out: too many words
/// simply end with those letters (عربي، ملك).
const PRONOUNS: [&str; 8] = ["هما", "كما", "ها", "هم", "هن", "كم", "نا", "ه"];

/// `w` without a pronoun suffix, if it has one and at least three letters
/// remain (two would make لديه دي + ه).
fn strip_pronoun(w: &str) -> Option<&str> {
    PRONOUNS.iter().find_map(|p| w.strip_suffix(p).filter(|s| s.chars().count() >= 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_file_has_its_header() {
        assert!(DERIVED.starts_with(DERIVED_MAGIC), "data/clitic_guard_derived.txt must start with {DERIVED_MAGIC:?}");
        assert!(lexicon_words(DERIVED).count() > 100);
    }

    #[test]
    fn hand_and_derived_words_are_guarded() {
        for w in ["الذي", "لكن", "وزير", "لبنان", "فرنسا"] {
            assert!(is_guarded(w), "{w}");
        }
        for w in ["وقال", "بالعراق", "العراق", "والوزير"] {
            assert!(!is_guarded(w), "{w}");
        }
    }

    /// A corpus written for the test: وزير takes the article, بنان never
    /// occurs alone, قال occurs alone as often as with و, ل before ألمانيا
    /// keeps its alef while ل before الجزائر takes the article's place.
    #[test]
    fn derivation_judges_by_corpus_evidence() {
        let mut t = GuardTrainer::new();
        let text = "قال الوزير إن وزير الخارجية زار لبنان وقال إن لبنان بلد جميل. قال وزير آخر. \
                    سافر إلى ألمانيا ثم عاد لألمانيا، وزار الجزائر ثم عاد للجزائر.";
        for _ in 0..10 {
            t.add_text(text);
        }
        // Seen three times only: judged through the suffix rule alone.
        t.add_texts(["التقى وزيرها بالصحفيين"; 3]);
        let d = t.derive(&GuardParams::default());
        assert_eq!(d.texts, 13);
        let get = |w: &str| d.candidates.iter().find(|c| c.word == w).unwrap_or_else(|| panic!("{w} not judged"));
        let wazir = get("وزير");
        assert_eq!((wazir.clitic, wazir.rest.as_str()), (Proclitics::WA, "زير"));
        assert_eq!(wazir.word_evidence, 10);
        assert_eq!(wazir.guard, Some(GuardReason::TakesArticle));
        assert_eq!(get("وزيرها").guard, Some(GuardReason::Inflected));
        assert_eq!(get("لبنان").guard, Some(GuardReason::RestTooRare));
        let waqal = get("وقال");
        assert_eq!((waqal.split_evidence, waqal.guard), (20, None));
        // الوزير: وزير occurs alone, so the article is an article.
        assert_eq!(get("الوزير").guard, None);
        // After ال a rare rest is no evidence (adjectives and names are
        // rare without the article): only ل decides.
        assert_eq!(get("الخارجية").guard, None);
        assert_eq!(get("المانيا").guard, Some(GuardReason::TakesArticle));
        assert_eq!(get("الجزائر").guard, None);
        // Rare words that no rule reached are not reported.
        assert!(d.candidates.iter().all(|c| c.word != "بالصحفيين"));
        // Rendering is sorted and carries the header.
        let file = d.render(&["made by a test".to_string()]);
        assert!(file.starts_with(DERIVED_MAGIC));
        assert!(file.contains("\n# made by a test\n"));
        let words: Vec<&str> = lexicon_words(&file).collect();
        assert_eq!(words, ["المانيا", "لبنان", "وزير", "وزيرها"]);
    }

    #[test]
    fn merge_adds_counts() {
        let mut a = GuardTrainer::new();
        a.add_text("وزير وزير");
        let mut b = GuardTrainer::new();
        b.add_texts(["وزير", "كتاب"]);
        a.merge(b);
        assert_eq!(a.counts.get("وزير"), Some(&3));
        assert_eq!((a.texts, a.total, a.vocabulary()), (3, 4, 2));
    }
}
