//! An analysed document as a reader sees it: the cleaned text with every
//! annotation marked where it sits (entities by type, linked; claims with
//! source, cue and content; quantities with their consistency flags next to
//! them; loaded wording), and the lists that go beside it.
//!
//! Both the article page (a stored document) and the analyze page (a pasted
//! one) are built from a [`Document`]; they differ only in where an entity
//! links to, which the caller decides.

use super::highlight::{class_token, escape, render, Mark, Tag, Widget};
use marsad_arabic::Span;
use marsad_engine::analyze::ClaimKind;
use marsad_engine::{Document, DropReason};
use serde::Serialize;
use std::collections::BTreeMap;

/// One block of the text (the headline or a paragraph), rendered.
#[derive(Clone, Debug, Serialize)]
pub struct Block {
    pub span: Span,
    /// Highlighted HTML (escaped text with our elements only).
    pub html: String,
}

/// A claim as listed beside the text.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimItem {
    /// 1-based, the number its marks carry in `data-claim`.
    pub n: usize,
    pub kind: String,
    pub kind_ar: String,
    pub source: Option<String>,
    pub cue: String,
    pub content: String,
    pub relay: Option<String>,
    pub vague: bool,
    pub hedged: bool,
    /// Its provenance page, when stored.
    pub href: Option<String>,
}

/// A quantity as listed beside the text.
#[derive(Clone, Debug, Serialize)]
pub struct QuantityItem {
    pub text: String,
    pub kind: String,
    pub value: Option<String>,
    pub unit: Option<String>,
    pub approx: Option<String>,
    /// Numbers of the flags (1-based) whose spans cover this quantity.
    pub flags: Vec<usize>,
}

/// A consistency flag as listed beside the text.
#[derive(Clone, Debug, Serialize)]
pub struct FlagItem {
    pub n: usize,
    pub kind: String,
    pub message_ar: String,
    pub message_en: String,
    /// The text of each span the flag points at.
    pub quotes: Vec<String>,
}

