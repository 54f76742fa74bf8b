//! Numbers as Arabic news writes them: Western, Arabic-Indic and Persian
//! digits with either separator style, number words in every gender and case,
//! composed numbers (ثلاثة وعشرون ألفا، مليار و650 مليون), scale words after
//! digits (3 آلاف، 2.5 مليون، ٣ ملايين) and ordinals (الأول، الحادي عشر).
//!
//! The reader works on [`Tokens`]: a number is a run of tokens, and the
//! [`Number`] it yields carries the token range and the byte span of the
//! original text, so whoever reads the counted noun after it knows where to
//! look. Words are looked up in a lexicon (`data/numbers_words.txt`) after
//! stripping the proclitics a number word can carry (و ف ب ل ك ال), by the
//! reader itself rather than by the tokenizer's segmentation, because
//! آلاف and ألف begin with the letters of the article.
//!
//! Grammar decides composition, not adjacency: "بين 10 و20" is two numbers,
//! "مليار و650 مليون" is one; a plural scale word counts only 3–10 of it, so
//! "3000 آلاف" is read literally (three million) and reported as an
//! [`NumberIssue::PluralScale`].
//!
//! ```
//! use marsad_arabic::numbers::{NumberReader, parse_digits};
//! use marsad_arabic::Tokenizer;
//! let text = "نقل 3 آلاف عنصر، ثم ثلاثة وعشرون ألفا، ثم ٢٫٥ مليون.";
//! let tokens = Tokenizer::new().tokenize(text);
//! let values: Vec<f64> = NumberReader::new().read_all(text, &tokens).iter().filter_map(|n| n.value).collect();
//! assert_eq!(values, [3000.0, 23000.0, 2_500_000.0]);
//! assert_eq!(parse_digits("1,000,000"), Some(1e6));
//! ```

use crate::fxhash::FxHashMap;
use crate::normalize::Normalizer;
use crate::span::Span;
use crate::tokenize::{TokenKind, Tokens};
use std::sync::LazyLock;

/// What a number word is (see `data/numbers_words.txt`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    Unit(f64),
    TeenUnit(f64),
    Ten,
    Tens(f64),
    Hundred(f64),
    Scale(f64, Plurality),
    Fraction(f64),
    Vague,
    Ordinal(u32),
}

/// The grammatical number of a scale word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plurality {
    Singular,
    /// ألفا، مليونا: singular accusative after a number, construct dual alone.
    Accusative,
    Dual,
    Plural,
}

/// The number-word lexicon, keyed by [`key`].
static WORDS: LazyLock<FxHashMap<String, Role>> = LazyLock::new(|| {
    let n = Normalizer::new();
    let mut map = FxHashMap::default();
    for (lineno, line) in include_str!("../data/numbers_words.txt").lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        // A malformed line is a bug in the data file, caught by the unit test
        // `lexicon_parses`, which loads every line.
        let [form, role, value] = cols[..] else { panic!("numbers_words.txt:{}: expected 3 columns", lineno + 1) };
        let v: f64 = value.parse().unwrap_or_else(|_| panic!("numbers_words.txt:{}: bad value", lineno + 1));
        let role = match role {
            "unit" => Role::Unit(v),
            "teen_unit" => Role::TeenUnit(v),
            "ten" => Role::Ten,
            "tens" => Role::Tens(v),
            "hundred" => Role::Hundred(v),
            "scale_sg" => Role::Scale(v, Plurality::Singular),
            "scale_acc" => Role::Scale(v, Plurality::Accusative),
            "scale_dual" => Role::Scale(v, Plurality::Dual),
            "scale_pl" => Role::Scale(v, Plurality::Plural),
            "fraction" => Role::Fraction(v),
            "vague" => Role::Vague,
            "ordinal" => Role::Ordinal(v as u32),
            other => panic!("numbers_words.txt:{}: unknown role {other:?}", lineno + 1),
        };
        map.insert(key(&n.normalize(form).text), role);
    }
    map
});

/// Every written form of every number word, with the proclitics it can
/// carry (وثلاثة، بالألف، للمئة): the answer of [`lookup_slow`] for each,
/// precomputed so that reading a token costs one hash probe.
static FORMS: LazyLock<FxHashMap<String, Found>> = LazyLock::new(|| {
    const PREFIXES: [&str; 24] = [
        "", "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وب", "فب", "ول", "فل", "وك", "فك",
        "وبال", "فبال", "وكال", "فكال", "ولل", "فلل",
    ];
    let mut map = FxHashMap::default();
    for (k, role) in WORDS.iter() {
        // The key reads ة as ه; the text may write either.
        let mut spellings = vec![k.clone()];
        if let Some(stem) = k.strip_suffix('\u{0647}') {
            spellings.push(format!("{stem}\u{0629}"));
        }
        if matches!(role, Role::Ordinal(_)) {
            spellings.extend(ordinal_with_pronouns(k));
        }
        for w in &spellings {
            for p in PREFIXES {
                let form = format!("{p}{w}");
                if let Some(found) = lookup_slow(&form) {
                    map.entry(form).or_insert(found);
                }
            }
        }
    }
    map
});

/// Looks a normalized word up: one probe of [`FORMS`].
#[inline]
fn lookup(norm: &str) -> Option<Found> {
    if norm.len() > 40 {
        return None;
    }
    FORMS.get(norm).copied()
}

/// The lookup key of a normalized word: teh marbuta read as heh, so the
/// common spelling مائه meets مائة.
fn key(norm: &str) -> String {
    norm.replace('\u{0629}', "\u{0647}")
}

