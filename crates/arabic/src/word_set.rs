//! An immutable set of words looked up under a spelling-blind key, without
//! allocating.
//!
//! Lexicons are written in ordinary spelling, but the words looked up come
//! out of whichever [`Normalizer`](crate::Normalizer) a tokenizer was built
//! with: with or without ة → ه, hamza seats, alef forms. Keys are therefore
//! folded with every class of the fold table, at build time for the stored
//! words and on the fly for the looked-up word, so مدرسة and مدرسه, مؤتمر
//! and موتمر find the same entry.
//!
//! A key is the sequence of its folded characters. The table is
//! open-addressed and hashed with [`fxhash`](crate::fxhash) one folded
//! character at a time, so a lookup folds, hashes and compares without
//! writing the key anywhere; characters of ASCII and of the Arabic block
//! (all of an Arabic token, as a rule) fold through one small table.

use crate::fold::LUT;
use crate::fxhash;
use crate::normalize::decode;

/// No character: the fold removes it.
const REMOVED: u32 = u32::MAX;

#[derive(Clone, Debug)]
pub(crate) struct WordSet {
    /// The folded code point of each character of U+0600..U+06FF (their
    /// replacements are single characters or nothing), copied out of the
    /// fold table so that a lookup touches nothing else.
    arabic_fold: Box<[u32; 256]>,
    /// Power-of-two table of entry numbers plus one (0 = empty).
    slots: Box<[u32]>,
    /// Hash and range in `keys` of each entry.
    entries: Vec<(u64, u32, u32)>,
    /// Folded characters of every key, one after another.
    keys: Vec<char>,
}

impl WordSet {
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> WordSet {
        let mut arabic_fold = Box::new([REMOVED; 256]);
        for (idx, f) in arabic_fold.iter_mut().enumerate() {
            let c = char::from_u32(0x600 + idx as u32).unwrap_or('\u{FFFD}');
            let e = LUT.arabic[idx];
            let mut it =
                if e.class == 0 { c.to_string() } else { e.to.to_string() }.chars().collect::<Vec<_>>().into_iter();
            *f = match (it.next(), it.next()) {
                (None, _) => REMOVED,
                (Some(r), None) => r as u32,
                // Not the case in the fold table; keep the set correct if it
                // ever becomes so, at the cost of missing such words.
                (Some(_), Some(_)) => REMOVED - 1,
            };
        }
        let mut set = WordSet { arabic_fold, slots: Box::new([]), entries: Vec::new(), keys: Vec::new() };
        let mut pending: Vec<(u64, u32, u32)> = Vec::new();
        for w in words {
            let start = set.keys.len() as u32;
            let mut h = 0u64;
            for_each_key_char(w, |c| {
                set.keys.push(c);
                h = fxhash::step(h, c as u64);
            });
            if set.keys.len() as u32 > start {
                pending.push((h, start, set.keys.len() as u32));
            }
        }
        // Half full at most, so probes stay short.
        let cap = (pending.len() * 2).max(8).next_power_of_two();
        set.slots = vec![0u32; cap].into_boxed_slice();
        let mask = cap - 1;
        for (h, start, end) in pending {
            let key = &set.keys[start as usize..end as usize];
            let mut i = slot_of(h) & mask;
            let mut dup = false;
            while set.slots[i] != 0 {
                let (h2, s2, e2) = set.entries[set.slots[i] as usize - 1];
                if h2 == h && &set.keys[s2 as usize..e2 as usize] == key {
                    dup = true;
                    break;
                }
                i = (i + 1) & mask;
            }
            if !dup {
                set.entries.push((h, start, end));
                set.slots[i] = set.entries.len() as u32;
            }
        }
        set
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether `word`, folded, is in the set.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        if self.slots.is_empty() {
            return false;
        }
        let mut h = 0u64;
        self.for_each_folded(word, |c| h = fxhash::step(h, c as u64));
        let mask = self.slots.len() - 1;
        let mut i = slot_of(h) & mask;
        loop {
            let id = self.slots[i];
            if id == 0 {
                return false;
            }
            let (h2, s, e) = self.entries[id as usize - 1];
            if h2 == h && self.key_eq(&self.keys[s as usize..e as usize], word) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /// Calls `f` with the code point of each folded character of `word`:
    /// one table lookup for ASCII and the Arabic block, the full fold for
    /// anything else.
    #[inline(always)]
    fn for_each_folded(&self, word: &str, mut f: impl FnMut(u32)) {
        let bytes = word.as_bytes();
        let mut i = 0;
        // The common case first: characters of U+0600..U+06FF, two bytes
        // each, the first D8..DB.
        while i + 1 < bytes.len() && bytes[i] & 0xFC == 0xD8 {
            let k = self.arabic_fold[((bytes[i] as usize & 3) << 6) | (bytes[i + 1] as usize & 0x3F)];
            if k != REMOVED {
                f(k);
            }
            i += 2;
        }
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                f(b.to_ascii_lowercase() as u32);
                i += 1;
            } else if b & 0xFC == 0xD8 && i + 1 < bytes.len() {
                let k = self.arabic_fold[((b as usize & 3) << 6) | (bytes[i + 1] as usize & 0x3F)];
                if k != REMOVED {
                    f(k);
                }
                i += 2;
            } else {
                let (_, len) = decode(bytes, i);
                for_each_key_char(&word[i..i + len], |k| f(k as u32));
                i += len;
            }
        }
    }

