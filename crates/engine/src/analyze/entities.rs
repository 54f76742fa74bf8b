//! Entities: the trained tagger's mentions (`marsad_ner`), each resolved to
//! a canonical entity when the project's table knows it, plus the mentions
//! the table alone is sure of and the tagger did not mark (`داعشي`, a member
//! of ISIS; `الدواعش`).

use super::Entity;
use crate::error::{Error, ErrorKind, Result};
use marsad_arabic::{Span, Tokens};
use marsad_ner::canonical::{Form, MatchBuffer};
use marsad_ner::{entity_start, Canonical, Canonicals, Label, Mention, Model, TagBuffer, Tagger};
use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

/// Finds entities in a page's text. Built once (loading the model), then
/// shared across threads.
#[derive(Clone, Debug)]
pub struct EntityFinder {
    tagger: TaggerRef,
    canonicals: &'static Canonicals,
}

/// The built-in tagger is a process-wide static; one loaded from a file is
/// shared by the clones of the finder.
#[derive(Clone, Debug)]
enum TaggerRef {
    BuiltIn(&'static Tagger),
    Loaded(Arc<Tagger>),
}

impl std::ops::Deref for TaggerRef {
    type Target = Tagger;
    fn deref(&self) -> &Tagger {
        match self {
            TaggerRef::BuiltIn(t) => t,
            TaggerRef::Loaded(t) => t,
        }
    }
}

/// Per-thread buffers.
#[derive(Default)]
struct Buffers {
    tag: TagBuffer,
    mentions: Vec<Mention>,
    canon: MatchBuffer,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers::default());
}

impl EntityFinder {
    /// The finder with the model built into marsad, or the model file at
    /// `model`. A missing or damaged model is an error.
    pub fn new(model: Option<&Path>) -> Result<EntityFinder> {
        let model_err = |e: marsad_ner::Error| Error::new(ErrorKind::Model(format!("entity model: {e}")));
        let tagger = match model {
            Some(p) => TaggerRef::Loaded(Arc::new(Tagger::new(Model::load(p).map_err(model_err)?))),
            None => TaggerRef::BuiltIn(Tagger::embedded().map_err(model_err)?),
        };
        Ok(EntityFinder { tagger, canonicals: Canonicals::get() })
    }

    /// The entities of `text`, whose tokens are `tokens`, in text order.
    pub fn find(&self, text: &str, tokens: &Tokens) -> Vec<Entity> {
        BUFFERS.with(|b| {
            let b = &mut *b.borrow_mut();
            self.find_with(text, tokens, b)
        })
    }

