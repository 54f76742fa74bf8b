//! The pipeline: the only place that knows every stage. Build once, then
//! share across threads.

use crate::analyze::Entity;
use crate::clean::Cleaner;
use crate::doc::{doc_id, Document, Format, Page, RawDoc};
use crate::error::{ErrorKind, Result};
use crate::ingest::decode::decode;
use marsad_arabic::{OffsetMap, Tokenizer};

/// A document through every stage: the record, the page it was made from,
/// and the map from the page's text back to the raw input bytes.
#[derive(Clone, Debug)]
pub struct Analyzed {
    pub document: Document,
    pub page: Page,
    /// `page.text` → raw input bytes.
    pub raw_map: OffsetMap,
}

/// Builds a [`Pipeline`].
#[derive(Clone, Debug, Default)]
pub struct PipelineBuilder {}

impl PipelineBuilder {
    pub fn build(&self) -> Result<Pipeline> {
        Ok(Pipeline { cleaner: Cleaner::new(), tokenizer: Tokenizer::new() })
    }
}

/// The built pipeline: immutable, `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Pipeline {
    cleaner: Cleaner,
    #[allow(dead_code)]
    tokenizer: Tokenizer,
}

impl Pipeline {
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Runs every stage on one document. Errors name the document.
    pub fn analyze(&self, raw: &RawDoc) -> Result<Analyzed> {
        let name = raw.source.name();
        self.analyze_inner(raw).map_err(|e| e.with_doc(name))
    }

    fn analyze_inner(&self, raw: &RawDoc) -> Result<Analyzed> {
        let decoded = decode(&raw.bytes, None)?;
        let page = match raw.source.format.unwrap_or(Format::Text) {
            _ => self.cleaner.clean_text(&decoded.text, &raw.hints),
        };
        if page.paragraphs.is_empty() && page.headline.is_none() {
            return Err(ErrorKind::NoText.into());
        }
        let raw_map = page.map.then(&decoded.map);
        let mut source = raw.source.clone();
        if decoded.encoding != "UTF-8" {
            source.encoding = Some(decoded.encoding.to_string());
        }
        let entities: Vec<Entity> = Vec::new();
        let document = Document {
            id: doc_id(&raw.bytes),
            source,
            headline: page.headline.clone(),
            byline: page.byline.clone(),
            published: page.published.clone(),
            paragraphs: page.paragraphs.clone(),
            related: page.related.iter().map(|r| r.headline.clone()).collect(),
            credits: page.credits.clone(),
            dropped: page.dropped.clone(),
            text: page.text.clone(),
            entities,
            claims: Vec::new(),
            quantities: Vec::new(),
            flags: Vec::new(),
            wording: Vec::new(),
        };
        Ok(Analyzed { document, page, raw_map })
    }
}
