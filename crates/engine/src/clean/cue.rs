//! Cues: the phrases of `data/line_cues.tsv` that say what a line is
//! ("اقرأ أيضاً:", "إعداد:", "مصدر الخبر:", "جميع الحقوق محفوظة"), and how
//! they are matched against a line's folded words.

use super::lexicon::LEXICONS;
use super::line::{Line, Lines};
use crate::doc::DropReason;

/// What a line announced by a cue is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CueReason {
    /// A field-bearing line: related link, byline, credit line.
    Related,
    Byline,
    Credit,
    /// A label that announces a date (التاريخ:، تم نشره).
    DateLabel,
    /// Page furniture, dropped with this reason.
    Furniture(DropReason),
}

impl CueReason {
    pub(crate) fn parse(s: &str) -> Option<CueReason> {
        Some(match s {
            "related_link" => CueReason::Related,
            "byline" => CueReason::Byline,
            "credit_line" => CueReason::Credit,
            "date_label" => CueReason::DateLabel,
            "cookie_notice" => CueReason::Furniture(DropReason::CookieNotice),
            "ticker" => CueReason::Furniture(DropReason::Ticker),
            "share_prompt" => CueReason::Furniture(DropReason::SharePrompt),
            "navigation" => CueReason::Furniture(DropReason::Navigation),
            "link_list" => CueReason::Furniture(DropReason::LinkList),
            "copyright" => CueReason::Furniture(DropReason::Copyright),
            "newsletter" => CueReason::Furniture(DropReason::Newsletter),
            "comments" => CueReason::Furniture(DropReason::Comments),
            "advertisement" => CueReason::Furniture(DropReason::Advertisement),
            "tags" => CueReason::Furniture(DropReason::Tags),
            "account" => CueReason::Furniture(DropReason::Account),
            "boilerplate" => CueReason::Furniture(DropReason::Boilerplate),
            _ => return None,
        })
    }
}

/// Where in a line a cue must stand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// The whole line, give or take punctuation, digits and a bracketed count.
    Line,
    /// At the start.
    Start,
    /// At the start, followed by a separator or by nothing.
    Label,
    /// Anywhere: the line is furniture wherever it stands.
    Anywhere,
    /// Anywhere, but only evidence: furniture outside the article body.
    Weak,
}

impl Place {
    pub(crate) fn parse(s: &str) -> Option<Place> {
        Some(match s {
            "line" => Place::Line,
            "start" => Place::Start,
            "label" => Place::Label,
            "anywhere" => Place::Anywhere,
            "weak" => Place::Weak,
            _ => return None,
        })
    }
}

/// One row of the cue table, folded.
#[derive(Clone, Debug)]
pub(crate) struct Cue {
    pub reason: CueReason,
    pub place: Place,
    /// The longest line, in words, the cue applies to (0: any).
    pub max_words: u16,
    pub words: Box<[String]>,
}

/// A cue found in a line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CueMatch {
    pub reason: CueReason,
    pub place: Place,
    /// Byte offset in the line's text where what follows the cue (and its
    /// separator) begins; the line's length when nothing follows.
    pub rest: usize,
    /// Byte offset in the line's text where the cue begins.
    pub at: usize,
}

/// Characters that separate a label from its value ("المصدر: …",
/// "اقرأ أيضا| …", "اقرأ المزيد - …", "اقرأ أيضا… …").
pub(crate) fn is_separator(c: char) -> bool {
    matches!(c, ':' | '：' | '|' | '/' | '-' | '–' | '—' | '…' | '.' | '،' | ',' | '»' | '>' | '؛' | '=' | '_' | '*')
}

/// Whether `between` (what separates a label from its value) holds a
/// colon, a bar, a slash or a dash.
fn strong_separator(between: &str) -> bool {
    between.contains([':', '：', '|', '/', '-', '–', '—', '»', '>', '='])
}

/// The offset after the separators and spaces that follow byte `at` of
/// `text`, and whether there was a separator.
pub(crate) fn skip_separators(text: &str, at: usize) -> (usize, bool) {
    let mut sep = false;
    let mut end = at;
    for (i, c) in text[at..].char_indices() {
        if c.is_whitespace() || c == '\u{640}' {
            end = at + i + c.len_utf8();
        } else if is_separator(c) {
            sep = true;
            end = at + i + c.len_utf8();
        } else {
            break;
        }
    }
    (end, sep)
}

/// Whether the line's words after word `from` are only numbers (a count:
/// "تعليقات (5)", "المزيد 2").
fn only_numbers_after(lines: &Lines, line: &Line, from: usize) -> bool {
    lines.words(line)[from..].iter().all(|w| w.is_number())
}

