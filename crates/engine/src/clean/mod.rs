//! Page cleaning: from the blocks of a page to a [`Page`]: headline, byline,
//! date, body paragraphs, related links, credits, and every dropped line with
//! the reason it was dropped.
//!
//! Plain text arrives one block per line ([`Cleaner::clean_text`]); HTML
//! arrives as blocks that the HTML extractor found in the DOM
//! ([`Cleaner::clean_blocks`]). Both go through the same Arabic line
//! classifier, so a "اقرأ أيضاً" line is recognised wherever it comes from.

pub mod date;
pub mod html;

use crate::doc::{Hints, Page};
use marsad_arabic::OffsetMap;

/// What kind of element a block came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// A line of plain text (no markup to go by).
    Line,
    /// A heading, `h1`..`h6`.
    Heading(u8),
    /// A paragraph or a paragraph-like `div`.
    Paragraph,
    /// An item of a list.
    ListItem,
    /// A quotation.
    Quote,
    /// A table cell or caption.
    Cell,
    /// Anything else.
    Other,
}

/// One block of page text: a line of a text export, or a paragraph-level
/// element of an HTML page.
#[derive(Clone, Debug)]
pub struct Block {
    /// The block's text on one line, whitespace collapsed.
    pub text: String,
    /// `text` → the decoded input.
    pub map: OffsetMap,
    pub kind: BlockKind,
    /// Share of the block's characters that are inside links (0 for plain
    /// text).
    pub link_density: f32,
    /// The link target when the whole block is one link.
    pub href: Option<String>,
    /// The HTML extractor's verdict: inside the main content region
    /// (`Some(true)`), outside it (`Some(false)`), or unknown (`None`, plain
    /// text).
    pub in_main: Option<bool>,
}

impl Block {
    /// A plain-text line at byte `at` of the input.
    pub fn line(text: &str, at: usize) -> Block {
        let mut map = OffsetMap::new();
        map.copy(at..at + text.len());
        Block { text: text.to_string(), map, kind: BlockKind::Line, link_density: 0.0, href: None, in_main: None }
    }
}

/// A built cleaner: lexicons loaded once, `Send + Sync`.
#[derive(Clone, Debug, Default)]
pub struct Cleaner {}

impl Cleaner {
    pub fn new() -> Cleaner {
        Cleaner {}
    }

    /// Cleans plain text, one block per line. The page's map leads into
    /// `text`.
    pub fn clean_text(&self, text: &str, hints: &Hints) -> Page {
        let mut blocks = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let off = at + (line.len() - line.trim_start().len());
                blocks.push(Block::line(trimmed, off));
            }
            at += line.len() + 1;
        }
        self.clean_blocks(blocks, hints)
    }

    /// Cleans a page given as blocks.
    pub fn clean_blocks(&self, blocks: Vec<Block>, hints: &Hints) -> Page {
        let mut page = Page::default();
        let mut it = blocks.into_iter().map(|b| (b.text, b.map));
        let headline = it.next();
        page.assemble(headline, it.collect());
        if let Some(h) = &hints.headline {
            page.headline = Some(h.clone());
        }
        page
    }
}
