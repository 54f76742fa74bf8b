//! The document types that cross stage boundaries: [`RawDoc`] (ingest →
//! clean), [`Page`] (clean → analyze) and [`Document`] (the record marsad
//! prints and stores).

use marsad_arabic::{OffsetMap, Span};
use serde::{Deserialize, Serialize};

pub use crate::analyze::{Claim, Entity, Flag, Quantity, Wording};

/// Which reader produced a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: a crawler's text export or a saved article.
    Text,
    /// An HTML page.
    Html,
    /// A `response` record of a WARC file.
    Warc,
    /// A `conversion` record of a WET file (text extracted by a crawler).
    Wet,
    /// One line of a JSONL file.
    Jsonl,
    /// One `<DOC>` record of a TREC-style SGML collection (ANT, Gigaword).
    Trec,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Warc => "warc",
            Format::Wet => "wet",
            Format::Jsonl => "jsonl",
            Format::Trec => "trec",
        }
    }
}

/// Where a document came from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The file it was read from (`-` for standard input).
    pub path: Option<String>,
    /// The reader that produced it.
    pub format: Option<Format>,
    /// The URL, when the container gave one (WARC target URI, JSONL `url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the page was fetched or dated by its container (WARC-Date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Position of the record inside a multi-document file (1-based line of
    /// a JSONL file, record number of a WARC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// The text encoding the input was decoded from, when not UTF-8.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// For JSONL: which input fields were used for which page field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
    /// The outlet that published the page, when the page or its container
    /// names it (`og:site_name`, JSON-LD publisher, the site name in the
    /// title, the domain; a JSONL `outlet`/`source` field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    /// The page's canonical URL (`<link rel="canonical">`, `og:url`), or
    /// the container's URL when the page gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// The related-article links with their URLs, as far as the page gives
    /// them (`related` holds their headlines alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Related>,
}

impl Source {
    /// A short name for messages: `path#record`, the URL, or `<input>`.
    pub fn name(&self) -> String {
        match (&self.path, self.record, &self.url) {
            (Some(p), Some(r), _) => format!("{p}#{r}"),
            (Some(p), None, _) => p.clone(),
            (None, _, Some(u)) => u.clone(),
            _ => "<input>".to_string(),
        }
    }
}

/// Metadata a container gave alongside the body (JSONL fields, WARC headers).
/// The cleaner prefers these to what it can infer from the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hints {
    pub headline: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    /// What `bytes` hold when the container says (a WARC response's HTML, a
    /// WET record's text, a JSONL line's `html` or `text` field); `None`:
    /// go by `source.format`.
    pub payload: Option<Format>,
    /// The charset the container declared (HTTP `Content-Type`).
    pub charset: Option<String>,
}

/// A document as read: bytes and where they came from.
#[derive(Clone, Debug)]
pub struct RawDoc {
    pub source: Source,
    pub bytes: Vec<u8>,
    pub hints: Hints,
}

/// Why a line of the input is not part of the article body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// Taken as the byline (`byline` field).
    Byline,
    /// Taken as the publication date (`published` field), or another date line.
    DateLine,
    /// A "read also" link; its headline is in `related`.
    RelatedLink,
    /// A credit line; its outlets are in `credits`.
    CreditLine,
    /// A cookie or consent notice.
    CookieNotice,
    /// A breaking-news ticker or its label (عاجل).
    Ticker,
    /// A share, follow or subscribe prompt.
    SharePrompt,
    /// Part of a navigation menu or a list of section names.
    Navigation,
    /// A list of links to other articles (most read, latest news).
    LinkList,
    /// A copyright or legal line.
    Copyright,
    /// A newsletter or app promotion.
    Newsletter,
    /// A comment count or comment-form furniture.
    Comments,
    /// An advertisement.
    Advertisement,
    /// A tag or keyword list.
    Tags,
    /// A login, registration or account prompt, or a forum's welcome.
    Account,
    /// A repeat of a line already seen (including the headline).
    Duplicate,
    /// The page title line with the site name (the headline was taken from it).
    PageTitle,
    /// Other page furniture: too short or too far from the article to be body.
    Boilerplate,
}

impl DropReason {
    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::Byline => "byline",
            DropReason::DateLine => "date_line",
            DropReason::RelatedLink => "related_link",
            DropReason::CreditLine => "credit_line",
            DropReason::CookieNotice => "cookie_notice",
            DropReason::Ticker => "ticker",
            DropReason::SharePrompt => "share_prompt",
            DropReason::Navigation => "navigation",
            DropReason::LinkList => "link_list",
            DropReason::Copyright => "copyright",
            DropReason::Newsletter => "newsletter",
            DropReason::Comments => "comments",
            DropReason::Advertisement => "advertisement",
            DropReason::Tags => "tags",
            DropReason::Account => "account",
            DropReason::Duplicate => "duplicate",
            DropReason::PageTitle => "page_title",
            DropReason::Boilerplate => "boilerplate",
        }
    }
}

