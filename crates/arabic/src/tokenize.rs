//! The tokenizer: one pass over the original text, tokens with exact byte
//! spans, normalized forms and clitic-free bases in a reusable arena.

use crate::chars::{self, CharClass};
use crate::clitics::Proclitics;
use crate::fold::{Fold, Lut, LUT};
use crate::normalize::{decode, Normalizer};
use crate::segment_cache::SegmentCache;
use crate::span::Span;
use std::ops::{Deref, Index, Range};

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

    /// Appends tokens `range` of `src` with their normalized forms, moving
    /// their spans from offset `from` of `src`'s text to offset `to` of this
    /// one's (a token at `from + k` there is at `to + k` here). Builds the
    /// tokens of a text from the tokens of the pieces it was copied from
    /// without tokenizing it again.
    pub fn extend_from(&mut self, src: &Tokens, range: Range<usize>, from: usize, to: usize) {
        let toks = &src.tokens[range];
        let (Some(first), Some(last)) = (toks.first(), toks.last()) else { return };
        // A buffer's normalized forms follow one another in token order.
        let (a, b) = (first.norm_start as usize, last.norm_end as usize);
        let at = self.arena.len();
        self.arena.push_str(&src.arena[a..b]);
        let norm = |x: u32| (x as usize - a + at) as u32;
        let pos = |x: usize| x - from + to;
        self.tokens.extend(toks.iter().map(|t| Token {
            span: Span::new(pos(t.span.start), pos(t.span.end)),
            kind: t.kind,
            proclitics: t.proclitics,
            base_start: pos(t.base_start),
            norm_start: norm(t.norm_start),
            norm_end: norm(t.norm_end),
            base_norm_start: norm(t.base_norm_start),
        }));
    }

    /// Whether `self` and `other` hold the same tokens: spans, kinds,
    /// proclitics, bases and normalized forms (wherever their arenas keep
    /// them).
    pub fn same_as(&self, other: &Tokens) -> bool {
        self.len() == other.len()
            && self.iter().zip(other.iter()).all(|(a, b)| {
                a.span == b.span
                    && a.kind == b.kind
                    && a.proclitics == b.proclitics
                    && a.base_start == b.base_start
                    && self.norm(a) == other.norm(b)
                    && self.base(a) == other.base(b)
            })
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
        let mask = self.normalizer.mask();
        scan(text, &self.arabic, mask, 0, |start, end, kind, found| {
            let kept = self.kept(text, start, end, kind, found, FOLDS, mask);
            self.push(text, start, end, kind, kept, out, None);
        });
    }

    /// [`tokenize_into`](Self::tokenize_into) as it was written before the
    /// scan was shared with [`TokenizerPair`]: the reference the shared scan
    /// is compared with (tests).
    #[doc(hidden)]
    pub fn tokenize_reference(&self, text: &str, out: &mut Tokens) {
        out.clear();
        if self.clitics {
            out.cache.prepare(text.len());
        }
        let lut = &*LUT;
        let mask = self.normalizer.mask();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
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
                    let (end, bits) = scan_arabic_word(bytes, i, &self.arabic, lut, mask, 0);
                    i = end;
                    self.push(text, start, end, TokenKind::Word, bits & FOLDS == 0, out, None);
                    continue;
                }
                CharClass::Digit => (scan_number(bytes, i), TokenKind::Number),
                CharClass::OtherLetter => (scan_while(bytes, i, is_latin_word), TokenKind::Latin),
                CharClass::Punct => {
                    let mut e = i + len;
                    while e < bytes.len() && text[e..].starts_with(c) {
                        e += len;
                    }
                    i = e;
                    let kept = self.normalizer.fold_char(c).is_none();
                    self.push(text, start, e, TokenKind::Punct, kept, out, None);
                    continue;
                }
                CharClass::Symbol => {
                    i += len;
                    let kept = self.normalizer.fold_char(c).is_none();
                    self.push(text, start, i, TokenKind::Symbol, kept, out, None);
                    continue;
                }
            };
            i = end;
            let kept = (mask & Fold::LatinCase.bit() == 0 || kind == TokenKind::Number) && text[start..end].is_ascii();
            self.push(text, start, end, kind, kept, out, None);
        }
    }

    /// Whether token `text[start..end]` is its own normalized form under
    /// this tokenizer's normalizer (enabled classes `mask`; `folds` is the
    /// scan bit that says a character of an Arabic word folds).
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn kept(&self, text: &str, start: usize, end: usize, kind: TokenKind, found: Found, folds: u8, mask: u16) -> bool {
        match found {
            Found::Word(bits) => bits & folds == 0,
            // One repeated character: it folds or it does not.
            Found::Run(c) => self.normalizer.fold_char(c).is_none(),
            // ASCII digits and separators, and ASCII letters when case is
            // kept, are their own normalized form.
            Found::Other => {
                (mask & Fold::LatinCase.bit() == 0 || kind == TokenKind::Number) && text[start..end].is_ascii()
            }
        }
    }

    /// Adds the token `text[start..end]`; `normalized` says the scan found
    /// nothing the normalizer would change, so the surface is copied as is.
    /// `memo` is a segmentation already made of some normalized word (the
    /// word, its proclitics and where its base begins): reused when this
    /// token's normalized form is the same word. Returns the token's
    /// segmentation when it has one, for the next call's `memo`.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn push(
        &self,
        text: &str,
        start: usize,
        end: usize,
        kind: TokenKind,
        normalized: bool,
        out: &mut Tokens,
        memo: Option<(&str, Proclitics, usize)>,
    ) -> Option<(Proclitics, usize)> {
        let surface = &text[start..end];
        let norm_start = out.arena.len();
        let mask = self.normalizer.mask();
        let words = !normalized && self.clitics && kind == TokenKind::Word;
        if words {
            // A word normalized and segmented before by this normalizer:
            // everything below is a function of the surface and the mask.
            if let Some((norm, p, at, source_at)) = out.cache.normalized(surface.as_bytes(), mask) {
                out.arena.push_str(norm);
                out.tokens.push(Token {
                    span: Span::new(start, end),
                    kind,
                    proclitics: p,
                    base_start: start + source_at,
                    norm_start: norm_start as u32,
                    norm_end: (norm_start + norm.len()) as u32,
                    base_norm_start: (norm_start + at) as u32,
                });
                return Some((p, at));
            }
        }
        let changed = if normalized {
            out.arena.push_str(surface);
            false
        } else {
            self.normalizer.normalize_into(surface, &mut out.arena)
        };
        let norm_end = out.arena.len();
        let mut segmented = None;
        let (proclitics, base_norm_start, base_start) = if self.clitics && kind == TokenKind::Word {
            let word = &out.arena[norm_start..norm_end];
            // Segmentation is a function of the normalized word alone.
            let (p, at) = match memo {
                Some((w, p, at)) if w == word => (p, at),
                _ => out.cache.segment(word),
            };
            segmented = Some((p, at));
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
        if words {
            let norm = &out.arena[norm_start..norm_end];
            out.cache.keep_normalized(
                surface.as_bytes(),
                mask,
                norm,
                proclitics,
                base_norm_start - norm_start,
                base_start - start,
            );
        }
        out.tokens.push(Token {
            span: Span::new(start, end),
            kind,
            proclitics,
            base_start,
            norm_start: norm_start as u32,
            norm_end: norm_end as u32,
            base_norm_start: base_norm_start as u32,
        });
        segmented
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

/// What the scan found of a token, for deciding whether a normalizer
/// changes it.
#[derive(Clone, Copy)]
enum Found {
    /// An Arabic word, with the OR of its characters' table bits.
    Word(u8),
    /// A run of one punctuation mark or one symbol.
    Run(char),
    /// A number or a word in another script.
    Other,
}

/// The one scan behind [`Tokenizer::tokenize_into`] and
/// [`TokenizerPair::tokenize_into`]: calls `emit(start, end, kind, found)`
/// for each token of `text` in order. `arabic` is a tokenizer's table of the
/// Arabic block; `mask` and `mask2` are the enabled classes of the
/// normalizers whose fold bits ([`FOLDS`], [`FOLDS2`]) the scan collects
/// for characters outside the block.
#[inline(always)]
fn scan(text: &str, arabic: &[u8; 256], mask: u16, mask2: u16, mut emit: impl FnMut(usize, usize, TokenKind, Found)) {
    let lut = &*LUT;
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
                let (end, bits) = scan_arabic_word(bytes, i, arabic, lut, mask, mask2);
                i = end;
                emit(start, end, TokenKind::Word, Found::Word(bits));
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
                i = e;
                emit(start, e, TokenKind::Punct, Found::Run(c));
                continue;
            }
            CharClass::Symbol => {
                i += len;
                emit(start, i, TokenKind::Symbol, Found::Run(c));
                continue;
            }
        };
        i = end;
        emit(start, end, kind, Found::Other);
    }
}

