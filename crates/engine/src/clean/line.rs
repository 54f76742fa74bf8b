//! The measurements of each line that the cleaner's decisions rest on: its
//! folded words (for the lexicons), their kinds, how dense it is in function
//! words, how it ends, and a hash of its words (for repetition).

use super::lexicon::{push_collapsed, Fnv, CITY, FUNCTION, LEXICONS, NO_CUES, SECTION};
use super::page_tokens::LineTokens;
use marsad_arabic::{Span, TokenKind, Tokenizer, TokenizerPair, Tokens};
use std::hash::Hasher;
use std::ops::Range;

/// What a word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordKind {
    Arabic,
    Latin,
    Number,
}

/// One word of a line: its span in the line's text and its folded form.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    pub span: Span,
    pub kind: WordKind,
    norm: (u32, u32),
    /// Start of the base (the word without proclitics) inside `norm`.
    base: u32,
    /// The lexicons' flags for the word (or its base), see
    /// [`super::lexicon::WordInfo`].
    pub flags: u8,
    /// The cues that begin with the word, as an index for
    /// [`super::lexicon::Lexicons::cues_of`].
    pub cues: u32,
}

impl Word {
    pub(crate) fn is_number(&self) -> bool {
        self.kind == WordKind::Number
    }
}

/// One line (or block) and what was measured of it.
#[derive(Clone, Debug)]
pub(crate) struct Line<'a> {
    pub text: &'a str,
    words: Range<u32>,
    pub n_words: u16,
    pub n_arabic: u16,
    pub n_latin: u16,
    pub n_numbers: u16,
    /// Words that are function words (في، من، الذي، أن …).
    pub n_function: u16,
    /// Words that are menu-section words, cities or countries.
    pub n_section: u16,
    /// Characters (not bytes).
    pub chars: u32,
    /// `،` and `,`.
    pub commas: u16,
    /// `|` separators: pipe-separated menus.
    pub pipes: u16,
    /// Ends with a full stop, `!` or `؟` (not `..` or `...`), possibly
    /// followed by a closing quote or bracket.
    pub ends_sentence: bool,
    /// Ends with a full stop: a question or an exclamation mark ends
    /// headlines as often as sentences.
    pub ends_period: bool,
    /// Ends with a colon: a label or an introduction, not a title.
    pub ends_colon: bool,
    /// Holds a URL or an e-mail address.
    pub has_url: bool,
    /// Hash of the folded words: equal lines (after folding) hash equal.
    pub key: u64,
}

impl Line<'_> {
    /// Share of the Arabic words that are function words.
    pub(crate) fn function_ratio(&self) -> f32 {
        self.n_function as f32 / self.n_arabic.max(1) as f32
    }

    /// No words at all: a separator, a symbol, a lone bracket.
    pub(crate) fn is_symbols(&self) -> bool {
        self.n_words == 0
    }

    /// Mostly Latin script on an Arabic page (a photo credit, an English
    /// widget label, a URL).
    pub(crate) fn is_foreign(&self) -> bool {
        self.n_latin > 0 && self.n_latin as u32 * 2 >= (self.n_arabic + self.n_latin) as u32
            || self.has_url && self.n_arabic < 5
    }

    /// Reads like running prose: long enough, dense enough in function
    /// words, and either ending like a sentence or too long for a title.
    pub(crate) fn is_prose(&self) -> bool {
        if self.is_foreign() || self.n_arabic < 5 {
            return false;
        }
        let fr = self.function_ratio();
        (self.ends_period && self.n_words >= 7)
            || (self.ends_sentence && self.n_words >= 12 && fr >= 0.08)
            || (self.n_words >= 14 && fr >= 0.1 && (self.commas > 0 || self.n_words >= 20))
            || (self.n_words >= 30 && fr >= 0.05)
    }

    /// Could be a headline or the title of a link: a few words to a long
    /// line, not a sentence, not a label.
    pub(crate) fn is_title_like(&self) -> bool {
        self.n_arabic >= 2
            && self.n_words >= 3
            && self.n_words <= 30
            && !self.ends_colon
            && !self.has_url
            && !self.is_foreign()
    }

    /// A short line: a menu entry, a label, a tag.
    pub(crate) fn is_short(&self) -> bool {
        self.n_words <= 3
    }

    /// Only menu-section words (and places): "أخبار مصر"، "عربي ودولي".
    pub(crate) fn is_section_name(&self) -> bool {
        self.n_words > 0 && self.n_words <= 4 && self.n_section == self.n_words
    }
}

/// The lines of one page with their words, folded into one arena.
#[derive(Debug, Default)]
pub(crate) struct Lines<'a> {
    pub lines: Vec<Line<'a>>,
    words: Vec<Word>,
    keys: String,
}

impl<'a> Lines<'a> {
    /// Measures every line, reusing `toks` as the tokenizer's buffer.
    pub(crate) fn new(texts: impl Iterator<Item = &'a str>, tk: &Tokenizer, toks: &mut Tokens) -> Lines<'a> {
        let mut out = Lines::default();
        for text in texts {
            let line = out.measure(text, tk, toks);
            out.lines.push(line);
        }
        out
    }

    /// Measures every line as [`Lines::new`] does, tokenizing each once for
    /// two folds: the search fold (the pair's second tokenizer, into
    /// `toks`) for the measures, and the pair's first tokenizer's fold kept
    /// in `keep`, line after line, for the page's own tokens. `bytes` is the
    /// length of the texts together.
    pub(crate) fn new_keeping(
        texts: impl Iterator<Item = &'a str>,
        pair: &TokenizerPair,
        toks: &mut Tokens,
        keep: &mut LineTokens,
        bytes: usize,
    ) -> Lines<'a> {
        // Sized for the page (`bytes` of text in all) so that the buffers
        // do not grow line after line: about a word per six bytes.
        let mut out = Lines {
            lines: Vec::with_capacity(texts.size_hint().0),
            words: Vec::with_capacity(bytes / 6),
            keys: String::with_capacity(bytes),
        };
        keep.clear();
        for text in texts {
            keep.push_line(pair, text, toks);
            let line = out.measure_tokens(text, toks);
            out.lines.push(line);
        }
        out
    }

