//! A light stemmer in the style of Light10 (Larkey, Ballesteros and Connell,
//! 2007): it strips a few frequent suffixes (and, optionally, prefixes) from
//! the ends of a word and never rewrites the letters in between, so the stem
//! is always a subslice of its input.
//!
//! It is meant for search: the same word gives the same stem at index and at
//! query time, in a few comparisons and without allocating. It works on
//! normalized text (alef forms folded, ى → ي, no harakat, see
//! [`Normalizer`](crate::Normalizer)) and on clitic-free bases from the
//! [`Tokenizer`](crate::Tokenizer): proclitics are the tokenizer's job, where
//! a guard lexicon keeps وزير or لبنان whole. For words that have not been
//! through the tokenizer, [`Stemmer::light10`] also strips Light10's
//! prefixes (و ال وال بال كال فال لل).
//!
//! Lengths are counted in characters, never bytes.
//!
//! ```
//! use marsad_arabic::Stemmer;
//! let s = Stemmer::new();
//! assert_eq!(s.stem("مدرسة"), "مدرس");
//! assert_eq!(s.stem("مدرسه"), "مدرس"); // teh marbuta folded or not
//! assert_eq!(s.stem("لبنانيين"), "لبنان");
//! assert_eq!(s.stem("كتاب"), "كتاب");
//! assert_eq!(Stemmer::light10().stem("والمعلمون"), "معلم");
//! ```

/// Light10's suffixes, tried once each in this order (ها before ه, ية
/// before ة and ي), each removed when the stem keeps at least the minimum
/// length. Both teh marbuta spellings are listed so that the stem does not
/// depend on whether the normalizer folded ة → ه.
const SUFFIXES: [&str; 10] = ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"];

/// Light10's prefixes: the article, alone or after a one-letter particle
/// (the first that matches is removed).
const ARTICLES: [&str; 6] = ["وال", "بال", "كال", "فال", "لل", "ال"];

/// Builds a [`Stemmer`].
#[derive(Clone, Debug)]
pub struct StemmerBuilder {
    min_chars: usize,
    prefixes: bool,
}

impl Default for StemmerBuilder {
    fn default() -> Self {
        StemmerBuilder { min_chars: Stemmer::MIN_STEM_CHARS, prefixes: false }
    }
}

impl StemmerBuilder {
    /// The shortest stem, in characters, that stripping may leave (default
    /// [`Stemmer::MIN_STEM_CHARS`]). A word that is already shorter is
    /// returned whole.
    pub fn min_stem_chars(mut self, n: usize) -> Self {
        self.min_chars = n.max(1);
        self
    }

    /// Whether to strip Light10's prefixes (و and the article forms) before
    /// the suffixes: for words that did not go through clitic segmentation.
    pub fn prefixes(mut self, on: bool) -> Self {
        self.prefixes = on;
        self
    }

    pub fn build(&self) -> Stemmer {
        Stemmer { min_chars: self.min_chars, prefixes: self.prefixes }
    }
}

/// A built stemmer: `Copy`, `Send + Sync`, no allocation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stemmer {
    min_chars: usize,
    prefixes: bool,
}

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer::new()
    }
}

impl Stemmer {
    /// Stripping must leave at least three characters, the length of most
    /// Arabic roots. Light10 itself allows two, which cuts بيان to بي while
    /// بيانات keeps بيان, so the singular and the plural would never meet in
    /// a search.
    pub const MIN_STEM_CHARS: usize = 3;

    /// The suffix stemmer for clitic-free bases.
    pub fn new() -> Stemmer {
        StemmerBuilder::default().build()
    }

    /// Light10 as published: prefixes and suffixes, two-character minimum,
    /// for unsegmented words.
    pub fn light10() -> Stemmer {
        StemmerBuilder::default().prefixes(true).min_stem_chars(2).build()
    }

    pub fn builder() -> StemmerBuilder {
        StemmerBuilder::default()
    }