/// Two tokenizers run as one: [`TokenizerPair::tokenize_into`] gives what
/// each tokenizer's own `tokenize_into` gives, from one scan of the text
/// (token boundaries and kinds do not depend on the normalizer), and
/// segments a word once when both normalize it to the same form. For a
/// caller that needs two normalizations of the same text (the page cleaner
/// matches its lexicons on the search fold, the page's analyses read the
/// default fold).
///
/// ```
/// use marsad_arabic::{Normalizer, Tokenizer, TokenizerPair, Tokens};
/// let search = Tokenizer::builder().normalizer(Normalizer::search()).build();
/// let pair = TokenizerPair::new(Tokenizer::new(), search);
/// let (mut a, mut b) = (Tokens::new(), Tokens::new());
/// pair.tokenize_into("قالت الوزارة", &mut a, &mut b);
/// assert_eq!(a.norm(&a[1]), "الوزارة");
/// assert_eq!(b.norm(&b[1]), "الوزاره");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct TokenizerPair {
    first: Tokenizer,
    second: Tokenizer,
    /// The first tokenizer's table with the second's fold bit as [`FOLDS2`].
    arabic: [u8; 256],
}

/// The second tokenizer's normalizer changes the character (pairs only).
const FOLDS2: u8 = 8;
/// The two normalizers of a pair treat the character differently: they
/// write different replacements, or one changes it and the other does not
/// (pairs only). A word with no such character has the same token in both.
const DIFFERS: u8 = 16;

