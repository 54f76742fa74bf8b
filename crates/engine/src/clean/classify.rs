//! The first reading of each line on its own: what its words and shape say
//! it is, before the page-level reading ([`super::layout`]) weighs where it
//! stands.

use super::credit::{bare_agency, byline_name};
use super::cue::{anchored, anywhere, inline_related, CueReason, Place};
use super::dateline::date_line;
use super::line::{Line, Lines};
use crate::doc::DropReason;

/// What a line says it is, read alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    /// Nothing in it says it is not article text.
    Plain,
    /// A related-article link: its headline begins at byte `rest` (a header
    /// such as "اقرأ أيضاً:" when `rest` is the line's length: the links
    /// follow on their own lines).
    Related { rest: usize },
    /// A byline: the name, or `None` for a label alone ("بقلم:") whose name
    /// is on the next line.
    Byline { name: Option<String> },
    /// A credit line: the outlets begin at byte `rest` (a label alone when
    /// `rest` is the line's length); `bare` when the line is only an
    /// agency's name, with no cue ("--(بترا)").
    Credit { rest: usize, bare: bool },
    /// A date line, with the date it gives.
    Date { iso: Option<String> },
    /// A label announcing a date on the next line ("التاريخ:").
    DateLabel,
    /// Page furniture.
    Furniture(DropReason),
    /// The header of a list that follows it: most-read links, tags.
    Header(DropReason),
}

/// A line's first reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LineLex {
    pub lex: Lex,
    /// A weak furniture cue ("التعليق", "المستخدمين"): evidence against the
    /// line being article text, decisive only outside the article.
    pub weak: Option<DropReason>,
    /// Where a related link that ends an article line begins ("…، اقرأ
    /// المزيد: …").
    pub split: Option<usize>,
    /// The furniture reason came from a phrase inside the line, not from
    /// how it begins: a sentence of the article may quote such a phrase
    /// ("… تسريب الملف الشخصي …").
    pub loose: bool,
}

/// Reads one line.
pub(crate) fn classify(lines: &Lines, line: &Line) -> LineLex {
    let (mut lex, loose) = read(lines, line);
    // A furniture phrase inside running prose is only evidence: the article
    // may be about cookies or quote a copyright notice. Where the line
    // stands (inside the article or after it) decides.
    // Furniture that speaks to the reader (أهلا بك، يسعدنا تسجيلكم) stays
    // furniture: articles speak of third persons.
    if let (true, Lex::Furniture(r)) = (loose && line.is_prose() && !addresses_reader(lines, line), &lex) {
        let r = *r;
        lex = Lex::Plain;
        let split = inline_related(lines, line);
        return LineLex { lex, weak: Some(r), split, loose };
    }
    let weak = match (&lex, anywhere(lines, line, true)) {
        (Lex::Plain, Some(m)) => match m.reason {
            CueReason::Furniture(r) => Some(r),
            _ => None,
        },
        _ => None,
    };
    let split = if lex == Lex::Plain { inline_related(lines, line) } else { None };
    LineLex { lex, weak, split, loose }
}

/// Words with which a site addresses its visitor (normalized): you, to
/// you, with us, we are pleased, dear visitor.
const READER: [&str; 26] = [
    "انت",
    "انتم",
    "لك",
    "لكم",
    "بك",
    "بكم",
    "عليك",
    "عليكم",
    "اليك",
    "اليكم",
    "لديك",
    "لديكم",
    "معنا",
    "يمكنك",
    "يمكنكم",
    "نتمني",
    "نرحب",
    "يسعدنا",
    "يشرفنا",
    "زائرنا",
    "زوارنا",
    "عزيزي",
    "تصفحك",
    "حسابك",
    "تجربتك",
    "اشتراكك",
];

fn addresses_reader(lines: &Lines, line: &Line) -> bool {
    lines.words(line).iter().any(|w| READER.contains(&lines.norm(w)))
}

