//! The cleaner's lexicons: Arabic page furniture, metadata cues, function
//! words, section names, cities and agencies. Each is a text file under
//! `crates/engine/data/` (see its README for where the entries come from),
//! compiled in and parsed once behind a [`LazyLock`].
//!
//! Entries are folded exactly as lines are ([`fold_words`]: the search fold
//! of the Arabic text layer, then elongated letters collapsed), so that one
//! spelling in the file meets every spelling on a page: اقرأ أيضاً, إقرأ
//! ايضا and اقرا أيضًا are the same two words here.

use super::cue::{Cue, Place};
use marsad_arabic::{Normalizer, TokenKind, Tokenizer};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// A multiply-rotate hasher over 8 bytes at a time (the scheme of rustc's
/// FxHash): lexicon keys are short words looked up once per word of every
/// page, for which SipHash's setup cost dominates. The keys come from our
/// own files and from page text, which cannot choose collisions to any
/// useful effect.
#[derive(Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fnv {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fnv {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ ((rest.len() as u64) << 56));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64 | 0x100);
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

/// The tokenizer every line and every lexicon entry goes through: the search
/// fold (alef and hamza forms, teh marbuta, alef maqsura, harakat, tatweel,
/// digits, Latin case) with proclitic segmentation.
pub(crate) fn tokenizer() -> Tokenizer {
    Tokenizer::builder().normalizer(Normalizer::search()).build()
}

/// Collapses a letter written three or more times in a row ("عااااجل") to
/// one, appending to `out`; returns true if anything was collapsed.
pub(crate) fn push_collapsed(word: &str, out: &mut String) -> bool {
    // Almost no word is elongated: look before copying char by char.
    if !has_run_of_three(word) {
        out.push_str(word);
        return false;
    }
    let mut prev = '\0';
    let mut run = 0;
    let mut collapsed = false;
    let start = out.len();
    for c in word.chars() {
        if c == prev {
            run += 1;
        } else {
            run = 1;
            prev = c;
        }
        if run <= 2 {
            out.push(c);
        } else {
            collapsed = true;
        }
    }
    if collapsed {
        // A letter doubled by elongation ("عااجل") is not a spelling either:
        // rewrite the collapsed word with every run of 2+ made one.
        let w: String = out[start..].to_string();
        out.truncate(start);
        let mut prev = '\0';
        for c in w.chars() {
            if c != prev {
                out.push(c);
            }
            prev = c;
        }
    }
    collapsed
}

fn has_run_of_three(word: &str) -> bool {
    let mut it = word.chars();
    let (Some(mut a), Some(mut b)) = (it.next(), it.next()) else { return false };
    for c in it {
        if a == b && b == c {
            return true;
        }
        a = b;
        b = c;
    }
    false
}

/// The folded words of `text` (letters, digits and Latin words; punctuation
/// dropped), as the cleaner compares them.
pub(crate) fn fold_words(text: &str) -> Vec<String> {
    let tk = tokenizer();
    let toks = tk.tokenize(text);
    toks.iter()
        .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Latin | TokenKind::Number))
        .map(|t| {
            let mut s = String::new();
            push_collapsed(toks.norm(t), &mut s);
            s
        })
        .collect()
}

/// Multi-word phrases looked up by their first word; the longest match wins.
#[derive(Debug, Default)]
pub(crate) struct PhraseSet<V> {
    by_first: FastMap<String, Vec<(Box<[String]>, V)>>,
}

impl<V: Copy> PhraseSet<V> {
    pub(crate) fn insert(&mut self, words: Vec<String>, v: V) {
        if let Some(first) = words.first().cloned() {
            let list = self.by_first.entry(first).or_default();
            list.push((words.into_boxed_slice(), v));
            // Longest first, so the first full match is the longest.
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
    }

    /// The longest phrase starting at word `i` of `words` (read through
    /// `word`), with its length in words.
    pub(crate) fn longest_at<'a>(&self, n: usize, word: impl Fn(usize) -> &'a str, i: usize) -> Option<(usize, V)> {
        let list = self.by_first.get(word(i))?;
        list.iter()
            .find(|(w, _)| i + w.len() <= n && w.iter().enumerate().all(|(k, x)| word(i + k) == x))
            .map(|(w, v)| (w.len(), *v))
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }
}

