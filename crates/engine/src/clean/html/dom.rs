//! A light DOM built from the tokens of [`lexer`](super::lexer): an arena of
//! nodes in document order, each element knowing where its subtree ends, so
//! that "the descendants of n" is the index range `n+1..end`.
//!
//! Tree building follows the HTML5 rules that shape text extraction (void
//! elements, implied end tags of `p`, `li`, `td`, `tr`, `option`, headings and
//! `a`; end tags that close up to their open element and are ignored when
//! there is none; inline end tags that do not close blocks) and leaves out
//! the rest (foster parenting, the adoption agency's node cloning), which
//! moves text between elements but never loses or reorders it.

use super::lexer::{Lexer, RawAttr, Token};
use std::ops::Range;

/// The element names the extractor looks at; everything else is `Other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tag {
    Root,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    Base,
    Script,
    Style,
    Noscript,
    Template,
    Svg,
    Math,
    Iframe,
    Object,
    Embed,
    Textarea,
    Select,
    Option,
    Button,
    Input,
    Form,
    Label,
    Div,
    P,
    Span,
    A,
    Br,
    Hr,
    Img,
    Figure,
    Figcaption,
    Picture,
    Video,
    Audio,
    Source,
    H(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Thead,
    Tbody,
    Tfoot,
    Tr,
    Td,
    Th,
    Caption,
    Blockquote,
    Pre,
    Article,
    Section,
    Main,
    Aside,
    Nav,
    Header,
    Footer,
    Address,
    Time,
    Center,
    Details,
    Summary,
    Menu,
    Dialog,
    Fieldset,
    /// Void elements that the extractor does not need by name.
    OtherVoid,
    Other,
}

impl Tag {
    pub fn from_name(name: &[u8]) -> Tag {
        let mut buf = [0u8; 12];
        if name.len() > buf.len() {
            return Tag::Other;
        }
        for (d, s) in buf.iter_mut().zip(name) {
            *d = s.to_ascii_lowercase();
        }
        match &buf[..name.len()] {
            b"html" => Tag::Html,
            b"head" => Tag::Head,
            b"body" => Tag::Body,
            b"title" => Tag::Title,
            b"meta" => Tag::Meta,
            b"link" => Tag::Link,
            b"base" => Tag::Base,
            b"script" => Tag::Script,
            b"style" => Tag::Style,
            b"noscript" => Tag::Noscript,
            b"template" => Tag::Template,
            b"svg" => Tag::Svg,
            b"math" => Tag::Math,
            b"iframe" => Tag::Iframe,
            b"object" => Tag::Object,
            b"embed" => Tag::Embed,
            b"textarea" => Tag::Textarea,
            b"select" => Tag::Select,
            b"option" => Tag::Option,
            b"button" => Tag::Button,
            b"input" => Tag::Input,
            b"form" => Tag::Form,
            b"label" => Tag::Label,
            b"div" => Tag::Div,
            b"p" => Tag::P,
            b"span" => Tag::Span,
            b"a" => Tag::A,
            b"br" => Tag::Br,
            b"hr" => Tag::Hr,
            b"img" | b"image" => Tag::Img,
            b"figure" => Tag::Figure,
            b"figcaption" => Tag::Figcaption,
            b"picture" => Tag::Picture,
            b"video" => Tag::Video,
            b"audio" => Tag::Audio,
            b"source" => Tag::Source,
            b"h1" => Tag::H(1),
            b"h2" => Tag::H(2),
            b"h3" => Tag::H(3),
            b"h4" => Tag::H(4),
            b"h5" => Tag::H(5),
            b"h6" => Tag::H(6),
            b"ul" => Tag::Ul,
            b"ol" => Tag::Ol,
            b"li" => Tag::Li,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"dd" => Tag::Dd,
            b"table" => Tag::Table,
            b"thead" => Tag::Thead,
            b"tbody" => Tag::Tbody,
            b"tfoot" => Tag::Tfoot,
            b"tr" => Tag::Tr,
            b"td" => Tag::Td,
            b"th" => Tag::Th,
            b"caption" => Tag::Caption,
            b"blockquote" => Tag::Blockquote,
            b"pre" => Tag::Pre,
            b"article" => Tag::Article,
            b"section" => Tag::Section,
            b"main" => Tag::Main,
            b"aside" => Tag::Aside,
            b"nav" => Tag::Nav,
            b"header" => Tag::Header,
            b"footer" => Tag::Footer,
            b"address" => Tag::Address,
            b"time" => Tag::Time,
            b"center" => Tag::Center,
            b"details" => Tag::Details,
            b"summary" => Tag::Summary,
            b"menu" => Tag::Menu,
            b"dialog" => Tag::Dialog,
            b"fieldset" => Tag::Fieldset,
            b"area" | b"col" | b"keygen" | b"param" | b"track" | b"wbr" | b"basefont" | b"bgsound" | b"frame" => {
                Tag::OtherVoid
            }
            _ => Tag::Other,
        }
    }

