//! MinHash signatures over normalized word shingles, and the LSH band keys
//! that bring likely near-duplicates together.
//!
//! **Why one-permutation hashing.** The textbook MinHash evaluates `k` hash
//! functions per shingle (k = 128: 128 multiplications per shingle); that is
//! what datasketch does, at about 2 MB/s here. One-permutation hashing
//! (Li, Owen & Zhang 2012) hashes each shingle once, uses the top bits to pick
//! one of `k` bins and keeps the minimum of the rest per bin; bins left empty
//! (short texts) are filled by *optimal densification* (Shrivastava 2017):
//! an empty bin copies the value of a non-empty bin chosen by a fixed hash
//! sequence, the same for every document, so two documents' signatures still
//! agree at a position with probability equal to their Jaccard similarity.
//! The cost per shingle is O(1), so the signature runs at the speed of
//! reading the words (see `benches/minhash.rs`).
//!
//! **Words.** Text is read once, char by char, through the search
//! normalizer's fold table (alef forms, teh marbuta, hamza seats, harakat,
//! tatweel, digits, Latin case), so a republished copy that differs only in
//! spelling variants, diacritics or Arabic-Indic digits has the same shingles.
//! Letters and digits make words; marks and invisible characters are skipped
//! inside a word; everything else separates words.
//!
//! **Bands.** The signature is cut into `bands` groups of `rows` values;
//! each group hashes to a 64-bit key. Two documents that share a key are
//! candidates. A distributed engine can group on these keys directly
//! (DESIGN.md, "Scale"): the keys are stable (see [`crate::hash`]).
//!
//! ```
//! use marsad_corpus::MinHasher;
//! let mh = MinHasher::new();
//! let a = mh.signature("قال الوزير إن الحكومة ستبني ثلاثة آلاف منزل جديد في المدينة خلال العام المقبل");
//! let b = mh.signature("قال الوزيرُ إنّ الحكومة ستبني ثلاثة الاف منزل جديد في المدينة خلال العام القادم");
//! let c = mh.signature("فاز الفريق بالمباراة النهائية بهدفين نظيفين وسط حضور جماهيري كبير في الملعب");
//! assert!(a.similarity(&b) > 0.5);
//! assert!(a.similarity(&c) < 0.1);
//! ```

use crate::hash::{hash64, mix64};
use marsad_arabic::chars::{self, CharClass};
use marsad_arabic::Normalizer;

/// Value of a bin that no shingle reached (an empty text).
const EMPTY: u32 = u32::MAX;

/// Builds a [`MinHasher`].
#[derive(Clone, Copy, Debug)]
pub struct MinHasherBuilder {
    shingle: usize,
    bands: usize,
    rows: usize,
}

impl Default for MinHasherBuilder {
    fn default() -> Self {
        // 4-word shingles; 32 bands of 4 rows: the LSH curve's threshold is
        // about (1/32)^(1/4) = 0.42, so pairs whose shingle Jaccard is 0.5 or
        // more are caught with probability > 0.9 (1 - (1 - 0.5^4)^32 = 0.87
        // at exactly 0.5, 0.99 at 0.6) and candidates are then checked on the
        // whole signature.
        MinHasherBuilder { shingle: 4, bands: 32, rows: 4 }
    }
}

impl MinHasherBuilder {
    /// Words per shingle (default 4).
    pub fn shingle(mut self, words: usize) -> Self {
        self.shingle = words.max(1);
        self
    }

    /// LSH bands and rows per band (default 32 × 4 = 128 values).
    pub fn bands(mut self, bands: usize, rows: usize) -> Self {
        self.bands = bands.max(1);
        self.rows = rows.max(1);
        self
    }

    pub fn build(&self) -> MinHasher {
        let k = self.bands * self.rows;
        // The densification sequence: for bin i, attempt a picks bin
        // mix64(i, a) mod k. Precomputed because it is the same for every
        // document (which is what keeps signatures comparable).
        let probes = (0..k)
            .map(|i| {
                (0..PROBES as u64)
                    .map(|a| (mix64(((i as u64) << 32) ^ a ^ 0xD1B5_4A32_D192_ED03) % k as u64) as u16)
                    .collect()
            })
            .collect();
        MinHasher {
            shingle: self.shingle,
            bands: self.bands,
            rows: self.rows,
            probes,
            normalizer: Normalizer::search(),
        }
    }
}

/// How many probes densification tries before giving up on a bin (only a
/// text with almost no shingles gets that far).
const PROBES: usize = 64;

/// A built MinHasher: immutable, `Send + Sync`.
#[derive(Clone, Debug)]
pub struct MinHasher {
    shingle: usize,
    bands: usize,
    rows: usize,
    probes: Vec<Vec<u16>>,
    normalizer: Normalizer,
}

impl Default for MinHasher {
    fn default() -> Self {
        MinHasher::new()
    }
}

/// A MinHash signature: `k` values, comparable with signatures from the same
/// [`MinHasher`] configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature(pub Vec<u32>);

