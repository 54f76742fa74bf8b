//! Credited outlets and bylines: splitting "عربي اليوم + قناة العالم" into
//! its outlets, reading a bare agency line ("--(بترا)", "فرانس 24/ أ ف ب"),
//! and telling a name from a place in "حسام أبو العلا - القاهرة".

use super::lexicon::{fold_words, LEXICONS};
use super::line::{Line, Lines};

/// Words that head an outlet's name: "و" before one of them starts another
/// outlet ("رويترز ووكالة الأناضول").
const OUTLET_HEADS: &[&str] = &["قناه", "صحيفه", "وكاله", "موقع", "شبكه", "جريده", "مجله", "تلفزيون", "اذاعه", "راديو"];

/// Characters trimmed from both ends of a credited name.
fn is_trim(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '–'
                | '—'
                | '*'
                | '('
                | ')'
                | '['
                | ']'
                | '.'
                | ':'
                | '«'
                | '»'
                | '"'
                | '“'
                | '”'
                | '\''
                | '،'
                | ','
                | '\u{640}'
                | '•'
                | '|'
        )
}

/// True if `text` (folded) is one of the cities of the lexicon.
fn is_city(text: &str) -> bool {
    let w = fold_words(text);
    !w.is_empty() && LEXICONS.cities.longest_at(w.len(), |k| w[k].as_str(), 0).is_some_and(|(n, ())| n == w.len())
}

/// Splits the value of a credit line into outlets, in order, without
/// repeats: on `+`, `/`, `،`, `,`, `&`, a spaced dash, a standalone `و`, and
/// a `و` glued to a word that begins an outlet's name. Places ("أبوظبي"
/// in "أبوظبي - البيان") are not outlets and are left out.
pub(crate) fn split_outlets(text: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let normalized = text.replace(" - ", " + ").replace(" – ", " + ").replace(" — ", " + ");
    for chunk in normalized.split(['+', '/', '،', ',', '؛', '&', '|']) {
        // Standalone و, and و glued to an outlet's first word.
        let mut cur: Vec<&str> = Vec::new();
        for w in chunk.split_whitespace() {
            if w == "و" {
                parts.push(cur.join(" "));
                cur.clear();
                continue;
            }
            if !cur.is_empty() {
                if let Some(rest) = w.strip_prefix('و') {
                    let f = fold_words(rest);
                    let starts_outlet = f.first().is_some_and(|first| {
                        OUTLET_HEADS.contains(&first.as_str())
                            || LEXICONS.agencies.longest_at(f.len(), |k| f[k].as_str(), 0).is_some()
                    });
                    if starts_outlet {
                        parts.push(cur.join(" "));
                        cur.clear();
                        cur.push(rest);
                        continue;
                    }
                }
            }
            cur.push(w);
        }
        parts.push(cur.join(" "));
    }
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        let p = p.trim_matches(is_trim).to_string();
        if p.is_empty() || is_city(&p) || out.iter().any(|o| fold_words(o) == fold_words(&p)) {
            continue;
        }
        out.push(p);
    }
    out
}

/// The agency a bare credit line names ("--(بترا)", "(أ ف ب)", "- وكالات",
/// "فرانس 24/ أ ف ب", "(أبوظبي - البيان)"): the byte offset in the line
/// where the credited text begins.
pub(crate) fn bare_agency(lines: &Lines, line: &Line) -> Option<usize> {
    if line.n_words == 0 || line.n_words > 8 || line.ends_sentence && !line.text.trim_end().ends_with(").") {
        return None;
    }
    let words = lines.words(line);
    let lex = &*LEXICONS;
    let norms: Vec<&str> = words.iter().map(|w| lines.norm(w)).collect();
    // Every word is part of an agency name, a place, or a number glued to a
    // name ("فرانس 24").
    let mut i = 0;
    let mut agencies = 0;
    while i < norms.len() {
        if let Some((n, ())) = lex.agencies.longest_at(norms.len(), |k| norms[k], i) {
            agencies += 1;
            i += n;
        } else if let Some((n, ())) = lex.cities.longest_at(norms.len(), |k| norms[k], i) {
            i += n;
        } else if words[i].is_number() && i > 0 {
            i += 1;
        } else {
            break;
        }
    }
    let start = line.text.find(|c: char| !is_trim(c))?;
    if i == norms.len() && agencies > 0 {
        return Some(start);
    }
    // "(City - Outlet)": a fully bracketed place and name.
    let t = line.text.trim();
    if t.starts_with('(') && t.trim_end_matches('.').ends_with(')') && line.n_words <= 5 {
        let inner = t.trim_matches(is_trim);
        if let Some((a, b)) = inner.split_once(['-', '–']) {
            if is_city(a.trim()) && !b.trim().is_empty() || is_city(b.trim()) && !a.trim().is_empty() {
                return Some(start);
            }
        }
    }
    None
}

/// An author value without the place a desk line adds to it and without
/// its brackets: "(أبوظبي - البيان)" → "البيان", "سارة يوسف - بيروت" →
/// "سارة يوسف". Page metadata (`<meta name="author">`, JSON-LD `author`)
/// often holds such dateline-style values; the place is not the author.
pub(crate) fn without_place(text: &str) -> &str {
    let t = text.trim_matches(is_trim);
    for sep in [" - ", " – ", " — ", " / ", " | "] {
        if let Some((a, b)) = t.split_once(sep) {
            let (a, b) = (a.trim_matches(is_trim), b.trim_matches(is_trim));
            if is_city(a) && !b.is_empty() {
                return b;
            }
            if is_city(b) && !a.is_empty() {
                return a;
            }
        }
    }
    t
}