    fn measure(&mut self, text: &'a str, tk: &Tokenizer, toks: &mut Tokens) -> Line<'a> {
        tk.tokenize_into(text, toks);
        self.measure_tokens(text, toks)
    }

    /// Measures line `text` given its search-fold tokens.
    fn measure_tokens(&mut self, text: &'a str, toks: &Tokens) -> Line<'a> {
        let lex = &*LEXICONS;
        let first = self.words.len() as u32;
        let (mut n_arabic, mut n_latin, mut n_numbers, mut n_function, mut n_section) = (0u16, 0u16, 0u16, 0u16, 0u16);
        let (mut commas, mut pipes) = (0u16, 0u16);
        let mut h = Fnv::default();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            match t.kind {
                TokenKind::Word | TokenKind::Latin | TokenKind::Number => {
                    let kind = match t.kind {
                        TokenKind::Word => WordKind::Arabic,
                        TokenKind::Latin => WordKind::Latin,
                        _ => WordKind::Number,
                    };
                    let start = self.keys.len();
                    push_collapsed(toks.norm(&t), &mut self.keys);
                    let end = self.keys.len();
                    // The base is a suffix of the norm, unless collapsing
                    // shortened the word: then the whole word is its base.
                    let norm_len = toks.norm(&t).len();
                    let base_len = toks.base(&t).len();
                    let base = if end - start == norm_len { end - base_len } else { start };
                    let norm = &self.keys[start..end];
                    // One lookup per word; a second for the base of a word
                    // with proclitics ("وفي" is a function word as "في").
                    let mut info = if kind == WordKind::Number { Default::default() } else { lex.word(norm) };
                    if base > start && info.flags & (FUNCTION | SECTION) == 0 {
                        info.flags |= lex.word(&self.keys[base..end]).flags & (FUNCTION | SECTION);
                    }
                    match kind {
                        WordKind::Arabic => {
                            n_arabic += 1;
                            n_function += u16::from(info.flags & FUNCTION != 0);
                            n_section += u16::from(info.flags & SECTION != 0);
                        }
                        WordKind::Latin => n_latin += 1,
                        WordKind::Number => n_numbers += 1,
                    }
                    h.write(norm.as_bytes());
                    h.write_u8(0xFF);
                    let cues = if kind == WordKind::Number { NO_CUES } else { info.cues };
                    self.words.push(Word {
                        span: t.span,
                        kind,
                        norm: (start as u32, end as u32),
                        base: base as u32,
                        flags: info.flags,
                        cues,
                    });
                }
                TokenKind::Punct => {
                    let p = &text[t.span.range()];
                    if p.starts_with('،') || p.starts_with(',') {
                        commas += 1;
                    }
                }
                TokenKind::Symbol => {
                    if &text[t.span.range()] == "|" {
                        pipes += 1;
                    }
                }
            }
            i += 1;
        }
        // Cities count as menu words too ("أخبار القاهرة"); a word is
        // counted once however many lists it is in.
        let words = first..self.words.len() as u32;
        let n = (words.end - words.start) as usize;
        let mut j = 0;
        while j < n {
            let wd = &self.words[first as usize + j];
            if wd.flags & CITY == 0 {
                j += 1;
                continue;
            }
            let w = |k: usize| {
                let wd = &self.words[first as usize + k];
                &self.keys[wd.norm.0 as usize..wd.norm.1 as usize]
            };
            if let Some((len, ())) = lex.cities.longest_at(n, w, j) {
                let more = self.words[first as usize + j..first as usize + j + len]
                    .iter()
                    .filter(|w| w.flags & SECTION == 0)
                    .count();
                n_section += more as u16;
                j += len;
            } else {
                j += 1;
            }
        }
        let trimmed = text.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | '»' | '”' | '“' | ')' | ']' | '\u{640}')
        });
        let ends_sentence = (trimmed.ends_with(['.', '!', '؟', '?', '۔']) && !trimmed.ends_with(".."))
            || trimmed.ends_with(".\u{200F}");
        let ends_period = ends_sentence && !trimmed.ends_with(['؟', '?', '!']);
        let ends_colon = trimmed.ends_with([':', '：']);
        let has_url = text.contains("http") || text.contains("www.") || (text.contains('@') && text.contains('.'));
        Line {
            text,
            words,
            n_words: n as u16,
            n_arabic,
            n_latin,
            n_numbers,
            n_function: n_function.min(n_arabic),
            n_section,
            chars: text.chars().count() as u32,
            commas,
            pipes,
            ends_sentence,
            ends_period,
            ends_colon,
            has_url,
            key: h.finish(),
        }
    }

    /// The words of `line`.
    pub(crate) fn words(&self, line: &Line) -> &[Word] {
        &self.words[line.words.start as usize..line.words.end as usize]
    }

    /// The folded form of `w`.
    pub(crate) fn norm(&self, w: &Word) -> &str {
        &self.keys[w.norm.0 as usize..w.norm.1 as usize]
    }

    /// The folded base of `w` (without proclitics).
    pub(crate) fn base(&self, w: &Word) -> &str {
        &self.keys[w.base as usize..w.norm.1 as usize]
    }
}
