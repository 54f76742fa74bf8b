//! Stories: articles about the same event, across outlets and days.
//!
//! Each article is described by a sparse vector of weighted keys: the index
//! terms of its headline (weight 2) and lead (weight 1), its canonical
//! entities (weight 2) and its quantities (value and unit, weight 1), each
//! multiplied by its inverse document frequency, the top
//! [`StoryConfig::keys`] kept. Articles are taken in time order; each joins
//! the active story (one whose last article is within
//! [`StoryConfig::window_days`] and whose first is within
//! [`StoryConfig::max_span_days`]) whose centroid is most similar (cosine) if
//! that similarity reaches [`StoryConfig::threshold`], and starts a new
//! story otherwise — online clustering as in topic detection and tracking,
//! which, unlike linking pairs, cannot chain two unrelated events through a
//! run of loosely related articles. Keys very common in the corpus say
//! nothing about an event and are left out. The keys are also what a
//! distributed engine groups on.

use crate::analyzer::ArabicAnalyzer;
use crate::error::Result;
use crate::store::{summary, DocSummary};
use rayon::prelude::*;
use rusqlite::{params, Connection, Transaction};
use serde::Serialize;
use std::collections::HashMap;

/// Story clustering parameters.
#[derive(Clone, Copy, Debug)]
pub struct StoryConfig {
    /// Keys kept per article.
    pub keys: usize,
    /// Cosine similarity to a story's centroid needed to join it.
    pub threshold: f32,
    /// How long a story stays open after its last article.
    pub window_days: f64,
    /// How long after its first article a story still takes new ones: an
    /// event is reported over days, a topic (a diplomatic crisis, a league
    /// season) runs for months and would otherwise swallow every event in it.
    pub max_span_days: f64,
    /// Keys in more than this share of articles are ignored.
    pub max_df: f64,
    /// Words of the body read as the lead.
    pub lead_words: usize,
}

impl Default for StoryConfig {
    fn default() -> Self {
        StoryConfig { keys: 16, threshold: 0.35, window_days: 2.0, max_span_days: 6.0, max_df: 0.02, lead_words: 60 }
    }
}

/// The keys of one article, before weighting.
struct Article {
    seq: i64,
    ts: i64,
    outlet: i64,
    /// key id → raw weight (sum of field weights).
    keys: Vec<(u32, f32)>,
}

struct Story {
    members: Vec<(usize, f32)>,
    centroid: HashMap<u32, f32>,
    norm2: f32,
    first_ts: i64,
    last_ts: i64,
}

impl Story {
    fn cosine(&self, v: &[(u32, f32)]) -> f32 {
        if self.norm2 <= 0.0 {
            return 0.0;
        }
        let dot: f32 = v.iter().map(|(k, w)| self.centroid.get(k).copied().unwrap_or(0.0) * w).sum();
        dot / self.norm2.sqrt()
    }

    fn add(&mut self, v: &[(u32, f32)]) {
        for (k, w) in v {
            let e = self.centroid.entry(*k).or_insert(0.0);
            self.norm2 += (*e + w) * (*e + w) - *e * *e;
            *e += w;
        }
    }
}

/// The first `n` index terms of `body` (fewer if it has fewer). Only a prefix
/// of the body is tokenized, cut at a space so that no word is split, and
/// grown until it yields `n` terms: the lead of a long article costs the same
/// as that of a short one.
fn lead_terms(
    analyzer: &ArabicAnalyzer,
    body: &str,
    n: usize,
    tokens: &mut marsad_arabic::Tokens,
    out: &mut Vec<String>,
) {
    // About 12 bytes per Arabic word with its space, and stopwords that make
    // no term: 32 bytes per wanted term is usually enough at the first try.
    let mut len = (n * 32).max(256);
    loop {
        out.clear();
        let whole = len >= body.len();
        let prefix = if whole {
            body
        } else {
            let mut cut = len;
            while !body.is_char_boundary(cut) {
                cut -= 1;
            }
            match body[..cut].rfind(char::is_whitespace) {
                Some(sp) => &body[..sp],
                None => &body[..cut],
            }
        };
        analyzer.for_each_term(prefix, tokens, |t, _| {
            if out.len() < n {
                out.push(t.to_string());
            }
        });
        if whole || out.len() >= n {
            return;
        }
        len *= 2;
    }
}