    /// Elements that never have content.
    pub fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Meta
                | Tag::Link
                | Tag::Base
                | Tag::Br
                | Tag::Hr
                | Tag::Img
                | Tag::Input
                | Tag::Source
                | Tag::Embed
                | Tag::OtherVoid
        )
    }

    /// Elements whose start and end separate blocks of text.
    pub fn is_block(self) -> bool {
        matches!(
            self,
            Tag::Root
                | Tag::Html
                | Tag::Body
                | Tag::Div
                | Tag::P
                | Tag::H(_)
                | Tag::Ul
                | Tag::Ol
                | Tag::Li
                | Tag::Dl
                | Tag::Dt
                | Tag::Dd
                | Tag::Table
                | Tag::Thead
                | Tag::Tbody
                | Tag::Tfoot
                | Tag::Tr
                | Tag::Td
                | Tag::Th
                | Tag::Caption
                | Tag::Blockquote
                | Tag::Pre
                | Tag::Article
                | Tag::Section
                | Tag::Main
                | Tag::Aside
                | Tag::Nav
                | Tag::Header
                | Tag::Footer
                | Tag::Address
                | Tag::Figure
                | Tag::Figcaption
                | Tag::Center
                | Tag::Details
                | Tag::Summary
                | Tag::Menu
                | Tag::Dialog
                | Tag::Fieldset
                | Tag::Form
                | Tag::Br
                | Tag::Hr
                | Tag::Iframe
                | Tag::Option
                | Tag::Select
                | Tag::Button
        )
    }

    /// Block-level starts that close an open `p` (HTML5 "close a p element").
    fn closes_p(self) -> bool {
        self.is_block() && !matches!(self, Tag::Br | Tag::Iframe | Tag::Option | Tag::Select | Tag::Button)
            || matches!(self, Tag::Hr)
    }

    /// HTML elements for which `/>` means nothing (browsers ignore it).
    fn ignores_self_closing(self) -> bool {
        !matches!(self, Tag::Other | Tag::Svg | Tag::Math)
    }
}

/// A node: an element or a run of text.
#[derive(Clone, Debug)]
pub struct Node {
    /// `None` for text.
    pub tag: Option<Tag>,
    pub parent: u32,
    /// One past the last node of this subtree.
    pub end: u32,
    /// Text: the text's bytes. Element: `<` and the tag name.
    pub range: Range<usize>,
    /// Indexes into [`Dom::attrs`].
    pub attrs: Range<u32>,
}

/// The parsed page.
#[derive(Clone, Debug, Default)]
pub struct Dom {
    pub nodes: Vec<Node>,
    pub attrs: Vec<RawAttr>,
}

/// Deepest nesting kept; deeper elements become part of their ancestor at
/// this depth (a guard against pathological inputs).
const MAX_DEPTH: usize = 512;