/// A line (or block) that was left out of the body, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    pub text: String,
    pub reason: DropReason,
}

/// A related-article link: its headline and, from HTML, its URL.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub headline: String,
    pub url: Option<String>,
}

/// The clean page: what the cleaner kept, what it took out, and why.
///
/// `text` is the cleaned text every annotation points into: the headline
/// (when there is one), then each paragraph, separated by blank lines
/// (`"\n\n"`). `headline_span` and `paragraph_spans` locate them in `text`;
/// `map` leads every position of `text` back to the decoded input.
#[derive(Clone, Debug, Default)]
pub struct Page {
    pub headline: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub paragraphs: Vec<String>,
    pub related: Vec<Related>,
    pub credits: Vec<String>,
    pub dropped: Vec<Dropped>,
    pub text: String,
    pub headline_span: Option<Span>,
    pub paragraph_spans: Vec<Span>,
    /// Outlet name, when the page says (og:site_name, a JSONL field).
    pub outlet: Option<String>,
    /// Canonical URL, when the page says.
    pub canonical_url: Option<String>,
    /// `text` → decoded input.
    pub map: OffsetMap,
}

impl Page {
    /// Builds `text`, `headline_span` and `paragraph_spans` from the headline
    /// and paragraphs, given each piece's map into the input. Cleaners call
    /// this once they have chosen what to keep.
    pub fn assemble(&mut self, headline: Option<(String, OffsetMap)>, paragraphs: Vec<(String, OffsetMap)>) {
        let mut text = String::new();
        let mut map = OffsetMap::new();
        let push = |piece: &str, piece_map: &OffsetMap, text: &mut String, map: &mut OffsetMap| -> Span {
            if !text.is_empty() {
                // The separator comes from nowhere in the input: map it to
                // the start of the next piece so it never widens a span.
                let at = piece_map.to_source(0);
                map.replace(at..at, 2);
                text.push_str("\n\n");
            }
            let start = text.len();
            text.push_str(piece);
            map.append(piece_map);
            Span::new(start, text.len())
        };
        self.headline_span = None;
        self.paragraph_spans.clear();
        self.paragraphs.clear();
        if let Some((h, hm)) = headline {
            self.headline_span = Some(push(&h, &hm, &mut text, &mut map));
            self.headline = Some(h);
        }
        for (p, pm) in paragraphs {
            let span = push(&p, &pm, &mut text, &mut map);
            self.paragraph_spans.push(span);
            self.paragraphs.push(p);
        }
        self.text = text;
        self.map = map;
    }
}

/// The record marsad prints (`analyze --json`, one per line) and stores.
///
/// Field order and names are the public schema documented in
/// `docs/schema.md`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: 16 hex digits of a hash of the raw input bytes.
    pub id: String,
    pub source: Source,
    pub headline: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub paragraphs: Vec<String>,
    /// Headlines of related-article links, without the "اقرأ أيضاً:" prefix.
    pub related: Vec<String>,
    /// Credited outlets and agencies, one per entry.
    pub credits: Vec<String>,
    pub dropped: Vec<Dropped>,
    /// The cleaned text every span points into.
    pub text: String,
    pub entities: Vec<Entity>,
    pub claims: Vec<Claim>,
    pub quantities: Vec<Quantity>,
    pub flags: Vec<Flag>,
    pub wording: Vec<Wording>,
}

/// The stable document id: FNV-1a 64 of the raw bytes, as 16 hex digits.
/// (Not cryptographic; it names documents, it does not authenticate them.)
pub fn doc_id(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assemble_joins_with_blank_lines_and_maps_back() {
        let input = "عنوان\nسطر زائد\nفقرة أولى\nفقرة ثانية";
        let piece = |s: &str| {
            let at = input.find(s).unwrap();
            let mut m = OffsetMap::new();
            m.copy(at..at + s.len());
            (s.to_string(), m)
        };
        let mut page = Page::default();
        page.assemble(Some(piece("عنوان")), vec![piece("فقرة أولى"), piece("فقرة ثانية")]);
        assert_eq!(page.text, "عنوان\n\nفقرة أولى\n\nفقرة ثانية");
        let sp = page.paragraph_spans[1];
        assert_eq!(sp.get(&page.text), Some("فقرة ثانية"));
        assert_eq!(page.map.span_to_source(sp).get(input), Some("فقرة ثانية"));
        let h = page.headline_span.unwrap();
        assert_eq!(page.map.span_to_source(h).get(input), Some("عنوان"));
        // A span across two paragraphs maps to the input range covering both.
        let both = Span::new(page.paragraph_spans[0].start, sp.end);
        assert_eq!(page.map.span_to_source(both).get(input), Some("فقرة أولى\nفقرة ثانية"));
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(doc_id(b""), "cbf29ce484222325");
        assert_eq!(doc_id("نص".as_bytes()), doc_id("نص".as_bytes()));
        assert_ne!(doc_id(b"a"), doc_id(b"b"));
    }
}
