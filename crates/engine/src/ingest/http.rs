//! HTTP responses as WARC stores them: status line, headers, and a body that
//! may be chunked and gzip- or deflate-compressed.

use super::gzip::{inflate_body, Encoding, InflateLimits};
use crate::error::{Error, ErrorKind, Result};

/// A parsed response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// Header names as written; look up with [`Response::header`].
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked and inflated.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Where the header block ends: the index after the blank line.
fn header_end(block: &[u8]) -> Option<usize> {
    let crlf = memchr::memmem::find(block, b"\r\n\r\n").map(|i| i + 4);
    let lf = memchr::memmem::find(block, b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Parses an HTTP response; `limit` bounds the inflated body.
pub fn parse_response(block: &[u8], limit: u64, inflate: &InflateLimits) -> Result<Response> {
    let end =
        header_end(block).ok_or_else(|| Error::malformed("HTTP response without the blank line after its headers"))?;
    let head = String::from_utf8_lossy(&block[..end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.split_whitespace();
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/") {
        return Err(Error::malformed(format!("not an HTTP response: {:?}", truncate(status_line, 40))));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| Error::malformed(format!("bad HTTP status line {:?}", truncate(status_line, 40))))?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            // Obsolete line folding: continues the previous value.
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
            continue;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_string(), v.trim().to_string()));
        }
    }
    let mut resp = Response { status, headers, body: Vec::new() };
    let raw = &block[end..];
    let te = resp.header("transfer-encoding").unwrap_or_default().to_ascii_lowercase();
    let dechunked;
    let body: &[u8] = if te.contains("chunked") {
        // Some archivers store the body already de-chunked but keep the
        // header: a body that does not start with a chunk size is taken as is.
        match dechunk(raw) {
            Some(b) => {
                dechunked = b;
                &dechunked
            }
            None if starts_like_chunk(raw) => return Err(Error::malformed("truncated or malformed chunked HTTP body")),
            None => raw,
        }
    } else {
        raw
    };
    let ce = resp.header("content-encoding").unwrap_or_default().trim().to_ascii_lowercase();
    resp.body = match ce.as_str() {
        "" | "identity" | "none" => body.to_vec(),
        "gzip" | "x-gzip" => inflate_http(body, Encoding::Gzip, limit, inflate)?,
        "deflate" => inflate_http(body, Encoding::Deflate, limit, inflate)?,
        other => {
            // A body that is plainly not compressed (archivers that decoded
            // it but kept the header) is kept; anything else is unsupported.
            if body.trim_ascii_start().starts_with(b"<") {
                body.to_vec()
            } else {
                return Err(Error::malformed(format!("unsupported HTTP content-encoding {other:?}")));
            }
        }
    };
    Ok(resp)
}

fn inflate_http(body: &[u8], enc: Encoding, limit: u64, limits: &InflateLimits) -> Result<Vec<u8>> {
    // Archivers that decoded the body but kept the header: plain HTML.
    if body.trim_ascii_start().starts_with(b"<") {
        return Ok(body.to_vec());
    }
    inflate_body(body, enc, limit, limits).map_err(|e| {
        if super::gzip::is_limit_error(&e) {
            Error::new(ErrorKind::Malformed(e.to_string()))
        } else {
            Error::malformed(format!("HTTP body: {e}"))
        }
    })
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn starts_like_chunk(b: &[u8]) -> bool {
    let line_end = memchr::memchr(b'\n', b).unwrap_or(b.len()).min(32);
    let size = b[..line_end].split(|&c| c == b';' || c == b'\r').next().unwrap_or_default();
    !size.is_empty() && size.iter().all(u8::is_ascii_hexdigit)
}

/// Decodes a chunked body; `None` if it is not well formed. A missing final
/// zero-size chunk is tolerated (crawlers cut streams), a chunk that runs
/// past the end is not.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        if b.is_empty() {
            return (!out.is_empty()).then_some(out);
        }
        let nl = memchr::memchr(b'\n', b)?;
        let line = std::str::from_utf8(&b[..nl]).ok()?.trim();
        let size_str = line.split(';').next()?.trim();
        if size_str.is_empty() {
            // Blank line between chunks from lenient servers.
            b = &b[nl + 1..];
            continue;
        }
        let size = usize::from_str_radix(size_str, 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        if b.len() < size {
            return None;
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size..];
        if b.starts_with(b"\r\n") {
            b = &b[2..];
        } else if b.starts_with(b"\n") {
            b = &b[1..];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn chunked(body: &[u8], size: usize) -> Vec<u8> {
        let mut out = Vec::new();
        for c in body.chunks(size) {
            out.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
            out.extend_from_slice(c);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"0\r\n\r\n");
        out
    }

    #[test]
    fn plain_chunked_and_gzip_bodies() {
        let html = "<html><body><p>خبر</p></body></html>".as_bytes();
        let limits = InflateLimits::default();
        let mut plain = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
        plain.extend_from_slice(html);
        let r = parse_response(&plain, 1 << 20, &limits).unwrap();
        assert_eq!((r.status, r.body.as_slice()), (200, html));
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));

        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(html).unwrap();
        let gz = gz.finish().unwrap();
        let mut both = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        both.extend(chunked(&gz, 7));
        assert_eq!(parse_response(&both, 1 << 20, &limits).unwrap().body, html);

        // The header kept, the body already de-chunked and inflated.
        let mut decoded = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        decoded.extend_from_slice(html);
        assert_eq!(parse_response(&decoded, 1 << 20, &limits).unwrap().body, html);
    }

    #[test]
    fn bad_responses() {
        let limits = InflateLimits::default();
        let table: &[(&[u8], &str)] = &[
            (b"HTTP/1.1 200 OK\r\nX: y", "blank line"),
            (b"GET / HTTP/1.1\r\n\r\n", "not an HTTP response"),
            (b"HTTP/1.1 OK\r\n\r\n", "bad HTTP status"),
            (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nff\r\nshort", "chunked"),
            (b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x8b\x01", "unsupported"),
            (b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n\x1f\x8b\x08\x00junk", "HTTP body"),
        ];
        for (input, want) in table {
            let e = parse_response(input, 1 << 20, &limits).unwrap_err().to_string();
            assert!(e.contains(want), "{e} / {want}");
        }
    }
}
