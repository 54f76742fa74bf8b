//! The normalizer: applies the fold table's enabled classes in one pass and
//! records an [`OffsetMap`] back to the input.

use crate::fold::{Fold, LUT};
use crate::span::OffsetMap;

/// Builds a [`Normalizer`] from a set of enabled [`Fold`] classes.
///
/// ```
/// use marsad_arabic::{Fold, Normalizer};
/// let n = Normalizer::builder().enable(Fold::TehMarbuta).build();
/// assert_eq!(n.normalize("مدرسةٌ").text, "مدرسه");
/// ```
#[derive(Clone, Debug)]
pub struct NormalizerBuilder {
    mask: u16,
}

impl NormalizerBuilder {
    /// Starts from the default classes (see [`Normalizer::new`]).
    pub fn new() -> NormalizerBuilder {
        NormalizerBuilder { mask: Normalizer::DEFAULT_MASK }
    }

    /// Starts from nothing enabled.
    pub fn none() -> NormalizerBuilder {
        NormalizerBuilder { mask: 0 }
    }

    pub fn enable(mut self, fold: Fold) -> Self {
        self.mask |= fold.bit();
        self
    }

    pub fn disable(mut self, fold: Fold) -> Self {
        self.mask &= !fold.bit();
        self
    }

    pub fn set(self, fold: Fold, on: bool) -> Self {
        if on {
            self.enable(fold)
        } else {
            self.disable(fold)
        }
    }

    pub fn build(&self) -> Normalizer {
        // Force the table to be compiled now rather than on the first call in
        // a hot loop.
        let _ = &*LUT;
        Normalizer { mask: self.mask }
    }
}

impl Default for NormalizerBuilder {
    fn default() -> Self {
        NormalizerBuilder::new()
    }
}

/// Normalized text and the map from its positions back to the input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pub map: OffsetMap,
}

/// A built normalizer: cheap to copy, `Send + Sync`, no per-call allocation
/// beyond the output it is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Normalizer {
    mask: u16,
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new()
    }
}

impl Normalizer {
    /// The default classes: everything that does not lose information a
    /// reader would care about. On: alef forms, alef maqsura, tatweel,
    /// harakat, digits, invisible characters, presentation forms, Persian
    /// letters. Off: teh marbuta, hamza seats, Latin case.
    pub const DEFAULT_MASK: u16 = Fold::Alef.bit()
        | Fold::AlefMaqsura.bit()
        | Fold::Tatweel.bit()
        | Fold::Harakat.bit()
        | Fold::Digits.bit()
        | Fold::Invisible.bit()
        | Fold::PresentationForms.bit()
        | Fold::PersianLetters.bit();

    /// The normalizer with the default classes.
    pub fn new() -> Normalizer {
        NormalizerBuilder::new().build()
    }

    /// A normalizer for search keys: the defaults plus teh marbuta, hamza
    /// seats and Latin case, so that the common spelling variants of a word
    /// meet.
    pub fn search() -> Normalizer {
        NormalizerBuilder::new().enable(Fold::TehMarbuta).enable(Fold::HamzaSeat).enable(Fold::LatinCase).build()
    }

    pub fn builder() -> NormalizerBuilder {
        NormalizerBuilder::new()
    }

    /// The enabled classes, as [`Fold::bit`]s.
    #[inline]
    pub(crate) fn mask(&self) -> u16 {
        self.mask
    }

    /// Whether `fold` is enabled.
    pub fn is_enabled(&self, fold: Fold) -> bool {
        self.mask & fold.bit() != 0
    }

