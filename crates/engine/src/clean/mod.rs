//! Page cleaning: from the blocks of a page to a [`Page`]: headline, byline,
//! date, body paragraphs, related links, credits, and every dropped line with
//! the reason it was dropped.
//!
//! Plain text arrives one block per line ([`Cleaner::clean_text`]); HTML
//! arrives as blocks that the HTML extractor found in the DOM
//! ([`Cleaner::clean_blocks`]). Both go through the same Arabic line
//! classifier, so a "اقرأ أيضاً" line is recognised wherever it comes from.
//!
//! Cleaning reads a page twice. First each line alone ([`classify`]): its
//! folded words against lexicons of Arabic page furniture and metadata cues
//! (`data/line_cues.tsv`: every spelling of اقرأ أيضاً, bylines, credit
//! lines, cookie notices, tickers, share prompts, menus, copyright lines…),
//! whether it is a date line, and its shape (length, sentence punctuation,
//! function-word density, pipes). Then the page as a whole ([`layout`]): the
//! page title, the run of lines with the most prose in it (the article),
//! repetition, and each line's position relative to the headline and the
//! body. Matching goes through the search fold of `marsad_arabic`, so alef
//! and hamza forms, tanween, tatweel and digit variants all meet.
//!
//! ```
//! use marsad_engine::clean::Cleaner;
//! use marsad_engine::{DropReason, Hints};
//! let page = Cleaner::new().clean_text(
//!     "الحكومة تقر خطة جديدة للنقل العام\n\
//!      قالت وزارة النقل اليوم إن الخطة تشمل خطوط حافلات جديدة في المدن الكبرى، على أن يبدأ العمل بها العام المقبل.\n\
//!      إقرأ أيضاً: ارتفاع أسعار الوقود للمرة الثانية\n\
//!      وأضافت الوزارة أن كلفة الخطة تبلغ نحو مليار دينار، وأنها ستمول من الموازنة العامة للدولة.\n\
//!      عاجــــل",
//!     &Hints::default(),
//! );
//! assert_eq!(page.headline.as_deref(), Some("الحكومة تقر خطة جديدة للنقل العام"));
//! assert_eq!(page.paragraphs.len(), 2);
//! assert_eq!(page.related[0].headline, "ارتفاع أسعار الوقود للمرة الثانية");
//! assert_eq!(page.dropped.last().unwrap().reason, DropReason::Ticker);
//! ```

pub mod date;
pub mod html;

mod classify;
mod credit;
mod cue;
mod dateline;
mod layout;
mod lexicon;
mod line;
mod page_tokens;

use crate::doc::{Hints, Page};
use marsad_arabic::{OffsetMap, Tokenizer, TokenizerPair, Tokens};
use page_tokens::LineTokens;
use std::cell::RefCell;

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

/// A block as the cleaner reads it: its text borrowed, and where that text
/// came from. Plain text is read without copying its lines into [`Block`]s.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BlockRef<'a> {
    pub text: &'a str,
    pub kind: BlockKind,
    pub link_density: f32,
    pub href: Option<&'a str>,
    pub in_main: Option<bool>,
    pub origin: Origin<'a>,
}

/// Where a block's text came from.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Origin<'a> {
    /// Copied unchanged from byte `0` of the input on.
    At(usize),
    /// Through this map (an HTML block: entities decoded, spaces collapsed).
    Map(&'a OffsetMap),
}

impl<'a> BlockRef<'a> {
    fn of(b: &'a Block) -> BlockRef<'a> {
        BlockRef {
            text: &b.text,
            kind: b.kind,
            link_density: b.link_density,
            href: b.href.as_deref(),
            in_main: b.in_main,
            origin: Origin::Map(&b.map),
        }
    }
}

impl Block {
    /// A plain-text line at byte `at` of the input.
    pub fn line(text: &str, at: usize) -> Block {
        let mut map = OffsetMap::new();
        map.copy(at..at + text.len());
        Block { text: text.to_string(), map, kind: BlockKind::Line, link_density: 0.0, href: None, in_main: None }
    }
}

/// Copies what the cleaner learnt about where the page comes from (outlet,
/// canonical URL, related links with their URLs) into the document's
/// `source`, where `analyze --json` prints it. The container's own values
/// (a URL it gave) are kept; links without a URL are left to `related`.
pub fn page_metadata_into_source(page: &Page, source: &mut crate::doc::Source) {
    if source.outlet.is_none() {
        source.outlet = page.outlet.clone().filter(|o| !o.trim().is_empty());
    }
    if source.canonical.is_none() {
        source.canonical = page.canonical_url.clone().filter(|u| !u.trim().is_empty());
    }
    if source.links.is_empty() {
        source.links = page.related.iter().filter(|r| r.url.is_some()).cloned().collect();
    }
}

/// A built cleaner: lexicons loaded once, `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Cleaner {
    tokenizer: Tokenizer,
    /// The default tokenizer and `tokenizer`, for cleaning that also gives
    /// the page's tokens.
    pair: TokenizerPair,
}

