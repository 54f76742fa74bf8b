//! The tokenizer: one pass over the original text, tokens with exact byte
//! spans, normalized forms and clitic-free bases in a reusable arena.

use crate::chars::{self, CharClass};
use crate::clitics::Proclitics;
use crate::fold::{Fold, Lut, LUT};
use crate::normalize::{decode, Normalizer};
use crate::segment_cache::SegmentCache;
use crate::span::Span;
use std::ops::{Deref, Index};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A word in Arabic script.
    Word,
    /// Digits, possibly with `.` `,` `٫` `٬` between them.
    Number,
    /// A word in another script (Latin, …), digits allowed after a letter.
    Latin,
    /// Punctuation; a run of the same mark (`...`, `!!`) is one token.
    Punct,
    /// Any other visible character.
    Symbol,
}

/// One token. `span` is a byte range into the text that was tokenized; the
/// normalized form and the base (the word without its proclitics) are read
/// through [`Tokens::norm`] and [`Tokens::base`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Proclitics split off the front of an Arabic word.
    pub proclitics: Proclitics,
    /// Where the base begins in the original text (`span.start` when there
    /// are no proclitics).
    pub base_start: usize,
    norm_start: u32,
    norm_end: u32,
    base_norm_start: u32,
}

impl Token {
    /// The span of the base in the original text: the word without its
    /// proclitics (لقسد → قسد).
    #[inline]
    pub fn base_span(&self) -> Span {
        Span::new(self.base_start, self.span.end)
    }

    #[inline]
    pub fn is_word(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Latin)
    }
}

/// The tokens of one text and the arena holding their normalized forms.
/// Reuse one across texts with [`Tokenizer::tokenize_into`] to avoid
/// allocating per document.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    tokens: Vec<Token>,
    arena: String,
    cache: SegmentCache,
}

impl Tokens {
    pub fn new() -> Tokens {
        Tokens::default()
    }

    pub fn clear(&mut self) {
        self.tokens.clear();
        self.arena.clear();
    }

    /// The normalized form of `t`.
    #[inline]
    pub fn norm(&self, t: &Token) -> &str {
        &self.arena[t.norm_start as usize..t.norm_end as usize]
    }

    /// The normalized base of `t`: its normalized form without proclitics.
    #[inline]
    pub fn base(&self, t: &Token) -> &str {
        &self.arena[t.base_norm_start as usize..t.norm_end as usize]
    }

    pub fn as_slice(&self) -> &[Token] {
        &self.tokens
    }
}

impl Deref for Tokens {
    type Target = [Token];
    fn deref(&self) -> &[Token] {
        &self.tokens
    }
}

impl Index<usize> for Tokens {
    type Output = Token;
    fn index(&self, i: usize) -> &Token {
        &self.tokens[i]
    }
}

/// Builds a [`Tokenizer`].
#[derive(Clone, Debug)]
pub struct TokenizerBuilder {
    normalizer: Normalizer,
    clitics: bool,
}

impl Default for TokenizerBuilder {
    fn default() -> Self {
        TokenizerBuilder { normalizer: Normalizer::new(), clitics: true }
    }
}

impl TokenizerBuilder {
    /// The normalizer used for token forms (default: [`Normalizer::new`]).
    pub fn normalizer(mut self, n: Normalizer) -> Self {
        self.normalizer = n;
        self
    }

    /// Whether to split proclitics off Arabic words (default: yes).
    pub fn clitics(mut self, on: bool) -> Self {
        self.clitics = on;
        self
    }

    pub fn build(&self) -> Tokenizer {
        if self.clitics {
            // Load the guard lexicon now, not inside the first document.
            crate::clitic_guard::load();
        }
        let mut arabic = [0u8; 256];
        for (idx, bits) in arabic.iter_mut().enumerate() {
            let cl = chars::ARABIC[idx];
            *bits = if is_arabic_word(cl) {
                IN_WORD
            } else if cl == CharClass::Invisible {
                INVISIBLE
            } else {
                0
            };
            if LUT.arabic[idx].class & self.normalizer.mask() != 0 {
                *bits |= FOLDS;
            }
        }
        Tokenizer { normalizer: self.normalizer, clitics: self.clitics, arabic }
    }
}