/// An entity of the document, with how often it is mentioned.
#[derive(Clone, Debug, Serialize)]
pub struct EntityItem {
    /// The name as the document first writes it.
    pub name: String,
    pub canonical: Option<String>,
    pub label: String,
    pub label_ar: &'static str,
    pub href: Option<String>,
    pub mentions: usize,
    /// The distinct surface forms used in this document.
    pub forms: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct WordingItem {
    pub text: String,
    pub category: String,
    pub category_ar: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DroppedItem {
    pub reason: &'static str,
    pub reason_ar: &'static str,
    pub text: String,
}

/// Everything the article and analyze pages show of one document.
#[derive(Clone, Debug, Serialize)]
pub struct Evidence {
    /// The headline block, when the text starts with the headline.
    pub headline: Option<Block>,
    pub paragraphs: Vec<Block>,
    pub claims: Vec<ClaimItem>,
    pub quantities: Vec<QuantityItem>,
    pub flags: Vec<FlagItem>,
    pub entities: Vec<EntityItem>,
    pub wording: Vec<WordingItem>,
    pub dropped: Vec<DroppedItem>,
    /// Annotations whose span does not fall inside the text (shown as a
    /// warning: the analysis and the text disagree).
    pub out_of_text: usize,
}

/// Where the marks link to: the page of each entity mention and of each
/// claim's provenance, in the order of the document's lists (missing or
/// `None`: not linked).
#[derive(Clone, Debug, Default)]
pub struct Links {
    pub entities: Vec<Option<String>>,
    pub claims: Vec<Option<String>>,
}

/// Builds [`Evidence`].
pub fn build(doc: &Document, links: &Links) -> Evidence {
    let text = &doc.text;
    let mut marks: Vec<Mark> = Vec::new();
    let mut widgets: Vec<Widget> = Vec::new();
    let mut out_of_text = 0usize;
    let mut inside = |s: Span| {
        let ok = s.start < s.end && s.end <= text.len();
        if !ok {
            out_of_text += 1;
        }
        ok
    };

    // Entities: one element per mention, by type, linked.
    let mut by_key: BTreeMap<(String, String), EntityItem> = BTreeMap::new();
    for (i, e) in doc.entities.iter().enumerate() {
        if !inside(e.span) {
            continue;
        }
        let label = class_token(&e.label);
        let href = links.entities.get(i).cloned().flatten();
        let title = match &e.canonical {
            Some(c) => format!("{} · {c}", label_ar(&e.label)),
            None => label_ar(&e.label).to_string(),
        };
        let mut m = Mark::new(e.span, if href.is_some() { Tag::A } else { Tag::Span }, format!("ent ent-{label}"))
            .attr("title", title);
        if let Some(h) = &href {
            m = m.attr("href", h.clone());
        }
        marks.push(m);
        let key = e.canonical.clone().unwrap_or_else(|| e.text.clone());
        let item = by_key.entry((e.label.clone(), key)).or_insert_with(|| EntityItem {
            name: e.text.clone(),
            canonical: e.canonical.clone(),
            label: e.label.clone(),
            label_ar: label_ar(&e.label),
            href,
            mentions: 0,
            forms: Vec::new(),
        });
        item.mentions += 1;
        if !item.forms.contains(&e.text) {
            item.forms.push(e.text.clone());
        }
    }

    // Claims: source, cue and content marked, numbered so that the page can
    // light up all parts of one claim together.
    let mut claims = Vec::new();
    for (i, c) in doc.claims.iter().enumerate() {
        let n = i + 1;
        let mut status = String::new();
        if c.vague_source {
            status.push_str(" vague");
        }
        if c.hedged || c.kind == ClaimKind::Hedged {
            status.push_str(" hedged");
        }
        let who = c.source.as_ref().map_or("المقال نفسه", |s| s.text.as_str());
        let kind = kind_str(c.kind);
        let mut title = format!("ادعاء {n} · {} · {who}", kind_ar(&kind));
        if c.vague_source {
            title.push_str(" · مصدر مبهم");
        }
        if c.hedged {
            title.push_str(" · بصيغة التحوّط");
        }
        let part = |span: Span, class: &str| {
            Mark::new(span, Tag::Span, format!("{class}{status}"))
                .attr("data-claim", n.to_string())
                .attr("title", title.clone())
        };
        if inside(c.content.span) {
            marks.push(part(c.content.span, "cl-content"));
        }
        if !c.cue.span.is_empty() && inside(c.cue.span) {
            marks.push(part(c.cue.span, "cl-cue"));
        }
        if let Some(s) = &c.source {
            if !s.span.is_empty() && inside(s.span) {
                marks.push(part(s.span, "cl-src"));
            }
        }
        if let Some(r) = &c.relay {
            if !r.span.is_empty() && inside(r.span) {
                marks.push(part(r.span, "cl-relay"));
            }
        }
        claims.push(ClaimItem {
            n,
            kind_ar: kind_ar(&kind),
            kind,
            source: c.source.as_ref().map(|s| s.text.clone()),
            cue: c.cue.text.clone(),
            content: c.content.text.clone(),
            relay: c.relay.as_ref().map(|r| r.text.clone()),
            vague: c.vague_source,
            hedged: c.hedged || c.kind == ClaimKind::Hedged,
            href: links.claims.get(i).cloned().flatten(),
        });
    }

    // Flags: each flagged span marked, and a numbered badge right after it.
    let mut flags = Vec::new();
    for (i, f) in doc.flags.iter().enumerate() {
        let n = i + 1;
        let mut quotes = Vec::new();
        for &s in &f.spans {
            if !inside(s) {
                continue;
            }
            quotes.push(s.get(text).unwrap_or_default().to_string());
            marks.push(Mark::new(s, Tag::Span, "flagged").attr("title", f.message.ar.clone()));
            widgets.push(Widget {
                at: s.end,
                html: format!(
                    "<sup class=\"flag-badge\" data-flag=\"{n}\" title=\"{}\">⚑{n}</sup>",
                    escape(&f.message.ar)
                ),
            });
        }
        flags.push(FlagItem {
            n,
            kind: f.kind.clone(),
            message_ar: f.message.ar.clone(),
            message_en: f.message.en.clone(),
            quotes,
        });
    }

    let mut quantities = Vec::new();
    for q in &doc.quantities {
        if !inside(q.span) {
            continue;
        }
        let kind = serde_json::to_value(q.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let value = q.value.map(|v| match q.value_max {
            Some(max) => format!("{}–{}", number(v), number(max)),
            None => number(v),
        });
        let mut title = String::from("كمية");
        if let Some(v) = &value {
            title.push_str(&format!(" · {v}"));
        }
        if let Some(u) = &q.unit {
            title.push_str(&format!(" {u}"));
        }
        if let Some(a) = &q.approx {
            title.push_str(&format!(" · تقريبي ({a})"));
        }
        marks.push(Mark::new(q.span, Tag::Span, format!("qty qty-{}", class_token(&kind))).attr("title", title));
        let flagged: Vec<usize> = doc
            .flags
            .iter()
            .enumerate()
            .filter(|(_, f)| f.spans.iter().any(|s| s.overlaps(&q.span)))
            .map(|(i, _)| i + 1)
            .collect();
        quantities.push(QuantityItem {
            text: q.text.clone(),
            kind,
            value,
            unit: q.unit.clone(),
            approx: q.approx.clone(),
            flags: flagged,
        });
    }

    let mut wording = Vec::new();
    for w in &doc.wording {
        if !inside(w.span) {
            continue;
        }
        let cat = category_ar(&w.category);
        marks.push(
            Mark::new(w.span, Tag::Span, format!("wd wd-{}", class_token(&w.category))).attr("title", cat.clone()),
        );
        wording.push(WordingItem { text: w.text.clone(), category: w.category.clone(), category_ar: cat });
    }

    // Blocks: the text is the headline then the paragraphs, separated by
    // blank lines; each block is rendered on its own (marks clipped to it).
    let mut blocks: Vec<Block> = Vec::new();
    let mut at = 0;
    for piece in text.split("\n\n") {
        let span = Span::new(at, at + piece.len());
        at = span.end + 2;
        if piece.trim().is_empty() {
            continue;
        }
        blocks.push(Block { span, html: render(text, span, &marks, &widgets) });
    }
    let headline = match (&doc.headline, blocks.first()) {
        (Some(h), Some(b)) if b.span.get(text) == Some(h.as_str()) => Some(blocks.remove(0)),
        _ => None,
    };

    let mut entities: Vec<EntityItem> = by_key.into_values().collect();
    entities.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.name.cmp(&b.name)));
    let dropped = doc
        .dropped
        .iter()
        .map(|d| DroppedItem { reason: d.reason.as_str(), reason_ar: reason_ar(d.reason), text: d.text.clone() })
        .collect();
    Evidence { headline, paragraphs: blocks, claims, quantities, flags, entities, wording, dropped, out_of_text }
}

/// A number without a useless `.0`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

pub fn label_ar(label: &str) -> &'static str {
    match label {
        "PER" => "شخص",
        "ORG" => "منظمة",
        "LOC" => "مكان",
        "MISC" => "كيان آخر",
        _ => "كيان",
    }
}

