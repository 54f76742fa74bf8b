//! The store: SQLite (WAL) as the source of truth, the tantivy index beside
//! it, and the write path of an ingest.
//!
//! **Consistency.** Documents are written in batches, one SQLite transaction
//! each, so a batch is stored whole or not at all. The index is committed
//! less often (a commit costs a segment flush), each commit recording the
//! highest document `seq` it holds; it is always committed *after* the
//! SQLite transaction of the documents it contains, so it can lag the store
//! but never lead it. Opening the store adds the lagging tail to the index.
//! A killed ingest therefore leaves a consistent store, and the next run skips
//! every input whose sighting was committed and redoes the rest: nothing lost,
//! nothing doubled.

use crate::dedup;
use crate::error::{ErrorKind, Result};
use crate::index::{IndexDoc, SearchIndex};
use crate::prepare::Prepared;
use crate::provenance;
use crate::schema::migrate;
use crate::stories;
use crate::timing::StoreTimes;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The SQLite file inside a store directory.
pub const DB_FILE: &str = "marsad.sqlite";
/// The index directory inside a store directory.
pub const INDEX_DIR: &str = "index";

/// Commit the index after this many new documents or this much time,
/// whichever comes first (and always at the end of an ingest).
const INDEX_COMMIT_DOCS: usize = 20_000;
const INDEX_COMMIT_EVERY: Duration = Duration::from_secs(20);

/// A store directory, open.
pub struct Store {
    dir: PathBuf,
    conn: Connection,
    index: SearchIndex,
    ingest: Option<IngestState>,
    times: StoreTimes,
}

/// What an ingest keeps in memory to decide, for each input, whether it is
/// new, a new version, or already stored.
struct IngestState {
    run: i64,
    seen: HashSet<i64>,
    /// `locator \0 content_hash` → seq, for every version.
    contents: HashMap<String, i64>,
    /// locator → (seq, version) of the latest version.
    latest: HashMap<String, (i64, i64)>,
    outlets: HashMap<String, i64>,
    entities: HashMap<String, i64>,
    aliases: HashSet<(String, i64)>,
    max_seq: i64,
    unindexed: usize,
    last_commit: Instant,
}

/// What one batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    /// New documents.
    pub added: usize,
    /// New versions of a page already stored (same locator, new content).
    pub versions: usize,
    /// Inputs that were an already stored document (same locator, same
    /// content) read from another place or record.
    pub same_document: usize,
    /// Inputs already read by an earlier run (same bytes, same place).
    pub already_seen: usize,
}

impl std::ops::AddAssign for BatchOutcome {
    fn add_assign(&mut self, o: BatchOutcome) {
        self.added += o.added;
        self.versions += o.versions;
        self.same_document += o.same_document;
        self.already_seen += o.already_seen;
    }
}

/// Counts of what the store holds.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Stats {
    pub documents: u64,
    pub latest_documents: u64,
    pub sightings: u64,
    pub outlets: u64,
    pub indexed: u64,
    pub duplicate_groups: u64,
    pub duplicate_members: u64,
    pub stories: u64,
    pub claim_records: u64,
}

/// A stored document, as listings show it.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct DocSummary {
    #[serde(skip)]
    pub seq: i64,
    pub id: String,
    pub url: Option<String>,
    pub headline: Option<String>,
    pub outlet: String,
    pub published: Option<String>,
    #[serde(skip)]
    pub published_ts: Option<i64>,
    #[serde(skip)]
    pub version: i64,
}

