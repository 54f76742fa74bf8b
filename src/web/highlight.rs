//! Evidence highlighted in place: byte spans into a text become nested HTML
//! elements around the exact characters they cover.
//!
//! Annotations overlap freely (an entity inside a claim's content, a
//! quantity inside both, a consistency flag spanning two quantities, a
//! search hit across an entity's edge), but HTML elements must nest. The
//! renderer cuts the text at every span edge and, for each piece, keeps open
//! the elements still covering it and opens the missing ones; an element
//! that crosses another is closed and reopened, so it is split into
//! fragments rather than dropped, and every fragment carries the same
//! attributes. Spans come from data, so they are clamped to the text and
//! widened to character boundaries (a span ending inside a UTF-8 sequence
//! never cuts a character); empty ones are skipped. Text and attribute
//! values are always escaped; element and attribute *names* are `'static`,
//! chosen by the code, never by data.

use marsad_arabic::Span;
use std::fmt::Write;

/// The element an annotation is rendered as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    Span,
    /// A link; rendered as a `<span>` when already inside a link, since
    /// HTML forbids nested anchors.
    A,
    /// A search hit.
    Mark,
}

impl Tag {
    fn name(self) -> &'static str {
        match self {
            Tag::Span => "span",
            Tag::A => "a",
            Tag::Mark => "mark",
        }
    }
}

/// One annotation: a byte span of the text and the element wrapping it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub span: Span,
    pub tag: Tag,
    /// CSS classes, space separated. Escaped like every attribute value.
    pub class: String,
    /// Further attributes (`href`, `title`, `data-*`), values escaped.
    pub attrs: Vec<(&'static str, String)>,
}

impl Mark {
    pub fn new(span: Span, tag: Tag, class: impl Into<String>) -> Mark {
        Mark { span, tag, class: class.into(), attrs: Vec::new() }
    }

    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Mark {
        self.attrs.push((name, value.into()));
        self
    }
}

/// A piece of HTML placed at a position of the text (a flag badge after a
/// quantity). Its HTML is produced by the caller with [`escape`]; it is
/// emitted after the elements that end at `at` are closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Widget {
    pub at: usize,
    pub html: String,
}

/// Renders `text[range]` as HTML with `marks` (and `widgets`) inside it.
/// Marks are clipped to `range`; positions are bytes of the whole `text`.
pub fn render(text: &str, range: Span, marks: &[Mark], widgets: &[Widget]) -> String {
    let lo = floor_boundary(text, range.start.min(text.len()));
    let hi = ceil_boundary(text, range.end.min(text.len())).max(lo);
    // Normalized spans (clipped, on character boundaries, non-empty), each
    // with its index into `marks`.
    let mut spans: Vec<(usize, usize, usize)> = marks
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let s = floor_boundary(text, m.span.start.clamp(lo, hi));
            let e = ceil_boundary(text, m.span.end.clamp(lo, hi));
            (s < e && m.span.start < m.span.end).then_some((s, e, i))
        })
        .collect();
    // Outer elements first: earlier start, then longer, then given order.
    spans.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut widgets: Vec<&Widget> = widgets.iter().filter(|w| w.at >= lo && w.at <= hi).collect();
    widgets.sort_by_key(|w| w.at);

    let mut cuts: Vec<usize> = Vec::with_capacity(spans.len() * 2 + widgets.len() + 2);
    cuts.push(lo);
    cuts.push(hi);
    for &(s, e, _) in &spans {
        cuts.push(s);
        cuts.push(e);
    }
    cuts.extend(widgets.iter().map(|w| floor_boundary(text, w.at)));
    cuts.sort_unstable();
    cuts.dedup();

    let mut out = String::with_capacity((hi - lo) * 2 + spans.len() * 48);
    // Open elements, outermost first: (index into `spans`, rendered as).
    let mut stack: Vec<(usize, Tag)> = Vec::new();
    // Spans started and not yet ended, outer-first.
    let mut active: Vec<usize> = Vec::new();
    let mut next_span = 0;
    let mut next_widget = 0;
    for pair in cuts.windows(2) {
        let (at, to) = (pair[0], pair[1]);
        // Keep the longest run of open elements that still cover [at, to).
        let keep = stack.iter().take_while(|(k, _)| spans[*k].1 >= to).count();
        while stack.len() > keep {
            let (_, tag) = stack.pop().expect("stack longer than keep");
            close(&mut out, tag);
        }
        while next_widget < widgets.len() && floor_boundary(text, widgets[next_widget].at) <= at {
            out.push_str(&widgets[next_widget].html);
            next_widget += 1;
        }
        while next_span < spans.len() && spans[next_span].0 <= at {
            active.push(next_span);
            next_span += 1;
        }
        // Every span edge is a cut, so a span still going on past `at` covers
        // all of [at, to).
        active.retain(|&k| spans[k].1 > at);
        // Open every covering element not already open, in outer-first order
        // (an element split by a crossing one is reopened here).
        for &k in &active {
            if !stack.iter().any(|(o, _)| *o == k) {
                let in_link = stack.iter().any(|(_, t)| *t == Tag::A);
                let tag = match marks[spans[k].2].tag {
                    Tag::A if in_link => Tag::Span,
                    t => t,
                };
                open(&mut out, tag, &marks[spans[k].2]);
                stack.push((k, tag));
            }
        }
        escape_text_into(&mut out, &text[at..to]);
    }
    while let Some((_, tag)) = stack.pop() {
        close(&mut out, tag);
    }
    for w in &widgets[next_widget..] {
        out.push_str(&w.html);
    }
    out
}

