//! WARC (and WET) files, record by record, in bounded memory.
//!
//! Each record is read whole (it is one document, bounded by
//! [`Limits::max_doc_bytes`](super::Limits)); the file is never read whole.
//! `response` records holding HTML become HTML documents (the HTTP headers
//! parsed, chunked and gzip/deflate bodies decoded, the charset taken from
//! `Content-Type`); `resource` records with HTML or text, and WET
//! `conversion` records (text a crawler extracted) become documents too;
//! other records (`warcinfo`, `request`, `metadata`, `revisit`, responses
//! that are not pages or not `2xx`) are skipped.
//!
//! A record that is truncated, has a malformed header, or sits in a corrupt
//! gzip member is reported as an error naming the file and the record
//! number, and reading goes on at the next `WARC/1.` header.

use super::buffer::{LineEnd, PeekReader};
use super::gzip::{is_limit_error, GzMembers, InflateLimits};
use super::http;
use super::Limits;
use crate::doc::{Format, Hints, RawDoc, Source};
use crate::error::{Error, ErrorKind, Result};
use std::io::{self, Read};

/// A byte stream, inflated when the file is gzip-compressed.
pub enum Inflated {
    Plain(Box<dyn Read + Send>),
    Gz(GzMembers<Box<dyn Read + Send>>),
}

impl Read for Inflated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Inflated::Plain(r) => r.read(buf),
            Inflated::Gz(g) => g.read(buf),
        }
    }
}

/// One WARC record's header fields and block.
#[derive(Debug, Default)]
struct Record {
    headers: Vec<(String, String)>,
    block: Vec<u8>,
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Longest header line accepted; longer lines are a corrupt header.
const MAX_LINE: usize = 64 * 1024;
/// Most header fields in one record.
const MAX_FIELDS: usize = 512;
/// Room for the HTTP headers around a body of `max_doc_bytes`.
const HTTP_HEADER_SLACK: u64 = 256 * 1024;

/// Iterates over the documents of a WARC or WET file.
pub struct WarcDocs {
    r: PeekReader<Inflated>,
    path: String,
    limits: Limits,
    inflate: InflateLimits,
    /// Records started so far (the current record's 1-based number).
    record: u64,
    done: bool,
    /// Set after an error: the next header search is a resync and reports
    /// nothing more.
    resyncing: bool,
    line: Vec<u8>,
}

impl WarcDocs {
    pub fn new(r: PeekReader<Inflated>, path: String, limits: Limits, inflate: InflateLimits) -> WarcDocs {
        WarcDocs { r, path, limits, inflate, record: 0, done: false, resyncing: false, line: Vec::new() }
    }

    fn err(&self, msg: impl std::fmt::Display) -> Error {
        Error::malformed(format!("WARC record {}: {msg}", self.record))
            .with_doc(format!("{}#{}", self.path, self.record))
    }

    fn io_err(&self, e: io::Error) -> Error {
        let kind = if is_limit_error(&e) {
            ErrorKind::Malformed(format!("WARC record {}: {e}", self.record))
        } else if e.kind() == io::ErrorKind::InvalidData {
            ErrorKind::Malformed(format!("WARC record {}: {e}", self.record))
        } else {
            ErrorKind::Io(e)
        };
        Error::new(kind).with_doc(format!("{}#{}", self.path, self.record))
    }

    /// After an error: drop what is buffered of a corrupt gzip member and
    /// skip to the next member; the header search then finds the next
    /// record. A plain stream's I/O error ends the file.
    fn recover(&mut self, io_failed: bool) {
        self.resyncing = true;
        if !io_failed {
            return;
        }
        let ok = match self.r.get_mut() {
            Inflated::Gz(g) => g.resync().unwrap_or(false),
            Inflated::Plain(_) => false,
        };
        self.r.clear();
        if !ok {
            self.done = true;
        }
    }