/// A built tokenizer: `Copy`, `Send + Sync`, shared freely across threads.
#[derive(Clone, Copy, Debug)]
pub struct Tokenizer {
    normalizer: Normalizer,
    clitics: bool,
    /// For each character of U+0600..U+06FF: [`IN_WORD`], [`INVISIBLE`]
    /// and [`FOLDS`] bits, so that the word scan reads one byte per letter.
    arabic: [u8; 256],
}

/// The character continues an Arabic word (a letter or a mark).
const IN_WORD: u8 = 1;
/// The character is invisible (kept inside a word only when more follows).
const INVISIBLE: u8 = 2;
/// The tokenizer's normalizer changes the character.
const FOLDS: u8 = 4;

impl Default for Tokenizer {
    fn default() -> Self {
        Tokenizer::new()
    }
}

impl Tokenizer {
    pub fn new() -> Tokenizer {
        TokenizerBuilder::default().build()
    }

    pub fn builder() -> TokenizerBuilder {
        TokenizerBuilder::default()
    }

    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }

    pub fn tokenize(&self, text: &str) -> Tokens {
        let mut out = Tokens::default();
        self.tokenize_into(text, &mut out);
        out
    }

    /// Tokenizes `text` into `out`, which is cleared first.
    pub fn tokenize_into(&self, text: &str, out: &mut Tokens) {
        out.clear();
        if self.clitics {
            out.cache.prepare(text.len());
        }
        // Rough sizing: one token per six bytes of Arabic text.
        out.tokens.reserve(text.len() / 6);
        out.arena.reserve(text.len());
        let lut = &*LUT;
        let mask = self.normalizer.mask();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Most characters between tokens are plain spaces.
            if bytes[i] == b' ' {
                i += 1;
                continue;
            }
            let (c, len, class) = class_at(bytes, i);
            let start = i;
            let (end, kind) = match class {
                CharClass::Space | CharClass::Invisible => {
                    i += len;
                    continue;
                }
                CharClass::ArabicLetter | CharClass::Mark => {
                    let (end, folds) = scan_arabic_word(bytes, i, &self.arabic, lut, mask);
                    i = end;
                    self.push(text, start, end, TokenKind::Word, !folds, out);
                    continue;
                }
                CharClass::Digit => (scan_number(bytes, i), TokenKind::Number),
                CharClass::OtherLetter => (scan_while(bytes, i, is_latin_word), TokenKind::Latin),
                CharClass::Punct => {
                    // A run of the same mark is one token ("...", "!!", "؟؟").
                    let mut e = i + len;
                    while e < bytes.len() && text[e..].starts_with(c) {
                        e += len;
                    }
                    // One repeated character: it folds or it does not.
                    i = e;
                    let kept = self.normalizer.fold_char(c).is_none();
                    self.push(text, start, e, TokenKind::Punct, kept, out);
                    continue;
                }
                CharClass::Symbol => {
                    i += len;
                    let kept = self.normalizer.fold_char(c).is_none();
                    self.push(text, start, i, TokenKind::Symbol, kept, out);
                    continue;
                }
            };
            i = end;
            // ASCII digits and separators, and ASCII letters when case is
            // kept, are their own normalized form.
            let kept = (mask & Fold::LatinCase.bit() == 0 || kind == TokenKind::Number) && text[start..end].is_ascii();
            self.push(text, start, end, kind, kept, out);
        }
    }

    /// Adds the token `text[start..end]`; `normalized` says the scan found
    /// nothing the normalizer would change, so the surface is copied as is.
    #[inline]
    fn push(&self, text: &str, start: usize, end: usize, kind: TokenKind, normalized: bool, out: &mut Tokens) {
        let surface = &text[start..end];
        let norm_start = out.arena.len();
        let changed = if normalized {
            out.arena.push_str(surface);
            false
        } else {
            self.normalizer.normalize_into(surface, &mut out.arena)
        };
        let norm_end = out.arena.len();
        let (proclitics, base_norm_start, base_start) = if self.clitics && kind == TokenKind::Word {
            let (p, at) = out.cache.segment(&out.arena[norm_start..norm_end]);
            if p.is_empty() {
                (p, norm_start, start)
            } else if !changed {
                // The surface is its own normalized form: same offsets.
                (p, norm_start + at, start + at)
            } else {
                let k = out.arena[norm_start..norm_start + at].chars().count();
                (p, norm_start + at, start + self.source_offset_of_char(surface, k))
            }
        } else {
            (Proclitics::NONE, norm_start, start)
        };
        out.tokens.push(Token {
            span: Span::new(start, end),
            kind,
            proclitics,
            base_start,
            norm_start: norm_start as u32,
            norm_end: norm_end as u32,
            base_norm_start: base_norm_start as u32,
        });
    }

    /// Byte offset in `surface` of the source character that produced the
    /// `k`-th normalized character, skipping characters the normalizer
    /// removes (a fatha on a clitic stays with the clitic). When that
    /// character came out of a ligature that also produced the clitic
    /// (ﻻ = ل + ا), the ligature belongs to the base: a span cannot split
    /// it.
    fn source_offset_of_char(&self, surface: &str, k: usize) -> usize {
        let mut produced = 0;
        for (i, c) in surface.char_indices() {
            let r = match self.normalizer.fold_char(c) {
                Some(r) => r.chars().count(),
                None => 1,
            };
            if produced >= k {
                // Skip marks that belong to the clitic.
                if r == 0 {
                    continue;
                }
                return i;
            }
            if produced + r > k {
                return i;
            }
            produced += r;
        }
        surface.len()
    }
}

