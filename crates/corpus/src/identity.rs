//! What makes two inputs the same document: the canonical URL (or, without
//! one, where the input was read from) and the normalized content.
//!
//! The rules (issue 6): same locator and same content is the same document
//! (ingesting it again adds nothing); same locator with changed content is a
//! new *version*; same content at a different locator is a document of its
//! own that joins the first one's duplicate group (republication is evidence
//! and is never dropped).

use crate::hash::{hash64, hex128};
use marsad_arabic::Normalizer;
use marsad_engine::{Document, Source};

/// Canonical form of a URL, so that the spellings of one address meet:
/// scheme folded to `https`, host lower-cased without `www.`, percent-escapes
/// of UTF-8 decoded (crawlers save Arabic paths both ways), fragment, tracking
/// parameters (`utm_*`, `fbclid`, `gclid`) and a trailing slash or `?`
/// dropped. Not a general URL parser: it only needs to be the same function
/// for every input.
///
/// ```
/// use marsad_corpus::identity::canonical_url;
/// assert_eq!(
///     canonical_url("HTTP://www.Example.com/ar/%D8%AE%D8%A8%D8%B1/?utm_source=x#top"),
///     "https://example.com/ar/خبر"
/// );
/// ```
pub fn canonical_url(url: &str) -> String {
    let url = url.trim();
    let (scheme, rest) = match url.find("://") {
        Some(i) => (url[..i].to_ascii_lowercase(), &url[i + 3..]),
        None => (String::new(), url),
    };
    let scheme = if scheme == "http" || scheme == "https" || scheme.is_empty() { "https".to_string() } else { scheme };
    let rest = rest.split('#').next().unwrap_or("");
    let (hostpath, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (host, path) = match hostpath.find('/') {
        Some(i) => (&hostpath[..i], &hostpath[i..]),
        None => (hostpath, ""),
    };
    let mut host = host.to_ascii_lowercase();
    if let Some(h) = host.strip_suffix(":80").or_else(|| host.strip_suffix(":443")) {
        host = h.to_string();
    }
    if let Some(h) = host.strip_prefix("www.") {
        host = h.to_string();
    }
    let mut path = percent_decode(path);
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if path == "/" {
        path.clear();
    }
    let mut out = format!("{scheme}://{host}{path}");
    if let Some(q) = query {
        let kept: Vec<String> = q
            .split('&')
            .filter(|p| !p.is_empty())
            .filter(|p| {
                let k = p.split('=').next().unwrap_or("").to_ascii_lowercase();
                !(k.starts_with("utm_") || k == "fbclid" || k == "gclid")
            })
            .map(percent_decode)
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// The host of a URL without `www.` (`None` when there is none).
pub fn host(url: &str) -> Option<String> {
    if !url.contains("://") {
        return None;
    }
    let c = canonical_url(url);
    let rest = c.split_once("://")?.1;
    let h = rest.split('/').next()?;
    (!h.is_empty() && h.contains('.')).then(|| h.to_string())
}

/// Decodes `%XX` escapes when the result is UTF-8; leaves the text as it was
/// otherwise (a path with a literal `%` or a Latin-1 escape).
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Where a document lives, for identity: its canonical URL, or else the file
/// (and record) it was read from.
pub fn locator(doc: &Document, canonical: Option<&str>) -> String {
    if let Some(u) = canonical.filter(|u| !u.trim().is_empty()) {
        return canonical_url(u);
    }
    if let Some(u) = doc.source.url.as_deref().filter(|u| !u.trim().is_empty()) {
        return canonical_url(u);
    }
    let path = doc.source.path.as_deref().map(place);
    match (path, doc.source.record) {
        (Some(p), Some(r)) => format!("file:{p}#{r}"),
        (Some(p), None) => format!("file:{p}"),
        (None, _) => format!("file:{}", doc.source.name()),
    }
}

/// The place a file was read from, for identity: its absolute path with
/// `.`, `..` and symbolic links resolved, so that `a.jsonl`, `./a.jsonl` and
/// `/home/u/a.jsonl` are one place and a rerun typed differently still
/// finds what it stored. A path that cannot be resolved (the file is gone,
/// or the name is not a file at all) is kept as given. The last answer is
/// remembered per thread: a batch reads thousands of records from one file.
fn place(path: &str) -> String {
    thread_local! {
        static LAST: std::cell::RefCell<(String, String)> = const { std::cell::RefCell::new((String::new(), String::new())) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if last.0 != path {
            let resolved = std::fs::canonicalize(path)
                .ok()
                .and_then(|p| p.to_str().map(str::to_string))
                .unwrap_or_else(|| path.to_string());
            *last = (path.to_string(), resolved);
        }
        last.1.clone()
    })
}

/// The normalized-content hash: the search-normalized words of the headline
/// and body, joined by single spaces, hashed to 128 bits. Whitespace,
/// punctuation, diacritics, tatweel and spelling variants do not change it.
pub fn content_hash(doc: &Document) -> String {
    let n = Normalizer::search();
    let mut norm = String::with_capacity(doc.text.len());
    let mut buf = String::new();
    for piece in doc.headline.iter().chain(doc.paragraphs.iter()) {
        buf.clear();
        n.normalize_into(piece, &mut buf);
        for w in buf.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            norm.push_str(w);
            norm.push(' ');
        }
    }
    hex128(norm.as_bytes())
}

/// The key of one sighting of an input: the same input read again (same raw
/// bytes from the same place) has the same key, which is how a rerun skips
/// what it already stored without analysing it again.
pub fn sighting_key(raw_id: &str, source: &Source) -> i64 {
    let mut s = String::new();
    s.push_str(raw_id);
    s.push('\u{1}');
    s.push_str(source.url.as_deref().unwrap_or(""));
    s.push('\u{1}');
    s.push_str(&source.path.as_deref().map(place).unwrap_or_default());
    s.push('\u{1}');
    if let Some(r) = source.record {
        s.push_str(&r.to_string());
    }
    hash64(s.as_bytes(), 0x51_67_47) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_url_table() {
        let table = [
            ("http://www.alarabiya.net/ar/a.html", "https://alarabiya.net/ar/a.html"),
            ("https://alarabiya.net/ar/a.html", "https://alarabiya.net/ar/a.html"),
            ("https://example.com/x/?utm_source=tw&id=5#c", "https://example.com/x?id=5"),
            ("https://Example.com:443/", "https://example.com"),
            ("https://example.com/%D8%AE%D8%A8%D8%B1", "https://example.com/خبر"),
            ("https://example.com/100%", "https://example.com/100%"),
            ("https://example.com/%FF", "https://example.com/%FF"),
            ("ftp://Host/x", "ftp://host/x"),
        ];
        for (input, want) in table {
            assert_eq!(canonical_url(input), want, "{input}");
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(host("http://www.bbc.com/arabic/x").as_deref(), Some("bbc.com"));
        assert_eq!(host("file.txt"), None);
    }

    #[test]
    fn content_hash_ignores_spelling_and_spacing() {
        let doc = |h: &str, p: &[&str]| Document {
            headline: Some(h.into()),
            paragraphs: p.iter().map(|s| s.to_string()).collect(),
            ..Document::default()
        };
        let a = doc("وصول ٣ آلاف", &["قالت الوزارة إن الأعداد كبيرة."]);
        let b = doc("وصول 3 الاف", &["قالت  الوزاره ان الاعداد كبيرة"]);
        let c = doc("وصول 4 الاف", &["قالت الوزارة إن الأعداد كبيرة."]);
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_ne!(content_hash(&a), content_hash(&c));
    }

    #[test]
    fn locators() {
        let mut d = Document::default();
        d.source.path = Some("in/a.txt".into());
        assert_eq!(locator(&d, None), "file:in/a.txt");
        d.source.url = Some("http://www.x.com/a/".into());
        assert_eq!(locator(&d, None), "https://x.com/a");
        assert_eq!(locator(&d, Some("https://x.com/b")), "https://x.com/b");
    }

    #[test]
    fn sighting_keys_separate_places() {
        let s1 = Source { path: Some("a.jsonl".into()), record: Some(1), ..Source::default() };
        let s2 = Source { path: Some("a.jsonl".into()), record: Some(2), ..Source::default() };
        assert_eq!(sighting_key("ab", &s1), sighting_key("ab", &s1));
        assert_ne!(sighting_key("ab", &s1), sighting_key("ab", &s2));
    }

    #[test]
    fn a_file_is_one_place_however_its_path_is_typed() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("in")).expect("mkdir");
        let file = dir.path().join("in/a.jsonl");
        std::fs::write(&file, "{}").expect("write");
        let typed = [
            file.display().to_string(),
            dir.path().join("in/./a.jsonl").display().to_string(),
            dir.path().join("in/../in/a.jsonl").display().to_string(),
        ];
        let source = |p: &str| Source { path: Some(p.to_string()), record: Some(3), ..Source::default() };
        let doc = |p: &str| Document { source: source(p), ..Document::default() };
        for t in &typed[1..] {
            assert_eq!(sighting_key("ab", &source(t)), sighting_key("ab", &source(&typed[0])), "{t}");
            assert_eq!(locator(&doc(t), None), locator(&doc(&typed[0]), None), "{t}");
        }
        assert!(locator(&doc(&typed[0]), None).ends_with("a.jsonl#3"));
        // Another file is another place.
        let other = dir.path().join("in/b.jsonl");
        std::fs::write(&other, "{}").expect("write");
        assert_ne!(sighting_key("ab", &source(&other.display().to_string())), sighting_key("ab", &source(&typed[0])));
    }
}
