//! Word clusters: each frequent word of unlabelled news text belongs to a
//! cluster at three granularities (coarse, middle, fine), learned by
//! [`crate::clustering`]. Rare words and words unseen in labelled data share
//! clusters with frequent ones, which is how the tagger generalises beyond
//! ANERcorp's vocabulary.
//!
//! With each word come two statistics of the same text that stand in for
//! the capital letters Arabic does not have: how frequent the word is (names
//! are rarer than function words), and how often its base takes the article
//! (a personal name almost never does, `العراق` almost always does, a
//! common noun sometimes does).
//!
//! The file form is text, one word per line:
//! `WORD<TAB>C1<TAB>C2<TAB>C3<TAB>FREQ<TAB>ARTICLE`, where FREQ is ⌊log2 of
//! the count⌋ and ARTICLE the share of the base's occurrences that carry
//! the article, in tenths; `#` comment lines at the top record the command
//! that made it.

use crate::error::{Error, Result};
use crate::gazetteer::HashedMap;
use crate::hash::hash_str;
use marsad_arabic::{Normalizer, Proclitics, Token, TokenKind, Tokens};
use std::fmt::Write as _;

/// The form of a token that clusters are keyed by: its normalized form
/// without conjunctions and prepositions, but with its article
/// (`وبالبرازيل` → `البرازيل`, `لقسد` → `قسد`), so that the many clitic
/// combinations of one word share its statistics while `البرازيل` and a
/// bare noun stay apart. Numbers are one form, `<num>`. The result is
/// written into `out` (cleared first).
pub fn cluster_form<'a>(tokens: &'a Tokens, t: &Token, out: &'a mut String) -> &'a str {
    out.clear();
    match t.kind {
        TokenKind::Number => out.push_str("<num>"),
        TokenKind::Word if t.proclitics.contains(Proclitics::AL) => {
            out.push_str("ال");
            out.push_str(tokens.base(t));
        }
        TokenKind::Word => out.push_str(tokens.base(t)),
        _ => out.push_str(tokens.norm(t)),
    }
    out
}

/// Cluster ids of a word at each granularity; 0 means "no cluster", so ids
/// in files start at 1.
pub type Ids = [u16; 3];

/// What unlabelled text says about a word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WordStats {
    pub clusters: Ids,
    /// ⌊log2(count)⌋.
    pub freq: u8,
    /// Share of the base's occurrences with the article, in tenths (0..=10).
    pub article: u8,
}

/// Words (by the hash of their cluster form) and their statistics.
#[derive(Clone, Debug, Default)]
pub struct Clusters {
    map: HashedMap<WordStats>,
    /// How many clusters each granularity has.
    sizes: [u16; 3],
}

impl Clusters {
    pub fn new() -> Clusters {
        Clusters::default()
    }

    /// Parses the text form. Words are normalized on load.
    pub fn parse(text: &str) -> Result<Clusters> {
        let n = Normalizer::new();
        let mut out = Clusters::new();
        let mut word = String::new();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 6 {
                return Err(Error::lexicon(format!(
                    "cluster file line {}: expected WORD C1 C2 C3 FREQ ARTICLE",
                    i + 1
                )));
            }
            let num = |s: &str, min: u16, max: u16| {
                s.parse::<u16>()
                    .ok()
                    .filter(|v| (min..=max).contains(v))
                    .ok_or_else(|| Error::lexicon(format!("cluster file line {}: bad number {s:?}", i + 1)))
            };
            let stats = WordStats {
                clusters: [num(f[1], 1, u16::MAX)?, num(f[2], 1, u16::MAX)?, num(f[3], 1, u16::MAX)?],
                freq: num(f[4], 0, 63)? as u8,
                article: num(f[5], 0, 10)? as u8,
            };
            word.clear();
            n.normalize_into(f[0], &mut word);
            out.insert(hash_str(&word), stats);
        }
        Ok(out)
    }

    /// The text form, with `header` lines written as `#` comments.
    pub fn render(words: &[(String, WordStats)], header: &str) -> String {
        let mut s = String::new();
        for l in header.lines() {
            let _ = writeln!(s, "# {l}");
        }
        for (w, st) in words {
            let c = st.clusters;
            let _ = writeln!(s, "{w}\t{}\t{}\t{}\t{}\t{}", c[0], c[1], c[2], st.freq, st.article);
        }
        s
    }

    pub(crate) fn insert(&mut self, key: u64, stats: WordStats) {
        for k in 0..3 {
            self.sizes[k] = self.sizes[k].max(stats.clusters[k]);
        }
        self.map.insert(key, stats);
    }

    /// The statistics of the word whose cluster form hashes to `key`.
    #[inline]
    pub fn get(&self, key: u64) -> Option<WordStats> {
        self.map.get(&key).copied()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn sizes(&self) -> [u16; 3] {
        self.sizes
    }

    pub(crate) fn raw_entries(&self) -> Vec<(u64, WordStats)> {
        let mut v: Vec<_> = self.map.iter().map(|(&k, &v)| (k, v)).collect();
        v.sort_unstable();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalizes() {
        let text = "# made by a test\nأمريكا\t1\t3\t7\t12\t0\nسوريا\t1\t3\t8\t11\t1\n";
        let c = Clusters::parse(text).unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c.get(hash_str("امريكا")), Some(WordStats { clusters: [1, 3, 7], freq: 12, article: 0 }));
        assert_eq!(c.sizes(), [1, 3, 8]);
        let round = Clusters::render(&[("سوريا".to_string(), c.get(hash_str("سوريا")).unwrap())], "h");
        assert_eq!(round, "# h\nسوريا\t1\t3\t8\t11\t1\n");
        for bad in ["كلمة\t1\t2\n", "كلمة\t1\t2\tx\t1\t1\n", "كلمة\t0\t1\t1\t1\t1\n", "كلمة\t1\t1\t1\t1\t11\n"]
        {
            assert!(Clusters::parse(bad).is_err(), "{bad:?}");
        }
    }
}