fn read(lines: &Lines, line: &Line) -> (Lex, bool) {
    let len = line.text.len();
    if line.is_symbols() {
        return (
            Lex::Furniture(if line.text.contains('©') { DropReason::Copyright } else { DropReason::Boilerplate }),
            false,
        );
    }
    if let Some(m) = anchored(lines, line) {
        let alone = m.rest >= len;
        // A label whose value is on the next line ends with a separator
        // ("بقلم:"); the bare word ("حوار") is more likely a menu entry.
        let label = alone && line.text.trim_end().ends_with(super::cue::is_separator);
        match m.reason {
            CueReason::Related => return (Lex::Related { rest: m.rest }, false),
            CueReason::Byline => {
                if label {
                    return (Lex::Byline { name: None }, false);
                }
                if let Some(name) = byline_name(&line.text[m.rest..]) {
                    return (Lex::Byline { name: Some(name) }, false);
                }
            }
            // "وكالات" alone: the cue is the credited name.
            CueReason::Credit if m.place == Place::Line => return (Lex::Credit { rest: m.at, bare: false }, false),
            CueReason::Credit => {
                let rest_words = lines.words(line).iter().filter(|w| w.span.start >= m.rest).count();
                if label || !alone && rest_words <= 12 && !line.is_prose() {
                    return (Lex::Credit { rest: m.rest, bare: false }, false);
                }
            }
            CueReason::DateLabel => {
                if let Some(d) = date_line(lines, line, m.rest) {
                    return (Lex::Date { iso: d.iso }, false);
                }
                if label {
                    return (Lex::DateLabel, false);
                }
            }
            CueReason::Furniture(r) => {
                let header = matches!(r, DropReason::LinkList | DropReason::Tags)
                    && (alone || m.place == Place::Line || line.ends_colon);
                return (if header { Lex::Header(r) } else { Lex::Furniture(r) }, false);
            }
        }
    }
    if let Some(name) = date_then_byline(lines, line) {
        return (Lex::Byline { name: Some(name) }, false);
    }
    if let Some(d) = date_line(lines, line, 0) {
        return (Lex::Date { iso: d.iso }, false);
    }
    if let Some(m) = anywhere(lines, line, false) {
        if let CueReason::Furniture(r) = m.reason {
            return (Lex::Furniture(r), true);
        }
    }
    if let Some(at) = bare_agency(lines, line) {
        return (Lex::Credit { rest: at, bare: true }, false);
    }
    if let Some(r) = shape(lines, line) {
        return (Lex::Furniture(r), false);
    }
    (Lex::Plain, false)
}

/// A date, then a byline on the same line ("الأحد 14 مارس 2021 | بقلم:
/// الاسم"): article headers whose date and author elements an export or
/// the HTML block splitter put on one line. The name, when the words after
/// the cue read as one.
fn date_then_byline(lines: &Lines, line: &Line) -> Option<String> {
    let words = lines.words(line);
    if words.len() < 4 || words.len() > 20 || line.ends_sentence {
        return None;
    }
    let lex = &*super::lexicon::LEXICONS;
    // The cue comes within the first words, after something.
    for k in 2..words.len().min(10) {
        let list = lex.cues_of(lex.word_cues(words[k].cues));
        let cue = list.iter().map(|&ci| &lex.cues[ci]).find(|c| {
            c.reason == CueReason::Byline
                && k + c.words.len() < words.len()
                && c.words.iter().enumerate().all(|(j, w)| lines.norm(&words[k + j]) == w)
        });
        let Some(cue) = cue else { continue };
        let before = &line.text[..words[k].span.start];
        // What precedes the cue is a date and nothing else of substance.
        let dates = super::date::find_dates(before);
        let prose = words[..k].iter().filter(|w| lex.function_words.contains(lines.norm(w))).count();
        if dates.is_empty() || prose > 1 {
            return None;
        }
        let end = words[k + cue.words.len() - 1].span.end;
        let (rest, _) = super::cue::skip_separators(&line.text, end);
        return byline_name(&line.text[rest..]);
    }
    None
}