#[inline(always)]
fn is_arabic_word(c: CharClass) -> bool {
    matches!(c, CharClass::ArabicLetter | CharClass::Mark)
}

#[inline(always)]
fn is_latin_word(c: CharClass) -> bool {
    matches!(c, CharClass::OtherLetter | CharClass::Digit | CharClass::Mark)
}

/// The character at `i`, its length and class, with the two common cases
/// (ASCII, the Arabic block) decoded inline.
#[inline(always)]
fn class_at(bytes: &[u8], i: usize) -> (char, usize, CharClass) {
    let b = bytes[i];
    if (0xD8..=0xDB).contains(&b) {
        // U+0600..U+06FF: two bytes (the input is UTF-8).
        let cp = ((b as u32 & 0x1F) << 6) | (bytes[i + 1] as u32 & 0x3F);
        let c = char::from_u32(cp).unwrap_or('\u{FFFD}');
        return (c, 2, chars::class(c));
    }
    let (c, len) = decode(bytes, i);
    (c, len, chars::class(c))
}

/// End of the Arabic word starting at `i`, and whether any of its
/// characters is one the normalizer (enabled classes `mask`) changes: most
/// words need no normalizing, and the scan reads each character anyway.
/// Invisible characters stay inside the word only when more of it follows.
#[inline(always)]
fn scan_arabic_word(bytes: &[u8], mut i: usize, arabic: &[u8; 256], lut: &Lut, mask: u16) -> (usize, bool) {
    let mut end = i;
    let mut folds = 0u8;
    while let Some(&b) = bytes.get(i) {
        if (0xD8..=0xDB).contains(&b) {
            // U+0600..U+06FF: two bytes (the input is UTF-8).
            let t = bytes.get(i + 1).copied().unwrap_or(0);
            let bits = arabic[(((b - 0xD8) as usize) << 6 | (t & 0x3F) as usize) & 0xFF];
            folds |= bits;
            if bits & IN_WORD != 0 {
                i += 2;
                end = i;
            } else if bits & INVISIBLE != 0 {
                i += 2;
            } else {
                break;
            }
            continue;
        }
        if b == b' ' {
            break;
        }
        let (c, len) = decode(bytes, i);
        let cl = chars::class(c);
        if is_arabic_word(cl) {
            i += len;
            end = i;
        } else if cl == CharClass::Invisible {
            i += len;
        } else {
            break;
        }
        if lut.get(c).class & mask != 0 {
            folds |= FOLDS;
        }
    }
    (end, folds & FOLDS != 0)
}

/// End of the run starting at `i` whose characters satisfy `keep`.
/// Invisible characters (ZWNJ, bidi marks) stay inside the run only when
/// more of it follows.
#[inline(always)]
fn scan_while(bytes: &[u8], mut i: usize, keep: impl Fn(CharClass) -> bool) -> usize {
    let mut end = i;
    while i < bytes.len() {
        let (_, len, cl) = class_at(bytes, i);
        if keep(cl) {
            i += len;
            end = i;
        } else if cl == CharClass::Invisible {
            i += len;
        } else {
            break;
        }
    }
    end
}

