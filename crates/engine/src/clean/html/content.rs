//! Finding the article body in the DOM: which blocks are in the main content
//! region.
//!
//! The scorer is the one Readability made standard, adapted to what Arabic
//! news sites look like: every paragraph-like block of real prose (long
//! enough, few links) scores by its length and punctuation (Arabic `،` `؛`
//! `؟` as well as Latin), and gives that score to the element that holds it
//! and, halved, to that element's parent; elements gain or lose by what their
//! `class`/`id` words and tag say (article, content, entry, body… against
//! nav, menu, share, comments, related, most read, ads…); the best element,
//! discounted by its link density, is the main region, together with the
//! siblings that score close to it. Inside the region, subtrees whose names
//! say furniture (share bars, tag lists, related-article boxes, comment
//! forms, ads) and link lists are left out.

use super::blocks::PageBlock;
use super::dom::{Dom, Tag};

/// How an element's `class` and `id` words speak about it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Naming {
    /// Positive: the element names itself as content.
    pub content: f32,
    /// Names itself as furniture (share, comments, ads, menus, …).
    pub furniture: bool,
}

/// Words in class/id values that mark content.
const CONTENT_WORDS: &[&str] = &[
    "article",
    "articlebody",
    "body",
    "content",
    "entry",
    "hentry",
    "main",
    "post",
    "story",
    "text",
    "news",
    "details",
    "detail",
    "single",
    "singlepage",
    "blog",
    "newsbody",
    "storybody",
    "maincontent",
    "postcontent",
    "entrycontent",
    "txt",
    "matn",
    "nbody",
    "bodytext",
    "desc",
];

/// Words that mark page furniture.
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "adsbygoogle",
    "banner",
    "sponsor",
    "sponsored",
    "promo",
    "promoted",
    "outbrain",
    "taboola",
    "dfp",
    "gpt",
    "comment",
    "comments",
    "disqus",
    "respond",
    "reply",
    "footer",
    "foot",
    "masthead",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "submenu",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "widget",
    "widgets",
    "share",
    "sharing",
    "shares",
    "sharebox",
    "social",
    "socials",
    "follow",
    "addtoany",
    "sharethis",
    "tags",
    "tag",
    "tagcloud",
    "keywords",
    "related",
    "relatedposts",
    "recommended",
    "recommend",
    "most",
    "mostread",
    "popular",
    "trending",
    "ticker",
    "marquee",
    "breaking",
    "urgent",
    "newsletter",
    "subscribe",
    "subscription",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "login",
    "signup",
    "register",
    "search",
    "pagination",
    "pager",
    "copyright",
    "modal",
    "popup",
    "toolbar",
    "tools",
    "print",
    "rating",
    "vote",
    "poll",
    "weather",
    "prayer",
    "currency",
    "hide",
    "hidden",
    "sr",
    "skip",
    "logo",
    "slider",
    "carousel",
    "next",
    "prev",
    "previous",
    "hot",
    "latest",
    "more",
    "readmore",
    "also",
    "aside",
];

/// Splits a class/id value into lowercase words on any non-alphanumeric
/// character ("jeg_ad jeg_article" → jeg, ad, jeg, article; camelCase is
/// split too: "articleBody" → article, body, and kept whole: articlebody).
fn words(value: &str, out: &mut Vec<String>) {
    for part in value.split(|c: char| !c.is_ascii_alphanumeric()) {
        if part.is_empty() {
            continue;
        }
        out.push(part.to_ascii_lowercase());
        let bytes = part.as_bytes();
        let mut start = 0;
        for k in 1..bytes.len() {
            if bytes[k].is_ascii_uppercase() && bytes[k - 1].is_ascii_lowercase() {
                out.push(part[start..k].to_ascii_lowercase());
                start = k;
            }
        }
        if start > 0 {
            out.push(part[start..].to_ascii_lowercase());
        }
    }
}

/// Reads an element's class and id words.
pub fn naming(dom: &Dom, input: &str, id: u32, buf: &mut Vec<String>) -> Naming {
    buf.clear();
    for attr in ["class", "id"] {
        if let Some(v) = dom.attr(input, id, attr) {
            words(v, buf);
        }
    }
    let mut n = Naming::default();
    if let Some(p) = dom.attr(input, id, "itemprop") {
        if p.eq_ignore_ascii_case("articleBody") || p.eq_ignore_ascii_case("text") {
            n.content += 50.0;
        }
        // Microdata written out as text (publisher name, logo and image
        // URLs) that the page hides with CSS.
        if ["publisher", "logo", "image", "thumbnailUrl"].iter().any(|x| p.eq_ignore_ascii_case(x)) {
            n.furniture = true;
        }
    }
    if let Some(r) = dom.attr(input, id, "role") {
        match r.to_ascii_lowercase().as_str() {
            "navigation" | "banner" | "contentinfo" | "complementary" | "menu" | "menubar" | "search" | "dialog" => {
                n.furniture = true
            }
            "main" | "article" => n.content += 25.0,
            _ => {}
        }
    }
    let mut content_hits = 0;
    let mut furniture_hits = 0;
    for w in buf.iter() {
        if FURNITURE_WORDS.contains(&w.as_str()) {
            furniture_hits += 1;
        } else if CONTENT_WORDS.contains(&w.as_str()) {
            content_hits += 1;
        }
    }
    if furniture_hits > 0 {
        n.furniture = true;
        n.content -= 25.0;
    }
    if content_hits > 0 && furniture_hits == 0 {
        n.content += 25.0;
    }
    n
}