/// Reads the articles' keys from the store (latest versions, dated ones:
/// a story is placed in time).
fn articles(tx: &Transaction, cfg: &StoryConfig, vocab: &mut HashMap<String, u32>) -> Result<Vec<Article>> {
    let analyzer = ArabicAnalyzer::new();
    let intern = |k: String, vocab: &mut HashMap<String, u32>| -> u32 {
        let n = vocab.len() as u32;
        *vocab.entry(k).or_insert(n)
    };
    let mut out = Vec::new();
    let mut index: HashMap<i64, usize> = HashMap::new();
    {
        let mut s = tx.prepare(
            "SELECT seq, published_ts, COALESCE(outlet, 0), COALESCE(headline, ''), text FROM documents \
             WHERE latest = 1 AND published_ts IS NOT NULL ORDER BY published_ts, seq",
        )?;
        let mut rows = s.query([])?;
        // Rows are read in chunks and their terms found on the rayon
        // workers; interning into the shared vocabulary stays serial.
        const CHUNK: usize = 2048;
        let mut chunk: Vec<(i64, i64, i64, String, String)> = Vec::with_capacity(CHUNK);
        let mut more = true;
        while more {
            chunk.clear();
            while chunk.len() < CHUNK {
                match rows.next()? {
                    Some(r) => chunk.push((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                    None => {
                        more = false;
                        break;
                    }
                }
            }
            let terms: Vec<Vec<(String, f32)>> = chunk
                .par_iter()
                .map_init(marsad_arabic::Tokens::new, |tokens, (_, _, _, headline, text)| {
                    let mut t: Vec<(String, f32)> = Vec::new();
                    analyzer.for_each_term(headline, tokens, |w, _| {
                        if !w.bytes().all(|b| b.is_ascii_digit()) {
                            t.push((w.to_string(), 2.0));
                        }
                    });
                    // The lead: the body after the headline, first words only.
                    let body = text.strip_prefix(headline.as_str()).unwrap_or(text);
                    let mut lead = Vec::with_capacity(cfg.lead_words);
                    lead_terms(&analyzer, body, cfg.lead_words, tokens, &mut lead);
                    t.extend(lead.into_iter().filter(|w| !w.bytes().all(|b| b.is_ascii_digit())).map(|w| (w, 1.0)));
                    t
                })
                .collect();
            for ((seq, ts, outlet, _, _), t) in chunk.iter().zip(terms) {
                let mut w: HashMap<u32, f32> = HashMap::new();
                for (term, weight) in t {
                    let id = match vocab.get(&term) {
                        Some(&id) => id,
                        None => intern(term, vocab),
                    };
                    *w.entry(id).or_default() += weight;
                }
                index.insert(*seq, out.len());
                out.push(Article { seq: *seq, ts: *ts, outlet: *outlet, keys: w.into_iter().collect() });
            }
        }
    }
    let mut add = |sql: &str, weight: f32, out: &mut Vec<Article>| -> Result<()> {
        let mut s = tx.prepare(sql)?;
        let mut rows = s.query([])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let key: String = r.get(1)?;
            if let Some(&i) = index.get(&seq) {
                let id = intern(key, vocab);
                match out[i].keys.iter_mut().find(|(k, _)| *k == id) {
                    Some((_, w)) => *w += weight,
                    None => out[i].keys.push((id, weight)),
                }
            }
        }
        Ok(())
    };
    add("SELECT DISTINCT m.doc, 'e:' || e.key FROM mentions m JOIN entities e ON e.id = m.entity", 2.0, &mut out)?;
    add(
        "SELECT DISTINCT doc, 'q:' || value || ':' || COALESCE(unit, '') FROM quantities \
         WHERE value IS NOT NULL AND kind NOT IN ('year', 'date', 'ordinal')",
        1.0,
        &mut out,
    )?;
    Ok(out)
}

/// Recomputes the stories of the whole store. Returns the number of stories
/// (of two articles or more).
pub fn rebuild(tx: &Transaction, cfg: &StoryConfig) -> Result<usize> {
    let mut vocab = HashMap::new();
    let mut arts = articles(tx, cfg, &mut vocab)?;
    let n = arts.len().max(1) as f64;
    let mut df = vec![0u32; vocab.len()];
    for a in &arts {
        for (k, _) in &a.keys {
            df[*k as usize] += 1;
        }
    }
    let max_df = (cfg.max_df * n).max(2.0);
    // Weight by idf, keep the top keys, normalize.
    for a in &mut arts {
        let mut v: Vec<(u32, f32)> = a
            .keys
            .iter()
            .filter(|(k, _)| {
                let d = df[*k as usize] as f64;
                d >= 2.0 && d <= max_df
            })
            .map(|(k, w)| (*k, w * (n / df[*k as usize] as f64).ln() as f32))
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(cfg.keys);
        let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for x in &mut v {
                x.1 /= norm;
            }
        }
        a.keys = v;
    }
    let window = (cfg.window_days * 86_400.0) as i64;
    let span = (cfg.max_span_days * 86_400.0) as i64;
    let mut stories: Vec<Story> = Vec::new();
    // key → stories that have it in their centroid (checked for activity
    // when used).
    let mut postings: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut seen_story = Vec::new();
    for (ai, a) in arts.iter().enumerate() {
        if a.keys.is_empty() {
            continue;
        }
        let mut best: Option<(usize, f32)> = None;
        seen_story.clear();
        for (k, _) in &a.keys {
            if let Some(list) = postings.get_mut(k) {
                // Drop stories that closed long ago from this key's list.
                list.retain(|&s| stories[s].last_ts + window >= a.ts && stories[s].first_ts + span >= a.ts);
                for &s in list.iter() {
                    if seen_story.contains(&s) {
                        continue;
                    }
                    seen_story.push(s);
                    let sim = stories[s].cosine(&a.keys);
                    if sim >= cfg.threshold && best.is_none_or(|(_, b)| sim > b) {
                        best = Some((s, sim));
                    }
                }
            }
        }
        let (si, sim) = match best {
            Some(b) => b,
            None => {
                stories.push(Story {
                    members: Vec::new(),
                    centroid: HashMap::new(),
                    norm2: 0.0,
                    first_ts: a.ts,
                    last_ts: a.ts,
                });
                (stories.len() - 1, 1.0)
            }
        };
        let st = &mut stories[si];
        let before: Vec<u32> = a.keys.iter().map(|(k, _)| *k).filter(|k| !st.centroid.contains_key(k)).collect();
        st.add(&a.keys);
        st.members.push((ai, sim));
        st.last_ts = st.last_ts.max(a.ts);
        for k in before {
            postings.entry(k).or_default().push(si);
        }
    }
    tx.execute("DELETE FROM story_members", [])?;
    tx.execute("DELETE FROM stories", [])?;
    let mut ins = tx.prepare(
        "INSERT INTO stories (id, title, keywords, first_doc, last_doc, first_ts, last_ts, outlets, size) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut ins_m = tx.prepare("INSERT INTO story_members (doc, story, score) VALUES (?1, ?2, ?3)")?;
    let names: Vec<&String> = {
        let mut v: Vec<(&String, &u32)> = vocab.iter().collect();
        v.sort_by_key(|(_, id)| **id);
        v.into_iter().map(|(k, _)| k).collect()
    };
    let mut written = 0;
    for st in stories.iter().filter(|s| s.members.len() >= 2) {
        written += 1;
        let id = written as i64;
        let mut outlets: Vec<i64> = st.members.iter().map(|(i, _)| arts[*i].outlet).collect();
        outlets.sort_unstable();
        outlets.dedup();
        let first = &arts[st.members[0].0];
        let last = st.members.iter().map(|(i, _)| &arts[*i]).max_by_key(|a| (a.ts, a.seq)).expect("two members");
        // The title: the headline of the article closest to the centroid.
        let central = st
            .members
            .iter()
            .map(|(i, _)| (st.cosine(&arts[*i].keys), arts[*i].seq))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, seq)| seq)
            .expect("two members");
        let title: String =
            tx.query_row("SELECT COALESCE(headline, '') FROM documents WHERE seq = ?1", [central], |r| r.get(0))?;
        let mut top: Vec<(&u32, &f32)> = st.centroid.iter().collect();
        top.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        let keywords: Vec<&str> = top.iter().take(8).map(|(k, _)| names[**k as usize].as_str()).collect();
        ins.execute(params![
            id,
            title,
            keywords.join(" "),
            first.seq,
            last.seq,
            first.ts,
            last.ts,
            outlets.len() as i64,
            st.members.len() as i64
        ])?;
        for (i, score) in &st.members {
            ins_m.execute(params![arts[*i].seq, id, *score as f64])?;
        }
    }
    Ok(written)
}

