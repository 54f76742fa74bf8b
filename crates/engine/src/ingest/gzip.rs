//! Multi-member gzip, bounded against decompression bombs, and able to skip
//! a corrupt member.
//!
//! Web archives are compressed one record per gzip member (the Common Crawl
//! layout), so a member is the unit of damage: when one is corrupt, or
//! inflates beyond the limits, [`GzMembers`] reports the error and
//! [`GzMembers::resync`] skips to the next member header in the compressed
//! bytes, without inflating what lies between.

use super::buffer::PeekReader;
use flate2::bufread::GzDecoder;
use std::io::{self, Read};

/// Limits on inflation.
#[derive(Clone, Copy, Debug)]
pub struct InflateLimits {
    /// Largest inflated/deflated ratio of one member, checked once the member
    /// has produced `ratio_after` bytes (small inputs compress arbitrarily
    /// well: a page of spaces is no bomb).
    pub max_ratio: u64,
    pub ratio_after: u64,
    /// Most bytes one member may inflate to (`u64::MAX` for no limit).
    pub max_member_bytes: u64,
}

impl Default for InflateLimits {
    fn default() -> Self {
        InflateLimits { max_ratio: 200, ratio_after: 1 << 20, max_member_bytes: u64::MAX }
    }
}

/// The error kinds of inflation, carried in `io::Error`s so that readers
/// above can tell them from I/O failures.
#[derive(Debug)]
pub enum GzError {
    Bomb { inflated: u64, compressed: u64 },
    TooLarge { inflated: u64, limit: u64 },
    Corrupt(String),
}

impl std::fmt::Display for GzError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GzError::Bomb { inflated, compressed } => {
                write!(f, "decompression bomb refused: {compressed} compressed bytes inflated to over {inflated} bytes")
            }
            GzError::TooLarge { inflated, limit } => {
                write!(f, "gzip member inflates past the limit of {limit} bytes ({inflated} so far)")
            }
            GzError::Corrupt(m) => write!(f, "corrupt gzip data: {m}"),
        }
    }
}

impl std::error::Error for GzError {}

fn gz_error(e: GzError) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, e)
}

/// Whether `b` starts like a gzip member (magic, deflate, no reserved flags).
pub fn is_gzip_header(b: &[u8]) -> bool {
    b.len() >= 4 && b[0] == 0x1f && b[1] == 0x8b && b[2] == 8 && b[3] & 0xE0 == 0
}

/// Inflates a stream of gzip members as one stream of bytes.
pub struct GzMembers<R: Read> {
    /// The current member's decoder, or the raw reader between members.
    state: State<R>,
    limits: InflateLimits,
    /// Compressed bytes consumed when the current member started.
    member_start: u64,
    member_out: u64,
}

enum State<R: Read> {
    Between(PeekReader<R>),
    In(Box<GzDecoder<PeekReader<R>>>),
    Gone,
}

impl<R: Read> GzMembers<R> {
    pub fn new(raw: PeekReader<R>, limits: InflateLimits) -> GzMembers<R> {
        GzMembers { state: State::Between(raw), limits, member_start: 0, member_out: 0 }
    }

    fn raw(&mut self) -> &mut PeekReader<R> {
        if let State::In(_) = self.state {
            let State::In(dec) = std::mem::replace(&mut self.state, State::Gone) else { unreachable!() };
            self.state = State::Between(dec.into_inner());
        }
        match &mut self.state {
            State::Between(r) => r,
            _ => unreachable!("state is Between after the replacement above"),
        }
    }

    /// Abandons the current member and skips the compressed bytes up to the
    /// next member header. Returns false at the end of the input.
    pub fn resync(&mut self) -> io::Result<bool> {
        let raw = self.raw();
        loop {
            let avail = raw.peek(4)?;
            if avail.len() < 4 {
                let n = avail.len();
                raw.consume(n);
                return Ok(false);
            }
            if is_gzip_header(avail) {
                return Ok(true);
            }
            // Skip to the next 0x1f after the first byte.
            let skip = memchr::memchr(0x1f, &avail[1..]).map_or(avail.len(), |i| i + 1);
            raw.consume(skip);
        }
    }
}

impl<R: Read> Read for GzMembers<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            match &mut self.state {
                State::Gone => return Ok(0),
                State::Between(raw) => {
                    let head = raw.peek(4)?;
                    if head.is_empty() {
                        return Ok(0);
                    }
                    if !is_gzip_header(head) {
                        return Err(gz_error(GzError::Corrupt("bytes between gzip members are not a member".into())));
                    }
                    self.member_start = raw.consumed();
                    self.member_out = 0;
                    let State::Between(raw) = std::mem::replace(&mut self.state, State::Gone) else { unreachable!() };
                    self.state = State::In(Box::new(GzDecoder::new(raw)));
                }
                State::In(dec) => match dec.read(buf) {
                    Ok(0) => {
                        let State::In(dec) = std::mem::replace(&mut self.state, State::Gone) else { unreachable!() };
                        self.state = State::Between(dec.into_inner());
                    }
                    Ok(n) => {
                        self.member_out += n as u64;
                        let compressed = dec.get_ref().consumed() - self.member_start;
                        if self.member_out > self.limits.max_member_bytes {
                            return Err(gz_error(GzError::TooLarge {
                                inflated: self.member_out,
                                limit: self.limits.max_member_bytes,
                            }));
                        }
                        if self.member_out > self.limits.ratio_after
                            && self.member_out > compressed.max(1).saturating_mul(self.limits.max_ratio)
                        {
                            return Err(gz_error(GzError::Bomb { inflated: self.member_out, compressed }));
                        }
                        return Ok(n);
                    }
                    Err(e) => {
                        let msg = e.to_string();
                        let State::In(dec) = std::mem::replace(&mut self.state, State::Gone) else { unreachable!() };
                        self.state = State::Between(dec.into_inner());
                        let kind = if e.kind() == io::ErrorKind::UnexpectedEof {
                            "the member is truncated".to_string()
                        } else {
                            msg
                        };
                        return Err(gz_error(GzError::Corrupt(kind)));
                    }
                },
            }
        }
    }
}

