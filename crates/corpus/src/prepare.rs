//! Turning an analysed document into what the store writes: identity
//! (locator, content hash), outlet, timestamp, MinHash signature and entity
//! keys. Pure and `Send + Sync`, so it runs on the rayon workers next to the
//! analysis, and the single writer thread only writes.

use crate::analyzer::ArabicAnalyzer;
use crate::date::parse_date;
use crate::identity::{content_hash, host, locator, sighting_key};
use crate::minhash::{MinHasher, Signature};
use marsad_engine::{Analyzed, Document, RawDoc};

/// An entity mention ready to store: the entity's key, label, display name,
/// the search form of the mention (index terms joined by spaces) and where
/// it is.
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedMention {
    pub key: String,
    pub label: String,
    pub name: String,
    pub form: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A document ready to be written.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The sighting key (see [`crate::identity::sighting_key`]).
    pub sighting: i64,
    /// The document id the pipeline gave (a hash of the raw bytes).
    pub raw_id: String,
    pub document: Document,
    pub locator: String,
    pub url: Option<String>,
    pub content_hash: String,
    pub outlet: String,
    pub outlet_host: Option<String>,
    pub published_ts: Option<i64>,
    pub signature: Signature,
    pub paragraph_spans: Vec<(usize, usize)>,
    pub mentions: Vec<PreparedMention>,
    /// The JSON of the document's parts that have no table of their own,
    /// serialized here on the analysis workers rather than on the single
    /// writer. `None` if serializing failed: the writer then tries again and
    /// reports the error against the document.
    pub extra: Option<String>,
    /// The serialized kind of each claim and each quantity, in order (the
    /// same reason).
    pub claim_kinds: Vec<String>,
    pub quantity_kinds: Vec<String>,
}

/// Builds [`Prepared`] documents. Build once, share across threads.
#[derive(Clone, Debug, Default)]
pub struct Preparer {
    minhasher: MinHasher,
    analyzer: ArabicAnalyzer,
}

impl Preparer {
    pub fn new() -> Preparer {
        Preparer { minhasher: MinHasher::new(), analyzer: ArabicAnalyzer::new() }
    }

    pub fn minhasher(&self) -> &MinHasher {
        &self.minhasher
    }

    /// The sighting key of a raw input, computable before analysis so that a
    /// rerun skips inputs it already stored without analysing them again.
    pub fn sighting_of(raw: &RawDoc) -> (String, i64) {
        let raw_id = marsad_engine::doc::doc_id(&raw.bytes);
        let key = sighting_key(&raw_id, &raw.source);
        (raw_id, key)
    }

    pub fn prepare(&self, sighting: i64, a: Analyzed) -> Prepared {
        let Analyzed { document, page, .. } = a;
        let url = page.canonical_url.clone().or_else(|| document.source.url.clone()).filter(|u| !u.trim().is_empty());
        let loc = locator(&document, page.canonical_url.as_deref());
        let host = url.as_deref().and_then(host);
        // The page's own name for its outlet wins; the URL's host is the
        // fallback, then the file it came from.
        let outlet = page
            .outlet
            .clone()
            .filter(|o| !o.trim().is_empty())
            .map(|o| o.trim().to_string())
            .or_else(|| host.clone())
            .unwrap_or_else(|| "unknown".to_string());
        let published_ts = document.published.as_deref().and_then(parse_date);
        let signature = self.minhasher.signature(&document.text);
        let paragraph_spans = page.paragraph_spans.iter().map(|s| (s.start, s.end)).collect();
        let mentions = document
            .entities
            .iter()
            .map(|e| {
                let form = self.analyzer.terms(&e.text).join(" ");
                let key = match &e.canonical {
                    Some(c) if !c.trim().is_empty() => c.trim().to_string(),
                    _ => format!("{}:{}", e.label, form),
                };
                PreparedMention {
                    key,
                    label: e.label.clone(),
                    name: e.canonical.clone().unwrap_or_else(|| e.text.clone()),
                    form,
                    text: e.text.clone(),
                    start: e.span.start,
                    end: e.span.end,
                }
            })
            .collect();
        let extra = crate::store::extra_json(&document).ok();
        let claim_kinds = document.claims.iter().map(|c| crate::store::kind_str(&c.kind)).collect();
        let quantity_kinds = document.quantities.iter().map(|q| crate::store::kind_str(&q.kind)).collect();
        Prepared {
            extra,
            claim_kinds,
            quantity_kinds,
            sighting,
            raw_id: document.id.clone(),
            content_hash: content_hash(&document),
            locator: loc,
            url,
            outlet,
            outlet_host: host,
            published_ts,
            signature,
            paragraph_spans,
            mentions,
            document,
        }
    }
}
