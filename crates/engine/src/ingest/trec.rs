//! TREC-style SGML news collections: a file of `<DOC>` … `</DOC>` records,
//! each with fields as elements (`<DOCNO>`, `<URL>`, `<TITLE>` or
//! `<HEADLINE>`, `<TIME>` or `<DATE>`, `<AUTHOR>`, `<TEXT>`). Arabic news
//! corpora are distributed this way (ANT, the Arabic Gigaword, the TREC and
//! CLEF Arabic collections).
//!
//! Read record by record (a collection file may be gigabytes): each record
//! becomes one document whose bytes are the content of its `<TEXT>` element,
//! with the other fields as [`Hints`]. A text made of `<P>` elements (the
//! Gigaword's, whose paragraphs are wrapped over several lines) is read as
//! HTML so that a paragraph is one block; a bare text is read line by line.
//! Field tags are ASCII, so records are cut in the raw bytes whatever the
//! text's encoding; the pipeline decodes the body as for any document.

use super::buffer::{LineEnd, PeekReader};
use super::decode::decode;
use super::warc::Inflated;
use super::Limits;
use crate::clean::date::normalize_machine_date;
use crate::doc::{Format, Hints, RawDoc, Source};
use crate::error::{Error, ErrorKind, Result};

/// Which page field each element fills, by tag name (upper case), in order
/// of preference.
const FIELDS: &[(&str, &[&str])] = &[
    ("url", &["URL"]),
    ("headline", &["TITLE", "HEADLINE", "HL", "HEAD"]),
    ("published", &["TIME", "DATE", "DATE_TIME", "DATETIME", "PUBDATE"]),
    ("byline", &["AUTHOR", "BYLINE"]),
    ("outlet", &["SOURCE", "SRC"]),
    ("text", &["TEXT", "BODY"]),
];

/// Whether `line` opens a record: `<DOC>` or `<DOC attr=…>`.
pub(crate) fn opens_record(line: &[u8]) -> bool {
    let t = line.trim_ascii_start();
    t.len() >= 5 && t[..4].eq_ignore_ascii_case(b"<doc") && (t[4] == b'>' || t[4].is_ascii_whitespace())
}

fn closes_record(line: &[u8]) -> bool {
    let t = line.trim_ascii();
    t.len() >= 6 && t[..6].eq_ignore_ascii_case(b"</doc>")
}

/// The content of the first `<TAG>` … `</TAG>` element of `rec` (tag
/// compared without case; attributes allowed on the opening tag).
fn element<'a>(rec: &'a [u8], tag: &str) -> Option<&'a [u8]> {
    let lower = |b: &[u8]| b.to_ascii_lowercase();
    let hay = lower(rec);
    let open = format!("<{}", tag.to_ascii_lowercase());
    let close = format!("</{}>", tag.to_ascii_lowercase());
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&hay[from..], open.as_bytes()).map(|i| from + i) {
        let after = at + open.len();
        // `<TITLE>` but not `<TITLES>`.
        if hay.get(after).is_some_and(|&c| c == b'>' || c.is_ascii_whitespace()) {
            let start = memchr::memchr(b'>', &hay[after..])? + after + 1;
            let end = memchr::memmem::find(&hay[start..], close.as_bytes()).map_or(hay.len(), |i| start + i);
            return Some(&rec[start..end]);
        }
        from = after;
    }
    None
}

/// The documents of a TREC-style collection, one per `<DOC>` record.
pub struct TrecDocs {
    r: PeekReader<Inflated>,
    path: String,
    limits: Limits,
    record: u64,
    line: Vec<u8>,
    rec: Vec<u8>,
    done: bool,
}

impl TrecDocs {
    pub fn new(r: PeekReader<Inflated>, path: String, limits: Limits) -> TrecDocs {
        TrecDocs { r, path, limits, record: 0, line: Vec::new(), rec: Vec::new(), done: false }
    }

    fn name(&self) -> String {
        format!("{}#{}", self.path, self.record)
    }

