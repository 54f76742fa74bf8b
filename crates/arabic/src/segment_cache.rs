//! A small direct-mapped cache of proclitic segmentations, kept in a
//! reusable [`Tokens`](crate::Tokens) buffer.
//!
//! News text repeats its words (الرئيس، التي، وقال …), and segmenting a word
//! that begins with a clitic letter costs guard lookups; remembering the
//! last segmentation seen in each of a few thousand slots answers most of
//! them with one comparison. Segmentation depends on the normalized word
//! alone, so an entry stays valid across texts and tokenizers. A second
//! table keeps words that need normalizing by their surface and the
//! normalizer (its mask), with their normalized form and base offsets, so a
//! repeated one skips normalizing too. The slots (about 230 KB and 256 KB)
//! are only allocated once a buffer has tokenized enough text
//! to pay for them: a buffer reused across documents, or one long text, not
//! a buffer made for one line.

use crate::clitics::{self, Proclitics};

/// Longest word kept, in bytes (twelve Arabic letters).
const KEY: usize = 24;
const SLOTS: usize = 8192;
/// Bytes a buffer tokenizes (in one text or over several) before it gets
/// its slots.
pub(crate) const MIN_TEXT: usize = 256 * 1024;

#[derive(Clone, Copy)]
struct Entry {
    key: [u8; KEY],
    len: u8,
    clitics: Proclitics,
    at: u8,
}

const EMPTY: Entry = Entry { key: [0; KEY], len: 0, clitics: Proclitics::NONE, at: 0 };

/// Slots of the second table: words that need normalizing, by their
/// surface (about 256 KB).
const WORD_SLOTS: usize = 4096;
/// Longest normalized form kept, in bytes.
const NORM: usize = 32;

/// A word that needed normalizing, as a normalizer with `mask` wrote and
/// segmented it: its normalized form, proclitics, and where its base begins
/// in the normalized form (`at`) and in the word (`source_at`).
#[derive(Clone, Copy)]
struct WordEntry {
    key: [u8; KEY],
    norm: [u8; NORM],
    len: u8,
    norm_len: u8,
    mask: u16,
    clitics: Proclitics,
    at: u8,
    source_at: u8,
}

const EMPTY_WORD: WordEntry = WordEntry {
    key: [0; KEY],
    norm: [0; NORM],
    len: 0,
    norm_len: 0,
    mask: 0,
    clitics: Proclitics::NONE,
    at: 0,
    source_at: 0,
};

#[derive(Clone, Default)]
pub(crate) struct SegmentCache {
    entries: Vec<Entry>,
    /// Words that need normalizing, keyed by their surface and the
    /// normalizer's mask: a repeated word (مدرسة، أكثر) skips normalizing
    /// and the base's source offset as well as segmenting.
    words: Vec<WordEntry>,
    /// Bytes tokenized with this buffer so far.
    seen: usize,
}

impl std::fmt::Debug for SegmentCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SegmentCache({} slots)", self.entries.len())
    }
}

impl SegmentCache {
    /// Counts a text about to be tokenized, and allocates the slots (once)
    /// when enough text has gone through.
    pub fn prepare(&mut self, text_len: usize) {
        self.seen = self.seen.saturating_add(text_len);
        if self.seen >= MIN_TEXT && self.entries.is_empty() {
            self.entries = vec![EMPTY; SLOTS];
            self.words = vec![EMPTY_WORD; WORD_SLOTS];
        }
    }

    /// What [`keep_normalized`](Self::keep_normalized) kept of `word` for a
    /// normalizer with `mask`: normalized form, proclitics, base offset in
    /// the normalized form and in `word`.
    #[inline]
    pub fn normalized(&self, word: &[u8], mask: u16) -> Option<(&str, Proclitics, usize, usize)> {
        if self.words.is_empty() || word.is_empty() || word.len() > KEY {
            return None;
        }
        let e = &self.words[word_slot_of(word, mask)];
        if e.len as usize != word.len() || e.mask != mask || e.key[..word.len()] != *word {
            return None;
        }
        // Always valid: the bytes were copied from a `str`; were they not,
        // the word would be normalized again.
        let norm = std::str::from_utf8(&e.norm[..e.norm_len as usize]).ok()?;
        Some((norm, e.clitics, e.at as usize, e.source_at as usize))
    }

