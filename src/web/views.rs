//! What each page shows, as plain data. A page renders its view with a
//! template; the matching `/api/` route returns the same view as JSON, so
//! the API mirrors the pages by construction. Views are built from the
//! store on the blocking pool (see [`super::StorePool`]).

use super::error::AppError;
use super::evidence::{self, Evidence, Links};
use super::highlight::{render, Mark, Tag};
use super::params::{encode, Search};
use marsad_arabic::Span;
use marsad_corpus::browse::{Article, EntityDetail, StoryDetail};
use marsad_corpus::provenance::ClaimRecord;
use marsad_corpus::{SearchRequest, Store};
use marsad_engine::{Analyzed, Document};
use serde::Serialize;

/// A search hit.
#[derive(Clone, Debug, Serialize)]
pub struct HitView {
    pub id: String,
    pub href: String,
    pub headline: Option<String>,
    pub outlet: String,
    pub published: Option<String>,
    pub url: Option<String>,
    pub score: f32,
    /// The best passage, as plain text.
    pub snippet: String,
    /// Byte ranges of `snippet` that match the query.
    pub highlights: Vec<(usize, usize)>,
    #[serde(skip)]
    pub snippet_html: String,
}

/// A facet value: how many hits have it, and the link that filters on it
/// (or removes the filter when it is the active one).
#[derive(Clone, Debug, Serialize)]
pub struct FacetView {
    pub value: String,
    pub name: String,
    pub count: u64,
    #[serde(skip)]
    pub href: String,
    #[serde(skip)]
    pub active: bool,
}

#[derive(Clone, Debug, Serialize, Default)]
pub struct FacetsView {
    pub outlets: Vec<FacetView>,
    pub entities: Vec<FacetView>,
    pub months: Vec<FacetView>,
}

/// The search page.
#[derive(Clone, Debug, Serialize)]
pub struct SearchView {
    pub query: String,
    pub outlet: Option<String>,
    pub entity: Option<String>,
    pub month: Option<String>,
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    /// Hits skipped before the first of `hits`.
    pub offset: usize,
    pub pages: usize,
    pub hits: Vec<HitView>,
    pub facets: FacetsView,
    #[serde(skip)]
    pub prev: Option<String>,
    #[serde(skip)]
    pub next: Option<String>,
    /// Active filters with the link that removes each.
    #[serde(skip)]
    pub filters: Vec<(String, String)>,
}

pub fn search(store: &Store, s: &Search) -> Result<SearchView, AppError> {
    let (from, to) = s.date_range();
    let offset = s.offset;
    let req = SearchRequest {
        query: s.q.clone(),
        outlet: s.outlet.clone(),
        entity: s.entity.clone(),
        from,
        to,
        // The index ranks every hit above the page (only the page's hits
        // are read and get a snippet); pages are capped (see `params`).
        limit: s.per_page,
        offset,
        // With no words to rank by, the newest articles come first.
        recency: s.q.is_empty(),
        snippet_chars: 220,
    };
    let found = store.search(&req)?;
    let hits = found
        .hits
        .into_iter()
        .map(|h| {
            let (snippet, highlights) = without_headline(&h.snippet_text, &h.highlights, h.headline.as_deref());
            let marks: Vec<Mark> = highlights.iter().map(|&(a, b)| Mark::new(Span::new(a, b), Tag::Mark, "")).collect();
            // A snippet runs across paragraphs; in a result list it reads as
            // one line (a newline and a space are both one byte, so the
            // highlight ranges still hold).
            let flat = snippet.replace('\n', " ");
            let snippet_html = render(&flat, Span::new(0, flat.len()), &marks, &[]);
            HitView {
                href: format!("/articles/{}", encode(&h.id)),
                id: h.id,
                headline: h.headline,
                outlet: h.outlet,
                published: h.published,
                url: h.url,
                score: h.score,
                snippet,
                highlights,
                snippet_html,
            }
        })
        .collect();
    let facet = |key: &'static str, current: &Option<String>, value: String, name: Option<String>, count: u64| {
        let active = current.as_deref() == Some(value.as_str());
        let href = s.href(&[(key, if active { None } else { Some(value.as_str()) }), ("page", None)]);
        FacetView { name: name.unwrap_or_else(|| value.clone()), value, count, href, active }
    };
    let f = found.facets;
    let facets = FacetsView {
        outlets: f.outlets.into_iter().map(|c| facet("outlet", &s.outlet, c.value, c.name, c.count)).collect(),
        entities: f.entities.into_iter().map(|c| facet("entity", &s.entity, c.value, c.name, c.count)).collect(),
        months: f.months.into_iter().map(|c| facet("month", &s.month, c.value, c.name, c.count)).collect(),
    };
    let pages = found.total.div_ceil(s.per_page).max(1);
    let page_link = |p: usize| {
        let p = p.to_string();
        s.href(&[("page", if p == "1" { None } else { Some(p.as_str()) })])
    };
    let mut filters = Vec::new();
    for (key, label, v) in
        [("outlet", "المصدر", &s.outlet), ("entity", "الكيان", &s.entity), ("month", "الشهر", &s.month)]
    {
        if let Some(v) = v {
            filters.push((format!("{label}: {v}"), s.href(&[(key, None), ("page", None)])));
        }
    }
    Ok(SearchView {
        query: s.q.clone(),
        outlet: s.outlet.clone(),
        entity: s.entity.clone(),
        month: s.month.clone(),
        total: found.total,
        page: s.page,
        per_page: s.per_page,
        offset,
        pages,
        hits,
        facets,
        prev: (s.page > 1).then(|| page_link(s.page - 1)),
        next: (s.page < pages && s.page < super::params::MAX_PAGE).then(|| page_link(s.page + 1)),
        filters,
    })
}

