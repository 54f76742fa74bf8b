//! HTML pages: the main text and metadata of the fixture pages, exact maps
//! back to the raw bytes, charset declarations, and (`real_data_`) the 8
//! Arabic news pages of `../shared/data/pages/html/`.

mod ingest_support;

use ingest_support::*;
use marsad_arabic::Span;
use marsad_engine::clean::html::HtmlExtractor;
use marsad_engine::ingest::Limits;
use marsad_engine::{Analyzed, Format, Pipeline};
use std::path::Path;

fn analyze_file(path: &Path) -> Analyzed {
    let docs = read(path, &Limits::default());
    let raw = docs.into_iter().next().unwrap().unwrap();
    Pipeline::builder().build().unwrap().analyze(&raw).unwrap()
}

#[test]
fn a_full_page_gives_its_article_and_metadata() {
    let dir = scratch("economy");
    let path = write(&dir, "economy.txt", fixture("economy.html").as_bytes());
    let a = analyze_file(&path);
    let d = &a.document;
    assert_eq!(d.source.format, Some(Format::Html), "detected by content, not by the .txt name");
    assert_eq!(d.headline.as_deref(), Some("البنك المركزي يثبت سعر الفائدة للمرة الثالثة"));
    assert_eq!(d.published.as_deref(), Some("2021-03-04T10:15:00+03:00"));
    assert_eq!(d.byline.as_deref(), Some("سلمى الخطيب"));
    assert_eq!(a.page.outlet.as_deref(), Some("صحيفة المرصد الاقتصادي"));
    assert_eq!(a.page.canonical_url.as_deref(), Some("https://marsad-economy.example/news/2021/central-bank-rates"));
    // `analyze --json` prints them in `source`.
    assert_eq!(d.source.outlet.as_deref(), Some("صحيفة المرصد الاقتصادي"));
    assert_eq!(d.source.canonical.as_deref(), Some("https://marsad-economy.example/news/2021/central-bank-rates"));
    let json = serde_json::to_value(&d.source).unwrap();
    assert_eq!(json["outlet"], "صحيفة المرصد الاقتصادي");
    assert!(
        json["links"].as_array().unwrap().iter().any(|l| l["headline"] == "الحكومة تطرح سندات جديدة بقيمة ملياري دولار"
            && l["url"] == "https://marsad-economy.example/news/2021/bonds"),
        "{json}"
    );
    let starts: Vec<String> =
        d.paragraphs.iter().map(|p| p.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).collect();
    for want in ["قرر البنك المركزي،", "وقال محافظ البنك", "وأظهرت بيانات رسمية", "ويتوقع محللون أن"]
    {
        assert!(starts.iter().any(|s| s == want), "{want} missing from {starts:?}");
    }
    for furniture in
        ["الرئيسية", "فيسبوك", "الأكثر قراءة", "فوز المنتخب", "لا توجد تعليقات", "جميع الحقوق", "انقطاع الكهرباء"]
    {
        assert!(!d.paragraphs.iter().any(|p| p.contains(furniture)), "{furniture} leaked into {:?}", d.paragraphs);
    }
    // Related links carry absolute URLs.
    let links: Vec<(&str, &str)> =
        a.page.related.iter().map(|r| (r.headline.as_str(), r.url.as_deref().unwrap_or(""))).collect();
    assert!(
        links.contains(&(
            "الحكومة تطرح سندات جديدة بقيمة ملياري دولار",
            "https://marsad-economy.example/news/2021/bonds"
        )),
        "{links:?}"
    );
    // Entities are decoded, and evidence maps back to the raw bytes.
    let raw = fixture("economy.html");
    let quote = "\"الاقتصاد يتعافى بوتيرة أبطأ من المتوقع\"";
    let at = d.text.find(quote).expect("the quotation is in the text");
    let span = a.raw_map.span_to_source(Span::new(at, at + quote.len()));
    assert_eq!(&raw[span.range()], "&quot;الاقتصاد يتعافى بوتيرة أبطأ من المتوقع&quot;");
    let amp = d.text.find("النمو & كبح").unwrap();
    let span = a.raw_map.span_to_source(Span::new(amp, amp + "النمو & كبح".len()));
    assert_eq!(&raw[span.range()], "النمو &amp; كبح");
}