    /// One record's document.
    fn parse(&self) -> Result<RawDoc> {
        let rec = &self.rec[..];
        let mut source = Source {
            path: Some(self.path.clone()),
            format: Some(Format::Trec),
            record: Some(self.record),
            ..Source::default()
        };
        let mut hints = Hints::default();
        let mut body = None;
        let text_of = |b: &[u8]| -> Option<String> {
            let d = decode(b, None).ok()?;
            let t = d.text.split_whitespace().collect::<Vec<_>>().join(" ");
            (!t.is_empty()).then_some(t)
        };
        for (field, tags) in FIELDS {
            let Some((tag, content)) = tags.iter().find_map(|t| element(rec, t).map(|c| (*t, c))) else { continue };
            if *field == "text" {
                body = Some(content);
                source.fields.push((field.to_string(), tag.to_string()));
                continue;
            }
            let Some(value) = text_of(content) else { continue };
            match *field {
                "url" => source.url = Some(value),
                "headline" => hints.headline = Some(value),
                "published" => hints.published = Some(normalize_machine_date(&value).unwrap_or(value)),
                "byline" => hints.byline = Some(value),
                _ => hints.outlet = Some(value),
            }
            source.fields.push((field.to_string(), tag.to_string()));
        }
        let body = body.filter(|b| !b.trim_ascii().is_empty()).ok_or_else(|| Error::new(ErrorKind::NoText))?;
        // Paragraphs as `<P>` elements: read as markup.
        let lower = body.to_ascii_lowercase();
        let has_p = memchr::memmem::find(&lower, b"<p>").is_some() || memchr::memmem::find(&lower, b"<p ").is_some();
        hints.payload = Some(if has_p { Format::Html } else { Format::Text });
        Ok(RawDoc { source, bytes: body.to_vec(), hints })
    }
}

impl Iterator for TrecDocs {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Result<RawDoc>> {
        // A record holds one document plus its fields.
        let limit = (self.limits.max_doc_bytes.saturating_add(1 << 20)).min(usize::MAX as u64) as usize;
        let mut inside = false;
        let mut too_large = false;
        self.rec.clear();
        loop {
            if self.done {
                return None;
            }
            let end = match self.r.read_line(&mut self.line, limit) {
                Ok(end) => end,
                Err(e) => {
                    self.done = true;
                    self.record += 1;
                    return Some(Err(Error::new(ErrorKind::Malformed(e.to_string())).with_doc(self.name())));
                }
            };
            match end {
                LineEnd::Eof => {
                    self.done = true;
                    if inside {
                        let e = Error::malformed("the last record has no </DOC>: the file is truncated");
                        return Some(Err(e.with_doc(self.name())));
                    }
                    return None;
                }
                LineEnd::TooLong => {
                    if let Err(e) = self.r.skip_line() {
                        self.done = true;
                        return Some(Err(Error::new(ErrorKind::Io(e)).with_doc(self.name())));
                    }
                    too_large |= inside;
                    continue;
                }
                LineEnd::Line => {}
            }
            if !inside {
                // Text between records is not part of any document.
                if opens_record(&self.line) {
                    inside = true;
                    self.record += 1;
                    self.rec.extend_from_slice(&self.line);
                }
                continue;
            }
            if opens_record(&self.line) {
                // A record that never closed: report it, and start the next.
                let e = Error::malformed("a record has no </DOC> before the next <DOC>").with_doc(self.name());
                self.r.unread(&self.line.clone());
                return Some(Err(e));
            }
            if closes_record(&self.line) {
                if too_large || self.rec.len() > limit {
                    let e = ErrorKind::TooLarge { size: self.rec.len() as u64, limit: self.limits.max_doc_bytes };
                    return Some(Err(Error::new(e).with_doc(self.name())));
                }
                return Some(self.parse().map_err(|e| e.with_doc(self.name())));
            }
            if self.rec.len() <= limit {
                self.rec.extend_from_slice(&self.line);
            } else {
                too_large = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_boundaries_and_elements() {
        assert!(opens_record(b"<DOC>\n"));
        assert!(opens_record(b"<doc id=\"X_1\" type=\"story\" >\n"));
        assert!(!opens_record(b"<DOCNO>1</DOCNO>\n"));
        assert!(closes_record(b"</DOC>\r\n"));
        let rec = "<DOC>\n<DOCNO>7</DOCNO>\n<TITLES>لا</TITLES>\n<title lang=\"ar\">عنوان الخبر</title>\n<TEXT>\nنص\n</TEXT>\n</DOC>\n";
        let rec = rec.as_bytes();
        assert_eq!(element(rec, "TITLE"), Some("عنوان الخبر".as_bytes()));
        assert_eq!(element(rec, "TEXT"), Some("\nنص\n".as_bytes()));
        assert_eq!(element(rec, "AUTHOR"), None);
    }
}