impl Signature {
    /// The estimated Jaccard similarity of the two shingle sets: the share of
    /// positions where the signatures agree (positions empty in both, which
    /// only happens for empty texts, are left out).
    pub fn similarity(&self, other: &Signature) -> f32 {
        let (mut same, mut n) = (0u32, 0u32);
        for (a, b) in self.0.iter().zip(&other.0) {
            if *a == EMPTY && *b == EMPTY {
                continue;
            }
            n += 1;
            same += (a == b) as u32;
        }
        if n == 0 {
            0.0
        } else {
            same as f32 / n as f32
        }
    }

    /// True when no shingle was seen (the text had no words).
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|&v| v == EMPTY)
    }

    /// Little-endian bytes, for storing.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// Reads [`Signature::to_bytes`] back; `None` if the length is not a
    /// whole number of values.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() % 4 != 0 {
            return None;
        }
        Some(Signature(bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()))
    }
}

impl MinHasher {
    pub fn new() -> MinHasher {
        MinHasherBuilder::default().build()
    }

    pub fn builder() -> MinHasherBuilder {
        MinHasherBuilder::default()
    }

    /// Number of values in a signature.
    pub fn len(&self) -> usize {
        self.bands * self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn bands(&self) -> usize {
        self.bands
    }

    /// The signature of `text`.
    pub fn signature(&self, text: &str) -> Signature {
        let k = self.len();
        let mut bins = vec![EMPTY; k];
        let mut ring = [0u64; 16];
        let w = self.shingle.min(ring.len());
        let mut words = 0usize;
        self.for_each_word(text, |wh| {
            ring[words % w] = wh;
            words += 1;
            if words >= w {
                let sh = shingle_hash(&ring, words, w);
                add(&mut bins, sh, k);
            }
        });
        if words > 0 && words < w {
            // Fewer words than one shingle: the words themselves are the one
            // shingle, so short texts still get a signature.
            let sh = shingle_hash(&ring, words, words);
            add(&mut bins, sh, k);
        }
        self.densify(&mut bins);
        Signature(bins)
    }

    /// The LSH band keys of a signature, one per band; the band index is part
    /// of the key, so equal values in different bands do not collide.
    pub fn band_keys(&self, sig: &Signature) -> Vec<u64> {
        if sig.is_empty() {
            return Vec::new();
        }
        sig.0
            .chunks(self.rows)
            .enumerate()
            .map(|(b, rows)| {
                let mut bytes = Vec::with_capacity(4 + rows.len() * 4);
                bytes.extend_from_slice(&(b as u32).to_le_bytes());
                for v in rows {
                    bytes.extend_from_slice(&v.to_le_bytes());
                }
                hash64(&bytes, 0xBA4D)
            })
            .collect()
    }

    /// Calls `f` with the hash of each normalized word of `text`.
    #[inline]
    fn for_each_word(&self, text: &str, mut f: impl FnMut(u64)) {
        const FNV: u64 = 0x0100_0000_01b3;
        const START: u64 = 0xcbf2_9ce4_8422_2325;
        let bytes = text.as_bytes();
        let mut h = START;
        let mut in_word = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                i += 1;
                if b.is_ascii_alphanumeric() {
                    h = (h ^ b.to_ascii_lowercase() as u64).wrapping_mul(FNV);
                    in_word = true;
                } else if in_word {
                    f(mix64(h));
                    h = START;
                    in_word = false;
                }
                continue;
            }
            let (c, len) = decode(bytes, i);
            i += len;
            match chars::class(c) {
                CharClass::ArabicLetter | CharClass::OtherLetter | CharClass::Digit => {
                    match self.normalizer.fold_char(c) {
                        Some(r) => {
                            for rb in r.bytes() {
                                h = (h ^ rb as u64).wrapping_mul(FNV);
                            }
                        }
                        None => {
                            for rb in &bytes[i - len..i] {
                                h = (h ^ *rb as u64).wrapping_mul(FNV);
                            }
                        }
                    }
                    in_word = true;
                }
                // Harakat, tatweel, ZWNJ and bidi marks do not split a word.
                CharClass::Mark | CharClass::Invisible => {}
                _ => {
                    if in_word {
                        f(mix64(h));
                        h = START;
                        in_word = false;
                    }
                }
            }
        }
        if in_word {
            f(mix64(h));
        }
    }

    fn densify(&self, bins: &mut [u32]) {
        let empty: Vec<usize> = (0..bins.len()).filter(|&i| bins[i] == EMPTY).collect();
        if empty.is_empty() || empty.len() == bins.len() {
            return;
        }
        // Copy from the original (undensified) values only, so the result
        // does not depend on the order bins are filled in.
        let original = bins.to_vec();
        for i in empty {
            for &j in &self.probes[i] {
                let v = original[j as usize];
                if v != EMPTY {
                    bins[i] = v;
                    break;
                }
            }
        }
    }
}