fn open(out: &mut String, tag: Tag, m: &Mark) {
    let _ = write!(out, "<{}", tag.name());
    if !m.class.is_empty() {
        out.push_str(" class=\"");
        escape_into(out, &m.class);
        out.push('"');
    }
    for (name, value) in &m.attrs {
        // An anchor demoted to a span keeps its title but not its target.
        if tag != Tag::A && *name == "href" {
            continue;
        }
        let _ = write!(out, " {name}=\"");
        escape_into(out, value);
        out.push('"');
    }
    out.push('>');
}

fn close(out: &mut String, tag: Tag) {
    let _ = write!(out, "</{}>", tag.name());
}

/// The largest character boundary at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest character boundary at or after `i`.
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Text with a line break (`\n`) as `<br>`, everything else escaped.
fn escape_text_into(out: &mut String, s: &str) {
    let mut first = true;
    for line in s.split('\n') {
        if !first {
            out.push_str("<br>");
        }
        first = false;
        escape_into(out, line);
    }
}

/// Escapes text for an HTML text node or a quoted attribute value.
pub fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// [`escape_into`] into a new string.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// Keeps the characters that are safe in a CSS class name (ASCII letters,
/// digits, `-`, `_`); data such as an entity label or a wording category
/// becomes part of a class this way.
pub fn class_token(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').map(|c| c.to_ascii_lowercase()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: usize, e: usize, class: &str) -> Mark {
        Mark::new(Span::new(s, e), Tag::Span, class)
    }

    fn all(text: &str) -> Span {
        Span::new(0, text.len())
    }

    /// The byte offset of the `n`-th occurrence (0-based) of `needle`.
    fn at(text: &str, needle: &str) -> Span {
        let s = text.find(needle).expect("needle in text");
        Span::new(s, s + needle.len())
    }

    #[test]
    fn table() {
        let t = "قال الوزير إن 3 آلاف عنصر";
        let wazir = at(t, "الوزير");
        let num = at(t, "3 آلاف");
        let content = Span::new(num.start, t.len());
        let cases: Vec<(&str, &str, Vec<Mark>, &str)> = vec![
            ("no marks", "a<b>&\"'", vec![], "a&lt;b&gt;&amp;&quot;&#39;"),
            ("one mark", t, vec![m(wazir.start, wazir.end, "ent")], "قال <span class=\"ent\">الوزير</span> إن 3 آلاف عنصر"),
            (
                "nested: a quantity inside a claim's content",
                t,
                vec![m(num.start, num.end, "qty"), m(content.start, content.end, "cl")],
                "قال الوزير إن <span class=\"cl\"><span class=\"qty\">3 آلاف</span> عنصر</span>",
            ),
            (
                "same span twice: given order decides nesting",
                "ab",
                vec![m(0, 2, "x"), m(0, 2, "y")],
                "<span class=\"x\"><span class=\"y\">ab</span></span>",
            ),
            (
                "crossing spans: the later one is split",
                "abcd",
                vec![m(0, 3, "x"), m(1, 4, "y")],
                "<span class=\"x\">a<span class=\"y\">bc</span></span><span class=\"y\">d</span>",
            ),
            (
                "crossing spans given in the other order: the same result",
                "abcd",
                vec![m(1, 4, "y"), m(0, 2, "x")],
                "<span class=\"x\">a<span class=\"y\">b</span></span><span class=\"y\">cd</span>",
            ),
            ("empty and inverted spans are skipped", "ab", vec![m(1, 1, "x"), m(2, 1, "y")], "ab"),
            ("out of range is clamped", "ab", vec![m(1, 99, "x")], "a<span class=\"x\">b</span>"),
            (
                // "ق" is 2 bytes: a span ending in its middle covers it whole.
                "inside a character: widened to whole characters",
                "قال",
                vec![m(1, 3, "x")],
                "<span class=\"x\">قا</span>ل",
            ),
            ("line breaks", "a\nb", vec![m(0, 3, "x")], "<span class=\"x\">a<br>b</span>"),
            (
                "hostile text and attributes are escaped",
                "<script>alert(1)</script>",
                vec![Mark::new(Span::new(0, 8), Tag::Span, "x\" onclick=\"y").attr("title", "\"><img src=x onerror=alert(1)>")],
                "<span class=\"x&quot; onclick=&quot;y\" title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">&lt;script&gt;</span>alert(1)&lt;/script&gt;",
            ),
            (
                "nested anchors: the inner one becomes a span without href",
                "abc",
                vec![
                    Mark::new(Span::new(0, 3), Tag::A, "e").attr("href", "/x"),
                    Mark::new(Span::new(1, 2), Tag::A, "f").attr("href", "/y").attr("title", "t"),
                ],
                "<a class=\"e\" href=\"/x\">a<span class=\"f\" title=\"t\">b</span>c</a>",
            ),
        ];
        for (name, text, marks, want) in cases {
            assert_eq!(render(text, all(text), &marks, &[]), want, "case: {name}");
        }
    }

    #[test]
    fn range_clips_marks_to_a_block() {
        let t = "ab\n\ncd";
        let marks = vec![m(1, 5, "x")];
        assert_eq!(render(t, Span::new(0, 2), &marks, &[]), "a<span class=\"x\">b</span>");
        assert_eq!(render(t, Span::new(4, 6), &marks, &[]), "<span class=\"x\">c</span>d");
    }

    #[test]
    fn widgets_follow_the_element_that_ends_there() {
        let t = "abcd";
        let marks = vec![m(0, 4, "cl"), m(1, 2, "qty")];
        let w = [Widget { at: 2, html: "<sup>!</sup>".into() }];
        assert_eq!(
            render(t, all(t), &marks, &w),
            "<span class=\"cl\">a<span class=\"qty\">b</span><sup>!</sup>cd</span>"
        );
        let w = [Widget { at: 4, html: "<sup>!</sup>".into() }];
        assert_eq!(render("ab", all("ab"), &[m(0, 2, "q")], &w[..0]), "<span class=\"q\">ab</span>");
        assert_eq!(render(t, all(t), &[m(0, 4, "q")], &w), "<span class=\"q\">abcd</span><sup>!</sup>");
    }

    /// Whatever the spans, the output is well nested, keeps every character
    /// of the text in order, and never contains an unescaped `<` from it.
    #[test]
    fn random_spans_stay_well_formed() {
        let text = "قال <الوزير> إن \"3 آلاف\" & عنصر\nوصلوا أمس";
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..500 {
            let count = next(8);
            let marks: Vec<Mark> = (0..count)
                .map(|i| {
                    let a = next(text.len() + 4);
                    let b = next(text.len() + 4);
                    let tag = if i % 3 == 0 { Tag::A } else { Tag::Span };
                    Mark::new(Span::new(a, b), tag, format!("k{i}"))
                })
                .collect();
            let html = render(text, all(text), &marks, &[]);
            // Strip tags; unescape; the text comes back.
            let mut plain = String::new();
            let mut depth: Vec<String> = Vec::new();
            let mut rest = html.as_str();
            while let Some(lt) = rest.find('<') {
                plain.push_str(&rest[..lt]);
                let gt = rest[lt..].find('>').expect("tag closes") + lt;
                let tag = &rest[lt + 1..gt];
                if let Some(name) = tag.strip_prefix('/') {
                    assert_eq!(depth.pop().as_deref(), Some(name), "{html}");
                } else if tag == "br" {
                    plain.push('\n');
                } else {
                    let name = tag.split(' ').next().unwrap().to_string();
                    if name == "a" {
                        assert!(!depth.iter().any(|d| d == "a"), "nested anchor in {html}");
                    }
                    depth.push(name);
                }
                rest = &rest[gt + 1..];
            }
            plain.push_str(rest);
            assert!(depth.is_empty(), "{html}");
            let plain = plain.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
            assert_eq!(plain.replace("&amp;", "&"), text);
        }
    }

    #[test]
    fn class_tokens_keep_only_safe_characters() {
        assert_eq!(class_token("PER"), "per");
        assert_eq!(class_token("pejorative_label\" x"), "pejorative_labelx");
        assert_eq!(class_token("شخص"), "");
    }
}
