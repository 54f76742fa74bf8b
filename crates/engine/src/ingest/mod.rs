//! Reading inputs: files, directories and standard input, into [`RawDoc`]s.
//!
//! A file may hold one document (text, HTML) or many (WARC, JSONL); either
//! way [`read`] yields one `Result` per document, so a bad record is reported
//! and the next one is still read.

pub mod decode;

use crate::doc::{Format, Hints, RawDoc, Source};
use crate::error::{Error, ErrorKind, Result};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Limits that keep one bad input from exhausting the machine.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest single document, in bytes (a text or HTML file, one record).
    pub max_doc_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_doc_bytes: 32 * 1024 * 1024 }
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

/// The documents in one input, in order.
pub fn read(input: &Input, limits: &Limits) -> Box<dyn Iterator<Item = Result<RawDoc>> + Send> {
    let name = input.name();
    let bytes = match read_all(input, limits) {
        Ok(b) => b,
        Err(e) => return Box::new(std::iter::once(Err(e.with_doc(name)))),
    };
    let format = detect(&bytes);
    match format {
        Format::Text | Format::Html | Format::Warc | Format::Wet | Format::Jsonl => {
            let source = Source { path: Some(name), format: Some(format), ..Source::default() };
            Box::new(std::iter::once(Ok(RawDoc { source, bytes, hints: Hints::default() })))
        }
    }
}

/// Reads a whole single-document input, refusing it if it is over the limit.
fn read_all(input: &Input, limits: &Limits) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    match input {
        Input::Path(p) => {
            let f = fs::File::open(p).map_err(|e| Error::io(e, p))?;
            let size = f.metadata().map(|m| m.len()).unwrap_or(0);
            if size > limits.max_doc_bytes {
                return Err(ErrorKind::TooLarge { size, limit: limits.max_doc_bytes }.into());
            }
            f.take(limits.max_doc_bytes + 1).read_to_end(&mut buf).map_err(|e| Error::io(e, p))?;
        }
        Input::Stdin => {
            std::io::stdin()
                .lock()
                .take(limits.max_doc_bytes + 1)
                .read_to_end(&mut buf)
                .map_err(|e| Error::new(ErrorKind::Io(e)))?;
        }
    }
    if buf.len() as u64 > limits.max_doc_bytes {
        return Err(ErrorKind::TooLarge { size: buf.len() as u64, limit: limits.max_doc_bytes }.into());
    }
    Ok(buf)
}

/// Detects the format of an input from its first bytes.
pub fn detect(bytes: &[u8]) -> Format {
    let _ = bytes;
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
