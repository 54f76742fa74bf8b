//! The full-text index beside the store: tantivy, with marsad's Arabic
//! analyzer on the headline and body, and fast fields for the filters and
//! facets (outlet, canonical entities, month, publication time).
//!
//! SQLite is the source of truth; the index holds only what search needs and
//! can be rebuilt from it ([`crate::Store::reindex`]). Every commit carries a
//! payload — the highest document `seq` it contains — so after an interrupted
//! ingest the store knows exactly which documents the index is missing and
//! adds them on the next open; nothing is indexed twice because documents are
//! only ever added above that mark.

use crate::analyzer::{ArabicAnalyzer, ANALYZER_NAME};
use crate::error::{ErrorKind, Result};
use std::collections::HashMap;
use std::ops::Bound;
use std::path::Path;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    DocAddress, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Score, SegmentReader, TantivyDocument, Term,
};

/// Memory for the index writer. Tantivy wants at least 15 MB per thread;
/// 96 MB for the single indexing thread keeps segments large without risking
/// the 1 GB budget of a whole-corpus ingest.
const WRITER_MEMORY: usize = 96 * 1024 * 1024;

/// The index's fields.
#[derive(Clone, Copy, Debug)]
struct Fields {
    seq: Field,
    headline: Field,
    body: Field,
    outlet: Field,
    entity: Field,
    month: Field,
    published: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let seq = b.add_i64_field("seq", NumericOptions::default() | INDEXED | FAST | STORED);
    let headline = b.add_text_field("headline", text.clone());
    let body = b.add_text_field("body", text);
    let outlet = b.add_text_field("outlet", STRING | FAST);
    let entity = b.add_text_field("entity", STRING | FAST);
    let month = b.add_text_field("month", STRING | FAST);
    let published = b.add_i64_field("published", NumericOptions::default() | INDEXED | FAST);
    (b.build(), Fields { seq, headline, body, outlet, entity, month, published })
}

/// One document as the index sees it.
#[derive(Clone, Debug, Default)]
pub struct IndexDoc {
    pub seq: i64,
    pub headline: String,
    pub body: String,
    pub outlet: String,
    pub entities: Vec<String>,
    pub published_ts: Option<i64>,
}

/// A search, already resolved against the store (outlet names, entity keys).
#[derive(Clone, Debug, Default)]
pub struct IndexQuery {
    /// Groups of alternatives: every group must match; within a group any
    /// alternative may. One group per query word.
    pub groups: Vec<Vec<Alternative>>,
    /// Any of these outlets (empty: no filter).
    pub outlets: Vec<String>,
    /// Any of these entity keys (empty: no filter).
    pub entities: Vec<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub limit: usize,
    /// Rank by BM25 times a recency factor relative to `newest`.
    pub recency: Option<Recency>,
}

/// How a query word may match.
#[derive(Clone, Debug, PartialEq)]
pub enum Alternative {
    /// An index term in the headline or body.
    Term(String),
    /// A sequence of index terms (a multi-word entity name).
    Phrase(Vec<String>),
    /// A canonical entity the word names.
    Entity(String),
}

/// Recency ranking: the score is multiplied by `0.5 + 0.5 * 2^(-age/half_life)`,
/// age counted back from `newest` (the newest document in the store, not the
/// clock: a 2018 corpus is not all "old").
#[derive(Clone, Copy, Debug)]
pub struct Recency {
    pub newest: i64,
    pub half_life_days: f64,
}

/// What the index found.
#[derive(Debug, Default)]
pub struct IndexHits {
    pub total: usize,
    /// (seq, score), best first.
    pub hits: Vec<(i64, f32)>,
    pub outlets: Vec<(String, u64)>,
    pub entities: Vec<(String, u64)>,
    pub months: Vec<(String, u64)>,
    /// Turns a document's text into a highlighted snippet for this query.
    pub snippets: Option<Snippets>,
}

