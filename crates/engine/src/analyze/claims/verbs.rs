//! The reporting-verb lexicon: every form of every verb of
//! `data/claims_verbs.txt`, generated from its stems by the rules of Arabic
//! verb morphology.
//!
//! Forms are generated on normalized spelling (harakat gone, alef forms and
//! alef maqsura folded), which is also why most passives need no entry: أُعلن
//! and أعلن, يُعتقد and يعتقد are one spelling. Generated:
//!
//! - past, 3rd person: قال قالت قالوا قالا قالتا قلن; from a final weak
//!   letter the stem drops it: نفى نفت نفوا نفيا، دعا دعت دعوا، رأى رأت رأوا;
//! - past, 1st and 2nd person from the consonant stem: قلت قلنا قلتم;
//! - present: يقول تقول يقولون يقولان تقولين نقول أقول, and from a final weak
//!   letter: ينفي ينفون، يدعو يدعون، يرى يرون;
//! - the circumstantial participle (حال) that introduces speech after a
//!   verb: مضيفا مضيفة مضيفين، قائلا، نافيا;
//! - object pronouns on 3rd-person forms: وصفه، تعتبرها، تتهمهم؛
//! - the passives listed in the file (قيل، يقال، أفيد).

use crate::analyze::lexicon::{norm, rows, FxMap};
use std::sync::LazyLock;

/// Which form of the verb a word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VerbForm {
    /// 3rd person, past or present: the subject is the source.
    Third,
    /// An explicit passive (قيل): no source.
    Passive,
    /// The circumstantial participle (مضيفا): the source is the subject of
    /// the clause it follows.
    Participle,
    /// 1st or 2nd person (قلت، نقول): the speaker of a quotation.
    FirstSecond,
}

impl VerbForm {
    /// When one spelling is several forms (أكدت is "she confirmed" and "I
    /// confirmed"), the reading that news prose uses wins.
    fn priority(self) -> u8 {
        match self {
            VerbForm::Third => 3,
            VerbForm::Passive => 2,
            VerbForm::Participle => 1,
            VerbForm::FirstSecond => 0,
        }
    }
}

/// A reporting verb.
#[derive(Clone, Debug)]
pub struct Verb {
    /// The 3rd person masculine past, normalized: the verb's name.
    pub lemma: String,
    /// Prepositions that introduce what is said (normalized: الي، علي، عن، ب).
    pub preps: Vec<String>,
    /// Also a common noun or adjective: a cue only at the head of a clause.
    pub ambiguous: bool,
    /// Hedges the article's own assertion when it has no subject.
    pub hedge: bool,
    /// Can pass on another speaker's words (نقل X عن Y).
    pub relay: bool,
    /// The bare past is also a particle (بيّن / بين "between"): it is a cue
    /// only at the head of a clause and before أن.
    pub bare_past_guarded: bool,
    /// What the verb takes is a stance (أعرب عن قلقه، أبدى استعداده): a claim
    /// only when a clause with أن follows the stance (أعرب عن أمله في أن …).
    pub stance: bool,
}

/// A word of running text that is a form of a reporting verb.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cue {
    /// Index into [`Verbs::verbs`].
    pub verb: u16,
    pub form: VerbForm,
}

/// The generated lexicon.
#[derive(Debug)]
pub struct Verbs {
    pub verbs: Vec<Verb>,
    pub(crate) forms: FxMap<Box<str>, Cue>,
}

pub static VERBS: LazyLock<Verbs> = LazyLock::new(|| Verbs::parse(include_str!("../../../data/claims_verbs.txt")));

const OBJECT_PRONOUNS: [&str; 6] = ["ه", "ها", "هم", "هما", "ني", "نا"];

