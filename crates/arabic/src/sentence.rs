//! Sentence splitting: the byte spans of the sentences of a text.
//!
//! A sentence ends at `.` `!` `?` `؟` `…` `۔` (a run of them, `؟!` or `...`,
//! counts as one end) and at every line break (or, optionally, only at blank
//! lines). `،` and `؛` never end a sentence. A period does not end a
//! sentence when it sits inside a number (`3.5`; `٫` and `,` are not
//! terminators at all), after an abbreviation from `data/abbreviations.txt`
//! (`د.`، `أ.د.`، `ق.م.`، `ص.ب.`), after a single letter (an initial: `ج.`،
//! `J. K.`), after a list number at the start of a line (`1.`), or when a
//! letter follows it directly (`العربية.نت`، `U.S.`). Terminators inside
//! quotes or brackets (`« »` `“ ”` `" "` `( )` `[ ]`) do not end a sentence;
//! a quote only protects its text when it closes on the same paragraph within
//! a bounded number of characters, so an unclosed quote cannot swallow a
//! paragraph. A quoted sentence that ends with a period and closes the quote
//! (`قال: «انتهى الأمر.» ثم …`) ends the sentence after the closing quote.
//!
//! Spans are trimmed of surrounding whitespace and invisible characters, are
//! ordered and do not overlap, and together cover every visible character of
//! the text.
//!
//! ```
//! use marsad_arabic::sentence::SentenceSplitter;
//! let text = "قال د. أحمد إن النمو بلغ 3.5 في المئة. هل هذا كاف؟ نعم";
//! let got: Vec<&str> = SentenceSplitter::new().split(text).iter().map(|s| &text[s.range()]).collect();
//! assert_eq!(got, ["قال د. أحمد إن النمو بلغ 3.5 في المئة.", "هل هذا كاف؟", "نعم"]);
//! ```

use crate::chars::{self, CharClass};
use crate::normalize::decode;
use crate::span::Span;
use crate::Normalizer;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What an abbreviation in the lexicon is (see `data/abbreviations.txt`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AbbrevKind {
    /// Before a name: د. أحمد
    Title,
    /// After a year: 1950 م.
    Era,
    /// Inside a reference, address or amount: ص.ب. 12
    Reference,
    /// A Latin letter spelled in Arabic (سي. إن. إن): an abbreviation only
    /// when another initial follows.
    Initial,
}

/// The abbreviation lexicon, keyed by the normalized form with its periods.
static ABBREVIATIONS: LazyLock<HashMap<String, AbbrevKind>> = LazyLock::new(|| {
    let n = Normalizer::new();
    let mut map = HashMap::new();
    for line in include_str!("../data/abbreviations.txt").lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(form), Some(kind)) = (fields.next(), fields.next()) else {
            continue;
        };
        let kind = match kind {
            "title" => AbbrevKind::Title,
            "era" => AbbrevKind::Era,
            "reference" => AbbrevKind::Reference,
            "initial" => AbbrevKind::Initial,
            // A typo in the data file must not pass silently; the unit test
            // `lexicon_parses` loads every line through this function.
            other => panic!("data/abbreviations.txt: unknown kind {other:?} for {form:?}"),
        };
        map.insert(n.normalize(form).text, kind);
    }
    map
});

/// Where paragraphs end (a quote never protects text across a paragraph).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineBreaks {
    /// Every line break ends a sentence: the form of crawl text and of
    /// cleaned pages, where a line is a block (headline, paragraph, caption)
    /// that need not end with punctuation.
    #[default]
    Each,
    /// Only blank lines end a sentence; single line breaks are spaces (hard
    /// wrapped text).
    Blank,
}

/// Builds a [`SentenceSplitter`].
#[derive(Clone, Debug)]
pub struct SentenceSplitterBuilder {
    line_breaks: LineBreaks,
    max_quote_chars: usize,
}

impl Default for SentenceSplitterBuilder {
    fn default() -> Self {
        SentenceSplitterBuilder { line_breaks: LineBreaks::Each, max_quote_chars: SentenceSplitter::MAX_QUOTE_CHARS }
    }
}

impl SentenceSplitterBuilder {
    pub fn line_breaks(mut self, l: LineBreaks) -> Self {
        self.line_breaks = l;
        self
    }

    /// The longest quotation, in characters, whose inner terminators are
    /// ignored (default [`SentenceSplitter::MAX_QUOTE_CHARS`]); a longer one
    /// is split like ordinary text.
    pub fn max_quote_chars(mut self, n: usize) -> Self {
        self.max_quote_chars = n;
        self
    }

    pub fn build(&self) -> SentenceSplitter {
        let _ = &*ABBREVIATIONS;
        SentenceSplitter { line_breaks: self.line_breaks, max_quote_chars: self.max_quote_chars }
    }
}

/// A built sentence splitter: `Copy`, `Send + Sync`.
#[derive(Clone, Copy, Debug)]
pub struct SentenceSplitter {
    line_breaks: LineBreaks,
    max_quote_chars: usize,
}

