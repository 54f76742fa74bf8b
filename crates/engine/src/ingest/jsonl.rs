//! JSONL: one article per line, as scrapers and corpora write them.
//!
//! Field names differ from one dump to the next; the common ones are mapped
//! to page fields (case-insensitive), and each document's `source.fields`
//! says which input field gave which page field. A line that is not a JSON
//! object, or has neither text nor HTML, is an error naming the file and
//! line; the next lines are still read.

use super::buffer::{LineEnd, PeekReader};
use super::warc::Inflated;
use super::Limits;
use crate::clean::date::normalize_machine_date;
use crate::doc::{Format, Hints, RawDoc, Source};
use crate::error::{Error, ErrorKind, Result};
use serde_json::{Map, Value};

/// Page field → the input field names that may hold it, in order of
/// preference.
const FIELDS: &[(&str, &[&str])] = &[
    ("url", &["url", "link", "uri", "canonical_url", "source_url"]),
    ("headline", &["headline", "title", "heading"]),
    ("html", &["html", "raw_html", "content_html", "body_html", "page_html"]),
    ("text", &["text", "body", "content", "article", "maintext", "main_text", "article_text", "plain_text"]),
    (
        "published",
        &[
            "published",
            "date",
            "time",
            "published_at",
            "publish_date",
            "pubdate",
            "date_published",
            "datepublished",
            "published_time",
            "timestamp",
        ],
    ),
    ("byline", &["author", "byline", "authors", "writer"]),
    ("outlet", &["outlet", "source", "site", "site_name", "sitename", "publisher", "domain", "source_name"]),
];

/// The first field of `obj` among `names` (case-insensitive) that has a
/// usable value, with the name as written in the input.
fn pick<'a>(obj: &'a Map<String, Value>, names: &[&str]) -> Option<(&'a str, String)> {
    for want in names {
        for (k, v) in obj {
            if k.eq_ignore_ascii_case(want) {
                if let Some(s) = value_text(v) {
                    return Some((k.as_str(), s));
                }
            }
        }
    }
    None
}

/// A string, a number, a list of strings, or an object with a `name`.
fn value_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(value_text).collect();
            parts.join("، ")
        }
        Value::Object(o) => o.get("name").and_then(value_text)?,
        _ => return None,
    };
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Iterates over the documents of a JSONL file.
pub struct JsonlDocs {
    r: PeekReader<Inflated>,
    path: String,
    limits: Limits,
    line_no: u64,
    line: Vec<u8>,
    done: bool,
}

impl JsonlDocs {
    pub fn new(r: PeekReader<Inflated>, path: String, limits: Limits) -> JsonlDocs {
        JsonlDocs { r, path, limits, line_no: 0, line: Vec::new(), done: false }
    }

    fn name(&self) -> String {
        format!("{}#{}", self.path, self.line_no)
    }

    fn parse(&self) -> Result<Option<RawDoc>> {
        let text = std::str::from_utf8(&self.line)
            .map_err(|_| Error::new(ErrorKind::Encoding(format!("line {} is not UTF-8", self.line_no))))?;
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let value: Value = serde_json::from_str(text)
            .map_err(|e| Error::malformed(format!("line {} is not valid JSON: {e}", self.line_no)))?;
        let Value::Object(obj) = value else {
            return Err(Error::malformed(format!("line {} is not a JSON object", self.line_no)));
        };
        let mut source = Source {
            path: Some(self.path.clone()),
            format: Some(Format::Jsonl),
            record: Some(self.line_no),
            ..Source::default()
        };
        let mut hints = Hints::default();
        let mut body: Option<(Vec<u8>, Format)> = None;
        for (field, names) in FIELDS {
            let Some((key, value)) = pick(&obj, names) else { continue };
            let used = match *field {
                "url" => {
                    source.url = Some(value);
                    true
                }
                "headline" => {
                    hints.headline = Some(value);
                    true
                }
                "html" if body.is_none() => {
                    body = Some((value.into_bytes(), Format::Html));
                    true
                }
                "text" if body.is_none() => {
                    body = Some((value.into_bytes(), Format::Text));
                    true
                }
                "published" => {
                    hints.published = Some(normalize_machine_date(&value).unwrap_or(value));
                    true
                }
                "byline" => {
                    hints.byline = Some(value);
                    true
                }
                "outlet" => {
                    hints.outlet = Some(value);
                    true
                }
                _ => false,
            };
            if used {
                source.fields.push((field.to_string(), key.to_string()));
            }
        }
        let Some((bytes, payload)) = body else {
            return Err(Error::new(ErrorKind::NoText).with_doc(self.name()));
        };
        hints.payload = Some(payload);
        if bytes.len() as u64 > self.limits.max_doc_bytes {
            return Err(ErrorKind::TooLarge { size: bytes.len() as u64, limit: self.limits.max_doc_bytes }.into());
        }
        Ok(Some(RawDoc { source, bytes, hints }))
    }
}

impl Iterator for JsonlDocs {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Result<RawDoc>> {
        // A line holds a whole document plus its JSON escaping and fields.
        let limit =
            (self.limits.max_doc_bytes.saturating_mul(2).saturating_add(1 << 20)).min(usize::MAX as u64) as usize;
        loop {
            if self.done {
                return None;
            }
            let end = match self.r.read_line(&mut self.line, limit) {
                Ok(end) => end,
                Err(e) => {
                    self.done = true;
                    self.line_no += 1;
                    return Some(Err(Error::new(ErrorKind::Malformed(e.to_string())).with_doc(self.name())));
                }
            };
            match end {
                LineEnd::Eof => {
                    self.done = true;
                    return None;
                }
                LineEnd::TooLong => {
                    self.line_no += 1;
                    if let Err(e) = self.r.skip_line() {
                        self.done = true;
                        return Some(Err(Error::new(ErrorKind::Io(e)).with_doc(self.name())));
                    }
                    let e = ErrorKind::TooLarge { size: limit as u64, limit: limit as u64 };
                    return Some(Err(Error::new(e).with_doc(self.name())));
                }
                LineEnd::Line => {
                    self.line_no += 1;
                    match self.parse() {
                        Ok(Some(doc)) => return Some(Ok(doc)),
                        Ok(None) => continue,
                        Err(e) => return Some(Err(e.with_doc(self.name()))),
                    }
                }
            }
        }
    }
}