impl Verbs {
    /// Parses the verb file. A malformed line is a bug in the data file; the
    /// unit test `lexicon_parses` loads every line.
    fn parse(data: &str) -> Verbs {
        let mut verbs = Vec::new();
        let mut forms: FxMap<Box<str>, Cue> = FxMap::default();
        for (lineno, cols) in rows(data) {
            let [past, past_c, present, preps, participle, passive, flags] = cols[..] else {
                panic!("claims_verbs.txt:{lineno}: expected 7 columns, got {}", cols.len())
            };
            let list = |s: &str| -> Vec<String> {
                if s == "-" {
                    Vec::new()
                } else {
                    s.split('|').map(norm).collect()
                }
            };
            let flags: Vec<&str> = flags.split('|').collect();
            let id = verbs.len() as u16;
            verbs.push(Verb {
                lemma: norm(past),
                preps: list(preps),
                ambiguous: flags.contains(&"ambiguous"),
                hedge: flags.contains(&"hedge"),
                relay: flags.contains(&"relay"),
                bare_past_guarded: flags.contains(&"no_bare_past"),
                stance: flags.contains(&"stance"),
            });
            let mut add = |form: String, f: VerbForm| {
                let cue = Cue { verb: id, form: f };
                match forms.get(form.as_str()) {
                    Some(old) if old.form.priority() >= f.priority() => {}
                    _ => {
                        forms.insert(form.into_boxed_str(), cue);
                    }
                }
            };
            let (p, c, s) = (norm(past), norm(past_c), norm(present));
            for (form, f) in conjugate(&p, &c, &s, flags.contains(&"no_bare_past")) {
                if f == VerbForm::Third && !form.ends_with("وا") {
                    for pr in OBJECT_PRONOUNS {
                        add(format!("{form}{pr}"), VerbForm::Third);
                    }
                }
                add(form, f);
            }
            if flags.contains(&"no_bare_past") {
                // Kept, with the guard the claim finder applies (Verb::bare_past_guarded).
                add(p.clone(), VerbForm::Third);
            }
            for q in list(participle) {
                for form in participle_forms(&q) {
                    add(form, VerbForm::Participle);
                }
            }
            for form in list(passive) {
                add(form, VerbForm::Passive);
            }
        }
        Verbs { verbs, forms }
    }

    pub fn verb(&self, cue: Cue) -> &Verb {
        &self.verbs[cue.verb as usize]
    }
}

/// Strips a final weak letter (ي from ى, ا, و) from a stem, if there is one.
fn weak(stem: &str) -> Option<&str> {
    stem.strip_suffix('ي').or_else(|| stem.strip_suffix('ا')).or_else(|| stem.strip_suffix('و'))
}

/// Every finite form of a verb: `p` past 3ms, `c` past stem before a
/// consonant suffix, `s` present stem.
fn conjugate(p: &str, c: &str, s: &str, no_bare_past: bool) -> Vec<(String, VerbForm)> {
    use VerbForm::*;
    let mut out = Vec::new();
    // Past, 3rd person.
    let r = weak(p);
    let v = r.unwrap_or(p);
    if !no_bare_past {
        out.push((p.to_string(), Third));
    }
    out.push((format!("{v}ت"), Third));
    out.push((format!("{v}وا"), Third));
    out.push((format!("{v}تا"), Third));
    out.push((
        match r {
            Some(r) if p.ends_with('ي') => format!("{r}يا"),
            Some(r) => format!("{r}وا"),
            None => format!("{p}ا"),
        },
        Third,
    ));
    out.push((format!("{c}ن"), Third));
    // Past, 1st and 2nd person.
    for suf in ["ت", "نا", "تم", "تما", "تن"] {
        out.push((format!("{c}{suf}"), FirstSecond));
    }
    // Present. A final weak letter falls before و and ي of the suffix.
    let sw = weak(s).unwrap_or(s);
    for pre in ["ي", "ت"] {
        out.push((format!("{pre}{s}"), Third));
        out.push((format!("{pre}{sw}ون"), Third));
        out.push((format!("{pre}{sw}وا"), Third));
        out.push((format!("{pre}{s}ان"), Third));
    }
    out.push((format!("ت{sw}ين"), FirstSecond));
    for pre in ["ن", "ا"] {
        out.push((format!("{pre}{s}"), FirstSecond));
    }
    out
}