/// A story as listed.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StoryView {
    pub id: i64,
    pub title: String,
    pub keywords: Vec<String>,
    pub outlets: Vec<String>,
    pub size: usize,
    pub first: DocSummary,
    pub last: DocSummary,
    pub articles: Vec<DocSummary>,
}

/// Stories, those spanning most outlets first, then the largest.
pub fn list(conn: &Connection, min_outlets: usize, limit: usize) -> Result<Vec<StoryView>> {
    let mut s = conn.prepare(
        "SELECT id, title, keywords, first_doc, last_doc FROM stories WHERE outlets >= ?1 \
         ORDER BY outlets DESC, size DESC, id LIMIT ?2",
    )?;
    let rows = s.query_map(params![min_outlets as i64, limit as i64], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
        ))
    })?;
    let mut out = Vec::new();
    let mut m = conn.prepare("SELECT doc FROM story_members sm JOIN documents d ON d.seq = sm.doc WHERE story = ?1 ORDER BY d.published_ts, d.seq")?;
    for row in rows {
        let (id, title, keywords, first, last) = row?;
        let seqs: Vec<i64> = m.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let articles: Vec<DocSummary> = seqs.iter().map(|&q| summary(conn, q)).collect::<Result<_>>()?;
        let mut outlets: Vec<String> = articles.iter().map(|a| a.outlet.clone()).collect();
        outlets.sort();
        outlets.dedup();
        out.push(StoryView {
            id,
            title,
            keywords: keywords.split(' ').filter(|k| !k.is_empty()).map(str::to_string).collect(),
            outlets,
            size: articles.len(),
            first: summary(conn, first)?,
            last: summary(conn, last)?,
            articles,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_terms_are_the_first_terms_of_the_whole_body() {
        let analyzer = ArabicAnalyzer::new();
        let sentence = "أعلنت وزارة الزراعة في المدينة أن محصول القمح ارتفع هذا العام بعد موسم أمطار غزير. ";
        let mut tokens = marsad_arabic::Tokens::new();
        for (repeats, n) in [(1, 5), (1, 60), (10, 60), (40, 60), (40, 300), (0, 60)] {
            let body = sentence.repeat(repeats);
            let mut all = Vec::new();
            analyzer.for_each_term(&body, &mut tokens, |t, _| all.push(t.to_string()));
            all.truncate(n);
            let mut lead = Vec::new();
            lead_terms(&analyzer, &body, n, &mut tokens, &mut lead);
            assert_eq!(lead, all, "{repeats} sentences, {n} terms");
        }
    }
}
