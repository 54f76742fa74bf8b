//! Bytes to text: BOMs, UTF-8, legacy Arabic encodings (windows-1256,
//! ISO-8859-6), line endings — with a map from the decoded text back to the
//! raw bytes.

use crate::error::{ErrorKind, Result};
use encoding_rs::{Encoding, ISO_8859_6, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1256};
use marsad_arabic::OffsetMap;

/// Decoded text and its map back to the raw bytes.
#[derive(Clone, Debug, Default)]
pub struct Decoded {
    pub text: String,
    /// decoded text → raw bytes
    pub map: OffsetMap,
    /// The encoding the bytes were read as (`UTF-8`, `windows-1256`, …).
    pub encoding: &'static str,
}

/// Decodes `bytes`. `declared` is a charset label from the container (an
/// HTTP header, `<meta charset>`), used when the bytes are not valid UTF-8.
///
/// Line endings are made `\n` (CRLF and lone CR), a BOM is dropped, and NUL
/// or other control characters make the input [`ErrorKind::Binary`].
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ErrorKind::Empty.into());
    }
    // BOMs decide the encoding outright.
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return decode_with(bytes, bom_len, enc);
    }
    if looks_binary(bytes) {
        return Err(ErrorKind::Binary.into());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        // Valid UTF-8: no second validation pass.
        let mut out = Decoded { encoding: UTF_8.name(), ..Decoded::default() };
        out.text.reserve(s.len());
        push_utf8(s, 0, &mut out);
        if out.text.trim().is_empty() {
            return Err(ErrorKind::Empty.into());
        }
        return Ok(out);
    }
    if let Some(enc) = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        if enc != UTF_8 {
            return decode_with(bytes, 0, enc);
        }
    }
    // Not UTF-8 and nothing declared (or a wrong UTF-8 declaration): choose
    // between the two Arabic single-byte encodings by which one reads as
    // more Arabic. Mostly-valid UTF-8 with a few bad bytes stays UTF-8.
    if mostly_utf8(bytes) {
        return decode_with(bytes, 0, UTF_8);
    }
    let w = arabic_score(WINDOWS_1256, bytes);
    let i = arabic_score(ISO_8859_6, bytes);
    let enc = if i > w { ISO_8859_6 } else { WINDOWS_1256 };
    decode_with(bytes, 0, enc)
}

fn decode_with(bytes: &[u8], skip: usize, enc: &'static Encoding) -> Result<Decoded> {
    let body = &bytes[skip..];
    let mut out = Decoded { encoding: enc.name(), ..Decoded::default() };
    if enc == UTF_8 {
        match std::str::from_utf8(body) {
            Ok(s) => push_utf8(s, skip, &mut out),
            Err(_) => {
                // Lossy, char by char, so the map stays exact around the
                // replaced bytes.
                let mut pos = 0;
                for chunk in body.utf8_chunks() {
                    push_utf8(chunk.valid(), skip + pos, &mut out);
                    pos += chunk.valid().len();
                    let bad = chunk.invalid().len();
                    if bad > 0 {
                        out.text.push('\u{FFFD}');
                        out.map.replace(skip + pos..skip + pos + bad, '\u{FFFD}'.len_utf8());
                        pos += bad;
                    }
                }
            }
        }
    } else {
        let (s, _) = enc.decode_without_bom_handling(body);
        // UTF-16 takes two or four bytes per character, the single-byte
        // encodings one.
        let utf16 = enc == UTF_16LE || enc == UTF_16BE;
        let mut pos = skip;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            let width = if utf16 { c.len_utf16() * 2 } else { 1 };
            let raw = pos..pos + width;
            pos += width;
            if c == '\r' {
                if chars.peek() == Some(&'\n') {
                    out.map.replace(raw, 0); // CRLF: the \n that follows is kept
                } else {
                    out.text.push('\n');
                    out.map.replace(raw, 1);
                }
                continue;
            }
            let before = out.text.len();
            out.text.push(c);
            out.map.replace(raw, out.text.len() - before);
        }
        if !utf16 && out.text.chars().filter(|&c| c == '\u{FFFD}').count() * 20 > out.text.chars().count().max(1) {
            return Err(ErrorKind::Encoding(format!("too many bytes are not valid {}", enc.name())).into());
        }
    }
    if out.text.trim().is_empty() {
        return Err(ErrorKind::Empty.into());
    }
    Ok(out)
}

