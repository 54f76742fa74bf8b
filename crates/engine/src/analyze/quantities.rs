//! Quantities: the numbers of a page with what they count.
//!
//! Numbers are read by [`marsad_arabic::numbers`] (digits in either script
//! and separator style, number words in every gender and case, scale words);
//! this module reads their context, from a lexicon of units and context words
//! (`data/numbers_units.txt`) and the month names of the date finder
//! (`data/date_names.txt`):
//!
//! - what is counted: a currency (money), a unit of measure or of time, a
//!   percent sign or word, the noun after the number (3 آلاف عنصر) or after
//!   من (320 من أتباعه), the noun before 1 and 2 and before a definite
//!   number (شخص واحد، المتظاهرين الثلاثة), or the noun an ordinal follows
//!   (المرة الثالثة);
//! - an approximator before it (نحو، قرابة، أكثر من);
//! - ranges: بين 10 و20، ما بين 3 إلى 5%، من 5 إلى 7 (not after a verb or
//!   noun of change: ارتفع من 5 إلى 7 is two values), 35-45%;
//! - years (عام 2014، في 2016، 2017/2018) and dates (15 مارس 2018، الـ15 من
//!   أكتوبر), whose unit is the date in ISO 8601 (`--10-15` without a year);
//! - what is not a quantity: numbers that name (المادة 17، اللواء 143،
//!   فرانس24), match scores (4-1) and clock times (الساعة الخامسة).

use crate::analyze::lexicon::{self, rows, FxMap, PhraseTable};
use crate::analyze::{Quantity, QuantityKind};
use marsad_arabic::numbers::{Number, NumberIssue, NumberReader};
use marsad_arabic::{Proclitics, Span, Token, TokenKind, Tokens};
use std::sync::LazyLock;

/// Roles of a word of `numbers_units.txt`, as bits (a word can have several:
/// عام is a duration and the noun before a year).
mod role {
    pub const CURRENCY: u16 = 1 << 0;
    pub const MEASURE: u16 = 1 << 1;
    pub const DURATION: u16 = 1 << 2;
    pub const PERCENT: u16 = 1 << 3;
    pub const YEAR_WORD: u16 = 1 << 4;
    pub const IDENTIFIER: u16 = 1 << 5;
    pub const APPROX: u16 = 1 << 6;
    pub const CHANGE: u16 = 1 << 7;
    pub const TIME_OF_DAY: u16 = 1 << 8;
    pub const NOT_UNIT: u16 = 1 << 9;
    pub const ORDINAL_NOUN: u16 = 1 << 10;
}

struct Lexicons {
    words: PhraseTable<u16>,
    /// Month names: (month number).
    months: PhraseTable<u8>,
}

static LEX: LazyLock<Lexicons> = LazyLock::new(|| {
    let mut merged: FxMap<String, u16> = FxMap::default();
    let mut order = Vec::new();
    for (n, cols) in rows(include_str!("../../data/numbers_units.txt")) {
        let bit = match cols.get(1).copied() {
            Some("currency") => role::CURRENCY,
            Some("measure") => role::MEASURE,
            Some("duration") => role::DURATION,
            Some("percent") => role::PERCENT,
            Some("year_word") => role::YEAR_WORD,
            Some("identifier") => role::IDENTIFIER,
            Some("approx") => role::APPROX,
            Some("change") => role::CHANGE,
            Some("time_of_day") => role::TIME_OF_DAY,
            Some("not_unit") => role::NOT_UNIT,
            Some("ordinal_noun") => role::ORDINAL_NOUN,
            other => panic!("numbers_units.txt:{n}: bad kind {other:?}"),
        };
        let key = lexicon::norm(cols[0]);
        if !merged.contains_key(&key) {
            order.push(key.clone());
        }
        *merged.entry(key).or_default() |= bit;
    }
    let mut words = PhraseTable::default();
    for k in order {
        words.insert(&k, merged[&k]);
    }
    // The month names of the date finder (clean/date.rs), Gregorian only.
    let mut months = PhraseTable::default();
    for (n, cols) in rows(include_str!("../../data/date_names.txt")) {
        if cols.first() == Some(&"gregorian") {
            let m: u8 =
                cols.get(1).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("date_names.txt:{n}: bad month"));
            months.insert(cols[2], m);
        }
    }
    Lexicons { words, months }
});

/// Finds the quantities of a text. Built once, shared across threads.
#[derive(Clone, Copy, Debug, Default)]
pub struct QuantityFinder {
    reader: NumberReader,
}

/// A quantity and where its number is, for the consistency checks.
#[derive(Clone, Debug)]
pub struct Found {
    pub quantity: Quantity,
    /// The number as read (token range, scale, issue).
    pub number: Number,
    /// The number written in digits before a plural scale word that cannot
    /// count it ("3000 آلاف"): the writer's slip.
    pub issue: Option<NumberIssue>,
    /// Token range `[start, end)` of the whole quantity.
    pub tokens: (usize, usize),
}

impl QuantityFinder {
    pub fn new() -> QuantityFinder {
        let _ = &*LEX;
        QuantityFinder { reader: NumberReader::new() }
    }

    /// The quantities of `text` (already tokenized into `tokens`).
    pub fn find(&self, text: &str, tokens: &Tokens) -> Vec<Quantity> {
        self.find_all(text, tokens).into_iter().map(|f| f.quantity).collect()
    }

