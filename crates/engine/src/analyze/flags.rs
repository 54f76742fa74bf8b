//! Consistency flags on a page's numbers.
//!
//! - `malformed_number`: a number already in thousands followed by the
//!   plural آلاف (or ملايين، مليارات), which only counts 3 to 10 of its unit:
//!   "3000 آلاف" literally reads three million.
//! - `inconsistent_count`: the same count of the same thing stated with
//!   different values, in the headline and the body or across the body. Two
//!   mentions count the same thing when they are in different sentences and
//!   either differ by a scale slip (the same digits, a factor of a thousand
//!   or a million apart) and share their counted noun, their verb or their
//!   context, or share both their counted noun and their verb and their
//!   context. The mentions linked this way are reported together, with every
//!   value.
//! - `shares_do_not_add_up`: percentages of one sentence, none of them a
//!   change (ارتفع، انخفض …), that sum to more than 100.

use crate::analyze::lexicon;
use crate::analyze::quantities::Found;
use crate::analyze::{Flag, Message, QuantityKind};
use marsad_arabic::numbers::NumberIssue;
use marsad_arabic::{Span, Stemmer, TokenKind, Tokens};
use std::collections::HashSet;

/// Words of change: percentages after them are rates, not shares.
const CHANGE: [&str; 30] = [
    "ارتفع",
    "ارتفعت",
    "ارتفاع",
    "ارتفاعا",
    "انخفض",
    "انخفضت",
    "انخفاض",
    "انخفاضا",
    "زاد",
    "زادت",
    "زيادة",
    "تراجع",
    "تراجعت",
    "تراجعا",
    "نمو",
    "نموا",
    "نما",
    "قفز",
    "قفزت",
    "هبط",
    "هبطت",
    "صعد",
    "صعدت",
    "رفع",
    "خفض",
    "تضاعف",
    "مقارنة",
    "بمعدل",
    "يرتفع",
    "ترتفع",
];

/// Checks the quantities of a page.
#[derive(Clone, Copy, Debug, Default)]
pub struct FlagChecker {
    stemmer: Stemmer,
}