/// Highlights query words in a text.
pub struct Snippets {
    body: SnippetGenerator,
}

impl std::fmt::Debug for Snippets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Snippets")
    }
}

/// A snippet: plain text and the byte ranges to highlight in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<std::ops::Range<usize>>,
}

impl Snippet {
    /// The snippet with highlights between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + 8 * self.highlights.len());
        let mut at = 0;
        for r in &self.highlights {
            if r.start < at || r.end > self.text.len() {
                continue;
            }
            out.push_str(&self.text[at..r.start]);
            out.push_str(open);
            out.push_str(&self.text[r.clone()]);
            out.push_str(close);
            at = r.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

impl Snippets {
    /// The best passage of `text` (about `chars` characters) with the
    /// query's words highlighted; the start of the text when none occurs.
    pub fn snippet(&mut self, text: &str, chars: usize) -> Snippet {
        self.body.set_max_num_chars(chars);
        let s = self.body.snippet(text);
        if s.fragment().is_empty() {
            let end = text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i);
            return Snippet { text: text[..end].to_string(), highlights: Vec::new() };
        }
        Snippet { text: s.fragment().to_string(), highlights: s.highlighted().to_vec() }
    }
}

/// The index: opened beside the store.
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
    writer: Option<IndexWriter>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it when absent.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema();
        let mmap = tantivy::directory::MmapDirectory::open(dir)?;
        let index = Index::open_or_create(mmap, schema)?;
        index.tokenizers().register(ANALYZER_NAME, ArabicAnalyzer::new());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, fields, reader, writer: None })
    }

    /// The highest document `seq` of the last commit (0 for a new index).
    pub fn committed_upto(&self) -> Result<i64> {
        let metas = self.index.load_metas()?;
        match metas.payload.as_deref() {
            None => Ok(0),
            Some(p) => p
                .strip_prefix("upto=")
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| ErrorKind::Corrupt(format!("index commit payload {p:?}")).into()),
        }
    }

    /// Number of documents in the last commit.
    pub fn num_docs(&self) -> Result<u64> {
        self.reader.reload()?;
        Ok(self.reader.searcher().num_docs())
    }

    /// Makes searches see the index's last commit. A reader only moves on
    /// when told to: a long-lived reader (a server) calls this when another
    /// process (an ingest) has committed since.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    fn writer(&mut self) -> Result<&mut IndexWriter> {
        if self.writer.is_none() {
            let w: IndexWriter = self.index.writer_with_num_threads(1, WRITER_MEMORY)?;
            self.writer = Some(w);
        }
        Ok(self.writer.as_mut().expect("writer was just set"))
    }

    pub fn add(&mut self, d: &IndexDoc) -> Result<()> {
        let f = self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_i64(f.seq, d.seq);
        doc.add_text(f.headline, &d.headline);
        doc.add_text(f.body, &d.body);
        doc.add_text(f.outlet, &d.outlet);
        for e in &d.entities {
            doc.add_text(f.entity, e);
        }
        if let Some(ts) = d.published_ts {
            doc.add_i64(f.published, ts);
            doc.add_text(f.month, crate::date::month(ts));
        }
        self.writer()?.add_document(doc)?;
        Ok(())
    }

    /// Removes a document (an older version replaced by a newer one).
    pub fn delete(&mut self, seq: i64) -> Result<()> {
        let t = Term::from_field_i64(self.fields.seq, seq);
        self.writer()?.delete_term(t);
        Ok(())
    }

    /// Removes everything (before a rebuild).
    pub fn clear(&mut self) -> Result<()> {
        self.writer()?.delete_all_documents()?;
        Ok(())
    }

    /// Commits what was added, recording `upto` as the highest seq in it.
    pub fn commit(&mut self, upto: i64) -> Result<()> {
        let w = self.writer()?;
        let mut prepared = w.prepare_commit()?;
        prepared.set_payload(&format!("upto={upto}"));
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Waits for background merges and releases the writer (and its lock).
    pub fn close_writer(&mut self) -> Result<()> {
        if let Some(w) = self.writer.take() {
            w.wait_merging_threads()?;
        }
        Ok(())
    }

    /// Runs a query.
    pub fn search(&self, q: &IndexQuery) -> Result<IndexHits> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut text_query: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for group in &q.groups {
            let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for a in group {
                match a {
                    Alternative::Term(t) => {
                        let h = TermQuery::new(Term::from_field_text(f.headline, t), IndexRecordOption::WithFreqs);
                        alts.push((Occur::Should, Box::new(BoostQuery::new(Box::new(h), 1.5))));
                        let b = TermQuery::new(Term::from_field_text(f.body, t), IndexRecordOption::WithFreqs);
                        alts.push((Occur::Should, Box::new(b)));
                    }
                    Alternative::Phrase(ts) if ts.len() == 1 => {
                        let b = TermQuery::new(Term::from_field_text(f.body, &ts[0]), IndexRecordOption::WithFreqs);
                        alts.push((Occur::Should, Box::new(b)));
                    }
                    Alternative::Phrase(ts) if !ts.is_empty() => {
                        let terms = ts.iter().map(|t| Term::from_field_text(f.body, t)).collect();
                        alts.push((Occur::Should, Box::new(PhraseQuery::new(terms))));
                    }
                    Alternative::Phrase(_) => {}
                    Alternative::Entity(e) => {
                        let t = TermQuery::new(Term::from_field_text(f.entity, e), IndexRecordOption::Basic);
                        alts.push((Occur::Should, Box::new(t)));
                    }
                }
            }
            if !alts.is_empty() {
                text_query.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
            }
        }
        let text_query: Box<dyn Query> =
            if text_query.is_empty() { Box::new(AllQuery) } else { Box::new(BooleanQuery::new(text_query)) };
        must.push((Occur::Must, text_query.box_clone()));
        let any_of = |field: Field, values: &[String]| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(
                values
                    .iter()
                    .map(|v| {
                        let q: Box<dyn Query> =
                            Box::new(TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic));
                        (Occur::Should, q)
                    })
                    .collect(),
            ))
        };
        if !q.outlets.is_empty() {
            must.push((Occur::Must, any_of(f.outlet, &q.outlets)));
        }
        if !q.entities.is_empty() {
            must.push((Occur::Must, any_of(f.entity, &q.entities)));
        }
        if q.from.is_some() || q.to.is_some() {
            let lo = q.from.map_or(Bound::Unbounded, |v| Bound::Included(Term::from_field_i64(f.published, v)));
            let hi = q.to.map_or(Bound::Unbounded, |v| Bound::Included(Term::from_field_i64(f.published, v)));
            must.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        let query = BooleanQuery::new(must);
        let limit = q.limit.max(1);
        let facets = Facets { fields: vec![f.outlet, f.entity, f.month], schema: self.index.schema() };
        let (total, (top, counts)) = match q.recency {
            None => {
                let top = TopDocs::with_limit(limit);
                let (n, (t, c)) = searcher.search(&query, &(Count, (top, facets)))?;
                (n, (t, c))
            }
            Some(r) => {
                let top = TopDocs::with_limit(limit).tweak_score(move |seg: &SegmentReader| {
                    let col = seg.fast_fields().i64("published").ok();
                    move |doc: DocId, score: Score| {
                        let ts = col.as_ref().and_then(|c| c.first(doc)).unwrap_or(r.newest);
                        let age_days = ((r.newest - ts).max(0) as f64) / 86_400.0;
                        score * (0.5 + 0.5 * (-age_days / r.half_life_days).exp2()) as f32
                    }
                });
                let (n, (t, c)) = searcher.search(&query, &(Count, (top, facets)))?;
                (n, (t, c))
            }
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            hits.push((self.seq_of(&searcher, addr)?, score));
        }
        let snippets = if q.groups.is_empty() {
            None
        } else {
            Some(Snippets { body: SnippetGenerator::create(&searcher, &*text_query, f.body)? })
        };
        let mut it = counts.into_iter();
        Ok(IndexHits {
            total,
            hits,
            outlets: it.next().unwrap_or_default(),
            entities: it.next().unwrap_or_default(),
            months: it.next().unwrap_or_default(),
            snippets,
        })
    }

    fn seq_of(&self, searcher: &tantivy::Searcher, addr: DocAddress) -> Result<i64> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        doc.get_first(self.fields.seq)
            .and_then(|v| v.as_i64())
            .ok_or_else(|| ErrorKind::Corrupt("an index document without seq".into()).into())
    }
}

