//! The pipeline: the only place that knows every stage. Build once, then
//! share across threads.

use crate::analyze::entities::EntityFinder;
use crate::analyze::evidence::EvidenceFinder;
use crate::clean::html::{declared_charset, merge_related, HtmlExtractor};
use crate::clean::{page_metadata_into_source, Cleaner};
use crate::doc::{doc_id, Document, Format, Page, RawDoc};
use crate::error::{ErrorKind, Result};
use crate::ingest::decode::{decode, Decoded};
use marsad_arabic::{OffsetMap, Tokenizer, Tokens};
use std::cell::RefCell;

thread_local! {
    /// The page's tokens: one buffer per thread, reused from page to page
    /// instead of grown again for each.
    static TOKENS: RefCell<Tokens> = RefCell::new(Tokens::new());
}

/// Where the pipeline gets a page's tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tokenize {
    /// From the cleaner, which tokenized every line anyway.
    FromLines,
    /// By tokenizing the page's text again (the reference).
    Again,
}

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
pub struct PipelineBuilder {
    ner_model: Option<std::path::PathBuf>,
}

impl PipelineBuilder {
    /// Uses the entity model file at `path` instead of the model built into
    /// marsad (a missing or damaged file makes [`build`](Self::build) fail).
    pub fn ner_model(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.ner_model = Some(path.into());
        self
    }

    pub fn build(&self) -> Result<Pipeline> {
        Ok(Pipeline {
            entities: EntityFinder::new(self.ner_model.as_deref())?,
            cleaner: Cleaner::new(),
            html: HtmlExtractor::new(),
            tokenizer: Tokenizer::new(),
            evidence: EvidenceFinder::new(),
        })
    }
}

/// The built pipeline: immutable, `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Pipeline {
    cleaner: Cleaner,
    html: HtmlExtractor,
    tokenizer: Tokenizer,
    evidence: EvidenceFinder,
    entities: EntityFinder,
}

impl Pipeline {
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Runs every stage on one document. Errors name the document.
    // Never inlined into a caller: profiles count the instructions inside it
    // (`valgrind --tool=callgrind '--toggle-collect=*Pipeline::analyze'`).
    #[inline(never)]
    pub fn analyze(&self, raw: &RawDoc) -> Result<Analyzed> {
        let name = raw.source.name();
        self.analyze_inner(raw, Tokenize::FromLines).map_err(|e| e.with_doc(name))
    }

    /// [`analyze`](Self::analyze) the plain way: the page's text tokenized
    /// again after cleaning instead of its tokens taken from the cleaner's
    /// lines. The reference the fast path is compared with (tests).
    #[doc(hidden)]
    pub fn analyze_reference(&self, raw: &RawDoc) -> Result<Analyzed> {
        let name = raw.source.name();
        self.analyze_inner(raw, Tokenize::Again).map_err(|e| e.with_doc(name))
    }

    /// The cleaned page of `raw` and its tokens as [`analyze`](Self::analyze)
    /// takes them from the cleaner (for comparing them with the page's text
    /// tokenized again; tests).
    #[doc(hidden)]
    pub fn clean_with_tokens(&self, raw: &RawDoc) -> Result<(Page, Tokens)> {
        let mut tokens = Tokens::new();
        let (page, _) = self.clean(raw, Tokenize::FromLines, &mut tokens)?;
        Ok((page, tokens))
    }

    fn analyze_inner(&self, raw: &RawDoc, how: Tokenize) -> Result<Analyzed> {
        TOKENS.with(|cell| {
            let mut fresh = Tokens::new();
            let mut borrowed = cell.try_borrow_mut();
            let tokens = match borrowed.as_deref_mut() {
                Ok(t) => t,
                Err(_) => &mut fresh,
            };
            let (page, decoded) = self.clean(raw, how, tokens)?;
            if how == Tokenize::Again {
                self.tokenizer.tokenize_into(&page.text, tokens);
            }
            debug_assert!(
                tokens.same_as(&self.tokenizer.tokenize(&page.text)),
                "{}: the page's tokens differ from its text's",
                raw.source.name()
            );
            self.finish(raw, page, decoded, tokens)
        })
    }