/// How a number was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberForm {
    /// Only digits (`3000`, `٣٫٥`).
    Digits,
    /// Only words (`ثلاثة آلاف`).
    Words,
    /// Digits with scale words (`3 آلاف`, `مليار و650 مليون`).
    Mixed,
}

/// Something wrong with how a number is written.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NumberIssue {
    /// A plural scale word (آلاف، ملايين، مليارات) after a number that is not
    /// 3–10: "3000 آلاف" reads as three million; the writer most likely meant
    /// `number` (3000) or `number × scale`.
    PluralScale {
        /// The number before the scale word.
        number: f64,
        /// The scale word's value (1000 for آلاف).
        scale: f64,
    },
}

/// A number read from tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    /// The value as written, or `None` when the text does not give one
    /// (عشرات، آلاف الأشخاص، بضعة).
    pub value: Option<f64>,
    /// Token range `[first, end)`.
    pub first: usize,
    pub end: usize,
    /// Bytes of the original text, without a leading proclitic (و ب ل ف ك).
    pub span: Span,
    pub form: NumberForm,
    /// An ordinal (الثالث، الحادي عشر) rather than a cardinal.
    pub ordinal: bool,
    /// The number word carries the article (الثلاثة، الأول).
    pub definite: bool,
    /// The largest scale word in it (1000 for آلاف), 1 when none.
    pub scale: f64,
    pub issue: Option<NumberIssue>,
}

/// Reads the value of a run of digits, normalized to ASCII (the tokenizer's
/// normalized form: `٣٫٥` is `3.5`, `١٬٠٠٠` is `1,000`).
///
/// Separators: several of the same mark, or one mark followed by exactly
/// three digits after one to three digits, group thousands (`1,000,000`,
/// `1.000.000`, `1,500`, `10.000`: Maghreb and Levant papers group with a
/// period); when both marks occur the last one is the decimal mark
/// (`1.234,5`); otherwise one mark is a decimal mark (`2.5`, `57,6`: Arabic
/// news writes decimals with either). Before a scale word a single mark is
/// always decimal (`2.500 مليار` is two and a half billion): see
/// [`parse_digits_before_scale`].
///
/// ```
/// use marsad_arabic::numbers::parse_digits;
/// assert_eq!(parse_digits("57,6"), Some(57.6));
/// assert_eq!(parse_digits("10.000"), Some(10000.0));
/// assert_eq!(parse_digits("1.234,5"), Some(1234.5));
/// assert_eq!(parse_digits("abc"), None);
/// ```
pub fn parse_digits(s: &str) -> Option<f64> {
    parse(s, false)
}

/// Like [`parse_digits`], for digits followed by a scale word (مليون، مليار):
/// one separator is then a decimal mark even before three digits.
pub fn parse_digits_before_scale(s: &str) -> Option<f64> {
    parse(s, true)
}

fn parse(s: &str, before_scale: bool) -> Option<f64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    let dots = s.bytes().filter(|&b| b == b'.').count();
    let commas = s.bytes().filter(|&b| b == b',').count();
    let mut clean = String::with_capacity(s.len());
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) if dots > 1 => None,
        (0, _) if commas > 1 => None,
        (1, 0) | (0, 1) => {
            let mark = if dots == 1 { b'.' } else { b',' };
            let at = s.bytes().position(|b| b == mark)?;
            let grouped = s.len() - at - 1 == 3 && (1..=3).contains(&at) && !s.starts_with('0');
            if grouped && !before_scale {
                None
            } else {
                Some(mark)
            }
        }
        _ => {
            // Both marks: the one that comes last is the decimal mark.
            let last = s.bytes().rev().find(|&b| b == b'.' || b == b',')?;
            let other = if last == b'.' { b',' } else { b'.' };
            if s.bytes().filter(|&b| b == last).count() > 1 || s.rfind(other as char)? > s.rfind(last as char)? {
                return None;
            }
            Some(last)
        }
    };
    for b in s.bytes() {
        if b.is_ascii_digit() {
            clean.push(b as char);
        } else if Some(b) == decimal {
            clean.push('.');
        }
    }
    if clean.starts_with('.') || clean.ends_with('.') {
        return None;
    }
    clean.parse().ok()
}

/// A word of the lexicon found in a token, with what was stripped to find it.
#[derive(Clone, Copy, Debug)]
struct Found {
    role: Role,
    /// Characters of proclitics (و ف ب ل ك) before the number word.
    clitic_chars: usize,
    /// The article ال was stripped to find it.
    definite: bool,
}

/// The pronoun suffixes an ordinal takes as the head of a construct
/// (أولهما "the first of the two", ثالثها، رابعهم).
const ORDINAL_PRONOUNS: [&str; 4] = ["هما", "هم", "هن", "ها"];

/// The forms of an ordinal key with a pronoun suffix: the masculine as it is
/// (ثانيهما), the feminine with its ة written ت (ثانيتهما), أولى with its
/// alef written ا (أولاهما).
fn ordinal_with_pronouns(key: &str) -> Vec<String> {
    let stem = if let Some(s) = key.strip_suffix('\u{0647}') {
        format!("{s}ت")
    } else if let Some(s) = key.strip_suffix('ي').filter(|s| *s == "اول") {
        format!("{s}ا")
    } else {
        key.to_string()
    };
    ORDINAL_PRONOUNS.iter().map(|p| format!("{stem}{p}")).collect()
}