    /// Whether the folded characters of `word` are `key`.
    #[inline]
    fn key_eq(&self, key: &[char], word: &str) -> bool {
        let mut k = 0;
        let mut same = true;
        self.for_each_folded(word, |c| {
            same &= key.get(k).is_some_and(|&x| x as u32 == c);
            k += 1;
        });
        same && k == key.len()
    }
}

/// The slot of a hash: the multiply leaves the high bits well mixed.
#[inline(always)]
fn slot_of(h: u64) -> usize {
    (h >> 32 ^ h.rotate_left(26)) as usize
}

/// Calls `f` with each character of the folded key of `word`: every fold
/// class applied, removed characters skipped.
fn for_each_key_char(word: &str, mut f: impl FnMut(char)) {
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (c, len) = decode(bytes, i);
        i += len;
        let e = LUT.get(c);
        if e.class == 0 {
            f(c);
        } else {
            // A presentation form folds to base letters, which may fold once
            // more (ﺃ → أ → ا); base replacements are fixed points.
            for r in e.to.chars() {
                let e2 = LUT.get(r);
                if e2.class == 0 {
                    f(r);
                } else {
                    e2.to.chars().for_each(&mut f);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_spelling_variants() {
        let set = WordSet::from_words(["مدرسة", "مؤتمر", "إلى", "وزير", "وزير", "", "ـ"]);
        assert_eq!(set.len(), 4);
        let table = [
            ("مدرسة", true),
            ("مدرسه", true),
            ("مؤتمر", true),
            ("موتمر", true),
            ("الي", true),
            ("إلي", true),
            ("وَزِير", true),
            ("وزيـر", true),
            ("وزي", false),
            ("وزيرة", false),
            ("", false),
            ("مدرس", false),
        ];
        for (w, want) in table {
            assert_eq!(set.contains(w), want, "{w}");
        }
    }

    #[test]
    fn empty_set_finds_nothing() {
        let set = WordSet::from_words([]);
        assert!(!set.contains("كتاب"));
    }

    #[test]
    fn fast_and_slow_folds_agree() {
        let long = "ب".repeat(40);
        let words = ["مدرسة", "مؤتمر", "إلى", "COVID", "وَزِير", "\u{FEFB}", "كلمة\u{200C}ب", "١٢ ٣", &long];
        let set = WordSet::from_words(words);
        for w in words {
            let mut slow = Vec::new();
            for_each_key_char(w, |c| slow.push(c as u32));
            let mut fast = Vec::new();
            set.for_each_folded(w, |c| fast.push(c));
            assert_eq!(fast, slow, "{w}");
            assert!(set.contains(w), "{w}");
        }
    }

    #[test]
    fn many_words() {
        let words: Vec<String> = (0..5000).map(|i| format!("كلمة{i}")).collect();
        let set = WordSet::from_words(words.iter().map(String::as_str));
        assert_eq!(set.len(), 5000);
        assert!(words.iter().all(|w| set.contains(w)));
        assert!(!set.contains("كلمة5000"));
    }
}