/// Furniture told by its shape alone: pipe-separated menus, a copyright
/// sign, a list made of one word repeated ("سورة … سورة … سورة").
fn shape(lines: &Lines, line: &Line) -> Option<DropReason> {
    let n = line.n_words as usize;
    if line.pipes >= 2 && n <= (line.pipes as usize + 1) * 5 {
        return Some(DropReason::Navigation);
    }
    if line.text.contains('©') && n <= 16 {
        return Some(DropReason::Copyright);
    }
    if n >= 20 && line.function_ratio() < 0.05 {
        let words = lines.words(line);
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for w in words {
            *counts.entry(lines.norm(w)).or_default() += 1;
        }
        if counts.values().copied().max().unwrap_or(0) * 5 >= n {
            return Some(DropReason::Navigation);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::tokenizer;
    use super::*;

    fn read_all(texts: &[&str]) -> Vec<LineLex> {
        let tk = tokenizer();
        let mut toks = marsad_arabic::Tokens::new();
        let lines = Lines::new(texts.iter().copied(), &tk, &mut toks);
        lines.lines.iter().map(|l| classify(&lines, l)).collect()
    }

    /// Each line alone, and what it should be read as. The lines are the
    /// project's own, written in the shapes Arabic news pages use.
    #[test]
    fn lines_read_alone() {
        use DropReason as D;
        let related = |rest: &str, text: &str| Lex::Related { rest: text.len() - rest.len() };
        let table: Vec<(&str, Lex)> = vec![
            (
                "إقرأ أيضاً: الحكومة تقر موازنة العام المقبل",
                related("الحكومة تقر موازنة العام المقبل", "إقرأ أيضاً: الحكومة تقر موازنة العام المقبل"),
            ),
            ("اقرأ ايضا| وزير المالية يستقيل", related("وزير المالية يستقيل", "اقرأ ايضا| وزير المالية يستقيل")),
            (
                "اقرأ أيضًا ... أمطار غزيرة في العاصمة",
                related("أمطار غزيرة في العاصمة", "اقرأ أيضًا ... أمطار غزيرة في العاصمة"),
            ),
            ("أقرأ أيضاً", related("", "أقرأ أيضاً")),
            (
                "اقرأ المزيد - العراق: انتخابات مبكرة",
                related("العراق: انتخابات مبكرة", "اقرأ المزيد - العراق: انتخابات مبكرة"),
            ),
            ("شاهد أيضا: فيديو لحظة الانفجار", related("فيديو لحظة الانفجار", "شاهد أيضا: فيديو لحظة الانفجار")),
            ("مواضيع ذات صلة", related("", "مواضيع ذات صلة")),
            ("إعداد: سارة منصور", Lex::Byline { name: Some("سارة منصور".into()) }),
            ("بقلم - خالد يوسف", Lex::Byline { name: Some("خالد يوسف".into()) }),
            ("كتب ضياء الدين حسن", Lex::Byline { name: Some("ضياء الدين حسن".into()) }),
            ("كتب الوزير في تغريدة على حسابه أن الاجتماع تأجل.", Lex::Plain),
            ("بقلم:", Lex::Byline { name: None }),
            ("مصدر الخبر: وكالة الأنباء + صحيفة الوطن", Lex::Credit { rest: "مصدر الخبر: ".len(), bare: false }),
            ("المصدر : رويترز", Lex::Credit { rest: "المصدر : ".len(), bare: false }),
            ("المصدر الذي تحدث للصحيفة أكد أن الاتفاق بات قريبا جدا من التوقيع", Lex::Plain),
            ("--(بترا)", Lex::Credit { rest: "--(".len(), bare: true }),
            ("(وكالات)", Lex::Credit { rest: "(".len(), bare: false }),
            ("نقلا عن الرؤية الإماراتية", Lex::Credit { rest: "نقلا عن ".len(), bare: false }),
            ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", Lex::Date { iso: Some("2020-10-07T12:09:00".into()) }),
            ("التاريخ:", Lex::DateLabel),
            ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", Lex::Date { iso: Some("2020-04-24T21:22:00".into()) }),
            ("نستخدم ملفات تعريف الارتباط (الكوكيز) لتحسين تجربتك على موقعنا. موافق", Lex::Furniture(D::CookieNotice)),
            ("عاجــــــــل", Lex::Furniture(D::Ticker)),
            ("عااااجل", Lex::Furniture(D::Ticker)),
            ("عاجل | انقطاع الكهرباء عن عدة أحياء", Lex::Furniture(D::Ticker)),
            ("شارك هذا الخبر :", Lex::Furniture(D::SharePrompt)),
            ("تابعونا على تويتر وفيسبوك", Lex::Furniture(D::SharePrompt)),
            ("الرئيسية", Lex::Furniture(D::Navigation)),
            ("الرئيسية | أخبار | رياضة | اقتصاد", Lex::Furniture(D::Navigation)),
            ("الأكثر قراءة", Lex::Header(D::LinkList)),
            ("الكلمات الدالة :", Lex::Header(D::Tags)),
            ("الوسوم: الانتخابات، البرلمان", Lex::Furniture(D::Tags)),
            ("© 2021 جميع الحقوق محفوظة لمؤسسة الخبر", Lex::Furniture(D::Copyright)),
            ("جميع الحقوق محفوظة", Lex::Furniture(D::Copyright)),
            ("اشترك في النشرة البريدية", Lex::Furniture(D::Newsletter)),
            ("تعليقات (12)", Lex::Furniture(D::Comments)),
            ("إعلان", Lex::Furniture(D::Advertisement)),
            ("رئيس التحرير: محمود فهمي", Lex::Furniture(D::Boilerplate)),
            ("أهلا وسهلا بك زائرنا الكريم، لم تقم بتسجيل الدخول بعد", Lex::Furniture(D::Account)),
            ("-------------", Lex::Furniture(D::Boilerplate)),
            ("وقالت الوزارة في بيان إن عدد الإصابات ارتفع إلى 120 حالة.", Lex::Plain),
        ];
        let texts: Vec<&str> = table.iter().map(|(t, _)| *t).collect();
        let got = read_all(&texts);
        for ((text, want), got) in table.iter().zip(got) {
            assert_eq!(&got.lex, want, "{text}");
        }
    }

    #[test]
    fn related_link_at_the_end_of_a_line_is_split_off() {
        let text = "وارتفع عدد المستخدمين إلى مليون مستخدم، اقرأ المزيد: الشركة تطلق خدمة جديدة";
        let got = read_all(&[text]);
        assert_eq!(got[0].lex, Lex::Plain);
        let at = got[0].split.unwrap();
        assert_eq!(&text[at..], "اقرأ المزيد: الشركة تطلق خدمة جديدة");
        // The verb in running prose is not a link.
        let prose = "ودعا الكاتب قراءه إلى أن يقرأ المزيد عن تاريخ المدينة قبل زيارتها.";
        assert_eq!(read_all(&[prose])[0].split, None);
    }

    #[test]
    fn weak_cues_are_only_evidence() {
        let text = "إذا كان التعليق يحتوي على شتائم أو تهديدات موجهة للمستخدمين الآخرين فسيتم حذفه.";
        let got = read_all(&[text]);
        assert_eq!(got[0].lex, Lex::Plain);
        assert_eq!(got[0].weak, Some(DropReason::Comments));
    }

    #[test]
    fn a_furniture_phrase_inside_prose_is_only_evidence() {
        // A sentence of an article about tracking online.
        let prose = "وقال الباحث إن كثيرا من المواقع العربية تجمع ملفات تعريف الارتباط دون أن تشرح لزوارها الغرض منها، وهو ما يخالف القانون الجديد.";
        let got = read_all(&[prose]);
        assert_eq!(got[0].lex, Lex::Plain);
        assert_eq!(got[0].weak, Some(DropReason::CookieNotice));
        assert!(got[0].loose);
        // A banner that speaks to the reader is furniture outright.
        let notice = "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك، وباستمرارك في التصفح فإنك توافق على سياسة الخصوصية الخاصة بنا.";
        assert_eq!(read_all(&[notice])[0].lex, Lex::Furniture(DropReason::CookieNotice));
        // The short banner itself is furniture outright.
        let banner = "نستخدم ملفات تعريف الارتباط";
        assert_eq!(read_all(&[banner])[0].lex, Lex::Furniture(DropReason::CookieNotice));
    }
}