/// The numbers as `3,000,000` (the form both messages use).
fn fmt(v: f64) -> String {
    if v.fract() != 0.0 {
        // Sums of decimal shares (72,8 + 30,6) carry float noise.
        let r = (v * 100.0).round() / 100.0;
        return format!("{r}");
    }
    let s = format!("{}", v as i64);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 && c.is_ascii_digit() {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One mention of a count.
struct Mention<'a> {
    found: &'a Found,
    sentence: usize,
    in_headline: bool,
    unit: Option<String>,
    /// The word before the number (or its approximator): its verb or noun.
    verb: Option<&'a str>,
}

impl FlagChecker {
    pub fn new() -> FlagChecker {
        FlagChecker { stemmer: Stemmer::new() }
    }

    /// The flags of a page: `found` are its quantities, `sentences` its
    /// sentence spans, `headline` the headline's span when it has one.
    pub fn check(
        &self,
        text: &str,
        tokens: &Tokens,
        found: &[Found],
        sentences: &[Span],
        headline: Option<Span>,
    ) -> Vec<Flag> {
        let mut flags = Vec::new();
        self.malformed(text, tokens, found, headline, &mut flags);
        self.inconsistent(text, tokens, found, sentences, headline, &mut flags);
        self.shares(text, tokens, found, sentences, &mut flags);
        flags
    }

    fn malformed(&self, text: &str, tokens: &Tokens, found: &[Found], headline: Option<Span>, flags: &mut Vec<Flag>) {
        for f in found {
            let Some(NumberIssue::PluralScale { number, scale }) = f.issue else { continue };
            // 13 آلاف is loose grammar with a clear value; 3000 آلاف is not.
            if number < 1000.0 {
                continue;
            }
            // افتتح في 1999 آلاف النساء: before a definite noun آلاف is the
            // noun "thousands of", and the number before it stands alone.
            if plural_scale_is_a_noun(tokens, f) {
                continue;
            }
            let written = &text[f.number.span.range()];
            let literal = number * scale;
            let headline_note = headline
                .and_then(|h| {
                    let (_, hv) = self_headline_value(found, h)?;
                    Some(hv)
                })
                .filter(|hv| *hv == number);
            let (ar_note, en_note) = match headline_note {
                Some(hv) => (format!("، والعنوان يذكر {}", fmt(hv)), format!("; the headline says {}", fmt(hv))),
                None => (String::new(), String::new()),
            };
            flags.push(Flag {
                kind: "malformed_number".to_string(),
                message: Message {
                    ar: format!(
                        "«{written}» تُقرأ حرفيًا {} ({} × {})؛ جمع العدد هذا لا يأتي إلا بعد الأعداد من 3 إلى 10، والمقصود على الأرجح {}{ar_note}.",
                        fmt(literal),
                        fmt(number),
                        fmt(scale),
                        fmt(number)
                    ),
                    en: format!(
                        "“{written}” literally reads {} ({} × {}): that plural scale word only follows the numbers 3 to 10, so the writer most likely meant {}{en_note}.",
                        fmt(literal),
                        fmt(number),
                        fmt(scale),
                        fmt(number)
                    ),
                },
                spans: vec![f.quantity.span],
            });
        }
    }

    fn mention<'a>(&self, tokens: &'a Tokens, f: &'a Found, sentences: &[Span], headline: Option<Span>) -> Mention<'a> {
        let span = f.quantity.span;
        let sentence = sentences.partition_point(|s| s.end <= span.start);
        let in_headline = headline.is_some_and(|h| h.contains(&span));
        let unit = f.quantity.unit.as_deref().map(|u| {
            let n = lexicon::norm(u);
            let n = n.strip_prefix("ال").unwrap_or(&n).to_string();
            self.stemmer.stem(&n).to_string()
        });
        let (qa, _) = f.tokens;
        // A content word only: أن or في before two numbers says nothing.
        let verb = (qa > 0)
            .then(|| &tokens[qa - 1])
            .filter(|t| t.kind == TokenKind::Word && tokens.base(t).chars().count() >= 3)
            .map(|t| self.stemmer.stem(tokens.base(t)));
        Mention { found: f, sentence, in_headline, unit, verb }
    }

    /// The stems of the content words of sentence `k` (three letters or
    /// more), borrowed from the tokens.
    fn context<'a>(&self, tokens: &'a Tokens, sentences: &[Span], k: usize) -> HashSet<&'a str> {
        let mut out = HashSet::new();
        let Some(s) = sentences.get(k) else { return out };
        let a = tokens.as_slice().partition_point(|t| t.span.start < s.start);
        let b = tokens.as_slice().partition_point(|t| t.span.start < s.end);
        for t in &tokens.as_slice()[a..b] {
            if t.kind == TokenKind::Word && tokens.base(t).chars().count() >= 3 {
                out.insert(self.stemmer.stem(tokens.base(t)));
            }
        }
        out
    }

    fn inconsistent(
        &self,
        text: &str,
        tokens: &Tokens,
        found: &[Found],
        sentences: &[Span],
        headline: Option<Span>,
        flags: &mut Vec<Flag>,
    ) {
        // Definite numbers (الثلاثة، الخمسين) refer to a set already known,
        // or count years of an anniversary: not a new count.
        let mentions: Vec<Mention> = found
            .iter()
            .filter(|f| matches!(f.quantity.kind, QuantityKind::Count | QuantityKind::Money | QuantityKind::Measure))
            .filter(|f| f.quantity.value.is_some() && !f.number.definite)
            .map(|f| self.mention(tokens, f, sentences, headline))
            .collect();
        let n = mentions.len();
        // Sentence contexts, computed only for the pairs that need them.
        let mut contexts: std::collections::HashMap<usize, HashSet<&str>> = std::collections::HashMap::new();
        let _ = text;
        let mut parent: Vec<usize> = (0..n).collect();
        fn root(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (&mentions[i], &mentions[j]);
                if a.sentence == b.sentence || a.found.quantity.kind != b.found.quantity.kind {
                    continue;
                }
                let (va, vb) = (a.found.quantity.value.unwrap_or(0.0), b.found.quantity.value.unwrap_or(0.0));
                let same_unit = a.unit.is_some() && a.unit == b.unit;
                let same_verb = a.verb.is_some() && related(a.verb, b.verb);
                let slip = scale_slip(va, vb) && va >= 2.0 && vb >= 2.0;
                // Only a plural scale after a number in thousands is malformed
                // (3000 آلاف); 207 ملايين is loose grammar with a clear value.
                let bad = |f: &Found| {
                    matches!(f.issue, Some(NumberIssue::PluralScale { number, .. }) if number >= 1000.0)
                        && !plural_scale_is_a_noun(tokens, f)
                };
                let malformed = bad(a.found) || bad(b.found);
                let needs_context = slip && malformed && !same_unit && !same_verb;
                let mut shared = 0;
                if needs_context {
                    for k in [a.sentence, b.sentence] {
                        contexts.entry(k).or_insert_with(|| self.context(tokens, sentences, k));
                    }
                    shared = contexts[&a.sentence].intersection(&contexts[&b.sentence]).count();
                }
                // A scale slip next to a malformed number, or between two
                // mentions with the same noun and verb; or the headline's
                // count restated differently in the body.
                let linked = (slip && malformed && (same_unit || same_verb || shared >= 2))
                    || (slip && same_unit && same_verb)
                    || self.headline_restated(tokens, &mentions, i, j, same_unit && same_verb);
                if linked {
                    let (ra, rb) = (root(&mut parent, i), root(&mut parent, j));
                    parent[ra] = rb;
                }
            }
        }
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut seen = vec![usize::MAX; n];
        for i in 0..n {
            let r = root(&mut parent, i);
            if seen[r] == usize::MAX {
                seen[r] = groups.len();
                groups.push(Vec::new());
            }
            groups[seen[r]].push(i);
        }
        for g in groups {
            if g.len() < 2 {
                continue;
            }
            let values: Vec<f64> = g.iter().map(|&i| mentions[i].found.quantity.value.unwrap_or(0.0)).collect();
            let approx = g.iter().any(|&i| mentions[i].found.quantity.approx.is_some());
            let agree = values.iter().all(|v| {
                let tol = if approx { 0.1 * values[0].abs() } else { 0.0 };
                (v - values[0]).abs() <= tol
            });
            if agree {
                continue;
            }
            let describe = |i: usize, ar: bool| {
                let m = &mentions[i];
                let q = &m.found.quantity;
                let place = match (m.in_headline, ar) {
                    (true, true) => "في العنوان",
                    (false, true) => "في المتن",
                    (true, false) => "in the headline",
                    (false, false) => "in the body",
                };
                if ar {
                    format!("«{}» ({}) {place}", q.text, fmt(q.value.unwrap_or(0.0)))
                } else {
                    format!("“{}” ({}) {place}", q.text, fmt(q.value.unwrap_or(0.0)))
                }
            };
            let ar: Vec<String> = g.iter().map(|&i| describe(i, true)).collect();
            let en: Vec<String> = g.iter().map(|&i| describe(i, false)).collect();
            flags.push(Flag {
                kind: "inconsistent_count".to_string(),
                message: Message {
                    ar: format!("العدد نفسه يرد بقيم مختلفة: {}.", ar.join("، ")),
                    en: format!("The same count is given with different values: {}.", en.join("; ")),
                },
                spans: g.iter().map(|&i| mentions[i].found.quantity.span).collect(),
            });
        }
    }

    /// Whether a word of change stands within three words before a
    /// quantity (ارتفع عدد القتلى إلى 25): an update, not a restatement.
    /// Whether mentions `i` and `j`, one in the headline and one in the
    /// body with the same noun and verb, give the headline's count with
    /// another value: the body states the headline's value nowhere, its
    /// counts of that noun do not add up to it (the parts of a total), and
    /// the body's mention is neither a part (ثلاثة من المتهمين، ثلاث مناطق
    /// أخرى) nor an update (ارتفع العدد إلى …).
    fn headline_restated(&self, tokens: &Tokens, mentions: &[Mention], i: usize, j: usize, same: bool) -> bool {
        let (a, b) = (&mentions[i], &mentions[j]);
        if !same || a.in_headline == b.in_headline || a.found.quantity.kind != QuantityKind::Count {
            return false;
        }
        let (h, body) = if a.in_headline { (a, b) } else { (b, a) };
        // مقتل وإصابة 3: the headline counts two things together (the dead
        // and the wounded), the body each on its own.
        let (ha, _) = h.found.tokens;
        if (ha.saturating_sub(2)..ha).any(|k| {
            let t = &tokens[k];
            t.is_word() && t.proclitics.contains(marsad_arabic::Proclitics::WA) && tokens.norm(t).chars().count() > 3
        }) {
            return false;
        }
        let hv = h.found.quantity.value.unwrap_or(0.0);
        let peers: Vec<(f64, bool)> = mentions
            .iter()
            // Same noun, or same verb (شخصا and أشخاص are one noun).
            .filter(|m| !m.in_headline && (m.unit == h.unit || (m.verb.is_some() && related(m.verb, h.verb))))
            .filter_map(|m| m.found.quantity.value.map(|v| (v, m.found.quantity.approx.is_some())))
            .collect();
        // Restated (exactly, or roughly when either is approximate).
        let close = |v: f64, rough: bool| (v - hv).abs() <= if rough { 0.05 * hv } else { 1e-9 };
        if peers.iter().any(|&(v, rough)| close(v, rough || h.found.quantity.approx.is_some())) {
            return false;
        }
        // The parts of the headline's total (140 and 112 of 250 rescued).
        if peers.len() <= 12 {
            for set in 1u32..(1 << peers.len()) {
                let sum: f64 = (0..peers.len()).filter(|k| set & (1 << k) != 0).map(|k| peers[k].0).sum();
                if (sum - hv).abs() <= 0.02 * hv {
                    return false;
                }
            }
        }
        // A part (ثلاثة من المتهمين، ثلاث مناطق أخرى).
        let (qa, qb) = body.found.tokens;
        if (qa..qb).any(|k| tokens.norm(&tokens[k]) == "من")
            || matches!(tokens.get(qb).map(|t| tokens.norm(t)), Some("من" | "اخري" | "اخرين" | "اخر"))
        {
            return false;
        }
        !self.after_change(tokens, body.found)
            && h.found.quantity.approx.is_none()
            && body.found.quantity.approx.is_none()
    }

    fn after_change(&self, tokens: &Tokens, f: &Found) -> bool {
        let (a, _) = f.tokens;
        (a.saturating_sub(3)..a).any(|k| is_change(tokens, k) || tokens.norm(&tokens[k]) == "الي")
    }

    /// Percentages of one sentence that divide one whole (votes, answers to
    /// a poll) and sum to more than 100. The sentence must speak of such a
    /// division (صوت، أيد، عارض، استطلاع …); a word of change, a subset (91% منها)
    /// or two different wholes (من السكر … من البذور) make the percentages
    /// something else.
    fn shares(&self, text: &str, tokens: &Tokens, found: &[Found], sentences: &[Span], flags: &mut Vec<Flag>) {
        for s in sentences {
            let sa = tokens.as_slice().partition_point(|t| t.span.start < s.start);
            let sb = tokens.as_slice().partition_point(|t| t.span.start < s.end);
            for (a, b) in segments(text, tokens, sa, sb) {
                self.shares_in(text, tokens, found, a, b, flags);
            }
        }
    }

    /// The shares of one segment of a sentence, tokens `[a, b)`.
    fn shares_in(&self, text: &str, tokens: &Tokens, found: &[Found], a: usize, b: usize, flags: &mut Vec<Flag>) {
        {
            let pct: Vec<&Found> = found
                .iter()
                .filter(|f| {
                    f.quantity.kind == QuantityKind::Percent
                        && (a..b).contains(&f.tokens.0)
                        && f.quantity.approx.is_none()
                })
                .collect();
            if pct.len() < 2 {
                return;
            }
            if (a..b).any(|k| is_change(tokens, k)) {
                return;
            }
            let divides = (a..b).any(|k| {
                let t = &tokens[k];
                t.is_word() && (DIVISION.contains(&tokens.norm(t)) || DIVISION.contains(&tokens.base(t)))
            });
            // Options of one question: yes and no, for and against, or one
            // share against another (مقابل).
            let has = |ws: &[&str]| {
                (a..b).any(|k| ws.contains(&tokens.norm(&tokens[k])) || ws.contains(&tokens.base(&tokens[k])))
            };
            let options =
                has(&["مقابل"]) || (has(&["نعم", "بنعم"]) && has(&["لا", "بلا"])) || (has(&["لصالح"]) && has(&["ضد"]));
            if !divides || !options {
                return;
            }
            // The whole each percentage is of: the word after من, or none.
            let whole = |f: &Found| -> Option<&str> {
                let e = f.tokens.1;
                let t = tokens.get(e)?;
                let w = tokens.norm(t);
                if matches!(w, "منها" | "منهم" | "منهن" | "منه") {
                    return Some("");
                }
                if w == "من" {
                    return tokens.get(e + 1).map(|u| tokens.base(u));
                }
                None
            };
            let wholes: Vec<Option<&str>> = pct.iter().map(|f| whole(f)).collect();
            // A later share may leave its whole implicit (60% من الناخبين …
            // مقابل 55%); two explicit wholes that differ are two questions.
            let mut explicit = wholes.iter().flatten();
            let first = explicit.next();
            if wholes.iter().any(|w| *w == Some("")) || explicit.any(|w| Some(w) != first) {
                return;
            }
            let sum: f64 = pct.iter().filter_map(|f| f.quantity.value).sum();
            if pct.iter().any(|f| f.quantity.value.is_some_and(|v| v > 100.0)) || sum <= 100.5 {
                return;
            }
            let listed: Vec<String> = pct.iter().map(|f| f.quantity.text.clone()).collect();
            let _ = text;
            flags.push(Flag {
                kind: "shares_do_not_add_up".to_string(),
                message: Message {
                    ar: format!("النسب {} في الجملة نفسها مجموعها {}٪، أي أكثر من 100٪.", listed.join(" و"), fmt(sum)),
                    en: format!(
                        "The shares {} in one sentence add up to {}%, more than 100%.",
                        listed.join(", "),
                        fmt(sum)
                    ),
                },
                spans: pct.iter().map(|f| f.quantity.span).collect(),
            });
        }
    }
}

