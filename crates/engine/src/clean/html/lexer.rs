//! A forgiving HTML tokenizer that reports byte ranges.
//!
//! It follows the HTML5 tokenizer where it matters for text extraction (tag
//! and attribute syntax, comments, doctype, raw-text elements whose content is
//! not markup), and never fails: whatever is not markup is text. Every token
//! carries the byte range it came from in the input, which is what lets a
//! block of extracted text map back to the exact bytes of the page.

use std::ops::Range;

/// An attribute: name (lowercased by the caller) and raw value ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawAttr {
    pub name: Range<usize>,
    /// The value without its quotes; empty for an attribute without a value.
    pub value: Range<usize>,
}

/// One token of the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// `<name attr=value …>`; `self_closing` when it ended in `/>`.
    Start { name: Range<usize>, attrs_from: usize, attrs_to: usize, self_closing: bool },
    /// `</name>`.
    End { name: Range<usize> },
    /// Character data (entities not yet decoded).
    Text(Range<usize>),
    /// A comment, doctype or processing instruction: not content.
    Ignored,
}

/// Elements whose content is raw text up to the matching end tag.
pub fn is_raw_text(name: &[u8]) -> bool {
    const RAW: [&[u8]; 9] =
        [b"script", b"style", b"textarea", b"title", b"xmp", b"iframe", b"noembed", b"noframes", b"noscript"];
    RAW.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// Streams the tokens of `input`. Attributes of the current start tag are
/// collected in `attrs` (indexes `attrs_from..attrs_to`), which the caller
/// owns so it can keep them.
pub struct Lexer<'a> {
    input: &'a [u8],
    pos: usize,
    /// Set after a raw-text start tag: the element name whose end tag closes
    /// the raw text.
    raw_until: Option<Range<usize>>,
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Lexer<'a> {
        Lexer { input: input.as_bytes(), pos: 0, raw_until: None }
    }

    /// The next token, or `None` at the end of the input.
    pub fn next_token(&mut self, attrs: &mut Vec<RawAttr>) -> Option<Token> {
        let b = self.input;
        if self.pos >= b.len() {
            return None;
        }
        if let Some(name) = self.raw_until.take() {
            let start = self.pos;
            let end = self.find_raw_end(&b[name.clone()]);
            self.pos = end;
            if end > start {
                return Some(Token::Text(start..end));
            }
        }
        let start = self.pos;
        if b[start] != b'<' {
            let end = memchr::memchr(b'<', &b[start..]).map_or(b.len(), |i| start + i);
            self.pos = end;
            return Some(Token::Text(start..end));
        }
        match b.get(start + 1) {
            Some(c) if c.is_ascii_alphabetic() => Some(self.start_tag(attrs)),
            Some(b'/') if b.get(start + 2).is_some_and(u8::is_ascii_alphabetic) => Some(self.end_tag()),
            Some(b'/') => {
                // `</>` or `</ ...`: a bogus comment up to `>`.
                self.pos = find_byte(b, start + 2, b'>').map_or(b.len(), |i| i + 1);
                Some(Token::Ignored)
            }
            Some(b'!') => {
                if b[start..].starts_with(b"<!--") {
                    self.pos = memchr::memmem::find(&b[start + 4..], b"-->").map_or(b.len(), |i| start + 4 + i + 3);
                } else if b[start..].starts_with(b"<![CDATA[") {
                    // CDATA outside foreign content is a bogus comment, but
                    // pages put text in it only inside SVG/MathML: skip it.
                    self.pos = memchr::memmem::find(&b[start..], b"]]>").map_or(b.len(), |i| start + i + 3);
                } else {
                    self.pos = find_byte(b, start + 2, b'>').map_or(b.len(), |i| i + 1);
                }
                Some(Token::Ignored)
            }
            Some(b'?') => {
                self.pos = find_byte(b, start + 2, b'>').map_or(b.len(), |i| i + 1);
                Some(Token::Ignored)
            }
            _ => {
                // A lone `<` is text.
                let end = memchr::memchr(b'<', &b[start + 1..]).map_or(b.len(), |i| start + 1 + i);
                self.pos = end;
                Some(Token::Text(start..end))
            }
        }
    }

    fn name_end(&self, from: usize) -> usize {
        let b = self.input;
        let mut i = from;
        while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/' | b'>') {
            i += 1;
        }
        i
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        let b = self.input;
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C) {
            i += 1;
        }
        i
    }

    fn start_tag(&mut self, attrs: &mut Vec<RawAttr>) -> Token {
        let b = self.input;
        let name_start = self.pos + 1;
        let name_end = self.name_end(name_start);
        let attrs_from = attrs.len();
        let mut i = name_end;
        let mut self_closing = false;
        loop {
            i = self.skip_ws(i);
            match b.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(b'/') => {
                    if b.get(i + 1) == Some(&b'>') {
                        self_closing = true;
                        i += 2;
                        break;
                    }
                    i += 1;
                }
                Some(_) => {
                    // Attribute name: up to whitespace, `/`, `>` or `=` (a
                    // leading `=` is part of the name, as in HTML5).
                    let an = i;
                    i += 1;
                    while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/' | b'>' | b'=') {
                        i += 1;
                    }
                    let name = an..i;
                    let j = self.skip_ws(i);
                    let mut value = i..i;
                    if b.get(j) == Some(&b'=') {
                        let v = self.skip_ws(j + 1);
                        match b.get(v) {
                            Some(&q @ (b'"' | b'\'')) => {
                                let end = find_byte(b, v + 1, q).unwrap_or(b.len());
                                value = v + 1..end;
                                i = (end + 1).min(b.len());
                            }
                            Some(_) => {
                                let mut e = v;
                                while e < b.len() && !matches!(b[e], b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'>') {
                                    e += 1;
                                }
                                value = v..e;
                                i = e;
                            }
                            None => i = v,
                        }
                    }
                    attrs.push(RawAttr { name, value });
                }
            }
        }
        self.pos = i;
        let name = name_start..name_end;
        if is_raw_text(&b[name.clone()]) && !self_closing {
            self.raw_until = Some(name.clone());
        }
        Token::Start { name, attrs_from, attrs_to: attrs.len(), self_closing }
    }

    fn end_tag(&mut self) -> Token {
        let b = self.input;
        let name_start = self.pos + 2;
        let name_end = self.name_end(name_start);
        self.pos = find_byte(b, name_end, b'>').map_or(b.len(), |i| i + 1);
        Token::End { name: name_start..name_end }
    }

    /// Where the raw text of element `name` ends: at `</name` followed by
    /// whitespace, `/` or `>`, or the end of the input.
    fn find_raw_end(&self, name: &[u8]) -> usize {
        let b = self.input;
        let mut i = self.pos;
        while let Some(off) = memchr::memmem::find(&b[i..], b"</") {
            let at = i + off;
            let n = at + 2;
            if b.len() >= n + name.len()
                && b[n..n + name.len()].eq_ignore_ascii_case(name)
                && matches!(b.get(n + name.len()), None | Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0C | b'/' | b'>'))
            {
                return at;
            }
            i = at + 2;
        }
        b.len()
    }
}