impl Default for SentenceSplitter {
    fn default() -> Self {
        SentenceSplitter::new()
    }
}

/// Splits `text` with the default [`SentenceSplitter`].
pub fn sentences(text: &str) -> Vec<Span> {
    SentenceSplitter::new().split(text)
}

impl SentenceSplitter {
    /// Default bound on a protecting quotation: long enough for a quoted
    /// statement of a few sentences, short enough that a stray quote mark
    /// cannot merge a whole paragraph.
    pub const MAX_QUOTE_CHARS: usize = 400;

    pub fn new() -> SentenceSplitter {
        SentenceSplitterBuilder::default().build()
    }

    pub fn builder() -> SentenceSplitterBuilder {
        SentenceSplitterBuilder::default()
    }

    /// The sentences of `text`, as byte spans into it.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        self.split_into(text, &mut out);
        out
    }

    /// Like [`split`](Self::split), into `out` (cleared first).
    pub fn split_into(&self, text: &str, out: &mut Vec<Span>) {
        self.split_with::<false>(text, out);
    }

    /// The same sentences as [`split`](Self::split), found by decoding every
    /// character instead of scanning bytes for the marks' UTF-8 forms: the
    /// straightforward reading, kept so that tests can check the byte scan
    /// against it on real text.
    #[doc(hidden)]
    pub fn split_reference(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        self.split_with::<true>(text, &mut out);
        out
    }

    /// `CHARS`: decode every character (the reference) rather than scan
    /// bytes.
    fn split_with<const CHARS: bool>(&self, text: &str, out: &mut Vec<Span>) {
        out.clear();
        let mut regions = Vec::new();
        let mut para_start: Option<usize> = None;
        let mut para_end = 0;
        let lines: &mut dyn Iterator<Item = (usize, usize)> =
            if CHARS { &mut lines_reference(text) } else { &mut lines(text) };
        for (start, end) in lines {
            match self.line_breaks {
                LineBreaks::Each => self.split_paragraph::<CHARS>(text, start, end, &mut regions, out),
                LineBreaks::Blank => {
                    if is_blank(&text[start..end]) {
                        if let Some(ps) = para_start.take() {
                            self.split_paragraph::<CHARS>(text, ps, para_end, &mut regions, out);
                        }
                    } else {
                        para_start.get_or_insert(start);
                        para_end = end;
                    }
                }
            }
        }
        if let Some(ps) = para_start {
            self.split_paragraph::<CHARS>(text, ps, para_end, &mut regions, out);
        }
    }

    fn split_paragraph<const CHARS: bool>(
        &self,
        text: &str,
        ps: usize,
        pe: usize,
        regions: &mut Vec<(usize, usize)>,
        out: &mut Vec<Span>,
    ) {
        if CHARS {
            self.quote_regions_reference(text, ps, pe, regions);
        } else {
            self.quote_regions(text, ps, pe, regions);
        }
        let bytes = text.as_bytes();
        let mut sent_start = ps;
        let mut ri = 0;
        let mut i = ps;
        while i < pe {
            let (c, len) = if CHARS {
                let (c, len) = decode(bytes, i);
                if !is_terminator(c) {
                    i += len;
                    continue;
                }
                (c, len)
            } else {
                match next_terminator(bytes, i, pe) {
                    Some((at, len)) => {
                        i = at;
                        (decode(bytes, i).0, len)
                    }
                    None => break,
                }
            };
            let mut run_end = i + len;
            while run_end < pe {
                let dl = if CHARS {
                    let (d, dl) = decode(bytes, run_end);
                    if is_terminator(d) {
                        dl
                    } else {
                        0
                    }
                } else {
                    terminator_len(bytes, run_end)
                };
                if dl == 0 {
                    break;
                }
                run_end += dl;
            }
            let single_period = c == '.' && run_end == i + 1;
            while ri < regions.len() && regions[ri].1 <= i {
                ri += 1;
            }
            let protected = ri < regions.len() && regions[ri].0 < i;
            let end = if protected {
                // Inside a quotation: only a period that closes the quotation
                // ends the sentence, after the closing mark(s).
                let (_, close) = regions[ri];
                if single_period && run_end == close {
                    let after = absorb_closers(text, run_end, pe);
                    let next = next_visible(text, after, pe);
                    if next.is_some()
                        && !continues_sentence(next)
                        && period_ends(text, sent_start, i, next_char(text, after, pe))
                    {
                        Some(after)
                    } else {
                        None
                    }
                } else {
                    None
                }
            } else {
                let next = next_char(text, run_end, pe);
                let ends = if single_period {
                    period_ends(text, sent_start, i, next)
                } else if matches!(c, '!' | '?') && run_end == i + 1 {
                    // URLs and names: index.php?id=3, Yahoo!Mail.
                    !(prev_char(text, ps, i).is_some_and(|p| p.is_ascii_alphanumeric())
                        && next.is_some_and(|n| n.is_ascii_alphanumeric()))
                } else {
                    true
                };
                (ends && !continues_sentence(next_visible(text, run_end, pe)))
                    .then(|| absorb_closers(text, run_end, pe))
            };
            match end {
                Some(end) => {
                    push_trimmed(text, sent_start, end, out);
                    sent_start = end;
                    i = end;
                }
                None => i = run_end,
            }
        }
        push_trimmed(text, sent_start, pe, out);
    }

    /// The spans of the quotations and brackets of the paragraph
    /// `[ps, pe)` that close within the bound, as (opening mark, closing
    /// mark) byte positions, sorted and merged.
    fn quote_regions(&self, text: &str, ps: usize, pe: usize, regions: &mut Vec<(usize, usize)>) {
        regions.clear();
        let mut depth = [0usize; 3];
        let mut open = [0usize; 3];
        let mut toggle: [Option<usize>; 2] = [None, None];
        let close = |o: usize, c: usize, regions: &mut Vec<(usize, usize)>| {
            if text[o..c].chars().count() <= self.max_quote_chars {
                regions.push((o, c));
            }
        };
        let bytes = text.as_bytes();
        let mut at = ps;
        // Byte by byte: the marks are ASCII, or « » (C2 AB, C2 BB), or
        // “ ” „ (E2 80 9C..9E); 0xC2 and 0xE2 only ever start a character,
        // so a match is always a whole mark. Bytes that start no mark are
        // skipped through a table.
        while at < pe {
            match bytes[at..pe].iter().position(|&b| QUOTE_BYTES[b as usize]) {
                Some(k) => at += k,
                None => break,
            }
            let (mark, len) = match bytes[at] {
                b'(' => (Mark::Pair(1, true), 1),
                b')' => (Mark::Pair(1, false), 1),
                b'[' => (Mark::Pair(2, true), 1),
                b']' => (Mark::Pair(2, false), 1),
                b'"' => (Mark::Toggle(1), 1),
                0xC2 if at + 1 < pe && bytes[at + 1] == 0xAB => (Mark::Pair(0, true), 2),
                0xC2 if at + 1 < pe && bytes[at + 1] == 0xBB => (Mark::Pair(0, false), 2),
                0xE2 if at + 2 < pe && bytes[at + 1] == 0x80 && matches!(bytes[at + 2], 0x9C..=0x9E) => {
                    (Mark::Toggle(0), 3)
                }
                _ => {
                    at += 1;
                    continue;
                }
            };
            match mark {
                Mark::Pair(p, true) => {
                    if depth[p] == 0 {
                        open[p] = at;
                    }
                    depth[p] += 1;
                }
                Mark::Pair(p, false) => {
                    if depth[p] > 0 {
                        depth[p] -= 1;
                        if depth[p] == 0 {
                            close(open[p], at, regions);
                        }
                    }
                }
                Mark::Toggle(t) => match toggle[t].take() {
                    Some(o) => close(o, at, regions),
                    None => toggle[t] = Some(at),
                },
            }
            at += len;
        }
        merge_regions(regions);
    }

    /// [`quote_regions`](Self::quote_regions) character by character: the
    /// reference for [`split_reference`](Self::split_reference).
    fn quote_regions_reference(&self, text: &str, ps: usize, pe: usize, regions: &mut Vec<(usize, usize)>) {
        regions.clear();
        // Directional pairs nest; « » and ( ) and [ ].
        let mut depth = [0usize; 3];
        let mut open = [0usize; 3];
        // Marks that are written the same way (or reversed) at both ends:
        // “ ” (used both ways round in Arabic text) and the ASCII ".
        let mut toggle: [Option<usize>; 2] = [None, None];
        let close = |o: usize, c: usize, regions: &mut Vec<(usize, usize)>| {
            if text[o..c].chars().count() <= self.max_quote_chars {
                regions.push((o, c));
            }
        };
        for (k, ch) in text[ps..pe].char_indices() {
            let at = ps + k;
            let pair = match ch {
                '«' => Some((0, true)),
                '»' => Some((0, false)),
                '(' => Some((1, true)),
                ')' => Some((1, false)),
                '[' => Some((2, true)),
                ']' => Some((2, false)),
                _ => None,
            };
            if let Some((p, opening)) = pair {
                if opening {
                    if depth[p] == 0 {
                        open[p] = at;
                    }
                    depth[p] += 1;
                } else if depth[p] > 0 {
                    depth[p] -= 1;
                    if depth[p] == 0 {
                        close(open[p], at, regions);
                    }
                }
                continue;
            }
            let t = match ch {
                '“' | '”' | '„' => 0,
                '"' => 1,
                _ => continue,
            };
            match toggle[t].take() {
                Some(o) => close(o, at, regions),
                None => toggle[t] = Some(at),
            }
        }
        merge_regions(regions);
    }
}

