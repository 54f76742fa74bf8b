//! Character classes for tokenization.

/// What a character is, for the tokenizer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharClass {
    /// An Arabic-script letter (including presentation forms).
    ArabicLetter,
    /// A combining mark or tatweel: stays inside whatever word it follows.
    Mark,
    /// A decimal digit: ASCII, Arabic-Indic or Persian.
    Digit,
    /// A letter of another script (Latin, Cyrillic, …).
    OtherLetter,
    /// Whitespace, including no-break spaces.
    Space,
    /// Zero-width and bidi controls: transparent inside a word, ignored
    /// elsewhere.
    Invisible,
    /// Punctuation, Arabic and Latin.
    Punct,
    /// Anything else visible: symbols, emoji, currency signs.
    Symbol,
}

/// ASCII classes, indexed by byte.
static ASCII: [CharClass; 128] = {
    let mut t = [CharClass::Symbol; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_digit() {
            CharClass::Digit
        } else if b.is_ascii_alphabetic() {
            CharClass::OtherLetter
        } else if b.is_ascii_whitespace() || b == 0x0B {
            CharClass::Space
        } else if b.is_ascii_control() {
            CharClass::Invisible
        } else if matches!(b, b'$' | b'+' | b'<' | b'=' | b'>' | b'^' | b'`' | b'|' | b'~') {
            CharClass::Symbol
        } else {
            CharClass::Punct
        };
        i += 1;
    }
    t
};

/// Classes for U+0600..U+06FF.
pub(crate) static ARABIC: [CharClass; 256] = {
    let mut t = [CharClass::ArabicLetter; 256];
    let mut i = 0;
    while i < 256 {
        let cp = 0x600 + i as u32;
        t[i] = match cp {
            0x0600..=0x0605 | 0x061C | 0x06DD => CharClass::Invisible,
            0x0606..=0x0608 | 0x060E | 0x060F | 0x06DE | 0x06E9 | 0x06FD | 0x06FE => CharClass::Symbol,
            0x0609..=0x060D | 0x061B | 0x061D..=0x061F | 0x066A | 0x066B | 0x066C | 0x066D | 0x06D4 => CharClass::Punct,
            0x0610..=0x061A
            | 0x0640
            | 0x064B..=0x065F
            | 0x0670
            | 0x06D6..=0x06DC
            | 0x06DF..=0x06E4
            | 0x06E7
            | 0x06E8
            | 0x06EA..=0x06ED => CharClass::Mark,
            0x0660..=0x0669 | 0x06F0..=0x06F9 => CharClass::Digit,
            _ => CharClass::ArabicLetter,
        };
        i += 1;
    }
    t
};

/// The class of `c`.
#[inline]
pub fn class(c: char) -> CharClass {
    let cp = c as u32;
    if cp < 0x80 {
        return ASCII[cp as usize];
    }
    if (0x600..0x700).contains(&cp) {
        return ARABIC[(cp - 0x600) as usize];
    }
    class_slow(c)
}

#[cold]
fn class_slow(c: char) -> CharClass {
    let cp = c as u32;
    match cp {
        0x00A0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 => CharClass::Space,
        0x00AD | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF => CharClass::Invisible,
        0x0080..=0x009F => CharClass::Invisible,
        // Arabic Supplement, Extended-A/B letters; marks in Extended-A.
        0x0750..=0x077F | 0x0870..=0x0887 | 0x0889..=0x088E | 0x08A0..=0x08C9 => CharClass::ArabicLetter,
        0x0898..=0x089F | 0x08CA..=0x08E1 | 0x08E3..=0x08FF => CharClass::Mark,
        // Presentation forms: letters and ligatures, except the ornate
        // parentheses and a few symbols.
        0xFD3E | 0xFD3F => CharClass::Punct,
        0xFDFC | 0xFDFD => CharClass::Symbol,
        0xFB50..=0xFDFF | 0xFE70..=0xFEFC => CharClass::ArabicLetter,
        // Latin-1 punctuation and symbols.
        0x00A1 | 0x00A7 | 0x00AB | 0x00B6 | 0x00B7 | 0x00BB | 0x00BF => CharClass::Punct,
        0x00A2..=0x00A6
        | 0x00A8..=0x00AA
        | 0x00AC
        | 0x00AE..=0x00B5
        | 0x00B8..=0x00BA
        | 0x00BC..=0x00BE
        | 0x00D7
        | 0x00F7 => CharClass::Symbol,
        // General punctuation, CJK and fullwidth punctuation.
        0x2010..=0x2027
        | 0x2030..=0x205E
        | 0x2E00..=0x2E4F
        | 0x3001..=0x3003
        | 0x3008..=0x3011
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF0F
        | 0xFF1A..=0xFF20 => CharClass::Punct,
        _ => {
            if c.is_ascii_digit() {
                CharClass::Digit
            } else if c.is_alphabetic() {
                CharClass::OtherLetter
            } else if c.is_whitespace() {
                CharClass::Space
            } else if (0x0300..=0x036F).contains(&cp)
                || (0x1AB0..=0x1AFF).contains(&cp)
                || (0x1DC0..=0x1DFF).contains(&cp)
            {
                CharClass::Mark
            } else {
                CharClass::Symbol
            }
        }
    }
}

/// True for the characters that may join digits inside one number:
/// `.` `,` `٫` `٬`.
#[inline]
pub fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{066B}' | '\u{066C}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use CharClass::*;

    #[test]
    fn classes() {
        let table = [
            ('ب', ArabicLetter),
            ('ء', ArabicLetter),
            ('ی', ArabicLetter),
            ('\u{FEFB}', ArabicLetter),
            ('َ', Mark),
            ('ـ', Mark),
            ('٣', Digit),
            ('۳', Digit),
            ('3', Digit),
            ('a', OtherLetter),
            ('é', OtherLetter),
            ('،', Punct),
            ('؛', Punct),
            ('؟', Punct),
            ('٪', Punct),
            ('«', Punct),
            ('”', Punct),
            ('…', Punct),
            ('.', Punct),
            (' ', Space),
            ('\u{00A0}', Space),
            ('\n', Space),
            ('\u{200F}', Invisible),
            ('\u{200C}', Invisible),
            ('\u{FEFF}', Invisible),
            ('$', Symbol),
            ('😀', Symbol),
        ];
        for (c, want) in table {
            assert_eq!(class(c), want, "{c:?} U+{:04X}", c as u32);
        }
    }
}
