//! TREC-style SGML collections (`<DOC>` records, as ANT and the Arabic
//! Gigaword ship): detected by content, read record by record, fields as
//! hints, `<P>` paragraphs joined across wrapped lines, bad records reported
//! without stopping the file, and (`real_data_`) the ANT articles of
//! `../shared/data/pages/text/ant-with-furniture/` read whole through
//! `marsad analyze`'s path.

mod ingest_support;

use ingest_support::*;
use marsad_engine::ingest::Limits;
use marsad_engine::{DropReason, Format, Pipeline};
use std::path::PathBuf;

/// An ANT-like record: one paragraph per line, a "read also" line inside.
const ANT_LIKE: &str = "<DOC>
<DOCNO>XX-local-1-20210314</DOCNO>
<URL>https://news.example/local/1</URL>
<SRC>XX</SRC>
<TITLE>افتتاح جسر جديد فوق النهر</TITLE>
<TIME>Sun, 14 Mar 2021 09:30:00 +0200</TIME>
<AUTHOR>هالة منصور</AUTHOR>
<ABSTRACT>
افتتح رئيس البلدية الجسر الجديد.
</ABSTRACT>
<TEXT>
افتتح رئيس البلدية صباح اليوم الجسر الجديد الذي يربط ضفتي النهر، بعد عامين من أعمال البناء.
اقرأ أيضا: البلدية تعلن خطة لتوسيع شبكة الطرق الداخلية
وقال رئيس البلدية في كلمة خلال الافتتاح إن الجسر سيخفف الازدحام في وسط المدينة.
</TEXT>
</DOC>
";

/// A Gigaword-like record: `<P>` paragraphs wrapped over several lines.
const GIGAWORD_LIKE: &str = "<DOC id=\"XYZ_ARB_20210315.0001\" type=\"story\" >
<HEADLINE>
ارتفاع أسعار الخبز في الأسواق
</HEADLINE>
<DATELINE>
عمان 15-3 (وكالة) -
</DATELINE>
<TEXT>
<P>
ارتفعت أسعار الخبز في الأسواق المحلية اليوم بنسبة
عشرة في المئة، بعد زيادة كلفة الطحين والوقود.
</P>
<P>
وقال تجار إن الزيادة هي الثانية هذا العام، وإن الطلب
تراجع في الأحياء الفقيرة.
</P>
</TEXT>
</DOC>
";

#[test]
fn records_become_documents_with_their_fields() {
    let dir = scratch("trec");
    let file = format!("{ANT_LIKE}{GIGAWORD_LIKE}");
    let path = write(&dir, "collection.sgml", file.as_bytes());
    let docs: Vec<_> = read(&path, &Limits::default()).into_iter().map(|d| d.unwrap()).collect();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d.source.format == Some(Format::Trec)));
    assert_eq!(docs[0].source.record, Some(1));
    assert_eq!(docs[0].source.url.as_deref(), Some("https://news.example/local/1"));

    let pipeline = Pipeline::builder().build().unwrap();
    let a = pipeline.analyze(&docs[0]).unwrap();
    let d = &a.document;
    assert_eq!(d.headline.as_deref(), Some("افتتاح جسر جديد فوق النهر"));
    assert_eq!(d.published.as_deref(), Some("2021-03-14T09:30:00+02:00"));
    assert_eq!(d.byline.as_deref(), Some("هالة منصور"));
    assert_eq!(d.paragraphs.len(), 2, "{:?}", d.paragraphs);
    assert!(d.paragraphs[0].starts_with("افتتح رئيس البلدية"));
    assert_eq!(d.related, ["البلدية تعلن خطة لتوسيع شبكة الطرق الداخلية"]);
    assert!(d.dropped.iter().any(|x| x.reason == DropReason::RelatedLink));
    // Neither the record's id nor its abstract is text of the article.
    assert!(!d.text.contains("XX-local") && !d.text.contains("الجسر الجديد.\n"));
    // Spans lead back to the record's text.
    let raw = String::from_utf8(docs[0].bytes.clone()).unwrap();
    let span = a.raw_map.span_to_source(a.page.paragraph_spans[1]);
    assert_eq!(&raw[span.range()], d.paragraphs[1]);

    let g = pipeline.analyze(&docs[1]).unwrap().document;
    assert_eq!(g.headline.as_deref(), Some("ارتفاع أسعار الخبز في الأسواق"));
    assert_eq!(
        g.paragraphs,
        [
            "ارتفعت أسعار الخبز في الأسواق المحلية اليوم بنسبة عشرة في المئة، بعد زيادة كلفة الطحين والوقود.",
            "وقال تجار إن الزيادة هي الثانية هذا العام، وإن الطلب تراجع في الأحياء الفقيرة."
        ]
    );
}

#[test]
fn bad_records_are_reported_and_the_next_ones_read() {
    let dir = scratch("trec-bad");
    let no_text = "<DOC>\n<TITLE>عنوان بلا نص</TITLE>\n</DOC>\n";
    let unclosed = "<DOC>\n<TITLE>سجل لم يغلق</TITLE>\n<TEXT>\nنص مقطوع\n";
    let file = format!("{no_text}{unclosed}{ANT_LIKE}{unclosed}");
    let path = write(&dir, "bad.txt", file.as_bytes());
    let docs = read(&path, &Limits::default());
    assert_eq!(docs.len(), 4, "{docs:?}");
    let err = |i: usize| docs[i].as_ref().unwrap_err().to_string();
    assert!(err(0).contains("bad.txt#1"), "{}", err(0));
    assert!(err(1).contains("bad.txt#2") && err(1).contains("</DOC>"), "{}", err(1));
    assert_eq!(docs[2].as_ref().unwrap().source.record, Some(3));
    assert!(err(3).contains("bad.txt#4") && err(3).contains("truncated"), "{}", err(3));
}

use marsad_shared_data::dir as shared_data;

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_ant_files_read_as_records() {
    let dir = shared_data().join("pages/text/ant-with-furniture");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} must be readable: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 114, "the 114 ANT articles");
    let pipeline = Pipeline::builder().build().unwrap();
    for path in &files {
        let raw = std::fs::read_to_string(path).unwrap();
        let between = |a: &str, b: &str| raw.split_once(a).and_then(|(_, r)| r.split_once(b)).map(|(x, _)| x.trim());
        let title = between("<TITLE>", "</TITLE>").expect("a title");
        let docs = read(path, &Limits::default());
        assert_eq!(docs.len(), 1, "{}", path.display());
        let doc = docs.into_iter().next().unwrap().unwrap();
        assert_eq!(doc.source.format, Some(Format::Trec));
        let d = pipeline.analyze(&doc).unwrap().document;
        // Whitespace inside a field is collapsed (no-break spaces too).
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(d.headline.as_deref(), Some(title.as_str()), "{}", path.display());
        // The article's lines are its paragraphs: none holds a record field.
        assert!(!d.paragraphs.is_empty());
        assert!(d.paragraphs.iter().all(|p| !p.contains("<") && !p.contains("http://")), "{}", path.display());
        // The first line of the text that is a sentence is kept.
        let text = between("<TEXT>", "</TEXT>").unwrap();
        let first = text.lines().map(str::trim).find(|l| l.ends_with('.') && l.split_whitespace().count() >= 7);
        if let Some(first) = first {
            assert!(d.paragraphs.iter().any(|p| p == first), "{}: {first}", path.display());
        }
    }
}
