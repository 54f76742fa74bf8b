//! Byte spans and the offset map that leads a derived text back to its source.
//!
//! Every annotation in marsad points at the exact bytes it came from. Text is
//! derived several times on the way (raw bytes → decoded UTF-8 → cleaned text →
//! normalized forms), so each derivation records an [`OffsetMap`]; maps compose
//! with [`OffsetMap::then`], so a span in the cleaned text can be carried all the
//! way back to the raw input.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// A half-open byte range `[start, end)` into some text.
///
/// Serialized as a two-element array `[start, end]`, the form used in marsad's
/// JSON output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    #[inline]
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    #[inline]
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    #[inline]
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The text this span covers, or `None` if it is out of bounds or does
    /// not fall on character boundaries (never panics).
    pub fn get<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    /// Moves the span right by `by` bytes (used when a piece of text is placed
    /// inside a larger one).
    #[inline]
    pub const fn shift(&self, by: usize) -> Span {
        Span { start: self.start + by, end: self.end + by }
    }

    /// True if the two spans share at least one byte.
    #[inline]
    pub const fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True if `other` lies within `self`.
    #[inline]
    pub const fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(&self, other: &Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span { start: r.start, end: r.end }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        [self.start, self.end].serialize(s)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let [start, end] = <[usize; 2]>::deserialize(d)?;
        if start > end {
            return Err(serde::de::Error::custom(format!("span start {start} is after end {end}")));
        }
        Ok(Span { start, end })
    }
}

/// One piece of a derived text and the source bytes it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    /// Start of this piece in the derived text.
    to: usize,
    /// Start of the source bytes it came from.
    from: usize,
    /// Length of the source range. For a copied piece the derived length is
    /// the same; for a replaced piece the derived length is whatever the
    /// replacement produced, and inner positions map to the source start.
    from_len: usize,
    copied: bool,
}

/// Maps positions in a derived text back to positions in its source text.
///
/// Built while the derived text is written: [`copy`](OffsetMap::copy) for
/// bytes taken over unchanged, [`replace`](OffsetMap::replace) for bytes
/// produced from a different source range (a folded letter, a decoded legacy
/// byte, a collapsed run of spaces), and simply nothing for source bytes that
/// were dropped. Lookups are a binary search over the recorded pieces.
///
/// ```
/// use marsad_arabic::{OffsetMap, Span};
/// // source "a--b" → derived "ab": the dashes were dropped.
/// let mut map = OffsetMap::new();
/// map.copy(0..1);
/// map.copy(3..4);
/// assert_eq!(map.span_to_source(Span::new(0, 2)), Span::new(0, 4));
/// assert_eq!(map.span_to_source(Span::new(1, 2)), Span::new(3, 4));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    derived_len: usize,
    source_len: usize,
}

impl OffsetMap {
    pub fn new() -> OffsetMap {
        OffsetMap::default()
    }

    /// The identity map over a text of `len` bytes.
    pub fn identity(len: usize) -> OffsetMap {
        let mut m = OffsetMap::new();
        m.copy(0..len);
        m
    }

    pub fn clear(&mut self) {
        self.segments.clear();
        self.derived_len = 0;
        self.source_len = 0;
    }

    /// Length of the derived text described so far.
    pub fn derived_len(&self) -> usize {
        self.derived_len
    }

    /// End of the furthest source byte accounted for so far.
    pub fn source_len(&self) -> usize {
        self.source_len
    }

    /// Records that the next `source.len()` bytes of the derived text are a
    /// verbatim copy of `source`.
    pub fn copy(&mut self, source: Range<usize>) {
        let len = source.end.saturating_sub(source.start);
        if len == 0 {
            return;
        }
        if let Some(last) = self.segments.last_mut() {
            if last.copied && last.from + last.from_len == source.start && last.to + last.from_len == self.derived_len {
                last.from_len += len;
                self.derived_len += len;
                self.source_len = self.source_len.max(source.end);
                return;
            }
        }
        self.segments.push(Segment { to: self.derived_len, from: source.start, from_len: len, copied: true });
        self.derived_len += len;
        self.source_len = self.source_len.max(source.end);
    }

