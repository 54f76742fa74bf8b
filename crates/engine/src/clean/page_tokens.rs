//! The page's tokens, taken from the lines the cleaner has already
//! tokenized instead of tokenizing the page's text again.
//!
//! The cleaner tokenizes every line to measure it (on the search fold); a
//! [`TokenizerPair`](marsad_arabic::TokenizerPair) gives, from the same
//! scan, each line's tokens under the default fold, which are what the
//! page's analyses read. The page's text is its pieces (the headline, the
//! paragraphs: byte ranges of lines) joined by blank lines, and a token
//! never spans a line break, so the tokens of a piece are the tokens of its
//! line that lie inside its range, moved to where the piece is in the page
//! — provided no token of the line straddles an end of the range (a
//! paragraph cut inside a word or a run of dots): such a piece, and a piece
//! that is in no line, is tokenized on its own. The result is what
//! tokenizing the page's text gives (checked by a debug assertion in the
//! pipeline, and on every ANT article by a real-data test).

use super::layout::PieceSource;
use crate::doc::Page;
use marsad_arabic::{Tokenizer, TokenizerPair, Tokens};
use std::ops::Range;

/// The default-fold tokens of every line of a page, in one buffer; spans
/// are byte offsets into each line's own text.
#[derive(Debug, Default)]
pub(crate) struct LineTokens {
    all: Tokens,
    /// Line `i`'s tokens are `all[lines[i]]`.
    lines: Vec<Range<usize>>,
    /// A piece that must be tokenized on its own.
    own: Tokens,
}

impl LineTokens {
    pub(crate) fn clear(&mut self) {
        self.all.clear();
        self.lines.clear();
    }

    /// Tokenizes the next line with `pair`: its first tokenizer's tokens
    /// are kept here, its second's are left in `second` (cleared first).
    pub(crate) fn push_line(&mut self, pair: &TokenizerPair, text: &str, second: &mut Tokens) {
        let start = self.all.len();
        pair.tokenize_appending(text, &mut self.all, second);
        self.lines.push(start..self.all.len());
    }

    /// The tokens of `page.text` into `out` (cleared first), given where each
    /// piece came from (`sources`: the headline's, then each paragraph's, as
    /// [`Page::assemble`] placed them). `tokenizer` must be the pair's first
    /// tokenizer: it tokenizes the pieces that cannot be taken from a line.
    pub(crate) fn page_tokens(
        &mut self,
        page: &Page,
        sources: &[PieceSource],
        tokenizer: &Tokenizer,
        out: &mut Tokens,
    ) {
        out.clear();
        let spans = page.headline_span.iter().chain(page.paragraph_spans.iter());
        debug_assert_eq!(spans.clone().count(), sources.len());
        for (span, source) in spans.zip(sources) {
            match source.as_ref().and_then(|(i, r)| self.inside(*i, r.clone()).map(|t| (t, r.start))) {
                Some((toks, from)) => out.extend_from(&self.all, toks, from, span.start),
                None => {
                    tokenizer.tokenize_into(&page.text[span.range()], &mut self.own);
                    out.extend_from(&self.own, 0..self.own.len(), 0, span.start);
                }
            }
        }
    }