#[test]
fn a_related_column_that_also_holds_the_most_read_box() {
    // A sidebar container named "related" holds the related box, a "more"
    // link and the most-read box: only the related box's links are related.
    let html = r#"<html><head><meta charset="utf-8"><title>افتتاح جسر جديد فوق النهر - أخبار المدينة</title></head><body>
<nav><a href="/">الرئيسية</a> <a href="/local">محليات</a></nav>
<article><h1>افتتاح جسر جديد فوق النهر</h1>
<p>افتتح رئيس البلدية صباح اليوم الجسر الجديد الذي يربط ضفتي النهر، بعد عامين من أعمال البناء التي كلفت نحو عشرين مليون دينار.</p>
<p>وقال رئيس البلدية في كلمة خلال الافتتاح إن الجسر سيخفف الازدحام في وسط المدينة، وإن العمل جار على طريقين جديدين يصلان إليه.</p>
</article>
<div class="related-col">
 <div class="related-news"><div class="title">مواضيع ذات صلة</div>
  <div><a href="/a/1">البلدية تعلن خطة لتوسيع شبكة الطرق الداخلية</a></div>
  <div><a href="/a/2">ارتفاع أعداد الزوار في الحدائق العامة هذا الصيف</a></div>
  <div class="more"><a href="/local">المزيد ...</a></div>
 </div>
 <div class="box"><div class="title">الأكثر قراءة</div>
  <div><a href="/a/3">سقوط أمطار غزيرة على المناطق الشمالية مساء أمس</a></div>
  <div><a href="/a/4">انطلاق مهرجان الكتاب السنوي بمشاركة مئة دار نشر</a></div>
 </div>
</div>
<footer>جميع الحقوق محفوظة</footer></body></html>"#;
    let dir = scratch("related-col");
    let path = write(&dir, "bridge.html", html.as_bytes());
    let a = analyze_file(&path);
    let related: Vec<(&str, &str)> =
        a.page.related.iter().map(|r| (r.headline.as_str(), r.url.as_deref().unwrap_or(""))).collect();
    assert_eq!(
        related,
        [
            ("البلدية تعلن خطة لتوسيع شبكة الطرق الداخلية", "/a/1"),
            ("ارتفاع أعداد الزوار في الحدائق العامة هذا الصيف", "/a/2")
        ]
    );
    assert_eq!(a.document.related.len(), 2);
}

#[test]
fn dates_written_in_the_page() {
    let dir = scratch("dates");
    // Levantine months, Arabic-Indic digits, a Hijri date beside it: the
    // Gregorian date wins. The headline is the title minus its site name.
    let a = analyze_file(&write(&dir, "levant.html", fixture("levant.html").as_bytes()));
    assert_eq!(a.page.outlet.as_deref(), Some("شبكة أخبار الشمال"));
    let d = a.document;
    assert_eq!(d.published.as_deref(), Some("2020-11-14"));
    assert_eq!(d.headline.as_deref(), Some("افتتاح جسر جديد فوق نهر العاصي"));
    assert_eq!(d.paragraphs.len(), 3, "{:?}", d.paragraphs);
    // A page whose only date is Hijri reports it as Hijri.
    let d = analyze_file(&write(&dir, "hijri.html", fixture("hijri.html").as_bytes())).document;
    assert_eq!(d.published.as_deref(), Some("1442-09-05 AH"));
}

#[test]
fn windows_1256_declared_by_meta() {
    let dir = scratch("cp1256-meta");
    let page = fixture("levant.html").replace("charset=utf-8", "charset=windows-1256");
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    let a = analyze_file(&write(&dir, "page.html", &bytes));
    assert_eq!(a.document.source.encoding.as_deref(), Some("windows-1256"));
    assert_eq!(a.document.headline.as_deref(), Some("افتتاح جسر جديد فوق نهر العاصي"));
    let want = "جسرا جديدا";
    let at = a.page.text.find(want).unwrap();
    let span = a.raw_map.span_to_source(Span::new(at, at + want.len()));
    assert_eq!(&bytes[span.range()], &*encoding_rs::WINDOWS_1256.encode(want).0);
}