/// The snippet without the headline it starts with (the text every span
/// points into begins with the headline, and the hit shows it above the
/// snippet already); highlights move with the text, those in the headline
/// go.
fn without_headline(
    text: &str,
    highlights: &[(usize, usize)],
    headline: Option<&str>,
) -> (String, Vec<(usize, usize)>) {
    let cut = headline
        .filter(|h| !h.is_empty())
        .and_then(|h| text.strip_prefix(h))
        .map(|rest| text.len() - rest.trim_start().len())
        .filter(|&cut| cut < text.len());
    match cut {
        None => (text.to_string(), highlights.to_vec()),
        Some(cut) => (
            text[cut..].to_string(),
            highlights.iter().filter(|&&(a, _)| a >= cut).map(|&(a, b)| (a - cut, b - cut)).collect(),
        ),
    }
}

/// The result of analyzing a pasted page.
#[derive(Clone, Debug, Serialize)]
pub struct AnalysisView {
    pub id: String,
    pub format: &'static str,
    pub headline: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub credits: Vec<String>,
    pub ev: Evidence,
}

pub fn analysis(a: &Analyzed, with_store: bool) -> AnalysisView {
    let d: &Document = &a.document;
    // A pasted page is not in the store, so its entities have no page of
    // their own yet; with a store, each links to the search filtered on it
    // (its canonical id or its name), which finds the stored articles
    // naming it.
    let links = Links {
        entities: d
            .entities
            .iter()
            .map(|e| {
                with_store.then(|| format!("/search?entity={}", encode(e.canonical.as_deref().unwrap_or(&e.text))))
            })
            .collect(),
        claims: Vec::new(),
    };
    AnalysisView {
        id: d.id.clone(),
        format: d.source.format.map_or("text", |f| f.as_str()),
        headline: d.headline.clone(),
        byline: d.byline.clone(),
        published: d.published.clone(),
        outlet: a.page.outlet.clone(),
        credits: d.credits.clone(),
        ev: evidence::build(d, &links),
    }
}

/// A story as listed on the home page.
#[derive(Clone, Debug, Serialize)]
pub struct StoryItem {
    pub id: i64,
    pub href: String,
    pub title: String,
    pub outlets: Vec<String>,
    pub size: usize,
    pub first_published: Option<String>,
}

/// The home page: what the store holds, the stories told by most outlets,
/// the latest articles.
pub fn home(store: &Store) -> Result<(marsad_corpus::Stats, Vec<StoryItem>, SearchView), AppError> {
    let stats = store.stats()?;
    let stories = marsad_corpus::stories::list(store.conn(), 1, 12)?
        .into_iter()
        .filter(|s| s.size > 1)
        .map(|s| StoryItem {
            href: format!("/stories/{}", s.id),
            id: s.id,
            title: s.title,
            outlets: s.outlets,
            size: s.size,
            first_published: s.first.published,
        })
        .collect();
    let latest = search(store, &Search { page: 1, per_page: 10, ..Search::default() })?;
    Ok((stats, stories, latest))
}

/// An article page: the stored article, and its evidence rendered.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleView {
    #[serde(flatten)]
    pub article: Article,
    #[serde(skip)]
    pub ev: Evidence,
    /// The original URL, when it is a web address (a link is only made to
    /// `http:` and `https:` addresses).
    #[serde(skip)]
    pub web_url: Option<String>,
}

pub fn article(store: &Store, id: &str) -> Result<ArticleView, AppError> {
    let article = store.article(id)?;
    let links = Links {
        entities: article.entity_keys.iter().map(|k| Some(format!("/entities/{}", encode(k)))).collect(),
        claims: article.claim_records.iter().map(|r| r.map(|r| format!("/claims/{r}"))).collect(),
    };
    let ev = evidence::build(&article.document, &links);
    let web_url = article.summary.url.clone().filter(|u| {
        let l = u.trim_start().to_ascii_lowercase();
        l.starts_with("http://") || l.starts_with("https://")
    });
    Ok(ArticleView { article, ev, web_url })
}

