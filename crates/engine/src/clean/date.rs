//! Dates as Arabic news pages write them, and as their metadata writes them.
//!
//! Two entry points:
//!
//! - [`find_dates`] finds every date in running text: day + month name + year
//!   in each of the month-name series in use (Egyptian/Gulf يناير…,
//!   Levantine/Iraqi كانون الثاني…, Maghreb جانفي…, Hijri محرم…), numeric
//!   dates (`2020/10/07`, `07-10-2020`), Arabic-Indic and Persian digits, an
//!   optional weekday before and an optional time after (`12:09 م`). Each
//!   [`DateMatch`] carries its byte span in the text it was found in.
//! - [`normalize_machine_date`] reads the dates of page metadata (ISO 8601,
//!   `2020-03-15 20:18:45 GST`, RFC 2822 `Wed, 07 Oct 2020 12:09:00 +0200`) or,
//!   failing that, the first Arabic date of a string.
//!
//! Both report dates in one normalized form ([`ArabicDate::iso`]): ISO 8601
//! `YYYY-MM-DD` or `YYYY-MM-DDThh:mm:ss[±hh:mm]` for Gregorian dates, and
//! `YYYY-MM-DD AH` for Hijri dates (the Hijri calendar is not converted: a
//! Hijri date printed by a page is evidence as the page wrote it, and the
//! conversion depends on moon sighting). A Hijri date with a time is written
//! `YYYY-MM-DD AH hh:mm`.
//!
//! Month and weekday names are a lexicon in `data/date_names.txt`, matched
//! after the search fold of [`marsad_arabic::Normalizer::search`], so hamza,
//! teh marbuta, harakat, tatweel and digit variants all meet.

use marsad_arabic::{Normalizer, Span};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The calendar a date is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Calendar {
    Gregorian,
    Hijri,
}

/// A calendar date with an optional time of day and UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ArabicDate {
    pub calendar: Calendar,
    pub year: u16,
    pub month: u8,
    pub day: u8,
    /// Hour (0-23), minute, second.
    pub time: Option<(u8, u8, u8)>,
    /// UTC offset in minutes, when the source gave one.
    pub offset_minutes: Option<i16>,
}

impl ArabicDate {
    /// The normalized form: `2020-10-07`, `2020-10-07T12:09:00`,
    /// `2020-10-07T12:09:00+02:00`, `1441-10-11 AH`, `1441-10-11 AH 09:30`.
    pub fn iso(&self) -> String {
        let date = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        match (self.calendar, self.time) {
            (Calendar::Gregorian, None) => date,
            (Calendar::Gregorian, Some((h, m, s))) => {
                let mut out = format!("{date}T{h:02}:{m:02}:{s:02}");
                if let Some(off) = self.offset_minutes {
                    if off == 0 {
                        out.push_str("+00:00");
                    } else {
                        let sign = if off < 0 { '-' } else { '+' };
                        let a = off.unsigned_abs();
                        out.push_str(&format!("{sign}{:02}:{:02}", a / 60, a % 60));
                    }
                }
                out
            }
            (Calendar::Hijri, None) => format!("{date} AH"),
            (Calendar::Hijri, Some((h, m, _))) => format!("{date} AH {h:02}:{m:02}"),
        }
    }

    fn valid(&self) -> bool {
        let (lo, hi, max_day) = match self.calendar {
            Calendar::Gregorian => (1900, 2100, days_in_month(self.year, self.month)),
            Calendar::Hijri => (1300, 1500, 30),
        };
        (lo..=hi).contains(&self.year)
            && (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= max_day
            && self.time.is_none_or(|(h, m, s)| h < 24 && m < 60 && s < 61)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A date found in text, with the span of the whole expression (weekday and
/// time included when present).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateMatch {
    pub span: Span,
    pub date: ArabicDate,
    /// How it was written.
    pub form: DateForm,
}

/// How a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateForm {
    /// Day, month name, year (`7 أكتوبر 2020`, `11 شوال 1441 هـ`).
    MonthName,
    /// All digits (`2020/10/07`, `07-10-2020`).
    Numeric,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameKind {
    Month(Calendar, u8),
    Weekday,
}

/// The name lexicon: folded name (words joined by one space) → meaning, plus
/// the longest name in words.
struct Names {
    by_name: HashMap<String, NameKind>,
    max_words: usize,
}

static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let fold = Normalizer::search();
    let mut by_name = HashMap::new();
    let mut max_words = 1;
    for line in include_str!("../../data/date_names.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(kind), Some(num), Some(name)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let Ok(n) = num.parse::<u8>() else { continue };
        let kind = match kind {
            "gregorian" => NameKind::Month(Calendar::Gregorian, n),
            "hijri" => NameKind::Month(Calendar::Hijri, n),
            "weekday" => NameKind::Weekday,
            _ => continue,
        };
        let folded = fold.normalize(name).text;
        let words: Vec<&str> = folded.split_whitespace().collect();
        max_words = max_words.max(words.len());
        by_name.insert(words.join(" "), kind);
    }
    Names { by_name, max_words }
});

/// A word of the folded text: letters or digits, or one punctuation char.
#[derive(Clone, Copy, Debug)]
struct Word<'a> {
    text: &'a str,
    span: Span,
    digits: bool,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = it.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push(Word { text: &text[i..end], span: Span::new(i, end), digits: true });
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            out.push(Word { text: &text[i..end], span: Span::new(i, end), digits: false });
        } else {
            let end = i + c.len_utf8();
            out.push(Word { text: &text[i..end], span: Span::new(i, end), digits: false });
        }
    }
    out
}