    /// Keeps how a normalizer with `mask` normalized and segmented `word`
    /// (see [`normalized`](Self::normalized)); words or forms too long for
    /// a slot are not kept.
    #[inline]
    pub fn keep_normalized(&mut self, word: &[u8], mask: u16, norm: &str, p: Proclitics, at: usize, source_at: usize) {
        if self.words.is_empty()
            || word.is_empty()
            || word.len() > KEY
            || norm.len() > NORM
            || at > 255
            || source_at > 255
        {
            return;
        }
        let e = &mut self.words[word_slot_of(word, mask)];
        e.key[..word.len()].copy_from_slice(word);
        e.len = word.len() as u8;
        e.norm[..norm.len()].copy_from_slice(norm.as_bytes());
        e.norm_len = norm.len() as u8;
        e.mask = mask;
        e.clitics = p;
        e.at = at as u8;
        e.source_at = source_at as u8;
    }

    /// [`clitics::segment`] of `word`, from the cache when it is there.
    #[inline]
    pub fn segment(&mut self, word: &str) -> (Proclitics, usize) {
        let b = word.as_bytes();
        // Most words begin with no clitic letter: `segment` gives them no
        // proclitics before looking at anything else, so answer here
        // without the call.
        if !clitics::starts_with_clitic_letter(word) {
            return (Proclitics::NONE, 0);
        }
        if self.entries.is_empty() || b.len() > KEY {
            return clitics::segment(word);
        }
        let slot = &mut self.entries[slot_of(b)];
        if slot.len as usize == b.len() && &slot.key[..b.len()] == b {
            return (slot.clitics, slot.at as usize);
        }
        let (p, at) = clitics::segment(word);
        slot.key[..b.len()].copy_from_slice(b);
        slot.len = b.len() as u8;
        slot.clitics = p;
        slot.at = at as u8;
        (p, at)
    }
}

/// The slot of a word: its first and last eight bytes (overlapping for
/// short words) and its length, multiplied and shifted.
#[inline(always)]
fn slot_of(b: &[u8]) -> usize {
    (mix(b).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// The slot of a word in the table of normalized words: as [`slot_of`],
/// with the normalizer's mask.
#[inline(always)]
fn word_slot_of(b: &[u8], mask: u16) -> usize {
    ((mix(b) ^ (mask as u64) << 32).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - WORD_SLOTS.trailing_zeros())) as usize
}

#[inline(always)]
fn mix(b: &[u8]) -> u64 {
    let n = b.len();
    // Words of eight bytes or more (four Arabic letters) are read as two
    // words; shorter ones byte by byte, zero-padded (a variable-length copy
    // would be a call to memcpy per lookup).
    let (head, tail) = if n >= 8 {
        let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or([0; 8]));
        (word(0), word(n - 8))
    } else {
        let v = b.iter().rev().fold(0u64, |v, &x| v << 8 | x as u64);
        (v, v)
    };
    head ^ tail.rotate_left(29) ^ (n as u64) << 56
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_come_with_use() {
        let mut c = SegmentCache::default();
        c.prepare(1000);
        assert!(c.entries.is_empty());
        for _ in 0..MIN_TEXT / 1000 {
            c.prepare(1000);
        }
        assert_eq!(c.entries.len(), SLOTS);
    }

    /// The slot of every length equals the first and last eight bytes read
    /// through a zero-padded copy (how slots were first computed).
    #[test]
    fn slots_read_first_and_last_eight_bytes() {
        let padded = |b: &[u8], at: usize| {
            let mut v = [0u8; 8];
            let end = (at + 8).min(b.len());
            v[..end - at].copy_from_slice(&b[at..end]);
            u64::from_le_bytes(v)
        };
        let bytes: Vec<u8> = (0..KEY as u8).map(|i| i.wrapping_mul(37).wrapping_add(0xA1)).collect();
        for n in 0..=KEY {
            let b = &bytes[..n];
            let x = padded(b, 0) ^ padded(b, n.saturating_sub(8)).rotate_left(29) ^ (n as u64) << 56;
            let want = (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize;
            assert_eq!(slot_of(b), want, "length {n}");
        }
    }

    #[test]
    fn cached_answers_equal_segment() {
        let mut c = SegmentCache::default();
        c.prepare(MIN_TEXT);
        let words = [
            "والعراق",
            "العراق",
            "وزير",
            "قال",
            "مصر",
            "a",
            "بالعراق",
            "للتاريخ",
            "والعراق",
            "ب",
            "",
            "والمدرسةالكبيرةجدا",
        ];
        for _ in 0..3 {
            for w in words {
                assert_eq!(c.segment(w), clitics::segment(w), "{w}");
            }
        }
        // Many words through few slots: collisions evict, never confuse.
        for i in 0..10_000 {
            let w = format!("وال{}", "ب".repeat(i % 9 + 1));
            assert_eq!(c.segment(&w), clitics::segment(&w), "{w}");
        }
    }
}
