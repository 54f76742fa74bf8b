//! Router tests: every page and API route through [`app`] with `oneshot`,
//! no socket, errors included.
//!
//! They live inside the binary crate (not in `tests/`) because the root
//! package is a binary with no library target: an integration test could
//! only reach the router over a socket, which is what the browser tests in
//! `tests/browser/` do.
//!
//! The store is made once, from the fixture pages under
//! `tests/browser/fixtures/` (Arabic text written for these tests, with a
//! hostile article among them), through the same corpus API `marsad ingest`
//! uses.

use super::{app, AppState, StorePool, CSP, MAX_BODY};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use marsad_corpus::{Preparer, Store};
use marsad_engine::ingest::{self, Input, Limits};
use marsad_engine::{Analyzed, Document, Page, Pipeline};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use tower::ServiceExt;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/fixtures/store")
}

/// Ingests the pages under `path` and the `extra` documents into the store
/// in `dir`, as `marsad ingest` does; returns how many documents went in.
fn ingest_into(dir: &Path, path: &Path, extra: Vec<Analyzed>) -> usize {
    let mut store = Store::open(dir).expect("open store");
    let pipeline = Pipeline::builder().build().expect("pipeline");
    let preparer = Preparer::new();
    store.begin_ingest(&[path.display().to_string()]).expect("begin ingest");
    let mut batch = Vec::new();
    for input in ingest::expand(&[Input::Path(path.to_path_buf())]) {
        let input = input.expect("fixture path");
        for raw in ingest::read(&input, &Limits::default()) {
            let raw = raw.expect("fixture document");
            let (_, sighting) = Preparer::sighting_of(&raw);
            let analyzed = pipeline.analyze(&raw).expect("fixture analyses");
            batch.push(preparer.prepare(sighting, analyzed));
        }
    }
    for (i, a) in extra.into_iter().enumerate() {
        batch.push(preparer.prepare(1_000_000 + i as i64, a));
    }
    let n = batch.len();
    store.add_batch(batch).expect("add batch");
    store.finish_ingest().expect("finish ingest");
    n
}

/// The fixture store, made on first use and kept for the whole test run.
/// Besides the fixture pages, two documents with every kind of annotation,
/// made by hand, so that the store-backed pages are tested whatever the
/// analyzers find today.
static STORE: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let n = ingest_into(dir.path(), &fixtures(), annotated());
    assert!(n >= 11, "fixtures: {n} documents");
    dir
});

/// The evidence test's sample (a minister's claim with an inconsistent
/// number, a vague hedged claim, a loaded label) as published by one outlet,
/// and a shorter report of the same claim by another outlet a day later,
/// naming the minister differently.
fn annotated() -> Vec<Analyzed> {
    use marsad_engine::analyze::{Claim, ClaimKind, Entity, Part};
    let first = super::evidence::tests::sample();
    let text = "الحلبي يؤكد وصول 3 آلاف عنصر\n\nقال الوزير الحلبي إن 3 آلاف عنصر وصلوا إلى الحدود الشمالية، وفق ما نقلت صحيفة الميدان.";
    let at = |needle: &str| {
        let s = text.rfind(needle).expect("needle");
        marsad_arabic::Span::new(s, s + needle.len())
    };
    let second = Document {
        id: "00000000000000bb".into(),
        headline: Some("الحلبي يؤكد وصول 3 آلاف عنصر".into()),
        paragraphs: vec![text.split("\n\n").nth(1).unwrap().to_string()],
        text: text.to_string(),
        entities: vec![Entity {
            text: "الحلبي".into(),
            label: "PER".into(),
            canonical: Some("Q_halabi".into()),
            span: at("الحلبي"),
        }],
        claims: vec![Claim {
            kind: ClaimKind::Indirect,
            source: Some(Part { text: "الوزير الحلبي".into(), span: at("الوزير الحلبي") }),
            cue: Part { text: "قال".into(), span: at("قال") },
            content: Part {
                text: "3 آلاف عنصر وصلوا إلى الحدود الشمالية".into(),
                span: at("3 آلاف عنصر وصلوا إلى الحدود الشمالية"),
            },
            source_entity: Some("Q_halabi".into()),
            relay: None,
            vague_source: false,
            hedged: false,
        }],
        ..Document::default()
    };
    let mut out = Vec::new();
    for (mut d, outlet, url, date) in [
        (first, "صحيفة الميدان", "https://almaydan.example/a/1", "2025-04-01T10:00:00+03:00"),
        (second, "إذاعة الشمال", "https://north.example/news/2", "2025-04-02T09:00:00+03:00"),
    ] {
        d.source.url = Some(url.into());
        d.published = Some(date.into());
        let page = Page { outlet: Some(outlet.into()), canonical_url: Some(url.into()), ..Page::default() };
        out.push(Analyzed { document: d, page, raw_map: Default::default() });
    }
    out
}