/// End of a number starting at `i`: digits, with single separators between
/// digit groups (1,000 / 2.5 / ٣٫٥).
fn scan_number(bytes: &[u8], mut i: usize) -> usize {
    loop {
        while i < bytes.len() {
            let (c, len) = decode(bytes, i);
            if chars::class(c) == CharClass::Digit {
                i += len;
            } else {
                break;
            }
        }
        if i >= bytes.len() {
            return i;
        }
        let (c, len) = decode(bytes, i);
        if chars::is_number_separator(c) && i + len < bytes.len() {
            let (d, _) = decode(bytes, i + len);
            if chars::class(d) == CharClass::Digit {
                i += len;
                continue;
            }
        }
        return i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders tokens as `surface/kind/norm/clitics+base` for table tests.
    fn render(text: &str) -> Vec<String> {
        let toks = Tokenizer::new().tokenize(text);
        toks.iter()
            .map(|t| {
                let kind = format!("{:?}", t.kind).to_lowercase();
                let surface = t.span.get(text).unwrap();
                if t.proclitics.is_empty() {
                    format!("{surface}/{kind}/{}", toks.norm(t))
                } else {
                    format!("{surface}/{kind}/{}/{}+{}", toks.norm(t), t.proclitics, t.base_span().get(text).unwrap())
                }
            })
            .collect()
    }

    #[test]
    fn tokenization_table() {
        let table: &[(&str, &[&str])] = &[
            ("قال الوزير", &["قال/word/قال", "الوزير/word/الوزير/ال+وزير"]),
            ("وبالعراق،", &["وبالعراق/word/وبالعراق/و+ب+ال+عراق", "،/punct/،"]),
            ("٣٫٥ مليون", &["٣٫٥/number/3.5", "مليون/word/مليون"]),
            ("1,000,000 دولار.", &["1,000,000/number/1,000,000", "دولار/word/دولار", "./punct/."]),
            ("عام 2014.", &["عام/word/عام", "2014/number/2014", "./punct/."]),
            ("COVID-19", &["COVID/latin/COVID", "-/punct/-", "19/number/19"]),
            ("MBC مصر", &["MBC/latin/MBC", "مصر/word/مصر"]),
            ("لماذا؟؟", &["لماذا/word/لماذا", "؟؟/punct/؟؟"]),
            ("انتظر...", &["انتظر/word/انتظر", ".../punct/..."]),
            ("«قسد»", &["«/punct/«", "قسد/word/قسد", "»/punct/»"]),
            ("لـ واشنطن", &["لـ/word/ل", "واشنطن/word/واشنطن"]),
            ("بـ10 سنوات", &["بـ/word/ب", "10/number/10", "سنوات/word/سنوات"]),
            ("عاجــــــل", &["عاجــــــل/word/عاجل"]),
            ("مَدْرَسَةٌ", &["مَدْرَسَةٌ/word/مدرسة"]),
            ("\u{200F}قسد\u{200E}", &["قسد/word/قسد"]),
            ("نسبة ٪٥٠", &["نسبة/word/نسبة", "٪/punct/٪", "٥٠/number/50"]),
            ("وَقال", &["وَقال/word/وقال/و+قال"]),
            ("#عاصي_الحلاني", &["#/punct/#", "عاصي/word/عاصي", "_/punct/_", "الحلاني/word/الحلاني/ال+حلاني"]),
            ("3.", &["3/number/3", "./punct/."]),
            ("", &[]),
        ];
        for (text, want) in table {
            assert_eq!(render(text), *want, "text {text:?}");
        }
    }

    #[test]
    fn spans_are_ordered_and_in_bounds() {
        let text = "قالت وكالة «رويترز» إن 3 آلاف شخص، بينهم ١٢٠ طفلاً، وصلوا.";
        let toks = Tokenizer::new().tokenize(text);
        let mut prev = 0;
        for t in toks.iter() {
            assert!(t.span.start >= prev && t.span.end > t.span.start);
            assert!(t.span.get(text).is_some());
            assert!(t.base_span().get(text).is_some());
            prev = t.span.end;
        }
    }

    #[test]
    fn buffers_are_reused() {
        let tk = Tokenizer::new();
        let mut toks = Tokens::new();
        tk.tokenize_into("نص أول طويل نسبيا", &mut toks);
        tk.tokenize_into("ثان", &mut toks);
        assert_eq!(toks.len(), 1);
        assert_eq!(toks.norm(&toks[0]), "ثان");
    }

    #[test]
    fn clitics_can_be_switched_off() {
        let toks = Tokenizer::builder().clitics(false).build().tokenize("والعراق");
        assert!(toks[0].proclitics.is_empty());
        assert_eq!(toks.base(&toks[0]), "والعراق");
    }
}