    /// Records that the next `derived_len` bytes of the derived text were
    /// produced from the bytes `source`. A zero `derived_len` records nothing
    /// (dropped source bytes need no entry).
    pub fn replace(&mut self, source: Range<usize>, derived_len: usize) {
        if derived_len == 0 {
            self.source_len = self.source_len.max(source.end);
            return;
        }
        if source.end - source.start == derived_len {
            // Same length: still a replacement (the bytes differ), but inner
            // positions line up, so treat as a copy for mapping purposes only
            // when it is a single byte; otherwise keep it atomic.
            if derived_len == 1 {
                self.copy(source);
                return;
            }
        }
        self.segments.push(Segment {
            to: self.derived_len,
            from: source.start,
            from_len: source.end - source.start,
            copied: false,
        });
        self.derived_len += derived_len;
        self.source_len = self.source_len.max(source.end);
    }

    /// Appends `other` (a map of the next piece of derived text) after what
    /// this map covers: the derived positions of `other` are shifted, its
    /// source positions are kept.
    pub fn append(&mut self, other: &OffsetMap) {
        for i in 0..other.segments.len() {
            let s = other.segments[i];
            let dlen = other.segment_len(i);
            if s.copied {
                self.copy(s.from..s.from + dlen);
            } else {
                self.replace(s.from..s.from + s.from_len, dlen);
            }
        }
        self.source_len = self.source_len.max(other.source_len);
    }

    /// Index of the segment that holds derived byte `pos` (which must be
    /// `< derived_len`).
    fn segment_at(&self, pos: usize) -> Option<usize> {
        if pos >= self.derived_len || self.segments.is_empty() {
            return None;
        }
        // Last segment whose `to` is <= pos.
        let i = self.segments.partition_point(|s| s.to <= pos);
        i.checked_sub(1)
    }

    fn segment_len(&self, i: usize) -> usize {
        let next = self.segments.get(i + 1).map_or(self.derived_len, |s| s.to);
        next - self.segments[i].to
    }

    /// Source position of derived position `pos`, read as the start of
    /// something. Positions past the end map to the end of the source.
    pub fn to_source(&self, pos: usize) -> usize {
        match self.segment_at(pos) {
            Some(i) => {
                let s = &self.segments[i];
                if s.copied {
                    s.from + (pos - s.to)
                } else {
                    s.from
                }
            }
            None => self.source_len,
        }
    }

