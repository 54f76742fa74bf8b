//! A read buffer that can look ahead any number of bytes, read bounded lines,
//! and take bytes back: what the WARC and JSONL readers need on top of
//! [`Read`], and what resynchronising on a corrupt stream needs.

use std::io::{self, Read};

/// A buffered reader with lookahead and pushback, counting the bytes it has
/// handed out.
pub struct PeekReader<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    /// Bytes consumed so far (pushback subtracts).
    consumed: u64,
    /// An error met while reading ahead, held back until the bytes read
    /// before it have been consumed (so they are not lost with it).
    pending: Option<io::Error>,
}

const CHUNK: usize = 64 * 1024;

impl<R: Read> PeekReader<R> {
    pub fn new(inner: R) -> PeekReader<R> {
        PeekReader { inner, buf: Vec::with_capacity(CHUNK), pos: 0, eof: false, consumed: 0, pending: None }
    }

    pub fn get_mut(&mut self) -> &mut R {
        &mut self.inner
    }

    /// Bytes handed out so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }

    /// Forgets buffered bytes (after the source was repositioned).
    pub fn clear(&mut self) {
        self.buf.clear();
        self.pos = 0;
        self.eof = false;
        self.pending = None;
    }

    /// Makes at least `n` bytes available if the input has them; returns the
    /// available bytes (fewer than `n` only at the end of the input).
    /// An error of the input is returned once the bytes before it are
    /// consumed; until then the available bytes are returned (fewer than `n`).
    pub fn peek(&mut self, n: usize) -> io::Result<&[u8]> {
        if self.pos >= self.buf.len() {
            if let Some(e) = self.pending.take() {
                return Err(e);
            }
        }
        while self.buf.len() - self.pos < n && !self.eof && self.pending.is_none() {
            if self.pos > 0 && self.pos >= self.buf.len() / 2 {
                self.buf.drain(..self.pos);
                self.pos = 0;
            }
            let old = self.buf.len();
            let want = (n - (old - self.pos)).max(CHUNK);
            self.buf.resize(old + want, 0);
            match self.inner.read(&mut self.buf[old..]) {
                Ok(0) => {
                    self.buf.truncate(old);
                    self.eof = true;
                }
                Ok(k) => self.buf.truncate(old + k),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => self.buf.truncate(old),
                Err(e) => {
                    self.buf.truncate(old);
                    if self.pos < self.buf.len() {
                        self.pending = Some(e);
                        break;
                    }
                    return Err(e);
                }
            }
        }
        Ok(&self.buf[self.pos..])
    }

    /// The buffered bytes (at least one unless at the end of the input).
    pub fn fill(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.buf.len() {
            if let Some(e) = self.pending.take() {
                return Err(e);
            }
            self.peek(1)
        } else {
            Ok(&self.buf[self.pos..])
        }
    }

    pub fn consume(&mut self, n: usize) {
        let n = n.min(self.buf.len() - self.pos);
        self.pos += n;
        self.consumed += n as u64;
    }

    /// Puts `bytes` back in front of the unread input.
    pub fn unread(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let mut v = Vec::with_capacity(bytes.len() + self.buf.len() - self.pos);
        v.extend_from_slice(bytes);
        v.extend_from_slice(&self.buf[self.pos..]);
        self.buf = v;
        self.pos = 0;
        self.consumed = self.consumed.saturating_sub(bytes.len() as u64);
    }

    /// Reads one line (with its `\n`) into `out`, up to `limit` bytes. Returns
    /// `Ok(false)` at the end of the input with nothing read. A longer line is
    /// cut at `limit`; `too_long` tells (the rest stays unread).
    pub fn read_line(&mut self, out: &mut Vec<u8>, limit: usize) -> io::Result<LineEnd> {
        out.clear();
        loop {
            let avail = self.fill()?;
            if avail.is_empty() {
                return Ok(if out.is_empty() { LineEnd::Eof } else { LineEnd::Line });
            }
            let room = limit - out.len();
            let take = avail.len().min(room);
            match memchr::memchr(b'\n', &avail[..take]) {
                Some(i) => {
                    out.extend_from_slice(&avail[..=i]);
                    self.consume(i + 1);
                    return Ok(LineEnd::Line);
                }
                None => {
                    out.extend_from_slice(&avail[..take]);
                    self.consume(take);
                    if out.len() >= limit {
                        return Ok(LineEnd::TooLong);
                    }
                }
            }
        }
    }

    /// Skips to just after the next `\n` (or the end of the input).
    pub fn skip_line(&mut self) -> io::Result<()> {
        loop {
            let avail = self.fill()?;
            if avail.is_empty() {
                return Ok(());
            }
            match memchr::memchr(b'\n', avail) {
                Some(i) => {
                    self.consume(i + 1);
                    return Ok(());
                }
                None => {
                    let n = avail.len();
                    self.consume(n);
                }
            }
        }
    }

    /// Reads up to `n` bytes into `out` (appending); fewer only at the end.
    pub fn read_upto(&mut self, n: usize, out: &mut Vec<u8>) -> io::Result<usize> {
        let mut got = 0;
        while got < n {
            let avail = self.fill()?;
            if avail.is_empty() {
                break;
            }
            let k = avail.len().min(n - got);
            out.extend_from_slice(&avail[..k]);
            self.consume(k);
            got += k;
        }
        Ok(got)
    }

    /// Skips up to `n` bytes; fewer only at the end.
    pub fn skip(&mut self, n: u64) -> io::Result<u64> {
        let mut left = n;
        while left > 0 {
            let avail = self.fill()?;
            if avail.is_empty() {
                break;
            }
            let k = (avail.len() as u64).min(left) as usize;
            self.consume(k);
            left -= k as u64;
        }
        Ok(n - left)
    }
}

impl<R: Read> io::Read for PeekReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> io::BufRead for PeekReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.fill()
    }

    fn consume(&mut self, n: usize) {
        PeekReader::consume(self, n)
    }
}

/// How [`PeekReader::read_line`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineEnd {
    Line,
    TooLong,
    Eof,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte per call, to test refills.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() || buf.is_empty() {
                return Ok(0);
            }
            buf[0] = self.0[0];
            self.0 = &self.0[1..];
            Ok(1)
        }
    }

    #[test]
    fn lines_peeks_and_pushback() {
        let mut r = PeekReader::new(Trickle(b"first\nsecond line\nlast"));
        let mut line = Vec::new();
        assert_eq!(r.peek(3).unwrap(), b"fir");
        assert_eq!(r.read_line(&mut line, 100).unwrap(), LineEnd::Line);
        assert_eq!(line, b"first\n");
        assert_eq!(r.read_line(&mut line, 4).unwrap(), LineEnd::TooLong);
        assert_eq!(line, b"seco");
        r.skip_line().unwrap();
        r.unread(b"back\n");
        assert_eq!(r.read_line(&mut line, 100).unwrap(), LineEnd::Line);
        assert_eq!(line, b"back\n");
        let mut rest = Vec::new();
        assert_eq!(r.read_upto(100, &mut rest).unwrap(), 4);
        assert_eq!(rest, b"last");
        assert_eq!(r.read_line(&mut line, 100).unwrap(), LineEnd::Eof);
        assert_eq!(r.consumed(), 22);
    }
}
