//! Duplicate groups: exact duplicates by normalized-content hash, and
//! near-duplicates by MinHash-LSH, grouped with the earliest document as the
//! representative.
//!
//! The work is keyed by band: each document emits `(band key, doc)` pairs,
//! pairs are sorted by key, and documents sharing a key are candidates that
//! are then checked on the whole signature. That is a group-by on a key, the
//! shape a distributed engine runs unchanged (DESIGN.md, "Scale").

use crate::error::{ErrorKind, Result};
use crate::minhash::{MinHasher, Signature};
use crate::store::{summary, DocSummary};
use crate::unionfind::UnionFind;
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use std::collections::HashMap;

/// How near is near.
#[derive(Clone, Copy, Debug)]
pub struct DedupConfig {
    /// Estimated Jaccard similarity of 4-word shingles above which two
    /// documents are near-duplicates (see `eval/dedup.md` for how it was set).
    pub threshold: f32,
    /// A band bucket with more members than this is compared as a star (each
    /// member against the first few) instead of all pairs, so one
    /// boilerplate-heavy bucket cannot make the step quadratic.
    pub max_bucket: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig { threshold: 0.5, max_bucket: 64 }
    }
}

/// One document's input to grouping.
struct Item {
    seq: i64,
    ts: Option<i64>,
    hash: String,
    sig: Signature,
}

/// The candidate pairs of a set of band keys: `(key, index)` pairs sorted by
/// key; each run of equal keys is a bucket.
pub fn candidate_pairs(mut keyed: Vec<(u64, u32)>, max_bucket: usize) -> Vec<(u32, u32)> {
    keyed.sort_unstable();
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < keyed.len() {
        let mut j = i + 1;
        while j < keyed.len() && keyed[j].0 == keyed[i].0 {
            j += 1;
        }
        let bucket = &keyed[i..j];
        if bucket.len() <= max_bucket {
            for a in 0..bucket.len() {
                for b in a + 1..bucket.len() {
                    pairs.push((bucket[a].1, bucket[b].1));
                }
            }
        } else {
            for a in 0..4.min(bucket.len()) {
                for b in a + 1..bucket.len() {
                    pairs.push((bucket[a].1, bucket[b].1));
                }
            }
        }
        i = j;
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Recomputes the duplicate groups of the whole store. Returns the number of
/// groups.
pub fn rebuild(tx: &Transaction, cfg: &DedupConfig) -> Result<usize> {
    let mh = MinHasher::new();
    let mut items = Vec::new();
    {
        let mut s = tx.prepare("SELECT seq, published_ts, content_hash, signature FROM documents ORDER BY seq")?;
        let rows = s.query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, String>(2)?, r.get::<_, Vec<u8>>(3)?))
        })?;
        for row in rows {
            let (seq, ts, hash, bytes) = row?;
            let sig = Signature::from_bytes(&bytes)
                .filter(|s| s.0.len() == mh.len())
                .ok_or_else(|| ErrorKind::Corrupt(format!("signature of document #{seq}")))?;
            items.push(Item { seq, ts, hash, sig });
        }
    }
    let mut uf = UnionFind::new(items.len());
    // Exact duplicates: the same normalized content.
    let mut by_hash: HashMap<&str, usize> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        match by_hash.get(it.hash.as_str()) {
            Some(&j) => {
                uf.union(i, j);
            }
            None => {
                by_hash.insert(&it.hash, i);
            }
        }
    }
    // Near-duplicates: band buckets, then the whole signature.
    let mut keyed = Vec::with_capacity(items.len() * mh.bands());
    for (i, it) in items.iter().enumerate() {
        for k in mh.band_keys(&it.sig) {
            keyed.push((k, i as u32));
        }
    }
    for (a, b) in candidate_pairs(keyed, cfg.max_bucket) {
        let (a, b) = (a as usize, b as usize);
        if items[a].sig.similarity(&items[b].sig) >= cfg.threshold {
            uf.union(a, b);
        }
    }
    tx.execute("DELETE FROM dup_members", [])?;
    tx.execute("DELETE FROM dup_groups", [])?;
    let groups = uf.groups();
    let mut ins_group = tx.prepare("INSERT INTO dup_groups (id, representative) VALUES (?1, ?2)")?;
    let mut ins_member = tx.prepare("INSERT INTO dup_members (doc, grp, similarity, exact) VALUES (?1, ?2, ?3, ?4)")?;
    for (gi, g) in groups.iter().enumerate() {
        // The representative is the earliest published (undated documents
        // after dated ones), then the first stored.
        let rep = *g
            .iter()
            .min_by_key(|&&i| (items[i].ts.is_none(), items[i].ts.unwrap_or(0), items[i].seq))
            .expect("groups have at least two members");
        let gid = gi as i64 + 1;
        ins_group.execute(params![gid, items[rep].seq])?;
        for &i in g {
            let exact = items[i].hash == items[rep].hash;
            let sim = if exact { 1.0 } else { items[i].sig.similarity(&items[rep].sig) };
            ins_member.execute(params![items[i].seq, gid, sim as f64, exact])?;
        }
    }
    Ok(groups.len())
}