/// The name starting at word `i`, and how many words it takes (longest match;
/// a `و`/`ب`/`ل`/`ف` proclitic on the first word is allowed: "وفي 7 أكتوبر" is
/// not a concern, but "من شهر" is not needed either).
fn name_at(ws: &[Word<'_>], i: usize) -> Option<(NameKind, usize)> {
    let names = &*NAMES;
    let mut key = String::new();
    let mut best = None;
    for n in 0..names.max_words {
        let w = ws.get(i + n)?;
        if w.digits || !w.text.chars().all(char::is_alphabetic) {
            break;
        }
        if n > 0 {
            key.push(' ');
        }
        key.push_str(w.text);
        if let Some(&k) = names.by_name.get(&key) {
            best = Some((k, n + 1));
        }
    }
    best
}

fn month_at(ws: &[Word<'_>], i: usize) -> Option<(Calendar, u8, usize)> {
    match name_at(ws, i)? {
        (NameKind::Month(c, m), n) => Some((c, m, n)),
        _ => None,
    }
}

fn num(w: &Word<'_>) -> Option<u16> {
    if w.digits && w.text.len() <= 4 {
        w.text.parse().ok()
    } else {
        None
    }
}

fn is_punct(w: Option<&Word<'_>>, set: &[&str]) -> bool {
    w.is_some_and(|w| set.contains(&w.text))
}

/// Finds every date in `text`. Spans are byte spans of `text`.
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    let norm = Normalizer::search().normalize(text);
    let ws = words(&norm.text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        match date_at(&ws, i) {
            Some((m, next)) => {
                let mut span = norm.map.span_to_source(m.span);
                // The fold dropped tatweel and harakat; a date that ends in
                // them ("هـ") still covers them.
                span.end += text[span.end..]
                    .chars()
                    .take_while(|&c| c == '\u{0640}' || ('\u{064B}'..='\u{065F}').contains(&c) || c == '\u{0670}')
                    .map(char::len_utf8)
                    .sum::<usize>();
                out.push(DateMatch { span, ..m });
                i = next;
            }
            None => i += 1,
        }
    }
    out
}

/// A date starting at word `i` (a weekday, a day number or a year); returns
/// it with spans in the folded text, and the index of the next word.
fn date_at(ws: &[Word<'_>], i: usize) -> Option<(DateMatch, usize)> {
    let start = i;
    let mut j = i;
    // An optional weekday, with an optional comma or dash after it.
    if let Some((NameKind::Weekday, n)) = name_at(ws, j) {
        j += n;
        if is_punct(ws.get(j), &["،", ",", "-", "–"]) {
            j += 1;
        }
    } else if !ws[j].digits {
        return None;
    }
    let first = ws.get(j)?;
    let a = num(first)?;
    let (mut date, form, mut k) = if let Some((cal, month, n)) = ws.get(j + 1).and_then(|_| month_at(ws, j + 1)) {
        // Day, month name, an optional second name for the same month
        // ("آذار (مارس)", "مارس/آذار"), an optional comma, year.
        let mut k = j + 1 + n;
        if is_punct(ws.get(k), &["("]) {
            if let Some((_, m2, n2)) = month_at(ws, k + 1) {
                if m2 == month && is_punct(ws.get(k + 1 + n2), &[")"]) {
                    k += n2 + 2;
                }
            }
        } else if is_punct(ws.get(k), &["/", "-"]) {
            if let Some((_, m2, n2)) = month_at(ws, k + 1) {
                if m2 == month {
                    k += n2 + 1;
                }
            }
        }
        if is_punct(ws.get(k), &["،", ","]) {
            k += 1;
        }
        let year = ws.get(k).filter(|w| w.text.len() == 4).and_then(num)?;
        k += 1;
        let mut cal = cal;
        // "هـ" after the year marks a Hijri year ("ه" once folded), "م" a
        // Gregorian one. The month name already says which; the marker is
        // part of the expression.
        if let Some(w) = ws.get(k) {
            if w.text == "ه" || w.text == "هـ" {
                cal = Calendar::Hijri;
                k += 1;
            } else if w.text == "م" && cal == Calendar::Gregorian && !time_follows(ws, k + 1) {
                k += 1;
            }
        }
        let d = ArabicDate { calendar: cal, year, month, day: u8::try_from(a).ok()?, time: None, offset_minutes: None };
        (d, DateForm::MonthName, k)
    } else {
        // Numeric: a sep b sep c with one separator kind.
        let sep = ws.get(j + 1)?;
        if !["/", "-", "."].contains(&sep.text) || ws.get(j + 3).map(|w| w.text) != Some(sep.text) {
            return None;
        }
        let (w2, w3) = (ws.get(j + 2)?, ws.get(j + 4)?);
        // The parts must touch their separators: "2020 - 10 - 07" in prose
        // is more likely a range than a date.
        if first.span.end != sep.span.start || sep.span.end != w2.span.start || w2.span.end != ws[j + 3].span.start {
            return None;
        }
        if ws[j + 3].span.end != w3.span.start {
            return None;
        }
        let (b, c) = (num(w2)?, num(w3)?);
        let (year, month, day) = if first.text.len() == 4 {
            (a, b, c)
        } else if w3.text.len() == 4 {
            (c, b, a)
        } else {
            return None;
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
        let mut k = j + 5;
        if is_punct(ws.get(k), &["ه", "هـ"]) {
            k += 1;
        }
        (d, DateForm::Numeric, k)
    };
    if !date.valid() {
        return None;
    }
    if let Some((time, next)) = time_at(ws, k) {
        date.time = Some(time);
        if date.valid() {
            k = next;
        } else {
            date.time = None;
        }
    }
    let span = Span::new(ws[start].span.start, ws[k - 1].span.end);
    Some((DateMatch { span, date, form }, k))
}

/// Whether a time (`12:09`) starts at word `k` or after a separator.
fn time_follows(ws: &[Word<'_>], k: usize) -> bool {
    time_at(ws, k).is_some()
}

/// A time of day after a date: optional separator (`-`, `|`, `،`, `الساعة`,
/// `في`), `h:mm[:ss]`, optional `ص`/`م`/`صباحا`/`مساء`/`AM`/`PM`.
fn time_at(ws: &[Word<'_>], mut k: usize) -> Option<((u8, u8, u8), usize)> {
    for _ in 0..2 {
        match ws.get(k).map(|w| w.text) {
            Some("-" | "–" | "|" | "،" | "," | "الساعه" | "في" | "T") => k += 1,
            _ => break,
        }
    }
    let h = ws.get(k).filter(|w| w.text.len() <= 2).and_then(num)?;
    if !is_punct(ws.get(k + 1), &[":"]) {
        return None;
    }
    let m = ws.get(k + 2).filter(|w| w.text.len() == 2).and_then(num)?;
    let mut next = k + 3;
    let mut s = 0;
    if is_punct(ws.get(next), &[":"]) {
        if let Some(sec) = ws.get(next + 1).filter(|w| w.text.len() == 2).and_then(num) {
            s = sec;
            next += 2;
        }
    }
    let mut h = h;
    match ws.get(next).map(|w| w.text.to_ascii_lowercase()) {
        Some(ref x) if ["م", "مساء", "مساءا", "ظهرا", "pm"].contains(&x.as_str()) => {
            if h < 12 {
                h += 12;
            }
            next += 1;
        }
        Some(ref x) if ["ص", "صباحا", "فجرا", "am"].contains(&x.as_str()) => {
            if h == 12 {
                h = 0;
            }
            next += 1;
        }
        _ => {}
    }
    let t = (u8::try_from(h).ok()?, u8::try_from(m).ok()?, u8::try_from(s).ok()?);
    (t.0 < 24 && t.1 < 60 && t.2 < 61).then_some((t, next))
}

/// Reads a date from page metadata (`article:published_time`, JSON-LD
/// `datePublished`, `<time datetime>`, a `date` field of JSONL) into the
/// normalized form of [`ArabicDate::iso`]. Accepts ISO 8601 (with `T` or a
/// space, fractional seconds, `Z`, `±hh:mm`, `±hhmm`, or a common zone
/// abbreviation), RFC 2822, and otherwise the first Arabic date of the
/// string. `None` when nothing in it reads as a valid date.
pub fn normalize_machine_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Some(d) = parse_iso(s).or_else(|| parse_rfc2822(s)) {
        return Some(d.iso());
    }
    find_dates(s).first().map(|m| m.date.iso())
}

fn digits_at(b: &[u8], at: usize, n: usize) -> Option<u16> {
    let part = b.get(at..at + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(part).ok()?.parse().ok()
}

fn parse_iso(s: &str) -> Option<ArabicDate> {
    let b = s.as_bytes();
    let year = digits_at(b, 0, 4)?;
    let sep = *b.get(4)?;
    if sep != b'-' && sep != b'/' {
        return None;
    }
    let month = digits_at(b, 5, 2)?;
    if b.get(7) != Some(&sep) {
        return None;
    }
    let day = digits_at(b, 8, 2)?;
    if b.get(10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let mut d = ArabicDate {
        calendar: Calendar::Gregorian,
        year,
        month: month as u8,
        day: day as u8,
        time: None,
        offset_minutes: None,
    };
    if matches!(b.get(10), Some(b'T' | b' ')) && b.get(13) == Some(&b':') {
        let h = digits_at(b, 11, 2)?;
        let m = digits_at(b, 14, 2)?;
        let mut at = 16;
        let mut sec = 0;
        if b.get(at) == Some(&b':') {
            sec = digits_at(b, at + 1, 2)?;
            at += 3;
            if b.get(at) == Some(&b'.') {
                at += 1;
                while b.get(at).is_some_and(u8::is_ascii_digit) {
                    at += 1;
                }
            }
        }
        d.time = Some((h as u8, m as u8, sec as u8));
        d.offset_minutes = parse_offset(s.get(at..)?.trim_start());
    }
    d.valid().then_some(d)
}

/// `Z`, `+02:00`, `+0200`, `GMT`, `UTC` and zone abbreviations of the Arab
/// world (`GST` Gulf, `AST` Arabia, `EET`/`EEST` Eastern European).
fn parse_offset(s: &str) -> Option<i16> {
    let b = s.as_bytes();
    match b.first()? {
        b'Z' => return Some(0),
        b'+' | b'-' => {
            let sign: i16 = if b[0] == b'-' { -1 } else { 1 };
            let h = digits_at(b, 1, 2)? as i16;
            let m = if b.get(3) == Some(&b':') { digits_at(b, 4, 2)? } else { digits_at(b, 3, 2).unwrap_or(0) } as i16;
            return (h <= 14 && m < 60).then_some(sign * (h * 60 + m));
        }
        _ => {}
    }
    let word: String = s.chars().take_while(char::is_ascii_alphabetic).collect();
    match word.to_ascii_uppercase().as_str() {
        "GMT" | "UTC" | "UT" => Some(0),
        "GST" => Some(240),
        "AST" => Some(180),
        "EET" => Some(120),
        "EEST" => Some(180),
        "CET" => Some(60),
        "CEST" => Some(120),
        _ => None,
    }
}

/// `Wed, 07 Oct 2020 12:09:00 +0200` (the weekday is optional).
fn parse_rfc2822(s: &str) -> Option<ArabicDate> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let mut parts = s.split_whitespace().peekable();
    if parts.peek()?.trim_end_matches(',').chars().all(|c| c.is_ascii_alphabetic()) {
        parts.next();
    }
    let day: u8 = parts.next()?.parse().ok()?;
    let mon = parts.next()?.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| mon.starts_with(m))? as u8 + 1;
    let year: u16 = parts.next()?.trim_end_matches(',').parse().ok()?;
    let mut d = ArabicDate { calendar: Calendar::Gregorian, year, month, day, time: None, offset_minutes: None };
    if let Some(t) = parts.next() {
        let mut hms = t.split(':').map(|x| x.parse::<u8>());
        if let (Some(Ok(h)), Some(Ok(m))) = (hms.next(), hms.next()) {
            let sec = hms.next().and_then(|x| x.ok()).unwrap_or(0);
            d.time = Some((h, m, sec));
            d.offset_minutes = parts.next().and_then(parse_offset);
        }
    }
    d.valid().then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_text() {
        // (text, normalized date, the expression's text)
        let table: &[(&str, &str, &str)] = &[
            (
                "نشر يوم الأربعاء، 07 أكتوبر 2020 - 12:09 م بتوقيت القاهرة",
                "2020-10-07T12:09:00",
                "الأربعاء، 07 أكتوبر 2020 - 12:09 م",
            ),
            ("في ٣ آذار ٢٠٢٠ قال الوزير", "2020-03-03", "٣ آذار ٢٠٢٠"),
            ("السبت 14 كانون الثاني 2023", "2023-01-14", "السبت 14 كانون الثاني 2023"),
            ("الخميس 1 تشرين الأول (أكتوبر) 2020", "2020-10-01", "الخميس 1 تشرين الأول (أكتوبر) 2020"),
            ("مؤرخ 5 مارس/آذار 2019م", "2019-03-05", "5 مارس/آذار 2019م"),
            ("الموافق 11 شوال 1441 هـ", "1441-10-11 AH", "11 شوال 1441 هـ"),
            ("الموافق 3 ذو القعدة 1441ه", "1441-11-03 AH", "3 ذو القعدة 1441ه"),
            ("22 جمادى الآخرة 1442", "1442-06-22 AH", "22 جمادى الآخرة 1442"),
            ("تاريخ النشر: 2020/06/03 09:35", "2020-06-03T09:35:00", "2020/06/03 09:35"),
            ("تحديث 03-06-2020", "2020-06-03", "03-06-2020"),
            ("15 جانفي 2021 على الساعة", "2021-01-15", "15 جانفي 2021"),
            ("يوم ٢٩ فبراير ٢٠٢٠ الساعة ٠٩:١٥ ص", "2020-02-29T09:15:00", "٢٩ فبراير ٢٠٢٠ الساعة ٠٩:١٥ ص"),
            ("12 أبريل 2020 12:30 ص", "2020-04-12T00:30:00", "12 أبريل 2020 12:30 ص"),
        ];
        for &(text, iso, expr) in table {
            let got = find_dates(text);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(got[0].date.iso(), iso, "{text}");
            assert_eq!(got[0].span.get(text), Some(expr), "{text}");
        }
    }

    #[test]
    fn not_dates() {
        for text in [
            "30 فبراير 2020",
            "قتل 3 آلاف شخص عام 2014",
            "بين 2019 - 10 - 07",
            "في مارس 2020",
            "سجلت 45 صفر 1441 حالة",
            "الفترة 1-10 من 2020",
        ] {
            assert_eq!(find_dates(text), vec![], "{text}");
        }
    }

    #[test]
    fn machine_dates() {
        let table: &[(&str, Option<&str>)] = &[
            ("2020-10-07T12:09:00+02:00", Some("2020-10-07T12:09:00+02:00")),
            ("2020-10-07T12:09:00.000Z", Some("2020-10-07T12:09:00+00:00")),
            ("2020-10-07T12:09+0300", Some("2020-10-07T12:09:00+03:00")),
            ("2020-03-15 20:18:45 GST", Some("2020-03-15T20:18:45+04:00")),
            ("2020-06-03", Some("2020-06-03")),
            ("2020/06/03 10:00", Some("2020-06-03T10:00:00")),
            ("Wed, 07 Oct 2020 12:09:00 +0200", Some("2020-10-07T12:09:00+02:00")),
            ("الأربعاء، 07 أكتوبر 2020", Some("2020-10-07")),
            ("2020-13-01", None),
            ("منذ ساعتين", None),
            ("", None),
        ];
        for &(s, want) in table {
            assert_eq!(normalize_machine_date(s).as_deref(), want, "{s}");
        }
    }

    #[test]
    fn lexicon_loads_every_series() {
        let names = &*NAMES;
        let fold = Normalizer::search();
        let get = |s: &str| names.by_name.get(&fold.normalize(s).text).copied();
        assert_eq!(get("أكتوبر"), Some(NameKind::Month(Calendar::Gregorian, 10)));
        assert_eq!(get("تشرين الأول"), Some(NameKind::Month(Calendar::Gregorian, 10)));
        assert_eq!(get("ذي الحجة"), Some(NameKind::Month(Calendar::Hijri, 12)));
        assert_eq!(get("الإثنين"), Some(NameKind::Weekday));
        assert!(names.max_words >= 2);
    }
}