/// Appends valid UTF-8 `s` that starts at raw byte `at`, turning CRLF and
/// lone CR into `\n`.
fn push_utf8(s: &str, at: usize, out: &mut Decoded) {
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'\r', &bytes[i..]) {
        let cr = i + off;
        out.text.push_str(&s[run..cr]);
        out.map.copy(at + run..at + cr);
        if bytes.get(cr + 1) == Some(&b'\n') {
            // CRLF → LF: the \n is copied, the \r is dropped.
            out.map.replace(at + cr..at + cr + 1, 0);
            i = cr + 1;
        } else {
            out.text.push('\n');
            out.map.copy(at + cr..at + cr + 1);
            i = cr + 1;
        }
        run = i;
    }
    out.text.push_str(&s[run..]);
    out.map.copy(at + run..at + s.len());
}

/// NUL bytes, or many control characters, in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B)).count();
    controls * 100 > head.len()
}

/// True if at most 1% of the bytes are in invalid UTF-8 sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let bad: usize = bytes.utf8_chunks().map(|c| c.invalid().len()).sum();
    bad * 100 <= bytes.len()
        && bytes.utf8_chunks().any(|c| c.valid().chars().any(|ch| ('\u{600}'..='\u{6FF}').contains(&ch)))
}

/// Share of non-ASCII bytes that decode to Arabic letters.
fn arabic_score(enc: &'static Encoding, bytes: &[u8]) -> f64 {
    let (s, _) = enc.decode_without_bom_handling(bytes);
    let mut arabic = 0usize;
    let mut other = 0usize;
    for c in s.chars() {
        if c.is_ascii() {
            continue;
        }
        if ('\u{0621}'..='\u{064A}').contains(&c) {
            arabic += 1;
        } else {
            other += 1;
        }
    }
    arabic as f64 / (arabic + other).max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_arabic::Span;

    fn roundtrip(raw: &[u8], d: &Decoded, needle: &str) -> Vec<u8> {
        let s = d.text.find(needle).unwrap();
        let span = d.map.span_to_source(Span::new(s, s + needle.len()));
        raw[span.range()].to_vec()
    }

    #[test]
    fn utf8_with_bom_and_crlf() {
        let raw = "\u{FEFF}سطر أول\r\nسطر ثان\rسطر ثالث".as_bytes();
        let d = decode(raw, None).unwrap();
        assert_eq!(d.text, "سطر أول\nسطر ثان\nسطر ثالث");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(roundtrip(raw, &d, "سطر ثالث"), "سطر ثالث".as_bytes());
        assert_eq!(roundtrip(raw, &d, "ثان"), "ثان".as_bytes());
    }

    #[test]
    fn windows_1256_is_detected() {
        let text = "قالت الوزارة إن الاجتماع سيعقد غدا في العاصمة";
        let (raw, _, _) = WINDOWS_1256.encode(text);
        let d = decode(&raw, None).unwrap();
        assert_eq!(d.encoding, "windows-1256");
        assert_eq!(d.text, text);
        assert_eq!(roundtrip(&raw, &d, "الاجتماع"), WINDOWS_1256.encode("الاجتماع").0.to_vec());
    }

    #[test]
    fn iso_8859_6_is_detected() {
        let text = "قالت الوزارة إن الاجتماع سيعقد غدا في العاصمة";
        let (raw, _, _) = ISO_8859_6.encode(text);
        let d = decode(&raw, None).unwrap();
        assert_eq!(d.encoding, "ISO-8859-6");
        assert_eq!(d.text, text);
    }

    #[test]
    fn declared_charset_is_used() {
        let (raw, _, _) = WINDOWS_1256.encode("خبر عاجل");
        let d = decode(&raw, Some("windows-1256")).unwrap();
        assert_eq!(d.text, "خبر عاجل");
    }

    #[test]
    fn legacy_crlf_becomes_lf() {
        let (raw, _, _) = WINDOWS_1256.encode("سطر\r\nآخر");
        let d = decode(&raw, Some("windows-1256")).unwrap();
        assert_eq!(d.text, "سطر\nآخر");
    }

    #[test]
    fn empty_and_binary_inputs_are_errors() {
        assert!(matches!(decode(b"", None).unwrap_err().kind(), ErrorKind::Empty));
        assert!(matches!(decode(b"  \n\t ", None).unwrap_err().kind(), ErrorKind::Empty));
        assert!(matches!(decode(b"\x7fELF\x02\x01\x01\x00\x00\x00", None).unwrap_err().kind(), ErrorKind::Binary));
    }

    #[test]
    fn a_few_bad_bytes_in_utf8_are_replaced() {
        let mut raw = "خبر صحيح تماما وطويل بما يكفي ليكون نصا عربيا حقيقيا. ".repeat(3).into_bytes();
        raw.insert(6, 0xFF);
        let d = decode(&raw, None).unwrap();
        assert!(d.text.contains('\u{FFFD}'));
        assert_eq!(roundtrip(&raw, &d, "تماما"), "تماما".as_bytes());
    }
}
