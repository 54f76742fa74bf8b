//! The fold table: every character the normalizer may change, what it becomes,
//! and the option ([`Fold`] class) that enables the change.
//!
//! There is exactly one table. Normalizers differ only in which classes they
//! enable, never in the order they apply them, so the result does not depend
//! on how several normalizers happen to be chained (the mistake charabia's
//! Arabic support shows). Every replacement is itself a fixed point of the
//! table, which makes normalization idempotent.

use crate::fold_presentation::PRESENTATION_FORMS;
use std::sync::LazyLock;

/// A class of folds, switched on and off together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum Fold {
    /// أ إ آ ٱ ٲ ٳ → ا
    Alef = 1 << 0,
    /// ى → ي (alef maqsura written as yeh)
    AlefMaqsura = 1 << 1,
    /// ة → ه (off by default: it loses the feminine ending)
    TehMarbuta = 1 << 2,
    /// ؤ → و, ئ → ي (off by default: hamza seats carry meaning)
    HamzaSeat = 1 << 3,
    /// ـ removed (tatweel, kashida)
    Tatweel = 1 << 4,
    /// harakat, shadda, sukun, superscript alef and Quranic marks removed
    Harakat = 1 << 5,
    /// Arabic-Indic ٠-٩ and Persian ۰-۹ digits → 0-9; ٫ → . and ٬ → ,
    Digits = 1 << 6,
    /// bidi controls, zero-width characters, soft hyphen and BOM removed
    Invisible = 1 << 7,
    /// presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) → base letters
    PresentationForms = 1 << 8,
    /// Persian and Urdu letter variants ک ی ە ۀ ہ → ك ي ه ه ه
    PersianLetters = 1 << 9,
    /// ASCII A-Z → a-z (for search keys)
    LatinCase = 1 << 10,
}

impl Fold {
    pub const ALL: [Fold; 11] = [
        Fold::Alef,
        Fold::AlefMaqsura,
        Fold::TehMarbuta,
        Fold::HamzaSeat,
        Fold::Tatweel,
        Fold::Harakat,
        Fold::Digits,
        Fold::Invisible,
        Fold::PresentationForms,
        Fold::PersianLetters,
        Fold::LatinCase,
    ];

    #[inline]
    pub const fn bit(self) -> u16 {
        self as u16
    }
}