#[test]
fn every_block_maps_back_to_its_bytes() {
    let html = fixture("economy.html");
    let x = HtmlExtractor::new().extract(&html, None);
    assert!(x.blocks.len() > 10);
    for b in &x.blocks {
        // Each word of the block is found at the source position its map
        // gives (entities excepted: they map to their reference).
        let mut at = 0;
        for w in b.text.split(' ') {
            let span = b.map.span_to_source(Span::new(at, at + w.len()));
            let src = &html[span.range()];
            if !src.contains('&') {
                assert_eq!(src, w, "block {:?}", b.text);
            }
            at += w.len() + 1;
        }
    }
}

// ---------------------------------------------------------------------------
// Real pages (../shared/data/pages/html): run by scripts/real-data-checks.

use marsad_shared_data::dir as shared_data;

/// Publication dates of the 8 pages, from adbar/htmldate
/// tests/eval_mediacloud_2020.json (the pages' upstream gold dates).
const GOLD_DATES: &[(&str, &str)] = &[
    ("akhbarelyom.com", "2020-10-07"),
    ("albayan.ae", "2020-06-03"),
    ("almadenahnews.com", "2020-04-24"),
    ("alyaum.com", "2020-12-01"),
    ("arabic.sputniknews.com", "2020-03-17"),
    ("beirutobserver.com", "2020-11-09"),
    ("elbaladtv.net", "2020-12-25"),
    ("youm7.com", "2020-08-24"),
];

/// The `content` of `<meta property|name="key" content="…">`, read
/// naively from the raw page (the test's own reading, not marsad's).
fn meta_content(html: &str, key: &str) -> Option<String> {
    for attr in ["property", "name"] {
        for q in ['"', '\''] {
            let needle = format!("{attr}={q}{key}{q}");
            let Some(i) = html.find(&needle) else { continue };
            let tag_start = html[..i].rfind('<')?;
            let tag_end = tag_start + html[tag_start..].find('>')?;
            let tag = &html[tag_start..tag_end];
            let c = tag.find("content=")? + 8;
            let quote = tag[c..].chars().next()?;
            let e = c + 1 + tag[c + 1..].find(quote)?;
            // Twice: some pages escape their entities again in attributes.
            return Some(unescape(&unescape(&tag[c + 1..e])));
        }
    }
    None
}