/// Inflates a whole gzip (or zlib/raw deflate) body held in memory, bounded
/// by `limit` bytes and the ratio of `limits`.
pub fn inflate_body(data: &[u8], encoding: Encoding, limit: u64, limits: &InflateLimits) -> io::Result<Vec<u8>> {
    fn bounded(mut r: impl Read, compressed: u64, limit: u64, limits: &InflateLimits) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let n = r.read(&mut chunk)?;
            if n == 0 {
                return Ok(out);
            }
            out.extend_from_slice(&chunk[..n]);
            let total = out.len() as u64;
            if total > limit {
                return Err(gz_error(GzError::TooLarge { inflated: total, limit }));
            }
            if total > limits.ratio_after && total > compressed.max(1).saturating_mul(limits.max_ratio) {
                return Err(gz_error(GzError::Bomb { inflated: total, compressed }));
            }
        }
    }
    let n = data.len() as u64;
    match encoding {
        Encoding::Gzip => bounded(flate2::read::MultiGzDecoder::new(data), n, limit, limits),
        Encoding::Deflate => {
            // "deflate" is zlib-wrapped by the standard and raw in practice.
            match bounded(flate2::read::ZlibDecoder::new(data), n, limit, limits) {
                Ok(v) => Ok(v),
                Err(e) if is_limit_error(&e) => Err(e),
                Err(_) => bounded(flate2::read::DeflateDecoder::new(data), n, limit, limits),
            }
        }
    }
}

/// Compressed encodings of HTTP bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Gzip,
    Deflate,
}

/// Whether an `io::Error` is one of the inflation limits (not corruption).
pub fn is_limit_error(e: &io::Error) -> bool {
    e.get_ref()
        .and_then(|x| x.downcast_ref::<GzError>())
        .is_some_and(|g| matches!(g, GzError::Bomb { .. } | GzError::TooLarge { .. }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn members(data: Vec<u8>, limits: InflateLimits) -> GzMembers<std::io::Cursor<Vec<u8>>> {
        GzMembers::new(PeekReader::new(std::io::Cursor::new(data)), limits)
    }

    #[test]
    fn members_concatenate() {
        let mut data = gz("أول ".as_bytes());
        data.extend(gz("ثان".as_bytes()));
        let mut out = String::new();
        members(data, InflateLimits::default()).read_to_string(&mut out).unwrap();
        assert_eq!(out, "أول ثان");
    }

    #[test]
    fn a_corrupt_member_is_skipped() {
        let mut bad = gz(&"نص تالف ".repeat(200).into_bytes());
        let mid = bad.len() / 2;
        for b in &mut bad[mid..mid + 8] {
            *b ^= 0x5a;
        }
        let mut data = gz(b"one ");
        data.extend(bad);
        data.extend(gz(b"three"));
        let mut m = members(data, InflateLimits::default());
        let mut out = Vec::new();
        let mut buf = [0u8; 64];
        let mut errors = 0;
        loop {
            match m.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => {
                    errors += 1;
                    assert!(e.to_string().contains("corrupt gzip"), "{e}");
                    assert!(m.resync().unwrap());
                }
            }
        }
        assert_eq!(errors, 1);
        let s = String::from_utf8_lossy(&out);
        assert!(s.starts_with("one ") && s.ends_with("three"), "{s}");
    }

    #[test]
    fn a_bomb_is_refused() {
        let bomb = gz(&vec![0u8; 64 << 20]);
        let mut data = bomb;
        data.extend(gz(b"after"));
        let mut m = members(data, InflateLimits::default());
        let mut sink = vec![0u8; 1 << 16];
        let err = loop {
            match m.read(&mut sink) {
                Ok(0) => panic!("the bomb was inflated whole"),
                Ok(_) => continue,
                Err(e) => break e,
            }
        };
        assert!(is_limit_error(&err), "{err}");
        assert!(err.to_string().contains("decompression bomb"), "{err}");
        assert!(m.resync().unwrap());
        let mut rest = String::new();
        m.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "after");
    }

    #[test]
    fn bodies_inflate_within_limits() {
        let limits = InflateLimits::default();
        let body = "<p>نص</p>".repeat(10);
        assert_eq!(inflate_body(&gz(body.as_bytes()), Encoding::Gzip, 1 << 20, &limits).unwrap(), body.as_bytes());
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), Compression::fast());
        z.write_all(body.as_bytes()).unwrap();
        assert_eq!(inflate_body(&z.finish().unwrap(), Encoding::Deflate, 1 << 20, &limits).unwrap(), body.as_bytes());
        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), Compression::fast());
        d.write_all(body.as_bytes()).unwrap();
        assert_eq!(inflate_body(&d.finish().unwrap(), Encoding::Deflate, 1 << 20, &limits).unwrap(), body.as_bytes());
        let e = inflate_body(&gz(body.as_bytes()), Encoding::Gzip, 10, &limits).unwrap_err();
        assert!(is_limit_error(&e));
    }
}