/// The parts of a sentence whose shares may divide one whole: a sentence is
/// cut at commas, parentheses and the connectors that open another clause
/// (بينما، فيما، حيث، علما …), so that two polls or two rounds of a vote in
/// one sentence are summed apart. A comma before مقابل does not cut (60%،
/// مقابل 40%).
fn segments(text: &str, tokens: &Tokens, a: usize, b: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = a;
    for k in a..b {
        let t = &tokens[k];
        let cut = if t.kind == TokenKind::Punct {
            let next_is_against = tokens.get(k + 1).is_some_and(|n| tokens.norm(n) == "مقابل");
            let p = &text[t.span.range()];
            matches!(p, "(" | ")" | "؛" | ";") || matches!(p, "،" | ",") && !next_is_against
        } else {
            t.is_word() && SEGMENT_CONNECTORS.contains(&tokens.norm(t))
        };
        if cut {
            if k > start {
                out.push((start, k));
            }
            start = k + 1;
        }
    }
    if b > start {
        out.push((start, b));
    }
    out
}

/// Connectors that open another clause (normalized).
const SEGMENT_CONNECTORS: [&str; 14] =
    ["بينما", "وبينما", "فيما", "وفيما", "حيث", "علما", "وعلما", "حين", "لكن", "ولكن", "بعدما", "كما", "وكما", "اما"];