impl Dom {
    pub fn parse(input: &str) -> Dom {
        let mut dom = Dom { nodes: Vec::with_capacity(input.len() / 40), attrs: Vec::with_capacity(input.len() / 60) };
        dom.nodes.push(Node { tag: Some(Tag::Root), parent: u32::MAX, end: 0, range: 0..0, attrs: 0..0 });
        let mut stack: Vec<(u32, Tag)> = vec![(0, Tag::Root)];
        let mut lx = Lexer::new(input);
        let bytes = input.as_bytes();
        let mut attrs = std::mem::take(&mut dom.attrs);
        while let Some(tok) = lx.next_token(&mut attrs) {
            match tok {
                Token::Text(r) => {
                    let parent = stack.last().map_or(0, |s| s.0);
                    let id = dom.nodes.len() as u32;
                    dom.nodes.push(Node { tag: None, parent, end: id + 1, range: r.clone(), attrs: 0..0 });
                }
                Token::Start { name, attrs_from, attrs_to, self_closing } => {
                    let tag = Tag::from_name(&bytes[name.clone()]);
                    let range = name.start - 1..name.end;
                    if matches!(tag, Tag::Html | Tag::Body | Tag::Head) && stack.iter().any(|s| s.1 == tag) {
                        continue;
                    }
                    implied_ends(&mut stack, &mut dom.nodes, tag);
                    let parent = stack.last().map_or(0, |s| s.0);
                    let id = dom.nodes.len() as u32;
                    dom.nodes.push(Node {
                        tag: Some(tag),
                        parent,
                        end: id + 1,
                        range,
                        attrs: attrs_from as u32..attrs_to as u32,
                    });
                    let closes_now = tag.is_void() || (self_closing && !tag.ignores_self_closing());
                    if !closes_now && stack.len() < MAX_DEPTH {
                        stack.push((id, tag));
                    }
                }
                Token::End { name } => {
                    let tag = Tag::from_name(&bytes[name.clone()]);
                    if tag == Tag::Br {
                        // `</br>` is a `<br>` (HTML5).
                        let parent = stack.last().map_or(0, |s| s.0);
                        let id = dom.nodes.len() as u32;
                        dom.nodes.push(Node {
                            tag: Some(Tag::Br),
                            parent,
                            end: id + 1,
                            range: name.clone(),
                            attrs: 0..0,
                        });
                        continue;
                    }
                    if matches!(tag, Tag::Html | Tag::Body) {
                        continue;
                    }
                    let inline = !tag.is_block();
                    let mut found = None;
                    for (k, &(_, t)) in stack.iter().enumerate().rev().take(64) {
                        if k == 0 {
                            break;
                        }
                        if t == tag {
                            found = Some(k);
                            break;
                        }
                        // An inline end tag does not close the blocks opened
                        // inside it; a stray `</span>` must not end a `div`.
                        if inline && t.is_block() {
                            break;
                        }
                        // Table structure: `</div>` inside a cell does not
                        // close the cell's table.
                        if matches!(t, Tag::Td | Tag::Th | Tag::Table)
                            && !matches!(tag, Tag::Tr | Tag::Table | Tag::Tbody)
                        {
                            break;
                        }
                    }
                    if let Some(k) = found {
                        close_to(&mut stack, &mut dom.nodes, k);
                    }
                }
                Token::Ignored => {}
            }
        }
        close_to(&mut stack, &mut dom.nodes, 1);
        let n = dom.nodes.len() as u32;
        dom.nodes[0].end = n;
        dom.attrs = attrs;
        dom
    }

    /// The value of attribute `name` (ASCII, lowercase) of element `id`.
    pub fn attr<'a>(&self, input: &'a str, id: u32, name: &str) -> Option<&'a str> {
        let n = &self.nodes[id as usize];
        self.attrs[n.attrs.start as usize..n.attrs.end as usize]
            .iter()
            .find(|a| input.as_bytes()[a.name.clone()].eq_ignore_ascii_case(name.as_bytes()))
            .map(|a| &input[a.value.clone()])
    }

    /// The children of `id`, in order.
    pub fn children(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let end = self.nodes[id as usize].end;
        let mut j = id + 1;
        std::iter::from_fn(move || {
            if j >= end {
                return None;
            }
            let c = j;
            j = self.nodes[j as usize].end;
            Some(c)
        })
    }

    /// The ancestors of `id`, nearest first (the root included).
    pub fn ancestors(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let mut p = self.nodes[id as usize].parent;
        std::iter::from_fn(move || {
            if p == u32::MAX {
                return None;
            }
            let c = p;
            p = self.nodes[p as usize].parent;
            Some(c)
        })
    }

    pub fn tag(&self, id: u32) -> Option<Tag> {
        self.nodes[id as usize].tag
    }

    /// Is `a` an ancestor of (or equal to) `b`?
    pub fn contains(&self, a: u32, b: u32) -> bool {
        a <= b && b < self.nodes[a as usize].end
    }
}