    /// Like [`find`](Self::find), with the numbers behind the quantities.
    pub fn find_all(&self, text: &str, tokens: &Tokens) -> Vec<Found> {
        let numbers = self.reader.read_all(text, tokens);
        let ctx = Ctx { text, tokens };
        let mut out: Vec<Found> = Vec::new();
        let mut k = 0;
        while k < numbers.len() {
            let n = numbers[k];
            if out.last().is_some_and(|f| f.tokens.1 > n.first) {
                k += 1;
                continue;
            }
            if let Some(f) = ctx.numeric_date(&numbers, k) {
                k += 3;
                out.push(f);
                continue;
            }
            if ctx.score(&numbers, k) {
                let pair = numbers.get(k + 1).is_some_and(|m| m.first == n.end + 1);
                k += if pair { 2 } else { 1 };
                continue;
            }
            match ctx.quantity(&numbers, k) {
                Some((q, used)) => {
                    k += used;
                    out.push(q);
                }
                None => k += 1,
            }
        }
        // من 54 إلى 200 جنيه (two values after a change): the first takes the
        // unit of the second; الهدفين الثاني والثالث: an ordinal after an
        // ordinal takes its noun.
        for k in 1..out.len() {
            let (a, b) = out.split_at_mut(k);
            let (prev, cur) = (&mut a[k - 1], &mut b[0]);
            let gap = cur.tokens.0.saturating_sub(prev.tokens.1);
            if gap == 1 && prev.quantity.unit.is_none() && prev.quantity.kind == QuantityKind::Count {
                let joiner = tokens.get(prev.tokens.1).map_or("", |t| tokens.norm(t));
                if matches!(joiner, "الي" | "حتي")
                    && matches!(
                        cur.quantity.kind,
                        QuantityKind::Money | QuantityKind::Measure | QuantityKind::Percent | QuantityKind::Duration
                    )
                {
                    prev.quantity.unit = cur.quantity.unit.clone();
                    prev.quantity.kind = cur.quantity.kind;
                }
            }
            if gap == 0 && prev.quantity.kind == QuantityKind::Ordinal && cur.quantity.kind == QuantityKind::Ordinal {
                cur.quantity.unit = prev.quantity.unit.clone();
            }
            // الأشهر الخمسة الأولى: an ordinal after a definite number
            // qualifies the number's noun.
            if gap == 0
                && cur.quantity.kind == QuantityKind::Ordinal
                && prev.number.definite
                && !prev.number.ordinal
                && prev.quantity.unit.is_some()
            {
                cur.quantity.unit = prev.quantity.unit.clone();
            }
        }
        // في 28 أغسطس و29 منه: a day "of it" after a date is a date of the
        // same month.
        let mut last_month: Option<String> = None;
        for f in &mut out {
            let q = &mut f.quantity;
            if q.kind == QuantityKind::Date {
                // --MM-DD or YYYY-MM-DD: a date with a day.
                last_month =
                    q.unit.as_ref().filter(|u| u.len() == 7 || u.len() == 10).map(|u| u[..u.len() - 3].to_string());
                continue;
            }
            let day = q.value.filter(|v| v.fract() == 0.0 && (1.0..=31.0).contains(v));
            if let (Some(month), Some(day), Some("منه")) = (&last_month, day, q.unit.as_deref()) {
                if q.kind == QuantityKind::Count {
                    q.unit = Some(format!("{month}-{:02}", day as u32));
                    q.kind = QuantityKind::Date;
                    q.value = None;
                }
            }
        }
        out
    }
}

/// The one-letter prepositions that keep a word from being the counted noun
/// (ب ل). Not ك: "5 كـ" hardly occurs after a number, and a word that only
/// begins with the letter (كراسي، كتائب) is sometimes split as ك + word.
const PREPOSITIONS: Proclitics = Proclitics::BI.union(Proclitics::LI);

struct Ctx<'a> {
    text: &'a str,
    tokens: &'a Tokens,
}