    /// Finds the next `WARC/1.x` line. `Ok(false)` at the end of the input.
    fn find_header(&mut self) -> std::result::Result<bool, (Error, bool)> {
        let mut skipped = 0u64;
        loop {
            let end = self.r.read_line(&mut self.line, MAX_LINE).map_err(|e| {
                self.record += 1;
                (self.io_err(e), true)
            })?;
            match end {
                LineEnd::Eof => return Ok(false),
                LineEnd::TooLong => {
                    self.r.skip_line().map_err(|e| (self.io_err(e), true))?;
                    skipped += MAX_LINE as u64;
                    continue;
                }
                LineEnd::Line => {}
            }
            if self.line.starts_with(b"WARC/1.") || self.line.starts_with(b"WARC/0.") {
                if skipped > 0 && !self.resyncing {
                    self.record += 1;
                    let e = self.err(format!("{skipped} bytes that are not a WARC record before the next record"));
                    self.record -= 1;
                    let back = self.line.clone();
                    self.r.unread(&back);
                    self.resyncing = true;
                    return Err((e, false));
                }
                self.resyncing = false;
                return Ok(true);
            }
            if self.line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if self.record == 0 && skipped == 0 && !self.resyncing {
                self.done = true;
                self.record = 1;
                return Err((self.err("the file does not start with a WARC/1.x header"), false));
            }
            skipped += self.line.len() as u64;
        }
    }