fn with_store() -> Router {
    let pool = StorePool::open(STORE.path(), 2).expect("open pool");
    app(AppState::new(Pipeline::builder().build().unwrap(), Some(pool)))
}

fn without_store() -> Router {
    app(AppState::new(Pipeline::builder().build().unwrap(), None))
}

struct Got {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Got {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn ctype(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// The JSON error body every API error has.
    fn assert_api_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(self.ctype().starts_with("application/json"), "{}", self.ctype());
        let j = self.json();
        assert_eq!(j["error"]["status"], status.as_u16());
        assert_eq!(j["error"]["code"], code);
        assert!(j["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    }

    /// An HTML error page with the status.
    fn assert_page_error(&self, status: StatusCode) {
        assert_eq!(self.status, status, "{}", self.body);
        assert!(self.ctype().starts_with("text/html"), "{}", self.ctype());
        assert!(self.body.contains("id=\"error\""), "{}", self.body);
    }
}

async fn send(app: Router, req: Request<Body>) -> Got {
    let res = app.oneshot(req).await.expect("infallible router");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body");
    let body = String::from_utf8(bytes.to_vec()).expect("UTF-8 body");
    // Every response, error or not, carries the security headers.
    assert_eq!(headers.get(header::CONTENT_SECURITY_POLICY).unwrap(), CSP);
    assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
    assert_eq!(headers.get(header::REFERRER_POLICY).unwrap(), "no-referrer");
    assert_eq!(headers.get(header::X_FRAME_OPTIONS).unwrap(), "DENY");
    Got { status, headers, body }
}

async fn get(app: Router, uri: &str) -> Got {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: Router, uri: &str, ctype: &str, body: impl Into<Body>) -> Got {
    send(app, Request::post(uri).header(header::CONTENT_TYPE, ctype).body(body.into()).unwrap()).await
}

fn enc(s: &str) -> String {
    super::params::encode(s)
}

/// An HTML page of ours: RTL Arabic, our stylesheet and script only, no
/// inline script.
fn assert_page(g: &Got) {
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    assert!(g.ctype().starts_with("text/html"), "{}", g.ctype());
    assert!(g.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(g.body.contains("<script src=\"/assets/app.js?v="));
    assert_eq!(g.body.matches("<script").count(), 1, "one script tag, ours");
    assert!(!g.body.contains("http://") && !g.body.contains("https://cdn"), "no external resource");
}

#[tokio::test]
async fn home_shows_the_store() {
    let g = get(with_store(), "/").await;
    assert_page(&g);
    assert!(g.body.contains("id=\"stats\""));
    assert!(g.body.contains("/articles/"), "latest articles are listed");
}

#[tokio::test]
async fn home_without_a_store_points_to_ingest_and_analyze() {
    let g = get(without_store(), "/").await;
    assert_page(&g);
    assert!(g.body.contains("marsad ingest"));
    assert!(g.body.contains("href=\"/analyze\""));
}

#[tokio::test]
async fn search_page_highlights_and_facets() {
    let g = get(with_store(), &format!("/search?q={}", enc("نينوى"))).await;
    assert_page(&g);
    assert!(g.body.contains("<mark>"), "highlighted snippets");
    assert!(g.body.contains("id=\"facet-outlets\""));
    assert!(g.body.contains("صحيفة الرافدين"), "an outlet facet");
    assert!(g.body.contains("2025-03"), "a month facet");
}

#[tokio::test]
async fn search_pages_and_filters() {
    let api = get(with_store(), &format!("/api/search?q={}&per_page=2", enc("نينوى"))).await;
    let j = api.json();
    let total = j["total"].as_u64().unwrap();
    assert!(total >= 4, "{j}");
    assert_eq!(j["hits"].as_array().unwrap().len(), 2);
    assert_eq!(j["pages"].as_u64().unwrap(), total.div_ceil(2));
    let page2 = get(with_store(), &format!("/api/search?q={}&per_page=2&page=2", enc("نينوى"))).await.json();
    assert_ne!(j["hits"][0]["id"], page2["hits"][0]["id"], "page 2 starts after page 1");
    // The outlet facet filters.
    let one = get(with_store(), &format!("/api/search?q={}&outlet={}", enc("نينوى"), enc("قناة الفرات"))).await.json();
    let hits = one["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["outlet"] == "قناة الفرات"), "{one}");
    // The month facet filters by publication date.
    let feb = get(with_store(), "/api/search?month=2025-02").await.json();
    let hits = feb["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2, "{feb}");
    assert!(hits.iter().all(|h| h["published"].as_str().unwrap().starts_with("2025-02")));
}

#[tokio::test]
async fn search_api_pages_by_offset() {
    let q = enc("نينوى");
    let all = get(with_store(), &format!("/api/search?q={q}&per_page=50")).await.json();
    let ids: Vec<&str> = all["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
    let total = all["total"].as_u64().unwrap() as usize;
    assert!(ids.len() >= 4 && ids.len() == total, "{all}");
    // Every window of the ranking, by offset and by page, is the same slice
    // of the full list, snippets included: (per_page, offset or page, the
    // offset it means).
    for (per_page, at, offset) in [
        (2, "offset=1".to_string(), 1),
        (3, "offset=3".to_string(), 3),
        (2, "page=2".to_string(), 2),
        (2, format!("offset={}", total - 1), total - 1),
        (2, format!("offset={}", total + 5), total + 5),
    ] {
        let query = format!("per_page={per_page}&{at}");
        let j = get(with_store(), &format!("/api/search?q={q}&{query}")).await.json();
        let got: Vec<&str> = j["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
        let want: Vec<&str> = ids.iter().skip(offset).take(per_page).copied().collect();
        assert_eq!(got, want, "{query}");
        assert_eq!(j["offset"].as_u64(), Some(offset as u64), "{query}");
        assert_eq!(j["page"].as_u64(), Some((offset / per_page + 1) as u64), "{query}");
        assert_eq!(j["total"].as_u64().unwrap() as usize, total, "{query}");
        for (h, i) in j["hits"].as_array().unwrap().iter().zip(offset..) {
            assert_eq!(h["snippet"], all["hits"][i]["snippet"], "{query}: snippet of hit {i}");
        }
    }
    for bad in ["offset=-1", "offset=x", "offset=100000"] {
        get(with_store(), &format!("/api/search?q={q}&{bad}"))
            .await
            .assert_api_error(StatusCode::BAD_REQUEST, "bad_request");
    }
    // The page's links keep a page size that is not the default.
    let g = get(with_store(), &format!("/search?q={q}&per_page=2")).await;
    assert!(g.body.contains("&#38;page=2&#38;per_page=2\" rel=\"next\""), "{}", g.body);
}

#[tokio::test]
async fn new_documents_are_found_while_the_server_runs() {
    // A store of one page, served; then an ingest (another store handle, as
    // `marsad ingest` in another process would be) adds a second page.
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = tempfile::tempdir().expect("temp dir");
    let page = |name: &str, headline: &str, body: &str| {
        let p = pages.path().join(name);
        let line = serde_json::json!({"url": format!("https://example.org/{name}"), "outlet": "جريدة التجربة",
            "published": "2025-05-01T08:00:00+03:00", "headline": headline, "text": body});
        std::fs::write(&p, format!("{line}\n")).unwrap();
        p
    };
    let first = page(
        "one.jsonl",
        "افتتاح جسر جديد فوق النهر",
        "افتتحت البلدية صباح اليوم جسراً جديداً فوق النهر يربط ضفتي المدينة.",
    );
    assert_eq!(ingest_into(dir.path(), &first, Vec::new()), 1);
    let pool = std::sync::Arc::new(
        super::StorePool::open_with_recheck(dir.path(), 2, std::time::Duration::ZERO).expect("open pool"),
    );
    let app =
        app(AppState::with_shared_store(Pipeline::builder().build().unwrap(), Some(std::sync::Arc::clone(&pool))));
    let word = "المكتبة";
    let q = format!("/api/search?q={}", enc(word));
    assert_eq!(get(app.clone(), &q).await.json()["total"], 0);
    assert_eq!(get(app.clone(), "/api/search").await.json()["total"], 1);
    // Hold both handles at once, so that both have searched before the
    // ingest (and both have a reader to reload after it).
    let both = || async {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let run = |b: std::sync::Arc<std::sync::Barrier>| {
            pool.with(move |store| {
                b.wait();
                let req = marsad_corpus::SearchRequest { query: word.into(), limit: 5, ..Default::default() };
                Ok(store.search(&req)?.total)
            })
        };
        let (a, b) = tokio::join!(run(std::sync::Arc::clone(&barrier)), run(barrier));
        [a.expect("search"), b.expect("search")]
    };
    assert_eq!(both().await, [0, 0]);
    let second = page(
        "two.jsonl",
        "المكتبة العامة تفتح أبوابها",
        "أعلنت إدارة المكتبة العامة أنها ستفتح أبوابها للقراء مساء كل جمعة.",
    );
    assert_eq!(ingest_into(dir.path(), &second, Vec::new()), 1);
    // The first request after the commit notices it; every handle reloads
    // when next lent.
    let j = get(app.clone(), &q).await.json();
    assert_eq!(j["total"], 1, "{j}");
    assert_eq!(j["hits"][0]["headline"], "المكتبة العامة تفتح أبوابها");
    assert_eq!(both().await, [1, 1], "both pooled handles see the new document");
    assert_eq!(get(app.clone(), "/api/search").await.json()["total"], 2);
}

#[tokio::test]
async fn search_api_snippets_carry_highlight_ranges() {
    let j = get(with_store(), &format!("/api/search?q={}", enc("الفيضانات"))).await.json();
    let hit = &j["hits"][0];
    let snippet = hit["snippet"].as_str().unwrap();
    let (a, b) =
        (hit["highlights"][0][0].as_u64().unwrap() as usize, hit["highlights"][0][1].as_u64().unwrap() as usize);
    assert!(snippet[a..b].contains("فيضان"), "{snippet} {a}..{b}");
    assert!(j["facets"]["outlets"].as_array().is_some_and(|o| !o.is_empty()));
}

#[tokio::test]
async fn search_rejects_bad_parameters() {
    for uri in ["/api/search?page=0", "/api/search?page=x", "/api/search?month=2025-13", "/api/search?from=tomorrow"] {
        get(with_store(), uri).await.assert_api_error(StatusCode::BAD_REQUEST, "bad_request");
    }
    get(with_store(), "/search?page=-1").await.assert_page_error(StatusCode::BAD_REQUEST);
    // A query of function words only has nothing to search for.
    get(with_store(), &format!("/api/search?q={}", enc("في من")))
        .await
        .assert_api_error(StatusCode::BAD_REQUEST, "bad_request");
}

#[tokio::test]
async fn store_routes_without_a_store_are_503() {
    get(without_store(), "/api/search?q=x").await.assert_api_error(StatusCode::SERVICE_UNAVAILABLE, "no_store");
    get(without_store(), "/search?q=x").await.assert_page_error(StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn unknown_routes_are_404() {
    get(with_store(), "/no/such/page").await.assert_page_error(StatusCode::NOT_FOUND);
    get(with_store(), "/api/no/such/route").await.assert_api_error(StatusCode::NOT_FOUND, "not_found");
    get(with_store(), "/assets/nope.js").await.assert_page_error(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn wrong_method_is_405_with_allow() {
    let g = get(without_store(), "/api/analyze").await;
    g.assert_api_error(StatusCode::METHOD_NOT_ALLOWED, "client_error");
    assert_eq!(g.headers.get(header::ALLOW).unwrap(), "POST");
    let g =
        send(without_store(), Request::builder().method(Method::DELETE).uri("/analyze").body(Body::empty()).unwrap())
            .await;
    g.assert_page_error(StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn assets_are_served_from_the_binary() {
    let g = get(without_store(), "/assets/style.css").await;
    assert_eq!(g.status, StatusCode::OK);
    assert!(g.ctype().starts_with("text/css"));
    assert!(g.body.contains(".cl-content"));
    let g = get(without_store(), "/assets/app.js").await;
    assert!(g.ctype().starts_with("text/javascript"));
    let g = get(without_store(), "/favicon.ico").await;
    assert_eq!(g.ctype(), "image/svg+xml");
}

const PAGE_TEXT: &str = "الحكومة تقر خطة جديدة للنقل العام في بغداد

قالت وزارة النقل اليوم إن الخطة تشمل 40 خط حافلات جديداً في المدن الكبرى، على أن يبدأ العمل بها العام المقبل.

وأضافت الوزارة أن كلفة الخطة تبلغ نحو مليار دينار، وأنها ستمول من الموازنة العامة للدولة.";

#[tokio::test]
async fn analyze_api_reads_text_html_and_json() {
    let g = post(without_store(), "/api/analyze", "text/plain; charset=utf-8", PAGE_TEXT).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    let d = g.json();
    assert_eq!(d["headline"], "الحكومة تقر خطة جديدة للنقل العام في بغداد");
    assert_eq!(d["paragraphs"].as_array().unwrap().len(), 2);
    assert_eq!(d["source"]["format"], "text");

    let page = std::fs::read_to_string(fixtures().join("../paste/page.html")).unwrap();
    let g = post(without_store(), "/api/analyze", "text/html", page.clone()).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    let d = g.json();
    assert_eq!(d["source"]["format"], "html");
    assert_eq!(d["headline"], "الهلال الأحمر: 40 في المئة من نازحي نينوى أطفال");

    let body = serde_json::json!({ "text": page, "format": "auto" }).to_string();
    let g = post(without_store(), "/api/analyze", "application/json", body).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    assert_eq!(g.json()["source"]["format"], "html", "sniffed as HTML");
}

#[tokio::test]
async fn analyze_api_errors() {
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        ("application/json", b"{not json".to_vec(), StatusCode::BAD_REQUEST, "bad_request"),
        ("application/json", br#"{"txt": "x"}"#.to_vec(), StatusCode::BAD_REQUEST, "bad_request"),
        ("application/json", br#"{"text": "abc", "format": "pdf"}"#.to_vec(), StatusCode::BAD_REQUEST, "bad_request"),
        ("text/plain", b"   \n ".to_vec(), StatusCode::BAD_REQUEST, "bad_request"),
        ("text/plain", vec![b'a'; MAX_BODY + 1], StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
        ("image/png", b"\x89PNG".to_vec(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
    ];
    for (ctype, body, status, code) in cases {
        post(without_store(), "/api/analyze", ctype, body).await.assert_api_error(status, code);
    }
}

#[tokio::test]
async fn analyze_page_shows_the_analysis_without_storing() {
    let g = get(without_store(), "/analyze").await;
    assert_page(&g);
    assert!(g.body.contains("<textarea name=\"text\""));
    let form = format!("format=auto&text={}", enc(PAGE_TEXT));
    let g = post(without_store(), "/analyze", "application/x-www-form-urlencoded", form).await;
    assert_page(&g);
    assert!(g.body.contains("id=\"analysis\""));
    assert!(g.body.contains("<h1 id=\"headline\">"), "the headline block of the text");
    assert!(g.body.contains("id=\"show-dropped\""));
    // Too large a form is a 413 page; a form without text is a 400 page.
    let big = format!("text={}", "a".repeat(MAX_BODY));
    post(without_store(), "/analyze", "application/x-www-form-urlencoded", big)
        .await
        .assert_page_error(StatusCode::PAYLOAD_TOO_LARGE);
    post(without_store(), "/analyze", "application/x-www-form-urlencoded", "format=text")
        .await
        .assert_page_error(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn pasted_markup_is_shown_as_text() {
    let hostile = "عنوان </title><script>alert(1)</script>\n\nفقرة فيها <img src=x onerror=alert(2)> و<a href=\"javascript:alert(3)\">رابط</a> داخل نص الخبر الطويل بما يكفي ليكون متناً.";
    let form = format!("format=text&text={}", enc(hostile));
    let g = post(without_store(), "/analyze", "application/x-www-form-urlencoded", form).await;
    assert_page(&g);
    assert_markup_is_text(&g.body, &["alert(1)", "onerror=alert(2)", "javascript:alert(3)"]);
}

/// The body shows each of `shown` (as text) and has none of the hostile
/// markup as markup: it is parsed into its elements and attributes, and no
/// element but ours, no event-handler attribute and no `javascript:` URL
/// may appear.
fn assert_markup_is_text(body: &str, shown: &[&str]) {
    for s in shown {
        assert!(body.contains(s), "{s} is shown as text");
    }
    let allowed = [
        "html",
        "head",
        "meta",
        "title",
        "link",
        "script",
        "body",
        "header",
        "div",
        "a",
        "img",
        "nav",
        "form",
        "input",
        "main",
        "footer",
        "p",
        "span",
        "bdi",
        "time",
        "h1",
        "h2",
        "h3",
        "ul",
        "ol",
        "li",
        "label",
        "hr",
        "section",
        "aside",
        "article",
        "blockquote",
        "strong",
        "br",
        "sup",
        "mark",
        "button",
        "textarea",
        "select",
        "option",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "svg",
        "rect",
        "pre",
    ];
    let mut scripts = 0;
    let mut titles = 0;
    for (name, attrs) in elements(body) {
        assert!(allowed.contains(&name.as_str()), "element <{name}> in the page");
        for (a, v) in &attrs {
            assert!(!a.starts_with("on"), "event handler {a}={v:?} on <{name}>");
            let v = v.trim_start().to_ascii_lowercase();
            assert!(!v.starts_with("javascript:"), "javascript: URL in {a} of <{name}>");
        }
        match name.as_str() {
            "script" => {
                scripts += 1;
                assert!(attrs.iter().any(|(a, v)| a == "src" && v.starts_with("/assets/app.js")), "only our script");
            }
            "img" => {
                assert!(attrs.iter().any(|(a, v)| a == "src" && v.starts_with("/assets/icon.svg")), "only our icon")
            }
            "title" => titles += 1,
            _ => {}
        }
    }
    assert_eq!(scripts, 1, "one script element, ours");
    assert_eq!(titles, 1, "one title element");
}

/// The elements of an HTML page as (name, attributes), attribute values
/// unescaped of their quotes only. Text and comments are skipped. Enough
/// for pages we render ourselves, which always quote with `"`.
fn elements(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off + 1;
        if b.get(i).is_none_or(|c| !c.is_ascii_alphabetic()) {
            continue; // a closing tag, a doctype, or a `<` in text (never unescaped in ours)
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-') {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let a0 = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attr = html[a0..i].to_ascii_lowercase();
            let mut value = String::new();
            if b.get(i) == Some(&b'=') {
                i += 1;
                if let Some(&q) = b.get(i).filter(|&&c| c == b'"' || c == b'\'') {
                    let end = html[i + 1..].find(q as char).map_or(b.len(), |e| i + 1 + e);
                    value = html[i + 1..end].to_string();
                    i = end + 1;
                } else {
                    let v0 = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[v0..i].to_string();
                }
            }
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    out
}

#[test]
fn the_markup_check_finds_hostile_markup() {
    let ours = r#"<html><head><title>t</title><script src="/assets/app.js?v=1" defer></script></head><body><p title="x onerror=">a</p></body></html>"#;
    assert_markup_is_text(ours, &[]);
    for bad in [
        r#"<img src=x onerror="alert(1)">"#,
        r#"<a href=" javascript:alert(1)">x</a>"#,
        "<script>alert(1)</script>",
        "<iframe src=x></iframe>",
        "<p onclick='x'>a</p>",
        "</title><title>x",
    ] {
        let page = ours.replace("<p title", &format!("{bad}<p title"));
        let got = std::panic::catch_unwind(|| assert_markup_is_text(&page, &[]));
        assert!(got.is_err(), "not caught: {bad}");
    }
}

/// The API's JSON for an article, found by a search.
async fn article_json(q: &str) -> serde_json::Value {
    let found = get(with_store(), &format!("/api/search?q={}", enc(q))).await.json();
    let id = found["hits"][0]["id"].as_str().unwrap_or_else(|| panic!("no hit for {q}: {found}")).to_string();
    let g = get(with_store(), &format!("/api/articles/{id}")).await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    g.json()
}

#[tokio::test]
async fn article_page_marks_the_evidence_in_place() {
    let j = article_json("العصابات الإجرامية").await;
    let id = j["id"].as_str().unwrap();
    assert_eq!(j["document"]["entities"].as_array().unwrap().len(), 2);
    assert_eq!(j["entity_keys"][0], "Q_halabi");
    assert!(j["claim_records"][0].as_i64().is_some(), "each claim has its provenance record");
    let g = get(with_store(), &format!("/articles/{id}")).await;
    assert_page(&g);
    let b = &g.body;
    assert!(b.contains("<h1 id=\"headline\">"), "the headline is a block of the text");
    assert!(b.contains("href=\"/entities/Q_halabi\">سامر الحلبي</a>"), "entity linked to its page");
    // The unresolved entity links to its `LABEL:form` key, percent-encoded.
    assert!(b.contains("href=\"/entities/LOC%3A"), "{b}");
    for class in [
        "cl-src",
        "cl-cue",
        "cl-content",
        "cl-content vague hedged",
        "qty qty-count",
        "wd wd-pejorative_label",
        "flagged",
    ] {
        assert!(b.contains(&format!("class=\"{class}\"")), "{class}");
    }
    assert!(b.contains("⚑1</sup>"), "the flag badge next to its number");
    assert!(b.contains("href=\"/claims/"), "claims link to their provenance");
    assert!(b.contains("id=\"show-dropped\"") && b.contains("شريط عاجل"), "dropped lines with reasons");
    assert!(b.contains("صحيفة الميدان"));
}

#[tokio::test]
async fn entity_page_names_and_outlets() {
    let g = get(with_store(), "/entities/Q_halabi").await;
    assert_page(&g);
    assert!(g.body.contains("id=\"mentions\""));
    assert!(g.body.contains("<svg class=\"bars\""), "mentions over time");
    // A key the canonical table does not know is internal: no chip shows it.
    assert!(!g.body.contains(">Q_halabi</span>"), "internal key shown");
    // A canonical entity shows its English name (the fixtures mention الموصل).
    let mosul = get(with_store(), "/entities/mosul").await;
    assert_page(&mosul);
    assert!(mosul.body.contains("<span class=\"badge ltr\" lang=\"en\">Mosul</span>"), "{}", mosul.body);
    let j = get(with_store(), "/api/entities/Q_halabi").await.json();
    assert_eq!(j["mentions"], 2);
    assert_eq!(j["documents"], 2);
    let names: Vec<&str> = j["names"].as_array().unwrap().iter().map(|n| n["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"سامر الحلبي") && names.contains(&"الحلبي"), "{names:?}");
    let outlets: Vec<&str> = j["timeline"].as_array().unwrap().iter().map(|m| m["outlet"].as_str().unwrap()).collect();
    assert!(outlets.contains(&"صحيفة الميدان") && outlets.contains(&"إذاعة الشمال"), "{outlets:?}");
    assert_eq!(j["timeline"][0]["month"], "2025-04");
    get(with_store(), "/entities/nobody").await.assert_page_error(StatusCode::NOT_FOUND);
    get(with_store(), "/api/entities/nobody").await.assert_api_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn claim_page_shows_the_provenance_chain() {
    let j = article_json("العصابات الإجرامية").await;
    let record = j["claim_records"][0].as_i64().unwrap();
    let g = get(with_store(), &format!("/claims/{record}")).await;
    assert_page(&g);
    assert!(g.body.contains("id=\"chain\""));
    let c = get(with_store(), &format!("/api/claims/{record}")).await.json();
    let carriers = c["carriers"].as_array().unwrap();
    assert_eq!(carriers[0]["outlet"], "صحيفة الميدان", "the first carrier");
    assert_eq!(carriers[0]["role"], "first");
    get(with_store(), "/claims/999999").await.assert_page_error(StatusCode::NOT_FOUND);
    get(with_store(), "/api/claims/x").await.assert_api_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn story_page_timeline() {
    // Any story the store found; its page lists its articles in time order.
    let home = get(with_store(), "/").await;
    let at = home.body.find("href=\"/stories/").expect("a story on the home page") + "href=\"/stories/".len();
    let id: String = home.body[at..].chars().take_while(char::is_ascii_digit).collect();
    let g = get(with_store(), &format!("/stories/{id}")).await;
    assert_page(&g);
    assert!(g.body.contains("id=\"timeline\"") && g.body.contains("class=\"first-tag\""));
    assert!(g.body.contains("id=\"variants\"") && g.body.contains("id=\"shared-claims\""));
    let j = get(with_store(), &format!("/api/stories/{id}")).await.json();
    let dates: Vec<&str> = j["articles"].as_array().unwrap().iter().filter_map(|a| a["published"].as_str()).collect();
    assert!(dates.len() >= 2 && dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    get(with_store(), "/stories/999999").await.assert_page_error(StatusCode::NOT_FOUND);
    get(with_store(), "/api/stories/abc").await.assert_api_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn unknown_articles_are_404() {
    get(with_store(), "/articles/0000000000000000").await.assert_page_error(StatusCode::NOT_FOUND);
    get(with_store(), "/api/articles/nope").await.assert_api_error(StatusCode::NOT_FOUND, "not_found");
    get(without_store(), "/api/articles/nope").await.assert_api_error(StatusCode::SERVICE_UNAVAILABLE, "no_store");
}

#[tokio::test]
async fn hostile_article_is_shown_as_text() {
    let j = article_json("نصاً برمجياً").await;
    assert!(j["document"]["headline"].as_str().unwrap().contains("</title><script>"));
    let g = get(with_store(), &format!("/articles/{}", j["id"].as_str().unwrap())).await;
    assert_page(&g);
    assert_markup_is_text(
        &g.body,
        &[
            "alert(&#39;title&#39;)",
            "alert(&#39;body&#39;)",
            "javascript:alert(&#39;link&#39;)",
            "onerror=alert(&#39;byline&#39;)",
        ],
    );
    // The search page shows its headline and snippet as text too.
    let g = get(with_store(), &format!("/search?q={}", enc("نصاً برمجياً"))).await;
    assert_markup_is_text(&g.body, &["alert(&#39;title&#39;)"]);
    // The hostile HTML page: its markup was dropped by the cleaner.
    let j = article_json("سد الموصل").await;
    let g = get(with_store(), &format!("/articles/{}", j["id"].as_str().unwrap())).await;
    assert_markup_is_text(&g.body, &[]);
}