/// The stable (serde) name of a claim kind.
fn kind_str(k: ClaimKind) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// Arabic names of the claim kinds, by stable name (a kind added later shows
/// by that name).
fn kind_ar(k: &str) -> String {
    match k {
        "direct" => "اقتباس مباشر".into(),
        "indirect" => "قول منقول".into(),
        "according_to" => "نسبة إلى مصدر".into(),
        "hedged" => "تأكيد متحوّط".into(),
        other => other.to_string(),
    }
}

/// Arabic names of the wording categories the analyzer uses; an unknown
/// category is shown as it is.
fn category_ar(c: &str) -> String {
    match c {
        "pejorative_label" => "وصف تحقيري".into(),
        "emotive" => "لغة عاطفية".into(),
        "intensifier" => "مبالغة".into(),
        "naming_variant" => "تسمية بديلة".into(),
        "euphemism" => "تلطيف".into(),
        "hedge" => "تحوّط".into(),
        other => other.to_string(),
    }
}

/// The Arabic name of a drop reason, by its stable name (so a reason the
/// cleaner adds later is shown by that name until it gets one here).
pub fn reason_ar(r: DropReason) -> &'static str {
    match r.as_str() {
        "byline" => "سطر الكاتب",
        "date_line" => "سطر التاريخ",
        "related_link" => "رابط «اقرأ أيضاً»",
        "credit_line" => "سطر المصدر",
        "cookie_notice" => "إشعار ملفات الارتباط",
        "ticker" => "شريط عاجل",
        "share_prompt" => "دعوة للمشاركة",
        "navigation" => "قائمة تصفح",
        "link_list" => "قائمة روابط",
        "copyright" => "حقوق النشر",
        "newsletter" => "نشرة أو تطبيق",
        "comments" => "التعليقات",
        "advertisement" => "إعلان",
        "tags" => "وسوم",
        "account" => "تسجيل أو حساب",
        "duplicate" => "سطر مكرر",
        "page_title" => "عنوان الصفحة",
        "boilerplate" => "حشو الصفحة",
        other => other,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use marsad_engine::analyze::{Claim, Entity, Flag, Message, Part, Quantity, QuantityKind, Wording};
    use marsad_engine::{DropReason, Dropped};

    fn span_of(text: &str, needle: &str) -> Span {
        let s = text.find(needle).unwrap_or_else(|| panic!("{needle} not in text"));
        Span::new(s, s + needle.len())
    }

    fn part(text: &str, needle: &str) -> Part {
        Part { text: needle.to_string(), span: span_of(text, needle) }
    }

    /// A document written for this test: an attributed claim with a
    /// quantity inside its content, a flag over two spellings of a number,
    /// a vague hedged claim, loaded wording and a dropped line.
    pub(crate) fn sample() -> Document {
        let headline = "الوزارة: وصول 3 آلاف عنصر إلى الحدود";
        let p1 = "قال وزير الداخلية سامر الحلبي إن 3000 آلاف عنصر وصلوا إلى الحدود الشمالية.";
        let p2 = "وأضافت مصادر مطلعة أنه يبدو أن العصابات الإجرامية تراجعت.";
        let text = format!("{headline}\n\n{p1}\n\n{p2}");
        let t = text.as_str();
        let ent = |needle: &str, label: &str, canonical: Option<&str>| Entity {
            text: needle.to_string(),
            label: label.to_string(),
            canonical: canonical.map(str::to_string),
            span: span_of(t, needle),
        };
        let qty = |needle: &str, value: f64| Quantity {
            text: needle.to_string(),
            value: Some(value),
            unit: Some("عنصر".into()),
            kind: QuantityKind::Count,
            approx: None,
            value_max: None,
            span: span_of(t, needle),
        };
        Document {
            id: "00000000000000aa".into(),
            headline: Some(headline.into()),
            paragraphs: vec![p1.into(), p2.into()],
            text: text.clone(),
            entities: vec![ent("سامر الحلبي", "PER", Some("Q_halabi")), ent("الحدود الشمالية", "LOC", None)],
            claims: vec![
                Claim {
                    kind: ClaimKind::Indirect,
                    source: Some(part(t, "وزير الداخلية سامر الحلبي")),
                    cue: part(t, "قال"),
                    content: part(t, "3000 آلاف عنصر وصلوا إلى الحدود الشمالية"),
                    source_entity: Some("Q_halabi".into()),
                    relay: None,
                    vague_source: false,
                    hedged: false,
                },
                Claim {
                    kind: ClaimKind::Indirect,
                    source: Some(part(t, "مصادر مطلعة")),
                    cue: part(t, "وأضافت"),
                    content: part(t, "يبدو أن العصابات الإجرامية تراجعت"),
                    source_entity: None,
                    relay: None,
                    vague_source: true,
                    hedged: true,
                },
            ],
            quantities: vec![qty("3 آلاف", 3000.0), qty("3000 آلاف", 3_000_000.0)],
            flags: vec![Flag {
                kind: "inconsistent_count".into(),
                message: Message {
                    ar: "العدد غير متسق: 3 آلاف و3000 آلاف".into(), en: "inconsistent count".into()
                },
                spans: vec![span_of(t, "3 آلاف"), span_of(t, "3000 آلاف")],
            }],
            wording: vec![Wording {
                text: "العصابات الإجرامية".into(),
                category: "pejorative_label".into(),
                span: span_of(t, "العصابات الإجرامية"),
                entity: None,
            }],
            dropped: vec![Dropped { text: "عاجل".into(), reason: DropReason::Ticker }],
            ..Document::default()
        }
    }

    #[test]
    fn every_annotation_is_marked_in_place() {
        let doc = sample();
        let links = Links {
            entities: doc.entities.iter().map(|e| e.canonical.as_ref().map(|c| format!("/entities/{c}"))).collect(),
            claims: vec![Some("/claims/7".into())],
        };
        let ev = build(&doc, &links);
        assert_eq!(ev.out_of_text, 0);
        let h = ev.headline.as_ref().expect("headline block");
        assert!(h.html.contains("<span class=\"qty qty-count\""), "{}", h.html);
        assert!(h.html.contains("⚑1</sup>"), "flag badge next to the headline's number: {}", h.html);
        assert_eq!(ev.paragraphs.len(), 2);
        let p1 = &ev.paragraphs[0].html;
        assert!(
            p1.contains(
                "<a class=\"ent ent-per\" title=\"شخص · Q_halabi\" href=\"/entities/Q_halabi\">سامر الحلبي</a>"
            ),
            "{p1}"
        );
        assert!(p1.contains("<span class=\"ent ent-loc\" title=\"مكان\">الحدود الشمالية</span>"), "{p1}");
        assert!(p1.contains("class=\"cl-cue\" data-claim=\"1\""), "{p1}");
        assert!(p1.contains("class=\"cl-src\" data-claim=\"1\""), "{p1}");
        assert!(p1.contains("class=\"cl-content\" data-claim=\"1\""), "{p1}");
        let p2 = &ev.paragraphs[1].html;
        assert!(p2.contains("class=\"cl-src vague hedged\""), "{p2}");
        assert!(p2.contains("class=\"wd wd-pejorative_label\" title=\"وصف تحقيري\">العصابات الإجرامية</span>"), "{p2}");
        assert_eq!(ev.claims.len(), 2);
        assert!(ev.claims[1].vague && ev.claims[1].hedged);
        assert_eq!(ev.claims[0].href.as_deref(), Some("/claims/7"));
        assert_eq!(ev.claims[1].href, None);
        assert_eq!(ev.quantities[0].flags, vec![1]);
        assert_eq!(ev.flags[0].quotes, vec!["3 آلاف".to_string(), "3000 آلاف".to_string()]);
        assert_eq!(ev.entities.len(), 2);
        assert_eq!(ev.dropped[0].reason_ar, "شريط عاجل");
    }

    #[test]
    fn spans_outside_the_text_are_counted_not_rendered() {
        let mut doc = sample();
        doc.entities.push(Entity {
            text: "x".into(),
            label: "PER".into(),
            canonical: None,
            span: Span::new(doc.text.len(), doc.text.len() + 5),
        });
        let ev = build(&doc, &Links::default());
        assert_eq!(ev.out_of_text, 1);
    }
}
