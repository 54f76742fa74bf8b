//! The page-level reading: where the article is, which line is its
//! headline, and what every other line is, given what each line said of
//! itself ([`super::classify`]).
//!
//! The evidence, in the order it is weighed:
//!
//! 1. **Cues** already read per line (related links, bylines, credits, dates,
//!    furniture), and the lists that follow a header ("اقرأ أيضاً:",
//!    "الأكثر قراءة", "الكلمات الدالة").
//! 2. **The page title**: the first line of a crawl export is usually the
//!    `<title>`, "headline | site" or "headline - section - site"; the line
//!    that repeats it without the site's name is the headline.
//! 3. **The body region**: the contiguous run of lines with the most prose in
//!    it (a maximum-sum segment over per-line scores: prose counts for its
//!    length, furniture and title-like lines against), so that menus,
//!    most-read lists and footers around the article fall outside it while
//!    a related link or a byline inside it does not split it. When the page
//!    title points at a headline, a region that starts right after it is
//!    preferred to a longer one far below (comment rules, "about us").
//! 4. **Repetition**: a line seen twice on a page is a menu or a caption, not
//!    article text; a repeat of the headline is a duplicate.
//! 5. **Position**: the headline is the title-like line just before the
//!    body (not one of a run of link titles), the publication date is the
//!    first date after the headline, short lines between two body
//!    paragraphs are subheadings.

use super::classify::{Lex, LineLex};
use super::credit::{byline_name, name_with_city, split_outlets};
use super::lexicon::{fold_words, FastMap, Fnv};
use super::line::{Line, Lines};
use super::{BlockKind, BlockRef, Origin};
use crate::doc::{DropReason, Dropped, Hints, Page, Related};
use marsad_arabic::OffsetMap;
use std::hash::Hasher;
use std::ops::Range;

/// What became of a line.
#[derive(Clone, Debug, PartialEq)]
enum Verdict {
    /// Not decided yet.
    Open,
    /// A paragraph of the article.
    Body,
    /// The headline, or the part `range` of the line that is.
    Headline(Range<usize>),
    Drop(DropReason),
    /// A related link whose headline begins at byte `rest`.
    Related {
        rest: usize,
    },
    Byline(String),
    Date(Option<String>),
    /// A credit line whose outlets begin at byte `from`; `bare` when no
    /// cue announced it ("--(بترا)").
    Credit {
        from: usize,
        bare: bool,
    },
}

/// Headline endings that are not a site's name ("… - فيديو").
const HEADLINE_TAILS: &[&str] =
    &["تفاصيل", "فيديو", "صور", "بالصور", "بالفيديو", "شاهد", "انفوجراف", "فيديوجراف", "مباشر"];

/// Title separators in a page's `<title>`.
const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " || ", " « ", " » "];

/// Most lines a list after a header may hold.
const MAX_LIST: usize = 12;

/// How far after the headline (in lines) the body is expected to start.
const BODY_NEAR_HEADLINE: usize = 25;

/// Where a piece of the page's text was copied from: line `i`, bytes
/// `range` of it; `None` when it is in no line.
pub(crate) type PieceSource = Option<(usize, Range<usize>)>;

struct Reading<'p, 'a> {
    blocks: &'p [BlockRef<'a>],
    lines: &'p Lines<'a>,
    lx: &'p [LineLex],
    v: Vec<Verdict>,
    /// How many times each line's words occur on the page.
    seen: FastMap<u64, u32>,
    /// Lines a list after a header never runs into: the headline the page
    /// title names.
    stops: Vec<usize>,
}

/// Reads the page and builds it.
/// The page, and where each of its pieces (headline, then paragraphs) was
/// copied from: a line and a byte range of it, or `None` for text that is
/// in no line (a container's headline).
pub(crate) fn layout(blocks: &[BlockRef], lines: &Lines, lx: &[LineLex], hints: &Hints) -> (Page, Vec<PieceSource>) {
    let mut r = Reading {
        blocks,
        lines,
        lx,
        v: vec![Verdict::Open; lines.lines.len()],
        seen: FastMap::default(),
        stops: Vec::new(),
    };
    for l in &lines.lines {
        if l.n_words > 0 {
            *r.seen.entry(l.key).or_default() += 1;
        }
    }
    let titled = r.page_title(hints);
    if let Some(t) = &titled {
        r.stops.push(t.anchor);
        r.stops.extend(t.matches.iter().copied());
    }
    r.apply_cues();
    let region = r.body_region(titled.as_ref().map(|t| t.anchor));
    let headline = r.choose_headline(titled, region.clone());
    let region = match (&headline, region) {
        // The headline cannot be body.
        (Some(h), Some(reg)) if reg.contains(&h.line) => {
            let start = h.line + 1;
            (start < reg.end).then_some(start..reg.end)
        }
        (_, reg) => reg,
    };
    if std::env::var_os("MARSAD_DEBUG_CLEAN").is_some() {
        eprintln!("region {region:?} headline {headline:?}");
        for i in 0..r.n() {
            eprintln!(
                "{i:>4} {:>8.1} {:?} {:?} {}",
                r.region_score(i),
                r.v[i],
                r.lx[i].lex,
                r.line(i).text.chars().take(60).collect::<String>()
            );
        }
    }
    r.decide(headline.as_ref(), region.clone());
    r.assemble(headline, hints)
}

