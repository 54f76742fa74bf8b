//! Search over the store: an Arabic query is analysed with the index's own
//! analyzer, each word widened to the canonical entities it names, filters
//! resolved against the store, and the hits dressed with their headline,
//! outlet, date and a highlighted snippet.

use crate::analyzer::ArabicAnalyzer;
use crate::date::parse_date;
use crate::error::{ErrorKind, Result};
use crate::index::{Alternative, IndexQuery, Recency};
use crate::store::{summary, Store};
use rusqlite::params;
use serde::Serialize;

/// What to search for.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub query: String,
    /// An outlet name or host, or part of one (`bbc`, `سكاي`).
    pub outlet: Option<String>,
    /// A canonical entity id, or a name under which it was mentioned.
    pub entity: Option<String>,
    /// `YYYY-MM-DD` or a full date-time.
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: usize,
    /// Hits to skip before the `limit` returned (paging): the index ranks
    /// `offset + limit` hits, only the returned ones are read from the store
    /// and get a snippet.
    pub offset: usize,
    /// Rank recent articles higher.
    pub recency: bool,
    /// Snippet length in characters.
    pub snippet_chars: usize,
}

/// One hit.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Hit {
    pub id: String,
    pub headline: Option<String>,
    pub outlet: String,
    pub published: Option<String>,
    pub url: Option<String>,
    pub score: f32,
    /// The best passage, highlighted words between `<b>` and `</b>` (the
    /// rest HTML-escaped).
    pub snippet: String,
    /// The passage as plain text, with the byte ranges of the highlights.
    pub snippet_text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// A facet value and how many hits have it.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    /// A readable name (entities: the name they were mentioned under).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, Default)]
pub struct Facets {
    pub outlets: Vec<FacetCount>,
    pub entities: Vec<FacetCount>,
    pub months: Vec<FacetCount>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Default)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
}

/// How many entity facet values are reported.
const ENTITY_FACETS: usize = 20;

