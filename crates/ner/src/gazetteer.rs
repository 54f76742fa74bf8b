//! Gazetteers: lists of names and trigger words, matched over tokens.
//!
//! A list entry is one or more words. Words are compared by their *key*: the
//! clitic-free base of the token, folded with the search normalizer (teh
//! marbuta, hamza seats, Latin case), so that `وبالعراق`, `العراق` and
//! `عراق` all meet, as do `الجامعة العربية` and `للجامعة العربيه`. An entry is
//! stored as the hash of its key sequence, which is all the tagger needs and
//! keeps the model file free of the list text.

use crate::hash::{combine, hash_str};
use marsad_arabic::{Normalizer, TokenKind, Tokenizer, Tokens};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The classes a gazetteer entry can belong to (bits of a `u16`). Lists
/// from different sources are kept in different classes, so that the
/// learner can trust each as far as it deserves (ANERGazet's organisation
/// list holds newspaper names that are also common words: اليوم، الوطن).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Class {
    /// A place name (the project's lists).
    Loc = 0,
    /// A person's name or a given name (the project's lists).
    Per = 1,
    /// An organisation's name (the project's lists).
    Org = 2,
    /// Other names ANERcorp tags MISC: currencies, religions, events.
    Misc = 3,
    /// A title or role that precedes a person's name (الرئيس، الشيخ، وزير).
    PerTitle = 4,
    /// A head noun that opens an organisation's name (وزارة، حزب، جامعة).
    OrgHead = 5,
    /// A head noun that opens a place name (مدينة، محافظة، نهر).
    LocHead = 6,
    /// A nationality or origin adjective (الأمريكي، السورية).
    Nisba = 7,
    /// ANERGazet's places.
    AnerLoc = 8,
    /// ANERGazet's persons.
    AnerPer = 9,
    /// ANERGazet's organisations.
    AnerOrg = 10,
    /// The project's list of clubs, companies, outlets and international
    /// bodies (`data/organisations.txt`; feature set 2): kept apart from
    /// [`Class::Org`] because many of its names are also places or common
    /// words (ليون، العربي، الوحدة).
    OrgList = 11,
}

impl Class {
    pub const ALL: [Class; 12] = [
        Class::Loc,
        Class::Per,
        Class::Org,
        Class::Misc,
        Class::PerTitle,
        Class::OrgHead,
        Class::LocHead,
        Class::Nisba,
        Class::AnerLoc,
        Class::AnerPer,
        Class::AnerOrg,
        Class::OrgList,
    ];

    #[inline]
    pub const fn bit(self) -> u16 {
        1 << self as u8
    }
}

/// Marks a stored key sequence as the prefix of a longer entry, so matching
/// can stop as soon as no entry continues.
const PREFIX: u16 = 1 << 15;

/// The bits of every [`Class`].
const CLASSES: u16 = (1 << Class::ALL.len()) - 1;

/// Longest entry, in tokens.
pub const MAX_WORDS: usize = 8;

/// Seed of a key sequence's hash.
const SEQ_SEED: u64 = 0x6761_7a65_7474_6565;

/// The hasher for keys that are already hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type HashedMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// The key of a word's base: folded with the search normalizer, hashed.
/// `scratch` is reused between calls.
#[inline]
pub fn key_of(base: &str, scratch: &mut String) -> u64 {
    scratch.clear();
    Normalizer::search().normalize_into(base, scratch);
    hash_str(scratch)
}

/// The keys of the tokens of a text, one per token: the base for Arabic
/// words, the normalized form otherwise.
pub fn keys_into(tokens: &Tokens, out: &mut Vec<u64>, scratch: &mut String) {
    out.clear();
    out.extend(tokens.iter().map(|t| {
        let form = if t.kind == TokenKind::Word { tokens.base(t) } else { tokens.norm(t) };
        key_of(form, scratch)
    }));
}

/// What the gazetteer needs of one word: its key, and what the entry of
/// the word alone holds (classes, and [`PREFIX`] when longer entries start
/// with it; 0 when there is none). The tagger keeps it per cached word, so
/// that matching skips the tokens that start no entry without a lookup.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WordKey {
    pub(crate) key: u64,
    pub(crate) first: u16,
}

/// Hash of a sequence of keys.
#[inline]
pub fn sequence(keys: &[u64]) -> u64 {
    keys.iter().fold(SEQ_SEED, |h, &k| combine(h, k))
}

/// A set of multi-word entries with their classes.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    entries: HashedMap<u16>,
}