impl TokenizerPair {
    pub fn new(first: Tokenizer, second: Tokenizer) -> TokenizerPair {
        let mut arabic = first.arabic;
        for (idx, (bits, b2)) in arabic.iter_mut().zip(second.arabic.iter()).enumerate() {
            if b2 & FOLDS != 0 {
                *bits |= FOLDS2;
            }
            let c = char::from_u32(0x600 + idx as u32).unwrap_or('\u{FFFD}');
            let (x, y) = (first.normalizer, second.normalizer);
            let s = c.to_string();
            if (*bits & FOLDS != 0) != (b2 & FOLDS != 0) || x.normalize(&s).text != y.normalize(&s).text {
                *bits |= DIFFERS;
            }
        }
        TokenizerPair { first, second, arabic }
    }

    pub fn first(&self) -> &Tokenizer {
        &self.first
    }

    pub fn second(&self) -> &Tokenizer {
        &self.second
    }

    /// Tokenizes `text` into `first` (as the first tokenizer would) and
    /// into `second` (as the second would); both are cleared first.
    pub fn tokenize_into(&self, text: &str, first: &mut Tokens, second: &mut Tokens) {
        first.clear();
        self.tokenize_appending(text, first, second);
    }

    /// As [`tokenize_into`](Self::tokenize_into), but `text`'s tokens are
    /// appended to what `first` already holds (their spans are offsets into
    /// `text`), so that one buffer collects the tokens of several texts;
    /// `second` is cleared first.
    pub fn tokenize_appending(&self, text: &str, first: &mut Tokens, second: &mut Tokens) {
        second.clear();
        for (tk, out) in [(&self.first, &mut *first), (&self.second, &mut *second)] {
            if tk.clitics {
                out.cache.prepare(text.len());
            }
            out.tokens.reserve(text.len() / 6);
            out.arena.reserve(text.len());
        }
        let (m1, m2) = (self.first.normalizer.mask(), self.second.normalizer.mask());
        let (a, b) = (&self.first, &self.second);
        let same_clitics = a.clitics == b.clitics;
        scan(text, &self.arabic, m1, m2, |start, end, kind, found| {
            if let Found::Word(bits) = found {
                if bits & DIFFERS == 0 && same_clitics {
                    // Both normalizers write the same thing for every
                    // character of the word: same normalized form, same
                    // segmentation, same offsets.
                    let kept1 = bits & FOLDS == 0;
                    let (n1, n2) = (first.arena.len(), second.arena.len());
                    a.push(text, start, end, kind, kept1, first, None);
                    second.arena.push_str(&first.arena[n1..]);
                    let t = first.tokens[first.tokens.len() - 1];
                    let moved = |x: u32| (x as usize - n1 + n2) as u32;
                    second.tokens.push(Token {
                        norm_start: moved(t.norm_start),
                        norm_end: moved(t.norm_end),
                        base_norm_start: moved(t.base_norm_start),
                        ..t
                    });
                    return;
                }
            }
            let kept1 = a.kept(text, start, end, kind, found, FOLDS, m1);
            let kept2 = b.kept(text, start, end, kind, found, FOLDS2, m2);
            let n1 = first.arena.len();
            let seg = a.push(text, start, end, kind, kept1, first, None);
            let memo = seg.map(|(p, at)| (&first.arena[n1..], p, at));
            b.push(text, start, end, kind, kept2, second, memo);
        });
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

/// End of the Arabic word starting at `i`, and the OR of its characters'
/// bits, among them [`FOLDS`] (and [`FOLDS2`]) when a character is one the
/// normalizer (enabled classes `mask`, `mask2`) changes: most words need no
/// normalizing, and the scan reads each character anyway.
/// Invisible characters stay inside the word only when more of it follows.
#[inline(always)]
fn scan_arabic_word(bytes: &[u8], mut i: usize, arabic: &[u8; 256], lut: &Lut, mask: u16, mask2: u16) -> (usize, u8) {
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
        let class = lut.get(c).class;
        if class & mask != 0 {
            folds |= FOLDS;
        }
        if class & mask2 != 0 {
            folds |= FOLDS2;
        }
        if mask2 != 0 && class & (mask | mask2) != 0 {
            // Outside the block (presentation forms, other marks): not
            // compared, so taken as treated differently.
            folds |= DIFFERS;
        }
    }
    (end, folds)
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

    /// Texts dense in what the normalizers treat differently: teh marbuta,
    /// hamza seats, Latin case, harakat, tatweel, presentation forms,
    /// ligatures, invisible characters, digits and runs of marks.
    fn mixed_texts(n: usize) -> Vec<String> {
        #[rustfmt::skip]
        let pieces = [
            "قالت", " ", "الوزارة", "وبالعراق", "لـ", "مدرسةٌ", "ﻻ", "ﻟﻠﻤﺪرﺳﺔ", "أإآ", "مسؤول", "رئيس", "ومسئولية", "ﺓ",
            "COVID", "Mbc", "ABC", "x", "٣٫٥", "1,000", ".", "...", "؟؟", "،", "\u{200F}", "\u{200C}", "\u{640}",
            "\u{64B}", "\u{670}", "ی", "ک", "للمرة", "فالأمر", "كشفت", "والإعلان", "بالأرقام", "وإن", "ئ", "ؤ", "ءا", " ",
            " ", "\n", "#", "_", "é", "Ü", "ß", "%", "«", "»", "ٱ", "ى", "إلى", "لإسرائيل",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        (0..n)
            .map(|case| {
                let mut text = String::new();
                for _ in 0..(case % 40) {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
                }
                text
            })
            .collect()
    }

    /// The pair gives what each of its tokenizers gives alone, in every
    /// combination of normalizers and clitic settings, with buffers reused
    /// (so the segmentation caches fill) and fresh.
    #[test]
    fn pair_equals_each_tokenizer_alone() {
        let search = Normalizer::search();
        let none = Normalizer::builder().disable(crate::Fold::Harakat).disable(crate::Fold::Alef).build();
        let tokenizers = [
            Tokenizer::new(),
            Tokenizer::builder().normalizer(search).build(),
            Tokenizer::builder().normalizer(search).clitics(false).build(),
            Tokenizer::builder().normalizer(none).build(),
        ];
        let (mut a, mut b, mut ra, mut rb) = (Tokens::new(), Tokens::new(), Tokens::new(), Tokens::new());
        // Enough text for the reused buffers to turn their caches on.
        let texts = mixed_texts(3000);
        for x in &tokenizers {
            for y in &tokenizers {
                let pair = TokenizerPair::new(*x, *y);
                for text in &texts {
                    pair.tokenize_into(text, &mut a, &mut b);
                    x.tokenize_into(text, &mut ra);
                    y.tokenize_into(text, &mut rb);
                    assert!(a.same_as(&ra), "first, text {text:?}");
                    assert!(b.same_as(&rb), "second, text {text:?}");
                    x.tokenize_reference(text, &mut rb);
                    assert!(ra.same_as(&rb), "reference, text {text:?}");
                    assert!(a.same_as(&x.tokenize(text)) && b.same_as(&y.tokenize(text)), "text {text:?}");
                }
            }
        }
    }

    #[test]
    fn appending_collects_the_tokens_of_each_text() {
        let pair = TokenizerPair::new(Tokenizer::new(), Tokenizer::builder().normalizer(Normalizer::search()).build());
        let texts = mixed_texts(200);
        let (mut all, mut b, mut want) = (Tokens::new(), Tokens::new(), Tokens::new());
        for text in &texts {
            let n = all.len();
            pair.tokenize_appending(text, &mut all, &mut b);
            let alone = Tokenizer::new().tokenize(text);
            want.extend_from(&alone, 0..alone.len(), 0, 0);
            assert_eq!(all.len() - n, alone.len(), "text {text:?}");
            assert!(b.same_as(&pair.second().tokenize(text)), "text {text:?}");
        }
        assert!(all.same_as(&want) && all.len() > 1000);
    }

    #[test]
    fn extend_from_moves_spans_and_keeps_forms() {
        let tk = Tokenizer::new();
        let text = "قال الوزيرُ: إن المدرسةَ وبالعراق";
        let all = tk.tokenize(text);
        // The tokens from الوزيرُ to المدرسةَ, as if copied to offset 3 of
        // another text.
        let from = all[1].span.start;
        let mut out = Tokens::new();
        out.extend_from(&all, 1..5, from, 3);
        let piece = format!("   {}", &text[from..all[4].span.end]);
        assert!(out.same_as(&tk.tokenize(&piece)));
        out.extend_from(&all, 0..0, 0, 0);
        assert_eq!(out.len(), 4);
    }

    /// The pair against the two tokenizers alone, and each against the
    /// reference loop, on every ANT article (read at run time from
    /// `../shared/data`), buffers reused across articles.
    #[test]
    #[ignore = "reads ../shared/data: scripts/real-data-checks"]
    fn real_data_tokenizer_pair_equals_each_tokenizer_on_ant() {
        let path = marsad_shared_data::dir().join(marsad_shared_data::ANT);
        let data = marsad_shared_data::read(&path);
        let (x, y) = (Tokenizer::new(), Tokenizer::builder().normalizer(Normalizer::search()).build());
        let pair = TokenizerPair::new(x, y);
        let (mut a, mut b, mut ra, mut rb) = (Tokens::new(), Tokens::new(), Tokens::new(), Tokens::new());
        let (mut articles, mut n) = (0, 0);
        for (i, line) in data.lines().enumerate() {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: line {}: {e}", path.display(), i + 1));
            for field in ["title", "text"] {
                let text = v[field].as_str().unwrap_or("");
                pair.tokenize_into(text, &mut a, &mut b);
                x.tokenize_into(text, &mut ra);
                y.tokenize_into(text, &mut rb);
                assert!(a.same_as(&ra) && b.same_as(&rb), "{}: line {}, {field}", path.display(), i + 1);
                x.tokenize_reference(text, &mut rb);
                assert!(ra.same_as(&rb), "{}: line {}, {field}: reference", path.display(), i + 1);
                y.tokenize_reference(text, &mut ra);
                assert!(b.same_as(&ra), "{}: line {}, {field}: reference", path.display(), i + 1);
                // A fresh buffer has no caches yet: the cached answers above
                // equal the computed ones.
                if i % 4 == 0 {
                    assert!(a.same_as(&x.tokenize(text)), "{}: line {}, {field}: fresh", path.display(), i + 1);
                    assert!(b.same_as(&y.tokenize(text)), "{}: line {}, {field}: fresh", path.display(), i + 1);
                }
                n += a.len();
            }
            articles += 1;
        }
        assert!(articles > 10_000 && n > articles * 50, "{articles} articles, {n} tokens");
    }

    #[test]
    fn clitics_can_be_switched_off() {
        let toks = Tokenizer::builder().clitics(false).build().tokenize("والعراق");
        assert!(toks[0].proclitics.is_empty());
        assert_eq!(toks.base(&toks[0]), "والعراق");
    }
}
