//! Looking words and phrases of a lexicon up in tokens.
//!
//! The lexicons of the analyses (reporting verbs, according-to phrases,
//! units, loaded terms) are written in ordinary spelling and normalized on
//! load with the tokenizer's own [`Normalizer`], so an entry meets the
//! normalized form of a token ([`Tokens::norm`]) without a second
//! normalization pass over the page. A word in running text carries
//! proclitics (و ف ب ل ك ال); the tokenizer splits them by rule, but its rule
//! can be wrong for a word it does not know (كشفت is not ك + شفت), so a
//! lookup tries the whole word first, then the word without a conjunction,
//! then the tokenizer's base: the first form the lexicon knows wins.
//!
//! Keys are short strings the project controls, so tables hash them with the
//! Fx hash (a multiply and a rotate per eight bytes) rather than SipHash.

use marsad_arabic::{Normalizer, Proclitics, Token, TokenKind, Tokens};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hash: fast, not collision-resistant; only for lexicon keys.
#[derive(Clone, Copy, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.hash = (self.hash.rotate_left(5) ^ x).wrapping_mul(SEED);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.hash = (self.hash.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(SEED);
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.hash = (self.hash.rotate_left(5) ^ i as u64).wrapping_mul(SEED);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A hash map keyed by lexicon strings.
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Which analyses a token can start a match in, one bit each: computed once
/// per page (one probe per form of each word) so that each analysis skips
/// the words none of its lexicons know.
pub(crate) mod mark {
    /// A reporting verb, an according-to phrase or a hedge.
    pub const CLAIM: u8 = 1 << 0;
    /// A loaded term or a name.
    pub const WORDING: u8 = 1 << 1;
    /// A word that ends or interrupts a source or a content (an adverbial,
    /// a connector, an auxiliary).
    pub const BOUND: u8 = 1 << 2;
}

/// A set of words with a few bits each, kept as 64-bit hashes in one open
/// addressed array: no key is stored, so a probe touches one cache line
/// instead of chasing a string pointer. Meant for prefilters, where a false
/// positive (two words with one 64-bit hash) only costs a second look.
///
/// Most words of a page are in no lexicon: before hashing a word, a bit per
/// (first letter, last letter, length) class says whether any word of the
/// table falls in the word's class, so that most words are turned away by
/// one bit test (no false negatives: every word inserted sets its class).
#[derive(Debug)]
pub(crate) struct WordBits {
    slots: Box<[u64]>,
    bits: Box<[u8]>,
    mask: usize,
    /// A hash's first slot is its top bits (`h >> shift`): the Fx hash's low
    /// bits hardly depend on a word's last bytes, and words that share
    /// their first letters would pile up in one run of slots.
    shift: u32,
    /// [`SKETCH_BITS`] bits, one per [`sketch`] class.
    classes: Box<[u64]>,
}

/// Bits of [`WordBits::classes`] (16 KB).
const SKETCH_BITS: usize = 1 << 17;

/// The class of `w` among [`SKETCH_BITS`]: its first two bytes, its last
/// two bytes (the first and last letters of an Arabic word) and its length.
#[inline(always)]
fn sketch(w: &str) -> usize {
    let b = w.as_bytes();
    let n = b.len();
    let (first, last) = match n {
        0 => (0, 0),
        1 => (b[0] as usize, 0),
        _ => (u16::from_le_bytes([b[0], b[1]]) as usize, u16::from_le_bytes([b[n - 2], b[n - 1]]) as usize),
    };
    (first.wrapping_mul(0x9E37) ^ last.wrapping_mul(0x85EB) ^ n.wrapping_mul(0x2C1B_3C6D) >> 3) & (SKETCH_BITS - 1)
}

impl WordBits {
    /// A table for `words` words.
    pub fn with_capacity(words: usize) -> WordBits {
        let cap = (words * 4).max(64).next_power_of_two();
        WordBits {
            slots: vec![0; cap].into_boxed_slice(),
            bits: vec![0; cap].into_boxed_slice(),
            mask: cap - 1,
            shift: 64 - cap.trailing_zeros(),
            classes: vec![0; SKETCH_BITS / 64].into_boxed_slice(),
        }
    }

