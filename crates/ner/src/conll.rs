//! CoNLL-style entity data: one `WORD TAG` per line, a blank line between
//! sentences (the format of ANERcorp), and the nested variant of Wojood
//! (`WORD TAG TAG …`, one tag per entity covering the word).

use crate::error::{Error, Result};
use crate::label::{Label, Tag};
use std::path::Path;

/// A sentence of gold data: words and their BIO tags.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    pub words: Vec<String>,
    pub tags: Vec<Tag>,
}

impl Sentence {
    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// How the tag columns of a file are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Exactly one BIO tag per word over PER/PERS, ORG, LOC, MISC (ANERcorp).
    Flat,
    /// Wojood's nested annotation: any number of BIO tags per word over its
    /// 21 types. Types are mapped to ours by [`Scheme::wojood_label`], and
    /// where mapped entities nest the outermost one is kept (`جريدة فلسطين`,
    /// an organisation).
    Wojood,
    /// As [`Scheme::Wojood`], keeping the innermost entity where mapped
    /// entities nest (`فلسطين` in `جريدة فلسطين`).
    WojoodInner,
}

impl Scheme {
    /// Wojood's types in ours. Persons, organisations, geopolitical
    /// entities, geographical locations and facilities (ANERcorp tags
    /// buildings and landmarks as places) map directly; events and currencies
    /// are ANERcorp MISC (its MISC is mostly currencies, events, religions,
    /// prizes). Groups of people (NORP), occupations, dates, numbers, laws,
    /// websites and products are not entities in ANERcorp's guidelines, where
    /// nationality adjectives and job titles are `O`.
    pub fn wojood_label(ty: &str) -> Option<Label> {
        match ty {
            "PERS" => Some(Label::Per),
            "ORG" => Some(Label::Org),
            "GPE" | "LOC" | "FAC" => Some(Label::Loc),
            "EVENT" | "CURR" => Some(Label::Misc),
            _ => None,
        }
    }
}

/// Reads a CoNLL file.
pub fn read_file(path: &Path, scheme: Scheme) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(e, path))?;
    read(&text, scheme).map_err(|e| e.with_path(path.display().to_string()))
}

/// Reads CoNLL text. Errors name the 1-based line.
pub fn read(text: &str, scheme: Scheme) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut cols: Vec<Vec<&str>> = Vec::new();
    let mut first_line = 1;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !words.is_empty() {
                out.push(finish(std::mem::take(&mut words), std::mem::take(&mut cols), scheme, first_line)?);
            }
            first_line = n + 2;
            continue;
        }
        let mut fields = line.split_whitespace();
        let (Some(word), Some(tag)) = (fields.next(), fields.next()) else {
            return Err(Error::conll(n + 1, format!("expected `WORD TAG`, got {line:?}")));
        };
        let mut tags = vec![tag];
        tags.extend(fields);
        if scheme == Scheme::Flat && tags.len() > 1 {
            return Err(Error::conll(n + 1, format!("expected one tag per word, got {}", tags.len())));
        }
        words.push(word.to_string());
        cols.push(tags);
    }
    if !words.is_empty() {
        out.push(finish(words, cols, scheme, first_line)?);
    }
    Ok(out)
}

fn finish(words: Vec<String>, cols: Vec<Vec<&str>>, scheme: Scheme, first_line: usize) -> Result<Sentence> {
    let tags = match scheme {
        Scheme::Flat => cols
            .iter()
            .enumerate()
            .map(|(i, c)| c[0].parse::<Tag>().map_err(|m| Error::conll(first_line + i, m)))
            .collect::<Result<Vec<_>>>()?,
        Scheme::Wojood => nested_to_flat(&cols, true),
        Scheme::WojoodInner => nested_to_flat(&cols, false),
    };
    Ok(Sentence { words, tags })
}