/// Whether the plural scale word of `f` (آلاف، ملايين) is followed by a
/// definite noun: then it is the noun "thousands of" (آلاف النساء), not a
/// multiplier of the number before it.
fn plural_scale_is_a_noun(tokens: &Tokens, f: &Found) -> bool {
    let (a, b) = f.tokens;
    (a..b.min(tokens.len())).any(|k| {
        matches!(tokens.norm(&tokens[k]), "الاف" | "ملايين" | "مليارات")
            && tokens.get(k + 1).is_some_and(|n| n.is_word() && n.proclitics.contains(marsad_arabic::Proclitics::AL))
    }) || {
        // The scale word ended the quantity: look at the word after it.
        let last = b.saturating_sub(1);
        b <= tokens.len()
            && last < tokens.len()
            && matches!(tokens.norm(&tokens[last]), "الاف" | "ملايين" | "مليارات")
            && tokens.get(b).is_some_and(|n| n.is_word() && n.proclitics.contains(marsad_arabic::Proclitics::AL))
    }
}

/// Whether token `k` is a word of change (ارتفع، انخفاض …).
fn is_change(tokens: &Tokens, k: usize) -> bool {
    let t = &tokens[k];
    let w = tokens.norm(t);
    CHANGE.iter().any(|c| w == *c || tokens.base(t) == *c || w.strip_prefix('و') == Some(c))
}