    /// Whether some word of the table is in `w`'s [`sketch`] class.
    #[inline(always)]
    fn may_hold(&self, w: &str) -> bool {
        let c = sketch(w);
        self.classes[c >> 6] & (1 << (c & 63)) != 0
    }

    #[inline]
    fn hash(w: &str) -> u64 {
        let mut h = FxHasher::default();
        h.write(w.as_bytes());
        // 0 marks an empty slot.
        h.finish() | 1
    }

    pub fn insert(&mut self, w: &str, bit: u8) {
        let c = sketch(w);
        self.classes[c >> 6] |= 1 << (c & 63);
        let h = Self::hash(w);
        let mut i = (h >> self.shift) as usize;
        loop {
            if self.slots[i] == 0 {
                self.slots[i] = h;
            }
            if self.slots[i] == h {
                self.bits[i] |= bit;
                return;
            }
            i = (i + 1) & self.mask;
        }
    }

    #[inline]
    pub fn get(&self, w: &str) -> u8 {
        if !self.may_hold(w) {
            return 0;
        }
        self.get_hashed(w)
    }

    /// [`get`](Self::get) without the class test (the reference it is
    /// compared with).
    #[inline]
    pub(crate) fn get_hashed(&self, w: &str) -> u8 {
        let h = Self::hash(w);
        let mut i = (h >> self.shift) as usize;
        loop {
            let s = self.slots[i];
            if s == h {
                return self.bits[i];
            }
            if s == 0 {
                return 0;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The bits of every form of token `t` ([`forms`]).
    #[inline]
    pub fn token(&self, tokens: &Tokens, t: &Token) -> u8 {
        let mut m = 0;
        for f in forms(tokens, t).into_iter().flatten() {
            m |= self.get(f);
        }
        m
    }
}

/// Normalizes a lexicon entry the way the tokenizer normalizes tokens.
pub(crate) fn norm(s: &str) -> String {
    Normalizer::new().normalize(s).text
}

/// The lines of a lexicon file that carry entries: comments (`#`) and blank
/// lines dropped, each line split on TABs.
pub(crate) fn rows(data: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    data.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i, l.split('\t').map(str::trim).collect()))
}

/// The forms of a word token to look up, most specific first: the whole
/// normalized word; without a leading conjunction و/ف; the tokenizer's base
/// (without و ف ب ك ل ال). Non-words give nothing.
#[inline]
pub(crate) fn forms<'a>(tokens: &'a Tokens, t: &Token) -> [Option<&'a str>; 3] {
    if t.kind != TokenKind::Word && t.kind != TokenKind::Latin {
        return [None, None, None];
    }
    let norm = tokens.norm(t);
    // و and ف are one two-byte letter. Stripped whatever the tokenizer
    // decided: its guard list keeps ومن whole, the lexicons want من.
    let no_conj = if (norm.starts_with('و') || norm.starts_with('ف')) && norm.len() >= 6
        || t.proclitics.contains(Proclitics::WA)
        || t.proclitics.contains(Proclitics::FA)
    {
        norm.get(2..).filter(|r| !r.is_empty())
    } else {
        None
    };
    let base = tokens.base(t);
    let base = (base.len() != norm.len() && Some(base) != no_conj).then_some(base);
    [Some(norm), no_conj, base]
}

/// Finds `t` in `map` through [`forms`]; returns the value and whether a
/// proclitic was stripped to find it.
#[inline]
pub(crate) fn find<'m, V>(map: &'m FxMap<Box<str>, V>, tokens: &Tokens, t: &Token) -> Option<(&'m V, bool)> {
    let [a, b, c] = forms(tokens, t);
    if let Some(v) = a.and_then(|k| map.get(k)) {
        return Some((v, false));
    }
    if let Some(v) = b.and_then(|k| map.get(k)) {
        return Some((v, true));
    }
    c.and_then(|k| map.get(k)).map(|v| (v, true))
}