/// Allowed inside a person's name although they are short words.
/// (علي is the name, folded like the preposition على.)
const NAME_PARTICLES: &[&str] = &["بن", "بنت", "ابن", "ابو", "ابي", "ال", "عبد", "ام", "د", "دكتور", "علي"];

/// Reads `text` as a byline's value: a name or a desk ("عربي اليوم"), with a
/// place before or after it dropped ("محمد علي - القاهرة"). `None` when it
/// reads like prose or a title instead.
pub(crate) fn byline_name(text: &str) -> Option<String> {
    let t = text.trim_matches(is_trim);
    if t.is_empty() || t.ends_with([':', '.', '؟', '?', '!']) {
        return None;
    }
    let mut name = t;
    for sep in [" - ", " – ", " — ", "،", "/", " | "] {
        if let Some((a, b)) = t.split_once(sep) {
            let (a, b) = (a.trim_matches(is_trim), b.trim_matches(is_trim));
            // A place on either side is dropped; with no known place, the
            // name comes first ("بقلم: الاسم - المدينة").
            name = if is_city(a) { b } else { a };
            break;
        }
    }
    // Headline punctuation is not in names ("كتب عربية.. تعرف عليها").
    if name.contains("..") || name.contains(['؟', '?', '!', '«', '»', '"', '“', '”']) {
        return None;
    }
    let words = fold_words(name);
    if words.is_empty() || words.len() > 6 || words.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit())) {
        return None;
    }
    let lex = &*LEXICONS;
    let function = words
        .iter()
        .filter(|w| !NAME_PARTICLES.contains(&w.as_str()))
        .filter(|w| {
            lex.function_words.contains(w.as_str())
                || w.strip_prefix('و').is_some_and(|b| lex.function_words.contains(b))
        })
        .count();
    if function > 0 {
        return None;
    }
    Some(name.to_string())
}

/// A line that is a name and a place and nothing else ("حسام أبو العلا -
/// القاهرة", "القاهرة - أحمد الريدي"): the name.
pub(crate) fn name_with_city(line: &Line) -> Option<String> {
    if line.n_words < 3 || line.n_words > 7 || line.ends_sentence || line.ends_colon {
        return None;
    }
    let t = line.text.trim();
    // Without a cue, only a known place makes the line a byline.
    let (a, b) = [" - ", " – ", " — ", "،", " / "].iter().find_map(|s| t.split_once(s))?;
    if !is_city(a.trim_matches(is_trim)) && !is_city(b.trim_matches(is_trim)) {
        return None;
    }
    byline_name(t)
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::tokenizer;
    use super::*;

    #[test]
    fn outlets_are_split() {
        let table: &[(&str, &[&str])] = &[
            ("عربي اليوم + قناة العالم.", &["عربي اليوم", "قناة العالم"]),
            ("فرانس 24/ أ ف ب/ رويترز", &["فرانس 24", "أ ف ب", "رويترز"]),
            ("(أبوظبي - البيان)", &["البيان"]),
            ("رويترز ووكالة الأناضول", &["رويترز", "وكالة الأناضول"]),
            ("صحيفة الحياة و قناة الجديد", &["صحيفة الحياة", "قناة الجديد"]),
            ("وكالات", &["وكالات"]),
            ("الرؤية الإماراتية", &["الرؤية الإماراتية"]),
            ("\"الخليج\" الإماراتية", &["الخليج\" الإماراتية"]),
            ("سانا، واس، سانا", &["سانا", "واس"]),
        ];
        for (text, want) in table {
            assert_eq!(split_outlets(text), *want, "{text}");
        }
    }

    #[test]
    fn bare_agency_lines() {
        let tk = tokenizer();
        let mut toks = marsad_arabic::Tokens::new();
        let table: &[(&str, Option<&str>)] = &[
            ("--(بترا)", Some("بترا)")),
            ("(أ ف ب)", Some("أ ف ب)")),
            ("فرانس 24/ أ ف ب", Some("فرانس 24/ أ ف ب")),
            ("- وكالات", Some("وكالات")),
            ("(أبوظبي - البيان)", Some("أبوظبي - البيان)")),
            ("(صورة أرشيفية)", None),
            ("قالت رويترز إن الاجتماع انتهى.", None),
        ];
        for (text, want) in table {
            let lines = Lines::new(std::iter::once(*text), &tk, &mut toks);
            let got = bare_agency(&lines, &lines.lines[0]).map(|at| &text[at..]);
            assert_eq!(got, *want, "{text}");
        }
    }

    #[test]
    fn author_values_lose_their_place() {
        let table: &[(&str, &str)] = &[
            ("(أبوظبي - البيان)", "البيان"),
            ("سارة يوسف - بيروت", "سارة يوسف"),
            ("القاهرة / مراسل الصحيفة", "مراسل الصحيفة"),
            ("[نادر الخطيب]", "نادر الخطيب"),
            ("قسم الأخبار - المحليات", "قسم الأخبار - المحليات"),
            ("عمر المصري", "عمر المصري"),
        ];
        for (text, want) in table {
            assert_eq!(without_place(text), *want, "{text}");
        }
    }

    #[test]
    fn byline_names() {
        let table: &[(&str, Option<&str>)] = &[
            ("عربي اليوم", Some("عربي اليوم")),
            (" محمد علي - القاهرة", Some("محمد علي")),
            ("سلمى الحداد - الرمال", Some("سلمى الحداد")),
            ("القاهرة - أحمد الريدي", Some("أحمد الريدي")),
            ("عبد الله بن سعيد", Some("عبد الله بن سعيد")),
            ("الرئيس في تغريدة على تويتر:", None),
            ("الوزير إن الاجتماع سيعقد غدا في العاصمة", None),
            ("2020", None),
        ];
        for (text, want) in table {
            assert_eq!(byline_name(text).as_deref(), *want, "{text}");
        }
    }
}