/// A quotation mark or bracket, as `quote_regions` reads it.
#[derive(Clone, Copy)]
enum Mark {
    /// One of the directional pairs « » / ( ) / [ ], and whether it opens.
    Pair(usize, bool),
    /// A mark written the same at both ends: “ ” „ (0) or " (1).
    Toggle(usize),
}

/// Sorts the regions and merges those that overlap.
fn merge_regions(regions: &mut Vec<(usize, usize)>) {
    regions.sort_unstable();
    let mut merged = 0;
    for k in 0..regions.len() {
        if merged > 0 && regions[k].0 <= regions[merged - 1].1 {
            regions[merged - 1].1 = regions[merged - 1].1.max(regions[k].1);
        } else {
            regions[merged] = regions[k];
            merged += 1;
        }
    }
    regions.truncate(merged);
}

/// Whether the period at `i` ends the sentence begun at `sent_start`,
/// given the character `next` that follows the period (and any closing
/// quotes after it).
fn period_ends(text: &str, sent_start: usize, i: usize, next: Option<char>) -> bool {
    let prev = prev_char(text, sent_start, i);
    let prev_digit = prev.is_some_and(|p| chars::class(p) == CharClass::Digit);
    let list_number = || {
        let s = trim(text, sent_start, i);
        let body = &text[s.range()];
        !body.is_empty() && body.chars().count() <= 3 && body.chars().all(|c| chars::class(c) == CharClass::Digit)
    };
    match next.map(chars::class) {
        None | Some(CharClass::Space | CharClass::Invisible) => {}
        Some(CharClass::ArabicLetter) if prev_digit => {
            // "في عام 2005.كما …": a missing space after a number, unless
            // the number is a list item ("1.البند").
            return !list_number();
        }
        Some(CharClass::ArabicLetter | CharClass::OtherLetter | CharClass::Mark | CharClass::Digit) => {
            return false;
        }
        Some(CharClass::Punct | CharClass::Symbol) => {
            let n = next.unwrap_or(' ');
            if !(is_terminator(n) || is_closer(n) || is_opener(n)) {
                return false;
            }
        }
    }
    if prev_digit {
        return !list_number();
    }
    !is_abbreviation(text, sent_start, i)
}

