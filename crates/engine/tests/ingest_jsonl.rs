//! JSONL dumps: varied field names mapped to page fields, the mapping
//! recorded in `source.fields`, and bad lines reported without stopping the
//! file.

mod ingest_support;

use ingest_support::*;
use marsad_engine::ingest::Limits;
use marsad_engine::{Format, Pipeline};

fn dump() -> String {
    let economy = fixture("economy.html");
    let lines = [
        serde_json::json!({
            "url": "https://news.example/a",
            "title": "ارتفاع أسعار الذهب في الأسواق المحلية",
            "text": "ارتفاع أسعار الذهب في الأسواق المحلية\nارتفعت أسعار الذهب في الأسواق المحلية اليوم بنسبة اثنين في المئة، وسط إقبال على الشراء قبل موسم الأعراس.",
            "date": "2021-05-02T08:00:00Z",
            "author": "نادر سليم",
            "source": "أخبار المدينة"
        })
        .to_string(),
        serde_json::json!({
            "Link": "https://news.example/b",
            "HEADLINE": "افتتاح مدرسة جديدة في القرية",
            "body": "افتتحت وزارة التربية مدرسة جديدة في القرية تتسع لأربعمئة طالب، بعد مطالبات استمرت سنوات.",
            "published_at": "٣ آذار ٢٠٢١",
            "authors": ["ليلى حداد", {"name": "سامر عيسى"}],
            "outlet": "شبكة الأخبار"
        })
        .to_string(),
        "{\"url\": \"https://news.example/broken\", \"text\": \"نص بلا نهاية".to_string(),
        String::new(),
        "[1, 2, 3]".to_string(),
        serde_json::json!({"url": "https://news.example/empty", "title": "عنوان بلا نص"}).to_string(),
        serde_json::json!({"uri": "https://marsad-economy.example/x", "html": economy, "time": "Thu, 04 Mar 2021 10:15:00 +0300"})
            .to_string(),
    ];
    lines.join("\n") + "\n"
}

#[test]
fn field_names_are_mapped_and_recorded() {
    let dir = scratch("jsonl");
    let path = write(&dir, "dump.jsonl", dump().as_bytes());
    let docs = read(&path, &Limits::default());
    assert_eq!(docs.len(), 6, "{docs:?}");
    let a = docs[0].as_ref().unwrap();
    assert_eq!(a.source.format, Some(Format::Jsonl));
    assert_eq!(a.source.record, Some(1));
    assert_eq!(a.source.url.as_deref(), Some("https://news.example/a"));
    assert_eq!(a.hints.published.as_deref(), Some("2021-05-02T08:00:00+00:00"));
    assert_eq!(a.hints.byline.as_deref(), Some("نادر سليم"));
    assert_eq!(a.hints.outlet.as_deref(), Some("أخبار المدينة"));
    let fields: Vec<(&str, &str)> = a.source.fields.iter().map(|(p, i)| (p.as_str(), i.as_str())).collect();
    assert_eq!(
        fields,
        vec![
            ("url", "url"),
            ("headline", "title"),
            ("text", "text"),
            ("published", "date"),
            ("byline", "author"),
            ("outlet", "source")
        ]
    );

    let b = docs[1].as_ref().unwrap();
    assert_eq!(b.source.record, Some(2));
    assert_eq!(b.hints.headline.as_deref(), Some("افتتاح مدرسة جديدة في القرية"));
    assert_eq!(b.hints.published.as_deref(), Some("2021-03-03"), "Levantine month, Arabic-Indic digits");
    assert_eq!(b.hints.byline.as_deref(), Some("ليلى حداد، سامر عيسى"));
    assert!(b.source.fields.contains(&("url".to_string(), "Link".to_string())));
    assert!(b.source.fields.contains(&("text".to_string(), "body".to_string())));

    // The bad lines: each an error naming its line; the rest still read.
    let errs: Vec<String> = docs[2..5].iter().map(|d| d.as_ref().unwrap_err().to_string()).collect();
    assert!(errs[0].contains("dump.jsonl#3") && errs[0].contains("not valid JSON"), "{}", errs[0]);
    assert!(errs[1].contains("dump.jsonl#5") && errs[1].contains("not a JSON object"), "{}", errs[1]);
    assert!(errs[2].contains("dump.jsonl#6") && errs[2].contains("no article text"), "{}", errs[2]);

    let h = docs[5].as_ref().unwrap();
    assert_eq!(h.source.record, Some(7));
    assert_eq!(h.hints.payload, Some(Format::Html));
    assert!(h.source.fields.contains(&("html".to_string(), "html".to_string())));

    // Through the pipeline: hints become page fields, HTML goes through
    // the HTML extractor.
    let p = Pipeline::builder().build().unwrap();
    let aa = p.analyze(a).unwrap();
    assert_eq!(aa.page.outlet.as_deref(), Some("أخبار المدينة"));
    let da = aa.document;
    assert_eq!(da.headline.as_deref(), Some("ارتفاع أسعار الذهب في الأسواق المحلية"));
    assert_eq!(da.published.as_deref(), Some("2021-05-02T08:00:00+00:00"));
    let dh = p.analyze(h).unwrap().document;
    assert_eq!(dh.source.format, Some(Format::Jsonl));
    assert_eq!(dh.headline.as_deref(), Some("البنك المركزي يثبت سعر الفائدة للمرة الثالثة"));
    assert_eq!(dh.published.as_deref(), Some("2021-03-04T10:15:00+03:00"));
    assert!(dh.paragraphs.iter().any(|p| p.starts_with("وقال محافظ البنك")), "{:?}", dh.paragraphs);
}

#[test]
fn gzip_jsonl_and_limits() {
    let dir = scratch("jsonl-gz");
    let path = write(&dir, "dump.jsonl.gz", &gz(dump().as_bytes()));
    let docs = read(&path, &Limits::default());
    assert_eq!(docs.iter().filter(|d| d.is_ok()).count(), 3);
    // A line over the limit is refused by itself.
    let big = serde_json::json!({"text": "كلمة ".repeat(5000)}).to_string();
    let small = serde_json::json!({"text": "نص قصير لكنه كاف ليكون خبرا من سطر واحد."}).to_string();
    let path = write(&dir, "big.jsonl", format!("{big}\n{small}\n").as_bytes());
    let docs = read(&path, &Limits { max_doc_bytes: 1000, ..Limits::default() });
    assert_eq!(docs.len(), 2);
    assert!(docs[0].as_ref().unwrap_err().to_string().contains("big.jsonl#1"));
    assert_eq!(docs[1].as_ref().unwrap().source.record, Some(2));
}