    /// Source position of derived position `pos`, read as the end of
    /// something (the byte before `pos` is the last one included).
    pub fn end_to_source(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.segments.first().map_or(0, |s| s.from);
        }
        match self.segment_at(pos - 1) {
            Some(i) => {
                let s = &self.segments[i];
                if s.copied {
                    s.from + (pos - s.to)
                } else {
                    s.from + s.from_len
                }
            }
            None => self.source_len,
        }
    }

    /// The source span a derived span came from.
    pub fn span_to_source(&self, span: Span) -> Span {
        if span.is_empty() {
            let p = self.to_source(span.start);
            return Span::new(p, p);
        }
        let start = self.to_source(span.start);
        let end = self.end_to_source(span.end).max(start);
        Span::new(start, end)
    }

    /// Composes two maps: `self` maps derived → middle, `outer` maps
    /// middle → source; the result maps derived → source.
    pub fn then(&self, outer: &OffsetMap) -> OffsetMap {
        let mut out = OffsetMap::new();
        for i in 0..self.segments.len() {
            let s = self.segments[i];
            let dlen = self.segment_len(i);
            if s.copied {
                // The middle range [from, from+len) may cross several pieces of
                // `outer`; split it where they change.
                let mut mid = s.from;
                let mid_end = s.from + dlen;
                while mid < mid_end {
                    match outer.segment_at(mid) {
                        Some(j) => {
                            let o = outer.segments[j];
                            let olen = outer.segment_len(j);
                            let piece_end = (o.to + olen).min(mid_end);
                            if o.copied {
                                let src = o.from + (mid - o.to);
                                out.copy(src..src + (piece_end - mid));
                            } else {
                                // Part of a replaced piece: map atomically.
                                out.replace(o.from..o.from + o.from_len, piece_end - mid);
                            }
                            mid = piece_end;
                        }
                        None => {
                            out.replace(outer.source_len..outer.source_len, mid_end - mid);
                            mid = mid_end;
                        }
                    }
                }
            } else {
                let src = outer.span_to_source(Span::new(s.from, s.from + s.from_len));
                out.replace(src.range(), dlen);
            }
        }
        out.source_len = out.source_len.max(outer.source_len);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_json_is_a_pair() {
        let s = Span::new(3, 9);
        assert_eq!(serde_json::to_string(&s).unwrap(), "[3,9]");
        let back: Span = serde_json::from_str("[3,9]").unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<Span>("[9,3]").is_err());
    }

    #[test]
    fn copy_runs_merge() {
        let mut m = OffsetMap::new();
        m.copy(0..3);
        m.copy(3..5);
        assert_eq!(m.segments.len(), 1);
        assert_eq!(m.derived_len(), 5);
    }

    #[test]
    fn replaced_pieces_map_atomically() {
        // source "xAAy" where "AA" (2 bytes) became "B" (1 byte... use 3 to avoid the
        // single-byte shortcut).
        let mut m = OffsetMap::new();
        m.copy(0..1);
        m.replace(1..3, 3);
        m.copy(3..4);
        assert_eq!(m.derived_len(), 5);
        assert_eq!(m.span_to_source(Span::new(1, 4)), Span::new(1, 3));
        assert_eq!(m.span_to_source(Span::new(2, 3)), Span::new(1, 3));
        assert_eq!(m.span_to_source(Span::new(4, 5)), Span::new(3, 4));
        assert_eq!(m.span_to_source(Span::new(0, 5)), Span::new(0, 4));
    }

    #[test]
    fn dropped_bytes_are_skipped() {
        let mut m = OffsetMap::new();
        m.copy(0..2);
        m.replace(2..4, 0);
        m.copy(4..6);
        assert_eq!(m.span_to_source(Span::new(2, 4)), Span::new(4, 6));
        assert_eq!(m.span_to_source(Span::new(0, 4)), Span::new(0, 6));
        assert_eq!(m.source_len(), 6);
    }

    #[test]
    fn composition_carries_spans_through_two_steps() {
        // raw → mid: drop bytes 0..2 (a BOM-like prefix), copy the rest (10 bytes).
        let mut outer = OffsetMap::new();
        outer.copy(2..12);
        // mid → derived: keep mid 0..4, drop 4..6, keep 6..10.
        let mut inner = OffsetMap::new();
        inner.copy(0..4);
        inner.copy(6..10);
        let m = inner.then(&outer);
        assert_eq!(m.span_to_source(Span::new(0, 4)), Span::new(2, 6));
        assert_eq!(m.span_to_source(Span::new(4, 8)), Span::new(8, 12));
        assert_eq!(m.span_to_source(Span::new(3, 5)), Span::new(5, 9));
    }

    #[test]
    fn composition_through_a_replacement() {
        // raw: 1 legacy byte per letter → mid: 2 UTF-8 bytes per letter.
        let mut outer = OffsetMap::new();
        for i in 0..3 {
            outer.replace(i..i + 1, 2);
        }
        let inner = OffsetMap::identity(6);
        let m = inner.then(&outer);
        assert_eq!(m.span_to_source(Span::new(2, 6)), Span::new(1, 3));
        assert_eq!(m.span_to_source(Span::new(0, 2)), Span::new(0, 1));
    }

    #[test]
    fn append_shifts_derived_positions() {
        let mut a = OffsetMap::identity(3);
        let mut b = OffsetMap::new();
        b.copy(10..12);
        b.replace(12..16, 3);
        a.append(&b);
        assert_eq!(a.derived_len(), 8);
        assert_eq!(a.span_to_source(Span::new(3, 5)), Span::new(10, 12));
        assert_eq!(a.span_to_source(Span::new(5, 8)), Span::new(12, 16));
    }

    #[test]
    fn out_of_range_positions_do_not_panic() {
        let m = OffsetMap::identity(4);
        assert_eq!(m.to_source(99), 4);
        assert_eq!(m.span_to_source(Span::new(3, 99)), Span::new(3, 4));
        let empty = OffsetMap::new();
        assert_eq!(empty.span_to_source(Span::new(0, 0)), Span::new(0, 0));
    }
}