    /// What `c` becomes: `None` if it is kept as is, `Some("")` if removed.
    /// The replacement is already fully normalized.
    #[inline]
    pub fn fold_char(&self, c: char) -> Option<&'static str> {
        let e = LUT.get(c);
        if e.class & self.mask != 0 {
            Some(e.to)
        } else {
            None
        }
    }

    /// Normalizes `input`, returning the text and its offset map.
    pub fn normalize(&self, input: &str) -> Normalized {
        let mut out = Normalized::default();
        self.normalize_with_map_into(input, &mut out.text, &mut out.map);
        out
    }

    /// Normalizes `input` and appends to `out` (no offset map: the fast path
    /// for search keys and features). Returns true if anything changed.
    #[inline]
    pub fn normalize_into(&self, input: &str, out: &mut String) -> bool {
        self.run(input, out, None)
    }

    /// Normalizes `input` into `out` (cleared first) with `map` (cleared
    /// first) leading back into `input`.
    pub fn normalize_with_map_into(&self, input: &str, out: &mut String, map: &mut OffsetMap) -> bool {
        out.clear();
        map.clear();
        self.run(input, out, Some(map))
    }

    /// True if normalizing `input` would change nothing.
    pub fn is_normalized(&self, input: &str) -> bool {
        input.chars().all(|c| self.fold_char(c).is_none())
    }

    /// The one loop behind every entry point. Copies unchanged runs in bulk;
    /// only characters the table folds break a run.
    fn run(&self, input: &str, out: &mut String, mut map: Option<&mut OffsetMap>) -> bool {
        let lut = &*LUT;
        let base = out.len();
        let bytes = input.as_bytes();
        let ascii_folds = self.mask & Fold::LatinCase.bit() != 0;
        let mut changed = false;
        let mut run_start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if ascii_folds && b.is_ascii_uppercase() {
                    // Same length, so the map can treat it as a copy.
                    out.push_str(&input[run_start..i]);
                    out.push((b | 0x20) as char);
                    if let Some(m) = map.as_deref_mut() {
                        m.copy(run_start..i + 1);
                    }
                    changed = true;
                    i += 1;
                    run_start = i;
                } else {
                    i += 1;
                }
                continue;
            }
            // Decode one non-ASCII character (input is valid UTF-8); the
            // Arabic block, two bytes led by D8..DB, straight from its table.
            let (len, e) = if (0xD8..=0xDB).contains(&b) {
                let cp = ((b as usize & 0x1F) << 6) | (bytes[i + 1] as usize & 0x3F);
                (2, lut.arabic[cp - 0x600])
            } else {
                let (c, len) = decode(bytes, i);
                (len, lut.get(c))
            };
            if e.class & self.mask == 0 {
                i += len;
                continue;
            }
            // Flush the unchanged run, then write the replacement.
            out.push_str(&input[run_start..i]);
            if let Some(m) = map.as_deref_mut() {
                m.copy(run_start..i);
            }
            let before = out.len();
            if e.class == Fold::PresentationForms.bit() {
                // Presentation forms fold to base letters that other classes
                // may fold further (ﺃ → أ → ا); base replacements are fixed
                // points, so one more pass is enough.
                for rc in e.to.chars() {
                    match self.fold_char(rc) {
                        Some(r) => out.push_str(r),
                        None => out.push(rc),
                    }
                }
            } else {
                out.push_str(e.to);
            }
            if let Some(m) = map.as_deref_mut() {
                m.replace(i..i + len, out.len() - before);
            }
            changed = true;
            i += len;
            run_start = i;
        }
        out.push_str(&input[run_start..]);
        if let Some(m) = map {
            m.copy(run_start..input.len());
        }
        debug_assert!(out.len() >= base);
        changed
    }
}