/// Where the word of token `t` begins once a conjunction (و ف) and, with
/// `preps`, a preposition (ب ل ك) are left out; the article stays (وبالعراق
/// → العراق... is written العراق only after ب + ال, so ال is kept: بالعراق →
/// العراق). Marks written on a clitic stay with it.
pub(crate) fn word_start(text: &str, t: &Token, preps: bool) -> usize {
    if t.proclitics.is_empty() || !t.is_word() {
        return t.span.start;
    }
    let surface = &text[t.span.range()];
    let mut chars = surface.char_indices().peekable();
    let mut skip = 0;
    let mut conj_done = false;
    let mut prep_done = false;
    while let Some(&(k, ch)) = chars.peek() {
        let rest = &surface[k..];
        let conj = !conj_done
            && !prep_done
            && ((ch == 'و' && t.proclitics.contains(Proclitics::WA))
                || (ch == 'ف' && t.proclitics.contains(Proclitics::FA)));
        let prep = preps
            && !prep_done
            && ((ch == 'ب' && t.proclitics.contains(Proclitics::BI))
                || (ch == 'ل' && t.proclitics.contains(Proclitics::LI) && !rest.starts_with("لل"))
                || (ch == 'ك' && t.proclitics.contains(Proclitics::KA)));
        if preps && !prep_done && ch == 'ل' && rest.starts_with("لل") && t.proclitics.contains(Proclitics::LI) {
            // ل + ال with the alef elided (للمرة): the word without the
            // article is the only clean substring.
            return t.base_start;
        }
        if !(conj || prep) {
            break;
        }
        conj_done |= conj;
        prep_done |= prep;
        chars.next();
        while let Some(&(_, m)) = chars.peek() {
            if ('\u{064B}'..='\u{065F}').contains(&m) || m == '\u{0640}' {
                chars.next();
            } else {
                break;
            }
        }
        skip = chars.peek().map_or(surface.len(), |&(k, _)| k);
    }
    if skip >= surface.len() {
        t.span.start
    } else {
        t.span.start + skip
    }
}

/// A table of phrases of one or more words. The first word is found through
/// [`forms`] (so it may carry proclitics); the following words must match a
/// token's normalized form, or its base when the phrase word has no article
/// (قوات سوريا matches قوات سوريا and لقوات سوريا).
#[derive(Debug)]
pub(crate) struct PhraseTable<V> {
    /// First word → (remaining words, value), longest first.
    first: FxMap<Box<str>, Vec<(Box<[Box<str>]>, V)>>,
}

impl<V> Default for PhraseTable<V> {
    fn default() -> Self {
        PhraseTable { first: FxMap::default() }
    }
}

/// A phrase found in tokens.
#[derive(Debug)]
pub(crate) struct PhraseMatch<'a, V> {
    pub value: &'a V,
    /// Token range `[start, end)`.
    pub start: usize,
    pub end: usize,
    /// The first word carried a proclitic.
    #[cfg_attr(not(test), allow(dead_code))]
    pub clitic: bool,
    /// Which of [`forms`] matched the first word: 0 the whole word, 1
    /// without a conjunction, 2 the tokenizer's base.
    pub form: u8,
}

impl<V> PhraseMatch<'_, V> {
    /// Where the matched words begin in `text`: after the proclitics that
    /// were stripped to find the first word, and only those.
    pub fn start(&self, text: &str, tokens: &Tokens) -> usize {
        let t = &tokens[self.start];
        match self.form {
            0 => t.span.start,
            1 => word_start(text, t, false),
            _ => word_start(text, t, true),
        }
    }
}

impl<V> PhraseTable<V> {
    /// Adds a phrase (normalized here). Returns false for an empty phrase.
    pub fn insert(&mut self, phrase: &str, value: V) -> bool {
        let n = norm(phrase);
        let mut words = n.split_whitespace().map(Box::<str>::from);
        let Some(first) = words.next() else { return false };
        let rest: Box<[Box<str>]> = words.collect();
        let list = self.first.entry(first).or_default();
        list.push((rest, value));
        list.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
        true
    }

