//! Reading inputs: files, directories and standard input, into [`RawDoc`]s.
//!
//! A file may hold one document (text, HTML) or many (WARC, JSONL); either
//! way [`read`] yields one `Result` per document, so a bad record is reported
//! and the next one is still read.

mod buffer;
pub mod decode;
mod gzip;
mod http;
mod jsonl;
mod trec;
mod warc;

pub use gzip::InflateLimits;

use crate::doc::{Format, Hints, RawDoc, Source};
use crate::error::{Error, ErrorKind, Result};
use buffer::PeekReader;
use gzip::GzMembers;
use jsonl::JsonlDocs;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use trec::TrecDocs;
use warc::{Inflated, WarcDocs};

/// Limits that keep one bad input from exhausting the machine.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest single document, in bytes (a text or HTML file, one record,
    /// one JSONL line's body; after decompression).
    pub max_doc_bytes: u64,
    /// Largest inflated/compressed ratio of a gzip member or body (checked
    /// past 1 MiB): a decompression bomb is refused, not inflated.
    pub max_inflate_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_doc_bytes: 32 * 1024 * 1024, max_inflate_ratio: 200 }
    }
}

/// One input named on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl Input {
    /// `-` is standard input; anything else is a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// Expands directories into the files under them (recursively, sorted by
/// path, hidden files and directories skipped). A path that does not exist
/// is an error for that path only.
pub fn expand(inputs: &[Input]) -> Vec<Result<Input>> {
    let mut out = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin => out.push(Ok(Input::Stdin)),
            Input::Path(p) => match fs::metadata(p) {
                Ok(m) if m.is_dir() => walk(p, &mut out),
                Ok(_) => out.push(Ok(input.clone())),
                Err(e) => out.push(Err(Error::io(e, p))),
            },
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Result<Input>>) {
    let entries = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return out.push(Err(Error::io(e, dir))),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        match fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, out),
            Ok(_) => out.push(Ok(Input::Path(p))),
            Err(e) => out.push(Err(Error::io(e, &p))),
        }
    }
}

/// The documents in one input, in order, read lazily: a WARC or JSONL file
/// is never held whole in memory, only one record or line at a time.
///
/// The format is detected from the content (after gzip, which is undone
/// transparently for every format): `WARC/1.x` → WARC/WET records, a first
/// line that is a JSON object → JSONL, `<DOC>` → TREC-style records, markup
/// → HTML, anything else → text.
pub fn read(input: &Input, limits: &Limits) -> Box<dyn Iterator<Item = Result<RawDoc>> + Send> {
    let name = input.name();
    match open(input, limits) {
        Ok(docs) => docs,
        Err(e) => Box::new(std::iter::once(Err(e.with_doc(name)))),
    }
}

fn open(input: &Input, limits: &Limits) -> Result<Box<dyn Iterator<Item = Result<RawDoc>> + Send>> {
    let name = input.name();
    let raw: Box<dyn Read + Send> = match input {
        Input::Path(p) => Box::new(fs::File::open(p).map_err(|e| Error::io(e, p))?),
        Input::Stdin => Box::new(std::io::stdin()),
    };
    let mut raw = PeekReader::new(raw);
    let head = raw.peek(4).map_err(|e| Error::new(ErrorKind::Io(e)))?;
    let inflate = InflateLimits { max_ratio: limits.max_inflate_ratio, ..InflateLimits::default() };
    let stream = if gzip::is_gzip_header(head) {
        Inflated::Gz(GzMembers::new(raw, inflate))
    } else {
        Inflated::Plain(Box::new(raw))
    };
    let mut r = PeekReader::new(stream);
    let head = match r.peek(SNIFF) {
        Ok(h) => h,
        Err(e) => return Err(Error::malformed(format!("cannot read the start of the input: {e}"))),
    };
    let format = detect(head);
    match format {
        Format::Warc | Format::Wet => Ok(Box::new(WarcDocs::new(r, name, *limits, inflate))),
        Format::Jsonl => Ok(Box::new(JsonlDocs::new(r, name, *limits))),
        Format::Trec => Ok(Box::new(TrecDocs::new(r, name, *limits))),
        Format::Html | Format::Text => {
            let mut bytes = Vec::new();
            let got = r.read_upto(limits.max_doc_bytes as usize + 1, &mut bytes).map_err(|e| {
                if gzip::is_limit_error(&e) || e.kind() == std::io::ErrorKind::InvalidData {
                    Error::malformed(e.to_string())
                } else {
                    Error::new(ErrorKind::Io(e))
                }
            })?;
            if got as u64 > limits.max_doc_bytes {
                return Err(ErrorKind::TooLarge { size: got as u64, limit: limits.max_doc_bytes }.into());
            }
            let source = Source { path: Some(name), format: Some(format), ..Source::default() };
            let hints = Hints { payload: Some(format), ..Hints::default() };
            Ok(Box::new(std::iter::once(Ok(RawDoc { source, bytes, hints }))))
        }
    }
}

/// How many bytes of an input format detection looks at.
const SNIFF: usize = 8192;

/// Detects the format of an input from its first bytes (already inflated).
/// A WARC file's records may be responses or WET conversions; both are read
/// by the WARC reader, which says per record which it was.
pub fn detect(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(SNIFF)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let trimmed = head.trim_ascii_start();
    if trimmed.starts_with(b"WARC/1.") || trimmed.starts_with(b"WARC/0.") {
        return Format::Warc;
    }
    if trimmed.starts_with(b"{") {
        // JSONL when the first line is a whole JSON object.
        match memchr::memchr(b'\n', trimmed) {
            Some(i) => {
                if serde_json::from_slice::<serde_json::Value>(&trimmed[..i]).is_ok_and(|v| v.is_object()) {
                    return Format::Jsonl;
                }
            }
            // A first line longer than the sniffed bytes: an object that
            // opens with a key.
            None if head.len() == SNIFF || bytes.len() > SNIFF => {
                if trimmed[1..].trim_ascii_start().starts_with(b"\"") {
                    return Format::Jsonl;
                }
            }
            None => {
                if serde_json::from_slice::<serde_json::Value>(trimmed).is_ok_and(|v| v.is_object()) {
                    return Format::Jsonl;
                }
            }
        }
    }
    // A TREC-style collection opens with its first record (`<DOC>`); its
    // fields (`<TITLE>`) would otherwise pass for HTML.
    if trec::opens_record(trimmed) {
        return Format::Trec;
    }
    if trimmed.starts_with(b"<") {
        let lower = trimmed.to_ascii_lowercase();
        const MARKUP: [&[u8]; 12] = [
            b"<!doctype html",
            b"<html",
            b"<head",
            b"<body",
            b"<meta",
            b"<title",
            b"<div",
            b"<p>",
            b"<p ",
            b"<article",
            b"<br",
            b"<!--",
        ];
        if MARKUP.iter().any(|m| memchr::memmem::find(&lower, m).is_some()) {
            return Format::Html;
        }
    }
    Format::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_paths_are_per_path_errors() {
        let got = expand(&[Input::parse("/nonexistent/marsad/x.txt"), Input::parse("-")]);
        assert_eq!(got.len(), 2);
        assert!(got[0].as_ref().unwrap_err().to_string().contains("/nonexistent/marsad/x.txt"));
        assert_eq!(got[1].as_ref().unwrap(), &Input::Stdin);
    }
}
