//! Proclitic segmentation: و ف (conjunctions), ب ك ل (prepositions), ال
//! (article) and لل (ل + ال with the alef elided), by rule.
//!
//! Rules work on normalized words (alef forms already folded) and count in
//! characters, never bytes. A word is only split when what remains is long
//! enough to be a word, and never when the word is in the
//! [guard lexicon](crate::clitic_guard) of words whose first letter belongs
//! to the word (وزير، بيان، كبير، لبنان، فرنسا، ألمانيا) or that are
//! particles in their own right (كما، لكن، بين): a hand-written list plus
//! one derived from corpus counts.

use crate::clitic_guard::is_guarded;
use std::fmt;

/// The proclitics found on a word, as a small set.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Proclitics(u8);

impl Proclitics {
    pub const NONE: Proclitics = Proclitics(0);
    /// و "and"
    pub const WA: Proclitics = Proclitics(1 << 0);
    /// ف "so, then"
    pub const FA: Proclitics = Proclitics(1 << 1);
    /// ب "with, by, in"
    pub const BI: Proclitics = Proclitics(1 << 2);
    /// ك "like"
    pub const KA: Proclitics = Proclitics(1 << 3);
    /// ل "for, to"
    pub const LI: Proclitics = Proclitics(1 << 4);
    /// ال "the"
    pub const AL: Proclitics = Proclitics(1 << 5);

    #[inline]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    #[inline]
    pub const fn contains(self, other: Proclitics) -> bool {
        self.0 & other.0 == other.0
    }

    #[inline]
    pub const fn union(self, other: Proclitics) -> Proclitics {
        Proclitics(self.0 | other.0)
    }

    pub const fn bits(self) -> u8 {
        self.0
    }

    /// The clitics in reading order, e.g. `["و", "ب", "ال"]`.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        [(Self::WA, "و"), (Self::FA, "ف"), (Self::BI, "ب"), (Self::KA, "ك"), (Self::LI, "ل"), (Self::AL, "ال")]
            .into_iter()
            .filter(move |(p, _)| self.contains(*p))
            .map(|(_, n)| n)
    }
}

impl fmt::Debug for Proclitics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Proclitics {
    /// `و+ب+ال`, or `-` when there are none.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("-");
        }
        let mut first = true;
        for n in self.names() {
            if !first {
                f.write_str("+")?;
            }
            f.write_str(n)?;
            first = false;
        }
        Ok(())
    }
}

const WAW: char = 'و';
const FEH: char = 'ف';
const BEH: char = 'ب';
const KAF: char = 'ك';
const LAM: char = 'ل';

/// Minimum length, in characters, of what remains after stripping.
const MIN_BASE: usize = 2;

/// Splits the proclitics off a normalized word.
///
/// Returns the clitics and the byte offset in `word` where the base begins.
///
/// ```
/// use marsad_arabic::clitics::{segment, Proclitics};
/// let (p, at) = segment("وبالعراق");
/// assert_eq!(p.to_string(), "و+ب+ال");
/// assert_eq!(&"وبالعراق"[at..], "عراق");
/// assert_eq!(segment("وزير").0, Proclitics::NONE);
/// ```
pub fn segment(word: &str) -> (Proclitics, usize) {
    segment_with(word, is_guarded)
}