    fn find_with(&self, text: &str, tokens: &Tokens, b: &mut Buffers) -> Vec<Entity> {
        b.mentions.clear();
        self.tagger.tag(text, tokens, &mut b.tag, &mut b.mentions);
        self.canonicals.prepare_tagged(tokens, &b.tag, &mut b.canon);
        // Names from the table that the tagger missed or cut short: an
        // unambiguous name replaces tagger mentions that lie inside it
        // (`قوات سوريا الديمقراطية` over a mention of `سوريا`), but never
        // one that reaches beyond it (`ميليشيا قسد` keeps its word).
        let mut from_table: Vec<(std::ops::Range<usize>, &Canonical)> = Vec::new();
        let mut inner: Vec<(std::ops::Range<usize>, &Canonical)> = Vec::new();
        let mut split: Vec<std::ops::Range<usize>> = Vec::new();
        for r in self.canonicals.scan(&b.canon) {
            if !r.is_mention() {
                continue;
            }
            let overlapping =
                b.mentions.iter().filter(|m| m.tokens.start < r.tokens.end && r.tokens.start < m.tokens.end);
            let mut inside = true;
            let mut any = false;
            for m in overlapping {
                any = true;
                inside &= r.tokens.start <= m.tokens.start && m.tokens.end <= r.tokens.end && m.tokens != r.tokens;
            }
            if !any || inside {
                from_table.push((r.tokens.clone(), r.entity));
            } else {
                inner.push((r.tokens.clone(), r.entity));
            }
        }
        // Names inside a mention that runs two entities together are taken
        // instead of it.
        for m in &b.mentions {
            let names: Vec<&(std::ops::Range<usize>, &Canonical)> =
                inner.iter().filter(|(t, _)| m.tokens.start <= t.start && t.end <= m.tokens.end).collect();
            if names.len() >= 2 && names.windows(2).any(|w| !std::ptr::eq(w[0].1, w[1].1)) {
                from_table.extend(names.into_iter().cloned());
                split.push(m.tokens.clone());
            }
        }
        b.mentions.retain(|m| {
            !split.contains(&m.tokens)
                && !from_table.iter().any(|(t, _)| t.start <= m.tokens.start && m.tokens.end <= t.end)
        });
        let mut out: Vec<Entity> = Vec::with_capacity(b.mentions.len() + from_table.len());
        for m in &b.mentions {
            let canonical = self.canonicals.best_in(&b.canon, m.tokens.clone()).filter(|r| {
                // A name covering only part of the mention must be of the
                // mention's type: `ميليشيا قسد` is قسد, but `جورج واشنطن` is
                // not the United States.
                (r.tokens == m.tokens || r.entity.label == m.label)
                    // A place's nisba tagged as a person is a family name
                    // (سامر الحلبي is not Aleppo); an organisation's derived
                    // forms are its members (الدواعش) whatever the tag.
                    && !(r.form != Form::Name && r.entity.label == Label::Loc && m.label == Label::Per)
            });
            // When the mention is exactly a name in the table, the table's
            // type is the better knowledge (`لقسد` is an organisation
            // whatever its context suggested to the tagger).
            let label = match &canonical {
                Some(r) if r.tokens == m.tokens && r.form == Form::Name => r.entity.label,
                _ => m.label,
            };
            out.push(entity(text, m.span, label.as_str(), canonical.map(|r| r.entity.id.clone())));
        }
        for (range, e) in from_table {
            let span = Span::new(entity_start(text, &tokens[range.start]), tokens[range.end - 1].span.end);
            out.push(entity(text, span, e.label.as_str(), Some(e.id.clone())));
        }
        out.sort_by_key(|e| (e.span.start, e.span.end));
        out
    }
}