/// Looks `norm` up, stripping و/ف, then one of ب/ل/ك, then ال, the first
/// match winning; an ordinal may also carry a pronoun suffix (أولهما), which
/// makes it definite. A one-letter preposition is only stripped when at least
/// three letters remain (لست is "I am not", not ل + ست). This is the rule;
/// [`FORMS`] holds its answers for every form a number word can take.
fn lookup_slow(norm: &str) -> Option<Found> {
    lookup_plain(norm).or_else(|| {
        ORDINAL_PRONOUNS.iter().find_map(|p| {
            let stem = norm.strip_suffix(p)?;
            // ثانيت → ثانيه (the key of ثانية), أولا → اولي.
            let candidates = [
                stem.to_string(),
                stem.strip_suffix('ت').map_or_else(String::new, |s| format!("{s}\u{0647}")),
                stem.strip_suffix('ا').map_or_else(String::new, |s| format!("{s}ي")),
            ];
            candidates.iter().filter(|c| !c.is_empty()).find_map(|c| {
                // حادي only opens a compound (الحادي عشر), never takes a pronoun.
                lookup_plain(c)
                    .filter(|f| matches!(f.role, Role::Ordinal(_)) && !f.definite && !c.contains("حادي"))
                    .map(|f| Found { definite: true, ..f })
            })
        })
    })
}

/// [`lookup_slow`] without pronoun suffixes.
fn lookup_plain(norm: &str) -> Option<Found> {
    let words = &*WORDS;
    let owned;
    let norm = if norm.contains('\u{0629}') {
        owned = key(norm);
        owned.as_str()
    } else {
        norm
    };
    if let Some(&role) = words.get(norm) {
        return Some(Found { role, clitic_chars: 0, definite: false });
    }
    let mut rest = norm;
    let mut chars = 0;
    if let Some(r) = rest.strip_prefix('و').or_else(|| rest.strip_prefix('ف')) {
        // At least three letters left: وست is West, not و + ست.
        if r.chars().count() >= 3 {
            rest = r;
            chars += 1;
            if let Some(&role) = words.get(rest) {
                return Some(Found { role, clitic_chars: chars, definite: false });
            }
        }
    }
    if let Some(r) = rest.strip_prefix("لل") {
        // ل + ال with the article's alef elided.
        if let Some(&role) = words.get(r) {
            return Some(Found { role, clitic_chars: chars + 1, definite: true });
        }
    }
    for p in ['ب', 'ل', 'ك'] {
        if let Some(r) = rest.strip_prefix(p) {
            if r.chars().count() >= 3 {
                if let Some(&role) = words.get(r) {
                    return Some(Found { role, clitic_chars: chars + 1, definite: false });
                }
                if let Some(rr) = r.strip_prefix("ال") {
                    if let Some(&role) = words.get(rr) {
                        return Some(Found { role, clitic_chars: chars + 1, definite: true });
                    }
                }
            }
        }
    }
    let r = rest.strip_prefix("ال")?;
    words.get(r).map(|&role| Found { role, clitic_chars: chars, definite: true })
}

/// One token read as a piece of a number.
#[derive(Clone, Copy, Debug)]
enum Piece {
    Digits(f64),
    Word(Found),
    /// A lone و between two parts of a number (مليار و 650 مليون).
    And,
}

/// Reads numbers from tokens. Built once; the lexicon is shared.
#[derive(Clone, Copy, Debug, Default)]
pub struct NumberReader {
    _private: (),
}

/// The state of a cardinal being composed.
#[derive(Clone, Copy, Debug, Default)]
struct Compose {
    /// Sum of the groups closed by a scale word.
    total: f64,
    /// The group being read (below 1000, or digits).
    cur: f64,
    /// What the group holds so far, to decide what may follow.
    cur_kind: GroupKind,
    /// Scale of the last closed group: a later group must be smaller.
    last_scale: f64,
    max_scale: f64,
    digits: bool,
    words: bool,
    vague: bool,
    issue: Option<NumberIssue>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum GroupKind {
    #[default]
    Empty,
    Digits,
    Unit,
    /// أحد / اثنا: waiting for عشر.
    TeenUnit,
    Teen,
    Tens,
    Hundred,
    /// A fraction waiting for a scale word (نصف مليون).
    Fraction,
}

impl NumberReader {
    pub fn new() -> NumberReader {
        let _ = &*FORMS;
        NumberReader { _private: () }
    }

