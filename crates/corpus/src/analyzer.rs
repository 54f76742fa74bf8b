//! marsad's Arabic analyzer for tantivy: the same terms at index and at query
//! time, so a query matches across spelling variants and clitics.
//!
//! Each word goes through [`marsad_arabic::Tokenizer`] with the search
//! normalizer (alef forms, teh marbuta, hamza seats, harakat, tatweel,
//! Arabic-Indic digits, Latin case), loses its proclitics (بالعراق → عراق,
//! والدواعش → دواعش) and then its light-stem suffixes
//! ([`marsad_arabic::Stemmer`]: العراقيين → عراق). Function words
//! (`data/stopwords.txt`) are not indexed. Token offsets are the word's span
//! in the original text — the whole word with its clitics — so a highlighted
//! snippet marks what the reader sees.
//!
//! ```
//! use marsad_corpus::ArabicAnalyzer;
//! let a = ArabicAnalyzer::new();
//! assert_eq!(a.terms("وصلوا بالعراق"), a.terms("وصلوا العراق"));
//! assert_eq!(a.terms("العراقيين في بغداد"), vec!["عراق", "بغداد"]);
//! ```

use marsad_arabic::{Normalizer, Stemmer, TokenKind, Tokenizer, Tokens};
use std::collections::HashSet;
use std::sync::LazyLock;
use tantivy::tokenizer::{Token, TokenStream};

/// The name the analyzer is registered under in the index.
pub const ANALYZER_NAME: &str = "marsad_ar";

/// Words longer than this are not indexed (URLs glued to text, base64): they
/// are never searched for and tantivy refuses terms over 64 KiB anyway.
const MAX_TERM_BYTES: usize = 120;

static STOPWORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let n = Normalizer::search();
    include_str!("../data/stopwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| n.normalize(l).text)
        .collect()
});

/// True for a search-normalized function word.
pub fn is_stopword(norm: &str) -> bool {
    STOPWORDS.contains(norm)
}

/// The analyzer: build once, clone per thread (tantivy clones it for each
/// indexing thread; the clone carries its own token buffer).
#[derive(Clone, Debug)]
pub struct ArabicAnalyzer {
    tokenizer: Tokenizer,
    stemmer: Stemmer,
    tokens: Tokens,
}

impl Default for ArabicAnalyzer {
    fn default() -> Self {
        ArabicAnalyzer::new()
    }
}

impl ArabicAnalyzer {
    pub fn new() -> ArabicAnalyzer {
        let _ = &*STOPWORDS;
        ArabicAnalyzer {
            tokenizer: Tokenizer::builder().normalizer(Normalizer::search()).build(),
            stemmer: Stemmer::new(),
            tokens: Tokens::new(),
        }
    }

    /// The index term of one token, or `None` when the token is not indexed
    /// (punctuation, function words, over-long words).
    fn term<'t>(&self, tokens: &'t Tokens, t: &marsad_arabic::Token) -> Option<&'t str> {
        let term = match t.kind {
            TokenKind::Word => {
                let base = tokens.base(t);
                if is_stopword(tokens.norm(t)) || is_stopword(base) {
                    return None;
                }
                self.stemmer.stem(base)
            }
            TokenKind::Latin | TokenKind::Number => tokens.norm(t),
            TokenKind::Punct | TokenKind::Symbol => return None,
        };
        (!term.is_empty() && term.len() <= MAX_TERM_BYTES).then_some(term)
    }

    /// The index terms of `text`, in order (for queries and keywords).
    pub fn terms(&self, text: &str) -> Vec<String> {
        let tokens = self.tokenizer.tokenize(text);
        tokens.iter().filter_map(|t| self.term(&tokens, t).map(str::to_string)).collect()
    }

    /// Calls `f(term, span)` for each index term of `text`, reusing `tokens`.
    pub fn for_each_term(&self, text: &str, tokens: &mut Tokens, mut f: impl FnMut(&str, marsad_arabic::Span)) {
        self.tokenizer.tokenize_into(text, tokens);
        for t in tokens.iter() {
            if let Some(term) = self.term(tokens, t) {
                f(term, t.span);
            }
        }
    }
}

impl tantivy::tokenizer::Tokenizer for ArabicAnalyzer {
    type TokenStream<'a> = ArabicTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream<'a> {
        let mut tokens = std::mem::take(&mut self.tokens);
        self.tokenizer.tokenize_into(text, &mut tokens);
        self.tokens = tokens;
        ArabicTokenStream { analyzer: self, next: 0, position: 0, token: Token::default() }
    }
}

/// The token stream of one text.
pub struct ArabicTokenStream<'a> {
    analyzer: &'a ArabicAnalyzer,
    next: usize,
    position: usize,
    token: Token,
}

impl TokenStream for ArabicTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let tokens = &self.analyzer.tokens;
        while self.next < tokens.len() {
            let t = &tokens[self.next];
            self.next += 1;
            if !t.is_word() && t.kind != TokenKind::Number {
                continue;
            }
            // Every word takes a position, indexed or not, so a phrase query
            // does not match across a dropped function word.
            let position = self.position;
            self.position += 1;
            if let Some(term) = self.analyzer.term(tokens, t) {
                self.token.text.clear();
                self.token.text.push_str(term);
                self.token.offset_from = t.span.start;
                self.token.offset_to = t.span.end;
                self.token.position = position;
                self.token.position_length = 1;
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::Tokenizer as _;

    #[test]
    fn terms_table() {
        let a = ArabicAnalyzer::new();
        let table: &[(&str, &[&str])] = &[
            ("العراق", &["عراق"]),
            ("بالعراق", &["عراق"]),
            ("وبالعراق،", &["عراق"]),
            ("مدرسةٌ", &["مدرس"]),
            ("مدرسه", &["مدرس"]),
            ("مؤتمر", &["موتمر"]),
            ("إلى المؤتمر في ٢٠١٨", &["موتمر", "2018"]),
            ("COVID-19", &["covid", "19"]),
            ("«داعش»", &["داعش"]),
            ("", &[]),
        ];
        for (text, want) in table {
            assert_eq!(a.terms(text), *want, "{text:?}");
        }
    }

    #[test]
    fn offsets_cover_the_whole_word_and_positions_count_dropped_words() {
        let text = "وصل وفد إلى بالعراق";
        let mut a = ArabicAnalyzer::new();
        let mut got = Vec::new();
        let mut s = a.token_stream(text);
        while s.advance() {
            let t = s.token();
            got.push((t.text.clone(), &text[t.offset_from..t.offset_to], t.position));
        }
        assert_eq!(got, vec![("وصل".into(), "وصل", 0), ("وفد".into(), "وفد", 1), ("عراق".into(), "بالعراق", 3)]);
    }
}