/// Words that speak of dividing a whole among options: votes, support and
/// opposition (normalized). A poll (استطلاع) is not enough: one poll asks
/// several questions (87% trust the press against 38% who trust Facebook).
const DIVISION: [&str; 19] = [
    "صوت",
    "صوتوا",
    "صوتت",
    "اصوات",
    "الاصوات",
    "ايد",
    "ايدوا",
    "يؤيد",
    "يؤيدون",
    "تاييد",
    "عارض",
    "يعارض",
    "يعارضون",
    "الناخبين",
    "ناخبين",
    "نعم",
    "الرافضين",
    "الموافقين",
    "المقترعين",
];

/// The value of the first count in the headline.
fn self_headline_value(found: &[Found], h: Span) -> Option<(usize, f64)> {
    found
        .iter()
        .enumerate()
        .find(|(_, f)| h.contains(&f.quantity.span) && f.quantity.kind == QuantityKind::Count)
        .and_then(|(i, f)| f.quantity.value.map(|v| (i, v)))
}

/// Two values with the same digits a factor of a thousand or a million
/// apart (3000 and 3,000,000).
fn scale_slip(a: f64, b: f64) -> bool {
    if a <= 0.0 || b <= 0.0 {
        return false;
    }
    let r = if a > b { a / b } else { b / a };
    [1e3, 1e6, 1e9].iter().any(|f| (r - f).abs() < 1e-9 * f)
}