/// Whether the word ending with the period at `i` is an abbreviation or
/// an initial.
fn is_abbreviation(text: &str, sent_start: usize, i: usize) -> bool {
    let word_start = word_start_before(text, sent_start, i);
    let norm = Normalizer::new().normalize(&text[word_start..=i]).text;
    let pieces: Vec<&str> = norm.split('.').filter(|p| !p.is_empty()).collect();
    match pieces.as_slice() {
        [] => false,
        // One Arabic letter (ج. ص. م.) or one Latin capital (J. K.).
        [p] if is_single_letter(p) => true,
        // Dotted Latin initials: U.S., U.K.
        ps if ps.len() >= 2 && ps.iter().all(|p| p.len() == 1 && p.as_bytes()[0].is_ascii_alphabetic()) => true,
        _ => match ABBREVIATIONS.get(&norm) {
            // A spelled letter is an abbreviation inside a run of initials
            // (سي. إن. إن.), an ordinary word otherwise.
            Some(AbbrevKind::Initial) => {
                next_word_is_initial(text, i + 1) || prev_word_is_initial(text, sent_start, word_start)
            }
            Some(AbbrevKind::Title | AbbrevKind::Era | AbbrevKind::Reference) => true,
            None => false,
        },
    }
}

/// Start of the word (letters, marks and inner periods) that ends at `i`.
fn word_start_before(text: &str, from: usize, i: usize) -> usize {
    text[from..i]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| {
            c == '.' || matches!(chars::class(c), CharClass::ArabicLetter | CharClass::OtherLetter | CharClass::Mark)
        })
        .last()
        .map_or(i, |(k, _)| from + k)
}

/// One Arabic letter, or one Latin capital.
fn is_single_letter(s: &str) -> bool {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => chars::class(c) == CharClass::ArabicLetter || c.is_uppercase(),
        _ => false,
    }
}

/// Whether a normalized word, with or without its final period, is an
/// initial: a single letter or a letter name from the lexicon.
fn is_initial(norm: &str) -> bool {
    let bare = norm.strip_suffix('.').unwrap_or(norm);
    if bare.is_empty() {
        return false;
    }
    if is_single_letter(bare) {
        return true;
    }
    let mut key = String::with_capacity(bare.len() + 1);
    key.push_str(bare);
    key.push('.');
    ABBREVIATIONS.get(&key) == Some(&AbbrevKind::Initial)
}

/// Whether the word before `word_start` (within the sentence) is an initial
/// followed by its period.
fn prev_word_is_initial(text: &str, sent_start: usize, word_start: usize) -> bool {
    let before = text[sent_start..word_start]
        .trim_end_matches(|c: char| matches!(chars::class(c), CharClass::Space | CharClass::Invisible));
    if !before.ends_with('.') {
        return false;
    }
    let end = sent_start + before.len() - 1;
    let start = word_start_before(text, sent_start, end);
    start < end && is_initial(&Normalizer::new().normalize(&text[start..=end]).text)
}

