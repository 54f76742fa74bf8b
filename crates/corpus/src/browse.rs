//! Reading the store the way a reader browses it (the web UI and its JSON
//! API): one article with every annotation and span as analysed, with its
//! duplicates and its story; one story across outlets; one entity over time;
//! one claim's provenance. Each is a handful of indexed queries, so a page
//! costs milliseconds whatever the size of the store.

use crate::date::month;
use crate::dedup::{group_of, Member};
use crate::error::{ErrorKind, Result};
use crate::provenance::{Carrier, ClaimRecord};
use crate::store::{summary, DocSummary, Store};
use marsad_arabic::{Normalizer, Span};
use marsad_engine::analyze::{Claim, ClaimKind, Entity, Flag, Message, Part, Quantity, QuantityKind, Wording};
use marsad_engine::{Document, Dropped, Source};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A stored article, whole.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    #[serde(flatten)]
    pub summary: DocSummary,
    /// The document as the pipeline made it, every span into its `text`.
    pub document: Document,
    /// The store's key (the entity page's id) of each entity mention, in
    /// the order of `document.entities`.
    pub entity_keys: Vec<String>,
    /// The claim record (the provenance page's id) of each claim, in the
    /// order of `document.claims`.
    pub claim_records: Vec<Option<i64>>,
    /// The other members of its duplicate group.
    pub duplicates: Vec<Member>,
    /// The story it belongs to, if one of two articles or more.
    pub story: Option<StoryRef>,
}

/// A story, as an article links to it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StoryRef {
    pub id: i64,
    pub title: String,
    pub size: usize,
    pub outlets: usize,
}

/// A story across outlets.
#[derive(Clone, Debug, Serialize)]
pub struct StoryDetail {
    pub id: i64,
    pub title: String,
    pub keywords: Vec<String>,
    /// In publication order (undated last); the first is who published first.
    pub articles: Vec<DocSummary>,
    pub outlets: Vec<String>,
    /// Claims carried by two articles of the story or more.
    pub shared_claims: Vec<SharedClaim>,
    /// Entities named by two outlets or more, with the names each used.
    pub variants: Vec<NamingVariants>,
}

/// A claim record as a story shows it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SharedClaim {
    pub record: i64,
    pub source: String,
    pub content: String,
    /// Articles of the story that carry it.
    pub articles: usize,
    pub outlets: Vec<String>,
}

/// The names one entity goes by, outlet by outlet.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct NamingVariants {
    pub key: String,
    pub name: String,
    pub label: String,
    /// outlet → (name as written, times), most used first.
    pub by_outlet: Vec<(String, Vec<(String, u64)>)>,
    /// More than one name is in use.
    pub differs: bool,
}