/// [`segment`] with `guard` saying which words do not begin with a clitic;
/// with a guard that always says no, the rules alone (how the guard
/// lexicon's candidates are found).
#[inline]
pub fn segment_with(word: &str, guard: impl Fn(&str) -> bool) -> (Proclitics, usize) {
    // Only words that begin with و ف ب ك ل or ا can carry a proclitic;
    // most words stop here, before any counting or lookup.
    if !starts_with_clitic_letter(word) {
        return (Proclitics::NONE, 0);
    }
    let n = word.chars().count();
    if n <= MIN_BASE || guard(word) {
        return (Proclitics::NONE, 0);
    }
    // Every clitic letter is one character of two bytes, so the characters
    // left after `at` bytes of clitics are `n - at / 2`.
    let chars_from = |at: usize| n - at / 2;
    // The guard is asked at most once per suffix of the word (at byte 0, 2
    // or 4), and only about suffixes that begin with a clitic letter.
    let mut asked: [Option<bool>; 3] = [Some(false), None, None];
    let mut guarded = |at: usize| *asked[at / 2].get_or_insert_with(|| guard(&word[at..]));
    let mut p = Proclitics::NONE;
    let mut at = 0;

    // 1. Conjunction و / ف.
    let first = word.chars().next();
    if (first == Some(WAW) || first == Some(FEH)) && chars_from(2) >= MIN_BASE {
        p = p.union(if first == Some(WAW) { Proclitics::WA } else { Proclitics::FA });
        at = 2;
    }

    // 2. Preposition ب / ك / ل, unless what follows the conjunction is a
    //    guarded word in its own right (و + لبنان).
    let rest = &word[at..];
    let c = rest.chars().next();
    if matches!(c, Some(BEH | KAF | LAM)) && !guarded(at) {
        if c == Some(LAM) && rest[2..].starts_with(LAM) && chars_from(at + 4) >= MIN_BASE {
            // لل + base: ل + ال with the article's alef elided.
            return (p.union(Proclitics::LI).union(Proclitics::AL), at + 4);
        }
        // A preposition is only split when the base is clearly a word: it
        // carries the article, or it has at least three letters.
        let art = is_article_at(word, at + 2, chars_from(at + 2), &mut guarded);
        if art || chars_from(at + 2) >= 3 {
            p = p.union(match c {
                Some(BEH) => Proclitics::BI,
                Some(KAF) => Proclitics::KA,
                _ => Proclitics::LI,
            });
            at += 2;
        }
    }

    // 3. Article ال.
    if is_article_at(word, at, chars_from(at), &mut guarded) {
        p = p.union(Proclitics::AL);
        at += 4;
    }
    (p, at)
}

/// True if `word[at..]` (of `left` characters) begins with an article that
/// can be split off: ال followed by at least [`MIN_BASE`] characters, and
/// not a guarded word (الله، الذي، التي …).
#[inline]
fn is_article_at(word: &str, at: usize, left: usize, guarded: &mut impl FnMut(usize) -> bool) -> bool {
    left >= MIN_BASE + 2 && word[at..].starts_with("ال") && !guarded(at)
}

/// True if `w` begins with و ف ب ك ل or ا (checked on the UTF-8 bytes).
#[inline(always)]
pub(crate) fn starts_with_clitic_letter(w: &str) -> bool {
    match w.as_bytes() {
        // ا U+0627, ب U+0628
        [0xD8, 0xA7 | 0xA8, ..] => true,
        // ف U+0641, ك U+0643, ل U+0644, و U+0648
        [0xD9, 0x81 | 0x83 | 0x84 | 0x88, ..] => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segmentation_table() {
        // (normalized word, clitics, base)
        let table = [
            ("وبالعراق", "و+ب+ال", "عراق"),
            ("بالعراق", "ب+ال", "عراق"),
            ("العراق", "ال", "عراق"),
            ("والعراق", "و+ال", "عراق"),
            ("للتاريخ", "ل+ال", "تاريخ"),
            ("وللتاريخ", "و+ل+ال", "تاريخ"),
            ("لقسد", "ل", "قسد"),
            ("وقال", "و", "قال"),
            ("فقال", "ف", "قال"),
            ("كالعادة", "ك+ال", "عادة"),
            ("وزير", "-", "وزير"),
            ("الوزير", "ال", "وزير"),
            ("والوزير", "و+ال", "وزير"),
            ("بيان", "-", "بيان"),
            ("كتاب", "-", "كتاب"),
            ("لبنان", "-", "لبنان"),
            ("ولبنان", "و", "لبنان"),
            ("فرنسا", "-", "فرنسا"),
            ("وفرنسا", "و", "فرنسا"),
            ("بابل", "-", "بابل"),
            ("ببابل", "ب", "بابل"),
            ("وهران", "-", "وهران"),
            ("الله", "-", "الله"),
            ("التي", "-", "التي"),
            ("الذي", "-", "الذي"),
            ("كما", "-", "كما"),
            ("لكن", "-", "لكن"),
            ("بين", "-", "بين"),
            ("في", "-", "في"),
            ("من", "-", "من"),
            ("وواشنطن", "و", "واشنطن"),
            ("واشنطن", "-", "واشنطن"),
        ];
        for (word, clitics, base) in table {
            let (p, at) = segment(word);
            assert_eq!((p.to_string().as_str(), &word[at..]), (clitics, base), "word {word}");
        }
    }
}