/// Bytes that may start a quotation mark or bracket: `(` `)` `[` `]` `"`,
/// and the first bytes of « » (C2) and “ ” „ (E2).
static QUOTE_BYTES: [bool; 256] = byte_set(b"()[]\"\xC2\xE2");

/// Bytes that may belong to a terminator: `.` `!` `?`, the first byte of
/// `…` `‼` `⁇` `⁈` `⁉` (E2), and the second bytes of `؟` (D8 9F) and `۔`
/// (DB 94). The first bytes of those two, D8 and DB, begin most Arabic
/// letters; their second bytes are rare in Arabic text.
static TERMINATOR_BYTES: [bool; 256] = byte_set(b".!?\xE2\x9F\x94");

const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        set[bytes[k] as usize] = true;
        k += 1;
    }
    set
}

/// The first terminator at or after the character boundary `from` and
/// before `pe`: its start and length.
#[inline]
fn next_terminator(bytes: &[u8], from: usize, pe: usize) -> Option<(usize, usize)> {
    let mut j = from;
    while j < pe {
        j += bytes[j..pe].iter().position(|&b| TERMINATOR_BYTES[b as usize])?;
        match bytes[j] {
            // A second byte: `j > from` because `from` is a boundary, so
            // the first byte is at or after `from`.
            0x9F if j > from && bytes[j - 1] == 0xD8 => return Some((j - 1, 2)),
            0x94 if j > from && bytes[j - 1] == 0xDB => return Some((j - 1, 2)),
            0x9F | 0x94 => {}
            _ => {
                let len = terminator_len(bytes, j);
                if len > 0 {
                    return Some((j, len));
                }
            }
        }
        j += 1;
    }
    None
}

/// The length of the terminator (see [`is_terminator`]) whose UTF-8 form
/// starts at byte `i`, or 0: `.` `!` `?`, `؟` (D8 9F), `۔` (DB 94), `…`
/// (E2 80 A6), `‼` (E2 80 BC), `⁇` `⁈` `⁉` (E2 81 87..89). None of their first
/// bytes is a continuation byte, so `i` need not be a character boundary: a
/// continuation byte never matches.
#[inline]
fn terminator_len(bytes: &[u8], i: usize) -> usize {
    match bytes[i] {
        b'.' | b'!' | b'?' => 1,
        0xD8 if bytes.get(i + 1) == Some(&0x9F) => 2,
        0xDB if bytes.get(i + 1) == Some(&0x94) => 2,
        0xE2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0x80), Some(0xA6 | 0xBC)) | (Some(0x81), Some(0x87..=0x89)) => 3,
            _ => 0,
        },
        _ => 0,
    }
}

/// Sentence-ending marks.
#[inline]
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Marks that may close a quotation or a bracket after a terminator.
#[inline]
fn is_closer(c: char) -> bool {
    matches!(c, '»' | '”' | '“' | '"' | '’' | '\'' | ')' | ']' | '}' | '›')
}

#[inline]
fn is_opener(c: char) -> bool {
    matches!(c, '«' | '“' | '"' | '(' | '[' | '{' | '‹' | '‘')
}

/// A sentence never starts with a comma, semicolon or colon, so a
/// terminator followed by one (`… إلخ.،` `مهمة…، وذلك`) is inside a
/// sentence.
#[inline]
fn continues_sentence(next: Option<char>) -> bool {
    matches!(next, Some('،' | '؛' | ',' | ';' | ':'))
}

/// After a terminator run ending at `i`: the end of the closing quotes and
/// brackets (and further terminators) that belong to the same sentence. A
/// mark directly followed by a letter or digit opens the next sentence
/// instead.
fn absorb_closers(text: &str, mut i: usize, pe: usize) -> usize {
    let bytes = text.as_bytes();
    while i < pe {
        let (c, len) = decode(bytes, i);
        if is_terminator(c) {
            i += len;
            continue;
        }
        if !is_closer(c) {
            break;
        }
        let after = next_char(text, i + len, pe);
        if after.is_some_and(|a| {
            matches!(chars::class(a), CharClass::ArabicLetter | CharClass::OtherLetter | CharClass::Digit)
        }) {
            break;
        }
        i += len;
    }
    i
}

/// The character at `i`, skipping invisible ones, or `None` at the end of
/// the paragraph.
fn next_char(text: &str, i: usize, pe: usize) -> Option<char> {
    text[i..pe].chars().find(|&c| chars::class(c) != CharClass::Invisible)
}

/// The first character at or after `i` that is neither space nor invisible.
fn next_visible(text: &str, i: usize, pe: usize) -> Option<char> {
    text[i..pe].chars().find(|&c| !matches!(chars::class(c), CharClass::Space | CharClass::Invisible))
}

fn prev_char(text: &str, from: usize, i: usize) -> Option<char> {
    text[from..i].chars().rev().find(|&c| chars::class(c) != CharClass::Invisible)
}

