//! The store through its public API, on documents this test writes: identity
//! (same document, new version, republication), Arabic search across
//! clitics, spelling and entity names, filters and facets, duplicate groups,
//! stories and claim provenance.

use marsad_arabic::Span;
use marsad_corpus::{dedup, provenance, stories, Preparer, SearchRequest, Store};
use marsad_engine::analyze::{Claim, ClaimKind, Entity, Part};
use marsad_engine::{Analyzed, Document, Page, Source};

/// A document as the pipeline would give it.
struct Doc<'a> {
    url: &'a str,
    headline: &'a str,
    body: &'a str,
    published: &'a str,
    outlet: &'a str,
    /// (surface, label, canonical)
    entities: &'a [(&'a str, &'a str, &'a str)],
    /// (source, source entity, content, relay)
    claims: &'a [(&'a str, &'a str, &'a str, Option<&'a str>)],
    credits: &'a [&'a str],
}

impl Default for Doc<'_> {
    fn default() -> Self {
        Doc { url: "", headline: "", body: "", published: "", outlet: "", entities: &[], claims: &[], credits: &[] }
    }
}

fn analyzed(d: &Doc, record: u64) -> (i64, Analyzed) {
    let text = format!("{}\n\n{}", d.headline, d.body);
    let span_of = |s: &str| {
        let at = text.find(s).unwrap_or_else(|| panic!("{s:?} not in the text"));
        Span::new(at, at + s.len())
    };
    let source =
        Source { path: Some("test.jsonl".into()), record: Some(record), url: Some(d.url.into()), ..Source::default() };
    let document = Document {
        id: format!("{:016x}", record * 7919 + d.url.len() as u64),
        source: source.clone(),
        headline: Some(d.headline.into()),
        published: Some(d.published.into()),
        paragraphs: vec![d.body.into()],
        credits: d.credits.iter().map(|s| s.to_string()).collect(),
        text: text.clone(),
        entities: d
            .entities
            .iter()
            .map(|(s, l, c)| Entity {
                text: s.to_string(),
                label: l.to_string(),
                canonical: Some(c.to_string()),
                span: span_of(s),
            })
            .collect(),
        claims: d
            .claims
            .iter()
            .map(|(src, ent, content, relay)| Claim {
                kind: ClaimKind::Indirect,
                source: Some(Part { text: src.to_string(), span: span_of(src) }),
                cue: Part { text: "قال".into(), span: Span::new(0, 0) },
                content: Part { text: content.to_string(), span: span_of(content) },
                source_entity: (!ent.is_empty()).then(|| ent.to_string()),
                relay: relay.map(|r| Part { text: r.to_string(), span: span_of(r) }),
                vague_source: false,
                hedged: false,
            })
            .collect(),
        ..Document::default()
    };
    let page = Page {
        headline: Some(d.headline.into()),
        outlet: (!d.outlet.is_empty()).then(|| d.outlet.to_string()),
        paragraph_spans: vec![Span::new(d.headline.len() + 2, text.len())],
        text,
        ..Page::default()
    };
    let sighting = marsad_corpus::identity::sighting_key(&document.id, &source);
    (sighting, Analyzed { document, page, raw_map: Default::default() })
}

fn ingest(store: &mut Store, docs: &[Doc]) -> marsad_corpus::BatchOutcome {
    let p = Preparer::new();
    store.begin_ingest(&["test".into()]).unwrap();
    let batch = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let (k, a) = analyzed(d, i as u64 + 1);
            p.prepare(k, a)
        })
        .collect();
    let out = store.add_batch(batch).unwrap();
    store.finish_ingest().unwrap();
    out
}

const WAR: &str = "أعلنت القوات العراقية أنها استعادت السيطرة على قرى في محافظة الأنبار بعد معارك مع مسلحي داعش استمرت ثلاثة أيام، وقال قائد العمليات إن القوات قتلت عشرات المسلحين وفككت عبوات ناسفة زرعها التنظيم على الطرق.";
const WAR_RELAYED: &str = "أعلنت القوات العراقية أنها استعادت السيطرة على قرى في محافظة الأنبار بعد معارك مع مسلحي داعش استمرت ثلاثة أيام، وقال قائد العمليات إن القوات قتلت عشرات المسلحين وفككت عبوات ناسفة زرعها التنظيم على الطرق. (نقلا عن الوكالة الأولى)";
const FOOTBALL: &str = "فاز المنتخب المصري على نظيره التونسي بهدفين مقابل هدف في المباراة الودية التي أقيمت مساء الجمعة على استاد القاهرة الدولي وسط حضور جماهيري كبير.";

