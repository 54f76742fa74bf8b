//! WARC, WARC.gz and WET files, built here from the fixture pages, read
//! record by record: what becomes a document, what is skipped, and how
//! damage (truncation, a corrupt gzip member, a decompression bomb) is
//! reported without stopping the file.

mod ingest_support;

use ingest_support::*;
use marsad_engine::ingest::Limits;
use marsad_engine::{Format, Pipeline};

/// A crawl of four exchanges plus the records a crawler writes around them.
fn crawl() -> Vec<Vec<u8>> {
    let economy = fixture("economy.html");
    let levant = fixture("levant.html");
    let gz_body = gz(levant.as_bytes());
    vec![
        record(
            "warcinfo",
            1,
            None,
            "application/warc-fields",
            b"software: marsad-tests\r\nformat: WARC File Format 1.0\r\n",
        ),
        record(
            "request",
            2,
            Some("https://marsad-economy.example/news/2021/central-bank-rates"),
            "application/http; msgtype=request",
            b"GET /news/2021/central-bank-rates HTTP/1.1\r\nHost: marsad-economy.example\r\n\r\n",
        ),
        response(
            3,
            "https://marsad-economy.example/news/2021/central-bank-rates",
            &http("200 OK", &[("Content-Type", "text/html; charset=utf-8")], economy.as_bytes()),
        ),
        // Chunked transfer of a gzip-encoded body.
        response(
            4,
            "https://north.example/local/bridge",
            &http(
                "200 OK",
                &[("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
                &chunked(&gz_body, 100),
            ),
        ),
        // Not pages: an image and a redirect.
        response(
            5,
            "https://north.example/logo.png",
            &http("200 OK", &[("Content-Type", "image/png")], b"\x89PNG\r\n"),
        ),
        response(6, "https://north.example/old", &http("301 Moved Permanently", &[("Location", "/new")], b"")),
        record(
            "metadata",
            7,
            Some("https://north.example/local/bridge"),
            "application/warc-fields",
            b"fetchTimeMs: 120\r\n",
        ),
        response(
            8,
            "https://north.example/hijri",
            &http("200 OK", &[("Content-Type", "text/html; charset=UTF-8")], fixture("hijri.html").as_bytes()),
        ),
    ]
}

#[test]
fn a_warc_gz_is_read_record_by_record() {
    let dir = scratch("warc-gz");
    // One gzip member per record, as Common Crawl writes them.
    let bytes: Vec<u8> = crawl().iter().flat_map(|r| gz(r)).collect();
    let path = write(&dir, "crawl.warc.gz", &bytes);
    let docs: Vec<_> = read(&path, &Limits::default()).into_iter().map(|d| d.expect("every record reads")).collect();
    let got: Vec<_> = docs.iter().map(|d| (d.source.record, d.source.url.as_deref(), d.source.format)).collect();
    assert_eq!(
        got,
        vec![
            (Some(3), Some("https://marsad-economy.example/news/2021/central-bank-rates"), Some(Format::Warc)),
            (Some(4), Some("https://north.example/local/bridge"), Some(Format::Warc)),
            (Some(8), Some("https://north.example/hijri"), Some(Format::Warc)),
        ]
    );
    assert_eq!(docs[0].source.date.as_deref(), Some("2021-03-04T12:00:03Z"));
    assert_eq!(docs[0].hints.charset.as_deref(), Some("utf-8"));
    // The chunked, gzip-encoded body came out as the page.
    assert_eq!(docs[1].bytes, fixture("levant.html").as_bytes());

    let pipeline = Pipeline::builder().build().unwrap();
    let heads: Vec<_> = docs
        .iter()
        .map(|d| pipeline.analyze(d).expect("each page analyzes").document.headline.unwrap_or_default())
        .collect();
    assert_eq!(
        heads,
        vec![
            "البنك المركزي يثبت سعر الفائدة للمرة الثالثة",
            "افتتاح جسر جديد فوق نهر العاصي",
            "توزيع سلال غذائية على الأسر المحتاجة"
        ]
    );
    let a = pipeline.analyze(&docs[0]).unwrap();
    assert_eq!(a.document.source.format, Some(Format::Warc));
    assert_eq!(a.document.source.url.as_deref(), Some("https://marsad-economy.example/news/2021/central-bank-rates"));
}

#[test]
fn an_uncompressed_warc_reads_the_same() {
    let dir = scratch("warc-plain");
    let bytes: Vec<u8> = crawl().concat();
    let path = write(&dir, "crawl.warc", &bytes);
    let records: Vec<_> = read(&path, &Limits::default()).into_iter().map(|d| d.unwrap().source.record).collect();
    assert_eq!(records, vec![Some(3), Some(4), Some(8)]);
    // A single gzip member around the whole file works too.
    let path = write(&dir, "one-member.warc.gz", &gz(&bytes));
    let records: Vec<_> = read(&path, &Limits::default()).into_iter().map(|d| d.unwrap().source.record).collect();
    assert_eq!(records, vec![Some(3), Some(4), Some(8)]);
}

/// A WET file: `conversion` records of extracted text.
fn wet() -> Vec<Vec<u8>> {
    let text_a = "البنك المركزي يثبت سعر الفائدة للمرة الثالثة\nالرئيسية\nقرر البنك المركزي، اليوم الخميس، تثبيت سعر الفائدة الرئيسي عند مستواه الحالي للمرة الثالثة على التوالي.\n";
    let text_b = "افتتاح جسر جديد فوق نهر العاصي\nافتتح محافظ المدينة صباح اليوم جسرا جديدا فوق نهر العاصي، يربط الأحياء الشرقية بالسوق القديم.\n";
    vec![
        record("warcinfo", 1, None, "application/warc-fields", b"isPartOf: marsad-tests\r\n"),
        record("conversion", 2, Some("https://marsad-economy.example/a"), "text/plain", text_a.as_bytes()),
        record("conversion", 3, Some("https://north.example/b"), "text/plain", text_b.as_bytes()),
    ]
}

#[test]
fn a_wet_file_gives_text_documents() {
    let dir = scratch("wet");
    for (name, bytes) in [("x.wet", wet().concat()), ("x.wet.gz", wet().iter().flat_map(|r| gz(r)).collect())] {
        let path = write(&dir, name, &bytes);
        let docs: Vec<_> = read(&path, &Limits::default()).into_iter().map(|d| d.unwrap()).collect();
        assert_eq!(docs.len(), 2, "{name}");
        assert!(docs.iter().all(|d| d.source.format == Some(Format::Wet)), "{name}");
        assert_eq!(docs[1].source.url.as_deref(), Some("https://north.example/b"));
        assert_eq!(docs[1].source.record, Some(3));
        let a = Pipeline::builder().build().unwrap().analyze(&docs[1]).unwrap();
        assert_eq!(a.document.source.format, Some(Format::Wet));
        assert!(a.document.text.contains("افتتح محافظ المدينة"), "{}", a.document.text);
    }
}

#[test]
fn a_truncated_record_is_an_error_and_the_next_record_is_read() {
    let dir = scratch("truncated");
    let recs = wet();
    // Record 2 loses its last 40 bytes (and its trailer) but keeps its
    // declared length, so the next record's header falls inside it.
    let mut cut = recs[1].clone();
    cut.truncate(cut.len() - 44);
    let bytes = [recs[0].clone(), cut, recs[2].clone()].concat();
    let path = write(&dir, "cut.warc", &bytes);
    let docs = read(&path, &Limits::default());
    assert_eq!(docs.len(), 2, "{docs:?}");
    let e = docs[0].as_ref().unwrap_err().to_string();
    assert!(e.contains("cut.warc#2") && e.contains("truncated"), "{e}");
    let d = docs[1].as_ref().unwrap();
    assert_eq!((d.source.record, d.source.url.as_deref()), (Some(3), Some("https://north.example/b")));

    // Cut at the end of the file: an error, and the file ends.
    let bytes = [recs[0].clone(), recs[1].clone(), recs[2][..recs[2].len() - 30].to_vec()].concat();
    let path = write(&dir, "end.warc", &bytes);
    let docs = read(&path, &Limits::default());
    assert_eq!(docs.len(), 2);
    assert!(docs[0].is_ok());
    let e = docs[1].as_ref().unwrap_err().to_string();
    assert!(e.contains("end.warc#3") && e.contains("truncated"), "{e}");

    // A malformed header: reported, and reading resumes at the next record.
    let bad = b"WARC/1.0\r\nWARC-Type: conversion\r\nthis line has no colon\r\n\r\nxx\r\n\r\n".to_vec();
    let bytes = [recs[0].clone(), bad, recs[2].clone()].concat();
    let path = write(&dir, "header.warc", &bytes);
    let docs = read(&path, &Limits::default());
    assert!(docs[0].as_ref().unwrap_err().to_string().contains("header.warc#2"), "{docs:?}");
    assert_eq!(docs.last().unwrap().as_ref().unwrap().source.record, Some(3));
}

#[test]
fn a_corrupt_gzip_member_is_an_error_and_the_next_member_is_read() {
    let dir = scratch("corrupt-gz");
    let recs = crawl();
    let mut members: Vec<Vec<u8>> = recs.iter().map(|r| gz(r)).collect();
    // Damage the deflate data in the middle of record 3's member.
    let m = &mut members[2];
    let mid = m.len() / 2;
    for b in &mut m[mid..mid + 16] {
        *b = !*b;
    }
    let path = write(&dir, "damaged.warc.gz", &members.concat());
    let docs = read(&path, &Limits::default());
    let errors: Vec<String> = docs.iter().filter_map(|d| d.as_ref().err().map(|e| e.to_string())).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("damaged.warc.gz#3") && errors[0].contains("gzip"), "{}", errors[0]);
    let ok: Vec<_> = docs.iter().filter_map(|d| d.as_ref().ok()).map(|d| d.source.url.clone().unwrap()).collect();
    assert_eq!(ok, vec!["https://north.example/local/bridge", "https://north.example/hijri"]);
}

#[test]
fn a_decompression_bomb_is_refused() {
    let dir = scratch("bomb");
    let recs = wet();
    // A record claiming 48 MiB of text that is all zeros: a few dozen KiB
    // of gzip.
    let zeros = vec![b' '; 48 << 20];
    let bomb = record("conversion", 2, Some("https://bomb.example/"), "text/plain", &zeros);
    let bytes = [gz(&recs[0]), gz(&bomb), gz(&recs[2])].concat();
    assert!(bytes.len() < 1 << 20);
    let path = write(&dir, "bomb.warc.gz", &bytes);
    // Even with a document limit that the record fits under, the ratio
    // refuses it.
    let limits = Limits { max_doc_bytes: 64 << 20, ..Limits::default() };
    let docs = read(&path, &limits);
    assert_eq!(docs.len(), 2, "{docs:?}");
    let e = docs[0].as_ref().unwrap_err().to_string();
    assert!(e.contains("bomb.warc.gz#2") && e.contains("decompression bomb"), "{e}");
    assert_eq!(docs[1].as_ref().unwrap().source.url.as_deref(), Some("https://north.example/b"));

    // An HTTP body that is a bomb is refused for its record only.
    let body = gz(&vec![0u8; 40 << 20]);
    let resp = response(
        2,
        "https://bomb.example/page",
        &http("200 OK", &[("Content-Type", "text/html"), ("Content-Encoding", "gzip")], &body),
    );
    let bytes = [recs[0].clone(), resp, recs[2].clone()].concat();
    let path = write(&dir, "body.warc", &bytes);
    let docs = read(&path, &limits);
    assert_eq!(docs.len(), 2);
    let e = docs[0].as_ref().unwrap_err().to_string();
    assert!(e.contains("body.warc#2") && e.contains("decompression bomb"), "{e}");
    assert!(docs[1].is_ok());
}

#[test]
fn windows_1256_html_declared_by_the_http_header() {
    let dir = scratch("cp1256-http");
    let page = fixture("levant.html").replace("charset=utf-8", "");
    let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(&page);
    let resp = response(
        1,
        "https://north.example/cp1256",
        &http("200 OK", &[("Content-Type", "text/html; charset=windows-1256")], &bytes),
    );
    let path = write(&dir, "cp1256.warc", &resp);
    let docs: Vec<_> = read(&path, &Limits::default()).into_iter().map(|d| d.unwrap()).collect();
    assert_eq!(docs[0].hints.charset.as_deref(), Some("windows-1256"));
    let a = Pipeline::builder().build().unwrap().analyze(&docs[0]).unwrap();
    assert_eq!(a.document.source.encoding.as_deref(), Some("windows-1256"));
    assert_eq!(a.document.headline.as_deref(), Some("افتتاح جسر جديد فوق نهر العاصي"));
    // Evidence maps back to the raw bytes, which are windows-1256.
    let want = "وقال المحافظ";
    let at = a.page.text.find(want).expect("the second paragraph is kept");
    let raw = a.raw_map.span_to_source(marsad_arabic::Span::new(at, at + want.len()));
    assert_eq!(&docs[0].bytes[raw.range()], &*encoding_rs::WINDOWS_1256.encode(want).0);
}

#[test]
fn a_file_that_is_not_warc_is_detected_by_content() {
    let dir = scratch("detect");
    // The extension says WARC, the content is HTML.
    let path = write(&dir, "page.warc", fixture("hijri.html").as_bytes());
    let docs = read(&path, &Limits::default());
    assert_eq!(docs[0].as_ref().unwrap().source.format, Some(Format::Html));
    // A gzip-compressed HTML page is HTML.
    let path = write(&dir, "page.html.gz", &gz(fixture("hijri.html").as_bytes()));
    let docs = read(&path, &Limits::default());
    assert_eq!(docs[0].as_ref().unwrap().source.format, Some(Format::Html));
    assert_eq!(docs[0].as_ref().unwrap().bytes, fixture("hijri.html").as_bytes());
}
