//! Date lines: a line that is a date and little else ("الأربعاء، 07 أكتوبر
//! 2020 - 12:09 م", "تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً",
//! "قبل 12 دقيقة", "November 9, 2020"). Dates inside prose are not date
//! lines: a line qualifies only when the date (with its weekday, time,
//! label and place) covers nearly all of its words.

use super::date::{find_dates, ArabicDate, Calendar};
use super::lexicon::{DateWord, CITY, DATE, LEXICONS};
use super::line::{Line, Lines, WordKind};

/// A date line: the publication date it gives, normalized, when it gives
/// one (`None` for a relative time such as "قبل 12 دقيقة").
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DateLine {
    pub iso: Option<String>,
}

/// Words a date line may hold besides the date, and still be one.
const MAX_OTHER_WORDS: usize = 1;

/// Reads the part of `line` from byte `from` on as a date line.
pub(crate) fn date_line(lines: &Lines, line: &Line, from: usize) -> Option<DateLine> {
    let all = lines.words(line);
    // Words are in text order: the words from `from` on are a suffix.
    let words = &all[all.partition_point(|w| w.span.start < from)..];
    if words.is_empty() || words.len() > 18 || !words.iter().any(|w| w.is_number() || is_relative(lines.norm(w))) {
        return None;
    }
    let lex = &*LEXICONS;
    let text = &line.text[from..];
    // Most lines hold no date word and no "12/3" or "12:30": skip the date
    // finder for them.
    if !words.iter().any(|w| w.flags & DATE != 0) && !digits_around_separator(text) {
        return None;
    }
    // Every word of a date expression is a number or a date word: count the
    // others before reading dates (cities are allowed too).
    let unknown = words.iter().filter(|w| !w.is_number() && w.flags & (DATE | CITY) == 0).count();
    if unknown > MAX_OTHER_WORDS + 2 && unknown * 5 > words.len() {
        return None;
    }
    let found = find_dates(text);
    // Month first ("ديسمبر 25, 2020"), as some templates print it.
    let month_first = if found.is_empty() { month_first(lines, words) } else { None };
    // Words not covered by a date expression, a date word, a number or a
    // place.
    let covered = |w: &super::line::Word| {
        found.iter().any(|d| d.span.start + from <= w.span.start && w.span.end <= d.span.end + from)
    };
    let mut other = 0;
    let mut english_month = None;
    let mut relative = false;
    let norms: Vec<&str> = words.iter().map(|w| lines.norm(w)).collect();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let n = norms[i];
        if covered(w) || w.kind == WordKind::Number || month_first.as_ref().is_some_and(|m| m.1 == i) {
            i += 1;
            continue;
        }
        match lex.date_words.get(n) {
            Some(DateWord::Month(m)) => english_month = english_month.or(Some(*m)),
            Some(DateWord::Relative) => relative = true,
            Some(DateWord::Time | DateWord::Weekday) => {}
            None => {
                if let Some((len, ())) = lex.cities.longest_at(norms.len(), |k| norms[k], i) {
                    i += len;
                    continue;
                }
                other += 1;
            }
        }
        i += 1;
    }
    // A few words besides the date are allowed in a long date line
    // ("GMT 17:27 17.03.2020 (محدثة GMT 17:49 17.03.2020) انسخ الرابط").
    if other > MAX_OTHER_WORDS && other * 5 > words.len() {
        return None;
    }
    if let Some(d) = found.first() {
        return Some(DateLine { iso: Some(d.date.iso()) });
    }
    if let Some((iso, _)) = month_first {
        return Some(DateLine { iso: Some(iso) });
    }
    let numbers: Vec<u16> = words.iter().filter(|w| w.is_number()).filter_map(|w| lines.norm(w).parse().ok()).collect();
    if let Some(month) = english_month {
        // "November 9, 2020", "9 Nov 2020".
        let year = numbers.iter().copied().find(|&n| (1900..=2100).contains(&n));
        let day = numbers.iter().copied().find(|&n| (1..=31).contains(&n));
        if let (Some(year), Some(day)) = (year, day) {
            let d = ArabicDate {
                calendar: Calendar::Gregorian,
                year,
                month,
                day: day as u8,
                time: None,
                offset_minutes: None,
            };
            if valid(&d) {
                return Some(DateLine { iso: Some(d.iso()) });
            }
        }
        return None;
    }
    if let Some(d) = spaced_numeric(text) {
        return Some(DateLine { iso: Some(d.iso()) });
    }
    if relative && other == 0 {
        return Some(DateLine { iso: None });
    }
    // A time of day alone ("12:09 م", "17:53 GMT").
    if other == 0 && words.len() <= 4 && text.contains(':') && numbers.len() >= 2 {
        return Some(DateLine { iso: None });
    }
    None
}