/// Whether the word after position `i` is an initial.
fn next_word_is_initial(text: &str, i: usize) -> bool {
    let rest =
        text[i..].trim_start_matches(|c: char| matches!(chars::class(c), CharClass::Space | CharClass::Invisible));
    let end = rest
        .find(|c: char| !matches!(chars::class(c), CharClass::ArabicLetter | CharClass::OtherLetter | CharClass::Mark))
        .unwrap_or(rest.len());
    end > 0 && is_initial(&Normalizer::new().normalize(&rest[..end]).text)
}

/// Bytes that may start a line break: `\n`, `\r`, and the first bytes of
/// U+0085 (C2) and U+2028, U+2029 (E2).
static BREAK_BYTES: [bool; 256] = byte_set(b"\n\r\xC2\xE2");

/// Line ranges (without their line-break characters): `\n`, `\r\n`, `\r`,
/// U+0085, U+2028, U+2029.
fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    lines_with::<false>(text)
}

/// [`lines`] looking at every byte: the reference for
/// [`SentenceSplitter::split_reference`].
fn lines_reference(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    lines_with::<true>(text)
}

fn lines_with<const EVERY_BYTE: bool>(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if !EVERY_BYTE {
                // Bytes that start no line break are skipped through a table.
                match bytes[i..].iter().position(|&b| BREAK_BYTES[b as usize]) {
                    Some(k) => i += k,
                    None => {
                        i = bytes.len();
                        break;
                    }
                }
            }
            let b = bytes[i];
            let brk = match b {
                b'\n' => 1,
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    }
                }
                0xC2 if bytes.get(i + 1) == Some(&0x85) => 2,
                0xE2 if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) => 3,
                _ => 0,
            };
            if brk > 0 {
                let line = (start, i);
                i += brk;
                start = i;
                return Some(line);
            }
            i += 1;
        }
        if done {
            return None;
        }
        done = true;
        Some((start, bytes.len()))
    })
}

fn is_blank(s: &str) -> bool {
    s.chars().all(|c| matches!(chars::class(c), CharClass::Space | CharClass::Invisible))
}

