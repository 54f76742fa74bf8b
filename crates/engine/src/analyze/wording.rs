//! Loaded and evaluative wording, and how a page names the entities it
//! writes about.
//!
//! Two lexicons the project writes:
//!
//! - `data/wording_terms.txt`: words and phrases by category
//!   (`pejorative_label` ميليشيا، فلول، عصابة، مرتزقة، إرهابي; `sectarian_label`;
//!   `emotive` مجزرة، وحشي; `glorifying` شهيد، أبطال; `intensifier` جدا، على
//!   الإطلاق; `euphemism` تحييد، إعادة انتشار; `evaluative` فاشل، فضيحة، مزعوم),
//!   each with the inflection it takes
//!   (feminine and plural endings, nisba endings, possessive pronouns, the
//!   persons of a verb: ندد، نددت، يندد، تندد), so
//!   that one entry meets إرهابي، الإرهابية، إرهابيين and عصابته;
//! - `data/wording_names.txt`: per canonical entity, its `loaded_naming`
//!   names (ميليشيا قسد، الكيان الصهيوني) and its neutral `naming_variant`
//!   names (قوات سوريا الديمقراطية، قسد). Every mention of either is
//!   reported, so the name an outlet chose is visible.
//!
//! Proclitics (و ف ب ل ك ال) are read by the lookup. When the entity tagger
//! has found an entity right after a pejorative label (ميليشيات + إيران), the
//! label and the name are reported together as a loaded naming of it.

use crate::analyze::lexicon::{self, rows, PhraseTable};
use crate::analyze::{Entity, Wording};
use marsad_arabic::{Span, TokenKind, Tokens};
use std::sync::LazyLock;

/// What a lexicon entry says.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Entry {
    category: &'static str,
    entity: Option<&'static str>,
}

/// The categories, as the strings of [`Wording::category`].
const CATEGORIES: [&str; 9] = [
    "pejorative_label",
    "sectarian_label",
    "emotive",
    "glorifying",
    "intensifier",
    "euphemism",
    "evaluative",
    "loaded_naming",
    "naming_variant",
];

fn category(name: &str) -> Option<&'static str> {
    CATEGORIES.iter().copied().find(|c| *c == name)
}

/// Names and terms in one table (one probe per token); names are inserted
/// first, so that of two phrases of one length the name wins, and the
/// longest phrase wins over the words it contains (تنظيم داعش الإرهابي over
/// الإرهابي).
struct Lexicons {
    table: PhraseTable<Entry>,
    // Counted for the lexicon-size test.
    #[cfg_attr(not(test), allow(dead_code))]
    names: usize,
    #[cfg_attr(not(test), allow(dead_code))]
    terms: usize,
}

/// Every form of a single-word entry under its inflection class.
fn inflect(form: &str, class: &str) -> Vec<String> {
    let f = lexicon::norm(form);
    let mut out = vec![f.clone()];
    match class {
        "fixed" => {}
        "noun" => {
            // Possessive pronouns; a final ة is written ت before them.
            let stem = f.strip_suffix('ة').map_or(f.clone(), |s| format!("{s}ت"));
            for p in ["ه", "ها", "هم", "هما", "هن", "كم", "نا"] {
                out.push(format!("{stem}{p}"));
            }
        }
        "adj" | "nisba" => {
            for suf in ["ة", "ون", "ين", "ات", "ا", "تين", "تان", "ان"] {
                out.push(format!("{f}{suf}"));
            }
        }
        "verb" => {
            // A present form in ي: the other persons of the present.
            if let Some(rest) = f.strip_prefix('ي') {
                // Not the first person plural: نشيد (we praise) is also the
                // noun "anthem".
                for p in ["ت", "ا"] {
                    out.push(format!("{p}{rest}"));
                }
                for suf in ["ون", "ان", "وا"] {
                    out.push(format!("{f}{suf}"));
                    out.push(format!("ت{rest}{suf}"));
                }
            } else {
                // A past form: the other persons of the past.
                for suf in ["ت", "وا", "تا", "ا", "نا", "تم"] {
                    out.push(format!("{f}{suf}"));
                }
            }
        }
        other => panic!("wording_terms.txt: unknown inflection {other:?} for {form:?}"),
    }
    out
}