fn corpus() -> Vec<Doc<'static>> {
    vec![
        Doc {
            url: "https://news.example/iraq/1",
            headline: "القوات العراقية تستعيد قرى في الأنبار",
            body: WAR,
            published: "2018-05-02T10:00:00Z",
            outlet: "الوكالة الأولى",
            entities: &[("داعش", "ORG", "داعش"), ("الأنبار", "LOC", "الأنبار")],
            claims: &[("قائد العمليات", "", "القوات قتلت عشرات المسلحين وفككت عبوات ناسفة", None)],
            ..Doc::default()
        },
        // The same text republished under another URL a day later, with a
    // credit line.
        Doc {
            url: "https://mirror.example/copy/77",
            headline: "القوات العراقية تستعيد قرى في الأنبار",
            body: WAR_RELAYED,
            published: "2018-05-03T08:00:00Z",
            outlet: "موقع ناقل",
            entities: &[("داعش", "ORG", "داعش")],
            claims: &[("قائد العمليات", "", "القوات قتلت عشرات المسلحين وفككت عبوات ناسفة", Some("الوكالة الأولى"))],
            credits: &["الوكالة الأولى"],
        },
        // Another outlet on the same event, in its own words, naming the
        // group الدواعش.
        Doc {
            url: "https://other.example/a/9",
            headline: "معارك في الأنبار بين القوات العراقية والدواعش",
            body: "قالت مصادر عسكرية إن معارك عنيفة دارت في محافظة الانبار بين القوات العراقية والدواعش، وإن القوات استعادت قرى عدة بعد ثلاثة أيام من القتال وفككت عبوات ناسفة على الطرق.",
            published: "2018-05-02T18:00:00Z",
            outlet: "القناة الثانية",
            // الانبار without hamza: a spelling, not another naming.
            entities: &[("الدواعش", "ORG", "داعش"), ("الانبار", "LOC", "الأنبار")],
            ..Doc::default()
        },
        Doc {
            url: "https://sport.example/m/3",
            headline: "مصر تفوز على تونس وديا",
            body: FOOTBALL,
            published: "2018-06-01T21:00:00Z",
            outlet: "الوكالة الأولى",
            ..Doc::default()
        },
    ]
}

#[test]
fn identity_same_document_new_version_and_republication() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let docs = corpus();
    let first = ingest(&mut store, &docs);
    assert_eq!((first.added, first.versions, first.same_document), (4, 0, 0));
    // The same inputs again: nothing new.
    let again = ingest(&mut store, &docs);
    assert_eq!((again.added, again.already_seen), (0, 4));
    // The same page read from another record: the same document.
    let p = Preparer::new();
    store.begin_ingest(&["other".into()]).unwrap();
    let (k, a) = analyzed(&docs[3], 99);
    let out = store.add_batch(vec![p.prepare(k, a)]).unwrap();
    assert_eq!(out.same_document, 1);
    // Changed text at the same URL: a new version, and only it is searched.
    let edited = Doc {
        body: "فاز المنتخب المصري على نظيره التونسي بثلاثة أهداف مقابل هدف في المباراة الودية بعد تعديل النتيجة.",
        ..corpus().remove(3)
    };
    let (k, a) = analyzed(&edited, 100);
    let out = store.add_batch(vec![p.prepare(k, a)]).unwrap();
    assert_eq!(out.versions, 1);
    store.finish_ingest().unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.latest_documents, stats.indexed), (5, 4, 4));
    let r = store.search(&SearchRequest { query: "تعديل".into(), limit: 5, ..Default::default() }).unwrap();
    assert_eq!(r.total, 1);
    let r = store.search(&SearchRequest { query: "الجمعة".into(), limit: 5, ..Default::default() }).unwrap();
    assert_eq!(r.total, 0, "the old version is no longer searched");
}