fn find_byte(b: &[u8], from: usize, c: u8) -> Option<usize> {
    memchr::memchr(c, b.get(from..)?).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Vec<String> {
        let mut lx = Lexer::new(s);
        let mut attrs = Vec::new();
        let mut out = Vec::new();
        while let Some(t) = lx.next_token(&mut attrs) {
            out.push(match t {
                Token::Start { name, attrs_from, attrs_to, self_closing } => {
                    let a: Vec<String> = attrs[attrs_from..attrs_to]
                        .iter()
                        .map(|a| format!("{}={}", &s[a.name.clone()], &s[a.value.clone()]))
                        .collect();
                    format!("<{}{}{}>", &s[name], if a.is_empty() { "" } else { " " }, a.join(" "))
                        + if self_closing { "/" } else { "" }
                }
                Token::End { name } => format!("</{}>", &s[name]),
                Token::Text(r) => format!("'{}'", &s[r]),
                Token::Ignored => "#".to_string(),
            });
        }
        out
    }

    #[test]
    fn tags_attributes_and_text() {
        let table: &[(&str, &[&str])] = &[
            ("<p class=\"a b\" id=x>نص</p>", &["<p class=a b id=x>", "'نص'", "</p>"]),
            ("<a href='/x?a=1&amp;b=2' data-x>", &["<a href=/x?a=1&amp;b=2 data-x=>"]),
            ("<br/>سطر", &["<br>/", "'سطر'"]),
            ("<!-- <p>لا</p> -->نعم", &["#", "'نعم'"]),
            ("<!DOCTYPE html><?xml x?>", &["#", "#"]),
            ("1 < 2 <3", &["'1 '", "'< 2 '", "'<3'"]),
            ("<script>if (a</b) {}</script >x", &["<script>", "'if (a</b) {}'", "</script>", "'x'"]),
            ("<style>p{}</STYLE>", &["<style>", "'p{}'", "</STYLE>"]),
            ("<title>عنوان &amp; موقع</title>", &["<title>", "'عنوان &amp; موقع'", "</title>"]),
            ("<div", &["<div>"]),
            ("<p a=\"unterminated>text", &["<p a=unterminated>text>"]),
            ("</ p>x", &["#", "'x'"]),
        ];
        for (input, want) in table {
            assert_eq!(tokens(input), *want, "{input}");
        }
    }

    #[test]
    fn ranges_point_into_the_input() {
        let s = "<p>أ&nbsp;ب</p>";
        let mut lx = Lexer::new(s);
        let mut attrs = Vec::new();
        lx.next_token(&mut attrs);
        match lx.next_token(&mut attrs) {
            Some(Token::Text(r)) => assert_eq!(&s[r], "أ&nbsp;ب"),
            t => panic!("{t:?}"),
        }
    }
}