/// Two stems of one verb or noun, allowing an imperfect prefix (تنقل / نقل).
fn related(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else { return false };
    if a == b {
        return true;
    }
    let strip = |s: &str| s.strip_prefix(['ت', 'ي', 'ن', 'ا']).map(str::to_string);
    strip(a).as_deref() == Some(b) || strip(b).as_deref() == Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::quantities::QuantityFinder;
    use marsad_arabic::sentence::SentenceSplitter;
    use marsad_arabic::Tokenizer;

    fn flags(text: &str, headline_len: Option<usize>) -> Vec<Flag> {
        let tokens = Tokenizer::new().tokenize(text);
        let found = QuantityFinder::new().find_all(text, &tokens);
        let sentences = SentenceSplitter::new().split(text);
        FlagChecker::new().check(text, &tokens, &found, &sentences, headline_len.map(|l| Span::new(0, l)))
    }

    #[test]
    fn a_thousands_numeral_before_alaf_is_flagged() {
        let text = "نقل 3000 آلاف عنصر إلى الحدود.";
        let f = flags(text, None);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, "malformed_number");
        assert!(f[0].message.en.contains("3,000,000"));
        assert_eq!(&text[f[0].spans[0].range()], "3000 آلاف عنصر");
        // Loose grammar with a clear value is not flagged.
        assert!(flags("نقل 13 آلاف عنصر.", None).is_empty());
    }

    #[test]
    fn the_same_count_given_twice_differently_is_flagged() {
        let headline = "الجيش ينقل 5 آلاف جندي إلى الجبهة";
        let text = format!("{headline}\n\nونقل الجيش 5000 آلاف جندي إلى الجبهة الشمالية أمس. وقال الضابط إن خمسة آلاف جندي وصلوا إلى الجبهة.");
        let f = flags(&text, Some(headline.len()));
        let kinds: Vec<&str> = f.iter().map(|f| f.kind.as_str()).collect();
        assert_eq!(kinds, ["malformed_number", "inconsistent_count"]);
        assert_eq!(f[1].spans.len(), 3);
        assert!(f[1].message.ar.contains("في العنوان"));
    }

    #[test]
    fn a_headline_count_given_otherwise_in_the_body_is_flagged() {
        let headline = "مقتل 20 شخصا في هجوم على سوق المدينة";
        let body = "وأسفر الهجوم على سوق المدينة عن مقتل 12 شخصا وإصابة آخرين.";
        let f = flags(&format!("{headline}\n\n{body}"), Some(headline.len()));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, "inconsistent_count");
        // The same count restated, the parts of a total, an update: no flag.
        for body in [
            "وأسفر الهجوم على سوق المدينة عن مقتل 20 شخصا.",
            "وأسفر الهجوم عن مقتل 12 شخصا في السوق ومقتل 8 أشخاص في الشارع.",
            "وارتفع عدد القتلى في المدينة إلى 25 شخصا.",
        ] {
            let f = flags(&format!("{headline}\n\n{body}"), Some(headline.len()));
            assert!(f.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn different_counts_of_different_things_are_not_flagged() {
        let text = "قتل 3 أشخاص في الهجوم. وأصيب 12 شخصا بجروح في مدينة أخرى.";
        assert!(flags(text, None).is_empty());
    }

    #[test]
    fn shares_over_100_are_flagged_but_not_rates() {
        let f = flags("صوت 60% من الناخبين بنعم مقابل 55% بلا.", None);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, "shares_do_not_add_up");
        assert!(flags("ارتفعت الصادرات 60% والواردات 55%.", None).is_empty());
        assert!(flags("صوت 69,4% بنعم مقابل 30,6% بلا.", None).is_empty());
        // Two rounds, or two groups, in one sentence: each adds up apart.
        assert!(flags(
            "حصل على 58% من الأصوات مقابل 42% لمنافسه، علما بأنه نال في الدورة الأولى 46% من الأصوات مقابل 29% لخصمه.",
            None
        )
        .is_empty());
        assert!(flags("صوتت النساء بنسبة 70% بنعم مقابل 30% بلا، بينما صوت 65% من الرجال بنعم مقابل 35% بلا.", None)
            .is_empty());
        // Two questions of one poll.
        assert!(flags("وكشف الاستطلاع أن 87% يثقون بالصحف، مقابل 38% يثقون بمواقع التواصل.", None).is_empty());
        // A comma before مقابل does not separate the options.
        assert_eq!(flags("صوت 60% من الناخبين بنعم، مقابل 55% بلا.", None).len(), 1);
    }

    #[test]
    fn thousands_of_a_definite_noun_is_not_malformed() {
        // افتتح في 1999 ثم آلاف: the year stands alone, آلاف النساء is a noun.
        assert!(flags("يستقبل المستشفى الذي افتتح في 1999 آلاف النساء كل عام.", None).is_empty());
        assert_eq!(flags("يتقاضى المتدرب 3000 آلاف ريال.", None).len(), 1);
    }

    #[test]
    fn a_headline_total_of_two_things_is_not_restated_by_one_part() {
        let headline = "مقتل وإصابة 5 عمال في انهيار مبنى";
        let body = "وأسفر انهيار المبنى عن مقتل عامل وإصابة 4 عمال بجروح.";
        assert!(flags(&format!("{headline}\n\n{body}"), Some(headline.len())).is_empty());
        let body = "وأسفر انهيار المبنى عن إصابة 3 عمال بجروح.";
        let headline = "إصابة 5 عمال في انهيار مبنى";
        assert_eq!(flags(&format!("{headline}\n\n{body}"), Some(headline.len())).len(), 1);
    }

    #[test]
    fn a_loose_plural_scale_is_not_a_scale_slip() {
        let text = "يبلغ عدد سكان البرازيل 207 ملايين نسمة. واحتلت كرواتيا المركز 17 من بين 207 دول في الدورة.";
        assert!(flags(text, None).is_empty());
    }
}