    /// The first words of the phrases (for a prefilter over several tables).
    pub fn first_words(&self) -> impl Iterator<Item = &str> {
        self.first.keys().map(|k| &**k)
    }

    /// The longest phrase starting at token `i` and ending before `end`.
    pub fn at(&self, tokens: &Tokens, i: usize, end: usize) -> Option<PhraseMatch<'_, V>> {
        let t = tokens.get(i)?;
        // Every form of the first word: ومن may be a listed word (ومن
        // المعلوم) and also و + من (من المرجح).
        for (n, form) in forms(tokens, t).into_iter().enumerate() {
            let Some(list) = form.and_then(|f| self.first.get(f)) else { continue };
            'phrases: for (rest, value) in list {
                if i + 1 + rest.len() > end {
                    continue;
                }
                for (k, w) in rest.iter().enumerate() {
                    let u = &tokens[i + 1 + k];
                    if !word_matches(tokens, u, w) {
                        continue 'phrases;
                    }
                }
                return Some(PhraseMatch { value, start: i, end: i + 1 + rest.len(), clitic: n > 0, form: n as u8 });
            }
        }
        None
    }
}

/// Whether token `u` is the phrase word `w` (normalized).
#[inline]
fn word_matches(tokens: &Tokens, u: &Token, w: &str) -> bool {
    let n = tokens.norm(u);
    n == w || (!w.starts_with("ال") && tokens.base(u) == w) || (u.proclitics == Proclitics::WA && n.get(2..) == Some(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_arabic::Tokenizer;

    #[test]
    fn forms_try_the_whole_word_first() {
        let text = "وكشفت لقسد الوزارة";
        let toks = Tokenizer::new().tokenize(text);
        assert_eq!(forms(&toks, &toks[0])[0], Some("وكشفت"));
        assert_eq!(forms(&toks, &toks[0])[1], Some("كشفت"));
        assert_eq!(forms(&toks, &toks[1])[2], Some("قسد"));
    }

    /// The class test turns away only words the table does not hold: on
    /// every form of made-up text and of the table's own words, `get` is the
    /// plain hashed lookup; and most absent words are turned away.
    #[test]
    fn word_bits_class_test_loses_no_word() {
        let words = ["قال", "أعلن", "كشف", "ميليشيا", "بحسب", "وفقا", "a", "xy", "مصادر", "الرئيس", "ل"];
        let mut t = WordBits::with_capacity(words.len());
        for (i, w) in words.iter().enumerate() {
            t.insert(&norm(w), 1 << (i % 3));
        }
        let text = "وقال الرئيس إن مصادر كشفت لوكالة بحسب ما أعلنه xy a ل الميليشيا وفقا للتقرير \
                    قالت وزارة الخارجية في بيان صدر اليوم إن الوفد سيزور العاصمة";
        let toks = Tokenizer::new().tokenize(text);
        let (mut seen, mut turned_away) = (0, 0);
        for t_ in toks.iter() {
            for f in forms(&toks, t_).into_iter().flatten() {
                assert_eq!(t.get(f), t.get_hashed(f), "{f}");
                seen += 1;
                turned_away += usize::from(!t.may_hold(f));
            }
        }
        for w in words {
            assert_ne!(t.get(&norm(w)), 0, "{w}");
        }
        assert!(turned_away * 2 > seen, "{turned_away} of {seen}");
    }

    #[test]
    fn phrases_match_longest_first_through_clitics() {
        let mut t = PhraseTable::default();
        t.insert("قوات سوريا الديمقراطية", 1);
        t.insert("قوات", 2);
        let text = "ولقوات سوريا الديمقراطية قوات";
        let toks = Tokenizer::new().tokenize(text);
        let m = t.at(&toks, 0, toks.len()).unwrap();
        assert_eq!((*m.value, m.start, m.end, m.clitic), (1, 0, 3, true));
        let m = t.at(&toks, 3, toks.len()).unwrap();
        assert_eq!((*m.value, m.end), (2, 4));
        assert!(t.at(&toks, 1, toks.len()).is_none());
    }
}
