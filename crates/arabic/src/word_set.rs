//! An immutable set of words looked up under a spelling-blind key, without
//! allocating.
//!
//! Lexicons are written in ordinary spelling, but the words looked up come
//! out of whichever [`Normalizer`](crate::Normalizer) a tokenizer was built
//! with: with or without ة → ه, hamza seats, alef forms. Keys are therefore
//! folded with every class of the fold table, at build time for the stored
//! words and on the fly for the looked-up word, so مدرسة and مدرسه, مؤتمر
//! and موتمر find the same entry. The table is open-addressed and hashed
//! with [`fxhash`](crate::fxhash) over the folded characters.

use crate::fold::LUT;
use crate::fxhash;
use crate::normalize::decode;

#[derive(Clone, Debug, Default)]
pub(crate) struct WordSet {
    /// Power-of-two table of entry numbers plus one (0 = empty).
    slots: Box<[u32]>,
    /// Byte range of each folded key in `keys`.
    spans: Vec<(u32, u32)>,
    keys: String,
}

impl WordSet {
    pub fn from_words<'a>(words: impl IntoIterator<Item = &'a str>) -> WordSet {
        let mut set = WordSet::default();
        let mut key = String::new();
        let mut pending: Vec<(u32, u32)> = Vec::new();
        for w in words {
            key.clear();
            for_each_key_char(w, |c| key.push(c));
            if key.is_empty() {
                continue;
            }
            let start = set.keys.len() as u32;
            set.keys.push_str(&key);
            pending.push((start, set.keys.len() as u32));
        }
        // Half full at most, so probes stay short.
        let cap = (pending.len() * 2).max(8).next_power_of_two();
        set.slots = vec![0u32; cap].into_boxed_slice();
        for (start, end) in pending {
            let k = &set.keys[start as usize..end as usize];
            if set.contains(k) {
                continue;
            }
            set.spans.push((start, end));
            let id = set.spans.len() as u32;
            let mask = cap - 1;
            let mut i = key_hash(k) as usize & mask;
            while set.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            set.slots[i] = id;
        }
        set
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether `word`, folded, is in the set.
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        if self.slots.is_empty() {
            return false;
        }
        let mask = self.slots.len() - 1;
        let mut i = key_hash(word) as usize & mask;
        loop {
            let id = self.slots[i];
            if id == 0 {
                return false;
            }
            let (s, e) = self.spans[id as usize - 1];
            if key_eq(&self.keys[s as usize..e as usize], word) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }
}

/// Calls `f` with each character of the folded key of `word`: every fold
/// class applied, removed characters skipped.
#[inline]
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

#[inline]
fn key_hash(word: &str) -> u64 {
    let mut h = 0u64;
    for_each_key_char(word, |c| h = fxhash::step(h, c as u64));
    h
}

/// Whether the folded key of `word` equals `key` (already folded).
#[inline]
fn key_eq(key: &str, word: &str) -> bool {
    let mut stored = key.chars();
    let mut same = true;
    for_each_key_char(word, |c| {
        if same && stored.next() != Some(c) {
            same = false;
        }
    });
    same && stored.next().is_none()
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
    fn many_words() {
        let words: Vec<String> = (0..5000).map(|i| format!("كلمة{i}")).collect();
        let set = WordSet::from_words(words.iter().map(String::as_str));
        assert_eq!(set.len(), 5000);
        assert!(words.iter().all(|w| set.contains(w)));
        assert!(!set.contains("كلمة5000"));
    }
}