fn entity(text: &str, span: Span, label: &str, canonical: Option<String>) -> Entity {
    Entity { text: span.get(text).unwrap_or_default().to_string(), label: label.to_string(), canonical, span }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_arabic::Tokenizer;

    fn find(text: &str) -> Vec<(String, String, Option<String>)> {
        let tokens = Tokenizer::new().tokenize(text);
        let f = EntityFinder::new(None).expect("the built-in model loads");
        f.find(text, &tokens)
            .into_iter()
            .map(|e| {
                assert_eq!(e.span.get(text), Some(e.text.as_str()), "span and text agree");
                (e.text, e.label, e.canonical)
            })
            .collect()
    }

    fn has(got: &[(String, String, Option<String>)], text: &str, label: &str, id: Option<&str>) -> bool {
        got.iter().any(|(t, l, c)| t == text && l == label && c.as_deref() == id)
    }

    #[test]
    fn entities_resolve_to_canonical_ids() {
        // Sentences written for this test.
        let table: &[(&str, &[(&str, &str, Option<&str>)])] = &[
            (
                "قالت قوات سوريا الديمقراطية إنها اعتقلت عشرة من عناصر داعش .",
                &[("قوات سوريا الديمقراطية", "ORG", Some("sdf")), ("داعش", "ORG", Some("isis"))],
            ),
            (
                "وسلمت قسد الدواعش إلى العراق بعد أن اعتقلت داعشيا فر من السجن .",
                &[
                    ("قسد", "ORG", Some("sdf")),
                    ("الدواعش", "ORG", Some("isis")),
                    ("العراق", "LOC", Some("iq")),
                    ("داعشيا", "ORG", Some("isis")),
                ],
            ),
            (
                "وأكد لقسد مسؤول في واشنطن أن الدعم مستمر .",
                &[("قسد", "ORG", Some("sdf")), ("واشنطن", "LOC", Some("us"))],
            ),
            (
                "ونقلت صحيفة لوموند عن مسؤولين في البنتاغون أن ترامب وافق .",
                &[
                    ("صحيفة لوموند", "ORG", Some("le-monde")),
                    ("البنتاغون", "ORG", Some("pentagon")),
                    ("ترامب", "PER", Some("trump")),
                ],
            ),
        ];
        for (text, want) in table {
            let got = find(text);
            for (t, l, id) in *want {
                assert!(has(&got, t, l, *id), "{t} {l} {id:?} not found in {text}: {got:?}");
            }
        }
    }

    #[test]
    fn a_family_name_from_a_place_is_not_the_place() {
        // Sentences written for this test: الحلبي, المصري, البغدادي are
        // family names here, nisbas of Aleppo, Egypt and Baghdad.
        for text in [
            "وقال وزير الزراعة سامر الحلبي إن الموسم جيد . وأضاف الحلبي أن الأسعار ستنخفض .",
            "وأعلن المدرب أحمد المصري تشكيلة الفريق . وقال المصري إن اللاعبين جاهزون .",
        ] {
            let got = find(text);
            let persons: Vec<_> = got.iter().filter(|(_, l, _)| l == "PER").collect();
            assert!(!persons.is_empty(), "a person in {text}: {got:?}");
            for (t, _, c) in persons {
                assert_eq!(*c, None, "{t} in {text}");
            }
        }
    }

    #[test]
    fn nationality_adjectives_and_common_words_are_not_entities() {
        let got = find("قال المتحدث إن الحماس كبير لدى الشباب السوري والمصري في العالم كله .");
        assert!(!got.iter().any(|(t, _, _)| t == "الحماس" || t == "السوري" || t == "العالم"), "{got:?}");
    }

    #[test]
    fn a_missing_model_file_is_an_error() {
        let err = EntityFinder::new(Some(Path::new("/nonexistent/model.bin"))).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Model(_)), "{err}");
        assert!(err.to_string().contains("/nonexistent/model.bin"), "{err}");
    }

    use marsad_shared_data::dir as shared_data;

    /// The seed page through the whole pipeline: the people, organisations
    /// and places a reader sees, and the many names of two armed groups
    /// meeting in one id each.
    #[test]
    #[ignore = "reads ../shared/data: scripts/real-data-checks"]
    fn real_data_seed_entities() {
        let path = shared_data().join("seed/000_072cdbad76ff305d.txt");
        let raw = crate::RawDoc {
            source: crate::Source { path: Some(path.display().to_string()), ..Default::default() },
            bytes: std::fs::read(&path).unwrap(),
            hints: Default::default(),
        };
        let doc = crate::Pipeline::builder().build().unwrap().analyze(&raw).unwrap().document;
        let got: Vec<(String, String, Option<String>)> =
            doc.entities.iter().map(|e| (e.text.clone(), e.label.clone(), e.canonical.clone())).collect();
        for e in &doc.entities {
            assert_eq!(e.span.get(&doc.text), Some(e.text.as_str()));
        }
        for (text, label, id) in [
            ("واشنطن", "LOC", Some("us")),
            ("سوريا", "LOC", Some("sy")),
            ("العراق", "LOC", Some("iq")),
            ("الحسكة", "LOC", Some("hasakah")),
            ("الموصل", "LOC", Some("mosul")),
            ("دونالد ترامب", "PER", Some("trump")),
            ("لوموند", "ORG", Some("le-monde")),
            ("قسد", "ORG", Some("sdf")),
            ("قوات سوريا الديمقراطية", "ORG", Some("sdf")),
            ("داعش", "ORG", Some("isis")),
            ("الدواعش", "ORG", Some("isis")),
            ("داعشي", "ORG", Some("isis")),
        ] {
            assert!(has(&got, text, label, id), "{text} {label} {id:?} not found: {got:?}");
        }
        // لقسد is found as قسد, without its preposition.
        assert!(!got.iter().any(|(t, _, _)| t.starts_with("لقسد")), "{got:?}");
        let ids = |id: &str| got.iter().filter(|(_, _, c)| c.as_deref() == Some(id)).count();
        assert!(ids("sdf") >= 6 && ids("isis") >= 6, "sdf {} isis {}", ids("sdf"), ids("isis"));
    }
}