/// The explicit table, hand-written (presentation forms come from the
/// generated `fold_presentation.rs`). Ranges are inclusive; an empty
/// replacement removes the character.
static TABLE: &[(char, char, Fold, &str)] = &[
    // Alef forms.
    ('\u{0622}', '\u{0622}', Fold::Alef, "\u{0627}"), // آ
    ('\u{0623}', '\u{0623}', Fold::Alef, "\u{0627}"), // أ
    ('\u{0625}', '\u{0625}', Fold::Alef, "\u{0627}"), // إ
    ('\u{0671}', '\u{0671}', Fold::Alef, "\u{0627}"), // ٱ alef wasla
    ('\u{0672}', '\u{0673}', Fold::Alef, "\u{0627}"), // ٲ ٳ wavy hamza
    ('\u{0675}', '\u{0675}', Fold::Alef, "\u{0627}"), // ٵ high hamza alef
    // Alef maqsura.
    ('\u{0649}', '\u{0649}', Fold::AlefMaqsura, "\u{064A}"), // ى → ي
    // Teh marbuta.
    ('\u{0629}', '\u{0629}', Fold::TehMarbuta, "\u{0647}"), // ة → ه
    // Hamza on seats.
    ('\u{0624}', '\u{0624}', Fold::HamzaSeat, "\u{0648}"), // ؤ → و
    ('\u{0626}', '\u{0626}', Fold::HamzaSeat, "\u{064A}"), // ئ → ي
    // Tatweel.
    ('\u{0640}', '\u{0640}', Fold::Tatweel, ""),
    // Harakat and other combining marks.
    ('\u{0610}', '\u{061A}', Fold::Harakat, ""), // honorifics, small high marks
    ('\u{064B}', '\u{065F}', Fold::Harakat, ""), // tanween, fatha..sukun, shadda, …
    ('\u{0670}', '\u{0670}', Fold::Harakat, ""), // superscript alef
    ('\u{06D6}', '\u{06DC}', Fold::Harakat, ""), // Quranic annotation marks
    ('\u{06DF}', '\u{06E4}', Fold::Harakat, ""),
    ('\u{06E7}', '\u{06E8}', Fold::Harakat, ""),
    ('\u{06EA}', '\u{06ED}', Fold::Harakat, ""),
    ('\u{08D3}', '\u{08E1}', Fold::Harakat, ""), // Arabic Extended-A marks
    ('\u{08E3}', '\u{08FF}', Fold::Harakat, ""),
    // Digits and numeric separators.
    ('\u{0660}', '\u{0660}', Fold::Digits, "0"),
    ('\u{0661}', '\u{0661}', Fold::Digits, "1"),
    ('\u{0662}', '\u{0662}', Fold::Digits, "2"),
    ('\u{0663}', '\u{0663}', Fold::Digits, "3"),
    ('\u{0664}', '\u{0664}', Fold::Digits, "4"),
    ('\u{0665}', '\u{0665}', Fold::Digits, "5"),
    ('\u{0666}', '\u{0666}', Fold::Digits, "6"),
    ('\u{0667}', '\u{0667}', Fold::Digits, "7"),
    ('\u{0668}', '\u{0668}', Fold::Digits, "8"),
    ('\u{0669}', '\u{0669}', Fold::Digits, "9"),
    ('\u{066B}', '\u{066B}', Fold::Digits, "."), // Arabic decimal separator
    ('\u{066C}', '\u{066C}', Fold::Digits, ","), // Arabic thousands separator
    ('\u{06F0}', '\u{06F0}', Fold::Digits, "0"),
    ('\u{06F1}', '\u{06F1}', Fold::Digits, "1"),
    ('\u{06F2}', '\u{06F2}', Fold::Digits, "2"),
    ('\u{06F3}', '\u{06F3}', Fold::Digits, "3"),
    ('\u{06F4}', '\u{06F4}', Fold::Digits, "4"),
    ('\u{06F5}', '\u{06F5}', Fold::Digits, "5"),
    ('\u{06F6}', '\u{06F6}', Fold::Digits, "6"),
    ('\u{06F7}', '\u{06F7}', Fold::Digits, "7"),
    ('\u{06F8}', '\u{06F8}', Fold::Digits, "8"),
    ('\u{06F9}', '\u{06F9}', Fold::Digits, "9"),
    // Invisible characters.
    ('\u{00AD}', '\u{00AD}', Fold::Invisible, ""), // soft hyphen
    ('\u{061C}', '\u{061C}', Fold::Invisible, ""), // Arabic letter mark
    ('\u{200B}', '\u{200F}', Fold::Invisible, ""), // ZWSP, ZWNJ, ZWJ, LRM, RLM
    ('\u{202A}', '\u{202E}', Fold::Invisible, ""), // LRE, RLE, PDF, LRO, RLO
    ('\u{2060}', '\u{2064}', Fold::Invisible, ""), // word joiner, invisible operators
    ('\u{2066}', '\u{2069}', Fold::Invisible, ""), // LRI, RLI, FSI, PDI
    ('\u{FEFF}', '\u{FEFF}', Fold::Invisible, ""), // BOM / ZWNBSP
    // Persian and Urdu letter variants.
    ('\u{06A9}', '\u{06A9}', Fold::PersianLetters, "\u{0643}"), // ک → ك
    ('\u{06AA}', '\u{06AA}', Fold::PersianLetters, "\u{0643}"), // ڪ → ك
    ('\u{06CC}', '\u{06CC}', Fold::PersianLetters, "\u{064A}"), // ی → ي
    ('\u{06D0}', '\u{06D0}', Fold::PersianLetters, "\u{064A}"), // ې → ي
    ('\u{06C1}', '\u{06C1}', Fold::PersianLetters, "\u{0647}"), // ہ → ه
    ('\u{06D5}', '\u{06D5}', Fold::PersianLetters, "\u{0647}"), // ە → ه
    ('\u{06C0}', '\u{06C0}', Fold::PersianLetters, "\u{0647}"), // ۀ → ه
    // Latin case.
    ('A', 'A', Fold::LatinCase, "a"),
    ('B', 'B', Fold::LatinCase, "b"),
    ('C', 'C', Fold::LatinCase, "c"),
    ('D', 'D', Fold::LatinCase, "d"),
    ('E', 'E', Fold::LatinCase, "e"),
    ('F', 'F', Fold::LatinCase, "f"),
    ('G', 'G', Fold::LatinCase, "g"),
    ('H', 'H', Fold::LatinCase, "h"),
    ('I', 'I', Fold::LatinCase, "i"),
    ('J', 'J', Fold::LatinCase, "j"),
    ('K', 'K', Fold::LatinCase, "k"),
    ('L', 'L', Fold::LatinCase, "l"),
    ('M', 'M', Fold::LatinCase, "m"),
    ('N', 'N', Fold::LatinCase, "n"),
    ('O', 'O', Fold::LatinCase, "o"),
    ('P', 'P', Fold::LatinCase, "p"),
    ('Q', 'Q', Fold::LatinCase, "q"),
    ('R', 'R', Fold::LatinCase, "r"),
    ('S', 'S', Fold::LatinCase, "s"),
    ('T', 'T', Fold::LatinCase, "t"),
    ('U', 'U', Fold::LatinCase, "u"),
    ('V', 'V', Fold::LatinCase, "v"),
    ('W', 'W', Fold::LatinCase, "w"),
    ('X', 'X', Fold::LatinCase, "x"),
    ('Y', 'Y', Fold::LatinCase, "y"),
    ('Z', 'Z', Fold::LatinCase, "z"),
];