/// A member of a duplicate group.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Member {
    #[serde(flatten)]
    pub doc: DocSummary,
    /// Estimated Jaccard similarity to the representative (1 for exact).
    pub similarity: f32,
    /// Same normalized content as the representative.
    pub exact: bool,
}

/// A duplicate group: the representative and the other members.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DuplicateGroup {
    pub representative: DocSummary,
    pub members: Vec<Member>,
}

/// Every duplicate group, largest first.
pub fn groups(conn: &Connection) -> Result<Vec<DuplicateGroup>> {
    let mut s = conn.prepare(
        "SELECT g.id, g.representative, m.doc, m.similarity, m.exact FROM dup_groups g \
         JOIN dup_members m ON m.grp = g.id ORDER BY g.id, m.similarity DESC, m.doc",
    )?;
    let rows = s.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?, r.get::<_, f64>(3)?, r.get::<_, bool>(4)?))
    })?;
    let mut out: Vec<DuplicateGroup> = Vec::new();
    let mut cur = -1;
    for row in rows {
        let (gid, rep, doc, sim, exact) = row?;
        if gid != cur {
            cur = gid;
            out.push(DuplicateGroup { representative: summary(conn, rep)?, members: Vec::new() });
        }
        if doc != rep {
            let g = out.last_mut().expect("a group was pushed for this id");
            g.members.push(Member { doc: summary(conn, doc)?, similarity: sim as f32, exact });
        }
    }
    out.sort_by(|a, b| b.members.len().cmp(&a.members.len()).then(a.representative.seq.cmp(&b.representative.seq)));
    Ok(out)
}

/// The duplicate group of a document: `Some(group id)` when it has one.
pub fn group_of(conn: &Connection, seq: i64) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(conn.query_row("SELECT grp FROM dup_members WHERE doc = ?1", [seq], |r| r.get(0)).optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_make_pairs() {
        let keyed = vec![(7, 0), (9, 1), (7, 2), (7, 3), (5, 1), (9, 0)];
        assert_eq!(candidate_pairs(keyed, 10), vec![(0, 1), (0, 2), (0, 3), (2, 3)]);
    }

    #[test]
    fn big_buckets_are_stars() {
        let keyed: Vec<(u64, u32)> = (0..100).map(|i| (1, i)).collect();
        let pairs = candidate_pairs(keyed, 10);
        assert!(pairs.len() < 400, "{}", pairs.len());
        assert!(pairs.contains(&(0, 99)));
    }
}

/// The similarity of two stored documents: `(same normalized content,
/// estimated Jaccard similarity)`.
pub fn pair_similarity(conn: &Connection, a: i64, b: i64) -> Result<(bool, f32)> {
    let get = |seq: i64| -> Result<(String, Signature)> {
        let (hash, bytes): (String, Vec<u8>) =
            conn.query_row("SELECT content_hash, signature FROM documents WHERE seq = ?1", [seq], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let sig = Signature::from_bytes(&bytes).ok_or_else(|| ErrorKind::Corrupt(format!("signature of #{seq}")))?;
        Ok((hash, sig))
    };
    let (ha, sa) = get(a)?;
    let (hb, sb) = get(b)?;
    Ok((ha == hb, if ha == hb { 1.0 } else { sa.similarity(&sb) }))
}