fn tag_weight(tag: Option<Tag>) -> f32 {
    match tag {
        Some(Tag::Article) => 10.0,
        Some(Tag::Div | Tag::Main) => 5.0,
        Some(Tag::Pre | Tag::Td | Tag::Blockquote | Tag::Section) => 3.0,
        Some(Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form) => -3.0,
        Some(Tag::H(_) | Tag::Th) => -5.0,
        Some(Tag::Nav | Tag::Aside | Tag::Footer | Tag::Header | Tag::Menu) => -25.0,
        _ => 0.0,
    }
}

/// Characters that end or join clauses, counted as a sign of prose.
fn punctuation(s: &str) -> usize {
    s.chars().filter(|c| matches!(c, '،' | ',' | '.' | '؛' | ';' | '؟' | '?' | ':' | '!')).count()
}

/// A block of prose: long enough and mostly not links.
pub fn is_prose(b: &PageBlock) -> bool {
    b.chars >= 40 && b.block.link_density < 0.34
}

/// The chosen region: its roots (the top candidate and kept siblings).
#[derive(Clone, Debug, Default)]
pub struct Region {
    pub roots: Vec<u32>,
}

impl Region {
    pub fn contains(&self, dom: &Dom, id: u32) -> bool {
        self.roots.iter().any(|&r| dom.contains(r, id))
    }
}

/// Scores the page and marks each block `in_main`.
pub fn mark_main(dom: &Dom, input: &str, blocks: &mut [PageBlock]) -> Region {
    let n = dom.nodes.len();
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    let mut chars = vec![0u32; n];
    let mut link_chars = vec![0u32; n];
    for b in blocks.iter() {
        let mut a = b.owner;
        loop {
            chars[a as usize] += b.chars as u32;
            link_chars[a as usize] += b.link_chars as u32;
            let p = dom.nodes[a as usize].parent;
            if p == u32::MAX {
                break;
            }
            a = p;
        }
    }
    for b in blocks.iter() {
        if !is_prose(b) {
            continue;
        }
        let s = 1.0 + punctuation(&b.block.text) as f32 + (b.chars as f32 / 100.0).min(3.0);
        // The element that holds the paragraph: the owner itself when text
        // sits directly in a container (`<div>text<br>text</div>`), its
        // parent when the owner is a paragraph element.
        let holder = match dom.tag(b.owner) {
            Some(Tag::P | Tag::H(_) | Tag::Li | Tag::Blockquote | Tag::Pre | Tag::Dd | Tag::Dt | Tag::Span) => {
                dom.nodes[b.owner as usize].parent
            }
            _ => b.owner,
        };
        let mut a = holder;
        for level in 0..3 {
            if a == u32::MAX || a == 0 {
                break;
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f32 * 3.0,
            };
            score[a as usize] += s / div;
            scored[a as usize] = true;
            a = dom.nodes[a as usize].parent;
        }
    }
    let mut buf = Vec::new();
    // Class/id names are read once per element, and only for elements
    // that carry attributes.
    let mut names: Vec<Option<Naming>> = vec![None; n];
    let mut name_of = |id: u32, buf: &mut Vec<String>| -> Naming {
        if dom.nodes[id as usize].attrs.is_empty() {
            return Naming::default();
        }
        *names[id as usize].get_or_insert_with(|| naming(dom, input, id, buf))
    };
    let mut best: Option<(u32, f32)> = None;
    let mut finals = vec![0f32; n];
    for id in 0..n as u32 {
        if !scored[id as usize] {
            continue;
        }
        let name = name_of(id, &mut buf);
        let ld = link_chars[id as usize] as f32 / chars[id as usize].max(1) as f32;
        let f = (score[id as usize] + name.content + tag_weight(dom.tag(id))) * (1.0 - ld);
        finals[id as usize] = f;
        if best.is_none_or(|(_, s)| f > s) {
            best = Some((id, f));
        }
    }
    let mut region = Region::default();
    let Some((top, top_score)) = best else {
        return region;
    };
    // A top candidate that holds too little of its parent's prose is
    // probably one part of a body split across siblings: keep the siblings
    // that score close to it, or that are prose paragraphs themselves.
    region.roots.push(top);
    let parent = dom.nodes[top as usize].parent;
    if parent != u32::MAX {
        let threshold = (top_score * 0.2).max(10.0);
        for sib in dom.children(parent) {
            if sib == top || dom.tag(sib).is_none() {
                continue;
            }
            let keep = finals[sib as usize] >= threshold
                || blocks.iter().any(|b| b.owner == sib && dom.tag(sib) == Some(Tag::P) && is_prose(b));
            if keep && !name_of(sib, &mut buf).furniture {
                region.roots.push(sib);
            }
        }
    }
    // Mark blocks: inside a root and not under a furniture subtree within it.
    for b in blocks.iter_mut() {
        let inside = region.contains(dom, b.owner);
        let mut furniture = false;
        if inside {
            let mut a = b.owner;
            while a != u32::MAX && !region.roots.contains(&a) {
                if matches!(dom.tag(a), Some(Tag::Nav | Tag::Aside | Tag::Footer | Tag::Form | Tag::Menu))
                    || name_of(a, &mut buf).furniture
                {
                    furniture = true;
                    break;
                }
                a = dom.nodes[a as usize].parent;
            }
        }
        // A bare URL is never article text.
        let url = !b.block.text.contains(' ') && b.block.text.contains("://");
        b.block.in_main = Some(inside && !furniture && !url);
    }
    region
}