static LEX: LazyLock<Lexicons> = LazyLock::new(|| {
    let mut table = PhraseTable::default();
    let mut names = 0;
    for (n, cols) in rows(include_str!("../../data/wording_names.txt")) {
        let [id, cat, forms] = cols[..] else { panic!("wording_names.txt:{n}: expected 3 columns") };
        let category = category(cat).unwrap_or_else(|| panic!("wording_names.txt:{n}: unknown category {cat:?}"));
        // The ids live as long as the program (the table is static).
        let id: &'static str = Box::leak(id.to_string().into_boxed_str());
        for form in forms.split('|') {
            table.insert(form, Entry { category, entity: Some(id) });
            names += 1;
        }
    }
    let mut terms = 0;
    for (n, cols) in rows(include_str!("../../data/wording_terms.txt")) {
        let [cat, forms, class] = cols[..] else { panic!("wording_terms.txt:{n}: expected 3 columns") };
        let category = category(cat).unwrap_or_else(|| panic!("wording_terms.txt:{n}: unknown category {cat:?}"));
        for form in forms.split('|') {
            let forms = if form.contains(' ') { vec![form.to_string()] } else { inflect(form, class) };
            for f in forms {
                table.insert(&f, Entry { category, entity: None });
                terms += 1;
            }
        }
    }
    Lexicons { table, names, terms }
});

/// Finds loaded wording and naming variants. Built once, shared across
/// threads.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordingFinder {
    _private: (),
}

impl WordingFinder {
    pub fn new() -> WordingFinder {
        let _ = &*LEX;
        WordingFinder { _private: () }
    }

    /// The wording of `text` (tokenized into `tokens`); `entities` (may be
    /// empty) name what a pejorative label is attached to.
    pub fn find(&self, text: &str, tokens: &Tokens, entities: &[Entity]) -> Vec<Wording> {
        self.find_marked(text, tokens, entities, None)
    }

    /// Every word a term or a name can start with, for [`lexicon::mark`].
    pub(crate) fn start_words() -> impl Iterator<Item = &'static str> {
        LEX.table.first_words()
    }

    /// Like [`find`](Self::find); `marks[i] & mark::WORDING` says whether
    /// token `i` can start a term or a name.
    pub(crate) fn find_marked(
        &self,
        text: &str,
        tokens: &Tokens,
        entities: &[Entity],
        marks: Option<&[u8]>,
    ) -> Vec<Wording> {
        let lex = &*LEX;
        let n = tokens.len();
        let mut own = Vec::new();
        let marks = crate::analyze::evidence::marks_or_own(tokens, marks, &mut own);
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let t = &tokens[i];
            if t.kind != TokenKind::Word || marks[i] & lexicon::mark::WORDING == 0 {
                i += 1;
                continue;
            }
            let Some(m) = lex.table.at(tokens, i, n) else {
                i += 1;
                continue;
            };
            // A term's span is its whole first token, proclitics and all
            // (ونددت، للكراهية، بالميليشيات), as ArMPro marks loaded words:
            // on its tune half this made 15 more spans exact (111 -> 126)
            // and changed no overlap. Names keep the start of the name.
            let start = if m.value.entity.is_none() { tokens[m.start].span.start } else { m.start(text, tokens) };
            let mut end_tok = m.end;
            let mut end = tokens[m.end - 1].span.end;
            let mut category = m.value.category;
            let mut entity = m.value.entity.map(str::to_string);
            if entity.is_none() {
                let span = Span::new(start, end);
                // An entity the tagger found inside the term (الدواعش).
                entity = entities
                    .iter()
                    .find(|e| span.contains(&e.span) || e.span.contains(&span))
                    .and_then(|e| e.canonical.clone());
                // A label right before an entity: ميليشيات + إيران.
                if entity.is_none() && category == "pejorative_label" {
                    if let Some(e) = tokens.get(m.end).and_then(|next| {
                        entities.iter().find(|e| {
                            e.canonical.is_some() && e.span.start >= next.span.start && e.span.start <= next.base_start
                        })
                    }) {
                        entity = e.canonical.clone();
                        category = "loaded_naming";
                        end = e.span.end;
                        end_tok = tokens.as_slice().partition_point(|t| t.span.start < e.span.end);
                    }
                }
            }
            out.push(Wording {
                text: text[start..end].to_string(),
                category: category.to_string(),
                span: Span::new(start, end),
                entity,
            });
            i = end_tok.max(i + 1);
        }
        out
    }
}