fn unescape(s: &str) -> String {
    // Numeric references, then the few named ones these pages use.
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let end = tail.find(';').filter(|&e| e <= 7);
        let code = end.and_then(|e| {
            let t = &tail[..e];
            let v =
                if let Some(h) = t.strip_prefix(['x', 'X']) { u32::from_str_radix(h, 16).ok() } else { t.parse().ok() };
            v.and_then(char::from_u32)
        });
        match (end, code) {
            (Some(e), Some(c)) => {
                out.push(if c == '\u{a0}' { ' ' } else { c });
                rest = &tail[e + 1..];
            }
            _ => {
                out.push_str("&#");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out.replace("&nbsp;", " ").replace("&quot;", "\"").replace("&amp;", "&")
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of every `<p>…</p>` in the raw page, tags stripped.
fn raw_paragraphs(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while let Some(s) = lower[i..].find("<p") {
        let s = i + s;
        let after = lower.as_bytes().get(s + 2).copied().unwrap_or(b' ');
        if !(after == b'>' || after.is_ascii_whitespace()) {
            i = s + 2;
            continue;
        }
        let Some(open_end) = lower[s..].find('>') else { break };
        let start = s + open_end + 1;
        let end = lower[start..].find("</p>").map_or(html.len(), |e| start + e);
        let next_p = lower[start..].find("<p").map_or(html.len(), |e| start + e);
        let inner = &html[start..end.min(next_p)];
        let mut text = String::new();
        let mut in_tag = false;
        for c in inner.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(squash(&unescape(&text)));
        i = start;
    }
    out
}

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_headline_date_and_body_of_the_8_pages() {
    let dir = shared_data().join("pages/html");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert_eq!(files.len(), 8);
    let pipeline = Pipeline::builder().build().unwrap();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let html = std::fs::read_to_string(path).unwrap();
        let raw = read(path, &Limits::default()).into_iter().next().unwrap().unwrap();
        let d = pipeline.analyze(&raw).unwrap().document;
        assert_eq!(d.source.format, Some(Format::Html), "{name}");

        // Headline: the og:title, or the og:title minus a site name of a
        // few words before or after a separator.
        let og = squash(&meta_content(&html, "og:title").expect("every page has og:title"));
        let head = d.headline.clone().unwrap_or_default();
        assert!(!head.is_empty(), "{name}: no headline");
        let rest = og.replacen(&head, "", 1);
        let rest = rest.trim_matches(|c: char| c.is_whitespace() || "|-–—:".contains(c));
        assert!(
            og.contains(&head) && rest.split_whitespace().count() <= 4,
            "{name}: headline {head:?} from og:title {og:?}"
        );

        // Date: the upstream gold date.
        let gold = GOLD_DATES.iter().find(|(site, _)| name.starts_with(site)).expect("a gold date").1;
        assert!(
            d.published.as_deref().is_some_and(|p| p.starts_with(gold)),
            "{name}: published {:?}, gold {gold}",
            d.published
        );

        // Body: the longest Arabic <p> of the page is article text and is kept.
        let paras = raw_paragraphs(&html);
        let body = squash(&d.paragraphs.join(" "));
        assert!(body.split_whitespace().count() >= 60, "{name}: a body of {} words", body.split_whitespace().count());
        let mut checked = false;
        let arabic = |p: &&String| {
            let letters = p.chars().filter(|c| c.is_alphabetic()).count();
            p.chars().filter(|c| ('\u{0600}'..='\u{06FF}').contains(c)).count() * 2 > letters
        };
        let longest = paras.iter().filter(|p| p.chars().count() > 120).filter(arabic).max_by_key(|p| p.chars().count());
        if let Some(longest) = longest {
            let probe: String = longest.chars().take(60).collect();
            assert!(body.contains(&probe), "{name}: the longest paragraph {probe:?} is missing");
            checked = true;
        }
        // The description, when it is the article's lede, opens the body.
        if let Some(desc) = meta_content(&html, "description") {
            let lede: String = squash(&desc).split_whitespace().take(6).collect::<Vec<_>>().join(" ");
            // The lede is the article's when a text node of the page opens
            // with it (not a site blurb inside a longer text).
            let shown = html
                .split('<')
                .filter_map(|seg| seg.split_once('>').map(|(_, t)| squash(&unescape(t))))
                .any(|t| t.starts_with(&lede));
            if shown {
                let first = d.paragraphs.iter().map(|p| squash(p)).find(|p| p.chars().count() > 80).unwrap_or_default();
                assert!(first.starts_with(&lede), "{name}: body opens with {first:?}, lede {lede:?}");
                checked = true;
            }
        }
        assert!(checked, "{name}: neither a long <p> nor a lede to check the body against");
        // A byline is a person or a desk, not the outlet (an Organization
        // author, a word of the site's name) nor a bracketed dateline.
        if let Some(by) = &d.byline {
            let outlet = d.source.outlet.clone().unwrap_or_default().to_lowercase();
            let site: Vec<&str> = outlet.split_whitespace().collect();
            let lower = by.to_lowercase();
            assert!(
                !by.starts_with('(') && !lower.split_whitespace().all(|w| site.contains(&w)),
                "{name}: byline {by:?} names the outlet {outlet:?}"
            );
        }
        // A related box, not every list of links on the page.
        assert!(d.related.len() <= 12, "{name}: {} related links: {:?}", d.related.len(), d.related);
        // No related-article headline is left in the body.
        let related: Vec<&str> = d.related.iter().map(String::as_str).collect();
        for p in &d.paragraphs {
            assert!(!related.contains(&p.as_str()), "{name}: a related headline in the body: {p:?}");
        }
    }
}