/// An entity over the whole store.
#[derive(Clone, Debug, Serialize)]
pub struct EntityDetail {
    pub key: String,
    pub label: String,
    pub name: String,
    pub mentions: u64,
    pub documents: u64,
    /// Mentions by month (`YYYY-MM`, or `undated`) and outlet.
    pub timeline: Vec<MonthCount>,
    /// Each name it is mentioned under (and loaded names given to it), with
    /// the outlets that use it.
    pub names: Vec<NameUse>,
    /// The latest articles that mention it.
    pub articles: Vec<DocSummary>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct MonthCount {
    pub month: String,
    pub outlet: String,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NameUse {
    pub name: String,
    /// `mention` for a name the tagger found, else the wording category
    /// (`naming_variant`, `pejorative_label`, …).
    pub kind: String,
    pub total: u64,
    pub outlets: Vec<(String, u64)>,
}

/// Articles listed on an entity page.
const ENTITY_ARTICLES: i64 = 50;

/// What `extra` holds besides the tables: read back here.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Extra {
    source: Source,
    related: Vec<String>,
    dropped: Vec<Dropped>,
    claims: Option<Vec<Claim>>,
}

impl Store {
    /// An article by its id (or anything [`Store::resolve`] takes).
    pub fn article(&self, id: &str) -> Result<Article> {
        let seq = self.resolve(id)?.ok_or_else(|| ErrorKind::NotFound(format!("article {id:?}")))?;
        let summary = self.summary(seq)?;
        let c = self.conn();
        let (headline, byline, published, text, extra): (
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
        ) =
            c.query_row("SELECT headline, byline, published, text, extra FROM documents WHERE seq = ?1", [seq], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
        let extra: Extra = serde_json::from_str(&extra)
            .map_err(|e| ErrorKind::Corrupt(format!("extra of document {}: {e}", summary.id)))?;

        let mut paragraphs = Vec::new();
        let mut s = c.prepare_cached("SELECT start, end FROM paragraphs WHERE doc = ?1 ORDER BY ord")?;
        for r in s.query_map([seq], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))? {
            let (a, b) = r?;
            paragraphs.push(text.get(a as usize..b as usize).unwrap_or_default().to_string());
        }
        let mut s = c.prepare_cached("SELECT name FROM credits WHERE doc = ?1 ORDER BY ord")?;
        let credits = s.query_map([seq], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;

        let mut entities = Vec::new();
        let mut entity_keys = Vec::new();
        let mut s = c.prepare_cached(
            "SELECT m.text, e.label, e.key, m.start, m.end FROM mentions m JOIN entities e ON e.id = m.entity \
             WHERE m.doc = ?1 ORDER BY m.rowid",
        )?;
        let rows = s.query_map([seq], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for r in rows {
            let (text, label, key, a, b) = r?;
            // Keys without a canonical id are `LABEL:form` (see `Preparer`).
            let canonical = (!key.starts_with(&format!("{label}:"))).then(|| key.clone());
            entities.push(Entity { text, label, canonical, span: span(a, b) });
            entity_keys.push(key);
        }

        let mut s = c.prepare_cached(
            "SELECT kind, source, source_entity, cue, content, content_start, content_end, relay, vague, hedged, record \
             FROM claims WHERE doc = ?1 ORDER BY ord",
        )?;
        let mut table_claims = Vec::new();
        let mut claim_records = Vec::new();
        let rows = s.query_map([seq], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                (r.get::<_, i64>(5)?, r.get::<_, i64>(6)?),
                r.get::<_, Option<String>>(7)?,
                r.get::<_, bool>(8)?,
                r.get::<_, bool>(9)?,
                r.get::<_, Option<i64>>(10)?,
            ))
        })?;
        for r in rows {
            let (kind, source, source_entity, cue, content, (a, b), relay, vague, hedged, record) = r?;
            claim_records.push(record);
            // Stores written before claims were kept whole have the content's
            // span only; the other parts are then located nowhere (empty).
            let nowhere = |t: String| Part { text: t, span: Span::new(0, 0) };
            table_claims.push(Claim {
                kind: enum_from_str::<ClaimKind>(&kind)?,
                source: source.map(nowhere),
                cue: nowhere(cue),
                content: Part { text: content, span: span(a, b) },
                source_entity,
                relay: relay.map(nowhere),
                vague_source: vague,
                hedged,
            });
        }
        let claims = match extra.claims {
            Some(cl) if cl.len() == table_claims.len() => cl,
            _ => table_claims,
        };

        let mut s = c.prepare_cached(
            "SELECT text, value, value_max, unit, kind, approx, start, end FROM quantities WHERE doc = ?1 ORDER BY start, rowid",
        )?;
        let rows = s.query_map([seq], |r| {
            Ok((
                Quantity {
                    text: r.get(0)?,
                    value: r.get(1)?,
                    value_max: r.get(2)?,
                    unit: r.get(3)?,
                    kind: QuantityKind::Count,
                    approx: r.get(5)?,
                    span: span(r.get(6)?, r.get(7)?),
                },
                r.get::<_, String>(4)?,
            ))
        })?;
        let mut quantities = Vec::new();
        for r in rows {
            let (mut q, kind) = r?;
            q.kind = enum_from_str::<QuantityKind>(&kind)?;
            quantities.push(q);
        }

