//! Claim provenance: the same claim found in several articles becomes one
//! claim record, with its carriers in time order — who carried it first, who
//! relayed it, and whom each credited.
//!
//! Two claims are the same when they have the same source (the canonical
//! entity when the tagger resolved one, else the source's words in search
//! form) and similar content: the estimated Jaccard similarity of their
//! 2-word shingles (MinHash, as for near-duplicates) reaches
//! [`ProvenanceConfig::threshold`]. Candidates are found per source through
//! LSH band keys, the same keyed shape as [`crate::dedup`].

use crate::analyzer::ArabicAnalyzer;
use crate::dedup::candidate_pairs;
use crate::error::Result;
use crate::minhash::MinHasher;
use crate::unionfind::UnionFind;
use rayon::prelude::*;
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug)]
pub struct ProvenanceConfig {
    pub threshold: f32,
}

impl Default for ProvenanceConfig {
    fn default() -> Self {
        ProvenanceConfig { threshold: 0.5 }
    }
}

struct ClaimRow {
    id: i64,
    ts: Option<i64>,
    doc: i64,
    outlet: i64,
    source_key: String,
    source: String,
    source_entity: Option<String>,
    content: String,
    /// The record it had before this rebuild.
    record: Option<i64>,
}

/// The key a claim's source is grouped under.
fn source_key(analyzer: &ArabicAnalyzer, source: &str, entity: Option<&str>) -> String {
    match entity.filter(|e| !e.trim().is_empty()) {
        Some(e) => format!("e:{e}"),
        None => format!("s:{}", analyzer.terms(source).join(" ")),
    }
}

/// Recomputes the claim records. Claims without a source (the article's own
/// hedged assertions) are nobody's claim to relay and get no record.
pub fn rebuild(tx: &Transaction, cfg: &ProvenanceConfig) -> Result<usize> {
    let analyzer = ArabicAnalyzer::new();
    let mut rows = Vec::new();
    {
        let mut s = tx.prepare(
            "SELECT c.id, d.published_ts, c.doc, COALESCE(d.outlet, 0), c.source, c.source_entity, c.content, c.record \
             FROM claims c JOIN documents d ON d.seq = c.doc \
             WHERE c.source IS NOT NULL AND d.latest = 1 ORDER BY c.id",
        )?;
        let mut q = s.query([])?;
        while let Some(r) = q.next()? {
            let source: String = r.get(4)?;
            let source_entity: Option<String> = r.get(5)?;
            rows.push(ClaimRow {
                id: r.get(0)?,
                ts: r.get(1)?,
                doc: r.get(2)?,
                outlet: r.get(3)?,
                source_key: source_key(&analyzer, &source, source_entity.as_deref()),
                source,
                source_entity,
                content: r.get(6)?,
                record: r.get(7)?,
            });
        }
    }
    let mh = MinHasher::builder().shingle(2).build();
    let sigs: Vec<_> = rows.par_iter().map(|r| mh.signature(&r.content)).collect();
    let mut uf = UnionFind::new(rows.len());
    // Band keys salted with the source, so only claims of one source meet.
    let mut keyed = Vec::new();
    for (i, (r, sig)) in rows.iter().zip(&sigs).enumerate() {
        let salt = crate::hash::hash64(r.source_key.as_bytes(), 0);
        for k in mh.band_keys(sig) {
            keyed.push((k ^ salt, i as u32));
        }
    }
    for (a, b) in candidate_pairs(keyed, 64) {
        let (a, b) = (a as usize, b as usize);
        if rows[a].source_key == rows[b].source_key && sigs[a].similarity(&sigs[b]) >= cfg.threshold {
            uf.union(a, b);
        }
    }
    // Only claims whose record changes are written: every UPDATE also moves
    // the claim's entry in the `claims_record` index, and on a rerun most
    // records stay what they were. Claims outside `rows` (no source, or an
    // older version's) have no record.
    tx.execute(
        "UPDATE claims SET record = NULL WHERE record IS NOT NULL \
         AND (source IS NULL OR doc IN (SELECT seq FROM documents WHERE latest = 0))",
        [],
    )?;
    tx.execute("DELETE FROM claim_records", [])?;
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..rows.len() {
        let r = uf.find(i);
        groups.entry(r).or_default().push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    for g in &mut groups {
        g.sort_by_key(|&i| (rows[i].ts.is_none(), rows[i].ts.unwrap_or(0), rows[i].doc, rows[i].id));
    }
    groups.sort_by_key(|g| rows[g[0]].id);
    let mut ins = tx.prepare(
        "INSERT INTO claim_records (id, source, source_entity, content, first_claim, carriers, outlets) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut upd = tx.prepare("UPDATE claims SET record = ?1 WHERE id = ?2")?;
    for (gi, g) in groups.iter().enumerate() {
        let id = gi as i64 + 1;
        let first = &rows[g[0]];
        let mut docs: Vec<i64> = g.iter().map(|&i| rows[i].doc).collect();
        docs.sort_unstable();
        docs.dedup();
        let mut outlets: Vec<i64> = g.iter().map(|&i| rows[i].outlet).collect();
        outlets.sort_unstable();
        outlets.dedup();
        ins.execute(params![
            id,
            first.source,
            first.source_entity,
            first.content,
            first.id,
            docs.len() as i64,
            outlets.len() as i64
        ])?;
        for &i in g {
            if rows[i].record != Some(id) {
                upd.execute(params![id, rows[i].id])?;
            }
        }
    }
    Ok(groups.len())
}

/// One article that carried a claim.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Carrier {
    pub id: String,
    pub url: Option<String>,
    pub outlet: String,
    pub headline: Option<String>,
    pub published: Option<String>,
    /// The claim as this article words it.
    pub content: String,
    /// `first` for the earliest carrier, `relay` for the others.
    pub role: &'static str,
    /// Whom the article credits for the claim: the relaying agency named in
    /// the claim (نقلت وكالة … عن) and the article's credit lines.
    pub credited: Vec<String>,
}

/// A claim record and its carriers in time order.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ClaimRecord {
    pub id: i64,
    pub source: String,
    pub source_entity: Option<String>,
    pub content: String,
    pub outlets: usize,
    pub carriers: Vec<Carrier>,
}