    /// Decoding and cleaning: the page, with its tokens in `tokens` when
    /// `how` takes them from the cleaner.
    fn clean(&self, raw: &RawDoc, how: Tokenize, tokens: &mut Tokens) -> Result<(Page, Decoded)> {
        let keep = (how == Tokenize::FromLines).then_some(tokens);
        let format = raw.source.format.unwrap_or(Format::Text);
        // What the bytes are: the container says (WARC response → HTML, WET
        // and JSONL `text` → text), or the reader's format does.
        let payload = raw.hints.payload.unwrap_or(match format {
            Format::Html | Format::Warc => Format::Html,
            Format::Text | Format::Wet | Format::Jsonl | Format::Trec => Format::Text,
        });
        let mut hints = raw.hints.clone();
        let (decoded, page) = if payload == Format::Html {
            // Charset: the container's (HTTP header), else the page's own
            // declaration, else detection (in `decode`).
            let declared = hints.charset.clone().or_else(|| declared_charset(&raw.bytes));
            let decoded = decode(&raw.bytes, declared.as_deref())?;
            let x = self.html.extract(&decoded.text, raw.source.url.as_deref());
            // The container's metadata wins over the page's.
            let m = x.meta;
            hints.headline = hints.headline.or(m.headline);
            hints.published = hints.published.or(m.published);
            hints.byline = hints.byline.or(m.byline);
            hints.outlet = hints.outlet.or(m.outlet);
            let mut page = match keep {
                Some(t) => self.cleaner.clean_blocks_tokens(x.blocks, &hints, t),
                None => self.cleaner.clean_blocks(x.blocks, &hints),
            };
            page.canonical_url = page.canonical_url.take().or(m.canonical_url).or(raw.source.url.clone());
            merge_related(&mut page, m.related);
            for c in m.credits {
                if !page.credits.contains(&c) {
                    page.credits.push(c);
                }
            }
            (decoded, page)
        } else {
            let decoded = decode(&raw.bytes, hints.charset.as_deref())?;
            let page = match keep {
                Some(t) => self.cleaner.clean_text_tokens(&decoded.text, &hints, t),
                None => self.cleaner.clean_text(&decoded.text, &hints),
            };
            (decoded, page)
        };
        let mut page = page;
        // Hints the container gave (or the page's metadata) are preferred
        // to what the cleaner inferred from the text.
        if hints.headline.is_some() && page.headline.is_none() {
            page.headline = hints.headline.clone();
        }
        if hints.published.is_some() {
            page.published = hints.published.clone();
        }
        if hints.byline.is_some() && page.byline.is_none() {
            page.byline = hints.byline.clone();
        }
        if hints.outlet.is_some() {
            page.outlet = hints.outlet.clone();
        }
        if page.canonical_url.is_none() {
            page.canonical_url = raw.source.url.clone();
        }
        if page.paragraphs.is_empty() && page.headline.is_none() {
            return Err(ErrorKind::NoText.into());
        }
        Ok((page, decoded))
    }

    /// The stages after cleaning, on the page and its tokens.
    fn finish(&self, raw: &RawDoc, page: Page, decoded: Decoded, tokens: &Tokens) -> Result<Analyzed> {
        let raw_map = page.map.then(&decoded.map);
        let mut source = raw.source.clone();
        if decoded.encoding != "UTF-8" {
            source.encoding = Some(decoded.encoding.to_string());
        }
        page_metadata_into_source(&page, &mut source);
        let entities = self.entities.find(&page.text, tokens);
        let evidence = self.evidence.find(&page.text, tokens, page.headline_span, &entities);
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
            claims: evidence.claims,
            quantities: evidence.quantities,
            flags: evidence.flags,
            wording: evidence.wording,
        };
        Ok(Analyzed { document, page, raw_map })
    }
}