        let mut s =
            c.prepare_cached("SELECT kind, message_ar, message_en, spans FROM flags WHERE doc = ?1 ORDER BY rowid")?;
        let rows = s.query_map([seq], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?;
        let mut flags = Vec::new();
        for r in rows {
            let (kind, ar, en, spans) = r?;
            let spans: Vec<Span> = serde_json::from_str(&spans)
                .map_err(|e| ErrorKind::Corrupt(format!("flag spans of {}: {e}", summary.id)))?;
            flags.push(Flag { kind, message: Message { ar, en }, spans });
        }

        let mut s = c.prepare_cached(
            "SELECT text, category, entity, start, end FROM wording WHERE doc = ?1 ORDER BY start, rowid",
        )?;
        let rows = s.query_map([seq], |r| {
            Ok(Wording { text: r.get(0)?, category: r.get(1)?, entity: r.get(2)?, span: span(r.get(3)?, r.get(4)?) })
        })?;
        let wording = rows.collect::<rusqlite::Result<Vec<_>>>()?;

        let document = Document {
            id: summary.id.clone(),
            source: extra.source,
            headline,
            byline,
            published,
            paragraphs,
            related: extra.related,
            credits,
            dropped: extra.dropped,
            text,
            entities,
            claims,
            quantities,
            flags,
            wording,
        };

        let mut duplicates = Vec::new();
        if let Some(g) = group_of(c, seq)? {
            let mut s = c.prepare_cached(
                "SELECT m.doc, m.similarity, m.exact FROM dup_members m JOIN documents d ON d.seq = m.doc \
                 WHERE m.grp = ?1 AND m.doc != ?2 ORDER BY d.published_ts IS NULL, d.published_ts, d.seq",
            )?;
            let rows =
                s.query_map(params![g, seq], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, f64>(1)?, r.get::<_, bool>(2)?)))?;
            for r in rows {
                let (doc, sim, exact) = r?;
                duplicates.push(Member { doc: summary_of(self, doc)?, similarity: sim as f32, exact });
            }
        }
        let story = c
            .query_row(
                "SELECT s.id, s.title, s.size, s.outlets FROM story_members m JOIN stories s ON s.id = m.story \
                 WHERE m.doc = ?1 AND s.size > 1",
                [seq],
                |r| {
                    Ok(StoryRef {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        size: r.get::<_, i64>(2)? as usize,
                        outlets: r.get::<_, i64>(3)? as usize,
                    })
                },
            )
            .optional()?;
        Ok(Article { summary, document, entity_keys, claim_records, duplicates, story })
    }

    /// A story by its id.
    pub fn story(&self, id: i64) -> Result<StoryDetail> {
        let c = self.conn();
        let (title, keywords): (String, String) = c
            .query_row("SELECT title, keywords FROM stories WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| ErrorKind::NotFound(format!("story {id}")))?;
        let mut s = c.prepare_cached(
            "SELECT m.doc FROM story_members m JOIN documents d ON d.seq = m.doc WHERE m.story = ?1 \
             ORDER BY d.published_ts IS NULL, d.published_ts, d.seq",
        )?;
        let seqs = s.query_map([id], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        let articles = seqs.iter().map(|&q| summary_of(self, q)).collect::<Result<Vec<_>>>()?;
        let mut outlets: Vec<String> = Vec::new();
        for a in &articles {
            if !outlets.contains(&a.outlet) {
                outlets.push(a.outlet.clone());
            }
        }

        let mut shared_claims = Vec::new();
        let mut s = c.prepare_cached(
            "SELECT c.record, r.source, r.content, COUNT(DISTINCT c.doc) AS n, \
             GROUP_CONCAT(DISTINCT COALESCE(o.name, 'unknown')) \
             FROM claims c JOIN story_members m ON m.doc = c.doc JOIN claim_records r ON r.id = c.record \
             JOIN documents d ON d.seq = c.doc LEFT JOIN outlets o ON o.id = d.outlet \
             WHERE m.story = ?1 GROUP BY c.record HAVING n >= 2 ORDER BY n DESC, c.record",
        )?;
        let rows = s.query_map([id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        for r in rows {
            let (record, source, content, n, outlets) = r?;
            shared_claims.push(SharedClaim {
                record,
                source,
                content,
                articles: n as usize,
                outlets: outlets.split(',').map(str::to_string).collect(),
            });
        }

        // Names per entity and outlet: the tagger's mentions, and the
        // wording that names an entity (a loaded name for a group).
        let mut names: BTreeMap<String, (String, String, BTreeMap<String, BTreeMap<String, u64>>)> = BTreeMap::new();
        let mut s = c.prepare_cached(
            "SELECT e.key, e.name, e.label, COALESCE(o.name, 'unknown'), mt.text, COUNT(*) \
             FROM mentions mt JOIN story_members m ON m.doc = mt.doc JOIN entities e ON e.id = mt.entity \
             JOIN documents d ON d.seq = mt.doc LEFT JOIN outlets o ON o.id = d.outlet \
             WHERE m.story = ?1 GROUP BY e.key, 4, mt.text",
        )?;
        let rows = s.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        for r in rows {
            let (key, name, label, outlet, form, n) = r?;
            let e = names.entry(key).or_insert_with(|| (name, label, BTreeMap::new()));
            *e.2.entry(outlet).or_default().entry(form).or_default() += n as u64;
        }
        let mut s = c.prepare_cached(
            "SELECT w.entity, COALESCE(e.name, w.entity), COALESCE(e.label, ''), COALESCE(o.name, 'unknown'), w.text, COUNT(*) \
             FROM wording w JOIN story_members m ON m.doc = w.doc JOIN documents d ON d.seq = w.doc \
             LEFT JOIN outlets o ON o.id = d.outlet LEFT JOIN entities e ON e.key = w.entity \
             WHERE m.story = ?1 AND w.entity IS NOT NULL GROUP BY w.entity, 4, w.text",
        )?;
        let rows = s.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        for r in rows {
            let (key, name, label, outlet, form, n) = r?;
            let e = names.entry(key).or_insert_with(|| (name, label, BTreeMap::new()));
            *e.2.entry(outlet).or_default().entry(form).or_default() += n as u64;
        }
        let mut variants: Vec<NamingVariants> = names
            .into_iter()
            .filter(|(_, (_, _, by))| by.len() >= 2)
            .map(|(key, (name, label, by))| {
                // Forms that differ only in spelling (ى/ی/ي, hamza on alef,
                // harakat, tatweel) are one naming: a reader sees the same
                // word. Each outlet's spellings merge under the commonest.
                let fold = |f: &str| Normalizer::search().normalize(f).text;
                let mut forms: Vec<String> = by.values().flat_map(|f| f.keys()).map(|f| fold(f)).collect();
                forms.sort();
                forms.dedup();
                let differs = forms.len() > 1;
                let by_outlet = by
                    .into_iter()
                    .map(|(o, f)| {
                        let mut merged: BTreeMap<String, (String, u64, u64)> = BTreeMap::new();
                        for (form, n) in f {
                            let e = merged.entry(fold(&form)).or_insert_with(|| (form.clone(), 0, 0));
                            if n > e.2 {
                                (e.0, e.2) = (form, n);
                            }
                            e.1 += n;
                        }
                        let mut f: Vec<(String, u64)> = merged.into_values().map(|(form, n, _)| (form, n)).collect();
                        f.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                        (o, f)
                    })
                    .collect();
                NamingVariants { key, name, label, by_outlet, differs }
            })
            .collect();
        variants.sort_by(|a, b| {
            b.differs.cmp(&a.differs).then(b.by_outlet.len().cmp(&a.by_outlet.len())).then(a.key.cmp(&b.key))
        });
        Ok(StoryDetail {
            id,
            title,
            keywords: keywords.split(' ').filter(|k| !k.is_empty()).map(str::to_string).collect(),
            articles,
            outlets,
            shared_claims,
            variants,
        })
    }

    /// An entity by its key (a canonical id, or `LABEL:form`).
    pub fn entity(&self, key: &str) -> Result<EntityDetail> {
        let c = self.conn();
        let (eid, label, name): (i64, String, String) = c
            .query_row("SELECT id, label, name FROM entities WHERE key = ?1", [key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or_else(|| ErrorKind::NotFound(format!("entity {key:?}")))?;
        let mut s = c.prepare_cached(
            "SELECT d.published_ts, COALESCE(o.name, 'unknown'), COUNT(*) FROM mentions mt \
             JOIN documents d ON d.seq = mt.doc LEFT JOIN outlets o ON o.id = d.outlet \
             WHERE mt.entity = ?1 AND d.latest = 1 GROUP BY mt.doc",
        )?;
        let rows =
            s.query_map([eid], |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
        let mut by_month: BTreeMap<(String, String), u64> = BTreeMap::new();
        let (mut mentions, mut documents) = (0u64, 0u64);
        for r in rows {
            let (ts, outlet, n) = r?;
            let m = ts.map_or_else(|| "undated".to_string(), month);
            *by_month.entry((m, outlet)).or_default() += n as u64;
            mentions += n as u64;
            documents += 1;
        }
        let timeline =
            by_month.into_iter().map(|((month, outlet), count)| MonthCount { month, outlet, count }).collect();

        let mut uses: BTreeMap<(String, String), BTreeMap<String, u64>> = BTreeMap::new();
        let mut s = c.prepare_cached(
            "SELECT mt.text, COALESCE(o.name, 'unknown'), COUNT(*) FROM mentions mt \
             JOIN documents d ON d.seq = mt.doc LEFT JOIN outlets o ON o.id = d.outlet \
             WHERE mt.entity = ?1 AND d.latest = 1 GROUP BY mt.text, 2",
        )?;
        for r in s.query_map([eid], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))? {
            let (form, outlet, n) = r?;
            *uses.entry((form, "mention".to_string())).or_default().entry(outlet).or_default() += n as u64;
        }
        let mut s = c.prepare_cached(
            "SELECT w.text, w.category, COALESCE(o.name, 'unknown'), COUNT(*) FROM wording w \
             JOIN documents d ON d.seq = w.doc LEFT JOIN outlets o ON o.id = d.outlet \
             WHERE w.entity = ?1 AND d.latest = 1 GROUP BY w.text, w.category, 3",
        )?;
        for r in s.query_map([key], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?))
        })? {
            let (form, cat, outlet, n) = r?;
            *uses.entry((form, cat)).or_default().entry(outlet).or_default() += n as u64;
        }
        let mut names: Vec<NameUse> = uses
            .into_iter()
            .map(|((name, kind), by)| {
                let mut outlets: Vec<(String, u64)> = by.into_iter().collect();
                outlets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                NameUse { total: outlets.iter().map(|o| o.1).sum(), name, kind, outlets }
            })
            .collect();
        names.sort_by(|a, b| b.total.cmp(&a.total).then_with(|| a.name.cmp(&b.name)));

        let mut s = c.prepare_cached(
            "SELECT DISTINCT mt.doc, d.published_ts FROM mentions mt JOIN documents d ON d.seq = mt.doc \
             WHERE mt.entity = ?1 AND d.latest = 1 ORDER BY d.published_ts IS NULL, d.published_ts DESC, mt.doc DESC LIMIT ?2",
        )?;
        let seqs = s
            .query_map(params![eid, ENTITY_ARTICLES], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let articles = seqs.iter().map(|&q| summary_of(self, q)).collect::<Result<Vec<_>>>()?;
        Ok(EntityDetail { key: key.to_string(), label, name, mentions, documents, timeline, names, articles })
    }

    /// A claim record and its carriers in time order: who carried it first,
    /// who relayed it, and whom each credited.
    pub fn claim_record(&self, id: i64) -> Result<ClaimRecord> {
        let c = self.conn();
        let (source, source_entity, content, outlets): (String, Option<String>, String, i64) = c
            .query_row("SELECT source, source_entity, content, outlets FROM claim_records WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?
            .ok_or_else(|| ErrorKind::NotFound(format!("claim {id}")))?;
        let mut s = c.prepare_cached(
            "SELECT d.id, d.url, COALESCE(o.name, 'unknown'), d.headline, d.published, c.content, c.relay, d.seq \
             FROM claims c JOIN documents d ON d.seq = c.doc LEFT JOIN outlets o ON o.id = d.outlet \
             WHERE c.record = ?1 ORDER BY d.published_ts IS NULL, d.published_ts, d.seq, c.id",
        )?;
        let mut cr = c.prepare_cached("SELECT name FROM credits WHERE doc = ?1 ORDER BY ord")?;
        let mut carriers: Vec<Carrier> = Vec::new();
        let mut seen = Vec::new();
        let mut rows = s.query([id])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(7)?;
            if seen.contains(&seq) {
                continue;
            }
            seen.push(seq);
            let mut credited: Vec<String> = r.get::<_, Option<String>>(6)?.into_iter().collect();
            for name in cr.query_map([seq], |x| x.get::<_, String>(0))? {
                let name = name?;
                if !credited.contains(&name) {
                    credited.push(name);
                }
            }
            carriers.push(Carrier {
                id: r.get(0)?,
                url: r.get(1)?,
                outlet: r.get(2)?,
                headline: r.get(3)?,
                published: r.get(4)?,
                content: r.get(5)?,
                role: if carriers.is_empty() { "first" } else { "relay" },
                credited,
            });
        }
        Ok(ClaimRecord { id, source, source_entity, content, outlets: outlets as usize, carriers })
    }
}

fn summary_of(store: &Store, seq: i64) -> Result<DocSummary> {
    summary(store.conn(), seq)
}

fn span(a: i64, b: i64) -> Span {
    Span::new(a.max(0) as usize, b.max(0) as usize)
}

/// An enum stored as its serde name (`according_to`); an unknown name is a
/// corrupt row (or a store written by a newer marsad).
fn enum_from_str<T: for<'de> Deserialize<'de>>(s: &str) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|e| ErrorKind::Corrupt(format!("unknown kind {s:?}: {e}")).into())
}