/// A story page.
#[derive(Clone, Debug, Serialize)]
pub struct StoryPageView {
    #[serde(flatten)]
    pub story: StoryDetail,
}

pub fn story(store: &Store, id: &str) -> Result<StoryPageView, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound(format!("no story {id:?}")))?;
    Ok(StoryPageView { story: store.story(id)? })
}

/// One bar of the mentions-over-time chart (SVG coordinates).
#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    pub month: String,
    pub count: u64,
}

/// An entity page: the entity and its mentions as a month × outlet table.
#[derive(Clone, Debug, Serialize)]
pub struct EntityView {
    #[serde(flatten)]
    pub entity: EntityDetail,
    #[serde(skip)]
    pub months: Vec<String>,
    #[serde(skip)]
    pub outlets: Vec<String>,
    /// `table[m][o]`: mentions in month `m` by outlet `o`.
    #[serde(skip)]
    pub table: Vec<Vec<u64>>,
    #[serde(skip)]
    pub bars: Vec<Bar>,
    #[serde(skip)]
    pub label_ar: &'static str,
    /// The name most used in the articles (the stored name may be a
    /// canonical id such as `us`).
    #[serde(skip)]
    pub display: String,
    /// The English name of a canonical entity (`Syrian Democratic Forces`
    /// for `sdf`); `None` for a name the canonical table does not know,
    /// whose stored key (`بابل:LOC`) is internal and not shown.
    #[serde(skip)]
    pub english: Option<String>,
}

/// Height of the chart's bars area, in SVG units.
const CHART_H: u32 = 80;

pub fn entity(store: &Store, key: &str) -> Result<EntityView, AppError> {
    let entity = store.entity(key)?;
    let mut months: Vec<String> = entity.timeline.iter().map(|m| m.month.clone()).collect();
    months.sort();
    months.dedup();
    let mut outlets: Vec<String> = entity.timeline.iter().map(|m| m.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    let mut table = vec![vec![0u64; outlets.len()]; months.len()];
    for m in &entity.timeline {
        let (Ok(i), Ok(j)) = (months.binary_search(&m.month), outlets.binary_search(&m.outlet)) else { continue };
        table[i][j] += m.count;
    }
    let totals: Vec<u64> = table.iter().map(|row| row.iter().sum()).collect();
    let max = totals.iter().copied().max().unwrap_or(0).max(1);
    let n = months.len() as u32;
    // Time runs right to left, as the page reads: the first month is on
    // the right.
    let bars = totals
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let h = ((c as f64 / max as f64) * CHART_H as f64).round().max(1.0) as u32;
            Bar { x: (n - 1 - i as u32) * 24 + 2, y: CHART_H - h, w: 20, h, month: months[i].clone(), count: c }
        })
        .collect();
    let label_ar = evidence::label_ar(&entity.label);
    // Names come most used first.
    let display =
        entity.names.iter().find(|n| n.kind == "mention").map_or_else(|| entity.name.clone(), |n| n.name.clone());
    let english = marsad_ner::Canonicals::get().by_id(&entity.key).map(|c| c.english.clone());
    Ok(EntityView { entity, months, outlets, table, bars, label_ar, display, english })
}

/// A claim page: its provenance chain.
#[derive(Clone, Debug, Serialize)]
pub struct ClaimView {
    #[serde(flatten)]
    pub record: ClaimRecord,
}

pub fn claim(store: &Store, id: &str) -> Result<ClaimView, AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::NotFound(format!("no claim {id:?}")))?;
    Ok(ClaimView { record: store.claim_record(id)? })
}

/// A stored date as shown: `2025-03-10 07:30` from ISO 8601 (the zone is in
/// the `datetime` attribute).
pub fn show_date(iso: &str) -> String {
    let s = iso.trim();
    match (s.get(..10), s.get(11..16)) {
        (Some(d), Some(t)) if s.as_bytes().get(10).is_some_and(|&b| b == b'T' || b == b' ') => format!("{d} {t}"),
        (Some(d), _) => d.to_string(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_lose_the_headline_they_start_with() {
        let text = "عنوان الخبر\n\nنص الخبر هنا";
        let body = text.find("نص").unwrap();
        let hl = [(0, 10), (body, body + 5)];
        let (s, h) = without_headline(text, &hl, Some("عنوان الخبر"));
        assert_eq!(s, "نص الخبر هنا");
        assert_eq!(h, vec![(0, 5)]);
        assert_eq!(&s[h[0].0..h[0].1], "نص ");
        // Another headline, or a snippet that is only the headline: kept.
        assert_eq!(without_headline(text, &hl, Some("غيره")).0, text);
        assert_eq!(without_headline("عنوان", &[], Some("عنوان")).0, "عنوان");
        assert_eq!(show_date("2025-03-10T07:30:00+03:00"), "2025-03-10 07:30");
        assert_eq!(show_date("2025-03-10"), "2025-03-10");
    }
}