/// Claim records carried by at least `min_carriers` articles, optionally
/// only those whose source matches `source` (its words in search form, or
/// its canonical entity), most carried first.
pub fn list(conn: &Connection, source: Option<&str>, min_carriers: usize, limit: usize) -> Result<Vec<ClaimRecord>> {
    let analyzer = ArabicAnalyzer::new();
    let want = source.map(|s| analyzer.terms(s));
    let mut s = conn.prepare(
        "SELECT id, source, source_entity, content, outlets FROM claim_records WHERE carriers >= ?1 \
         ORDER BY carriers DESC, outlets DESC, id",
    )?;
    let rows = s.query_map([min_carriers as i64], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut c = conn.prepare(
        "SELECT d.id, d.url, COALESCE(o.name, 'unknown'), d.headline, d.published, c.content, c.relay, d.seq \
         FROM claims c JOIN documents d ON d.seq = c.doc LEFT JOIN outlets o ON o.id = d.outlet \
         WHERE c.record = ?1 ORDER BY d.published_ts IS NULL, d.published_ts, d.seq, c.id",
    )?;
    let mut cr = conn.prepare("SELECT name FROM credits WHERE doc = ?1 ORDER BY ord")?;
    let mut out = Vec::new();
    for row in rows {
        let (id, src, ent, content, outlets) = row?;
        if let Some(w) = &want {
            let terms = analyzer.terms(&src);
            let ent_match = ent.as_deref().is_some_and(|e| analyzer.terms(e) == *w);
            let contains = !w.is_empty() && terms.windows(w.len()).any(|win| win == w.as_slice());
            if !(ent_match || contains) {
                continue;
            }
        }
        let mut carriers: Vec<Carrier> = Vec::new();
        let mut q = c.query([id])?;
        let mut seen_docs = Vec::new();
        while let Some(r) = q.next()? {
            let seq: i64 = r.get(7)?;
            if seen_docs.contains(&seq) {
                continue;
            }
            seen_docs.push(seq);
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
        out.push(ClaimRecord { id, source: src, source_entity: ent, content, outlets: outlets as usize, carriers });
        if out.len() >= limit {
            break;
        }
    }
    Ok(out)
}