/// Where the headline was found.
#[derive(Clone, Debug)]
struct HeadlineAt {
    line: usize,
    range: Range<usize>,
}

/// What the page title said.
#[derive(Clone, Debug)]
struct Titled {
    /// The line the title points at, and which part of it is the headline.
    anchor: usize,
    range: Range<usize>,
    /// Other lines with the same words (duplicates of the headline).
    matches: Vec<usize>,
    /// The title line itself, when it is not the headline.
    title_line: Option<usize>,
}

impl Reading<'_, '_> {
    fn line(&self, i: usize) -> &Line<'_> {
        &self.lines.lines[i]
    }

    fn n(&self) -> usize {
        self.v.len()
    }

    fn repeated(&self, i: usize) -> bool {
        self.seen.get(&self.line(i).key).copied().unwrap_or(0) > 1
    }

    /// Repeated, and not the first occurrence.
    fn seen_before(&self, i: usize) -> bool {
        self.repeated(i) && (0..i).any(|k| self.line(k).key == self.line(i).key)
    }

    /// Verdicts that follow from each line's cues, and the lists that
    /// follow headers and labels.
    fn apply_cues(&mut self) {
        let n = self.n();
        let mut i = 0;
        while i < n {
            let len = self.line(i).text.len();
            match self.lx[i].lex.clone() {
                Lex::Plain => {}
                Lex::Related { rest } if rest < len => {
                    // "اقرأ أيضا: …" is often the first of a few link titles.
                    self.v[i] = Verdict::Related { rest };
                    i = self.claim_list(i, DropReason::RelatedLink);
                    continue;
                }
                Lex::Related { .. } => {
                    self.v[i] = Verdict::Drop(DropReason::RelatedLink);
                    i = self.claim_list(i, DropReason::RelatedLink);
                    continue;
                }
                Lex::Header(reason) => {
                    self.v[i] = Verdict::Drop(reason);
                    i = self.claim_list(i, reason);
                    continue;
                }
                Lex::Byline { name: Some(name) } => self.v[i] = Verdict::Byline(name),
                Lex::Byline { name: None } => {
                    self.v[i] = Verdict::Drop(DropReason::Byline);
                    if let Some(name) =
                        self.next_plain(i).and_then(|j| byline_name(self.line(j).text).map(|nm| (j, nm)))
                    {
                        self.v[name.0] = Verdict::Byline(name.1);
                        i = name.0;
                    }
                }
                Lex::Credit { rest, bare } if rest < len => self.v[i] = Verdict::Credit { from: rest, bare },
                Lex::Credit { .. } => {
                    self.v[i] = Verdict::Drop(DropReason::CreditLine);
                    // The value on the next line: plain words, or an agency
                    // line that the label vouches for.
                    let next = (i + 1 < self.n()).then_some(i + 1);
                    let value = next.and_then(|j| match self.lx[j].lex {
                        Lex::Plain if self.line(j).n_words <= 10 && !self.line(j).is_prose() => Some((j, 0)),
                        Lex::Credit { rest, bare: true } => Some((j, rest)),
                        _ => None,
                    });
                    if let Some((j, from)) = value {
                        self.v[j] = Verdict::Credit { from, bare: false };
                        i = j;
                    }
                }
                Lex::Date { iso } => self.v[i] = Verdict::Date(iso),
                Lex::DateLabel => self.v[i] = Verdict::Drop(DropReason::DateLine),
                Lex::Furniture(reason) => self.v[i] = Verdict::Drop(reason),
            }
            i += 1;
        }
    }

    /// The next line, if it is still plain.
    fn next_plain(&self, i: usize) -> Option<usize> {
        (i + 1 < self.n() && self.lx[i + 1].lex == Lex::Plain).then_some(i + 1)
    }

    /// Claims the list that follows header line `i`: related links, link
    /// titles or tags, with their dates. Returns the line after the list.
    fn claim_list(&mut self, i: usize, kind: DropReason) -> usize {
        let mut j = i + 1;
        let mut taken = 0;
        while j < self.n() && taken < MAX_LIST {
            let l = self.line(j);
            if self.stops.contains(&j) {
                break;
            }
            match &self.lx[j].lex {
                // A list's dates are its links', not the article's.
                Lex::Date { .. } => {
                    self.v[j] = Verdict::Drop(DropReason::DateLine);
                    j += 1;
                    continue;
                }
                // "المزيد" and such between the header and its list.
                Lex::Furniture(r @ (DropReason::Navigation | DropReason::Boilerplate)) if l.n_words <= 2 => {
                    self.v[j] = Verdict::Drop(*r);
                    j += 1;
                    continue;
                }
                Lex::Plain => {}
                _ => break,
            }
            if l.is_symbols() || l.n_words == l.n_numbers {
                self.v[j] = Verdict::Drop(DropReason::Boilerplate);
                j += 1;
                continue;
            }
            // A menu section ends a list of links.
            if kind == DropReason::LinkList && l.is_section_name() && taken > 0 {
                break;
            }
            let linked = self.blocks[j].link_density > 0.5;
            let ok = match kind {
                // A linked headline has a few words; one or two words are a
                // section of the site's menu ("المحليات", "كلمة ورأي")
                // that a "more articles" header runs into.
                DropReason::RelatedLink => (l.is_title_like() || linked) && !l.is_prose() && l.n_words >= 3,
                DropReason::Tags => !l.is_prose() && (l.n_words <= 6 || l.n_function == 0 && l.commas + l.pipes > 0),
                _ => (l.is_title_like() || l.is_short() || linked) && !l.is_prose(),
            };
            if !ok {
                break;
            }
            self.v[j] = match kind {
                DropReason::RelatedLink => Verdict::Related { rest: 0 },
                other => Verdict::Drop(other),
            };
            taken += 1;
            j += 1;
        }
        j
    }

    /// Hash of the words of `range` of line `i`, comparable with
    /// [`Line::key`].
    fn key_of(&self, i: usize, range: Range<usize>) -> u64 {
        let l = self.line(i);
        let mut h = Fnv::default();
        for w in self.lines.words(l).iter().filter(|w| w.span.start >= range.start && w.span.end <= range.end) {
            h.write(self.lines.norm(w).as_bytes());
            h.write_u8(0xFF);
        }
        h.finish()
    }

    /// Lines other than `except` whose words are `key`.
    fn lines_with_key(&self, key: u64, except: usize) -> Vec<usize> {
        (0..self.n()).filter(|&j| j != except && self.line(j).key == key).collect()
    }

    /// Reads the page title (the first line, or the container's headline)
    /// for the headline it names.
    fn page_title(&self, hints: &Hints) -> Option<Titled> {
        if let Some(h) = hints.headline.as_deref() {
            let words = fold_words(h);
            let mut hh = Fnv::default();
            for w in &words {
                hh.write(w.as_bytes());
                hh.write_u8(0xFF);
            }
            let key = hh.finish();
            let matches: Vec<usize> = (0..self.n()).filter(|&j| self.line(j).key == key).collect();
            if let Some(&first) = matches.first() {
                return Some(Titled {
                    anchor: first,
                    range: 0..self.line(first).text.len(),
                    matches: matches[1..].to_vec(),
                    title_line: None,
                });
            }
            return None;
        }
        if self.n() == 0 || self.lx[0].lex != Lex::Plain {
            return None;
        }
        let l = self.line(0);
        if l.n_words < 2 || l.n_words > 40 || l.ends_sentence && l.n_words > 25 {
            return None;
        }
        // The longest prefix (at a separator) that another line repeats.
        let mut cuts: Vec<usize> =
            TITLE_SEPARATORS.iter().flat_map(|s| l.text.match_indices(s).map(|(p, _)| p)).collect();
        cuts.sort_unstable();
        cuts.push(l.text.len());
        for &cut in cuts.iter().rev() {
            let matches = self.lines_with_key(self.key_of(0, 0..cut), 0);
            if !matches.is_empty() {
                let title_line = (cut < l.text.len() || !matches.is_empty()).then_some(0);
                return Some(Titled { anchor: matches[0], range: 0..0, matches, title_line });
            }
        }
        // No repeat: the first line is the headline when it carries a site
        // suffix; strip every short trailing segment.
        // A trailing segment whose words the next lines repeat belongs to
        // the headline ("قمة ترمب - كيم" and a lede about كيم), not to a
        // site's name.
        let mut nearby: Vec<&str> = Vec::new();
        for j in 1..self.n().min(6) {
            for w in self.lines.words(self.line(j)) {
                nearby.push(self.lines.norm(w));
                nearby.push(self.lines.base(w));
            }
        }
        let told_below = |w: &[String]| {
            w.iter().all(|x| {
                let b = x.strip_prefix("ال").filter(|b| b.chars().count() >= 2).unwrap_or(x);
                nearby.iter().any(|n| *n == x || *n == b)
            })
        };
        // A breadcrumb's section name ("صحة", "أخبار وتقارير") is the site's
        // however the article reads.
        let section = |w: &[String]| w.iter().all(|x| super::lexicon::LEXICONS.section_words.contains(x.as_str()));
        let segments_ok = |cut: usize| {
            l.text[cut..]
                .split(|c: char| TITLE_SEPARATORS.iter().any(|s| s.trim() == c.to_string()))
                .filter(|s| !s.trim().is_empty())
                .all(|s| {
                    let w = fold_words(s);
                    !w.is_empty()
                        && w.len() <= 5
                        && !s.contains(['؟', '?', '!', '"', '«'])
                        && !(w.len() == 1 && HEADLINE_TAILS.contains(&w[0].as_str()))
                        && (!told_below(&w) || section(&w))
                })
        };
        let cut = cuts.iter().copied().find(|&c| c < l.text.len() && segments_ok(c))?;
        let head = &l.text[..cut];
        (fold_words(head).len() >= 3).then(|| Titled {
            anchor: 0,
            range: 0..head.trim_end().len(),
            matches: vec![],
            title_line: None,
        })
    }

    /// Score of line `i` for the body region: prose counts for its length,
    /// everything else against.
    fn region_score(&self, i: usize) -> f32 {
        let l = self.line(i);
        let b = &self.blocks[i];
        match &self.v[i] {
            Verdict::Open => {
                if b.in_main == Some(false) {
                    return -40.0;
                }
                if l.is_prose() {
                    // A paragraph printed twice counts once (menus and
                    // captions repeat too, but they are not prose).
                    if self.seen_before(i) || b.link_density > 0.5 {
                        return -30.0;
                    }
                    let mut w = l.chars.min(1200) as f32;
                    if self.lx[i].weak.is_some() {
                        w *= 0.25;
                    }
                    if b.in_main == Some(true) {
                        w *= 1.5;
                    }
                    w
                } else if l.is_symbols() {
                    -3.0
                } else if matches!(b.kind, BlockKind::Heading(_)) && b.in_main != Some(false) {
                    -2.0
                } else if l.is_title_like() {
                    -20.0
                } else {
                    -10.0
                }
            }
            Verdict::Related { .. } | Verdict::Byline(_) | Verdict::Date(_) | Verdict::Credit { .. } => -3.0,
            Verdict::Drop(
                DropReason::RelatedLink | DropReason::Byline | DropReason::DateLine | DropReason::CreditLine,
            ) => -3.0,
            Verdict::Drop(DropReason::Boilerplate) => -10.0,
            Verdict::Drop(_) => -35.0,
            Verdict::Body | Verdict::Headline(_) => 0.0,
        }
    }

    /// The body region: the maximum-sum run of line scores, preferring one
    /// that starts shortly after the anchored headline.
    fn body_region(&self, anchor: Option<usize>) -> Option<Range<usize>> {
        let scores: Vec<f32> = (0..self.n()).map(|i| self.region_score(i)).collect();
        let best = best_segment(&scores, 0..scores.len())?;
        if let Some(h) = anchor {
            let near = h + 1..(h + 1 + BODY_NEAR_HEADLINE).min(scores.len());
            if !near.contains(&best.0.start) {
                if let Some(n) = best_segment(&scores, near) {
                    if n.1 >= 0.3 * best.1 {
                        return Some(n.0);
                    }
                }
            }
        }
        Some(best.0)
    }

    /// Chooses the headline: the one the page title names, or the best
    /// title-like line before the body.
    fn choose_headline(&mut self, titled: Option<Titled>, region: Option<Range<usize>>) -> Option<HeadlineAt> {
        let start = region.as_ref().map_or(self.n(), |r| r.start);
        if let Some(t) = titled {
            // Of the lines repeating the title, the last one before the body.
            let mut all = vec![t.anchor];
            all.extend(t.matches.iter().copied());
            all.sort_unstable();
            all.dedup();
            let at = all.iter().copied().filter(|&j| j < start).last().unwrap_or(all[0]);
            for &j in &all {
                if j != at {
                    self.v[j] = Verdict::Drop(if Some(j) == t.title_line {
                        DropReason::PageTitle
                    } else {
                        DropReason::Duplicate
                    });
                }
            }
            if let Some(tl) = t.title_line {
                if tl != at {
                    self.v[tl] = Verdict::Drop(DropReason::PageTitle);
                }
            }
            let range = if t.range.is_empty() { 0..self.line(at).text.len() } else { t.range };
            return Some(HeadlineAt { line: at, range });
        }
        // Title-like open lines before the body, not in a run of three or
        // more (a list of links), scored by closeness to the body and by a
        // date or byline right after them.
        let cand = |i: usize| {
            let l = self.line(i);
            self.v[i] == Verdict::Open
                && l.n_words >= 2
                && l.n_words <= 30
                && l.n_arabic >= 1
                && !l.ends_colon
                && !l.is_foreign()
                && !l.is_section_name()
                && !self.repeated(i)
                && self.blocks[i].in_main != Some(false)
        };
        let titleish = |i: usize| {
            let l = self.line(i);
            self.v[i] == Verdict::Open && l.n_words >= 3 && !l.is_prose()
        };
        let first_kept = (0..self.n()).find(|&i| self.v[i] == Verdict::Open && self.line(i).n_words > 0);
        let mut best: Option<(f32, usize)> = None;
        // The body's first line is a candidate too when it reads as a title
        // (a headline ending in "؟" scores as prose).
        let last = if start < self.n() {
            let l = self.line(start);
            let titleish_first = !l.ends_period && l.commas == 0 && l.n_words <= 30;
            if titleish_first && region.as_ref().is_some_and(|r| r.len() > 1) {
                start + 1
            } else {
                start
            }
        } else {
            start
        };
        for i in 0..last {
            if !cand(i) || self.line(i).ends_period && !matches!(self.blocks[i].kind, BlockKind::Heading(_)) {
                continue;
            }
            let mut a = i;
            while a > 0 && titleish(a - 1) {
                a -= 1;
            }
            let mut b = i;
            while b + 1 < last && titleish(b + 1) {
                b += 1;
            }
            // (The page's first line may open such a run: a headline, the
            // author and the publisher on three short lines.)
            if b - a + 1 >= 3 && Some(i) != first_kept {
                continue;
            }
            let mut s = -0.3 * start.saturating_sub(i) as f32;
            // The headline is usually the first substantial line; a line
            // that opens the body is more likely its lede; "الاسم - الصفة"
            // is an author line.
            if Some(i) == first_kept {
                s += 1.5;
            }
            if i == start {
                s -= 1.5;
            }
            let l = self.line(i);
            if l.n_words <= 6 && [" - ", " – ", " — "].iter().any(|d| l.text.contains(d)) {
                s -= 1.0;
            }
            let after = i + 1..(i + 4).min(self.n());
            if after.clone().any(|j| matches!(self.v[j], Verdict::Date(_) | Verdict::Byline(_))) {
                s += 3.0;
            }
            if let BlockKind::Heading(level) = self.blocks[i].kind {
                s += if level == 1 { 10.0 } else { 2.0 };
            }
            if (4..=20).contains(&self.line(i).n_words) {
                s += 1.0;
            }
            if best.is_none_or(|(bs, _)| s > bs) {
                best = Some((s, i));
            }
        }
        best.map(|(_, i)| HeadlineAt { line: i, range: 0..self.line(i).text.len() })
    }

    /// Decides every line still open, given the headline and the region.
    fn decide(&mut self, headline: Option<&HeadlineAt>, region: Option<Range<usize>>) {
        let n = self.n();
        let region = region.unwrap_or(0..0);
        if let Some(h) = headline {
            self.v[h.line] = Verdict::Headline(h.range.clone());
            // Other lines that repeat the headline.
            let key = if h.range.len() == self.line(h.line).text.len() {
                self.line(h.line).key
            } else {
                self.key_of(h.line, h.range.clone())
            };
            for j in 0..n {
                if j != h.line
                    && self.line(j).key == key
                    && matches!(self.v[j], Verdict::Open | Verdict::Drop(DropReason::LinkList))
                {
                    self.v[j] = Verdict::Drop(if j == 0 { DropReason::PageTitle } else { DropReason::Duplicate });
                }
            }
        }
        // Body: open prose inside the region.
        for i in region.clone() {
            if self.v[i] == Verdict::Open {
                let l = self.line(i);
                let b = &self.blocks[i];
                if l.is_prose() && b.link_density <= 0.5 && b.in_main != Some(false) {
                    self.v[i] = Verdict::Body;
                }
            }
        }
        // Short lines between two body paragraphs: subheadings and list
        // items, kept when nothing else stands between the paragraphs.
        let mut i = region.start;
        while i < region.end {
            if self.v[i] != Verdict::Body {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < region.end && self.v[j] != Verdict::Body {
                j += 1;
            }
            if j < region.end && j > i + 1 && j - i - 1 <= 6 {
                // The gap may also hold the article's own metadata lines (a
                // related link, a byline), but no furniture.
                let gap = i + 1..j;
                let keep = gap.clone().all(|k| {
                    let l = self.line(k);
                    match &self.v[k] {
                        Verdict::Open => {
                            !l.is_foreign()
                                && !l.is_symbols()
                                && !self.repeated(k)
                                && self.blocks[k].link_density <= 0.5
                                && l.n_words <= 40
                        }
                        Verdict::Related { .. } | Verdict::Byline(_) | Verdict::Date(_) | Verdict::Credit { .. } => {
                            true
                        }
                        Verdict::Drop(r) => {
                            matches!(
                                r,
                                DropReason::RelatedLink
                                    | DropReason::Byline
                                    | DropReason::DateLine
                                    | DropReason::CreditLine
                            )
                        }
                        _ => false,
                    }
                });
                if keep {
                    for k in gap {
                        if self.v[k] == Verdict::Open {
                            self.v[k] = Verdict::Body;
                        }
                    }
                }
            }
            i = j;
        }
        // Bylines without a cue ("الاسم - المدينة") next to the headline.
        let near = headline.map_or(region.start, |h| h.line + 1);
        for i in near.min(region.start)..region.start.min(near + 8).max(near) {
            if i < n && self.v[i] == Verdict::Open {
                if let Some(name) = name_with_city(self.line(i)) {
                    self.v[i] = Verdict::Byline(name);
                }
            }
        }
        // Bylines and credits belong to the article: one in a sidebar list
        // ("كتب …" under a most-read title, a "Sputnik" widget) is not.
        if !region.is_empty() {
            let lo = headline.map_or(region.start, |h| h.line.min(region.start)).saturating_sub(3);
            let hi = region.end + 6;
            for i in 0..n {
                let outside = match self.v[i] {
                    Verdict::Byline(_) | Verdict::Credit { bare: false, .. } => i < lo || i >= hi,
                    // A bare agency name counts only inside or right after
                    // the article.
                    Verdict::Credit { bare: true, .. } => i < region.start || i >= hi,
                    _ => false,
                };
                if outside {
                    self.v[i] = Verdict::Drop(DropReason::Boilerplate);
                }
            }
        }
        // A repeat of a paragraph of the article, wherever it stands.
        let body_keys: Vec<u64> = (0..n).filter(|&k| self.v[k] == Verdict::Body).map(|k| self.line(k).key).collect();
        for i in 0..n {
            if self.v[i] == Verdict::Open && body_keys.contains(&self.line(i).key) {
                self.v[i] = Verdict::Drop(DropReason::Duplicate);
            }
        }
        // Everything else is furniture: prose outside the article, titles in
        // runs (link lists), short lines in runs (menus).
        let listish = |s: &Self, k: usize| {
            let l = s.line(k);
            matches!(s.v[k], Verdict::Open | Verdict::Drop(DropReason::LinkList | DropReason::Navigation))
                && (l.is_title_like() || l.is_short())
                && l.n_words <= 25
        };
        for i in 0..n {
            if self.v[i] != Verdict::Open {
                continue;
            }
            let l = self.line(i);
            // Neighbours, looking past date lines (lists of links often
            // alternate a title and its date).
            let prev = (0..i).rev().find(|&k| !matches!(self.v[k], Verdict::Date(_)));
            let next = (i + 1..n).find(|&k| !matches!(self.v[k], Verdict::Date(_)));
            let in_run = prev.is_some_and(|k| listish(self, k)) || next.is_some_and(|k| listish(self, k));
            let reason = if let Some(w) = self.lx[i].weak.filter(|_| !region.contains(&i)) {
                w
            } else if l.is_symbols() || l.is_foreign() {
                DropReason::Boilerplate
            } else if l.is_section_name() || (l.n_words <= 3 && (self.repeated(i) || in_run)) {
                DropReason::Navigation
            } else if self.blocks[i].link_density > 0.5 || l.is_title_like() && l.n_words <= 25 && in_run {
                DropReason::LinkList
            } else {
                DropReason::Boilerplate
            };
            self.v[i] = Verdict::Drop(reason);
        }
        // A paragraph repeated word for word is kept once.
        let mut kept: FastMap<u64, ()> = FastMap::default();
        for i in 0..n {
            if self.v[i] == Verdict::Body && kept.insert(self.line(i).key, ()).is_some() {
                self.v[i] = Verdict::Drop(DropReason::Duplicate);
            }
        }
    }

    /// Builds the page from the verdicts, and says where each piece of its
    /// text comes from.
    fn assemble(&self, headline: Option<HeadlineAt>, hints: &Hints) -> (Page, Vec<PieceSource>) {
        let mut page = Page::default();
        let mut paragraphs = Vec::new();
        let mut sources = Vec::new();
        let mut head_piece = None;
        let mut head_source = None;
        let first_body = self.v.iter().position(|v| *v == Verdict::Body);
        let headline_line = headline.as_ref().map(|h| h.line);
        for (i, v) in self.v.iter().enumerate() {
            let l = self.line(i);
            let text = l.text;
            let drop = |page: &mut Page, t: &str, reason: DropReason| {
                page.dropped.push(Dropped { text: t.trim().to_string(), reason })
            };
            match v {
                Verdict::Open => drop(&mut page, text, DropReason::Boilerplate),
                Verdict::Body => {
                    if let Some(at) = self.lx[i].split {
                        let keep = text[..at].trim_end();
                        if !keep.is_empty() {
                            paragraphs.push(self.piece(i, 0..keep.len()));
                            sources.push(Some((i, 0..keep.len())));
                        }
                        self.related(&mut page, i, at);
                        drop(&mut page, &text[at..], DropReason::RelatedLink);
                    } else {
                        paragraphs.push(self.piece(i, 0..text.len()));
                        sources.push(Some((i, 0..text.len())));
                    }
                }
                Verdict::Headline(range) => {
                    let t = text[range.clone()].trim();
                    let start = range.start + (text[range.clone()].len() - text[range.clone()].trim_start().len());
                    head_piece = Some(self.piece(i, start..start + t.len()));
                    head_source = Some((i, start..start + t.len()));
                }
                Verdict::Drop(reason) => drop(&mut page, text, *reason),
                Verdict::Related { rest } => {
                    self.related(&mut page, i, *rest);
                    drop(&mut page, text, DropReason::RelatedLink);
                }
                Verdict::Byline(name) => {
                    if page.byline.is_none() {
                        page.byline = Some(name.clone());
                        // A byline that shares its line with the date
                        // ("الأحد 14 مارس 2021 | بقلم: …") dates the article,
                        // under the same conditions as a date line.
                        let after_headline = headline_line.is_none_or(|h| i > h);
                        let before_end = first_body.is_none_or(|b| i < b + 40);
                        if page.published.is_none() && after_headline && before_end && l.n_numbers > 0 {
                            page.published = super::date::find_dates(text).first().map(|d| d.date.iso());
                        }
                    }
                    drop(&mut page, text, DropReason::Byline);
                }
                Verdict::Date(iso) => {
                    // The publication date is the first date after the
                    // headline, before the body ends.
                    let after_headline = headline_line.is_none_or(|h| i > h);
                    let before_end = first_body.is_none_or(|b| i < b + 40);
                    if page.published.is_none() && after_headline && before_end {
                        page.published = iso.clone();
                    }
                    drop(&mut page, text, DropReason::DateLine);
                }
                Verdict::Credit { from, .. } => {
                    for o in split_outlets(&text[*from..]) {
                        if !page.credits.contains(&o) {
                            page.credits.push(o);
                        }
                    }
                    drop(&mut page, text, DropReason::CreditLine);
                }
            }
        }
        if head_piece.is_none() {
            if let Some(h) = hints.headline.as_deref() {
                // The container's headline is not in the text: it maps to
                // the start of the input.
                let mut m = OffsetMap::new();
                m.replace(0..0, h.len());
                head_piece = Some((h.to_string(), m));
            }
        }
        if page.byline.is_none() {
            page.byline = hints.byline.clone();
        }
        if page.published.is_none() {
            page.published = hints
                .published
                .as_deref()
                .map(|p| super::date::normalize_machine_date(p).unwrap_or_else(|| p.to_string()));
        }
        page.outlet = hints.outlet.clone();
        if head_piece.is_some() {
            sources.insert(0, head_source);
        }
        page.assemble(head_piece, paragraphs);
        (page, sources)
    }

    /// Records the related link of line `i` whose headline begins at `rest`.
    fn related(&self, page: &mut Page, i: usize, rest: usize) {
        let text = self.line(i).text;
        // Past the cue itself when the link was split off a paragraph, and
        // past a qualifier such as "في بي بي سي:".
        let mut h = &text[rest..];
        if rest > 0 && self.lx[i].split == Some(rest) {
            let sub_words = fold_words(h);
            let _ = sub_words;
            h = after_cue(h);
        }
        let h = strip_qualifier(h).trim_matches(|c: char| c.is_whitespace() || super::cue::is_separator(c) && c != '.');
        if fold_words(h).len() >= 2 {
            page.related.push(Related { headline: h.to_string(), url: self.blocks[i].href.map(str::to_string) });
        }
    }

    /// The text and map of bytes `range` of line `i`.
    fn piece(&self, i: usize, range: Range<usize>) -> (String, OffsetMap) {
        let b = &self.blocks[i];
        let mut m = OffsetMap::new();
        let text = b.text[range.clone()].to_string();
        match b.origin {
            Origin::At(at) => m.copy(at + range.start..at + range.end),
            Origin::Map(map) => {
                m.copy(range);
                m = m.then(map);
            }
        }
        (text, m)
    }
}