impl Store {
    /// Opens (or creates) the store in `dir`, migrates its schema and brings
    /// the index up to date with SQLite.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)?;
        let mut conn = Connection::open(dir.join(DB_FILE))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // In WAL mode NORMAL loses no committed transaction when the process
        // dies (only on power loss), which is the failure ingest must survive.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // 64 MiB of page cache (SQLite's default is 2 MiB): an ingest updates
        // indexes whose pages are spread over the whole file, and each page
        // missed is a read system call. Allocated only as pages are used.
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.busy_timeout(Duration::from_secs(30))?;
        migrate(&mut conn)?;
        let index = SearchIndex::open(&dir.join(INDEX_DIR))?;
        let mut store = Store { dir: dir.to_path_buf(), conn, index, ingest: None, times: StoreTimes::default() };
        store.catch_up_index()?;
        Ok(store)
    }

    /// Opens an existing store; an error if `dir` holds none.
    pub fn open_existing(dir: &Path) -> Result<Store> {
        if !dir.join(DB_FILE).exists() {
            return Err(ErrorKind::NotFound(format!(
                "no marsad store in {} (create one with `marsad ingest`)",
                dir.display()
            ))
            .into());
        }
        Store::open(dir)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Where this store's time went since it was opened (see [`StoreTimes`]).
    pub fn times(&self) -> StoreTimes {
        self.times
    }

    fn max_seq(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM documents", [], |r| r.get(0))?)
    }

    /// Adds to the index every document SQLite has and the index's last
    /// commit does not. If another process holds the index writer (an ingest
    /// running), it will do this itself, so the reader goes on.
    fn catch_up_index(&mut self) -> Result<()> {
        let upto = self.index.committed_upto()?;
        let max = self.max_seq()?;
        if upto == max {
            return Ok(());
        }
        if upto > max {
            // The index claims documents SQLite does not have: it belongs to
            // another store. Rebuild rather than serve wrong hits.
            return self.reindex().map(|_| ());
        }
        match self.index_range(upto, max) {
            Err(e) if is_lock_busy(&e) => Ok(()),
            r => r,
        }
    }

    /// Indexes the latest versions among documents with `lo < seq <= hi`,
    /// removing the older versions they replace, and commits.
    fn index_range(&mut self, lo: i64, hi: i64) -> Result<()> {
        let docs = self.index_docs(lo, hi)?;
        let mut replaced = self.conn.prepare(
            "SELECT o.seq FROM documents n JOIN documents o ON o.locator = n.locator AND o.version < n.version \
             WHERE n.seq > ?1 AND n.seq <= ?2",
        )?;
        let old: Vec<i64> = replaced.query_map(params![lo, hi], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        drop(replaced);
        for seq in old {
            self.index.delete(seq)?;
        }
        for d in &docs {
            self.index.add(d)?;
        }
        self.index.commit(hi)?;
        self.index.close_writer()
    }

    /// The index documents for the latest versions with `lo < seq <= hi`.
    fn index_docs(&self, lo: i64, hi: i64) -> Result<Vec<IndexDoc>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.seq, COALESCE(d.headline, ''), d.text, COALESCE(o.name, 'unknown'), d.published_ts \
             FROM documents d LEFT JOIN outlets o ON o.id = d.outlet \
             WHERE d.seq > ?1 AND d.seq <= ?2 AND d.latest = 1 ORDER BY d.seq",
        )?;
        let mut docs: Vec<IndexDoc> = stmt
            .query_map(params![lo, hi], |r| {
                Ok(IndexDoc {
                    seq: r.get(0)?,
                    headline: r.get(1)?,
                    body: r.get(2)?,
                    outlet: r.get(3)?,
                    entities: Vec::new(),
                    published_ts: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut ents = self.conn.prepare(
            "SELECT DISTINCT m.doc, e.key FROM mentions m JOIN entities e ON e.id = m.entity \
             WHERE m.doc > ?1 AND m.doc <= ?2 ORDER BY m.doc",
        )?;
        let pos: HashMap<i64, usize> = docs.iter().enumerate().map(|(i, d)| (d.seq, i)).collect();
        let rows = ents.query_map(params![lo, hi], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (seq, key) = row?;
            if let Some(&i) = pos.get(&seq) {
                docs[i].entities.push(key);
            }
        }
        Ok(docs)
    }

    /// Rebuilds the index from SQLite. Returns the number of documents
    /// indexed.
    pub fn reindex(&mut self) -> Result<u64> {
        self.index.clear()?;
        let max = self.max_seq()?;
        let step = 20_000;
        let mut lo = 0;
        while lo < max {
            let hi = (lo + step).min(max);
            for d in self.index_docs(lo, hi)? {
                self.index.add(&d)?;
            }
            lo = hi;
        }
        self.index.commit(max)?;
        self.index.close_writer()?;
        self.index.num_docs()
    }

    /// Starts an ingest run: loads what identity decisions need.
    pub fn begin_ingest(&mut self, inputs: &[String]) -> Result<i64> {
        let now = unix_now();
        self.conn.execute("INSERT INTO runs (started, inputs) VALUES (?1, ?2)", params![now, inputs.join("\n")])?;
        let run = self.conn.last_insert_rowid();
        self.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('corpus_dirty', '1')", [])?;
        let mut st = IngestState {
            run,
            seen: HashSet::new(),
            contents: HashMap::new(),
            latest: HashMap::new(),
            outlets: HashMap::new(),
            entities: HashMap::new(),
            aliases: HashSet::new(),
            max_seq: self.max_seq()?,
            unindexed: 0,
            last_commit: Instant::now(),
        };
        let mut s = self.conn.prepare("SELECT key FROM sightings")?;
        for k in s.query_map([], |r| r.get::<_, i64>(0))? {
            st.seen.insert(k?);
        }
        drop(s);
        let mut s = self.conn.prepare("SELECT seq, locator, version, content_hash, latest FROM documents")?;
        let rows = s.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (seq, loc, version, hash, latest) = row?;
            st.contents.insert(content_key(&loc, &hash), seq);
            if latest == 1 {
                st.latest.insert(loc, (seq, version));
            }
        }
        drop(s);
        let mut s = self.conn.prepare("SELECT id, name FROM outlets")?;
        for row in s.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, name) = row?;
            st.outlets.insert(name, id);
        }
        drop(s);
        let mut s = self.conn.prepare("SELECT id, key FROM entities")?;
        for row in s.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, key) = row?;
            st.entities.insert(key, id);
        }
        drop(s);
        self.ingest = Some(st);
        Ok(run)
    }

    /// The sighting keys of every stored input (for a reader thread that
    /// skips them before analysis; [`Store::add_batch`] checks again).
    pub fn seen_keys(&self) -> HashSet<i64> {
        self.ingest.as_ref().map(|s| s.seen.clone()).unwrap_or_default()
    }

    /// True when an input with this sighting key was stored by a committed
    /// batch (or earlier in this run).
    pub fn is_seen(&self, sighting: i64) -> bool {
        self.ingest.as_ref().is_some_and(|s| s.seen.contains(&sighting))
    }

    /// Writes a batch in one transaction and adds its new documents to the
    /// index (committed later, see [`Store::flush_index`]).
    pub fn add_batch(&mut self, batch: Vec<Prepared>) -> Result<BatchOutcome> {
        let mut st = self.ingest.take().ok_or_else(|| ErrorKind::Corrupt("add_batch before begin_ingest".into()))?;
        let mut sqlite = self.times.sqlite_write;
        let result = sqlite.time(|| self.write_batch(&mut st, batch));
        self.times.sqlite_write = sqlite;
        self.ingest = Some(st);
        let (outcome, to_index, to_delete) = result?;
        let mut add = self.times.index_add;
        add.time(|| -> Result<()> {
            for seq in to_delete {
                self.index.delete(seq)?;
            }
            for d in &to_index {
                self.index.add(d)?;
            }
            Ok(())
        })?;
        self.times.index_add = add;
        let st = self.ingest.as_mut().expect("ingest state restored above");
        st.unindexed += to_index.len();
        if st.unindexed >= INDEX_COMMIT_DOCS || st.last_commit.elapsed() >= INDEX_COMMIT_EVERY {
            self.flush_index()?;
        }
        Ok(outcome)
    }

    /// Commits the index up to the last stored document.
    pub fn flush_index(&mut self) -> Result<()> {
        if let Some(st) = self.ingest.as_mut() {
            let upto = st.max_seq;
            st.unindexed = 0;
            st.last_commit = Instant::now();
            let mut commit = self.times.index_commit;
            commit.time(|| self.index.commit(upto))?;
            self.times.index_commit = commit;
        }
        Ok(())
    }

    #[allow(clippy::type_complexity)]
    fn write_batch(
        &mut self,
        st: &mut IngestState,
        batch: Vec<Prepared>,
    ) -> Result<(BatchOutcome, Vec<IndexDoc>, Vec<i64>)> {
        let mut outcome = BatchOutcome::default();
        let mut to_index: Vec<IndexDoc> = Vec::new();
        let mut to_delete = Vec::new();
        // Decisions are applied to a copy of the in-memory state only once
        // the transaction commits; until then they live in these logs.
        let mut new_seen = Vec::new();
        let mut new_contents = Vec::new();
        let mut new_latest = Vec::new();
        let mut new_outlets = Vec::new();
        let mut new_entities = Vec::new();
        let mut new_aliases = Vec::new();
        let mut seq = st.max_seq;
        let tx = self.conn.transaction()?;
        {
            let mut pending_contents: HashMap<String, i64> = HashMap::new();
            let mut pending_latest: HashMap<String, (i64, i64)> = HashMap::new();
            let mut pending_seen: HashSet<i64> = HashSet::new();
            let mut pending_outlets: HashMap<String, i64> = HashMap::new();
            let mut pending_entities: HashMap<String, i64> = HashMap::new();
            let mut pending_aliases: HashSet<(String, i64)> = HashSet::new();
            for p in batch {
                if st.seen.contains(&p.sighting) || !pending_seen.insert(p.sighting) {
                    outcome.already_seen += 1;
                    continue;
                }
                new_seen.push(p.sighting);
                let ckey = content_key(&p.locator, &p.content_hash);
                if let Some(&existing) = st.contents.get(&ckey).or_else(|| pending_contents.get(&ckey)) {
                    insert_sighting(&tx, &p, existing, st.run)?;
                    outcome.same_document += 1;
                    continue;
                }
                let prev = pending_latest.get(&p.locator).or_else(|| st.latest.get(&p.locator)).copied();
                let version = prev.map_or(1, |(_, v)| v + 1);
                if let Some((old, _)) = prev {
                    tx.execute("UPDATE documents SET latest = 0 WHERE seq = ?1", [old])?;
                    to_delete.push(old);
                    to_index.retain(|d| d.seq != old);
                    outcome.versions += 1;
                } else {
                    outcome.added += 1;
                }
                seq += 1;
                let outlet = match st.outlets.get(&p.outlet).or_else(|| pending_outlets.get(&p.outlet)) {
                    Some(&id) => id,
                    None => {
                        tx.execute(
                            "INSERT INTO outlets (name, host) VALUES (?1, ?2)",
                            params![p.outlet, p.outlet_host],
                        )?;
                        let id = tx.last_insert_rowid();
                        pending_outlets.insert(p.outlet.clone(), id);
                        new_outlets.push((p.outlet.clone(), id));
                        id
                    }
                };
                let id = unique_id(&tx, &p, version)?;
                insert_document(&tx, &p, seq, &id, version, outlet, st.run)?;
                insert_sighting(&tx, &p, seq, st.run)?;
                let mut keys = Vec::new();
                for m in &p.mentions {
                    let eid = match st.entities.get(&m.key).or_else(|| pending_entities.get(&m.key)) {
                        Some(&id) => id,
                        None => {
                            tx.prepare_cached("INSERT INTO entities (key, label, name) VALUES (?1, ?2, ?3)")?
                                .execute(params![m.key, m.label, m.name])?;
                            let id = tx.last_insert_rowid();
                            pending_entities.insert(m.key.clone(), id);
                            new_entities.push((m.key.clone(), id));
                            id
                        }
                    };
                    let alias = (m.form.clone(), eid);
                    if !m.form.is_empty() && !st.aliases.contains(&alias) && pending_aliases.insert(alias.clone()) {
                        tx.prepare_cached("INSERT OR IGNORE INTO aliases (form, entity) VALUES (?1, ?2)")?
                            .execute(params![m.form, eid])?;
                        new_aliases.push(alias);
                    }
                    tx.prepare_cached(
                        "INSERT INTO mentions (doc, entity, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![seq, eid, m.start as i64, m.end as i64, m.text])?;
                    if !keys.contains(&m.key) {
                        keys.push(m.key.clone());
                    }
                }
                pending_contents.insert(ckey.clone(), seq);
                new_contents.push((ckey, seq));
                pending_latest.insert(p.locator.clone(), (seq, version));
                new_latest.push((p.locator.clone(), (seq, version)));
                to_index.push(IndexDoc {
                    seq,
                    headline: p.document.headline.clone().unwrap_or_default(),
                    body: p.document.text.clone(),
                    outlet: p.outlet.clone(),
                    entities: keys,
                    published_ts: p.published_ts,
                });
            }
        }
        tx.commit()?;
        st.seen.extend(new_seen);
        st.contents.extend(new_contents);
        st.latest.extend(new_latest);
        st.outlets.extend(new_outlets);
        st.entities.extend(new_entities);
        st.aliases.extend(new_aliases);
        st.max_seq = seq;
        Ok((outcome, to_index, to_delete))
    }

    /// Records an input that could not be stored, with the reason.
    pub fn reject(&mut self, input: &str, reason: &str) -> Result<()> {
        let run = self.ingest.as_ref().map_or(0, |s| s.run);
        self.conn
            .execute("INSERT INTO rejects (run, input, reason) VALUES (?1, ?2, ?3)", params![run, input, reason])?;
        Ok(())
    }

    /// Ends an ingest run: commits the index, recomputes duplicate groups,
    /// stories and claim records, and marks the run finished.
    pub fn finish_ingest(&mut self) -> Result<CorpusSummary> {
        self.flush_index()?;
        let mut commit = self.times.index_commit;
        commit.time(|| self.index.close_writer())?;
        self.times.index_commit = commit;
        let summary = self.update_corpus()?;
        if let Some(st) = self.ingest.take() {
            self.conn.execute("UPDATE runs SET finished = ?1 WHERE id = ?2", params![unix_now(), st.run])?;
        }
        Ok(summary)
    }

    /// Ends an ingest run without the corpus-level steps (a bulk load that
    /// runs them later, with `marsad reindex` or the first `marsad
    /// duplicates`): the store stays marked as needing them.
    pub fn finish_ingest_deferred(&mut self) -> Result<()> {
        self.flush_index()?;
        self.index.close_writer()?;
        if let Some(st) = self.ingest.take() {
            self.conn.execute("UPDATE runs SET finished = ?1 WHERE id = ?2", params![unix_now(), st.run])?;
        }
        Ok(())
    }

    /// Recomputes the corpus-level results (duplicates, stories, claim
    /// records) in one transaction.
    pub fn update_corpus(&mut self) -> Result<CorpusSummary> {
        let mut times = self.times;
        let tx = self.conn.transaction()?;
        let duplicate_groups = times.duplicates.time(|| dedup::rebuild(&tx, &dedup::DedupConfig::default()))?;
        let stories = times.stories.time(|| stories::rebuild(&tx, &stories::StoryConfig::default()))?;
        let claim_records = times.claims.time(|| provenance::rebuild(&tx, &provenance::ProvenanceConfig::default()))?;
        tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('corpus_dirty', '0')", [])?;
        tx.commit()?;
        self.times = times;
        Ok(CorpusSummary { duplicate_groups, stories, claim_records })
    }

    /// Recomputes the corpus-level results if an ingest was interrupted
    /// before it did.
    pub fn ensure_corpus(&mut self) -> Result<()> {
        let dirty: Option<String> =
            self.conn.query_row("SELECT value FROM meta WHERE key = 'corpus_dirty'", [], |r| r.get(0)).optional()?;
        if dirty.as_deref() == Some("1") {
            self.update_corpus()?;
        }
        Ok(())
    }

    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<u64> { Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64) };
        Ok(Stats {
            documents: count("SELECT COUNT(*) FROM documents")?,
            latest_documents: count("SELECT COUNT(*) FROM documents WHERE latest = 1")?,
            sightings: count("SELECT COUNT(*) FROM sightings")?,
            outlets: count("SELECT COUNT(*) FROM outlets")?,
            indexed: self.index.num_docs()?,
            duplicate_groups: count("SELECT COUNT(*) FROM dup_groups")?,
            duplicate_members: count("SELECT COUNT(*) FROM dup_members")?,
            stories: count("SELECT COUNT(*) FROM stories")?,
            claim_records: count("SELECT COUNT(*) FROM claim_records")?,
        })
    }

    /// The rejects recorded by a run.
    pub fn rejects(&self, run: i64) -> Result<Vec<(String, String)>> {
        let mut s = self.conn.prepare("SELECT input, reason FROM rejects WHERE run = ?1 ORDER BY rowid")?;
        let rows = s.query_map([run], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A document by seq.
    pub fn summary(&self, seq: i64) -> Result<DocSummary> {
        summary(&self.conn, seq)
    }

    /// The cleaned text of a document.
    pub fn text(&self, seq: i64) -> Result<String> {
        Ok(self.conn.query_row("SELECT text FROM documents WHERE seq = ?1", [seq], |r| r.get(0))?)
    }

    /// Every document id with its locator and version, in store order (for
    /// checks and exports).
    pub fn list(&self) -> Result<Vec<(String, String, i64)>> {
        let mut s = self.conn.prepare("SELECT id, locator, version FROM documents ORDER BY seq")?;
        let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Finds a document by its id, by the raw id of any input that was that
    /// document, or by `path#record` of such an input (or just `#record`
    /// suffix of the path's name).
    pub fn resolve(&self, r: &str) -> Result<Option<i64>> {
        let by_id: Option<i64> =
            self.conn.query_row("SELECT seq FROM documents WHERE id = ?1", [r], |x| x.get(0)).optional()?;
        if by_id.is_some() {
            return Ok(by_id);
        }
        let by_raw: Option<i64> =
            self.conn.query_row("SELECT doc FROM sightings WHERE raw_id = ?1 LIMIT 1", [r], |x| x.get(0)).optional()?;
        if by_raw.is_some() {
            return Ok(by_raw);
        }
        if let Some((path, rec)) = r.rsplit_once('#') {
            if let Ok(rec) = rec.parse::<i64>() {
                let like = format!("%{path}");
                return Ok(self
                    .conn
                    .query_row(
                        "SELECT doc FROM sightings WHERE record = ?1 AND path LIKE ?2 LIMIT 1",
                        params![rec, like],
                        |x| x.get(0),
                    )
                    .optional()?);
            }
        }
        Ok(None)
    }
}

/// What the corpus-level steps found.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct CorpusSummary {
    pub duplicate_groups: usize,
    pub stories: usize,
    pub claim_records: usize,
}

pub(crate) fn summary(conn: &Connection, seq: i64) -> Result<DocSummary> {
    let r = conn
        .query_row(
            "SELECT d.seq, d.id, d.url, d.headline, COALESCE(o.name, 'unknown'), d.published, d.published_ts, d.version \
             FROM documents d LEFT JOIN outlets o ON o.id = d.outlet WHERE d.seq = ?1",
            [seq],
            |r| {
                Ok(DocSummary {
                    seq: r.get(0)?,
                    id: r.get(1)?,
                    url: r.get(2)?,
                    headline: r.get(3)?,
                    outlet: r.get(4)?,
                    published: r.get(5)?,
                    published_ts: r.get(6)?,
                    version: r.get(7)?,
                })
            },
        )
        .optional()?;
    r.ok_or_else(|| ErrorKind::NotFound(format!("document #{seq}")).into())
}

fn content_key(locator: &str, hash: &str) -> String {
    format!("{locator}\0{hash}")
}

/// The document's public id: the pipeline's id (a hash of the raw bytes)
/// unless another stored document already has it (the same bytes read from
/// another place, e.g. a JSONL whose records repeat a body under two URLs);
/// then a hash of that id, the locator and the version.
fn unique_id(tx: &Transaction, p: &Prepared, version: i64) -> Result<String> {
    let taken = |id: &str| -> Result<bool> {
        Ok(tx
            .prepare_cached("SELECT 1 FROM documents WHERE id = ?1")?
            .query_row([id], |_| Ok(()))
            .optional()?
            .is_some())
    };
    if !p.raw_id.is_empty() && !taken(&p.raw_id)? {
        return Ok(p.raw_id.clone());
    }
    let mut salt = 0u64;
    loop {
        let id = crate::hash::hex64(format!("{}\0{}\0{}\0{}", p.raw_id, p.locator, version, salt).as_bytes());
        if !taken(&id)? {
            return Ok(id);
        }
        salt += 1;
    }
}

fn insert_sighting(tx: &Transaction, p: &Prepared, doc: i64, run: i64) -> Result<()> {
    let s = &p.document.source;
    tx.prepare_cached(
        "INSERT INTO sightings (key, raw_id, doc, path, record, url, run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![p.sighting, p.raw_id, doc, s.path, s.record.map(|r| r as i64), s.url, run])?;
    Ok(())
}

/// The parts of a document that have no table of their own.
#[derive(Serialize)]
struct Extra<'a> {
    source: &'a marsad_engine::Source,
    related: &'a [String],
    dropped: &'a [marsad_engine::Dropped],
    /// The claims whole: the `claims` table keeps the content's span only,
    /// and a reader marks the source and cue too (see `browse.rs`).
    claims: &'a [marsad_engine::analyze::Claim],
}

/// The JSON of a document's parts that have no table of their own.
pub(crate) fn extra_json(d: &marsad_engine::Document) -> Result<String> {
    serde_json::to_string(&Extra { source: &d.source, related: &d.related, dropped: &d.dropped, claims: &d.claims })
        .map_err(|e| ErrorKind::Corrupt(format!("serializing document {}: {e}", d.id)).into())
}

/// The name a closed set's value serializes to (claim and quantity kinds).
pub(crate) fn kind_str<T: Serialize>(kind: &T) -> String {
    serde_json::to_value(kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn insert_document(
    tx: &Transaction,
    p: &Prepared,
    seq: i64,
    id: &str,
    version: i64,
    outlet: i64,
    run: i64,
) -> Result<()> {
    let d = &p.document;
    let owned;
    let extra: &str = match &p.extra {
        Some(x) => x,
        None => {
            owned = extra_json(d)?;
            &owned
        }
    };
    tx.prepare_cached(
        "INSERT INTO documents (seq, id, locator, version, latest, content_hash, url, outlet, headline, byline, \
         published, published_ts, text, format, path, record, extra, signature, run) \
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?
    .execute(params![
        seq,
        id,
        p.locator,
        version,
        p.content_hash,
        p.url,
        outlet,
        d.headline,
        d.byline,
        d.published,
        p.published_ts,
        d.text,
        d.source.format.map(|f| f.as_str()),
        d.source.path,
        d.source.record.map(|r| r as i64),
        extra,
        p.signature.to_bytes(),
        run,
    ])?;
    let mut para = tx.prepare_cached("INSERT INTO paragraphs (doc, ord, start, end) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, (s, e)) in p.paragraph_spans.iter().enumerate() {
        para.execute(params![seq, i as i64, *s as i64, *e as i64])?;
    }
    let mut cr = tx.prepare_cached("INSERT INTO credits (doc, ord, name) VALUES (?1, ?2, ?3)")?;
    for (i, c) in d.credits.iter().enumerate() {
        cr.execute(params![seq, i as i64, c])?;
    }
    let mut cl = tx.prepare_cached(
        "INSERT INTO claims (doc, ord, kind, source, source_entity, cue, content, content_start, content_end, relay, \
         vague, hedged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (i, c) in d.claims.iter().enumerate() {
        let kind = p.claim_kinds.get(i).cloned().unwrap_or_else(|| kind_str(&c.kind));
        cl.execute(params![
            seq,
            i as i64,
            kind,
            c.source.as_ref().map(|s| s.text.as_str()),
            c.source_entity,
            c.cue.text,
            c.content.text,
            c.content.span.start as i64,
            c.content.span.end as i64,
            c.relay.as_ref().map(|s| s.text.as_str()),
            c.vague_source,
            c.hedged,
        ])?;
    }
    let mut q = tx.prepare_cached(
        "INSERT INTO quantities (doc, text, value, value_max, unit, kind, approx, start, end) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, x) in d.quantities.iter().enumerate() {
        let kind = p.quantity_kinds.get(i).cloned().unwrap_or_else(|| kind_str(&x.kind));
        q.execute(params![
            seq,
            x.text,
            x.value,
            x.value_max,
            x.unit,
            kind,
            x.approx,
            x.span.start as i64,
            x.span.end as i64
        ])?;
    }
    let mut fl =
        tx.prepare_cached("INSERT INTO flags (doc, kind, message_ar, message_en, spans) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for f in &d.flags {
        let spans = serde_json::to_string(&f.spans).map_err(|e| ErrorKind::Corrupt(e.to_string()))?;
        fl.execute(params![seq, f.kind, f.message.ar, f.message.en, spans])?;
    }
    let mut w = tx.prepare_cached(
        "INSERT INTO wording (doc, text, category, entity, start, end) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for x in &d.wording {
        w.execute(params![seq, x.text, x.category, x.entity, x.span.start as i64, x.span.end as i64])?;
    }
    Ok(())
}

fn is_lock_busy(e: &crate::Error) -> bool {
    matches!(e.kind(), ErrorKind::Index(tantivy::TantivyError::LockFailure(..)))
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