impl Gazetteer {
    pub fn new() -> Gazetteer {
        Gazetteer::default()
    }

    /// Adds an entry written as text (tokenized and keyed as running text
    /// would be). Returns false if the entry has no words or is too long.
    pub fn add(&mut self, entry: &str, class: Class) -> bool {
        let tokens = Tokenizer::new().tokenize(entry.trim());
        if tokens.is_empty() || tokens.len() > MAX_WORDS || !tokens.iter().any(|t| t.is_word()) {
            return false;
        }
        let mut keys = Vec::new();
        keys_into(&tokens, &mut keys, &mut String::new());
        self.add_keys(&keys, class.bit());
        true
    }

    fn add_keys(&mut self, keys: &[u64], classes: u16) {
        let mut h = SEQ_SEED;
        for (i, &k) in keys.iter().enumerate() {
            h = combine(h, k);
            let bits = if i + 1 == keys.len() { classes } else { PREFIX };
            *self.entries.entry(h).or_insert(0) |= bits;
        }
    }

    /// Adds every non-blank line of a list that holds at least one letter
    /// (ANERGazet's `====` and `****` separators are skipped). Returns how
    /// many entries were added.
    pub fn add_list(&mut self, text: &str, class: Class) -> usize {
        text.lines()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty() && !l.starts_with('#') && l.chars().any(char::is_alphabetic))
            .filter(|l| self.add(l, class))
            .count()
    }

    pub fn len(&self) -> usize {
        self.entries.values().filter(|&&c| c & !PREFIX != 0).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Classes of the entry whose key sequence hashes to `h` (0 if none).
    #[inline]
    pub fn classes_of(&self, h: u64) -> u16 {
        self.entries.get(&h).map_or(0, |c| c & !PREFIX)
    }

    /// For each token of `keys`, the gazetteer marks: for each class, bit
    /// `2c` if a longest match of that class begins here, bit `2c + 1` if
    /// the token is inside one. `out` is cleared first.
    pub fn mark(&self, keys: &[u64], out: &mut Vec<u32>) {
        out.clear();
        out.resize(keys.len(), 0);
        for i in 0..keys.len() {
            let mut h = SEQ_SEED;
            // For each class, the end of the longest entry starting at i.
            let mut ends = [0usize; Class::ALL.len()];
            let mut any = false;
            for j in i..keys.len().min(i + MAX_WORDS) {
                h = combine(h, keys[j]);
                let Some(&c) = self.entries.get(&h) else { break };
                if c & !PREFIX != 0 {
                    any = true;
                    for cl in Class::ALL {
                        if c & cl.bit() != 0 {
                            ends[cl as usize] = j + 1;
                        }
                    }
                }
                if c & PREFIX == 0 {
                    break;
                }
            }
            if !any {
                continue;
            }
            for (c, &end) in ends.iter().enumerate() {
                if end == 0 {
                    continue;
                }
                out[i] |= 1 << (2 * c);
                for m in &mut out[i + 1..end] {
                    *m |= 1 << (2 * c + 1);
                }
            }
        }
    }

    /// The [`WordKey`] of a word's base (or normalized form): the base is
    /// folded as [`key_of`] folds it, appended to `folded`.
    pub(crate) fn word_key(&self, base: &str, folded: &mut String) -> WordKey {
        let start = folded.len();
        Normalizer::search().normalize_into(base, folded);
        let key = hash_str(&folded[start..]);
        WordKey { key, first: self.entries.get(&combine(SEQ_SEED, key)).copied().unwrap_or(0) }
    }

    /// [`Gazetteer::mark`], given the [`WordKey::first`] of each key: a
    /// token whose word starts no entry (most) costs no lookup.
    pub(crate) fn mark_from(&self, keys: &[u64], firsts: &[u16], out: &mut Vec<u32>) {
        out.clear();
        out.resize(keys.len(), 0);
        for i in 0..keys.len() {
            // An entry of 0 (none is stored so) would end the match at once,
            // as a missing one does.
            if firsts[i] == 0 {
                continue;
            }
            let mut ends = [0usize; Class::ALL.len()];
            // The classes matched so far (only the set bits are visited).
            let mut matched = 0u16;
            // The key sequence's hash is needed only beyond the first word.
            let mut h = if firsts[i] & PREFIX != 0 { combine(SEQ_SEED, keys[i]) } else { 0 };
            for (j, &key) in keys.iter().enumerate().skip(i).take(MAX_WORDS) {
                let c = if j == i {
                    firsts[i]
                } else {
                    h = combine(h, key);
                    let Some(&c) = self.entries.get(&h) else { break };
                    c
                };
                let mut bits = c & CLASSES;
                matched |= bits;
                while bits != 0 {
                    ends[bits.trailing_zeros() as usize] = j + 1;
                    bits &= bits - 1;
                }
                if c & PREFIX == 0 {
                    break;
                }
            }
            while matched != 0 {
                let c = matched.trailing_zeros() as usize;
                matched &= matched - 1;
                out[i] |= 1 << (2 * c);
                for m in &mut out[i + 1..ends[c]] {
                    *m |= 1 << (2 * c + 1);
                }
            }
        }
    }

    /// The entries as (sequence hash, classes with the prefix bit), sorted:
    /// the form stored in model files.
    pub(crate) fn raw_entries(&self) -> Vec<(u64, u16)> {
        let mut v: Vec<_> = self.entries.iter().map(|(&h, &c)| (h, c)).collect();
        v.sort_unstable();
        v
    }

    pub(crate) fn from_raw(entries: impl IntoIterator<Item = (u64, u16)>) -> Gazetteer {
        Gazetteer { entries: entries.into_iter().collect() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(g: &Gazetteer, text: &str) -> Vec<u32> {
        let toks = Tokenizer::new().tokenize(text);
        let mut keys = Vec::new();
        keys_into(&toks, &mut keys, &mut String::new());
        let mut out = Vec::new();
        g.mark(&keys, &mut out);
        out
    }

    #[test]
    fn matches_through_clitics_and_spelling() {
        let mut g = Gazetteer::new();
        assert!(g.add("العراق", Class::Loc));
        assert!(g.add("الجامعة العربية", Class::Org));
        assert!(g.add("وزارة", Class::OrgHead));
        assert!(!g.add("  ", Class::Loc));
        let b = |c: Class| 1u32 << (2 * c as u32);
        let i = |c: Class| 1u32 << (2 * c as u32 + 1);
        let table: &[(&str, &[u32])] = &[
            ("وبالعراق", &[b(Class::Loc)]),
            ("عراق", &[b(Class::Loc)]),
            ("قالت للجامعة العربيه", &[0, b(Class::Org), i(Class::Org)]),
            ("وزارة الجامعة", &[b(Class::OrgHead), 0]),
            ("الجامعة وحدها", &[0, 0]),
        ];
        for (text, want) in table {
            assert_eq!(marks(&g, text), *want, "{text}");
        }
    }

    /// Marking from the words' first entries gives the marks of `mark`.
    #[test]
    fn marks_from_first_entries_are_the_marks() {
        let mut g = Gazetteer::new();
        for (e, c) in [
            ("سوريا", Class::Loc),
            ("قوات سوريا الديمقراطية", Class::Org),
            ("قوات", Class::OrgHead),
            ("الرئيس", Class::PerTitle),
            ("الرئيس الأمريكي", Class::PerTitle),
            ("جو بايدن", Class::Per),
        ] {
            g.add(e, c);
        }
        for text in [
            "قالت قوات سوريا الديمقراطية إن الرئيس الأمريكي جو بايدن زار سوريا",
            "قوات قوات سوريا سوريا الديمقراطية جو",
            "الرئيس",
            "",
        ] {
            let toks = Tokenizer::new().tokenize(text);
            let (mut keys, mut firsts, mut folded) = (Vec::new(), Vec::new(), String::new());
            for t in toks.iter() {
                let form = if t.kind == TokenKind::Word { toks.base(t) } else { toks.norm(t) };
                let w = g.word_key(form, &mut folded);
                assert_eq!(w.key, key_of(form, &mut String::new()), "{text}");
                keys.push(w.key);
                firsts.push(w.first);
            }
            let (mut a, mut b) = (Vec::new(), Vec::new());
            g.mark(&keys, &mut a);
            g.mark_from(&keys, &firsts, &mut b);
            assert_eq!(a, b, "{text}");
            assert!(text.is_empty() || a.iter().any(|&m| m != 0), "{text}");
        }
    }

    #[test]
    fn longest_match_per_class() {
        let mut g = Gazetteer::new();
        g.add("سوريا", Class::Loc);
        g.add("قوات سوريا الديمقراطية", Class::Org);
        let m = marks(&g, "قوات سوريا الديمقراطية");
        let org_b = 1 << (2 * Class::Org as u32);
        let org_i = 1 << (2 * Class::Org as u32 + 1);
        let loc_b = 1 << (2 * Class::Loc as u32);
        assert_eq!(m, [org_b, org_i | loc_b, org_i]);
    }
}