/// Counts the values of string fast fields over every matching document.
struct Facets {
    fields: Vec<Field>,
    schema: Schema,
}

struct FacetSegment {
    columns: Vec<Option<StrColumn>>,
    counts: Vec<Vec<u32>>,
}

impl Collector for Facets {
    type Fruit = Vec<Vec<(String, u64)>>;
    type Child = FacetSegment;

    fn for_segment(&self, _ord: u32, seg: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let mut columns = Vec::new();
        let mut counts = Vec::new();
        for f in &self.fields {
            let col = seg.fast_fields().str(self.schema.get_field_name(*f))?;
            counts.push(vec![0u32; col.as_ref().map_or(0, |c| c.num_terms())]);
            columns.push(col);
        }
        Ok(FacetSegment { columns, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetFruit>) -> tantivy::Result<Self::Fruit> {
        let mut merged: Vec<HashMap<String, u64>> = vec![HashMap::new(); self.fields.len()];
        for fruit in fruits {
            let fruit = fruit.map_err(|e| tantivy::TantivyError::InternalError(format!("facet dictionary: {e}")))?;
            for (i, m) in fruit.into_iter().enumerate() {
                for (k, v) in m {
                    *merged[i].entry(k).or_default() += v;
                }
            }
        }
        Ok(merged
            .into_iter()
            .map(|m| {
                let mut v: Vec<(String, u64)> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                v
            })
            .collect())
    }
}

/// A segment's facet counts, or the error reading its term dictionary.
type FacetFruit = Result<Vec<HashMap<String, u64>>, String>;

impl SegmentCollector for FacetSegment {
    type Fruit = FacetFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        for (col, counts) in self.columns.iter().zip(self.counts.iter_mut()) {
            if let Some(col) = col {
                for ord in col.term_ords(doc) {
                    counts[ord as usize] += 1;
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut out = Vec::new();
        for (col, counts) in self.columns.iter().zip(self.counts) {
            let mut m = HashMap::new();
            if let Some(col) = col {
                // The values of the counted ordinals, read in one pass over
                // the dictionary: looking each ordinal up on its own decodes
                // its dictionary block from the start every time, which was
                // half of a search's CPU time with entity facets.
                let found: Vec<(u64, u32)> =
                    counts.into_iter().enumerate().filter(|&(_, n)| n > 0).map(|(o, n)| (o as u64, n)).collect();
                let mut next = found.iter();
                let mut bad = None;
                let all = col
                    .dictionary()
                    .sorted_ords_to_term_cb(found.iter().map(|&(o, _)| o), |bytes| {
                        if let Some(&(_, n)) = next.next() {
                            match std::str::from_utf8(bytes) {
                                Ok(v) => {
                                    m.insert(v.to_string(), n as u64);
                                }
                                Err(e) => bad = Some(format!("a facet value is not UTF-8: {e}")),
                            }
                        }
                        Ok(())
                    })
                    .map_err(|e| e.to_string())?;
                if let Some(e) = bad {
                    return Err(e);
                }
                if !all {
                    return Err(format!("a term ordinal of {} counted values is missing", found.len()));
                }
            }
            out.push(m);
        }
        Ok(out)
    }
}