/// `[start, end)` without surrounding whitespace and invisible characters.
fn trim(text: &str, start: usize, end: usize) -> Span {
    let skip = |c: char| matches!(chars::class(c), CharClass::Space | CharClass::Invisible);
    let s = &text[start..end];
    let lead = s.len() - s.trim_start_matches(skip).len();
    let body = s[lead..].trim_end_matches(skip);
    Span::new(start + lead, start + lead + body.len())
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = trim(text, start, end);
    if !s.is_empty() {
        out.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_with(s: SentenceSplitter, text: &str) -> Vec<&str> {
        s.split(text).iter().map(|sp| sp.get(text).unwrap()).collect()
    }

    fn split(text: &str) -> Vec<&str> {
        split_with(SentenceSplitter::new(), text)
    }

    #[test]
    fn lexicon_parses() {
        assert!(ABBREVIATIONS.len() > 80, "{}", ABBREVIATIONS.len());
        assert_eq!(ABBREVIATIONS.get("ه."), Some(&AbbrevKind::Era));
        assert_eq!(ABBREVIATIONS.get("ا.د."), Some(&AbbrevKind::Title));
        assert_eq!(ABBREVIATIONS.get("ص.ب."), Some(&AbbrevKind::Reference));
        assert_eq!(ABBREVIATIONS.get("سي."), Some(&AbbrevKind::Initial));
    }

    #[test]
    fn sentence_table() {
        let table: &[(&str, &[&str])] = &[
            // Terminators, Arabic and Latin.
            ("وصل الوفد. بدأت المحادثات.", &["وصل الوفد.", "بدأت المحادثات."]),
            ("هل انتهت الأزمة؟ لا أحد يعرف", &["هل انتهت الأزمة؟", "لا أحد يعرف"]),
            ("يا للهول! ماذا حدث؟! لا شيء", &["يا للهول!", "ماذا حدث؟!", "لا شيء"]),
            ("وانتظر الجميع… ثم جاء الخبر", &["وانتظر الجميع…", "ثم جاء الخبر"]),
            ("انتظرنا طويلا... ثم عدنا", &["انتظرنا طويلا...", "ثم عدنا"]),
            ("قالت الوزارة ۔ وانتهى الاجتماع", &["قالت الوزارة ۔", "وانتهى الاجتماع"]),
            // ، and ؛ do not end a sentence.
            ("وصل الرئيس، ثم غادر؛ ولم يتحدث.", &["وصل الرئيس، ثم غادر؛ ولم يتحدث."]),
            // Line breaks are paragraph breaks.
            ("عنوان بلا نقطة\nالفقرة الأولى. الثانية", &["عنوان بلا نقطة", "الفقرة الأولى.", "الثانية"]),
            ("سطر\r\nسطر آخر\u{2029}ثالث", &["سطر", "سطر آخر", "ثالث"]),
            ("\n\n  \n", &[]),
            ("", &[]),
            // Numbers.
            ("ارتفع المؤشر 3.5 في المئة. وتراجع النفط", &["ارتفع المؤشر 3.5 في المئة.", "وتراجع النفط"]),
            ("بلغ النمو ٣٫٥ بالمئة وبلغ العجز ١٬٢٠٠ مليون.", &["بلغ النمو ٣٫٥ بالمئة وبلغ العجز ١٬٢٠٠ مليون."]),
            ("قتل 1,000 شخص. ونزح الآلاف", &["قتل 1,000 شخص.", "ونزح الآلاف"]),
            ("تأسست الشركة عام 2005. وكان مقرها دبي", &["تأسست الشركة عام 2005.", "وكان مقرها دبي"]),
            ("تأسست الشركة عام 2005.وكان مقرها دبي", &["تأسست الشركة عام 2005.", "وكان مقرها دبي"]),
            ("1. الشراكة الاقتصادية\n2.التعاون الأمني", &["1. الشراكة الاقتصادية", "2.التعاون الأمني"]),
            // Abbreviations from the lexicon and by rule.
            ("استقبل د. محمد علي الوفد.", &["استقبل د. محمد علي الوفد."]),
            ("حاضر أ.د. سامي حسن في الجامعة.", &["حاضر أ.د. سامي حسن في الجامعة."]),
            ("أشرف م. خالد على البناء. وانتهى العمل", &["أشرف م. خالد على البناء.", "وانتهى العمل"]),
            ("بنيت المدينة عام 300 ق.م. على ضفاف النهر", &["بنيت المدينة عام 300 ق.م. على ضفاف النهر"]),
            ("توفي سنة 1250 هـ. في القاهرة", &["توفي سنة 1250 هـ. في القاهرة"]),
            ("راسلونا على ص.ب. 1234 في عمان", &["راسلونا على ص.ب. 1234 في عمان"]),
            ("انظر ج. 2 ص. 15 من الكتاب", &["انظر ج. 2 ص. 15 من الكتاب"]),
            ("كتبت J. K. Rowling روايتها. ثم نشرت", &["كتبت J. K. Rowling روايتها.", "ثم نشرت"]),
            ("Dr. Smith said so. Then he left", &["Dr. Smith said so.", "Then he left"]),
            ("نقلت شبكة سي. إن. إن. الخبر", &["نقلت شبكة سي. إن. إن. الخبر"]),
            ("شاهدنا قناة بي. بي. سي. وبعدها نمنا", &["شاهدنا قناة بي. بي. سي. وبعدها نمنا"]),
            // An initial not followed by another initial ends normally.
            ("قال إنه لا يستطيع أن يأتي إلينا بي. ثم صمت", &["قال إنه لا يستطيع أن يأتي إلينا بي.", "ثم صمت"]),
            // A letter straight after the period: a domain or dotted initials.
            ("قال لموقع العربية.نت إن الأمر انتهى.", &["قال لموقع العربية.نت إن الأمر انتهى."]),
            ("زار U.S. officials المنطقة.", &["زار U.S. officials المنطقة."]),
            ("راجع www.example.com للمزيد.", &["راجع www.example.com للمزيد."]),
            // Quotations protect their terminators.
            ("قال: «لن نتراجع. سنواصل» ثم غادر.", &["قال: «لن نتراجع. سنواصل» ثم غادر."]),
            ("وتساءل \"هل من مجيب؟\" قبل أن يغادر.", &["وتساءل \"هل من مجيب؟\" قبل أن يغادر."]),
            ("كتب “انتهى الأمر!” على صفحته.", &["كتب “انتهى الأمر!” على صفحته."]),
            ("كتب ”انتهى الأمر!“ على صفحته.", &["كتب ”انتهى الأمر!“ على صفحته."]),
            ("قال الوزير (في بيان. صدر أمس) إن الوضع هادئ.", &["قال الوزير (في بيان. صدر أمس) إن الوضع هادئ."]),
            // A quoted sentence ending with a period that closes the quote.
            ("قال: «انتهى الأمر.» ثم غادر القاعة", &["قال: «انتهى الأمر.»", "ثم غادر القاعة"]),
            ("قال: «انتهى الأمر.»، مضيفا أنه متعب", &["قال: «انتهى الأمر.»، مضيفا أنه متعب"]),
            // Closing marks stay with the sentence they close.
            ("وأضاف: \"لن نتراجع\". وتابع حديثه", &["وأضاف: \"لن نتراجع\".", "وتابع حديثه"]),
            ("بدأ الحديث \"هذا كل شيء.\n\" وانتهى", &["بدأ الحديث \"هذا كل شيء.", "\" وانتهى"]),
            // An unclosed quote does not swallow the paragraph.
            ("قال «لن نتراجع. وسنواصل العمل. والبقية تأتي", &["قال «لن نتراجع.", "وسنواصل العمل.", "والبقية تأتي"]),
            // A sentence never starts with a comma.
            ("استخدم الحديد والنحاس …، وذلك منذ قرون.", &["استخدم الحديد والنحاس …، وذلك منذ قرون."]),
            // URLs.
            ("زر example.com/a?id=3 الآن! ثم عد", &["زر example.com/a?id=3 الآن!", "ثم عد"]),
            // Invisible characters and harakat.
            ("\u{200F}انتهى الاجتماعُ.\u{200F} وَبدأ غيره", &["انتهى الاجتماعُ.", "وَبدأ غيره"]),
        ];
        for (text, want) in table {
            assert_eq!(split(text), *want, "text {text:?}");
            assert_eq!(SentenceSplitter::new().split_reference(text), sentences(text), "text {text:?}");
        }
    }

    /// The byte scan finds the same sentences as decoding every character,
    /// on made-up text dense in every mark the splitter reads (terminators,
    /// quotes, brackets, their look-alikes sharing bytes with them: ا (D8 A7),
    /// ی (DB 8C), ‘ (E2 80 98), ⁄ (E2 81 84), ¬ (C2 AC) and the ones below).
    #[test]
    fn byte_scan_equals_reference() {
        let pieces = [
            "قال", " ", "د", ".", "!", "?", "؟", "…", "۔", "‼", "⁇", "⁈", "⁉", "«", "»", "“", "”", "„", "\"", "(", ")",
            "[", "]", "،", ":", "3", "ا", "ی", "‘", "⁄", "¬", "\n", "\u{200F}", "J", "ص.ب.", "سي.", " إن.", "ع",
            // Characters whose second or third byte is that of a terminator: ٟ (D9 9F), ٔ (D9 94), ڟ (DA 9F),
            // ‟ (E2 80 9F), ┟ (E2 94 9F).
            "\u{65F}", "\u{654}", "\u{69F}", "\u{201F}", "\u{251F}",
            // Line breaks, and characters sharing their first bytes.
            "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}", "\u{A0}", "\u{2027}", "\n\n",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let splitters = [
            SentenceSplitter::new(),
            SentenceSplitter::builder().max_quote_chars(8).build(),
            SentenceSplitter::builder().line_breaks(LineBreaks::Blank).build(),
        ];
        for case in 0..4000 {
            let mut text = String::new();
            for _ in 0..(case % 60) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            for s in &splitters {
                assert_eq!(s.split(&text), s.split_reference(&text), "text {text:?}");
            }
        }
    }

    /// The byte scan against the character-by-character reference on every
    /// ANT article (read at run time from `../shared/data`).
    #[test]
    #[ignore = "reads ../shared/data: scripts/real-data-checks"]
    fn real_data_sentence_byte_scan_equals_reference_on_ant() {
        let path = marsad_shared_data::dir().join(marsad_shared_data::ANT);
        let data = marsad_shared_data::read(&path);
        let s = SentenceSplitter::new();
        let (mut articles, mut n) = (0, 0);
        for (i, line) in data.lines().enumerate() {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: line {}: {e}", path.display(), i + 1));
            let text = v["text"].as_str().unwrap_or_else(|| panic!("{}: line {}: no text", path.display(), i + 1));
            let got = s.split(text);
            assert_eq!(got, s.split_reference(text), "{}: line {}", path.display(), i + 1);
            articles += 1;
            n += got.len();
        }
        assert!(articles > 10_000 && n > articles * 5, "{articles} articles, {n} sentences");
    }

    #[test]
    fn quote_bound_is_respected() {
        let long = format!("قال «{}. وانتهى» ثم غادر", "كلام ".repeat(100));
        let got = split(&long);
        assert_eq!(got.len(), 2, "{got:?}");
        let short = SentenceSplitter::builder().max_quote_chars(10_000).build();
        assert_eq!(split_with(short, &long).len(), 1);
    }

    #[test]
    fn blank_line_mode_joins_wrapped_lines() {
        let s = SentenceSplitter::builder().line_breaks(LineBreaks::Blank).build();
        let text = "هذا سطر\nمكسور في الوسط. وجملة\nثانية\n\nفقرة جديدة";
        assert_eq!(split_with(s, text), ["هذا سطر\nمكسور في الوسط.", "وجملة\nثانية", "فقرة جديدة"]);
    }

    #[test]
    fn spans_cover_every_visible_character_once() {
        let text = "قال «نعم. لا» و\"هل؟\"\n\n١. بند ... ثم. د. علي؟! (انتهى.) ص.ب. 12\r\n";
        let spans = sentences(text);
        let mut covered = vec![false; text.len()];
        let mut prev_end = 0;
        for s in &spans {
            assert!(s.start >= prev_end && s.end > s.start);
            prev_end = s.end;
            covered[s.range()].iter_mut().for_each(|c| *c = true);
        }
        for (i, c) in text.char_indices() {
            if !matches!(chars::class(c), CharClass::Space | CharClass::Invisible) {
                assert!(covered[i], "{c:?} at {i} is in no sentence");
            }
        }
    }
}
