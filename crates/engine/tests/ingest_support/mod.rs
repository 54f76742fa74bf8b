//! Builders for the ingest tests: WARC records, HTTP responses, gzip
//! members and scratch files, so that every archive a test reads is made by
//! the test from the project's own fixture pages.
#![allow(dead_code)]

use flate2::write::GzEncoder;
use flate2::Compression;
use marsad_engine::ingest::{self, Input, Limits};
use marsad_engine::{RawDoc, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A fixture page of `tests/fixtures/ingest/`.
pub fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest").join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A WARC/1.0 record.
pub fn record(kind: &str, n: u32, uri: Option<&str>, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut h = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012}>\r\nWARC-Date: 2021-03-04T12:00:{:02}Z\r\n",
        n % 60
    );
    if let Some(u) = uri {
        h.push_str(&format!("WARC-Target-URI: {u}\r\n"));
    }
    h.push_str(&format!("Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n", block.len()));
    let mut out = h.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response block (headers written as given).
pub fn http(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for (n, v) in headers {
        out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// A `response` record for an HTTP exchange.
pub fn response(n: u32, uri: &str, http_block: &[u8]) -> Vec<u8> {
    record("response", n, Some(uri), "application/http; msgtype=response", http_block)
}

/// One gzip member.
pub fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(data).expect("writing to a Vec");
    e.finish().expect("finishing a gzip member")
}

/// A chunked transfer encoding of `body`, in chunks of `size`.
pub fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for c in body.chunks(size) {
        out.extend_from_slice(format!("{:x};ext=1\r\n", c.len()).as_bytes());
        out.extend_from_slice(c);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// A fresh scratch directory for one test.
pub fn scratch(test: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("marsad-ingest-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("creating a scratch directory");
    d
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("writing a scratch file");
    p
}

/// Every document of a file, in order.
pub fn read(path: &Path, limits: &Limits) -> Vec<Result<RawDoc>> {
    ingest::read(&Input::Path(path.to_path_buf()), limits).collect()
}