/// The best cue anchored at the start of `line` (place `line`, `start` or
/// `label`): the longest match wins, the file order breaks ties.
pub(crate) fn anchored(lines: &Lines, line: &Line) -> Option<CueMatch> {
    let words = lines.words(line);
    let first = words.first()?;
    let lex = &*LEXICONS;
    let list = lex.cues_of(lex.word_cues(first.cues));
    let n = words.len();
    for &ci in list {
        let cue = &lex.cues[ci];
        let k = cue.words.len();
        if k > n || cue.max_words != 0 && n > cue.max_words as usize {
            continue;
        }
        if !cue.words.iter().enumerate().all(|(j, w)| lines.norm(&words[j]) == w) {
            continue;
        }
        let end = words[k - 1].span.end;
        let (rest, sep) = skip_separators(&line.text, end);
        let ok = match cue.place {
            Place::Line => only_numbers_after(lines, line, k),
            Place::Start => true,
            // A label is followed by a separator, by nothing, or (for a
            // multi-word label) directly by its value. A one-word label
            // needs a colon-like separator: "شاهد.. X" and "فيديو.. X" are
            // how headlines begin, "شاهد: X" how links do.
            Place::Label => rest >= line.text.len() || (sep && (k > 1 || strong_separator(&line.text[end..rest]))),
            Place::Anywhere | Place::Weak => false,
        };
        if ok {
            return Some(CueMatch { reason: cue.reason, place: cue.place, rest, at: words[0].span.start });
        }
    }
    None
}

/// The first cue of place `anywhere` (strong) or `weak` in `line`.
pub(crate) fn anywhere(lines: &Lines, line: &Line, weak: bool) -> Option<CueMatch> {
    let words = lines.words(line);
    let lex = &*LEXICONS;
    let n = words.len();
    for i in 0..n {
        let list = lex.cues_of(lex.word_cues(words[i].cues));
        for &ci in list {
            let cue = &lex.cues[ci];
            let wanted = if weak { Place::Weak } else { Place::Anywhere };
            if cue.place != wanted || i + cue.words.len() > n {
                continue;
            }
            if cue.max_words != 0 && n > cue.max_words as usize {
                continue;
            }
            if cue.words.iter().enumerate().all(|(j, w)| lines.norm(&words[i + j]) == w) {
                let end = words[i + cue.words.len() - 1].span.end;
                return Some(CueMatch { reason: cue.reason, place: cue.place, rest: end, at: words[i].span.start });
            }
        }
    }
    None
}

/// Finds a related-link cue standing inside a line after some body text
/// ("… بين المستخدمين، اقرأ المزيد: فيسبوك تغير …"): the offset where the
/// cue begins. Only multi-word cues, or a one-word cue followed by a
/// separator, and only after a sentence or clause boundary, so that the verb
/// اقرأ in running prose is not taken for a link.
pub(crate) fn inline_related(lines: &Lines, line: &Line) -> Option<usize> {
    let words = lines.words(line);
    let lex = &*LEXICONS;
    for i in 1..words.len() {
        let list = lex.cues_of(lex.word_cues(words[i].cues));
        if list.is_empty() {
            continue;
        }
        let before = line.text[..words[i].span.start].trim_end();
        let boundary = before.ends_with(['.', '،', ',', '؟', '?', '!', ':', '؛', ')', '"', '»', '”']);
        if !boundary {
            continue;
        }
        for &ci in list {
            let cue = &lex.cues[ci];
            if cue.reason != CueReason::Related || !matches!(cue.place, Place::Start | Place::Label) {
                continue;
            }
            let k = cue.words.len();
            if i + k > words.len() || !cue.words.iter().enumerate().all(|(j, w)| lines.norm(&words[i + j]) == w) {
                continue;
            }
            let end = words[i + k - 1].span.end;
            let (rest, sep) = skip_separators(&line.text, end);
            let at_end = rest >= line.text.len();
            // A one-word label ("اقرأ:", "أيضاً:") needs a colon-like
            // separator and a value, as at the start of a line: "…، أيضاً."
            // and "…. أيضاً، قال" are prose.
            if k == 1 && cue.place == Place::Label {
                if strong_separator(&line.text[end..rest]) && !at_end {
                    return Some(words[i].span.start);
                }
                continue;
            }
            // "اقرأ المزيد" at the very end, or a cue with a separator.
            if sep || at_end {
                return Some(words[i].span.start);
            }
        }
    }
    None
}