    fn next_record(&mut self) -> std::result::Result<Option<Record>, (Error, bool)> {
        if !self.find_header()? {
            return Ok(None);
        }
        self.record += 1;
        let mut rec = Record::default();
        loop {
            let end = self.r.read_line(&mut self.line, MAX_LINE).map_err(|e| (self.io_err(e), true))?;
            match end {
                LineEnd::Eof => return Err((self.err("truncated in its header"), false)),
                LineEnd::TooLong => return Err((self.err("a header line is too long"), false)),
                LineEnd::Line => {}
            }
            let line = String::from_utf8_lossy(&self.line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            if line.starts_with("WARC/1.") {
                // A new record began before this one's header ended.
                let back = self.line.clone();
                self.r.unread(&back);
                return Err((self.err("header ends without a blank line"), false));
            }
            if rec.headers.len() >= MAX_FIELDS {
                return Err((self.err("too many header fields"), false));
            }
            match line.split_once(':') {
                Some((n, v)) => rec.headers.push((n.trim().to_string(), v.trim().to_string())),
                None => return Err((self.err(format!("malformed header line {:?}", clip(line, 60))), false)),
            }
        }
        let len: u64 = rec
            .header("Content-Length")
            .ok_or_else(|| (self.err("no Content-Length"), false))?
            .parse()
            .map_err(|_| (self.err("Content-Length is not a number"), false))?;
        let max = self.limits.max_doc_bytes.saturating_add(HTTP_HEADER_SLACK);
        if len > max {
            // Skip the block (inflation limits still apply to it).
            let skipped = self.r.skip(len).map_err(|e| (self.io_err(e), true))?;
            let e = Error::new(ErrorKind::TooLarge { size: len, limit: max })
                .with_doc(format!("{}#{}", self.path, self.record));
            if skipped < len {
                self.done = true;
            }
            return Err((e, false));
        }
        let got = self.r.read_upto(len as usize, &mut rec.block).map_err(|e| (self.io_err(e), true))?;
        if (got as u64) < len {
            self.done = true;
            return Err((self.err(format!("truncated: {got} of {len} bytes before the end of the file")), false));
        }
        // The block must be followed by CRLF CRLF. If it is not, the
        // declared length was wrong: a record cut short and followed by the
        // next one shows a `WARC/1.` line inside the block.
        let trailer = match self.r.peek(4) {
            Ok(t) => t.to_vec(),
            Err(e) => return Err((self.io_err(e), true)),
        };
        if trailer.starts_with(b"\r\n\r\n") {
            self.r.consume(4);
        } else if trailer.starts_with(b"\n\n") {
            self.r.consume(2);
        } else if trailer.is_empty() || trailer.starts_with(b"WARC/1.") || trailer.starts_with(b"\r\n") {
            // Lenient: a missing or short trailer before the next record.
            let n = if trailer.starts_with(b"\r\n") { 2 } else { 0 };
            self.r.consume(n);
        } else if let Some(at) = find_record_start(&rec.block) {
            let back = rec.block.split_off(at);
            self.r.unread(&back);
            return Err((
                self.err(format!("truncated: the next record starts {at} bytes into its declared {len}")),
                false,
            ));
        } else {
            return Err((self.err("no blank line after the record's block"), false));
        }
        Ok(Some(rec))
    }

    /// Turns a record into a document; `None` for records that are not
    /// documents (skipped quietly).
    fn to_doc(&self, rec: Record) -> Option<Result<RawDoc>> {
        let kind = rec.header("WARC-Type").unwrap_or_default().to_ascii_lowercase();
        let url = rec.header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        let date = rec.header("WARC-Date").map(str::to_string);
        let ctype = rec.header("Content-Type").unwrap_or_default().to_ascii_lowercase();
        let source = |format| Source {
            path: Some(self.path.clone()),
            format: Some(format),
            url: url.clone(),
            date: date.clone(),
            record: Some(self.record),
            ..Source::default()
        };
        let name = format!("{}#{}", self.path, self.record);
        match kind.as_str() {
            "response" if ctype.starts_with("application/http") => {
                let limit = self.limits.max_doc_bytes;
                let resp = match http::parse_response(&rec.block, limit, &self.inflate) {
                    Ok(r) => r,
                    Err(e) => return Some(Err(e.with_doc(name))),
                };
                if !(200..300).contains(&resp.status) {
                    return None;
                }
                let ct = resp.header("content-type").unwrap_or_default().to_ascii_lowercase();
                let payload = payload_of(&ct, &resp.body)?;
                let hints = Hints {
                    charset: crate::clean::html::content_type_charset(&ct),
                    payload: Some(payload),
                    ..Hints::default()
                };
                Some(Ok(RawDoc { source: source(Format::Warc), bytes: resp.body, hints }))
            }
            "response" | "resource" => {
                let payload = payload_of(&ctype, &rec.block)?;
                let hints = Hints {
                    charset: crate::clean::html::content_type_charset(&ctype),
                    payload: Some(payload),
                    ..Hints::default()
                };
                Some(Ok(RawDoc { source: source(Format::Warc), bytes: rec.block, hints }))
            }
            "conversion" => {
                if !(ctype.is_empty() || ctype.starts_with("text/")) {
                    return None;
                }
                let hints = Hints { payload: Some(Format::Text), ..Hints::default() };
                Some(Ok(RawDoc { source: source(Format::Wet), bytes: rec.block, hints }))
            }
            _ => None,
        }
    }
}

/// HTML or text, from a content type (or, when it says nothing useful, the
/// bytes); `None` for what is neither (images, scripts, JSON).
fn payload_of(ctype: &str, body: &[u8]) -> Option<Format> {
    let mime = ctype.split(';').next().unwrap_or_default().trim();
    match mime {
        "text/html" | "application/xhtml+xml" => Some(Format::Html),
        "text/plain" => Some(Format::Text),
        "" | "application/octet-stream" | "unknown/unknown" => match super::detect(body) {
            Format::Html => Some(Format::Html),
            _ => None,
        },
        _ => None,
    }
}

/// The position of a `WARC/1.` line inside `block`.
fn find_record_start(block: &[u8]) -> Option<usize> {
    // Not only at a line start: a record cut mid-line runs straight into
    // the next header.
    memchr::memmem::find_iter(block, b"WARC/1.")
        .find(|&i| block.get(i + 7).is_some_and(u8::is_ascii_digit) && block[i + 8..].starts_with(b"\r\n"))
}

fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

impl Iterator for WarcDocs {
    type Item = Result<RawDoc>;

    fn next(&mut self) -> Option<Result<RawDoc>> {
        loop {
            if self.done {
                return None;
            }
            match self.next_record() {
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Ok(Some(rec)) => {
                    if let Some(doc) = self.to_doc(rec) {
                        return Some(doc);
                    }
                }
                Err((e, io_failed)) => {
                    self.recover(io_failed);
                    return Some(Err(e));
                }
            }
        }
    }
}