/// Flattens nested BIO columns: the entities of each mapped type are read
/// type by type (a `B-T` and the `I-T`s after it, whatever their column), and
/// of overlapping entities the outermost (longest, then first) wins, or the
/// innermost (shortest, then first).
fn nested_to_flat(cols: &[Vec<&str>], outermost: bool) -> Vec<Tag> {
    let n = cols.len();
    let has = |i: usize, prefix: &str, ty: &str| {
        cols[i].iter().any(|t| t.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')) == Some(ty))
    };
    let mut spans: Vec<(usize, usize, Label)> = Vec::new();
    for i in 0..n {
        for t in &cols[i] {
            let Some(ty) = t.strip_prefix("B-") else { continue };
            let Some(label) = Scheme::wojood_label(ty) else { continue };
            let mut end = i + 1;
            while end < n && has(end, "I", ty) {
                end += 1;
            }
            spans.push((i, end, label));
        }
    }
    if outermost {
        spans.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    } else {
        spans.sort_by_key(|&(s, e, _)| (e - s, s));
    }
    let mut tags = vec![Tag::O; n];
    let mut taken = vec![false; n];
    for (s, e, label) in spans {
        if taken[s..e].iter().any(|&t| t) {
            continue;
        }
        tags[s] = Tag::begin(label);
        for i in s + 1..e {
            tags[i] = Tag::inside(label);
        }
        taken[s..e].iter_mut().for_each(|t| *t = true);
    }
    tags
}

/// Splits off the last `fraction` of the sentences (rounded to the nearest
/// sentence): the held-out dev part used when no separate dev file is given.
pub fn split_last(mut sentences: Vec<Sentence>, fraction: f64) -> (Vec<Sentence>, Vec<Sentence>) {
    let n_dev = ((sentences.len() as f64) * fraction.clamp(0.0, 1.0)).round() as usize;
    let dev = sentences.split_off(sentences.len() - n_dev);
    (sentences, dev)
}

/// Writes sentences as `WORD TAG` lines.
pub fn write(sentences: &[Sentence], out: &mut impl std::io::Write) -> std::io::Result<()> {
    for s in sentences {
        for (w, t) in s.words.iter().zip(&s.tags) {
            writeln!(out, "{w} {t}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_flat_sentences() {
        let text = "قال O\nالرئيس O\nجو B-PERS\nبايدن I-PERS\n\n\nفي O\nواشنطن B-LOC\n";
        let s = read(text, Scheme::Flat).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["قال", "الرئيس", "جو", "بايدن"]);
        let tags: Vec<String> = s[0].tags.iter().map(|t| t.to_string()).collect();
        assert_eq!(tags, ["O", "O", "B-PER", "I-PER"]);
        assert_eq!(s[1].tags[1].to_string(), "B-LOC");
    }

    #[test]
    fn errors_name_the_line() {
        let table = [("قال O\nخطأ\n", 2), ("قال O\n\nكلمة B-DATE\n", 3), ("قال O I-LOC\n", 1)];
        for (text, line) in table {
            let err = read(text, Scheme::Flat).unwrap_err();
            assert!(matches!(err.kind(), crate::ErrorKind::Conll { line: l, .. } if *l == line), "{text:?}: {err}");
        }
    }

    #[test]
    fn nested_keeps_the_outermost_mapped_entity() {
        // An occupation (unmapped) holding an organisation and a place; then
        // an organisation holding a person.
        let text = "أمين B-OCC\nعام I-OCC\nالجامعة I-OCC B-ORG\nالعربية I-OCC I-ORG\nفي I-OCC\nتونس I-OCC B-GPE\n\
                    مجلس B-ORG\nالأمن I-ORG\nعمرو I-ORG B-PERS\n";
        let s = read(text, Scheme::Wojood).unwrap();
        let tags: Vec<String> = s[0].tags.iter().map(|t| t.to_string()).collect();
        assert_eq!(tags, ["O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "B-ORG", "I-ORG", "I-ORG"]);
        let s = read(text, Scheme::WojoodInner).unwrap();
        let tags: Vec<String> = s[0].tags.iter().map(|t| t.to_string()).collect();
        assert_eq!(tags, ["O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O", "O", "B-PER"]);
    }

    #[test]
    fn split_last_holds_out_the_tail() {
        let s: Vec<Sentence> = (0..25).map(|i| Sentence { words: vec![format!("w{i}")], tags: vec![Tag::O] }).collect();
        let (train, dev) = split_last(s, 0.1);
        assert_eq!((train.len(), dev.len()), (22, 3));
        assert_eq!(dev[0].words[0], "w22");
    }
}