    /// Every number in `tokens`, left to right, not overlapping.
    pub fn read_all(&self, text: &str, tokens: &Tokens) -> Vec<Number> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.read(text, tokens, i) {
                Some(n) => {
                    i = n.end;
                    out.push(n);
                }
                None => i += 1,
            }
        }
        out
    }

    /// The number (cardinal or ordinal) that starts at token `i`, if any.
    pub fn read(&self, text: &str, tokens: &Tokens, i: usize) -> Option<Number> {
        // Most tokens are not numbers: one probe decides.
        self.piece(tokens, i)?;
        self.cardinal(text, tokens, i).or_else(|| self.ordinal(text, tokens, i))
    }

    fn piece(&self, tokens: &Tokens, j: usize) -> Option<Piece> {
        let t = tokens.get(j)?;
        match t.kind {
            TokenKind::Number => {
                let scale_follows = tokens.get(j + 1).is_some_and(|n| {
                    n.kind == TokenKind::Word
                        && matches!(lookup(tokens.norm(n)), Some(Found { role: Role::Scale(..), .. }))
                });
                let norm = tokens.norm(t);
                if scale_follows { parse_digits_before_scale(norm) } else { parse_digits(norm) }.map(Piece::Digits)
            }
            TokenKind::Word => {
                let norm = tokens.norm(t);
                if norm == "و" {
                    return Some(Piece::And);
                }
                let found = lookup(norm)?;
                // الاثنين with the article is Monday; "the two" is written
                // with the article almost never.
                if found.definite && found.role == Role::Unit(2.0) {
                    return None;
                }
                Some(Piece::Word(found))
            }
            _ => None,
        }
    }

    /// Start of the number word in token `j`: after `clitic_chars` letters.
    fn word_start(text: &str, tokens: &Tokens, j: usize, clitic_chars: usize) -> usize {
        let t = &tokens[j];
        if clitic_chars == 0 {
            return t.span.start;
        }
        let n = Normalizer::new();
        let surface = &text[t.span.range()];
        let mut seen = 0;
        for (k, c) in surface.char_indices() {
            if n.fold_char(c) == Some("") {
                continue;
            }
            if seen == clitic_chars {
                return t.span.start + k;
            }
            seen += 1;
        }
        t.span.end
    }

    fn cardinal(&self, text: &str, tokens: &Tokens, i: usize) -> Option<Number> {
        let first = self.piece(tokens, i)?;
        let mut c = Compose { last_scale: f64::INFINITY, ..Compose::default() };
        let (start, definite) = match first {
            Piece::Digits(_) => (tokens[i].span.start, false),
            Piece::Word(f) => {
                if matches!(f.role, Role::Ordinal(_) | Role::TeenUnit(_)) && !self.teen_follows(tokens, i) {
                    return None;
                }
                (Self::word_start(text, tokens, i, f.clitic_chars), f.definite)
            }
            Piece::And => return None,
        };
        let mut j = i;
        let mut end = i;
        loop {
            let Some(p) = self.piece(tokens, j) else { break };
            // A part after the first may be joined by و, as a clitic on the
            // word or as a token of its own.
            let (p, joined, next) = match p {
                Piece::And if j > i => match self.piece(tokens, j + 1) {
                    Some(Piece::Digits(d)) => (Piece::Digits(d), true, j + 2),
                    Some(Piece::Word(f)) => (Piece::Word(f), true, j + 2),
                    _ => break,
                },
                Piece::And => break,
                Piece::Word(f) if j > i && f.clitic_chars > 0 => {
                    // Only و may join parts: "بثلاثة" after a number is a new phrase.
                    if !tokens.norm(&tokens[j]).starts_with('و') {
                        break;
                    }
                    (p, true, j + 1)
                }
                Piece::Word(f) if j > i && f.definite && !matches!(f.role, Role::Scale(_, Plurality::Plural)) => break,
                _ => (p, false, j + 1),
            };
            if !self.step(&mut c, p, joined, j == i) {
                break;
            }
            j = next;
            end = next;
        }
        if end == i {
            return None;
        }
        // A group left waiting (أحد without عشر, a bare fraction) is not a number.
        if matches!(c.cur_kind, GroupKind::TeenUnit | GroupKind::Fraction) {
            return None;
        }
        let value = if c.vague { None } else { Some(c.total + c.cur) };
        let form = match (c.digits, c.words) {
            (true, false) => NumberForm::Digits,
            (false, _) => NumberForm::Words,
            (true, true) => NumberForm::Mixed,
        };
        Some(Number {
            value,
            first: i,
            end,
            span: Span::new(start, tokens[end - 1].span.end),
            form,
            ordinal: false,
            definite,
            scale: if c.max_scale > 0.0 { c.max_scale } else { 1.0 },
            issue: c.issue,
        })
    }

    fn teen_follows(&self, tokens: &Tokens, i: usize) -> bool {
        matches!(self.piece(tokens, i + 1), Some(Piece::Word(Found { role: Role::Ten, clitic_chars: 0, .. })))
    }

    /// Adds one piece to the number being composed; false if it does not
    /// belong to it (the number ends before it).
    fn step(&self, c: &mut Compose, p: Piece, joined: bool, first: bool) -> bool {
        use GroupKind as G;
        match p {
            Piece::Digits(d) => {
                // Digits open a number, or a new group after a scale word
                // ("مليار و650 مليون"); never join other digits.
                let ok = first || (joined && c.cur_kind == G::Empty && c.total > 0.0);
                if ok {
                    c.cur = d;
                    c.cur_kind = G::Digits;
                    c.digits = true;
                }
                ok
            }
            Piece::And => false,
            Piece::Word(f) => {
                // A word that does not join (2015 ثلاث جولات) leaves the form
                // of the number before it as it was.
                let had_words = c.words;
                c.words = true;
                let ok = match f.role {
                    Role::Unit(u) => {
                        let ok = match c.cur_kind {
                            G::Empty => first || (joined && c.total > 0.0),
                            G::Hundred => joined,
                            _ => false,
                        };
                        if ok {
                            c.cur += u;
                            c.cur_kind = G::Unit;
                        }
                        ok
                    }
                    Role::TeenUnit(u) => {
                        let ok = match c.cur_kind {
                            G::Empty => first || (joined && c.total > 0.0),
                            G::Hundred => joined,
                            _ => false,
                        };
                        if ok {
                            c.cur += u;
                            c.cur_kind = G::TeenUnit;
                        }
                        ok
                    }
                    Role::Ten => match c.cur_kind {
                        // أحد عشر، ثلاثة عشر: the unit already counted, add 10.
                        G::Unit | G::TeenUnit if !joined => {
                            c.cur += 10.0;
                            c.cur_kind = G::Teen;
                            true
                        }
                        G::Empty if first || (joined && c.total > 0.0) => {
                            c.cur = 10.0;
                            c.cur_kind = G::Unit;
                            true
                        }
                        G::Hundred if joined => {
                            c.cur += 10.0;
                            c.cur_kind = G::Unit;
                            true
                        }
                        _ => false,
                    },
                    Role::Tens(t) => {
                        let ok = match c.cur_kind {
                            G::Empty => first || (joined && c.total > 0.0),
                            // ثلاثة وعشرون: the unit comes first.
                            G::Unit => joined && c.cur % 100.0 < 10.0,
                            G::Hundred => joined,
                            _ => false,
                        };
                        if ok {
                            c.cur += t;
                            c.cur_kind = G::Tens;
                        }
                        ok
                    }
                    Role::Hundred(h) => match c.cur_kind {
                        // ثلاث مئة: a unit times a singular hundred.
                        G::Unit if !joined && h == 100.0 && c.cur < 10.0 => {
                            c.cur *= 100.0;
                            c.cur_kind = G::Hundred;
                            true
                        }
                        G::Empty if first || (joined && c.total > 0.0) => {
                            c.cur = h;
                            c.cur_kind = G::Hundred;
                            true
                        }
                        _ => false,
                    },
                    Role::Scale(s, plurality) => self.scale(c, s, plurality, joined, first),
                    Role::Fraction(fr) => {
                        if first {
                            c.cur = fr;
                            c.cur_kind = G::Fraction;
                            true
                        } else if joined && c.cur_kind == G::Empty && c.total > 0.0 && c.last_scale.is_finite() {
                            // مليون ونصف: half of the last scale.
                            c.total += fr * c.last_scale;
                            c.cur_kind = G::Hundred; // nothing smaller may follow a fraction
                            c.last_scale = 1.0;
                            true
                        } else {
                            false
                        }
                    }
                    Role::Vague => {
                        if first {
                            c.vague = true;
                            c.cur_kind = G::Empty;
                            c.last_scale = f64::INFINITY;
                            // عشرات / مئات may be followed by الآلاف.
                            true
                        } else {
                            false
                        }
                    }
                    Role::Ordinal(_) => false,
                };
                if !ok {
                    c.words = had_words;
                }
                ok
            }
        }
    }

    fn scale(&self, c: &mut Compose, s: f64, plurality: Plurality, joined: bool, first: bool) -> bool {
        use GroupKind as G;
        if joined || s >= c.last_scale && !c.vague {
            return false;
        }
        if c.vague {
            // عشرات الآلاف، مئات الملايين: still no value.
            if plurality == Plurality::Plural && c.max_scale == 0.0 {
                c.max_scale = s;
                c.last_scale = s;
                return true;
            }
            return false;
        }
        let n = match (c.cur_kind, plurality) {
            (G::Empty, _) if !first => return false,
            (G::Empty, Plurality::Singular) => 1.0,
            (G::Empty, Plurality::Dual | Plurality::Accusative) => 2.0,
            (G::Empty, Plurality::Plural) => {
                // آلاف alone: thousands, no value.
                c.vague = true;
                c.max_scale = s;
                c.last_scale = s;
                return true;
            }
            (G::TeenUnit, _) => return false,
            (G::Fraction, Plurality::Singular) => c.cur,
            (G::Fraction, _) => return false,
            (_, Plurality::Dual) => return false,
            (_, Plurality::Plural) => {
                let n = c.cur;
                if !(n.fract() == 0.0 && (3.0..=10.0).contains(&n)) {
                    c.issue = Some(NumberIssue::PluralScale { number: n, scale: s });
                }
                n
            }
            (_, Plurality::Singular | Plurality::Accusative) => c.cur,
        };
        c.total += n * s;
        c.cur = 0.0;
        c.cur_kind = G::Empty;
        c.last_scale = s;
        c.max_scale = c.max_scale.max(s);
        true
    }

    /// An ordinal at token `i`: الثالث، الحادي عشر، الثاني والعشرون، أول.
    /// Indefinite forms count only in construct before another word (أول
    /// مرة، ثالث أكبر), and the feminine ثانية only with the article (it is
    /// also "a second").
    fn ordinal(&self, text: &str, tokens: &Tokens, i: usize) -> Option<Number> {
        let Some(Piece::Word(f)) = self.piece(tokens, i) else { return None };
        let Role::Ordinal(v) = f.role else { return None };
        let norm = tokens.norm(&tokens[i]);
        // أولى (first) and أوّلي (primary) are one spelling once ى is folded:
        // only the written alef maqsura is the ordinal.
        if v == 1
            && norm.ends_with("اولي")
            && text[tokens[i].span.range()]
                .trim_end_matches(|c: char| ('\u{064B}'..='\u{065F}').contains(&c))
                .ends_with('ي')
        {
            return None;
        }
        let feminine = norm.ends_with('\u{0629}') || norm.ends_with('ي') && v == 1;
        let next_is_word = tokens.get(i + 1).is_some_and(|t| t.kind == TokenKind::Word);
        if !f.definite && (!next_is_word || (v == 2 && feminine)) {
            return None;
        }
        // "حادي" only opens a compound.
        let is_hadi = norm.contains("حادي");
        let mut value = v;
        let mut end = i + 1;
        match self.piece(tokens, i + 1) {
            // الحادي عشر، الثالثة عشرة (the second part keeps or drops ال).
            Some(Piece::Word(g)) if g.role == Role::Ten && g.clitic_chars == 0 => {
                value += 10;
                end = i + 2;
            }
            _ => {
                // الثاني والعشرون
                if let Some(Piece::Word(g)) = self.piece(tokens, i + 1) {
                    if let Role::Tens(t) = g.role {
                        if g.clitic_chars > 0 && tokens.norm(&tokens[i + 1]).starts_with('و') {
                            value += t as u32;
                            end = i + 2;
                        }
                    }
                }
            }
        }
        if is_hadi && end == i + 1 {
            return None;
        }
        Some(Number {
            value: Some(value as f64),
            first: i,
            end,
            span: Span::new(Self::word_start(text, tokens, i, f.clitic_chars), tokens[end - 1].span.end),
            form: NumberForm::Words,
            ordinal: true,
            definite: f.definite,
            scale: 1.0,
            issue: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tokenizer;

    #[test]
    fn lexicon_parses() {
        // Every line is its own entry: no two forms collide once normalized.
        let lines = include_str!("../data/numbers_words.txt").lines().filter(|l| !l.is_empty() && !l.starts_with('#'));
        assert_eq!(WORDS.len(), lines.count());
        assert_eq!(WORDS.get("الاف"), Some(&Role::Scale(1000.0, Plurality::Plural)));
        assert_eq!(WORDS.get("مائه"), Some(&Role::Hundred(100.0)));
    }

    #[test]
    fn precomputed_forms_agree_with_the_rule() {
        for (form, found) in FORMS.iter() {
            let slow = lookup_slow(form).expect("every precomputed form is a number word");
            assert_eq!(
                (slow.role, slow.clitic_chars, slow.definite),
                (found.role, found.clitic_chars, found.definite),
                "{form}"
            );
        }
        for w in ["وثلاثة", "بالألف", "للمئة", "والآلاف", "مائه", "لست", "وست"] {
            let n = Normalizer::new().normalize(w).text;
            assert_eq!(lookup(&n).map(|f| f.role), lookup_slow(&n).map(|f| f.role), "{w}");
        }
    }

    #[test]
    fn digits_table() {
        let table: &[(&str, Option<f64>)] = &[
            ("3", Some(3.0)),
            ("3000", Some(3000.0)),
            ("2.5", Some(2.5)),
            ("57,6", Some(57.6)),
            ("1,000", Some(1000.0)),
            ("1,000,000", Some(1e6)),
            ("1.000.000", Some(1e6)),
            ("1,234.5", Some(1234.5)),
            ("1.234,5", Some(1234.5)),
            ("11,00", Some(11.0)),
            ("10.000", Some(10000.0)),
            ("1.500", Some(1500.0)),
            ("0.125", Some(0.125)),
            ("2014.5", Some(2014.5)),
            ("0.25", Some(0.25)),
            ("1,2,3.4.5", None),
            ("", None),
            ("12a", None),
        ];
        for (s, want) in table {
            assert_eq!(parse_digits(s), *want, "digits {s:?}");
        }
    }

    /// Renders every number of `text` as `surface=value`, `~` for no value,
    /// `#` before ordinals and `!` after a malformed one.
    fn render(text: &str) -> Vec<String> {
        let tokens = Tokenizer::new().tokenize(text);
        NumberReader::new()
            .read_all(text, &tokens)
            .iter()
            .map(|n| {
                let v = n.value.map_or("~".to_string(), |v| format!("{v}"));
                let ord = if n.ordinal { "#" } else { "" };
                let bad = if n.issue.is_some() { "!" } else { "" };
                format!("{}={ord}{v}{bad}", &text[n.span.range()])
            })
            .collect()
    }

    #[test]
    fn numbers_table() {
        let table: &[(&str, &[&str])] = &[
            ("نقل 3 آلاف عنصر", &["3 آلاف=3000"]),
            ("نقل ثلاثة آلاف عنصر", &["ثلاثة آلاف=3000"]),
            ("نقل 3000 آلاف عنصر", &["3000 آلاف=3000000!"]),
            ("٣ ملايين نسمة", &["٣ ملايين=3000000"]),
            ("2.5 مليون دولار", &["2.5 مليون=2500000"]),
            ("٢٫٥ مليار", &["٢٫٥ مليار=2500000000"]),
            ("١٬٥٠٠ شخص", &["١٬٥٠٠=1500"]),
            ("ثلاثة وعشرون ألفا", &["ثلاثة وعشرون ألفا=23000"]),
            ("مليار و650 مليون دولار", &["مليار و650 مليون=1650000000"]),
            ("مليار و 650 مليون", &["مليار و 650 مليون=1650000000"]),
            ("مئتان وخمسون", &["مئتان وخمسون=250"]),
            ("مائتي جندي", &["مائتي=200"]),
            ("ثلاثمئة ألف", &["ثلاثمئة ألف=300000"]),
            ("ثلاث مئة", &["ثلاث مئة=300"]),
            ("ألفين وخمسمائة", &["ألفين وخمسمائة=2500"]),
            ("ألف وخمسمئة", &["ألف وخمسمئة=1500"]),
            ("أحد عشر لاعبا", &["أحد عشر=11"]),
            ("اثنتا عشرة دولة", &["اثنتا عشرة=12"]),
            ("خمسة عشر ألفا", &["خمسة عشر ألفا=15000"]),
            ("عشرة آلاف", &["عشرة آلاف=10000"]),
            ("مليون ونصف", &["مليون ونصف=1500000"]),
            ("نصف مليون لاجئ", &["نصف مليون=500000"]),
            ("بثلاثة ملايين", &["ثلاثة ملايين=3000000"]),
            ("والآلاف", &["الآلاف=~"]),
            ("آلاف الأشخاص", &["آلاف=~"]),
            ("عشرات الآلاف", &["عشرات الآلاف=~"]),
            ("بين 10 و20", &["10=10", "20=20"]),
            ("من 5 إلى 7", &["5=5", "7=7"]),
            ("خمسة وعشرة", &["خمسة=5", "عشرة=10"]),
            ("ثلاثون ألف", &["ثلاثون ألف=30000"]),
            ("13 آلاف", &["13 آلاف=13000!"]),
            ("الحادي عشر من سبتمبر", &["الحادي عشر=#11"]),
            ("المرة الثالثة", &["الثالثة=#3"]),
            ("الثاني والعشرون", &["الثاني والعشرون=#22"]),
            ("أول مرة", &["أول=#1"]),
            ("الجولة الأولى", &["الأولى=#1"]),
            ("الفائض الأولي", &[]),
            ("وست هام", &[]),
            ("30 ثانية", &["30=30"]),
            ("لست أدري", &[]),
            ("أحد المسؤولين", &[]),
            ("في الأحد", &[]),
            ("مائه", &["مائه=100"]),
            ("يوم الاثنين", &[]),
            ("والاثنين", &[]),
            ("غرامة 10.000 درهم", &["10.000=10000"]),
            ("2.500 مليار", &["2.500 مليار=2500000000"]),
        ];
        for (text, want) in table {
            assert_eq!(render(text), *want, "text {text:?}");
        }
    }

    /// Number words in every gender, case and composition, digits in both
    /// scripts and separator styles, scale words after digits, vague
    /// numbers and ordinals: sentences written for this table.
    #[test]
    fn numbers_in_every_form_table() {
        let table: &[(&str, &[&str])] = &[
            // Units, masculine and feminine, nominative and oblique.
            ("وصل ثلاث نساء", &["ثلاث=3"]),
            ("أربعة رجال", &["أربعة=4"]),
            ("ثماني سنوات", &["ثماني=8"]),
            ("ثمانية أشهر", &["ثمانية=8"]),
            ("تسع دول", &["تسع=9"]),
            ("اثنان من الجنود", &["اثنان=2"]),
            ("قتل اثنين من المسلحين", &["اثنين=2"]),
            ("اثنتان منهن", &["اثنتان=2"]),
            // Teens.
            ("ثلاثة عشر قتيلا", &["ثلاثة عشر=13"]),
            ("ثلاث عشرة سيدة", &["ثلاث عشرة=13"]),
            ("إحدى عشرة مرة", &["إحدى عشرة=11"]),
            ("اثني عشر شهرا", &["اثني عشر=12"]),
            ("تسعة عشر عاما", &["تسعة عشر=19"]),
            // Tens and compound tens, both cases, with و as a clitic or alone.
            ("عشرون عاما", &["عشرون=20"]),
            ("خمسين جنديا", &["خمسين=50"]),
            ("خمسة وأربعون", &["خمسة وأربعون=45"]),
            ("سبع وتسعين", &["سبع وتسعين=97"]),
            ("واحد وعشرون", &["واحد وعشرون=21"]),
            ("اثنين وثلاثين", &["اثنين وثلاثين=32"]),
            // Hundreds: both spellings, dual nominative, oblique and construct.
            ("مئة جندي", &["مئة=100"]),
            ("مائة عام", &["مائة=100"]),
            ("مئتا جندي", &["مئتا=200"]),
            ("مئتين وخمسين", &["مئتين وخمسين=250"]),
            ("مائتان", &["مائتان=200"]),
            ("خمسمائة وثلاثة", &["خمسمائة وثلاثة=503"]),
            ("تسعمئة وتسعة وتسعون", &["تسعمئة وتسعة وتسعون=999"]),
            ("ثلاثمائة وستون يوما", &["ثلاثمائة وستون=360"]),
            // Thousands and above: singular, accusative, dual, plural.
            ("ألف شخص", &["ألف=1000"]),
            ("ألفان", &["ألفان=2000"]),
            ("ألفين", &["ألفين=2000"]),
            ("ألفا جندي", &["ألفا=2000"]),
            ("أحد عشر ألفا", &["أحد عشر ألفا=11000"]),
            ("ثلاثة وعشرون ألفا", &["ثلاثة وعشرون ألفا=23000"]),
            ("ثلاثة وعشرين ألف", &["ثلاثة وعشرين ألف=23000"]),
            ("مئة ألف", &["مئة ألف=100000"]),
            ("مائتا ألف", &["مائتا ألف=200000"]),
            ("خمسة آلاف", &["خمسة آلاف=5000"]),
            ("سبعة ملايين", &["سبعة ملايين=7000000"]),
            ("مليونا دولار", &["مليونا=2000000"]),
            ("مليونين", &["مليونين=2000000"]),
            ("مليار", &["مليار=1000000000"]),
            ("ثلاثة مليارات", &["ثلاثة مليارات=3000000000"]),
            ("ملياران", &["ملياران=2000000000"]),
            ("ملياري دولار", &["ملياري=2000000000"]),
            ("تريليوني ريال", &["تريليوني=2000000000000"]),
            ("ثلاثة آلاف وخمسمئة", &["ثلاثة آلاف وخمسمئة=3500"]),
            ("مليون ومئتا ألف", &["مليون ومئتا ألف=1200000"]),
            ("ألف وتسعمائة وثمانية وأربعين", &["ألف وتسعمائة وثمانية وأربعين=1948"]),
            // Fractions with a scale word.
            ("ربع مليون", &["ربع مليون=250000"]),
            ("ثلث مليار", &["ثلث مليار=333333333.333"]),
            ("مليار ونصف", &["مليار ونصف=1500000000"]),
            ("ألف ونصف", &["ألف ونصف=1500"]),
            // Numbers the text does not give.
            ("بضعة أيام", &["بضعة=~"]),
            ("بضع سنوات", &["بضع=~"]),
            ("عشرات القتلى", &["عشرات=~"]),
            ("مئات الآلاف", &["مئات الآلاف=~"]),
            ("آلاف المتظاهرين", &["آلاف=~"]),
            ("ملايين الدولارات", &["ملايين=~"]),
            ("مليارات الدولارات", &["مليارات=~"]),
            // Digits: Arabic-Indic and Persian, both separators, scale words after.
            ("٣٫٥ مليون", &["٣٫٥ مليون=3500000"]),
            ("١٬٢٥٠٬٠٠٠ برميل", &["١٬٢٥٠٬٠٠٠=1250000"]),
            ("١٢٫٧٥ دولار", &["١٢٫٧٥=12.75"]),
            ("۴۵ نفر", &["۴۵=45"]),
            ("12 ألف", &["12 ألف=12000"]),
            ("20 ألفا", &["20 ألفا=20000"]),
            ("٤ آلاف", &["٤ آلاف=4000"]),
            ("1.2 مليار", &["1.2 مليار=1200000000"]),
            ("300 مليون", &["300 مليون=300000000"]),
            ("5 ملايين", &["5 ملايين=5000000"]),
            ("2,5 مليار", &["2,5 مليار=2500000000"]),
            ("1,5 مليون", &["1,5 مليون=1500000"]),
            ("10 مليارات", &["10 مليارات=10000000000"]),
            ("1000 آلاف", &["1000 آلاف=1000000!"]),
            // Ordinals 1–10, 11–19, compounds, the tens.
            ("المرة الأولى", &["الأولى=#1"]),
            ("الدور الثاني", &["الثاني=#2"]),
            ("الدورة الثالثة", &["الثالثة=#3"]),
            ("الموسم الرابع", &["الرابع=#4"]),
            ("الجولة الخامسة", &["الخامسة=#5"]),
            ("اليوم السادس", &["السادس=#6"]),
            ("الفصل السابع", &["السابع=#7"]),
            ("العام الثامن", &["الثامن=#8"]),
            ("الشهر التاسع", &["التاسع=#9"]),
            ("المرتبة العاشرة", &["العاشرة=#10"]),
            ("القرن الحادي والعشرين", &["الحادي والعشرين=#21"]),
            ("الدورة الحادية عشرة", &["الحادية عشرة=#11"]),
            ("الجولة الثالثة عشرة", &["الثالثة عشرة=#13"]),
            ("في الخامس والعشرين من يوليو", &["الخامس والعشرين=#25"]),
            // A definite tens word is an ordinal after a singular noun (الذكرى
            // العشرين) and a cardinal after a plural (الجنود العشرين): the reader
            // does not know the noun's number, reads a cardinal with the article,
            // and the value is the same either way.
            ("الذكرى العشرين", &["العشرين=20"]),
            ("الجنود الخمسين", &["الخمسين=50"]),
            ("ثالث أكبر مدينة", &["ثالث=#3"]),
            // The indefinite accusative with alif, the counted noun left out
            // or before it (فاز بسبعة وخسر ثلاثا، رجلا واحدا).
            ("فاز الفريق بخمس مباريات وخسر ثلاثا", &["خمس=5", "ثلاثا=3"]),
            ("لم يسجل هدفا واحداً", &["واحداً=1"]),
            ("ربح أربعا من ست جولات", &["أربعا=4", "ست=6"]),
            ("قضى تسعا منها في السجن", &["تسعا=9"]),
            // Ordinals with a pronoun: the head of a construct, definite.
            ("مرشحان أولهما وزير سابق وثانيهما طبيب", &["أولهما=#1", "ثانيهما=#2"]),
            ("قضيتان أولاهما الأجور وثانيتهما السكن", &["أولاهما=#1", "ثانيتهما=#2"]),
            ("ثلاثة أسباب ثالثها الأهم", &["ثلاثة=3", "ثالثها=#3"]),
            ("خمسة مطالب رابعهم", &["خمسة=5", "رابعهم=#4"]),
            // A year and a number word after it are two numbers, the year in digits only.
            ("منذ العام 2015 ثلاث جولات", &["2015=2015", "ثلاث=3"]),
        ];
        let mut failed = Vec::new();
        for (text, want) in table {
            let got = render(text);
            if got != *want {
                failed.push(format!("{text}\n  want {want:?}\n  got  {got:?}"));
            }
        }
        assert!(failed.is_empty(), "{} of {} rows differ:\n{}", failed.len(), table.len(), failed.join("\n"));
    }

    #[test]
    fn a_word_that_does_not_join_leaves_the_form() {
        let text = "منذ العام 2015 ثلاث جولات و3 آلاف";
        let tokens = Tokenizer::new().tokenize(text);
        let forms: Vec<NumberForm> = NumberReader::new().read_all(text, &tokens).iter().map(|n| n.form).collect();
        assert_eq!(forms, [NumberForm::Digits, NumberForm::Words, NumberForm::Mixed]);
    }

    #[test]
    fn spans_cover_the_number_without_conjunction() {
        let text = "وصل وثلاثة آلاف";
        let tokens = Tokenizer::new().tokenize(text);
        let n = NumberReader::new().read_all(text, &tokens);
        assert_eq!(&text[n[0].span.range()], "ثلاثة آلاف");
        assert_eq!((n[0].first, n[0].end), (1, 3));
    }
}