/// What follows a related-link cue at the start of `s` (for a cue split off
/// the end of a paragraph).
fn after_cue(s: &str) -> &str {
    let tk = super::lexicon::tokenizer();
    let lines = Lines::new(std::iter::once(s), &tk, &mut marsad_arabic::Tokens::new());
    match super::cue::anchored(&lines, &lines.lines[0]) {
        Some(m) => &s[m.rest.min(s.len())..],
        None => s,
    }
}

/// Drops a qualifier before a colon right after the cue ("في بي بي سي:
/// …", "على موقعنا: …").
fn strip_qualifier(s: &str) -> &str {
    let t = s.trim_start();
    let starts = ["في ", "على ", "عبر ", "من "];
    if starts.iter().any(|p| t.starts_with(p)) {
        if let Some(p) = t.find(':') {
            if fold_words(&t[..p]).len() <= 4 {
                return &t[p + 1..];
            }
        }
    }
    t
}

/// The maximum-sum segment of `scores` that starts within `starts`:
/// `(range, sum)`, or `None` when no segment has a positive sum.
fn best_segment(scores: &[f32], starts: Range<usize>) -> Option<(Range<usize>, f32)> {
    // prefix[k] = sum of scores[..k]; the best end for each start is the
    // largest prefix after it.
    let n = scores.len();
    let mut prefix = vec![0.0f32; n + 1];
    for (k, s) in scores.iter().enumerate() {
        prefix[k + 1] = prefix[k] + s;
    }
    // best_end[k] = argmax over e >= k of prefix[e + 1].
    let mut best_end = vec![n.saturating_sub(1); n + 1];
    let mut arg = n;
    let mut max = f32::NEG_INFINITY;
    for k in (0..n).rev() {
        if prefix[k + 1] > max {
            max = prefix[k + 1];
            arg = k;
        }
        best_end[k] = arg;
    }
    let mut best: Option<(Range<usize>, f32)> = None;
    for s in starts {
        if s >= n || scores[s] <= 0.0 {
            continue;
        }
        let e = best_end[s];
        let sum = prefix[e + 1] - prefix[s];
        if sum > 0.0 && best.as_ref().is_none_or(|b| sum > b.1) {
            best = Some((s..e + 1, sum));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_segment_bridges_small_gaps_only() {
        let s = [-10.0, 100.0, -3.0, 120.0, -35.0, -35.0, -35.0, -35.0, 50.0];
        assert_eq!(best_segment(&s, 0..s.len()), Some((1..4, 217.0)));
        assert_eq!(best_segment(&s, 5..s.len()), Some((8..9, 50.0)));
        assert_eq!(best_segment(&[-1.0, -2.0], 0..2), None);
    }
}