impl Store {
    /// Runs a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let analyzer = ArabicAnalyzer::new();
        let mut q = IndexQuery { limit: req.offset.saturating_add(req.limit.max(1)), ..IndexQuery::default() };
        for word in req.query.split_whitespace() {
            for term in analyzer.terms(word) {
                let mut alts = vec![Alternative::Term(term.clone())];
                for (key, name) in self.entities_for_form(&term)? {
                    let name_terms = analyzer.terms(&name);
                    if name_terms != [term.clone()] && !name_terms.is_empty() {
                        alts.push(Alternative::Phrase(name_terms));
                    }
                    alts.push(Alternative::Entity(key));
                }
                q.groups.push(alts);
            }
        }
        if q.groups.is_empty() && !req.query.trim().is_empty() {
            return Err(ErrorKind::Query(format!(
                "{:?} has no searchable words (only punctuation or function words)",
                req.query
            ))
            .into());
        }
        if let Some(o) = &req.outlet {
            q.outlets = self.resolve_outlets(o)?;
            if q.outlets.is_empty() {
                return Ok(SearchResults::default());
            }
        }
        if let Some(e) = &req.entity {
            q.entities = self.resolve_entities(&analyzer, e)?;
            if q.entities.is_empty() {
                return Ok(SearchResults::default());
            }
        }
        q.from = match &req.from {
            Some(s) => Some(parse_date(s).ok_or_else(|| ErrorKind::Query(format!("--from {s:?} is not a date")))?),
            None => None,
        };
        q.to = match &req.to {
            Some(s) => {
                let ts = parse_date(s).ok_or_else(|| ErrorKind::Query(format!("--to {s:?} is not a date")))?;
                // A bare date includes its whole day.
                Some(if s.trim().len() == 10 { ts + 86_399 } else { ts })
            }
            None => None,
        };
        if req.recency {
            let newest: Option<i64> =
                self.conn().query_row("SELECT MAX(published_ts) FROM documents", [], |r| r.get(0))?;
            q.recency = newest.map(|newest| Recency { newest, half_life_days: 30.0 });
        }
        let found = self.index().search(&q)?;
        let mut snippets = found.snippets;
        let chars = if req.snippet_chars == 0 { 200 } else { req.snippet_chars };
        let mut hits = Vec::with_capacity(found.hits.len());
        for (seq, score) in found.hits.into_iter().skip(req.offset) {
            let d = summary(self.conn(), seq)?;
            let (snippet, snippet_text, highlights) = match snippets.as_mut() {
                Some(s) => {
                    let text = self.text(seq)?;
                    // The body's text starts with the headline; the snippet
                    // is taken from the whole text so a headline match shows.
                    let sn = s.snippet(&text, chars);
                    (
                        html_marked(&sn.text, &sn.highlights),
                        sn.text.clone(),
                        sn.highlights.iter().map(|r| (r.start, r.end)).collect(),
                    )
                }
                None => {
                    let text = self.text(seq)?;
                    let end = text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
                    (escape(&text[..end]), text[..end].to_string(), Vec::new())
                }
            };
            hits.push(Hit {
                id: d.id,
                headline: d.headline,
                outlet: d.outlet,
                published: d.published,
                url: d.url,
                score,
                snippet,
                snippet_text,
                highlights,
            });
        }
        let mut months: Vec<FacetCount> =
            found.months.into_iter().map(|(value, count)| FacetCount { value, name: None, count }).collect();
        months.sort_by(|a, b| a.value.cmp(&b.value));
        let mut entities = Vec::new();
        for (value, count) in found.entities.into_iter().take(ENTITY_FACETS) {
            let name: Option<String> = self
                .conn()
                .query_row("SELECT name FROM entities WHERE key = ?1", [&value], |r| r.get(0))
                .map(Some)
                .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
            entities.push(FacetCount { value, name, count });
        }
        Ok(SearchResults {
            total: found.total,
            hits,
            facets: Facets {
                outlets: found
                    .outlets
                    .into_iter()
                    .map(|(value, count)| FacetCount { value, name: None, count })
                    .collect(),
                entities,
                months,
            },
        })
    }

    /// Entities mentioned under a search form: (key, name).
    fn entities_for_form(&self, form: &str) -> Result<Vec<(String, String)>> {
        let mut s = self.conn().prepare_cached(
            "SELECT e.key, e.name FROM aliases a JOIN entities e ON e.id = a.entity WHERE a.form = ?1 ORDER BY e.id LIMIT 8",
        )?;
        let rows = s.query_map([form], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Outlet names matching a user's spelling (case-insensitive, part of
    /// the name or host).
    fn resolve_outlets(&self, o: &str) -> Result<Vec<String>> {
        let like = format!("%{}%", o.trim().to_lowercase());
        let mut s = self.conn().prepare(
            "SELECT name FROM outlets WHERE lower(name) LIKE ?1 OR lower(COALESCE(host, '')) LIKE ?1 ORDER BY id",
        )?;
        let rows = s.query_map([like], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Entity keys for a user's entity: its key, its name, or any form it
    /// was mentioned under.
    fn resolve_entities(&self, analyzer: &ArabicAnalyzer, e: &str) -> Result<Vec<String>> {
        let form = analyzer.terms(e).join(" ");
        let mut s = self.conn().prepare(
            "SELECT key FROM entities WHERE key = ?1 OR name = ?1 \
             UNION SELECT e.key FROM aliases a JOIN entities e ON e.id = a.entity WHERE a.form = ?2",
        )?;
        let rows = s.query_map(params![e.trim(), form], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn html_marked(text: &str, highlights: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for r in highlights {
        if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        out.push_str(&escape(&text[at..r.start]));
        out.push_str("<b>");
        out.push_str(&escape(&text[r.clone()]));
        out.push_str("</b>");
        at = r.end;
    }
    out.push_str(&escape(&text[at..]));
    out
}