    /// The indices of line `i`'s tokens inside bytes `r` of the line, or
    /// `None` when a token straddles either end of `r`.
    fn inside(&self, i: usize, r: Range<usize>) -> Option<Range<usize>> {
        let line = self.lines.get(i)?.clone();
        let toks = &self.all.as_slice()[line.clone()];
        // Tokens are in order and do not overlap.
        let a = toks.partition_point(|t| t.span.end <= r.start);
        let b = toks.partition_point(|t| t.span.start < r.end);
        let inside = &toks[a..b];
        if inside.first().is_some_and(|t| t.span.start < r.start) || inside.last().is_some_and(|t| t.span.end > r.end) {
            return None;
        }
        Some(line.start + a..line.start + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::{Block, Cleaner};
    use crate::doc::Hints;
    use marsad_arabic::OffsetMap;

    /// Pages whose text is made of whole lines, of a line cut before a
    /// related link, of a trimmed headline, and of a container headline
    /// that is in no line.
    #[test]
    fn page_tokens_are_the_page_text_tokenized() {
        let pages = [
            "الحكومة تقر خطة جديدة للنقل العام\nقالت وزارة النقل اليوم إن الخطة تشمل خطوط حافلات جديدة في المدن الكبرى، على أن يبدأ العمل بها العام المقبل.\nإقرأ أيضاً: ارتفاع أسعار الوقود للمرة الثانية\nوأضافت الوزارة أن كلفة الخطة تبلغ نحو مليار دينار، وأنها ستمول من الموازنة العامة للدولة.\nعاجــــل",
            "  العنوان:   مسؤولو الشركة يعلنون الأرباح  \n\nوارتفع عدد المستخدمين إلى مليون مستخدم في الأشهر الستة الأولى من العام، اقرأ المزيد: الشركة تطلق خدمة جديدة\nوقال مدير الشركة إن «النتائج فاقت التوقعات...» وإن الأرباح بلغت ٣٫٥ مليون دولار في الربع الثاني من العام الجاري.",
            "COVID-19: وزارة الصحة تعلن 1,200 إصابة جديدة\nأعلنت وزارة الصحة العامة أن عدد الإصابات المسجلة خلال الأربع والعشرين ساعة الماضية بلغ ١٢٠٠ إصابة، وأن عدد المتعافين ارتفع إلى 900 حالة.",
        ];
        let cleaner = Cleaner::new();
        let tk = Tokenizer::new();
        let hints = [Hints::default(), Hints { headline: Some("عنوان من خارج النص".into()), ..Hints::default() }];
        let mut tokens = Tokens::new();
        for text in pages {
            for h in &hints {
                let page = cleaner.clean_text_tokens(text, h, &mut tokens);
                assert!(!page.paragraphs.is_empty(), "{text}");
                assert!(tokens.same_as(&tk.tokenize(&page.text)), "{:?}", page.text);
                assert_eq!(page.text, cleaner.clean_text(text, h).text);
                let blocks = text.lines().map(|l| Block::line(l, 0)).collect();
                let page = cleaner.clean_blocks_tokens(blocks, h, &mut tokens);
                assert!(tokens.same_as(&tk.tokenize(&page.text)), "{:?}", page.text);
            }
        }
    }

    /// A piece that ends or begins inside a token of its line (a run of
    /// dots, a number, a word) is tokenized on its own.
    #[test]
    fn pieces_cut_inside_a_token_are_tokenized_again() {
        let tk = Tokenizer::new();
        let pair = TokenizerPair::new(tk, Tokenizer::new());
        let lines = ["قال الوزير... إن العدد 1,200 شخص", "كلمةواحدة طويلة"];
        let mut keep = LineTokens::default();
        for l in lines {
            keep.push_line(&pair, l, &mut Tokens::new());
        }
        let cut = |s: &str, a: usize, b: usize| (s[a..b].to_string(), OffsetMap::new());
        let l0 = lines[0];
        let dots = l0.find("...").unwrap();
        let num = l0.find("1,200").unwrap();
        let cases: Vec<(Option<(usize, Range<usize>)>, Vec<(usize, Range<usize>)>)> = vec![
            // Ends inside the run of dots, begins inside the number.
            (Some((0, 0..dots + 2)), vec![(0, num + 2..l0.len())]),
            // Whole lines, and a piece inside one word.
            (None, vec![(0, 0..l0.len()), (1, 2..6)]),
            // Pieces at token boundaries.
            (Some((0, 0..dots)), vec![(0, dots..l0.len()), (1, 0..lines[1].len())]),
        ];
        for (head, paras) in cases {
            let mut page = Page::default();
            let hp = head.as_ref().map(|(i, r)| cut(lines[*i], r.start, r.end));
            let pp = paras.iter().map(|(i, r)| cut(lines[*i], r.start, r.end)).collect();
            page.assemble(hp.or_else(|| Some(("عنوان آخر".to_string(), OffsetMap::new()))), pp);
            let mut sources: Vec<PieceSource> = vec![head.clone()];
            sources.extend(paras.iter().cloned().map(Some));
            let mut out = Tokens::new();
            keep.page_tokens(&page, &sources, &tk, &mut out);
            assert!(out.same_as(&tk.tokenize(&page.text)), "{:?}", page.text);
        }
        assert!(keep.inside(0, 0..dots + 2).is_none() && keep.inside(0, num + 2..l0.len()).is_none());
        assert!(keep.inside(1, 2..6).is_none() && keep.inside(0, 0..dots).is_some());
    }
}