/// Decodes the UTF-8 character starting at `i` (which must be a char
/// boundary of valid UTF-8).
#[inline(always)]
pub(crate) fn decode(bytes: &[u8], i: usize) -> (char, usize) {
    let b0 = bytes[i] as u32;
    if b0 < 0x80 {
        (b0 as u8 as char, 1)
    } else if b0 < 0xE0 {
        let c = ((b0 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F);
        // SAFETY-free: from_u32 on a value decoded from valid UTF-8 is Some.
        (char::from_u32(c).unwrap_or('\u{FFFD}'), 2)
    } else if b0 < 0xF0 {
        let c = ((b0 & 0x0F) << 12) | ((bytes[i + 1] as u32 & 0x3F) << 6) | (bytes[i + 2] as u32 & 0x3F);
        (char::from_u32(c).unwrap_or('\u{FFFD}'), 3)
    } else {
        let c = ((b0 & 0x07) << 18)
            | ((bytes[i + 1] as u32 & 0x3F) << 12)
            | ((bytes[i + 2] as u32 & 0x3F) << 6)
            | (bytes[i + 3] as u32 & 0x3F);
        (char::from_u32(c).unwrap_or('\u{FFFD}'), 4)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// (options, input, expected)
    fn cases() -> Vec<(Normalizer, &'static str, &'static str)> {
        let d = Normalizer::new();
        let tm = Normalizer::builder().enable(Fold::TehMarbuta).build();
        let hs = Normalizer::builder().enable(Fold::HamzaSeat).build();
        let s = Normalizer::search();
        let none = NormalizerBuilder::none().build();
        vec![
            (d, "أحمد إبراهيم آمال ٱلله", "احمد ابراهيم امال الله"),
            (d, "مستشفى على", "مستشفي علي"),
            (d, "عاجــــــل", "عاجل"),
            (d, "مَدْرَسَةٌ", "مدرسة"),
            (tm, "مدرسة", "مدرسه"),
            (d, "مدرسة", "مدرسة"),
            (hs, "مؤتمر رئيس", "موتمر رييس"),
            (d, "عام ٢٠١٤ و۱۹۹۰", "عام 2014 و1990"),
            (d, "٣٫٥ و١٬٠٠٠", "3.5 و1,000"),
            (d, "\u{200F}قسد\u{200E} \u{202B}x\u{202C}", "قسد x"),
            (d, "\u{FEFF}بداية", "بداية"),
            (d, "ش\u{200C}ب", "شب"),
            (d, "\u{FEBB}\u{FEE0}\u{FEE2}", "صلم"), // presentation forms
            (d, "\u{FEFB}", "لا"),                   // lam-alef ligature
            (d, "\u{FE83}", "ا"),                   // alef with hamza above, isolated → folded alef
            (d, "\u{FEF9}", "لا"),                   // lam-alef with hamza below → folded alef
            (d, "کتاب فارسی", "كتاب فارسي"),
            (s, "COVID-19 مدرسة مؤتمر", "covid-19 مدرسه موتمر"),
            (d, "COVID", "COVID"),
            (none, "أحمدُ ٣", "أحمدُ ٣"),
            (d, "", ""),
            (d, "plain ascii text.", "plain ascii text."),
        ]
    }

    #[test]
    fn table_cases() {
        for (n, input, want) in cases() {
            let got = n.normalize(input);
            assert_eq!(got.text, want, "input {input:?}");
            let mut fast = String::new();
            n.normalize_into(input, &mut fast);
            assert_eq!(fast, want, "fast path, input {input:?}");
        }
    }

    #[test]
    fn idempotent_on_table_cases() {
        for (n, input, _) in cases() {
            let once = n.normalize(input).text;
            assert_eq!(n.normalize(&once).text, once);
            assert!(n.is_normalized(&once));
        }
    }

    #[test]
    fn every_folded_char_is_a_fixed_point() {
        for n in [Normalizer::new(), Normalizer::search()] {
            for (c, _, _) in crate::fold::table() {
                let mut s = String::new();
                n.normalize_into(&c.to_string(), &mut s);
                let again = n.normalize(&s).text;
                assert_eq!(again, s, "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn map_leads_back_to_the_original_word() {
        let input = "قال الرئيسُ الأمريكيّ: ١٠٠ ألف";
        let n = Normalizer::new().normalize(input);
        assert_eq!(n.text, "قال الرئيس الامريكي: 100 الف");
        let find = |w: &str| {
            let s = n.text.find(w).unwrap();
            n.map.span_to_source(Span::new(s, s + w.len())).get(input).unwrap()
        };
        // A mark removed after the last letter belongs to no normalized byte,
        // so the span ends at the letter; the tokenizer, which works on the
        // original text, keeps marks inside its word spans.
        assert_eq!(find("الرئيس"), "الرئيس");
        assert_eq!(find("الامريكي"), "الأمريكي");
        assert_eq!(find("100"), "١٠٠");
        assert_eq!(find("الف"), "ألف");
    }
}