/// What the lexicons say of one folded word, looked up once per word of a
/// page (see [`Lexicons::word`]).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct WordInfo {
    /// [`FUNCTION`], [`SECTION`], [`CITY`], [`AGENCY`], [`DATE`].
    pub flags: u8,
    /// Index into [`Lexicons::cue_lists`] of the cues that begin with this
    /// word, or [`NO_CUES`].
    pub cues: u32,
}

/// A function word.
pub(crate) const FUNCTION: u8 = 1;
/// A word of menu section names.
pub(crate) const SECTION: u8 = 2;
/// The first word of a city's name.
pub(crate) const CITY: u8 = 4;
/// The first word of an agency's name.
pub(crate) const AGENCY: u8 = 8;
/// A month or weekday name, or another word of date lines.
pub(crate) const DATE: u8 = 16;
/// No cue begins with the word.
pub(crate) const NO_CUES: u32 = u32::MAX;

/// Every lexicon of the cleaner.
pub(crate) struct Lexicons {
    /// Every word any lexicon knows, with what they know of it.
    pub words: FastMap<Box<str>, WordInfo>,
    /// Cues by first word: indices into `cues`, longest cue first.
    pub cue_lists: Vec<Vec<usize>>,
    pub cues: Vec<Cue>,
    pub function_words: FastSet<String>,
    pub section_words: FastSet<String>,
    pub cities: PhraseSet<()>,
    pub agencies: PhraseSet<()>,
    pub date_words: FastMap<String, DateWord>,
}

/// What a word of a date line may be besides the date itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateWord {
    /// A time or calendar marker (ص، م، GMT، هـ).
    Time,
    /// A relative-time word (قبل، منذ، دقيقة).
    Relative,
    /// An English month name, 1-12.
    Month(u8),
    /// An English weekday name.
    Weekday,
}

pub(crate) static LEXICONS: LazyLock<Lexicons> = LazyLock::new(load);

impl Lexicons {
    /// What the lexicons know of folded word `w`.
    #[inline]
    pub(crate) fn word(&self, w: &str) -> WordInfo {
        self.words.get(w).copied().unwrap_or(WordInfo { flags: 0, cues: NO_CUES })
    }

    /// A word's cue index as a [`WordInfo`] for [`Lexicons::cues_of`].
    #[inline]
    pub(crate) fn word_cues(&self, cues: u32) -> WordInfo {
        WordInfo { flags: 0, cues }
    }

    /// The cues that begin with a word of info `info`, longest first.
    #[inline]
    pub(crate) fn cues_of(&self, info: WordInfo) -> &[usize] {
        if info.cues == NO_CUES {
            &[]
        } else {
            &self.cue_lists[info.cues as usize]
        }
    }
}