/// Whether a category marks loaded wording (every category but the neutral
/// `naming_variant`).
pub fn is_loaded(category: &str) -> bool {
    category != "naming_variant"
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_arabic::Tokenizer;

    fn render(text: &str) -> Vec<String> {
        let tokens = Tokenizer::new().tokenize(text);
        WordingFinder::new()
            .find(text, &tokens, &[])
            .iter()
            .map(|w| {
                format!("{}={}{}", w.text, w.category, w.entity.as_deref().map_or(String::new(), |e| format!("/{e}")))
            })
            .collect()
    }

    #[test]
    fn lexicons_parse() {
        assert!(LEX.terms > 300);
        assert!(LEX.names > 100);
    }

    #[test]
    fn wording_table() {
        let table: &[(&str, &[&str])] = &[
            ("هاجمت ميليشيا قسد القرية", &["ميليشيا قسد=loaded_naming/sdf"]),
            ("وقالت قوات سوريا الديمقراطية إن", &["قوات سوريا الديمقراطية=naming_variant/sdf"]),
            ("وسلمت قسد السجناء", &["قسد=naming_variant/sdf"]),
            ("فلول النظام", &["فلول=pejorative_label"]),
            ("عناصر التنظيم الإرهابي", &["الإرهابي=pejorative_label"]),
            ("الجماعات الإرهابية المسلحة", &["الجماعات الإرهابية=pejorative_label"]),
            ("وعصابته", &["وعصابته=pejorative_label"]),
            ("من تنظيم داعش الإرهابي", &["تنظيم داعش الإرهابي=loaded_naming/isis"]),
            ("ارتكبت مجزرة مروعة", &["مجزرة=emotive", "مروعة=emotive"]),
            ("الوضع خطير جدا", &["خطير=evaluative", "جدا=intensifier"]),
            ("تم تحييد المسلحين", &["تحييد=euphemism"]),
            ("سقط شهداء", &["شهداء=glorifying"]),
            ("وبالميليشيات", &["وبالميليشيات=pejorative_label"]),
            ("اجتمع الوزير مع السفير", &[]),
            // Verbs in every person, from one past and one present form.
            ("ونددت الوزارة بالهجوم", &["ونددت=evaluative"]),
            ("وهم يشددون على ضرورة الحل", &["يشددون=evaluative", "ضرورة=intensifier"]),
            ("تستنكر الحكومة", &["تستنكر=evaluative"]),
            ("أنشد الطلاب نشيد الوطن", &[]),
            ("نشرت شائعات كاذبة", &["شائعات=evaluative", "كاذبة=evaluative"]),
            ("تقدمت قوات الاحتلال", &["قوات الاحتلال=loaded_naming/idf"]),
            ("تواصل الاحتلال", &["الاحتلال=pejorative_label"]),
            ("الرجل البالغ من العمر 40 عاما", &[]),
            ("حقق نجاحا كبيرا", &["نجاحا كبيرا=evaluative"]),
        ];
        crate::analyze::table_rows::assert_rows(table, render);
    }

    #[test]
    fn a_label_before_a_tagged_entity_names_it() {
        let text = "هاجمت ميليشيات إيران المدينة";
        let tokens = Tokenizer::new().tokenize(text);
        let at = text.find("إيران").unwrap();
        let e = Entity {
            text: "إيران".into(),
            label: "LOC".into(),
            canonical: Some("ir".into()),
            span: Span::new(at, at + "إيران".len()),
        };
        let w = WordingFinder::new().find(text, &tokens, &[e]);
        assert_eq!(w.len(), 1);
        assert_eq!(
            (w[0].text.as_str(), w[0].category.as_str(), w[0].entity.as_deref()),
            ("ميليشيات إيران", "loaded_naming", Some("ir"))
        );
    }
}