#[test]
fn arabic_search_across_clitics_spelling_and_entity_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    ingest(&mut store, &corpus());
    let search = |q: &str| store.search(&SearchRequest { query: q.into(), limit: 10, ..Default::default() }).unwrap();
    // العراق finds العراقية (stem) in three articles.
    assert_eq!(search("العراق").total, 3);
    // Clitics and spelling: بالانبار (no hamza, with ب) finds الأنبار.
    assert_eq!(search("بالانبار").total, 3);
    // الدواعش finds the articles that say داعش, through the canonical entity.
    let r = search("الدواعش");
    assert_eq!(r.total, 3, "{:?}", r.hits.iter().map(|h| &h.headline).collect::<Vec<_>>());
    // Highlighted snippets mark the matched word as written.
    let r = search("المصري");
    assert_eq!(r.total, 1);
    assert!(r.hits[0].snippet.contains("<b>المصري</b>"), "{}", r.hits[0].snippet);
    // Filters and facets.
    let r = store
        .search(&SearchRequest {
            query: "القوات".into(),
            outlet: Some("الثانية".into()),
            limit: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.total, 1);
    let r = store
        .search(&SearchRequest { query: "".into(), from: Some("2018-06-01".into()), limit: 10, ..Default::default() })
        .unwrap();
    assert_eq!(r.total, 1);
    let r = search("الأنبار");
    let months: Vec<_> = r.facets.months.iter().map(|m| (m.value.as_str(), m.count)).collect();
    assert_eq!(months, vec![("2018-05", 3)]);
    assert!(r.facets.entities.iter().any(|e| e.value == "داعش" && e.count == 3));
    let r = store
        .search(&SearchRequest {
            query: "".into(), entity: Some("الدواعش".into()), limit: 10, ..Default::default()
        })
        .unwrap();
    assert_eq!(r.total, 3);
}

#[test]
fn duplicates_stories_and_claim_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    ingest(&mut store, &corpus());
    let groups = dedup::groups(store.conn()).unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].representative.url.as_deref(), Some("https://news.example/iraq/1"));
    assert_eq!(groups[0].members.len(), 1);
    assert!(groups[0].members[0].similarity >= 0.8, "{:?}", groups[0].members[0]);
    let st = stories::list(store.conn(), 2, 10).unwrap();
    assert_eq!(st.len(), 1, "{st:?}");
    assert_eq!(st[0].size, 3);
    assert_eq!(st[0].outlets.len(), 3);
    // How each outlet names the story's entities: الدواعش is another naming
    // of داعش; الانبار only another spelling of الأنبار.
    let detail = store.story(st[0].id).unwrap();
    let differs = |key: &str| detail.variants.iter().find(|v| v.key == key).map(|v| v.differs);
    assert_eq!(differs("داعش"), Some(true), "{:?}", detail.variants);
    assert_eq!(differs("الأنبار"), Some(false), "{:?}", detail.variants);
    let claims = provenance::list(store.conn(), Some("قائد العمليات"), 2, 10).unwrap();
    assert_eq!(claims.len(), 1);
    let c = &claims[0];
    assert_eq!(c.carriers.len(), 2);
    assert_eq!((c.carriers[0].role, c.carriers[0].outlet.as_str()), ("first", "الوكالة الأولى"));
    assert_eq!(c.carriers[1].role, "relay");
    assert_eq!(c.carriers[1].credited, vec!["الوكالة الأولى".to_string()]);
}

#[test]
fn reindex_rebuilds_the_same_index() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    ingest(&mut store, &corpus());
    let before = store.search(&SearchRequest { query: "الأنبار".into(), limit: 10, ..Default::default() }).unwrap();
    assert_eq!(store.reindex().unwrap(), 4);
    let after = store.search(&SearchRequest { query: "الأنبار".into(), limit: 10, ..Default::default() }).unwrap();
    assert_eq!(before.total, after.total);
    let ids = |r: &marsad_corpus::SearchResults| {
        let mut v: Vec<String> = r.hits.iter().map(|h| h.id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&before), ids(&after));
}