    /// The stem of a normalized word: a subslice of `word`.
    pub fn stem<'a>(&self, word: &'a str) -> &'a str {
        // Non-Arabic words (Latin, digits) have none of the affixes; the
        // first byte of every Arabic letter is 0xD8..=0xDB.
        if !word.as_bytes().first().is_some_and(|b| (0xD8..=0xDB).contains(b)) {
            return word;
        }
        let mut len = char_count(word);
        let mut w = word;
        if self.prefixes {
            // و first, only when three letters remain (Light10).
            if let Some(rest) = w.strip_prefix('و') {
                if len > 3 {
                    w = rest;
                    len -= 1;
                }
            }
            for a in ARTICLES {
                if let Some(rest) = w.strip_prefix(a) {
                    let n = len - a.len() / 2;
                    if n >= self.min_chars {
                        w = rest;
                        len = n;
                    }
                    break;
                }
            }
        }
        for s in SUFFIXES {
            if let Some(rest) = w.strip_suffix(s) {
                // Every suffix letter is a two-byte Arabic letter.
                let n = len - s.len() / 2;
                if n >= self.min_chars {
                    w = rest;
                    len = n;
                }
            }
        }
        w
    }
}

/// Characters in `s`: the bytes that do not continue a UTF-8 sequence.
#[inline]
fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stem_table() {
        let s = Stemmer::new();
        // (normalized clitic-free base, stem)
        let table = [
            ("مدرسة", "مدرس"),
            ("مدرسه", "مدرس"),
            ("مدارس", "مدارس"),
            ("معلمون", "معلم"),
            ("معلمين", "معلم"),
            ("معلمات", "معلم"),
            ("سيارتها", "سيارت"),
            ("مصري", "مصر"),
            ("مصرية", "مصر"),
            ("دولية", "دول"),
            ("لبنانيين", "لبنان"),
            ("لبنانيون", "لبنان"),
            ("بيانات", "بيان"),
            ("بيان", "بيان"),
            ("انتخابات", "انتخاب"),
            ("كتابه", "كتاب"),
            ("كتاب", "كتاب"),
            ("وزير", "وزير"),
            ("وزارة", "وزار"),
            // Minimum length: nothing is stripped below three characters.
            ("ين", "ين"),
            ("فيه", "فيه"),
            ("سنة", "سنة"),
            ("هي", "هي"),
            ("ها", "ها"),
            ("اي", "اي"),
            ("", ""),
            // Not Arabic: unchanged.
            ("covid", "covid"),
            ("2014", "2014"),
        ];
        for (word, want) in table {
            assert_eq!(s.stem(word), want, "word {word}");
        }
    }

    #[test]
    fn light10_strips_prefixes() {
        let s = Stemmer::light10();
        let table = [
            ("والمعلمون", "معلم"),
            ("بالمدرسة", "مدرس"),
            ("للطلاب", "طلاب"),
            ("الكتاب", "كتاب"),
            ("وكتاب", "كتاب"),
            // و is only removed when three letters remain.
            ("ولد", "ولد"),
            // Two characters are enough for Light10.
            ("بيان", "بي"),
        ];
        for (word, want) in table {
            assert_eq!(s.stem(word), want, "word {word}");
        }
    }

    #[test]
    fn minimum_is_counted_in_characters() {
        let s = Stemmer::builder().min_stem_chars(2).build();
        assert_eq!(s.stem("مصري"), "مصر");
        assert_eq!(s.stem("بيان"), "بي");
        assert_eq!(s.stem("دولية"), "دول");
        assert_eq!(s.stem("فيه"), "في");
        let s = Stemmer::builder().min_stem_chars(4).build();
        assert_eq!(s.stem("مصري"), "مصري");
        assert_eq!(s.stem("مدرسة"), "مدرس");
    }

    #[test]
    fn stem_is_a_subslice() {
        let s = Stemmer::light10();
        for w in ["والمعلمون", "مدرسة", "a", "ـ", "ية"] {
            let st = s.stem(w);
            let off = st.as_ptr() as usize - w.as_ptr() as usize;
            assert!(off + st.len() <= w.len());
        }
    }
}
