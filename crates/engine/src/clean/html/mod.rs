//! HTML pages to blocks and metadata: the front half of HTML cleaning.
//!
//! [`HtmlExtractor::extract`] parses a decoded page, splits it into
//! paragraph-level [`Block`]s (each with an exact map back to the page's
//! bytes), marks which of them are in the article's main content region,
//! and reads the page's metadata (headline, date, author, outlet, canonical
//! URL, related links). The blocks then go through the same Arabic line
//! classifier as plain text ([`Cleaner::clean_blocks`](crate::clean::Cleaner::clean_blocks)).
//!
//! # Why a tokenizer of our own
//!
//! Measured side by side on the 8 Arabic news pages of
//! `../shared/data/pages/html/`, one core. Quality: anchors read from each
//! page at run time (its lede, when a text node opens with the meta
//! description, and its longest Arabic `<p>`: 13 in all) found in the output,
//! and leaks (output lines that are exactly the text of a link of the page:
//! related lists, most read, tickers, inline "read also" links).
//!
//! | extractor | pages/s | anchors | leaks | notes |
//! |---|---|---|---|---|
//! | rs-trafilatura 0.2.2 (html5ever DOM) | 75 | 11/13 | 1 | loses almadenahnews' lede; 930 words of furniture on sputnik, 215 for an 88-word body on elbaladtv |
//! | this module, extraction alone | 1083 | — | — | blocks + in_main + metadata |
//! | marsad `analyze`, whole pipeline (bench/html.sh) | see the issue 3 report | 13/13 | 0 | after the line classifier |
//! | trafilatura 2.3.1 (Python, bench/html.sh) | 20 | 12/13 | 0 | misses sputnik's lede |
//!
//! rs-trafilatura was measured with a scratch binary over the same files
//! (`rs_trafilatura::extract`, 5 passes); the offset requirement below rules
//! it out whatever its speed.
//!
//! Beyond speed, the deciding point is offsets: html5ever (and so scraper
//! and rs-trafilatura) gives no source positions for text nodes, while every
//! marsad annotation must lead back to the exact bytes of the page. Our
//! tokenizer keeps a byte range for every token, and entity decoding and
//! whitespace collapsing record an [`OffsetMap`](marsad_arabic::OffsetMap)
//! as they go (an entity maps atomically to its source bytes).

mod blocks;
mod content;
mod dom;
mod entity;
mod lexer;
mod meta;

pub use meta::{domain_of, is_related_head, resolve, strip_site_suffix, Metadata};

use crate::clean::Block;
use crate::doc::{DropReason, Page, Related};

/// The result of extracting one page.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    /// Every block of visible text, in document order, `in_main` set.
    pub blocks: Vec<Block>,
    pub meta: Metadata,
}

/// A built extractor: stateless, `Send + Sync`, shared across threads.
#[derive(Clone, Debug, Default)]
pub struct HtmlExtractor {}

impl HtmlExtractor {
    pub fn new() -> HtmlExtractor {
        HtmlExtractor {}
    }

    /// Extracts blocks and metadata from a decoded page. `url` is the page's
    /// address when its container knows it (WARC, JSONL), used to resolve
    /// relative links and name the outlet when the page does not.
    pub fn extract(&self, html: &str, url: Option<&str>) -> Extracted {
        let dom = dom::Dom::parse(html);
        let mut blocks = blocks::blocks(&dom, html);
        let region = content::mark_main(&dom, html, &mut blocks);
        let meta = meta::metadata(&dom, html, &blocks, &region, url);
        // Links leave as absolute URLs, so a related link found by the line
        // classifier is usable on its own.
        let base = url.or(meta.canonical_url.as_deref());
        let blocks = blocks
            .into_iter()
            .map(|mut b| {
                if let Some(h) = b.block.href.take() {
                    b.block.href = meta::resolve(base, &h);
                }
                b.block
            })
            .collect();
        Extracted { blocks, meta }
    }
}

/// Adds the related links the page's metadata found ([`Metadata::related`])
/// to those the line classifier found in the text, without repeats.
///
/// A link the classifier dropped for another reason is left out: a
/// container named "related" on many sites also holds the most-read box or
/// a "more" link, whose header the classifier read ("الأكثر قراءة" →
/// `link_list`).
pub fn merge_related(page: &mut Page, found: Vec<Related>) {
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for r in found {
        let headline = fold(&r.headline);
        let known = page.related.iter().any(|p| (p.url.is_some() && p.url == r.url) || fold(&p.headline) == headline);
        let dropped_otherwise =
            page.dropped.iter().any(|d| d.reason != DropReason::RelatedLink && fold(&d.text) == headline);
        if !known && !dropped_otherwise && headline.split(' ').count() >= 3 {
            page.related.push(r);
        }
    }
}

/// The charset a page declares in its first 4 KiB (`<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">`), as the HTML5
/// encoding sniffing prescan reads it. Works on the raw bytes, before
/// decoding.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = bytes[..bytes.len().min(4096)].to_ascii_lowercase();
    let head = head.as_slice();
    let mut i = 0;
    while let Some(off) = memchr::memmem::find(&head[i..], b"<meta") {
        let at = i + off;
        let end = memchr::memchr(b'>', &head[at..]).map_or(head.len(), |e| at + e);
        let tag = String::from_utf8_lossy(&head[at..end]);
        if let Some(p) = tag.find("charset") {
            let rest = tag[p + 7..].trim_start();
            if let Some(rest) = rest.strip_prefix('=') {
                let v: String = rest
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                    .collect();
                if !v.is_empty() {
                    return Some(v);
                }
            }
        }
        i = end.max(at + 5);
    }
    None
}

/// The charset of an HTTP `Content-Type` header value.
pub fn content_type_charset(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let p = lower.find("charset=")?;
    let v: String = lower[p + 8..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!v.is_empty()).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets() {
        assert_eq!(declared_charset(b"<html><head><meta charset=\"windows-1256\">"), Some("windows-1256".into()));
        assert_eq!(
            declared_charset(b"<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1256\">"),
            Some("windows-1256".into())
        );
        assert_eq!(declared_charset(b"<meta name=x content=y>"), None);
        assert_eq!(content_type_charset("text/html; charset=\"Windows-1256\""), Some("windows-1256".into()));
        assert_eq!(content_type_charset("text/html"), None);
    }
}