/// One entry of the compiled lookup: the class bit (0 = no fold) and the
/// replacement.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    pub class: u16,
    pub to: &'static str,
}

const NONE: Entry = Entry { class: 0, to: "" };

/// Dense lookups for the blocks where folds are frequent, a sorted list for
/// the rest.
pub(crate) struct Lut {
    /// U+0000..U+007F
    pub ascii: [Entry; 128],
    /// U+0600..U+06FF
    pub arabic: [Entry; 256],
    /// U+FB50..U+FEFF
    pub forms: Vec<Entry>,
    /// everything else, sorted by code point
    pub other: Vec<(char, Entry)>,
}

pub(crate) const FORMS_START: u32 = 0xFB50;
pub(crate) const FORMS_END: u32 = 0xFF00;

impl Lut {
    #[inline]
    pub fn get(&self, c: char) -> Entry {
        let cp = c as u32;
        if cp < 0x80 {
            self.ascii[cp as usize]
        } else if (0x600..0x700).contains(&cp) {
            self.arabic[(cp - 0x600) as usize]
        } else if (FORMS_START..FORMS_END).contains(&cp) {
            self.forms[(cp - FORMS_START) as usize]
        } else {
            match self.other.binary_search_by_key(&c, |&(k, _)| k) {
                Ok(i) => self.other[i].1,
                Err(_) => NONE,
            }
        }
    }
}

pub(crate) static LUT: LazyLock<Lut> = LazyLock::new(|| {
    let mut lut = Lut {
        ascii: [NONE; 128],
        arabic: [NONE; 256],
        forms: vec![NONE; (FORMS_END - FORMS_START) as usize],
        other: Vec::new(),
    };
    let mut put = |c: char, e: Entry| {
        let cp = c as u32;
        if cp < 0x80 {
            lut.ascii[cp as usize] = e;
        } else if (0x600..0x700).contains(&cp) {
            lut.arabic[(cp - 0x600) as usize] = e;
        } else if (FORMS_START..FORMS_END).contains(&cp) {
            lut.forms[(cp - FORMS_START) as usize] = e;
        } else {
            lut.other.push((c, e));
        }
    };
    for &(lo, hi, class, to) in TABLE {
        for cp in lo as u32..=hi as u32 {
            if let Some(c) = char::from_u32(cp) {
                put(c, Entry { class: class.bit(), to });
            }
        }
    }
    for &(c, to) in PRESENTATION_FORMS {
        // The BOM lives in the forms block but is invisible, not a form.
        if c == '\u{FEFF}' {
            continue;
        }
        put(c, Entry { class: Fold::PresentationForms.bit(), to });
    }
    lut.other.sort_by_key(|&(c, _)| c);
    lut
});

/// Every class in the table, for tests and documentation.
#[cfg(test)]
pub(crate) fn table() -> impl Iterator<Item = (char, Fold, &'static str)> {
    TABLE
        .iter()
        .flat_map(|&(lo, hi, class, to)| {
            (lo as u32..=hi as u32).filter_map(move |cp| char::from_u32(cp).map(|c| (c, class, to)))
        })
        .chain(
            PRESENTATION_FORMS
                .iter()
                .filter(|(c, _)| *c != '\u{FEFF}')
                .map(|&(c, to)| (c, Fold::PresentationForms, to)),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_entries_do_not_overlap() {
        let mut seen = std::collections::HashMap::new();
        for (c, class, _) in table() {
            if let Some(prev) = seen.insert(c, class) {
                panic!("U+{:04X} is in the table twice ({prev:?} and {class:?})", c as u32);
            }
        }
    }

    #[test]
    fn lookup_agrees_with_table() {
        for (c, class, to) in table() {
            let e = LUT.get(c);
            assert_eq!(e.class, class.bit(), "U+{:04X}", c as u32);
            assert_eq!(e.to, to);
        }
        assert_eq!(LUT.get('ب').class, 0);
        assert_eq!(LUT.get('a').class, 0);
    }
}
