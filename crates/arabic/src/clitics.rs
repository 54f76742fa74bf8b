//! Proclitic segmentation: و ف (conjunctions), ب ك ل (prepositions), ال
//! (article) and لل (ل + ال with the alef elided), by rule.
//!
//! Rules work on normalized words (alef forms already folded) and count in
//! characters, never bytes. A word is only split when what remains is long
//! enough to be a word, and never when the word is in the guard lexicon of
//! words whose first letter belongs to the root (وزير، بيان، كتاب، لبنان،
//! فرنسا) or that are particles in their own right (كما، لكن، بين).

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

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

/// The guard lexicon: normalized words that look clitic-prefixed but are not.
/// See `data/clitic_guard.txt` for where the entries come from.
/// Entries are normalized on load, so the file may be written in ordinary
/// spelling (بدأ، كأس).
static GUARD: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let n = crate::Normalizer::new();
    include_str!("../data/clitic_guard.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| n.normalize(l).text)
        .collect()
});

const WAW: char = 'و';
const FEH: char = 'ف';
const BEH: char = 'ب';
const KAF: char = 'ك';
const LAM: char = 'ل';
const ALEF: char = 'ا';

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
    let n = word.chars().count();
    if n <= MIN_BASE || GUARD.contains(word) {
        return (Proclitics::NONE, 0);
    }
    let mut p = Proclitics::NONE;
    let mut at = 0;
    let chars_from = |at: usize| word[at..].chars().count();

    // 1. Conjunction و / ف (one letter, two bytes).
    let first = word.chars().next();
    if (first == Some(WAW) || first == Some(FEH)) && chars_from(2) >= MIN_BASE {
        p = p.union(if first == Some(WAW) { Proclitics::WA } else { Proclitics::FA });
        at = 2;
    }

    // 2. Preposition ب / ك / ل, unless what follows the conjunction is a
    //    guarded word in its own right (و + لبنان).
    let rest = &word[at..];
    if !GUARD.contains(rest) {
        let c = rest.chars().next();
        if c == Some(LAM) && rest[2..].starts_with(LAM) && chars_from(at + 4) >= MIN_BASE {
            // لل + base: ل + ال with the article's alef elided.
            return (p.union(Proclitics::LI).union(Proclitics::AL), at + 4);
        }
        if matches!(c, Some(BEH | KAF | LAM)) {
            let after = &rest[2..];
            // A preposition is only split when the base is clearly a word:
            // it carries the article, or it has at least three letters.
            if starts_with_clitic_article(after) || chars_from(at + 2) >= 3 {
                p = p.union(match c {
                    Some(BEH) => Proclitics::BI,
                    Some(KAF) => Proclitics::KA,
                    _ => Proclitics::LI,
                });
                at += 2;
            }
        }
    }

    // 3. Article ال.
    if starts_with_clitic_article(&word[at..]) {
        p = p.union(Proclitics::AL);
        at += 4;
    }
    (p, at)
}

/// True if `w` begins with an article that can be split off: ال followed
/// by at least [`MIN_BASE`] characters, and `w` is not a guarded word (الله،
/// الذي، التي …).
#[inline]
fn starts_with_clitic_article(w: &str) -> bool {
    let mut it = w.chars();
    it.next() == Some(ALEF) && it.next() == Some(LAM) && it.count() >= MIN_BASE && !GUARD.contains(w)
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