impl Default for Cleaner {
    fn default() -> Self {
        Cleaner::new()
    }
}

/// The buffers of one cleaning, reused across the pages a thread cleans.
#[derive(Debug, Default)]
struct Scratch {
    /// A line's search-fold tokens.
    search: Tokens,
    /// Every line's default-fold tokens.
    lines: LineTokens,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Cleaner {
    /// Builds a cleaner, loading its lexicons now rather than inside the
    /// first page.
    pub fn new() -> Cleaner {
        let _ = &*lexicon::LEXICONS;
        let tokenizer = lexicon::tokenizer();
        Cleaner { tokenizer, pair: TokenizerPair::new(Tokenizer::new(), tokenizer) }
    }

    /// Cleans plain text, one block per line. The page's map leads into
    /// `text`.
    pub fn clean_text(&self, text: &str, hints: &Hints) -> Page {
        self.clean_text_into(text, hints, None)
    }

    /// [`clean_text`](Self::clean_text), and the page's tokens into `tokens`:
    /// what [`Tokenizer::new`] gives of `page.text`, taken from the lines the
    /// cleaner tokenized anyway.
    pub fn clean_text_tokens(&self, text: &str, hints: &Hints, tokens: &mut Tokens) -> Page {
        self.clean_text_into(text, hints, Some(tokens))
    }

    fn clean_text_into(&self, text: &str, hints: &Hints, tokens: Option<&mut Tokens>) -> Page {
        let mut blocks = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let off = at + (line.len() - line.trim_start().len());
                blocks.push(BlockRef {
                    text: trimmed,
                    kind: BlockKind::Line,
                    link_density: 0.0,
                    href: None,
                    in_main: None,
                    origin: Origin::At(off),
                });
            }
            at += line.len() + 1;
        }
        self.clean_refs(&blocks, hints, tokens)
    }

    /// Cleans a page given as blocks (lines of a text export, or the
    /// paragraph-level elements an HTML extractor found). Uses each block's
    /// `kind`, `link_density`, `href` and `in_main` when they are filled in;
    /// `hints` (a container's headline, byline, date, outlet) are preferred
    /// to what the text says.
    pub fn clean_blocks(&self, blocks: Vec<Block>, hints: &Hints) -> Page {
        let refs: Vec<BlockRef> = blocks.iter().map(BlockRef::of).collect();
        self.clean_refs(&refs, hints, None)
    }

    /// [`clean_blocks`](Self::clean_blocks), and the page's tokens into
    /// `tokens` (as [`clean_text_tokens`](Self::clean_text_tokens)).
    pub fn clean_blocks_tokens(&self, blocks: Vec<Block>, hints: &Hints, tokens: &mut Tokens) -> Page {
        let refs: Vec<BlockRef> = blocks.iter().map(BlockRef::of).collect();
        self.clean_refs(&refs, hints, Some(tokens))
    }

    fn clean_refs(&self, blocks: &[BlockRef], hints: &Hints, tokens: Option<&mut Tokens>) -> Page {
        SCRATCH.with(|cell| {
            let mut fresh = Scratch::default();
            let mut borrowed = cell.try_borrow_mut();
            let sc = match borrowed.as_deref_mut() {
                Ok(t) => t,
                Err(_) => &mut fresh,
            };
            let texts = blocks.iter().map(|b| b.text);
            let lines = match tokens {
                Some(_) => {
                    let bytes = blocks.iter().map(|b| b.text.len()).sum();
                    line::Lines::new_keeping(texts, &self.pair, &mut sc.search, &mut sc.lines, bytes)
                }
                None => line::Lines::new(texts, &self.tokenizer, &mut sc.search),
            };
            let lx: Vec<classify::LineLex> = lines.lines.iter().map(|l| classify::classify(&lines, l)).collect();
            let (page, sources) = layout::layout(blocks, &lines, &lx, hints);
            if let Some(out) = tokens {
                sc.lines.page_tokens(&page, &sources, self.pair.first(), out);
            }
            page
        })
    }
}