impl<'a> Ctx<'a> {
    fn tok(&self, i: usize) -> Option<&'a Token> {
        self.tokens.get(i)
    }

    /// A currency sign at token `i` ($ € £ ¥), punctuation or symbol to the
    /// tokenizer.
    fn currency_sign(&self, i: usize) -> Option<char> {
        self.tok(i)
            .filter(|t| matches!(t.kind, TokenKind::Punct | TokenKind::Symbol))
            .and_then(|t| self.text[t.span.range()].chars().next())
            .filter(|c| matches!(c, '$' | '€' | '£' | '¥'))
    }

    fn punct(&self, i: usize) -> Option<char> {
        self.tok(i).filter(|t| t.kind == TokenKind::Punct).and_then(|t| self.text[t.span.range()].chars().next())
    }

    /// Roles of the phrase of `numbers_units.txt` at `i`, and its end.
    fn roles(&self, i: usize) -> Option<(u16, usize)> {
        LEX.words.at(self.tokens, i, self.tokens.len()).map(|m| (*m.value, m.end))
    }

    /// Roles of the phrase ending just before `end` (looked up from up to
    /// four tokens back): the approximator before a number.
    fn roles_before(&self, end: usize, want: u16) -> Option<usize> {
        (end.saturating_sub(4)..end).find(|&s| self.roles(s).is_some_and(|(r, e)| e == end && r & want != 0))
    }

    fn word(&self, i: usize) -> Option<&'a str> {
        let t = self.tok(i)?;
        t.is_word().then(|| self.tokens.norm(t))
    }

    /// Adjacent tokens with no space between (فرانس24).
    fn glued(&self, a: usize, b: usize) -> bool {
        match (self.tok(a), self.tok(b)) {
            (Some(x), Some(y)) => x.span.end == y.span.start,
            _ => false,
        }
    }

    fn month_at(&self, i: usize) -> Option<(u8, usize)> {
        let m = LEX.months.at(self.tokens, i, self.tokens.len())?;
        let (month, mut end) = (*m.value, m.end);
        // مارس/آذار، آذار (مارس)
        if self.punct(end) == Some('/') {
            if let Some(m2) = LEX.months.at(self.tokens, end + 1, self.tokens.len()) {
                end = m2.end;
            }
        } else if self.punct(end) == Some('(') {
            if let Some(m2) = LEX.months.at(self.tokens, end + 1, self.tokens.len()) {
                if self.punct(m2.end) == Some(')') {
                    end = m2.end + 1;
                }
            }
        }
        Some((month, end))
    }

    fn span(&self, b: usize, start: usize) -> Span {
        Span::new(start, self.tokens[b - 1].span.end)
    }

    /// The noun counted after token `i`: `(unit text, kind, end)`.
    fn unit_after(&self, i: usize) -> Option<(String, QuantityKind, usize)> {
        let t = self.tok(i)?;
        if let Some((r, end)) = self.roles(i) {
            let kind = if r & role::PERCENT != 0 {
                Some(QuantityKind::Percent)
            } else if r & role::CURRENCY != 0 {
                Some(QuantityKind::Money)
            } else if r & role::MEASURE != 0 {
                Some(QuantityKind::Measure)
            } else if r & role::DURATION != 0 {
                Some(QuantityKind::Duration)
            } else {
                None
            };
            if let Some(kind) = kind {
                // A percent word is kept whole (بالمئة); other units lose
                // their proclitics.
                let from = if kind == QuantityKind::Percent {
                    self.tokens[i].span.start
                } else {
                    lexicon::word_start(self.text, &self.tokens[i], true)
                };
                let text = self.text[from..self.tokens[end - 1].span.end].to_string();
                return Some((text, kind, end));
            }
            if r & role::NOT_UNIT != 0 {
                // 320 من أتباعه: the noun after من.
                if self.word(i) == Some("من") {
                    let u = self.tok(i + 1)?;
                    if u.kind == TokenKind::Word && self.roles(i + 1).is_none_or(|(r, _)| r & role::NOT_UNIT == 0) {
                        return Some((self.text[u.span.range()].to_string(), QuantityKind::Count, i + 2));
                    }
                }
                return None;
            }
        }
        // A word behind ب or ل (17 لبول، 2012 بمدينة) is not what the
        // number counts: the counted noun follows a number bare.
        if t.kind == TokenKind::Word && t.proclitics.bits() & PREPOSITIONS.bits() != 0 {
            return None;
        }
        if t.kind == TokenKind::Word {
            // A noun, not a particle or a verb: the word itself, without a
            // conjunction (ب ل are refused above; a ك here is the word's own
            // letter split off by mistake: كراسي).
            return Some((
                self.text[lexicon::word_start(self.text, t, false)..t.span.end].to_string(),
                QuantityKind::Count,
                i + 1,
            ));
        }
        None
    }

    /// The quantity around `numbers[k]`; returns it and how many numbers it
    /// used (2 for a range).
    fn quantity(&self, numbers: &[Number], k: usize) -> Option<(Found, usize)> {
        let n = numbers[k];
        let toks = self.tokens;
        let first = n.first;
        let mut end = n.end;
        let mut start_byte = n.span.start;
        let mut start_tok = first;
        let prev = first.checked_sub(1);

        // Not quantities: identifiers, names with digits, clock times, scores.
        if let Some(p) = prev {
            if self.roles(p).is_some_and(|(r, e)| e == first && r & (role::IDENTIFIER | role::TIME_OF_DAY) != 0) {
                return None;
            }
            let pt = &toks[p];
            if n.form != marsad_arabic::numbers::NumberForm::Words
                && self.glued(p, first)
                && (pt.kind == TokenKind::Latin || (pt.kind == TokenKind::Word && toks.norm(pt).chars().count() >= 3))
            {
                // فرانس24، F-15 (after a hyphen glued to a Latin word).
                return None;
            }
            if self.punct(p) == Some('-') && p > 0 && toks[p - 1].kind == TokenKind::Latin {
                return None;
            }
            // إف-16، سو-35، آر-15: a model name, the hyphen glued on both sides.
            if self.punct(p) == Some('-')
                && p > 0
                && toks[p - 1].kind == TokenKind::Word
                && self.glued(p - 1, p)
                && self.glued(p, first)
            {
                return None;
            }
            if self.punct(p) == Some(':') && p > 0 && toks[p - 1].kind == TokenKind::Number {
                return None;
            }
        }
        if self.punct(end) == Some(':') && self.tok(end + 1).is_some_and(|t| t.kind == TokenKind::Number) {
            // 16:20
            return None;
        }
        // 00,30 بتوقيت غرينتش: a clock time given in another time zone.
        if self.word(end).is_some_and(|w| w == "بتوقيت" || w == "توقيت") {
            return None;
        }
        let value = n.value;
        if self.word(first).is_some_and(|w| w == "صفر") {
            return None;
        }

        // Ordinal (المرة الثالثة، أول مرة، الـ108).
        let after_article =
            prev.is_some_and(|p| toks.norm(&toks[p]) == "ال" && self.glued(p, first) || toks.norm(&toks[p]) == "ال");
        if n.ordinal || after_article && n.form == marsad_arabic::numbers::NumberForm::Digits {
            // الـ15 من أكتوبر، الحادي عشر من سبتمبر: a date; بين الرابع
            // والسادس من مايو: a span of days, the date of its first.
            let mut m_at = end;
            let mut used_days = 1;
            if let Some(m) = numbers
                .get(k + 1)
                .filter(|m| m.ordinal && m.first == end && self.word(end).is_some_and(|w| w.starts_with('و')))
            {
                let after = if self.word(m.end) == Some("من") { m.end + 1 } else { m.end };
                if self.month_at(after).is_some() {
                    m_at = m.end;
                    used_days = 2;
                }
            } else if let Some(m) = numbers.get(k + 1).filter(|m| {
                m.ordinal && m.first == end + 1 && self.word(end).is_some_and(|w| matches!(w, "الي" | "حتي" | "و"))
            }) {
                let after = if self.word(m.end) == Some("من") { m.end + 1 } else { m.end };
                if self.month_at(after).is_some() {
                    m_at = m.end;
                    used_days = 2;
                }
            }
            if self.word(m_at) == Some("من") {
                m_at += 1;
            }
            if let Some((month, mend)) = self.month_at(m_at) {
                let day = value.unwrap_or(0.0) as u32;
                if (1..=31).contains(&day) {
                    if let Some(p) = prev.filter(|_| after_article) {
                        start_tok = p;
                        start_byte = toks[p].span.start;
                    }
                    if used_days == 2 {
                        if let Some(p) =
                            start_tok.checked_sub(1).filter(|&p| matches!(self.word(p), Some("بين" | "وبين" | "من")))
                        {
                            start_tok = p;
                            start_byte = self.word_start(p);
                        }
                    }
                    let (iso, yend) =
                        self.year_after(mend).map_or((format!("--{month:02}-{day:02}"), mend), |(y, e)| {
                            (format!("{y:04}-{month:02}-{day:02}"), e)
                        });
                    return Some((
                        self.found(
                            n,
                            None,
                            None,
                            QuantityKind::Date,
                            None,
                            None,
                            Some(iso),
                            start_tok,
                            yend,
                            start_byte,
                        ),
                        used_days,
                    ));
                }
            }
            if let Some(p) = prev {
                if self.roles(p).is_some_and(|(r, e)| e == first && r & role::TIME_OF_DAY != 0) {
                    return None;
                }
            }
            if after_article {
                start_tok = prev.unwrap_or(first);
                start_byte = toks[start_tok].span.start;
            }
            // The noun it qualifies: before it (المرة الثالثة) or, for أول
            // in construct, after it (أول مرة).
            // أولهما، ثالثها: the pronoun is what the ordinal qualifies.
            let with_pronoun = n.ordinal
                && n.end == n.first + 1
                && self.word(first).is_some_and(|w| ["هما", "هم", "هن", "ها"].iter().any(|p| w.ends_with(p)));
            let unit = if with_pronoun {
                None
            } else if !n.definite && !after_article {
                // أول من (the first who): no noun.
                self.word(end).filter(|w| *w != "من").and_then(|_| self.unit_after(end)).map(|(u, _, _)| u)
            } else {
                let p = if after_article { start_tok.checked_sub(1) } else { prev };
                p.and_then(|p| toks.get(p))
                    .filter(|t| t.kind == TokenKind::Word)
                    .map(|t| self.text[lexicon::word_start(self.text, t, true)..t.span.end].to_string())
            };
            // Ordinals in names of months and titles are not counted here.
            if unit.as_deref().is_some_and(|u| {
                matches!(lexicon::norm(u).as_str(), "كانون" | "تشرين" | "ربيع" | "جمادي" | "عبدالله" | "الله")
            }) {
                return None;
            }
            return Some((
                self.found(n, unit, None, QuantityKind::Ordinal, None, None, None, start_tok, end, start_byte),
                1,
            ));
        }

        // Approximator before the number (نحو، أكثر من).
        let mut approx = None;
        if let Some(a) = self.roles_before(start_tok, role::APPROX) {
            approx = Some(self.text[toks[a].span.start..toks[start_tok - 1].span.end].to_string());
            start_tok = a;
            start_byte = self.word_start(a);
        }

        // A range: بين X و Y، ما بين X إلى Y، من X إلى Y، X-Y.
        let mut value_max = None;
        let mut used = 1;
        let mut range = false;
        let mut range_scale = 1.0;
        let opener = start_tok.checked_sub(1).and_then(|p| self.word(p).map(|w| (p, w)));
        let mut between = opener.filter(|(_, w)| matches!(*w, "بين" | "وبين" | "عامي" | "سنتي"));
        if between.is_none() {
            // ما بين / يتراوح بين with the approximator slot empty.
            between = opener.filter(|(_, w)| *w == "من").filter(|(p, _)| !self.after_change(*p));
        }
        // A unit repeated on both ends (من 2000 درهم إلى 10.000 درهم): the
        // joiner comes after the first unit.
        let mut unit_between = None;
        if let (Some(m), Some((_, w))) = (numbers.get(k + 1), between) {
            if let Some((u, uk, uend)) = self.unit_after(end) {
                let joiner = toks.get(uend).map_or("", |t| toks.norm(t));
                let ok =
                    if w == "من" { matches!(joiner, "الي" | "حتي") } else { matches!(joiner, "و" | "الي") };
                if ok && m.first == uend + 1 && uk != QuantityKind::Count {
                    unit_between = Some((u, uk));
                    end = uend;
                }
            }
        }
        if let Some(m) = numbers.get(k + 1) {
            let hyphen = self.punct(end) == Some('-') && m.first == end + 1;
            let joiner = toks.get(end).map_or("", |t| toks.norm(t));
            // و20 is two tokens; وعشرين one, with و as a proclitic.
            let joined_by = |set: &[&str]| {
                (m.first == end + 1 && set.contains(&joiner))
                    || (m.first == end
                        && set.contains(&"و")
                        && toks[end].proclitics.contains(marsad_arabic::Proclitics::WA))
            };
            let join = if hyphen {
                true
            } else if let Some((p, w)) = between {
                let ok = if w == "من" { joined_by(&["الي", "حتي"]) } else { joined_by(&["و", "الي"]) };
                if ok {
                    start_tok = p;
                    start_byte = self.word_start(p);
                    if p > 0 && self.word(p - 1) == Some("ما") {
                        start_tok = p - 1;
                        start_byte = toks[p - 1].span.start;
                    }
                }
                ok
            } else {
                // 22 أو 23 عاما: two numbers offered as alternatives, the
                // smaller first, written alike, are a range.
                joiner == "او"
                    && m.first == end + 1
                    && m.form == n.form
                    && m.scale == n.scale
                    && matches!((value, m.value), (Some(v), Some(mv)) if v < mv)
            };
            if join && m.value.is_some() && value.is_some() {
                range = true;
                value_max = m.value;
                // بين 3 و5 آلاف: the scale word of the upper end scales both.
                if let (Some(v), Some(mv)) = (value, m.value) {
                    if n.scale == 1.0 && m.scale > 1.0 && v < mv / m.scale {
                        range_scale = m.scale;
                    }
                }
                end = m.end;
                used = 2;
            } else if unit_between.is_some() {
                end = n.end;
                unit_between = None;
            }
        }

        // What is counted.
        let mut kind = QuantityKind::Count;
        let mut unit = None;
        if let Some((u, uk)) = unit_between {
            unit = Some(u);
            kind = uk;
            // The second unit closes the range.
            if let Some((_, _, uend)) = self.unit_after(end) {
                end = uend;
            }
        } else if self.punct(end).is_some_and(|c| c == '%' || c == '٪') {
            unit = Some(self.text[toks[end].span.range()].to_string());
            kind = QuantityKind::Percent;
            end += 1;
        } else if start_tok > 0
            && self.punct(start_tok - 1).is_some_and(|c| c == '%' || c == '٪')
            && (start_tok < 2 || !self.glued(start_tok - 2, start_tok - 1))
        {
            unit = Some(self.text[toks[start_tok - 1].span.range()].to_string());
            kind = QuantityKind::Percent;
            start_tok -= 1;
            start_byte = toks[start_tok].span.start;
        } else if let Some(sign) =
            self.currency_sign(end).or_else(|| start_tok.checked_sub(1).and_then(|p| self.currency_sign(p)))
        {
            unit = Some(sign.to_string());
            kind = QuantityKind::Money;
            if self.currency_sign(end).is_some() {
                end += 1;
            } else {
                start_tok -= 1;
                start_byte = toks[start_tok].span.start;
            }
        } else if matches!(n.value, Some(v) if v == 1.0 || v == 2.0)
            && n.form == marsad_arabic::numbers::NumberForm::Words
            && n.scale == 1.0
            && !n.definite
            && self.word(end).is_some_and(|w| matches!(w, "منه" | "منها" | "منهم" | "منهما" | "منهن"))
            || self.partitive_noun(n, end).is_some()
        {
            // واحدة من المناطق، واحدا من أكثر الناس (one of): the noun
            // after من, also through an elative in construct (أفعل +
            // definite noun); واحدة منها: one of them, no noun written.
            match self.partitive_noun(n, end) {
                Some(j) if j == end + 1 => {
                    if let Some((u, _, uend)) = self.unit_after(end) {
                        unit = Some(u);
                        end = uend;
                    }
                }
                Some(j) => {
                    let t = &toks[j];
                    unit = Some(self.text[lexicon::word_start(self.text, t, true)..t.span.end].to_string());
                }
                None => {}
            }
        } else if matches!(n.value, Some(v) if v == 1.0 || v == 2.0)
            && n.form == marsad_arabic::numbers::NumberForm::Words
            && n.scale == 1.0
            || n.definite && n.value.is_some()
        {
            // شخص واحد، المتظاهرين الثلاثة: the noun comes first.
            // (not the approximator: دون العشرين)
            if let Some(p) = prev.filter(|&p| {
                toks[p].kind == TokenKind::Word
                    && self.roles(p).is_none_or(|(r, _)| r & (role::NOT_UNIT | role::APPROX) == 0)
            }) {
                let t = &toks[p];
                unit = Some(self.text[lexicon::word_start(self.text, t, true)..t.span.end].to_string());
                if let Some((r, _)) = self.roles(p) {
                    kind = unit_kind(r).unwrap_or(kind);
                }
                if n.value == Some(1.0) || n.value == Some(2.0) {
                    start_tok = p;
                    start_byte = lexicon::word_start(self.text, t, true);
                }
                // الذكرى العشرين، القرن العشرين: a tens word with the
                // article after a singular noun is its ordinal (after a
                // plural, المتظاهرين العشرين, it counts).
                let tens = value.is_some_and(|v| v.fract() == 0.0 && v % 10.0 == 0.0 && (20.0..=90.0).contains(&v));
                if tens
                    && n.definite
                    && n.end == n.first + 1
                    && matches!(kind, QuantityKind::Count | QuantityKind::Duration)
                {
                    let surface =
                        self.text[t.span.range()].trim_end_matches(|c: char| ('\u{064B}'..='\u{065F}').contains(&c));
                    let feminine_singular = surface.ends_with('ة') || surface.ends_with('ى');
                    let listed = self.roles(p).is_some_and(|(r, e)| e == p + 1 && r & role::ORDINAL_NOUN != 0);
                    if feminine_singular || listed {
                        kind = QuantityKind::Ordinal;
                    }
                }
            } else if n.value == Some(1.0) {
                // واحدة من المناطق (one of the regions): the noun after من.
                match self.word(end).filter(|w| *w == "من").and_then(|_| self.unit_after(end)) {
                    Some((u, _, uend))
                        if n.form == marsad_arabic::numbers::NumberForm::Words
                            && self.word(end + 1).is_some_and(|w| w.starts_with("ال")) =>
                    {
                        unit = Some(u);
                        end = uend;
                    }
                    // واحد alone (أحد، في آن واحد) is not counted.
                    _ => return None,
                }
            }
        } else if let Some((u, k2, uend)) =
            // A number right after (العام 2015 ثلاث جولات) is never what
            // this one counts (a percent word read as a number, بالمئة, is).
            self.unit_after(end).filter(|(_, uk, _)| {
                *uk != QuantityKind::Count || numbers.get(k + 1).is_none_or(|m| m.first != end)
            })
        {
            unit = Some(u);
            kind = k2;
            end = uend;
        }

        // ارتفعت بنسبة 62: a rate with no unit written is a percentage.
        if kind == QuantityKind::Count
            && unit.is_none()
            && prev.and_then(|p| self.word(p)).is_some_and(|w| matches!(w, "بنسبه" | "نسبه" | "بنسبة" | "نسبة"))
        {
            kind = QuantityKind::Percent;
        }

        // Years: عام 2014، في 2016، 2017/2018.
        let year_like = |v: Option<f64>| v.is_some_and(|v| v.fract() == 0.0 && (1900.0..=2100.0).contains(&v));
        let year_word = prev.filter(|&p| self.roles(p).is_some_and(|(r, e)| e == first && r & role::YEAR_WORD != 0));
        // عام 193: any whole number of three or four digits after the word
        // for year is a year.
        let after_year_word =
            year_word.is_some() && value.is_some_and(|v| v.fract() == 0.0 && (100.0..=2100.0).contains(&v));
        // فبراير/ شباط 2012، يوليو 2019: a month and a year are a date.
        if n.form == marsad_arabic::numbers::NumberForm::Digits && year_like(value) && !range && approx.is_none() {
            if let Some((month, m_tok)) = self.month_before(first) {
                let iso = format!("{:04}-{month:02}", value.unwrap_or(0.0) as u32);
                let f = self.found(
                    n,
                    None,
                    None,
                    QuantityKind::Date,
                    None,
                    None,
                    Some(iso),
                    m_tok,
                    n.end,
                    self.word_start(m_tok),
                );
                return Some((f, 1));
            }
        }
        if n.form == marsad_arabic::numbers::NumberForm::Digits
            && (year_like(value) || after_year_word)
            && !range
            && approx.is_none()
        {
            // في 2018 وقع، منذ 2011 تعيش: after a preposition of time a
            // year-like number is a year, whatever word follows.
            let time_prep = prev.and_then(|p| self.word(p)).is_some_and(|w| {
                matches!(
                    w,
                    "في" | "وفي"
                        | "منذ"
                        | "ومنذ"
                        | "حتي"
                        | "وحتي"
                        | "بحلول"
                        | "وبحلول"
                        | "مطلع"
                        | "اواخر"
                        | "اوائل"
                        | "منتصف"
                )
            }) && year_like(value);
            let counted = matches!(kind, QuantityKind::Money | QuantityKind::Measure | QuantityKind::Percent)
                || (kind == QuantityKind::Count
                    && unit.is_some()
                    && year_word.is_none()
                    && !time_prep
                    && !self.unit_is_loose(n.end));
            if !counted {
                let mut yend = n.end;
                let mut vmax = None;
                if self.punct(yend) == Some('/') {
                    if let Some(m) = numbers.get(k + 1).filter(|m| m.first == yend + 1 && year_like(m.value)) {
                        vmax = m.value;
                        yend = m.end;
                        used = 2;
                    }
                }
                // 1350 هـ، 1440 هجرية، 2010 م: the era mark belongs to the year.
                if self.word(yend).is_some_and(|w| {
                    matches!(w, "ه" | "هـ" | "م" | "هجري" | "هجريه" | "هجرية" | "ميلادي" | "ميلاديه" | "ميلادية")
                }) {
                    yend += 1;
                }
                let (s_tok, s_byte) = match year_word {
                    Some(p) => (p, self.word_start(p)),
                    None => (first, n.span.start),
                };
                let mut f = self.found(n, None, None, QuantityKind::Year, None, vmax, None, s_tok, yend, s_byte);
                f.quantity.value = value;
                return Some((f, used));
            }
        }
        // A date: 15 مارس 2018، 31 تموز/يوليو.
        if n.form == marsad_arabic::numbers::NumberForm::Digits && !range {
            if let Some(v) = value.filter(|v| v.fract() == 0.0 && (1.0..=31.0).contains(v)) {
                if let Some((month, mend)) = self.month_at(n.end) {
                    let (iso, yend) =
                        self.year_after(mend).map_or((format!("--{month:02}-{:02}", v as u32), mend), |(y, e)| {
                            (format!("{y:04}-{month:02}-{:02}", v as u32), e)
                        });
                    return Some((
                        self.found(
                            n,
                            None,
                            None,
                            QuantityKind::Date,
                            None,
                            None,
                            Some(iso),
                            start_tok,
                            yend,
                            start_byte,
                        ),
                        1,
                    ));
                }
            }
        }
        if range {
            kind = QuantityKind::Range;
        }
        let value = value.map(|v| v * range_scale);
        Some((self.found(n, unit, approx, kind, value, value_max, None, start_tok, end, start_byte), used))
    }

    /// After واحد/واحدة at token `end`: the token of the noun "one of"
    /// picks from, when من is followed by a definite noun (واحدة من المدن) or
    /// by an elative in construct with one (واحدا من أشهر الكتاب).
    fn partitive_noun(&self, n: Number, end: usize) -> Option<usize> {
        if n.value != Some(1.0) || n.form != marsad_arabic::numbers::NumberForm::Words || n.definite {
            return None;
        }
        if self.word(end) != Some("من") {
            return None;
        }
        let w1 = self.word(end + 1)?;
        if w1.starts_with("ال") {
            return Some(end + 1);
        }
        let elative = w1.starts_with('ا') && w1.chars().count() == 4;
        (elative && self.word(end + 2).is_some_and(|w| w.starts_with("ال"))).then_some(end + 2)
    }

    /// A date written in digits, the parts glued by one mark: 5/6/2018 (day,
    /// month, year, as the Arab press writes it) or 2018-03-15 (ISO).
    fn numeric_date(&self, numbers: &[Number], k: usize) -> Option<Found> {
        let [a, b, c] = [numbers.get(k)?, numbers.get(k + 1)?, numbers.get(k + 2)?];
        let digits = |n: &Number| n.form == marsad_arabic::numbers::NumberForm::Digits && n.end == n.first + 1;
        if !(digits(a) && digits(b) && digits(c)) || b.first != a.end + 1 || c.first != b.end + 1 {
            return None;
        }
        let mark = self.punct(a.end)?;
        if !matches!(mark, '/' | '-') || self.punct(b.end) != Some(mark) {
            return None;
        }
        if !(self.glued(a.first, a.end)
            && self.glued(a.end, b.first)
            && self.glued(b.first, b.end)
            && self.glued(b.end, c.first))
        {
            return None;
        }
        let whole = |n: &Number| n.value.filter(|v| v.fract() == 0.0).map(|v| v as u32);
        let (x, y, z) = (whole(a)?, whole(b)?, whole(c)?);
        let (year, month, day) = if (1900..=2100).contains(&x) { (x, y, z) } else { (z, y, x) };
        if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let iso = format!("{year:04}-{month:02}-{day:02}");
        Some(self.found(*a, None, None, QuantityKind::Date, None, None, Some(iso), a.first, c.end, a.span.start))
    }

    /// Whether `numbers[k]` and the next are a match score: two small whole
    /// numbers joined by a hyphen (4-1، صفر-2), not followed by a percent.
    fn score(&self, numbers: &[Number], k: usize) -> bool {
        let n = numbers[k];
        // صفر-2، 1-صفر: zero is a word the reader does not count.
        let zero = |i: Option<usize>| i.and_then(|i| self.word(i)).is_some_and(|w| w == "صفر");
        if n.first >= 2 && self.punct(n.first - 1) == Some('-') && zero(Some(n.first - 2)) {
            return true;
        }
        if self.punct(n.end) == Some('-') && zero(Some(n.end + 1)) {
            return true;
        }
        let Some(m) = numbers.get(k + 1) else { return false };
        if self.punct(n.end) != Some('-') || m.first != n.end + 1 {
            return false;
        }
        let small = |v: Option<f64>| v.is_some_and(|v| v.fract() == 0.0 && v <= 15.0);
        let percent = self.unit_after(m.end).is_some_and(|(_, kind, _)| kind == QuantityKind::Percent);
        // تقدمه 59-56 (basketball): a range is written smaller end first, so
        // two whole numbers falling, with no unit of their own, are a score.
        let falling = matches!((n.value, m.value), (Some(a), Some(b)) if a.fract() == 0.0 && b.fract() == 0.0 && a > b && a < 300.0)
            && n.form == marsad_arabic::numbers::NumberForm::Digits
            && m.form == marsad_arabic::numbers::NumberForm::Digits
            && self.unit_after(m.end).is_none()
            && self.glued(n.first, n.end)
            && self.glued(n.end, m.first);
        small(n.value) && small(m.value) && !percent || falling
    }

    /// The month name (or pair, فبراير/ شباط) that ends right before token
    /// `i`, as (month, first token).
    fn month_before(&self, i: usize) -> Option<(u8, usize)> {
        (i.saturating_sub(5)..i).find_map(|s| self.month_at(s).filter(|&(_, e)| e == i).map(|(m, _)| (m, s)))
    }

    /// A year right after a month name (مارس 2018، مارس عام 1972), as (year, end).
    fn year_after(&self, i: usize) -> Option<(u32, usize)> {
        let mut j = i;
        if self.punct(j) == Some(',') || self.punct(j) == Some('،') {
            j += 1;
        }
        if let Some((r, e)) = self.roles(j) {
            if r & role::YEAR_WORD != 0 {
                j = e;
            }
        }
        let t = self.tok(j)?;
        if t.kind != TokenKind::Number {
            return None;
        }
        let y: u32 = self.tokens.norm(t).parse().ok()?;
        (1900..=2100).contains(&y).then_some((y, j + 1))
    }

    /// Whether the word after a year-like number is a loose noun that does
    /// not make it a count (في 2016 الماضي).
    fn unit_is_loose(&self, i: usize) -> bool {
        self.word(i).is_some_and(|w| w.starts_with("ال") || matches!(w, "م" | "ه"))
    }

    /// Whether a verb or noun of change stands shortly before `p` (ارتفع
    /// من 5 إلى 7: two values, not a range).
    fn after_change(&self, p: usize) -> bool {
        (p.saturating_sub(6)..p).any(|i| self.roles(i).is_some_and(|(r, _)| r & role::CHANGE != 0))
    }

    /// Where the word of token `i` starts, without و ف ب ل.
    fn word_start(&self, i: usize) -> usize {
        let t = &self.tokens[i];
        if t.proclitics.is_empty() {
            t.span.start
        } else {
            // The approximator's own letters (نحو) are never clitics; only
            // a leading و/ب/ل is skipped.
            let s = &self.text[t.span.range()];
            match s.chars().next() {
                Some('و' | 'ف' | 'ب' | 'ل') if t.base_start > t.span.start => t.span.start + 2,
                _ => t.span.start,
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn found(
        &self,
        n: Number,
        unit: Option<String>,
        approx: Option<String>,
        kind: QuantityKind,
        value: Option<f64>,
        value_max: Option<f64>,
        date: Option<String>,
        start_tok: usize,
        end: usize,
        start_byte: usize,
    ) -> Found {
        let span = self.span(end.max(n.end), start_byte);
        let value = if kind == QuantityKind::Date { None } else { value.or(n.value) };
        // A date has no counted noun; its unit is the date in ISO 8601
        // (`--MM-DD` when the text gives no year).
        let unit = if kind == QuantityKind::Date { date } else { unit };
        Found {
            quantity: Quantity {
                text: self.text[span.range()].to_string(),
                value,
                unit,
                kind,
                approx,
                value_max,
                span,
            },
            number: n,
            issue: n.issue,
            tokens: (start_tok, end.max(n.end)),
        }
    }
}

fn unit_kind(r: u16) -> Option<QuantityKind> {
    if r & role::CURRENCY != 0 {
        Some(QuantityKind::Money)
    } else if r & role::MEASURE != 0 {
        Some(QuantityKind::Measure)
    } else if r & role::DURATION != 0 {
        Some(QuantityKind::Duration)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use marsad_arabic::Tokenizer;

    /// `text=value unit kind` for each quantity; `~` for no value.
    fn render(text: &str) -> Vec<String> {
        let tokens = Tokenizer::new().tokenize(text);
        QuantityFinder::new()
            .find(text, &tokens)
            .iter()
            .map(|q| {
                let v = q.value.map_or("~".to_string(), |v| format!("{v}"));
                let max = q.value_max.map_or(String::new(), |m| format!("-{m}"));
                let kind = serde_json::to_string(&q.kind).unwrap().trim_matches('"').to_string();
                format!("{}={v}{max} {} {kind}", q.text, q.unit.as_deref().unwrap_or("-"))
            })
            .collect()
    }

    #[test]
    fn quantities_table() {
        let table: &[(&str, &[&str])] = &[
            ("نقل 3 آلاف عنصر إلى العراق", &["3 آلاف عنصر=3000 عنصر count"]),
            ("نقل ثلاثة آلاف عنصر", &["ثلاثة آلاف عنصر=3000 عنصر count"]),
            ("بلغت الكلفة 2.5 مليون دولار", &["2.5 مليون دولار=2500000 دولار money"]),
            ("قتل نحو 20 شخصا", &["نحو 20 شخصا=20 شخصا count"]),
            ("أصيب أكثر من ألفي شخص", &["أكثر من ألفي شخص=2000 شخص count"]),
            ("بنسبة 50%", &["50%=50 % percent"]),
            ("ارتفع التضخم 3.5 في المئة", &["3.5 في المئة=3.5 في المئة percent"]),
            ("بين 10 و20 بالمئة", &["بين 10 و20 بالمئة=10-20 بالمئة range"]),
            ("من 5 إلى 7 سنوات", &["من 5 إلى 7 سنوات=5-7 سنوات range"]),
            ("ارتفعت الرسوم من 54 إلى 200 جنيه", &["54=54 جنيه money", "200 جنيه=200 جنيه money"]),
            ("في عام 2014 وقعت الحرب", &["عام 2014=2014 - year"]),
            ("منذ 2016 الماضي", &["2016=2016 - year"]),
            ("في العام المالي 2017/2018", &["2017/2018=2017-2018 - year"]),
            ("يوم 15 مارس 2018", &["15 مارس 2018=~ 2018-03-15 date"]),
            ("في الـ15 من أكتوبر", &["الـ15 من أكتوبر=~ --10-15 date"]),
            ("للمرة الثالثة", &["الثالثة=3 مرة ordinal"]),
            ("ارتفع التضخم إلى 3 بالمائة", &["3 بالمائة=3 بالمائة percent"]),
            ("لأول مرة", &["أول=1 مرة ordinal"]),
            ("وفق المادة 17 من القانون", &[]),
            ("فاز الفريق 4-1", &[]),
            ("في الساعة الخامسة", &[]),
            ("على قناة فرانس24", &[]),
            ("قتل شخص واحد", &["شخص واحد=1 شخص count"]),
            ("في آن واحد", &[]),
            ("مقتل المتظاهرين الثلاثة", &["الثلاثة=3 المتظاهرين count"]),
            ("آلاف الأشخاص", &["آلاف الأشخاص=~ الأشخاص count"]),
            ("أعدم 320 من أتباعه", &["320 من أتباعه=320 أتباعه count"]),
            ("نقل 3000 آلاف عنصر", &["3000 آلاف عنصر=3000000 عنصر count"]),
            ("غرامة من 2000 درهم إلى 10.000 درهم", &["من 2000 درهم إلى 10.000 درهم=2000-10000 درهم range"]),
            ("ارتفع السعر من 5 دولارات إلى 7 دولارات", &["5 دولارات=5 دولارات money", "7 دولارات=7 دولارات money"]),
        ];
        crate::analyze::table_rows::assert_rows(table, render);
    }

    /// Percentages, ranges, approximators, years and dates (Gregorian and
    /// Hijri), money with currency names and symbols, units of measure:
    /// sentences written for this table.
    #[test]
    fn quantities_in_every_form_table() {
        let table: &[(&str, &[&str])] = &[
            // Percentages: sign, word, both scripts.
            ("نما الاقتصاد 2.3 بالمئة", &["2.3 بالمئة=2.3 بالمئة percent"]),
            ("تراجعت البطالة إلى 9 في المائة", &["9 في المائة=9 في المائة percent"]),
            ("بنسبة ٤٥٪ من الأصوات", &["٤٥٪=45 ٪ percent"]),
            ("بلغت المشاركة ٣٫٥٪", &["٣٫٥٪=3.5 ٪ percent"]),
            ("نحو خمسة بالمائة", &["نحو خمسة بالمائة=5 بالمائة percent"]),
            ("عشرين في المئة", &["عشرين في المئة=20 في المئة percent"]),
            // Ranges.
            ("بين 10 و20 قتيلا", &["بين 10 و20 قتيلا=10-20 قتيلا range"]),
            ("ما بين 3 و5 آلاف مهاجر", &["ما بين 3 و5 آلاف مهاجر=3000-5000 مهاجر range"]),
            ("من 5 إلى 7 أيام", &["من 5 إلى 7 أيام=5-7 أيام range"]),
            ("بين 30 و40 في المئة", &["بين 30 و40 في المئة=30-40 في المئة range"]),
            // Approximators.
            ("قرابة 300 شخص", &["قرابة 300 شخص=300 شخص count"]),
            ("حوالي 50 كيلومترا", &["حوالي 50 كيلومترا=50 كيلومترا measure"]),
            ("أقل من 10 دولارات", &["أقل من 10 دولارات=10 دولارات money"]),
            ("ما يقارب مليون لاجئ", &["ما يقارب مليون لاجئ=1000000 لاجئ count"]),
            ("زهاء ألفي جندي", &["زهاء ألفي جندي=2000 جندي count"]),
            ("ما لا يقل عن 40 مدنيا", &["ما لا يقل عن 40 مدنيا=40 مدنيا count"]),
            // Years and dates, Gregorian and Hijri.
            ("في عام 1990 اندلعت الحرب", &["عام 1990=1990 - year"]),
            ("منذ العام 2011", &["العام 2011=2011 - year"]),
            ("في سنة 1967", &["سنة 1967=1967 - year"]),
            ("توفي عام 1350 هـ", &["عام 1350 هـ=1350 - year"]),
            ("في العام 1440 للهجرة", &["العام 1440=1440 - year"]),
            ("في 3 يناير 2019", &["3 يناير 2019=~ 2019-01-03 date"]),
            ("يوم 12 شباط/فبراير", &["12 شباط/فبراير=~ --02-12 date"]),
            ("في 31 ديسمبر", &["31 ديسمبر=~ --12-31 date"]),
            // Money: currency names and symbols.
            ("بقيمة 500 مليون دولار", &["500 مليون دولار=500000000 دولار money"]),
            ("تكلف 75 يورو", &["75 يورو=75 يورو money"]),
            ("غرامة 200 ريال", &["200 ريال=200 ريال money"]),
            ("خسر 12 مليار جنيه", &["12 مليار جنيه=12000000000 جنيه money"]),
            ("دفع 40 دينارا", &["40 دينارا=40 دينارا money"]),
            ("نحو 3 ملايين درهم", &["نحو 3 ملايين درهم=3000000 درهم money"]),
            ("بسعر 20$ للبرميل", &["20$=20 $ money"]),
            ("تبرع بـ 10 آلاف جنيه إسترليني", &["10 آلاف جنيه إسترليني=10000 جنيه إسترليني money"]),
            // Units of measure and of time.
            ("على بعد 15 كلم", &["15 كلم=15 كلم measure"]),
            ("أنتجت 2.5 مليون برميل يوميا", &["2.5 مليون برميل=2500000 برميل measure"]),
            ("مساحة 40 هكتارا", &["40 هكتارا=40 هكتارا measure"]),
            ("حمولة 30 طنا", &["30 طنا=30 طنا measure"]),
            ("بلغت الحرارة 48 درجة", &["48 درجة=48 درجة measure"]),
            ("محطة بقدرة 1200 ميغاواط", &["1200 ميغاواط=1200 ميغاواط measure"]),
            ("سجن ثلاث سنوات", &["ثلاث سنوات=3 سنوات duration"]),
            ("خلال 48 ساعة", &["48 ساعة=48 ساعة duration"]),
            ("منذ عشرة أيام", &["عشرة أيام=10 أيام duration"]),
            ("في فبراير/ شباط 2012 بمدينة حمص", &["فبراير/ شباط 2012=~ 2012-02 date"]),
            ("بداية من يوليو 2019", &["يوليو 2019=~ 2019-07 date"]),
            ("في الأول من مارس عام 1972", &["الأول من مارس عام 1972=~ 1972-03-01 date"]),
            ("بين 28 أغسطس و29 منه", &["28 أغسطس=~ --08-28 date", "29 منه=~ --08-29 date"]),
            // A word behind a preposition is not counted; a bare noun is.
            ("سجل 17 لزميله و5 بلدات", &["17=17 - count", "5 بلدات=5 بلدات count"]),
            ("افتتح 7 بنوك و6 لجان و3 كتب", &["7 بنوك=7 بنوك count", "6 لجان=6 لجان count", "3 كتب=3 كتب count"]),
            ("ارتفعت الأسعار بنسبة 12", &["12=12 - percent"]),
            (
                "ضم 3 لاعبين و4 بلدان و5 كراسي و6 بيوت و7 لقاءات و8 كلمات و9 برامج",
                &[
                    "3 لاعبين=3 لاعبين count",
                    "4 بلدان=4 بلدان count",
                    "5 كراسي=5 كراسي count",
                    "6 بيوت=6 بيوت count",
                    "7 لقاءات=7 لقاءات count",
                    "8 كلمات=8 كلمات count",
                    "9 برامج=9 برامج count",
                ],
            ),
            (
                "عقد 12 لقاء و20 بطولة و11 كلية",
                &["12 لقاء=12 لقاء count", "20 بطولة=20 بطولة count", "11 كلية=11 كلية count"],
            ),
            ("واحدة من المدن", &["واحدة من المدن=1 المدن count"]),
            ("في آن واحد من جديد", &[]),
            ("الأشهر الثلاثة الأولى", &["الثلاثة=3 الأشهر duration", "الأولى=1 الأشهر ordinal"]),
            ("لاعب دون العشرين", &["دون العشرين=20 - count"]),
            ("بين 10 و20 مليون دولار", &["بين 10 و20 مليون دولار=10000000-20000000 دولار range"]),
            ("بين 500 و2 مليون", &["بين 500 و2 مليون=500-2000000 - range"]),
            ("خسائر بقيمة ملياري دولار", &["ملياري دولار=2000000000 دولار money"]),
            ("في 5/6/2018 وقع الحادث", &["5/6/2018=~ 2018-06-05 date"]),
            ("صدر بتاريخ 2018-03-15", &["2018-03-15=~ 2018-03-15 date"]),
            ("خفض الفائدة 0.25 نقطة مئوية", &["0.25 نقطة مئوية=0.25 نقطة مئوية percent"]),
            ("قتل 3 الآف شخص", &["3 الآف شخص=3000 شخص count"]),
            // Ordinals with their noun.
            ("في الجولة الثانية", &["الثانية=2 الجولة ordinal"]),
            ("للمرة العاشرة", &["العاشرة=10 مرة ordinal"]),
            ("في القرن الحادي والعشرين", &["الحادي والعشرين=21 القرن ordinal"]),
            // Vague numbers keep their noun and have no value.
            ("عشرات القتلى", &["عشرات القتلى=~ القتلى count"]),
            ("مئات المنازل", &["مئات المنازل=~ المنازل count"]),
            ("بضعة أسابيع", &["بضعة أسابيع=~ أسابيع duration"]),
            // One of: the noun after من, through an elative; none for منها.
            ("صار واحدا من أشهر الكتاب", &["واحدا=1 الكتاب count"]),
            ("اختار الحكم واحدة منها", &["واحدة=1 - count"]),
            ("قتل اثنان منهم", &["اثنان=2 - count"]),
            // A number is never the noun of the number before it.
            ("منذ العام 2015 ثلاث جولات", &["العام 2015=2015 - year", "ثلاث جولات=3 جولات count"]),
            ("في 2018 وقع الزلزال", &["2018=2018 - year"]),
            ("منذ 2011 تعيش البلاد أزمة", &["2011=2011 - year"]),
            ("بيع 2000 منزل", &["2000 منزل=2000 منزل count"]),
            // Alternatives are a range.
            ("في سن 22 أو 23 عاما", &["22 أو 23 عاما=22-23 عاما range"]),
            ("سجن خمسة أو ستة أشخاص", &["خمسة أو ستة أشخاص=5-6 أشخاص range"]),
            // A falling pair joined by a hyphen is a score, not a range.
            ("تقدم الفريق 59-56 قبل النهاية", &[]),
            ("يتراوح عمرهم 18-25 عاما", &["18-25 عاما=18-25 عاما range"]),
            // Words that are never the counted noun.
            ("قتل 4 منهم 3 داخل المنزل", &["4=4 - count", "3=3 - count"]),
            ("وأصيب عشرات آخرون", &["عشرات=~ - count"]),
            ("ألف مبروك للفائز ومليون شكر", &["ألف=1000 - count", "مليون=1000000 - count"]),
            // Ordinals with a pronoun qualify no written noun.
            ("مرشحان أولهما وزير", &["أولهما=1 - ordinal"]),
            ("ثلاث قضايا ثالثتها الأهم", &["ثلاث قضايا=3 قضايا count", "ثالثتها=3 - ordinal"]),
            // A span of days written with ordinals is one date, of its first day.
            ("بين الرابع والسادس من مايو", &["بين الرابع والسادس من مايو=~ --05-04 date"]),
            ("من العاشر إلى الثاني عشر من يناير 2019", &["من العاشر إلى الثاني عشر من يناير 2019=~ 2019-01-10 date"]),
            // A definite tens word after a singular noun is its ordinal.
            ("في الذكرى العشرين للثورة", &["العشرين=20 الذكرى ordinal"]),
            ("مطلع القرن العشرين", &["العشرين=20 القرن ordinal"]),
            ("في الدقيقة التسعين", &["التسعين=90 الدقيقة ordinal"]),
            ("أفرج عن المعتقلين الثلاثين", &["الثلاثين=30 المعتقلين count"]),
        ];
        crate::analyze::table_rows::assert_rows(table, render);
    }
}