/// A month name followed by the day and the year ("ديسمبر 25, 2020"): the
/// date, and the index of the month's word.
fn month_first(lines: &Lines, words: &[super::line::Word]) -> Option<(String, usize)> {
    for i in 0..words.len().saturating_sub(2) {
        let (m, d, y) = (&words[i], &words[i + 1], &words[i + 2]);
        if m.is_number() || !d.is_number() || !y.is_number() || lines.norm(y).len() != 4 {
            continue;
        }
        let probe = format!("{} {} {}", lines.norm(d), lines.norm(m), lines.norm(y));
        if let Some(found) = find_dates(&probe).first() {
            return Some((found.date.iso(), i));
        }
    }
    None
}

/// A digit, a date or time separator (spaces allowed around it), a digit.
fn digits_around_separator(text: &str) -> bool {
    let digit =
        |c: char| c.is_ascii_digit() || ('\u{660}'..='\u{669}').contains(&c) || ('\u{6F0}'..='\u{6F9}').contains(&c);
    let mut state = 0; // 1: after a digit, 2: after digit + separator
    for c in text.chars() {
        state = match (state, c) {
            (_, c) if digit(c) && state == 2 => return true,
            (_, c) if digit(c) => 1,
            (1 | 2, ' ') => state,
            (1, '/' | '-' | '.' | ':' | '٫') => 2,
            _ => 0,
        };
    }
    false
}

fn is_relative(norm: &str) -> bool {
    LEXICONS.date_words.get(norm) == Some(&DateWord::Relative)
}

fn valid(d: &ArabicDate) -> bool {
    // Round-trip through the shared normalizer, which validates the day of
    // the month.
    super::date::normalize_machine_date(&d.iso()).is_some()
}

/// A numeric date written with spaces around its separators, as some sites
/// print them in a line of their own ("١ / ١٢ / ٢٠٢٠", "12 / 04 / 2020
/// 21:29"). In prose such a sequence is more often a range or a score, so
/// the shared date finder does not read it; in a date line it is a date.
fn spaced_numeric(text: &str) -> Option<ArabicDate> {
    #[derive(PartialEq)]
    enum Item {
        Num(String),
        Sep(char),
        Other,
    }
    let folded = marsad_arabic::Normalizer::search().normalize(text).text;
    let mut items = Vec::new();
    let mut cur = String::new();
    for c in folded.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            cur.push(c);
            continue;
        }
        if !cur.is_empty() {
            items.push(Item::Num(std::mem::take(&mut cur)));
        }
        if matches!(c, '/' | '-' | '.') {
            items.push(Item::Sep(c));
        } else if !c.is_whitespace() {
            items.push(Item::Other);
        }
    }
    for w in items.windows(5) {
        let (Item::Num(a), Item::Sep(s1), Item::Num(b), Item::Sep(s2), Item::Num(c)) =
            (&w[0], &w[1], &w[2], &w[3], &w[4])
        else {
            continue;
        };
        if s1 != s2 {
            continue;
        }
        let n = |s: &str| s.parse::<u16>().ok();
        let (year, month, day) = if a.len() == 4 {
            (n(a)?, n(b)?, n(c)?)
        } else if c.len() == 4 {
            (n(c)?, n(b)?, n(a)?)
        } else {
            continue;
        };
        let calendar = if (1300..=1500).contains(&year) { Calendar::Hijri } else { Calendar::Gregorian };
        let d = ArabicDate {
            calendar,
            year,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
            time: None,
            offset_minutes: None,
        };
        let ok = if calendar == Calendar::Hijri {
            (1..=12).contains(&d.month) && (1..=30).contains(&d.day)
        } else {
            valid(&d)
        };
        if ok {
            return Some(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::tokenizer;
    use super::*;

    fn read(text: &str) -> Option<DateLine> {
        let tk = tokenizer();
        let mut toks = marsad_arabic::Tokens::new();
        let lines = Lines::new(std::iter::once(text), &tk, &mut toks);
        date_line(&lines, &lines.lines[0], 0)
    }

    #[test]
    fn date_lines() {
        let iso = |s: &str| Some(DateLine { iso: Some(s.to_string()) });
        let table: &[(&str, Option<DateLine>)] = &[
            ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", iso("2020-10-07T12:09:00")),
            ("القاهرة: الخميس ٣ كانون الأول ٢٠٢٠", iso("2020-12-03")),
            ("November 9, 2020", iso("2020-11-09")),
            ("ديسمبر 25, 2020", iso("2020-12-25")),
            ("الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", iso("2020-04-24T21:22:00")),
            ("٠٢:٠٠ الثلاثاء ١ / ١٢ / ٢٠٢٠", iso("2020-12-01")),
            ("2020/12/25 - 1:59 صباحًا", iso("2020-12-25T01:59:00")),
            ("قبل 19 دقيقة", Some(DateLine { iso: None })),
            ("منذ ساعتين", Some(DateLine { iso: None })),
            ("17:53 GMT", Some(DateLine { iso: None })),
            ("قال الوزير في 7 أكتوبر 2020 إن الاجتماع تأجل", None),
            ("3 آلاف عنصر", None),
            ("عام 2014", None),
        ];
        for (text, want) in table {
            assert_eq!(&read(text), want, "{text}");
        }
    }
}