fn entries(file: &'static str) -> impl Iterator<Item = &'static str> {
    file.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn word_set(file: &'static str) -> FastSet<String> {
    entries(file).flat_map(fold_words).collect()
}

fn phrase_set(file: &'static str) -> PhraseSet<()> {
    let mut set = PhraseSet::default();
    for e in entries(file) {
        set.insert(fold_words(e), ());
    }
    set
}

fn load() -> Lexicons {
    let mut cues = Vec::new();
    for line in entries(include_str!("../../data/line_cues.tsv")) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [reason, place, max, phrase] = cols[..] else { continue };
        let (Some(reason), Some(place), Ok(max_words)) =
            (super::cue::CueReason::parse(reason), Place::parse(place), max.parse::<u16>())
        else {
            continue;
        };
        let words = fold_words(phrase);
        if words.is_empty() {
            continue;
        }
        cues.push(Cue { reason, place, max_words, words: words.into_boxed_slice() });
    }
    let mut cues_by_first: FastMap<String, Vec<usize>> = FastMap::default();
    for (i, c) in cues.iter().enumerate() {
        cues_by_first.entry(c.words[0].clone()).or_default().push(i);
    }
    for list in cues_by_first.values_mut() {
        list.sort_by_key(|&i| std::cmp::Reverse(cues[i].words.len()));
    }
    let mut date_words = FastMap::default();
    for line in entries(include_str!("../../data/date_words.txt")) {
        let cols: Vec<&str> = line.split('\t').collect();
        let kind = match cols[..] {
            ["time", w] => Some((w, DateWord::Time)),
            ["relative", w] => Some((w, DateWord::Relative)),
            ["weekday", w] => Some((w, DateWord::Weekday)),
            ["month", n, w] => n.parse().ok().map(|n| (w, DateWord::Month(n))),
            _ => None,
        };
        if let Some((w, k)) = kind {
            for f in fold_words(w) {
                // A word listed as both keeps its first meaning.
                date_words.entry(f).or_insert(k);
            }
        }
    }
    let function_words = word_set(include_str!("../../data/function_words.txt"));
    let section_words = word_set(include_str!("../../data/section_words.txt"));
    let cities = phrase_set(include_str!("../../data/cities.txt"));
    let agencies = phrase_set(include_str!("../../data/agencies.txt"));
    // One table for the per-word lookups of the hot path.
    let mut words: FastMap<Box<str>, WordInfo> = FastMap::default();
    let mut flag = |w: &str, f: u8| {
        words.entry(w.into()).or_insert(WordInfo { flags: 0, cues: NO_CUES }).flags |= f;
    };
    function_words.iter().for_each(|w| flag(w, FUNCTION));
    section_words.iter().for_each(|w| flag(w, SECTION));
    cities.by_first.keys().for_each(|w| flag(w, CITY));
    agencies.by_first.keys().for_each(|w| flag(w, AGENCY));
    date_words.keys().for_each(|w| flag(w, DATE));
    // Month and weekday names (the shared date lexicon of clean/date.rs).
    for line in entries(include_str!("../../data/date_names.txt")) {
        if let Some(name) = line.split('\t').nth(2) {
            fold_words(name).iter().for_each(|w| flag(w, DATE));
        }
    }
    let mut cue_lists = Vec::new();
    for (first, list) in &cues_by_first {
        words.entry(first.as_str().into()).or_insert(WordInfo { flags: 0, cues: NO_CUES }).cues =
            cue_lists.len() as u32;
        cue_lists.push(list.clone());
    }
    Lexicons { words, cue_lists, cues, function_words, section_words, cities, agencies, date_words }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_fold_together() {
        let table = [
            ("اقرأ أيضاً", "إقرأ ايضا"),
            ("اقرأ أيضاً", "اقرا أيضًا"),
            ("عاجــــــل", "عاجل"),
            ("عااااجل", "عاجل"),
            ("مصدر الخبر", "مصدرُ الخبرِ"),
            ("الكلمات الدالة", "الكلمات الدالّة"),
            ("١٢ أكتوبر", "12 اكتوبر"),
        ];
        for (a, b) in table {
            assert_eq!(fold_words(a), fold_words(b), "{a} / {b}");
        }
        assert_eq!(fold_words("اقرأ أيضاً:"), ["اقرا", "ايضا"]);
    }

    #[test]
    fn every_lexicon_loads() {
        let l = &*LEXICONS;
        assert!(l.cues.len() > 300, "{} cues", l.cues.len());
        assert!(l.function_words.contains("في") && l.function_words.contains("الذي"));
        assert!(l.section_words.contains("رياضه"), "teh marbuta is folded");
        assert!(!l.cities.is_empty() && !l.agencies.is_empty());
        assert_eq!(l.date_words.get("november"), Some(&DateWord::Month(11)));
        // Every cue file line parsed: the table has no malformed rows.
        let rows = entries(include_str!("../../data/line_cues.tsv")).count();
        assert_eq!(rows, l.cues.len(), "a row of line_cues.tsv did not parse");
    }

    #[test]
    fn phrases_match_longest_first() {
        let mut p = PhraseSet::default();
        p.insert(fold_words("أبو ظبي"), 1);
        p.insert(fold_words("أبو"), 2);
        let words = fold_words("في أبو ظبي اليوم");
        let at = |i: usize| words[i].as_str();
        assert_eq!(p.longest_at(words.len(), at, 1), Some((2, 1)));
        assert_eq!(p.longest_at(words.len(), at, 0), None);
    }
}