/// The hash of the shingle ending at word `n` (the last `w` words in `ring`).
#[inline(always)]
fn shingle_hash(ring: &[u64; 16], n: usize, w: usize) -> u64 {
    let mut s = 0x243F_6A88_85A3_08D3u64;
    for j in 0..w {
        // Oldest word first, so the shingle is an ordered sequence.
        let wh = ring[(n - w + j) % w.max(1)];
        s = (s.rotate_left(23) ^ wh).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    mix64(s)
}

/// One-permutation hashing: the top bits choose the bin, the next 32 bits
/// are the value kept if it is the bin's minimum.
#[inline(always)]
fn add(bins: &mut [u32], h: u64, k: usize) {
    let bin = ((h >> 32) as u128 * k as u128 >> 32) as usize;
    let v = h as u32;
    // u32::MAX is reserved for empty bins.
    let v = if v == EMPTY { EMPTY - 1 } else { v };
    if v < bins[bin] {
        bins[bin] = v;
    }
}

/// Decodes the UTF-8 character at `i` of valid UTF-8.
#[inline(always)]
fn decode(bytes: &[u8], i: usize) -> (char, usize) {
    let b0 = bytes[i] as u32;
    let (c, len) = if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (((b0 & 0x0F) << 12) | ((bytes[i + 1] as u32 & 0x3F) << 6) | (bytes[i + 2] as u32 & 0x3F), 3)
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((bytes[i + 1] as u32 & 0x3F) << 12)
                | ((bytes[i + 2] as u32 & 0x3F) << 6)
                | (bytes[i + 3] as u32 & 0x3F),
            4,
        )
    };
    (char::from_u32(c).unwrap_or('\u{FFFD}'), len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> usize {
        let mut n = 0;
        MinHasher::new().for_each_word(text, |_| n += 1);
        n
    }

    #[test]
    fn word_splitting_table() {
        let table: &[(&str, usize)] = &[
            ("", 0),
            ("قال", 1),
            ("قال الوزير، إن ٣ آلاف", 5),
            ("عاجــــــل: مَدْرَسَةٌ", 2),
            ("COVID-19 في 2020", 4),
            ("ش\u{200C}ب", 1),
        ];
        for (text, want) in table {
            assert_eq!(words(text), *want, "{text:?}");
        }
    }

    #[test]
    fn spelling_variants_give_the_same_signature() {
        let mh = MinHasher::new();
        let a = mh.signature("أعلنت الوزارة أن ٣ آلاف شخص وصلوا إلى المدينة الليلة الماضية بعد رحلة طويلة");
        let b = mh.signature("اعلنت الوزاره ان 3 الاف شخص وصلوا الي المدينه الليلة الماضية بعد رحلة طويلة");
        assert_eq!(a, b);
        assert_eq!(a.similarity(&b), 1.0);
    }

    #[test]
    fn similarity_tracks_shared_text() {
        let mh = MinHasher::new();
        let base: Vec<String> = (0..400).map(|i| format!("كلمة{} ", i)).collect();
        let full = base.concat();
        let a = mh.signature(&full);
        // Replace every tenth word: 6 in 10 of the 4-word shingles survive,
        // so the Jaccard similarity is 0.6 / 1.4 = 0.43.
        let edited: String =
            base.iter().enumerate().map(|(i, w)| if i % 10 == 0 { "بديل ".to_string() } else { w.clone() }).collect();
        let s = a.similarity(&mh.signature(&edited));
        assert!((0.33..0.53).contains(&s), "{s}");
        let other: String = (0..400).map(|i| format!("اخرى{} ", i)).collect();
        assert!(a.similarity(&mh.signature(&other)) < 0.05);
    }

    #[test]
    fn short_and_empty_texts() {
        let mh = MinHasher::new();
        let e = mh.signature("  ،، ");
        assert!(e.is_empty());
        assert!(mh.band_keys(&e).is_empty());
        let s = mh.signature("خبر عاجل");
        assert!(!s.is_empty());
        assert_eq!(s.similarity(&mh.signature("خبر عاجل")), 1.0);
        assert_eq!(mh.band_keys(&s).len(), 32);
    }

    #[test]
    fn bytes_round_trip() {
        let s = MinHasher::new().signature("نص قصير للاختبار فقط لا غير");
        assert_eq!(Signature::from_bytes(&s.to_bytes()), Some(s));
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn equal_band_keys_for_equal_signatures_only() {
        let mh = MinHasher::new();
        let a = mh.signature("النص الأول الذي نختبر به مفاتيح الحزم في التجزئة");
        let b = mh.signature("النص الأول الذي نختبر به مفاتيح الحزم في التجزئة");
        let c = mh.signature("نص مختلف تماما عن الأول لا يشترك معه في شيء يذكر");
        assert_eq!(mh.band_keys(&a), mh.band_keys(&b));
        let shared = mh.band_keys(&a).iter().zip(mh.band_keys(&c)).filter(|(x, y)| **x == *y).count();
        assert_eq!(shared, 0);
    }
}
