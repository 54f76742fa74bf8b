//! From the DOM to blocks of text: one block per paragraph-level element (or
//! per `<br>`-separated line of one), entities decoded and whitespace
//! collapsed, each with an exact [`OffsetMap`] into the decoded page.

use super::dom::{Dom, Tag};
use super::entity;
use crate::clean::{Block, BlockKind};
use marsad_arabic::OffsetMap;

/// A block and what the content scorer needs to know about it.
#[derive(Clone, Debug)]
pub struct PageBlock {
    pub block: Block,
    /// The nearest block-level element around the block's text.
    pub owner: u32,
    /// Non-space characters, and those inside links.
    pub chars: usize,
    pub link_chars: usize,
    /// The link (`a` element) when the block's text is all inside one.
    pub link: Option<u32>,
}

/// Elements whose content is never page text.
fn skipped(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Noscript
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Iframe
            | Tag::Object
            | Tag::Textarea
            | Tag::Select
            | Tag::Option
            | Tag::Button
            | Tag::Title
            | Tag::Video
            | Tag::Audio
    )
}

/// Hidden by the page itself: `hidden`, `display:none`, `visibility:hidden`.
fn hidden(dom: &Dom, input: &str, id: u32) -> bool {
    let n = &dom.nodes[id as usize];
    if n.attrs.is_empty() {
        return false;
    }
    if dom.attr(input, id, "hidden").is_some() {
        return true;
    }
    dom.attr(input, id, "style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// The kind of block an owner element makes.
fn kind_of(tag: Option<Tag>) -> BlockKind {
    match tag {
        Some(Tag::H(n)) => BlockKind::Heading(n),
        Some(Tag::P | Tag::Div | Tag::Pre | Tag::Article | Tag::Section | Tag::Main | Tag::Center | Tag::Body) => {
            BlockKind::Paragraph
        }
        Some(Tag::Li | Tag::Dd | Tag::Dt) => BlockKind::ListItem,
        Some(Tag::Blockquote) => BlockKind::Quote,
        Some(Tag::Td | Tag::Th | Tag::Caption) => BlockKind::Cell,
        _ => BlockKind::Other,
    }
}

/// The block being written.
#[derive(Default)]
struct Current {
    text: String,
    map: OffsetMap,
    /// Source range of whitespace seen since the last character written.
    pending_space: Option<(usize, usize)>,
    owner: u32,
    chars: usize,
    link_chars: usize,
    /// `Some(Some(a))` while all text so far is inside link `a`;
    /// `Some(None)` once it is not; `None` before any text.
    link: Option<Option<u32>>,
}

impl Current {
    fn push_space(&mut self, start: usize, end: usize) {
        self.pending_space = match self.pending_space {
            Some((s, _)) => Some((s, end)),
            None => Some((start, end)),
        };
    }

    /// Writes the pending space (if the block has text) before a character.
    fn before_char(&mut self) {
        if let Some((s, e)) = self.pending_space.take() {
            if !self.text.is_empty() {
                self.text.push(' ');
                self.map.replace(s..e, 1);
            }
        }
    }
}

/// Splits the page into blocks, in document order.
pub fn blocks(dom: &Dom, input: &str) -> Vec<PageBlock> {
    let mut out = Vec::new();
    let mut cur = Current::default();
    // Open elements (for end events), and open links.
    let mut open: Vec<u32> = Vec::new();
    let mut links: Vec<u32> = Vec::new();
    let mut block_owner: Vec<u32> = vec![0];
    let nodes = &dom.nodes;
    let mut i: u32 = 1;
    let n = nodes.len() as u32;
    while i < n {
        while let Some(&top) = open.last() {
            if i < nodes[top as usize].end {
                break;
            }
            open.pop();
            end_element(dom, top, &mut cur, &mut out, &mut links, &mut block_owner);
        }
        let node = &nodes[i as usize];
        match node.tag {
            None => {
                text(input, node.range.clone(), &mut cur, &links, *block_owner.last().unwrap_or(&0));
                i += 1;
            }
            Some(tag) => {
                if skipped(tag) || hidden(dom, input, i) {
                    if tag.is_block() {
                        flush(&mut cur, &mut out);
                    }
                    i = node.end;
                    continue;
                }
                if tag.is_block() {
                    flush(&mut cur, &mut out);
                    if tag != Tag::Br && tag != Tag::Hr {
                        block_owner.push(i);
                    }
                }
                if tag == Tag::A {
                    links.push(i);
                }
                if tag == Tag::Img {
                    // Images separate words ("نص<img>نص").
                    cur.push_space(node.range.start, node.range.start);
                }
                if node.end > i + 1 {
                    open.push(i);
                } else {
                    end_element(dom, i, &mut cur, &mut out, &mut links, &mut block_owner);
                }
                i += 1;
            }
        }
    }
    while let Some(top) = open.pop() {
        end_element(dom, top, &mut cur, &mut out, &mut links, &mut block_owner);
    }
    flush(&mut cur, &mut out);
    for b in &mut out {
        b.block.kind = kind_of(dom.tag(b.owner));
        if let Some(a) = b.link {
            b.block.href = dom.attr(input, a, "href").map(|h| entity::decode_attribute(h.trim()).into_owned());
        }
    }
    out
}

fn end_element(
    dom: &Dom,
    id: u32,
    cur: &mut Current,
    out: &mut Vec<PageBlock>,
    links: &mut Vec<u32>,
    block_owner: &mut Vec<u32>,
) {
    let Some(tag) = dom.tag(id) else { return };
    if tag == Tag::A && links.last() == Some(&id) {
        links.pop();
    }
    if tag.is_block() {
        flush(cur, out);
        if block_owner.last() == Some(&id) {
            block_owner.pop();
        }
    }
}

/// Ends the current block.
fn flush(cur: &mut Current, out: &mut Vec<PageBlock>) {
    if !cur.text.is_empty() {
        let chars = cur.chars.max(1);
        out.push(PageBlock {
            block: Block {
                text: std::mem::take(&mut cur.text),
                map: std::mem::take(&mut cur.map),
                kind: BlockKind::Other,
                link_density: cur.link_chars as f32 / chars as f32,
                href: None,
                in_main: None,
            },
            owner: cur.owner,
            chars: cur.chars,
            link_chars: cur.link_chars,
            link: cur.link.flatten(),
        });
    }
    *cur = Current::default();
}

/// Appends a text node: entities decoded, whitespace collapsed.
fn text(input: &str, range: std::ops::Range<usize>, cur: &mut Current, links: &[u32], owner: u32) {
    let s = &input[range.clone()];
    let bytes = s.as_bytes();
    let base = range.start;
    let in_link = links.last().copied();
    let mut i = 0;
    let mut wrote = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'&' {
            if let Some((d, len)) = entity::decode_at(&bytes[i..], false) {
                let mut tmp = String::new();
                d.push_to(&mut tmp);
                if tmp.chars().all(char::is_whitespace) {
                    cur.push_space(base + i, base + i + len);
                } else {
                    if cur.text.is_empty() {
                        cur.owner = owner;
                    }
                    cur.before_char();
                    cur.text.push_str(&tmp);
                    cur.map.replace(base + i..base + i + len, tmp.len());
                    wrote += tmp.chars().count();
                }
                i += len;
                continue;
            }
        }
        // A run of characters up to whitespace or `&`.
        let c = s[i..].chars().next().expect("i is on a char boundary");
        if c.is_whitespace() {
            cur.push_space(base + i, base + i + c.len_utf8());
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let mut j = i;
        let mut count = 0;
        for ch in s[i..].chars() {
            if ch.is_whitespace() || ch == '&' {
                break;
            }
            j += ch.len_utf8();
            count += 1;
        }
        if cur.text.is_empty() {
            cur.owner = owner;
        }
        cur.before_char();
        cur.text.push_str(&s[start..j]);
        cur.map.copy(base + start..base + j);
        wrote += count;
        i = j;
    }
    if wrote > 0 {
        cur.chars += wrote;
        match in_link {
            Some(a) => {
                cur.link_chars += wrote;
                cur.link = match cur.link {
                    None => Some(Some(a)),
                    Some(Some(x)) if x == a => Some(Some(a)),
                    _ => Some(None),
                };
            }
            None => cur.link = Some(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_arabic::Span;

    fn texts(html: &str) -> Vec<String> {
        let dom = Dom::parse(html);
        blocks(&dom, html).into_iter().map(|b| b.block.text).collect()
    }

    #[test]
    fn splitting_and_whitespace() {
        let table: &[(&str, &[&str])] = &[
            ("<p>  سطر   أول\n</p><p>سطر <b>ثان</b>ي</p>", &["سطر أول", "سطر ثاني"]),
            ("<div>أ<br>ب<br/><br>ج</div>", &["أ", "ب", "ج"]),
            ("<div>نص<div>داخلي</div>بعده</div>", &["نص", "داخلي", "بعده"]),
            ("<p>أ&nbsp;&amp;&nbsp;ب</p>", &["أ & ب"]),
            ("<p>قبل<script>x</script>بعد</p>", &["قبلبعد"]),
            ("<p>ظاهر</p><p style=\"display: none\">مخفي</p><div hidden>مخفي</div>", &["ظاهر"]),
            ("<ul><li><a href=/a>رابط</a></li></ul>", &["رابط"]),
            ("<p>نص<img src=x>نص</p>", &["نص نص"]),
        ];
        for (html, want) in table {
            assert_eq!(texts(html), *want, "{html}");
        }
    }

    #[test]
    fn kinds_links_and_density() {
        let html = "<h1>عنوان</h1><p>فقرة <a href='/x'>رابط</a></p><ul><li><a href=\"/y?a=1&amp;b=2\">خبر آخر</a></li></ul><td>خلية</td>";
        let dom = Dom::parse(html);
        let bs = blocks(&dom, html);
        let got: Vec<_> =
            bs.iter().map(|b| (b.block.kind, b.block.href.as_deref(), (b.block.link_density * 100.0) as u32)).collect();
        assert_eq!(
            got,
            vec![
                (BlockKind::Heading(1), None, 0),
                (BlockKind::Paragraph, None, 50),
                (BlockKind::ListItem, Some("/y?a=1&b=2"), 100),
                (BlockKind::Cell, None, 0),
            ]
        );
    }

    #[test]
    fn maps_lead_back_to_the_source() {
        let html = "<p>قال&nbsp;الوزير &quot;نعم&quot;\n  <b>اليوم</b></p>";
        let dom = Dom::parse(html);
        let b = &blocks(&dom, html)[0].block;
        assert_eq!(b.text, "قال الوزير \"نعم\" اليوم");
        let find = |needle: &str| {
            let s = b.text.find(needle).unwrap();
            let sp = b.map.span_to_source(Span::new(s, s + needle.len()));
            &html[sp.range()]
        };
        assert_eq!(find("الوزير"), "الوزير");
        assert_eq!(find("اليوم"), "اليوم");
        assert_eq!(find("\"نعم\""), "&quot;نعم&quot;");
        assert_eq!(find("قال الوزير"), "قال&nbsp;الوزير");
        // An entity maps atomically: half of it maps to all of it.
        let q = b.text.find('"').unwrap();
        assert_eq!(&html[b.map.span_to_source(Span::new(q, q + 1)).range()], "&quot;");
    }
}