/// The circumstantial forms of a participle stem: مضيفا مضيفة مضيفين
/// مضيفتين; a stem in ي also drops it before ين (نافين).
fn participle_forms(q: &str) -> Vec<String> {
    let mut out = vec![format!("{q}ا"), format!("{q}ة"), format!("{q}ين"), format!("{q}تين")];
    if let Some(r) = q.strip_suffix('ي') {
        out.push(format!("{r}ين"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue(word: &str) -> Option<(String, VerbForm)> {
        let v = &*VERBS;
        v.forms.get(norm(word).as_str()).map(|c| (v.verb(*c).lemma.clone(), c.form))
    }

    #[test]
    fn lexicon_parses() {
        assert!(VERBS.verbs.len() >= 50);
        assert!(VERBS.forms.len() > 2000);
    }

    #[test]
    fn forms_table() {
        use VerbForm::*;
        let table: &[(&str, Option<(&str, VerbForm)>)] = &[
            ("قال", Some(("قال", Third))),
            ("قالت", Some(("قال", Third))),
            ("يقول", Some(("قال", Third))),
            ("تقول", Some(("قال", Third))),
            ("قالوا", Some(("قال", Third))),
            ("يقولون", Some(("قال", Third))),
            ("قيل", Some(("قال", Passive))),
            ("يقال", Some(("قال", Passive))),
            ("قلت", Some(("قال", FirstSecond))),
            ("قائلا", Some(("قال", Participle))),
            ("قائلاً", Some(("قال", Participle))),
            ("قائلة", Some(("قال", Participle))),
            ("أكد", Some(("اكد", Third))),
            ("أكّدت", Some(("اكد", Third))),
            ("يؤكد", Some(("اكد", Third))),
            ("تؤكد", Some(("اكد", Third))),
            ("أكدوا", Some(("اكد", Third))),
            ("مؤكدا", Some(("اكد", Participle))),
            ("أعلن", Some(("اعلن", Third))),
            ("أُعلن", Some(("اعلن", Third))),
            ("يعلن", Some(("اعلن", Third))),
            ("نفى", Some(("نفي", Third))),
            ("نفت", Some(("نفي", Third))),
            ("نفوا", Some(("نفي", Third))),
            ("ينفي", Some(("نفي", Third))),
            ("ينفون", Some(("نفي", Third))),
            ("نافيا", Some(("نفي", Participle))),
            ("دعا", Some(("دعا", Third))),
            ("دعت", Some(("دعا", Third))),
            ("يدعو", Some(("دعا", Third))),
            ("رأى", Some(("راي", Third))),
            ("رأت", Some(("راي", Third))),
            ("يرى", Some(("راي", Third))),
            ("يرون", Some(("راي", Third))),
            ("أشارت", Some(("اشار", Third))),
            ("يشير", Some(("اشار", Third))),
            ("مشيرا", Some(("اشار", Participle))),
            ("أضاف", Some(("اضاف", Third))),
            ("مضيفة", Some(("اضاف", Participle))),
            ("يعتبر", Some(("اعتبر", Third))),
            ("تعتبرها", Some(("اعتبر", Third))),
            ("وصفه", Some(("وصف", Third))),
            ("ينص", Some(("نص", Third))),
            ("بينت", Some(("بين", Third))),
            // The bare past is a form; the claim finder takes it only at the
            // head of a clause and before أن (Verb::bare_past_guarded).
            ("بين", Some(("بين", Third))),
            ("وزير", None),
        ];
        for (word, want) in table {
            let got = cue(word);
            let want = want.map(|(l, f)| (norm(l), f));
            assert_eq!(got, want, "word {word}");
        }
    }
}