/// Closes elements that a start tag of `tag` implicitly ends.
fn implied_ends(stack: &mut Vec<(u32, Tag)>, nodes: &mut [Node], tag: Tag) {
    let find = |stack: &[(u32, Tag)], want: &dyn Fn(Tag) -> bool, boundary: &dyn Fn(Tag) -> bool| -> Option<usize> {
        for (k, &(_, t)) in stack.iter().enumerate().rev() {
            if k == 0 {
                return None;
            }
            if want(t) {
                return Some(k);
            }
            if boundary(t) {
                return None;
            }
        }
        None
    };
    let scope = |t: Tag| {
        matches!(t, Tag::Table | Tag::Td | Tag::Th | Tag::Caption | Tag::Html | Tag::Button | Tag::Template | Tag::Svg)
    };
    if tag.closes_p() {
        if let Some(k) = find(stack, &|t| t == Tag::P, &scope) {
            close_to(stack, nodes, k);
        }
    }
    match tag {
        Tag::Li => {
            if let Some(k) = find(stack, &|t| t == Tag::Li, &|t| scope(t) || matches!(t, Tag::Ul | Tag::Ol)) {
                close_to(stack, nodes, k);
            }
        }
        Tag::Dt | Tag::Dd => {
            if let Some(k) = find(stack, &|t| matches!(t, Tag::Dt | Tag::Dd), &|t| scope(t) || t == Tag::Dl) {
                close_to(stack, nodes, k);
            }
        }
        Tag::Td | Tag::Th => {
            if let Some(k) = find(stack, &|t| matches!(t, Tag::Td | Tag::Th), &|t| matches!(t, Tag::Tr | Tag::Table)) {
                close_to(stack, nodes, k);
            }
        }
        Tag::Tr => {
            if let Some(k) =
                find(stack, &|t| t == Tag::Tr, &|t| matches!(t, Tag::Table | Tag::Tbody | Tag::Thead | Tag::Tfoot))
            {
                close_to(stack, nodes, k);
            }
        }
        Tag::Tbody | Tag::Thead | Tag::Tfoot => {
            if let Some(k) = find(stack, &|t| matches!(t, Tag::Tbody | Tag::Thead | Tag::Tfoot), &|t| t == Tag::Table) {
                close_to(stack, nodes, k);
            }
        }
        Tag::Option => {
            if stack.last().is_some_and(|s| s.1 == Tag::Option) {
                let k = stack.len() - 1;
                close_to(stack, nodes, k);
            }
        }
        Tag::H(_) => {
            if stack.last().is_some_and(|s| matches!(s.1, Tag::H(_))) {
                let k = stack.len() - 1;
                close_to(stack, nodes, k);
            }
        }
        Tag::A => {
            if let Some(k) = find(stack, &|t| t == Tag::A, &|t| scope(t) || t.is_block()) {
                close_to(stack, nodes, k);
            }
        }
        _ => {}
    }
}

/// Pops the stack down to (and including) position `k`, ending each popped
/// element's subtree at the current end of the arena.
fn close_to(stack: &mut Vec<(u32, Tag)>, nodes: &mut [Node], k: usize) {
    let end = nodes.len() as u32;
    while stack.len() > k {
        let (id, _) = stack.pop().expect("stack is longer than k");
        nodes[id as usize].end = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A compact rendering: `tag(children)` and `'text'`.
    fn render(input: &str) -> String {
        let dom = Dom::parse(input);
        fn go(dom: &Dom, input: &str, id: u32, out: &mut String) {
            for c in dom.children(id) {
                let n = &dom.nodes[c as usize];
                match n.tag {
                    None => out.push_str(&format!("'{}'", &input[n.range.clone()])),
                    Some(t) => {
                        out.push_str(&format!("{t:?}").to_lowercase());
                        if n.end > c + 1 {
                            out.push('(');
                            go(dom, input, c, out);
                            out.push(')');
                        }
                    }
                }
                out.push(' ');
            }
            if out.ends_with(' ') {
                out.pop();
            }
        }
        let mut out = String::new();
        go(&dom, input, 0, &mut out);
        out
    }

    #[test]
    fn tree_building() {
        let table: &[(&str, &str)] = &[
            ("<p>أ<p>ب", "p('أ') p('ب')"),
            ("<p>أ<div>ب</div>", "p('أ') div('ب')"),
            ("<ul><li>أ<li>ب</ul>", "ul(li('أ') li('ب'))"),
            ("<div><span>أ</div>ب", "div(span('أ')) 'ب'"),
            ("<div>أ</span>ب</div>", "div('أ' 'ب')"),
            ("<table><tr><td>أ<td>ب<tr><td>ج</table>", "table(tr(td('أ') td('ب')) tr(td('ج')))"),
            ("<p>أ<br>ب</br>ج", "p('أ' br 'ب' br 'ج')"),
            ("<a href=x>أ<a href=y>ب", "a('أ') a('ب')"),
            ("<h2>أ<h3>ب</h3>", "h(2)('أ') h(3)('ب')"),
            ("<div/>أ", "div('أ')"),
            ("<svg><path/>ن</svg>", "svg(other 'ن')"),
            ("<td>أ</div>ب</td>", "td('أ' 'ب')"),
        ];
        for (input, want) in table {
            assert_eq!(render(input), *want, "{input}");
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let input = "<div>".repeat(5000) + "نص";
        let dom = Dom::parse(&input);
        assert_eq!(dom.nodes.len(), 5002);
        assert_eq!(dom.nodes[0].end, 5002);
    }

    #[test]
    fn attributes() {
        let input = "<a HREF=\"/خبر\" class=x>";
        let dom = Dom::parse(input);
        assert_eq!(dom.attr(input, 1, "href"), Some("/خبر"));
        assert_eq!(dom.attr(input, 1, "id"), None);
    }
}
