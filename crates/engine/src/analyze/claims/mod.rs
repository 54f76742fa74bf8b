//! Attributed claims: who the article says said what.
//!
//! A claim is found from its cue, one sentence at a time:
//!
//! - a **reporting verb** in any person, tense and voice ([`verbs`]): the
//!   source is the noun phrase after it (قال الوزير إن …) or, when nothing
//!   stands there, before it (الوزير قال إن …); the content begins after a
//!   complementizer (أن، إن، بأن، أنه …), a colon, a quotation, or the
//!   preposition the verb takes (أشار إلى أن، كشف عن، شدد على);
//! - a **circumstantial participle** (مضيفا، مشيرا، قائلا): a further claim of
//!   the source of the clause before it;
//! - an **according-to phrase** (بحسب، وفقا لـ، نقلا عن، بحسب ما ذكرت …): the
//!   source follows the phrase, the content is the rest of the sentence;
//!   after another claim it names the outlet that relayed it;
//! - a **hedge** of the article's own (يبدو أن، من المرجح أن): a claim of kind
//!   `hedged` with no source.
//!
//! Between the cue and the content, adverbials are not part of the source
//! (في بيان، الثلاثاء، لوكالة رويترز, بدوره); a relaying verb splits its
//! source at عن (نقلت وكالة X عن مسؤول قوله: the official is the source,
//! the agency the relay). A content ends at the end of the sentence, before a
//! following attribution (، مضيفا أن …، بحسب …), or before the article's
//! comment (، الأمر الذي …); a cue inside a content that does not open a
//! new clause belongs to the quoted speaker and is not a claim of its own.
//!
//! Lexicons: `data/claims_verbs.txt`, `claims_according.txt`,
//! `claims_hedges.txt`, `claims_sources.txt`, `claims_boundaries.txt`.

pub mod boundary;
pub mod verbs;

use crate::analyze::lexicon::{self, rows, FxMap, PhraseTable};
use crate::analyze::{Claim, ClaimKind, Entity, Part};
use boundary::BoundaryModel;
use marsad_arabic::{Proclitics, Span, Token, TokenKind, Tokens};
use std::sync::LazyLock;
use verbs::{Cue, VerbForm, VERBS};

/// What follows an according-to phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum According {
    /// The source (بحسب الوكالة).
    Source,
    /// A reporting verb, then its subject (بحسب ما ذكرت الوكالة).
    Verb,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hedge {
    Hedge,
    Background,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SourceWord {
    Vague,
    /// Vague only without the article (مسؤول، مصدر; المسؤول points back).
    VagueIndefinite,
    Determiner,
    Anaphor,
    NotSource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bound {
    Time,
    Discourse,
    Channel,
    AdverbPrep,
    Connector,
    Auxiliary,
    Comment,
    NominalCue,
}

struct Lexicons {
    according: PhraseTable<According>,
    hedges: PhraseTable<Hedge>,
    sources: FxMap<Box<str>, SourceWord>,
    bounds: PhraseTable<Bound>,
    /// Every word a claim can start with (a form of a reporting verb, the
    /// first word of an according-to phrase or a hedge): most tokens are
    /// none of these, and one probe here tells.
    starts: FxMap<Box<str>, ()>,
}

static LEX: LazyLock<Lexicons> = LazyLock::new(|| {
    let mut according = PhraseTable::default();
    for (n, cols) in rows(include_str!("../../../data/claims_according.txt")) {
        let v = match cols.get(1).copied() {
            Some("source") => According::Source,
            Some("verb") => According::Verb,
            other => panic!("claims_according.txt:{n}: bad kind {other:?}"),
        };
        according.insert(cols[0], v);
    }
    let mut hedges = PhraseTable::default();
    for (n, cols) in rows(include_str!("../../../data/claims_hedges.txt")) {
        let v = match cols.get(1).copied() {
            Some("hedge") => Hedge::Hedge,
            Some("background") => Hedge::Background,
            other => panic!("claims_hedges.txt:{n}: bad kind {other:?}"),
        };
        hedges.insert(cols[0], v);
    }
    let mut sources = FxMap::default();
    for (n, cols) in rows(include_str!("../../../data/claims_sources.txt")) {
        let v = match cols.get(1).copied() {
            Some("vague") => SourceWord::Vague,
            Some("vague_indefinite") => SourceWord::VagueIndefinite,
            Some("determiner") => SourceWord::Determiner,
            Some("anaphor") => SourceWord::Anaphor,
            Some("not_source") => SourceWord::NotSource,
            other => panic!("claims_sources.txt:{n}: bad kind {other:?}"),
        };
        sources.insert(lexicon::norm(cols[0]).into_boxed_str(), v);
    }
    let mut bounds = PhraseTable::default();
    for (n, cols) in rows(include_str!("../../../data/claims_boundaries.txt")) {
        let v = match cols.get(1).copied() {
            Some("time") => Bound::Time,
            Some("discourse") => Bound::Discourse,
            Some("channel") => Bound::Channel,
            Some("adverb_prep") => Bound::AdverbPrep,
            Some("connector") => Bound::Connector,
            Some("auxiliary") => Bound::Auxiliary,
            Some("comment") => Bound::Comment,
            Some("nominal_cue") => Bound::NominalCue,
            other => panic!("claims_boundaries.txt:{n}: bad kind {other:?}"),
        };
        bounds.insert(cols[0], v);
    }
    let mut starts = FxMap::default();
    for w in according.first_words().chain(hedges.first_words()).chain(VERBS.forms.keys().map(|k| &**k)) {
        starts.insert(Box::from(w), ());
    }
    Lexicons { according, hedges, sources, bounds, starts }
});

/// Complementizers, normalized (أنّ → ان, إنه → انه, بأن → بان).
const COMPLEMENTIZERS: [&str; 22] = [
    "ان",
    "انه",
    "انها",
    "انهم",
    "انهما",
    "انهن",
    "انني",
    "اننا",
    "انك",
    "انكم",
    "بان",
    "بانه",
    "بانها",
    "بانهم",
    "بانهما",
    "فان",
    "فانه",
    "فانها",
    "فانهم",
    "وان",
    "وانه",
    "وانها",
];

/// Words after which أن opens a clause of time or obligation, not reported
/// speech (بعد أن، يجب أن).
const NOT_REPORTING_BEFORE_AN: [&str; 15] =
    ["بعد", "قبل", "منذ", "دون", "بدون", "حتي", "يجب", "يمكن", "بد", "ينبغي", "علي", "من", "الي", "لابد", "بل"];

/// Titles of envoys, normalized: لدى after them (or after the country they
/// represent) names where they serve.
const ENVOYS: [&str; 15] = [
    "وفد",
    "سفير",
    "سفيرة",
    "سفراء",
    "مبعوث",
    "مبعوثة",
    "مندوب",
    "مندوبة",
    "مندوبو",
    "ممثل",
    "ممثلة",
    "ممثلو",
    "قنصل",
    "ملحق",
    "مفوض",
];

/// Verbs whose bare object (no أن, no preposition) is what was said, by
/// lemma (normalized): أعلنت الوزارة، الأحد، مقتل خمسة جنود.
const OBJECT_CLAIM_VERBS: [&str; 11] =
    ["اعلن", "اكد", "نفي", "رجح", "استبعد", "توقع", "اعتبر", "طالب", "اظهر", "هدد", "تعهد"];

/// Prepositions with a pronoun, normalized: never a source.
const PRONOUN_PREPOSITIONS: [&str; 24] = [
    "فيه",
    "فيها",
    "فيهم",
    "فيهما",
    "له",
    "لها",
    "لهم",
    "لهما",
    "عليه",
    "عليها",
    "عليهم",
    "منه",
    "منها",
    "منهم",
    "عنه",
    "عنها",
    "عنهم",
    "اياه",
    "اياها",
    "اياهم",
    "اياهما",
    "اليه",
    "اليها",
    "اليهم",
];

/// Relative pronouns, normalized.
const RELATIVES: [&str; 8] = ["الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللواتي"];

/// Prepositions written as words, normalized.
const PREPOSITIONS: [&str; 12] = ["في", "من", "علي", "الي", "عن", "مع", "بين", "لدي", "حول", "ضد", "عند", "منذ"];

/// The longest source, in tokens (a title, a name and an apposition).
const MAX_SOURCE: usize = 22;

/// Finds attributed claims. Built once, shared across threads.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClaimFinder {
    _private: (),
}

/// A claim being assembled, in token indices of the page.
#[derive(Clone, Debug)]
struct Cand {
    kind: ClaimKind,
    /// Cue tokens `[start, end)`.
    cue: (usize, usize),
    source: Option<(usize, usize)>,
    relay: Option<(usize, usize)>,
    /// Content tokens `[start, end)`; `content_at` is the byte where the
    /// content starts (after a ب that introduces it).
    content: (usize, usize),
    content_at: Option<usize>,
    /// Where the clause of this claim begins (its source, when the source
    /// comes first): a claim before it ends there.
    clause_start: usize,
    participle: bool,
    /// The token that introduced the content (a participle used as a marker,
    /// قال … قائلا:, is not a claim of its own).
    marker: usize,
    /// The cue follows its content (…، بحسب الوكالة).
    cue_after: bool,
    passive: bool,
    hedged: bool,
    /// The source's first word carries a preposition that is not part of it
    /// (لشركة ريان إير التي قالت: the antecedent of a relative clause).
    source_strip: bool,
}

/// What stands between a cue and its content (see [`Sentence::region`]).
struct Region {
    source: Option<(usize, usize)>,
    led_by_adverbial: bool,
    after: Option<usize>,
}

impl ClaimFinder {
    pub fn new() -> ClaimFinder {
        let _ = &*LEX;
        let _ = &*VERBS;
        ClaimFinder { _private: () }
    }

    /// Like [`find`](Self::find), with a learned [`BoundaryModel`] (or none)
    /// deciding the source and content of each claim the rules find.
    pub fn find_with(
        &self,
        model: Option<&BoundaryModel>,
        text: &str,
        tokens: &Tokens,
        sentences: &[Span],
        entities: &[Entity],
    ) -> Vec<Claim> {
        self.find_in(model, text, tokens, sentences, entities, None)
    }

    /// The claims of `text`, whose tokens are `tokens` and whose sentences
    /// are `sentences` (byte spans, in order). `entities` give the canonical
    /// entity of a source when the tagger found one inside it.
    pub fn find(&self, text: &str, tokens: &Tokens, sentences: &[Span], entities: &[Entity]) -> Vec<Claim> {
        self.find_marked(text, tokens, sentences, entities, None)
    }

    /// Like [`find`](Self::find); `marks[i] & mark::CLAIM` says whether token
    /// `i` can start a claim (computed once per page for every analysis by
    /// [`EvidenceFinder`](crate::analyze::evidence::EvidenceFinder)).
    pub(crate) fn find_marked(
        &self,
        text: &str,
        tokens: &Tokens,
        sentences: &[Span],
        entities: &[Entity],
        marks: Option<&[u8]>,
    ) -> Vec<Claim> {
        self.find_in(None, text, tokens, sentences, entities, marks)
    }

    fn find_in(
        &self,
        model: Option<&BoundaryModel>,
        text: &str,
        tokens: &Tokens,
        sentences: &[Span],
        entities: &[Entity],
        marks: Option<&[u8]>,
    ) -> Vec<Claim> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        let toks = tokens.as_slice();
        let mut own = Vec::new();
        let marks = crate::analyze::evidence::marks_or_own(tokens, marks, &mut own);
        let is_start = |i: usize| marks[i] & lexicon::mark::CLAIM != 0;
        for s in sentences {
            let a = toks.partition_point(|t| t.span.start < s.start);
            let b = toks.partition_point(|t| t.span.start < s.end);
            // Most sentences hold no cue at all.
            if a < b && (a..b).any(is_start) {
                let sent = Sentence::new(text, tokens, a, b, Some(marks));
                let mut cands = sent.claims();
                if let Some(m) = model.filter(|_| !cands.is_empty()) {
                    let feats = boundary::SentFeats::new(&sent);
                    for c in &mut cands {
                        m.apply(&sent, &feats, c, &mut buf);
                    }
                }
                for c in cands {
                    out.push(sent.build(c, entities));
                }
            }
        }
        out
    }

    /// Every word a claim can start with, for [`lexicon::mark`].
    pub(crate) fn start_words() -> impl Iterator<Item = &'static str> {
        LEX.starts.keys().map(|k| &**k)
    }

    /// Every first word of a boundary phrase, for [`lexicon::mark`].
    pub(crate) fn bound_words() -> impl Iterator<Item = &'static str> {
        LEX.bounds.first_words()
    }
}

/// One sentence: token range `[s, e)` and where its quotations close.
struct Sentence<'a> {
    text: &'a str,
    tokens: &'a Tokens,
    s: usize,
    e: usize,
    /// For each token of the sentence that opens a quotation, the token that
    /// closes it (or `e`).
    quote_end: Vec<Option<usize>>,
    marks: Option<&'a [u8]>,
}

fn punct(text: &str, t: &Token) -> Option<char> {
    if t.kind == TokenKind::Punct {
        text[t.span.range()].chars().next()
    } else {
        None
    }
}

fn is_comma(c: char) -> bool {
    matches!(c, '،' | ',' | '؛' | ';')
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '«' => Some('»'),
        '“' => Some('”'),
        '„' => Some('”'),
        '"' => Some('"'),
        '‘' => Some('’'),
        _ => None,
    }
}

impl<'a> Sentence<'a> {
    fn new(text: &'a str, tokens: &'a Tokens, s: usize, e: usize, marks: Option<&'a [u8]>) -> Sentence<'a> {
        let mut quote_end = vec![None; e - s];
        let mut i = s;
        while i < e {
            if let Some(close) = punct(text, &tokens[i]).and_then(closing_quote) {
                let end = (i + 1..e).find(|&j| {
                    punct(text, &tokens[j]) == Some(close) || (close == '”' && punct(text, &tokens[j]) == Some('"'))
                });
                quote_end[i - s] = Some(end.unwrap_or(e));
                if let Some(j) = end {
                    i = j + 1;
                    continue;
                }
            }
            i += 1;
        }
        Sentence { text, tokens, s, e, quote_end, marks }
    }

    fn tok(&self, i: usize) -> &Token {
        &self.tokens[i]
    }

    fn punct(&self, i: usize) -> Option<char> {
        punct(self.text, self.tok(i))
    }

    fn is_comma(&self, i: usize) -> bool {
        self.punct(i).is_some_and(is_comma)
    }

    /// The normalized word without a leading conjunction.
    fn word(&self, i: usize) -> &'a str {
        let t = self.tok(i);
        let n = self.tokens.norm(t);
        if t.proclitics.contains(Proclitics::WA) || t.proclitics.contains(Proclitics::FA) {
            &n[2..]
        } else {
            n
        }
    }

    fn has_conj(&self, i: usize) -> bool {
        let t = self.tok(i);
        t.proclitics.contains(Proclitics::WA) || t.proclitics.contains(Proclitics::FA)
    }

    fn quote_close(&self, i: usize) -> Option<usize> {
        self.quote_end.get(i.checked_sub(self.s)?).copied().flatten()
    }

    fn bound(&self, i: usize) -> Option<(Bound, usize)> {
        if self.marks.is_some_and(|m| m[i] & lexicon::mark::BOUND == 0) {
            return None;
        }
        LEX.bounds.at(self.tokens, i, self.e).map(|m| (*m.value, m.end))
    }

    /// A complementizer word, whatever precedes it.
    fn is_comp_word(&self, i: usize) -> bool {
        self.tok(i).kind == TokenKind::Word
            && COMPLEMENTIZERS.contains(&self.tokens.norm(self.tok(i)))
            // مون جيه-إن: part of a hyphenated name.
            && !(i > self.s && self.punct(i - 1) == Some('-'))
            && !(i + 1 < self.e && self.punct(i + 1) == Some('-'))
    }

    fn is_complementizer(&self, i: usize) -> bool {
        if !self.is_comp_word(i) {
            return false;
        }
        // بعد أن، يجب أن: a clause of time or obligation.
        !(i > self.s && NOT_REPORTING_BEFORE_AN.contains(&self.word(i - 1)))
    }

    fn cue(&self, i: usize) -> Option<Cue> {
        let t = self.tok(i);
        if t.kind != TokenKind::Word || t.proclitics.contains(Proclitics::AL) {
            return None;
        }
        if self.marks.is_some_and(|m| m[i] & lexicon::mark::CLAIM == 0) {
            return None;
        }
        // After a preposition the word is a noun (على نقل، في ذكر، بسبب
        // تشككهم).
        if i > self.s
            && matches!(
                self.word(i - 1),
                "علي"
                    | "في"
                    | "من"
                    | "الي"
                    | "عن"
                    | "حول"
                    | "بعد"
                    | "قبل"
                    | "عبر"
                    | "خلال"
                    | "اثر"
                    | "عقب"
                    | "بسبب"
                    | "بشان"
                    | "مع"
                    | "ضد"
                    | "رغم"
                    | "لدي"
                    | "ازاء"
                    | "تجاه"
                    | "دون"
                    | "بدون"
            )
        {
            return None;
        }
        // ردا على، تعليقا على: an adverbial, not a verb.
        if matches!(self.bound(i), Some((Bound::AdverbPrep, _))) {
            return None;
        }
        let (cue, _) = lexicon::find(&VERBS.forms, self.tokens, t)?;
        let verb = VERBS.verb(*cue);
        // بيّن / بين: the particle unless it heads a clause.
        if verb.bare_past_guarded && self.word(i) == verb.lemma && !self.clause_head(i) {
            return None;
        }
        // A verb never carries ب or ك, and ل on a verb makes a clause of
        // purpose (ليؤكد): a word that is a form only without such a letter
        // is a noun (لنقل الجثث، بذكر). كشف، لفت are forms as written.
        let prep = [Proclitics::BI, Proclitics::LI, Proclitics::KA].into_iter().any(|p| t.proclitics.contains(p));
        let [whole, no_conj, _] = lexicon::forms(self.tokens, t);
        if prep && ![whole, no_conj].into_iter().flatten().any(|w| VERBS.forms.contains_key(w)) {
            return None;
        }
        Some(*cue)
    }

    /// Whether token `i` opens a clause: the sentence start, a conjunction
    /// on the word, or a punctuation mark, connector or auxiliary before it.
    fn clause_head(&self, i: usize) -> bool {
        if i == self.s || self.has_conj(i) {
            return true;
        }
        let p = i - 1;
        if self.punct(p).is_some_and(|c| is_comma(c) || matches!(c, ':' | '(' | '«' | '"' | '“' | '-')) {
            return true;
        }
        let w = self.word(p);
        matches!(w, "و" | "ف" | "ثم")
            || matches!(self.bound(p), Some((Bound::Connector | Bound::Auxiliary | Bound::Discourse, _)))
            || (p > self.s && matches!(self.bound(p - 1), Some((Bound::Connector | Bound::Discourse, end)) if end == i))
    }

    /// Every claim of the sentence.
    fn claims(&self) -> Vec<Cand> {
        let mut cands = Vec::new();
        let mut blocked_until = self.s;
        let mut i = self.s;
        while i < self.e {
            let start = match self.marks {
                Some(m) => m[i] & lexicon::mark::CLAIM != 0,
                None => lexicon::find(&LEX.starts, self.tokens, self.tok(i)).is_some(),
            };
            if i < blocked_until || !start {
                i += 1;
                continue;
            }
            if let Some(m) = LEX.hedges.at(self.tokens, i, self.e) {
                // يبدو أن hedges wherever it stands; a bare phrase only at
                // the head of a clause.
                if self.clause_head(i) || self.is_comp_word(m.end - 1) {
                    let (value, end) = (*m.value, m.end);
                    let hedge = if value == Hedge::Hedge { self.hedge(i, end) } else { None };
                    // يعتقد المحققون أن: a hedge verb with a subject is an
                    // attribution, read as a reporting verb below.
                    if value == Hedge::Background || hedge.is_some() {
                        blocked_until = end;
                        cands.extend(hedge);
                        i = end;
                        continue;
                    }
                }
            }
            if let Some(m) = LEX.according.at(self.tokens, i, self.e) {
                let (value, end) = (*m.value, m.end);
                if let Some(c) = self.according(i, end, value) {
                    blocked_until = c.cue.1;
                    i = c.cue.1;
                    cands.push(c);
                    continue;
                }
            }
            if let Some(cue) = self.cue(i) {
                if let Some(c) = self.verb(i, cue) {
                    cands.push(c);
                }
            }
            i += 1;
        }
        self.resolve(cands)
    }

    /// A hedge phrase at `[i, end)`: the rest of the clause is the article's
    /// own hedged assertion.
    fn hedge(&self, i: usize, end: usize) -> Option<Cand> {
        let mut a = end;
        if a < self.e && self.word(a) == "الي" {
            a += 1;
        }
        if a < self.e && self.is_comp_word(a) {
            a += 1;
        } else if !self.tokens.norm(self.tok(end - 1)).ends_with("ان") {
            // A hedge verb without أن (يبدو الوضع هادئا) hedges no clause.
            return None;
        }
        let cue_end = if end > i + 1 && self.is_comp_word(end - 1) { end - 1 } else { end };
        (a < self.e).then(|| Cand {
            kind: ClaimKind::Hedged,
            cue: (i, cue_end),
            marker: end,
            source: None,
            relay: None,
            content: (a, self.comment_cut(a, self.e)),
            content_at: None,
            clause_start: i,
            participle: false,
            cue_after: false,
            source_strip: false,
            passive: false,
            hedged: true,
        })
    }

    /// A reporting verb at `i`.
    fn verb(&self, i: usize, cue: Cue) -> Option<Cand> {
        let verb = VERBS.verb(cue);
        if cue.form == VerbForm::FirstSecond {
            return None;
        }
        if verb.ambiguous && !self.clause_head(i) && !(i + 1 < self.e && self.is_complementizer(i + 1)) {
            return None;
        }
        // لم تؤكد، لن يعلن: a negated report claims nothing.
        if i > self.s && matches!(self.word(i - 1), "لم" | "لن" | "لا") {
            return None;
        }
        // …، مما يشير إلى أن: the verb is part of the article's comment.
        if i > self.s && matches!(self.bound(i - 1), Some((Bound::Comment, end)) if end > i) {
            return None;
        }
        let participle = cue.form == VerbForm::Participle;
        // Find where the content begins.
        let mut j = i + 1;
        let mut relay_at = None;
        let mut marker = None;
        while j < self.e && j <= i + MAX_SOURCE {
            if self.is_complementizer(j) {
                marker = Some((j, j + 1, None));
                break;
            }
            if let Some(c) = self.punct(j) {
                if c == ':' {
                    marker = Some((j, j + 1, None));
                    break;
                }
                if let Some(close) = self.quote_close(j) {
                    // A quotation of a few words can be a name inside the
                    // source ("حماس"); a longer one is what was said.
                    if close - j > 4 || close >= self.e || j == i + 1 {
                        marker = Some((j, j, None));
                        break;
                    }
                    j = close + 1;
                    continue;
                }
                if matches!(c, '.' | '!' | '?' | '؟') {
                    break;
                }
                j += 1;
                continue;
            }
            let w = self.word(j);
            // بالقول / قائلا after the verb: what follows is what was said.
            if matches!(w, "بالقول" | "بقوله" | "بقولها" | "بقولهم") {
                marker = Some((j, j + 1, None));
                break;
            }
            if let Some(c2) = self.cue(j) {
                let v2 = VERBS.verb(c2);
                if c2.form == VerbForm::Participle && v2.lemma == "قال" {
                    marker = Some((j, j + 1, None));
                    break;
                }
                if c2.form == VerbForm::Third && !v2.ambiguous && j > i + 1 {
                    break;
                }
            }
            if verb.relay && relay_at.is_none() && w == "عن" {
                relay_at = Some(j);
                j += 1;
                continue;
            }
            if verb.relay && relay_at.is_none() && w == "نقلا" && j + 1 < self.e && self.word(j + 1) == "عن" {
                relay_at = Some(j);
                j += 2;
                continue;
            }
            // The preposition the verb takes: أشار إلى (أن) …، كشف عن …
            if let Some(p) = self.prep_marker(j, &verb.preps) {
                marker = Some(p);
                break;
            }
            if matches!(self.bound(j), Some((Bound::Connector | Bound::Comment, _))) && j > i + 1 {
                break;
            }
            j += 1;
        }
        // وبين الوزير أن …: the bare past of بيّن only before أن, and with no
        // و between (وبين الحكومة والمعارضة is the particle).
        if verb.bare_past_guarded && self.word(i) == verb.lemma {
            let (m, _, _) = marker?;
            if !self.is_comp_word(m) || (i + 1..m).any(|k| self.has_conj(k) || self.word(k) == "و") {
                return None;
            }
        }
        // أعرب عن شكره: a stance, not what was said; أعرب عن أمله في أن …:
        // the clause after the stance is.
        let marker = if verb.stance {
            let (m, start, _) = marker?;
            let from = if self.is_comp_word(m) { m } else { start };
            let comp = (from..(from + 5).min(self.e)).find(|&k| self.is_comp_word(k))?;
            Some((m, comp + 1, None))
        } else {
            marker
        };
        let Some((m, content_start, content_at)) = marker else {
            return self
                .predicate_content(i, cue)
                .or_else(|| self.cue_after_verb(i, cue))
                .or_else(|| self.object_content(i, cue, j))
                .or_else(|| self.participle_object(i, cue));
        };
        let mut content_start = content_start;
        let mut content_at = content_at;
        // After a colon or بالقول: skip a second marker (تابع قائلا: …).
        while content_start < self.e {
            let w = self.word(content_start);
            if self.punct(content_start) == Some(':')
                || w == "بالقول"
                || self
                    .cue(content_start)
                    .is_some_and(|c| c.form == VerbForm::Participle && VERBS.verb(c).lemma == "قال")
            {
                content_start += 1;
                content_at = None;
            } else {
                break;
            }
        }
        if content_start >= self.e {
            return None;
        }
        let prep_marker = content_at.is_some()
            || (m < self.e
                && !self.is_comp_word(m)
                && self.punct(m).is_none()
                && self.word(m) != "بالقول"
                && self.cue(m).is_none());
        // The source: between the cue and the marker, else before the cue.
        let region_end = relay_at.unwrap_or(m);
        let mut relay = None;
        let region = self.region(i + 1, region_end);
        let mut source = region.source;
        // قالوا، يؤكدون: a verb that agrees with a plural subject follows it
        // (المحامون قالوا إن) or carries it as a pronoun; what stands after
        // it is not its subject (قالوا في وثيقة قضائية إن).
        if self.plural_subject(i) {
            source = None;
        }
        let mut clause_start = i;
        let mut source_strip = false;
        if let Some(r) = relay_at {
            // نقلت وكالة X عن مسؤول قوله: the agency relays the official.
            let from = if self.word(r) == "نقلا" { r + 2 } else { r + 1 };
            let mut to = m;
            for k in from..m {
                if matches!(self.bound(k), Some((Bound::NominalCue, _))) {
                    to = k;
                    break;
                }
            }
            let speaker = self.forward_source(from, to);
            if speaker.is_some() {
                relay = source;
                source = speaker;
            }
        }
        // التي وصفها بأنها: the relative pronoun is the verb's object, and
        // its subject is not written before it.
        let object_relative = self.object_pronoun(i) && self.relative_before(i);
        // تغريدة قال فيها، بيانا جاء فيه: the verb is in a relative clause
        // on the noun before it, its subject unwritten.
        let relative_clause = i + 1 < self.e && PRONOUN_PREPOSITIONS.contains(&self.word(i + 1));
        let may_look_back = !participle
            && cue.form != VerbForm::Passive
            && !self.has_conj(i)
            && relay.is_none()
            && !object_relative
            && !relative_clause;
        if may_look_back && (source.is_none() || region.led_by_adverbial) {
            // الوزير قال إن …; وكان الحزب دعا، الأسبوع الماضي، فلانا إلى …:
            // the subject stands before the verb, and what follows the
            // adverbial is the object, part of what is said.
            if let Some((b, strip)) = self.backward_source_np(i) {
                source_strip = strip;
                if region.led_by_adverbial && prep_marker {
                    if let Some(obj) = source {
                        content_start = obj.0;
                        content_at = None;
                    }
                }
                clause_start = b.0;
                source = Some(b);
            }
        } else if prep_marker && relay.is_none() {
            // دعا النظام، الثلاثاء، اللاجئين إلى العودة: the object after the
            // adverbial is part of what is said.
            if let Some(obj) = region.after {
                content_start = obj;
                content_at = None;
            }
        }
        let hedged = verb.hedge
            && source.is_none()
            && cue.form == VerbForm::Third
            && self.tokens.norm(self.tok(i)).starts_with(['ي', 'ت']);
        Some(Cand {
            kind: if hedged { ClaimKind::Hedged } else { ClaimKind::Indirect },
            cue: (i, i + 1),
            marker: m,
            source,
            relay,
            content: (content_start, self.comment_cut(content_start, self.e)),
            content_at,
            clause_start,
            participle,
            cue_after: false,
            source_strip,
            passive: cue.form == VerbForm::Passive,
            hedged,
        })
    }

    /// The preposition of a verb at `j` (إلى، على، عن، من as words; ب and ل
    /// as proclitics): returns (marker, content start token, content start
    /// byte when the content begins inside the token).
    fn prep_marker(&self, j: usize, preps: &[String]) -> Option<(usize, usize, Option<usize>)> {
        let t = self.tok(j);
        let w = self.word(j);
        if preps.iter().any(|p| p == w) {
            let next = j + 1;
            if next < self.e && self.is_comp_word(next) {
                return Some((j, next + 1, None));
            }
            return Some((j, next, None));
        }
        for (p, clitic) in [("ب", Proclitics::BI), ("ل", Proclitics::LI)] {
            if t.proclitics.contains(clitic) && preps.iter().any(|q| q == p) {
                let base = self.tokens.base(t);
                // المتحدث باسم …: part of a title, not the preposition.
                if base == "اسم" || base.starts_with("ال") && p == "ل" {
                    continue;
                }
                if COMPLEMENTIZERS.contains(&self.tokens.norm(t)) {
                    return Some((j, j + 1, None));
                }
                // بالإضراب → الإضراب (ب leaves a whole word); للمخاطر keeps
                // its ل: without it the word is broken.
                let at = if t.proclitics.contains(Proclitics::AL) {
                    if p == "ب" {
                        self.word_start(j, true)
                    } else {
                        self.word_start(j, false)
                    }
                } else {
                    t.base_start
                };
                return Some((j, j, Some(at)));
            }
        }
        // ب alone before a quotation (طالب بـ"ضمانات").
        if w == "ب" && preps.iter().any(|q| q == "ب") {
            return Some((j, j + 1, None));
        }
        None
    }

    /// Whether an adverbial (not part of a source) begins at `k`; returns
    /// where it ends.
    fn adverbial(&self, k: usize) -> Option<usize> {
        let t = self.tok(k);
        if t.kind == TokenKind::Number {
            return None;
        }
        // وأضاف، حسب رويترز، "…": an according-to phrase between the cue and
        // its content names the relay, not the source.
        if let Some(m) = LEX.according.at(self.tokens, k, self.e) {
            return Some(m.end);
        }
        match self.bound(k) {
            Some((Bound::Time, mut end)) => {
                // الأسبوع الماضي، يوم الخميس، الخميس 5 مارس
                while end < self.e
                    && (matches!(self.bound(end), Some((Bound::Time, _)))
                        || self.tok(end).kind == TokenKind::Number
                        || matches!(
                            self.word(end),
                            "الماضي"
                                | "المقبل"
                                | "الجاري"
                                | "الحالي"
                                | "القادم"
                                | "المنصرم"
                                | "الفائت"
                                | "نفسه"
                                | "ذاته"
                        ))
                {
                    end += 1;
                }
                return Some(end);
            }
            Some((Bound::Discourse | Bound::AdverbPrep, end)) => return Some(end),
            _ => {}
        }
        let w = self.word(k);
        // في بيان، على تويتر، في وقت سابق
        if matches!(w, "في" | "علي" | "عبر" | "ضمن") && k + 1 < self.e {
            if let Some((Bound::Channel | Bound::Time, end)) = self.bound(k + 1) {
                return Some(end);
            }
        }
        // في 14 مارس: a date.
        if w == "في" && k + 1 < self.e && self.tok(k + 1).kind == TokenKind::Number {
            return Some(k + 2);
        }
        // هدد فيها المتظاهرون، أبلغها: a preposition with a pronoun is not
        // a source.
        if PRONOUN_PREPOSITIONS.contains(&w) {
            return Some(k + 1);
        }
        // لبي بي سي: the tokenizer keeps ل on a short word.
        if w.starts_with('ل') && w.len() > 2 {
            if let Some(m) = LEX.bounds.at(self.tokens, k, self.e).filter(|m| *m.value == Bound::Channel && m.form <= 1)
            {
                return Some(m.end);
            }
        }
        // لوكالة رويترز، للصحفيين، لـ"سكاي نيوز": an addressee.
        if t.proclitics.contains(Proclitics::LI) {
            let base = self.tokens.base(t);
            let base = base.strip_prefix("ال").unwrap_or(base);
            if let Some(m) = LEX.bounds.at(self.tokens, k, self.e).filter(|m| *m.value == Bound::Channel) {
                return Some(m.end);
            }
            if matches!(base, "صحفيين" | "صحافيين" | "صحافة" | "وكالة" | "صحيفة" | "قناة" | "شبكة" | "موقع")
            {
                return Some(k + 1);
            }
        }
        if w == "ل" && k + 1 < self.e {
            return Some(k + 2);
        }
        None
    }

    /// The source in `[a, b)`, after the cue: adverbials before it skipped,
    /// cut at the first adverbial after it.
    fn forward_source(&self, a: usize, b: usize) -> Option<(usize, usize)> {
        self.region(a, b).source
    }

    /// What stands between a cue and its content: the source (adverbials
    /// before it skipped, cut at the first adverbial after it), whether an
    /// adverbial came first (دعا، الأسبوع الماضي، …: the subject stood before
    /// the verb), and the first word after the adverbials that end the
    /// source (أعلنت الوزارة، الأحد، مقتل …: the object, where the content
    /// begins).
    fn region(&self, a: usize, b: usize) -> Region {
        let mut x = a;
        let mut led = false;
        loop {
            if x >= b {
                return Region { source: None, led_by_adverbial: led, after: None };
            }
            if self.is_comma(x) || matches!(self.bound(x), Some((Bound::Auxiliary, _))) {
                led |= self.is_comma(x);
                x += 1;
                continue;
            }
            if let Some(end) = self.adverbial(x) {
                led = true;
                x = self.skip_adverbial(x, end, b);
                continue;
            }
            break;
        }
        let mut y = x;
        let mut commas = 0;
        while y < b {
            if y > x && self.adverbial(y).is_some() && !self.envoy_to(y) {
                break;
            }
            if let Some(c) = self.punct(y) {
                if is_comma(c) {
                    commas += 1;
                    // An apposition continues the source (المتحدث، فلان،); an
                    // adverbial after the comma ends it.
                    if commas > 2 || y + 1 >= b || self.adverbial(y + 1).is_some() || self.is_comma(y + 1) {
                        break;
                    }
                } else if let Some(close) = self.quote_close(y) {
                    y = close.min(b - 1) + 1;
                    continue;
                } else if c == '(' {
                    // (الأرض الآن): a parenthesis belongs to the name before it.
                    if let Some(close) = (y + 1..b).find(|&k| self.punct(k) == Some(')')) {
                        y = close + 1;
                        continue;
                    }
                } else if !matches!(c, '(' | ')' | '-' | '»' | '"' | '”' | '/' | '#' | '_') {
                    break;
                }
            }
            // أبلغ فلان الصحافيين أن: the addressee, not the source.
            if y > x && matches!(self.tokens.base(self.tok(y)).trim_start_matches("ال"), "صحفيين" | "صحافيين")
            {
                break;
            }
            if matches!(self.bound(y), Some((Bound::NominalCue | Bound::Connector, _))) && y > x {
                break;
            }
            y += 1;
        }
        let source = self.trim_source(x, y);
        // Past the adverbials that end the source.
        let mut k = y;
        let mut crossed = false;
        while k < b {
            if self.is_comma(k) {
                k += 1;
                continue;
            }
            if let Some(end) = self.adverbial(k) {
                crossed = true;
                k = self.skip_adverbial(k, end, b);
                continue;
            }
            break;
        }
        let after = (crossed && k < b && self.tok(k).is_word()).then_some(k);
        Region { source, led_by_adverbial: led, after }
    }

    /// لدى after an envoy's title is part of the title (سفير فرنسا لدى
    /// الأمم المتحدة), not an adverbial (قال لدى وصوله).
    fn envoy_to(&self, y: usize) -> bool {
        y > self.s
            && self.word(y) == "لدي"
            && ENVOYS.contains(&self.tokens.base(self.tok(y - 1)).trim_start_matches("ال"))
            || y > self.s + 1
                && self.word(y) == "لدي"
                && ENVOYS.contains(&self.tokens.base(self.tok(y - 2)).trim_start_matches("ال"))
    }

    /// The end of an adverbial that starts at `x` and whose first words end
    /// at `end`: a time or discourse adverbial is those words; any other
    /// runs to the next comma (في بيان نشره على موقعه، …).
    fn skip_adverbial(&self, x: usize, end: usize, b: usize) -> usize {
        if matches!(self.bound(x), Some((Bound::Time | Bound::Discourse, _))) {
            return end;
        }
        let mut k = end;
        while k < b && !self.is_comma(k) {
            k += 1;
        }
        k
    }

    /// Like [`backward_source`](Self::backward_source); when a relative
    /// pronoun stands before the verb (… لشركة ريان إير التي قالت إنها), the
    /// source is the antecedent's noun phrase only: it begins after the last
    /// preposition before it, or at a word that carries one (then `true`: the
    /// clitic is not part of the source).
    fn backward_source_np(&self, i: usize) -> Option<((usize, usize), bool)> {
        let (x, y) = self.backward_source(i)?;
        if !self.relative_before(i) {
            return Some(((x, y), false));
        }
        for k in (x..y).rev() {
            let t = self.tok(k);
            if !t.is_word() {
                continue;
            }
            if PREPOSITIONS.contains(&self.word(k)) {
                return (k + 1 < y).then_some(((k + 1, y), false));
            }
            let prep = t.proclitics.contains(Proclitics::LI) || t.proclitics.contains(Proclitics::BI);
            if prep && self.tokens.base(t) != "اسم" {
                return Some(((k, y), true));
            }
        }
        Some(((x, y), false))
    }

    /// A relative pronoun (الذي، التي، الذين، اللذان …) right before the verb
    /// at `i`, auxiliaries between them allowed.
    fn relative_before(&self, i: usize) -> bool {
        let mut p = i;
        while p > self.s {
            p -= 1;
            if matches!(self.bound(p), Some((Bound::Auxiliary, _))) {
                continue;
            }
            return RELATIVES.contains(&self.word(p));
        }
        false
    }

    /// Whether the verb at `i` carries an object pronoun (وصفها، تعتبره).
    fn object_pronoun(&self, i: usize) -> bool {
        let w = self.word(i);
        ["هما", "هم", "هن", "ها", "ه"]
            .iter()
            .any(|p| w.strip_suffix(p).is_some_and(|stem| stem.chars().count() >= 2 && VERBS.forms.contains_key(stem)))
    }

    /// Whether the verb at `i` agrees with a plural subject (قالوا، يقولون).
    fn plural_subject(&self, i: usize) -> bool {
        let w = self.word(i);
        w.chars().count() > 3 && (w.ends_with("وا") || (w.ends_with("ون") && w.starts_with(['ي', 'ت'])))
    }

    /// A participle after a comma with its object and no complementizer
    /// (…، مؤكدا ضرورة هذه الإصلاحات): the object and the rest of the clause
    /// are what is said.
    fn participle_object(&self, i: usize, cue: Cue) -> Option<Cand> {
        if cue.form != VerbForm::Participle || i == self.s || !self.is_comma(i - 1) || i + 1 >= self.e {
            return None;
        }
        let a = i + 1;
        if !self.tok(a).is_word() || self.bound(a).is_some() || self.adverbial(a).is_some() || self.cue(a).is_some() {
            return None;
        }
        if PREPOSITIONS.contains(&self.word(a)) {
            return None;
        }
        Some(Cand {
            kind: ClaimKind::Indirect,
            cue: (i, i + 1),
            marker: a,
            source: None,
            relay: None,
            content: (a, self.comment_cut(a, self.e)),
            content_at: None,
            clause_start: i,
            participle: true,
            cue_after: false,
            source_strip: false,
            passive: false,
            hedged: false,
        })
    }

    /// The source before a cue at `i` (subject first: الوزير قال إن …).
    fn backward_source(&self, i: usize) -> Option<(usize, usize)> {
        let mut y = i;
        // Auxiliaries, adverbials and commas between the subject and the verb.
        loop {
            if y <= self.s {
                return None;
            }
            let p = y - 1;
            if self.is_comma(p) || matches!(self.bound(p), Some((Bound::Auxiliary | Bound::Time | Bound::Discourse, _)))
            {
                // وقد قال، وبعد ذلك قال: a conjunction there opens the clause.
                if !self.is_comma(p) && self.has_conj(p) {
                    return None;
                }
                y = p;
                continue;
            }
            // من جهته، من جانبه: two words.
            if p > self.s && matches!(self.bound(p - 1), Some((Bound::Discourse | Bound::Time, end)) if end == y) {
                if self.has_conj(p - 1) {
                    return None;
                }
                y = p - 1;
                continue;
            }
            break;
        }
        // لما يقول إنها، فيما وصفتها: ما is the object of the verb, whose
        // subject is not written before it.
        if y > self.s && matches!(self.word(y - 1), "ما" | "لما" | "فيما" | "بما" | "مما" | "عما") {
            return None;
        }
        let mut x = y;
        while x > self.s {
            let p = x - 1;
            if let Some(c) = self.punct(p) {
                if !(is_comma(c) || matches!(c, '(' | ')' | '"' | '«' | '»' | '“' | '”' | '-' | '#' | '_')) {
                    break;
                }
            } else {
                let w = self.word(p);
                if self.is_complementizer(p) || matches!(w, "التي" | "الذي" | "الذين") && p + 1 < y {
                    break;
                }
                if matches!(self.bound(p), Some((Bound::Connector, _))) || matches!(w, "لم" | "لن" | "لا" | "بل")
                {
                    break;
                }
                if self.cue(p).is_some_and(|c| c.form != VerbForm::FirstSecond) {
                    break;
                }
                // An adverbial (تم خلال الأسابيع الأخيرة تسريب وثائق): the
                // source begins after its definite noun phrase.
                if matches!(self.bound(p), Some((Bound::AdverbPrep, _))) {
                    let mut k = p + 1;
                    while k < y && self.tok(k).proclitics.contains(Proclitics::AL) {
                        k += 1;
                    }
                    x = k;
                    break;
                }
                // A conjunction after a comma opens a new clause (…، وبعد ذلك
                // كشف): the source cannot begin before it.
                if self.has_conj(p) && p > self.s && self.is_comma(p - 1) {
                    x = p;
                    break;
                }
            }
            if y - p > MAX_SOURCE {
                return None;
            }
            x = p;
        }
        // A relative pronoun right before the verb: its antecedent is the source.
        let mut y2 = y;
        if y2 > x && matches!(self.word(y2 - 1), "التي" | "الذي" | "الذين") {
            y2 -= 1;
        }
        // Leading auxiliaries (وكانت الوزارة قد قالت) and adverbials (وبعد
        // ذلك) are not the source.
        loop {
            if x < y2
                && (matches!(self.bound(x), Some((Bound::Auxiliary | Bound::Connector, _))) || self.word(x) == "و")
            {
                x += 1;
            } else if let Some((Bound::Time | Bound::Discourse, end)) = self.bound(x).filter(|_| x < y2) {
                x = end;
            } else {
                break;
            }
        }
        self.trim_source(x, y2)
    }

    /// Trims punctuation from both ends of a source; `None` if nothing is left
    /// or it does not start with a word.
    fn trim_source(&self, mut x: usize, mut y: usize) -> Option<(usize, usize)> {
        while x < y && self.punct(x).is_some_and(|c| is_comma(c) || matches!(c, ')' | '-' | ':')) {
            x += 1;
        }
        while y > x && self.punct(y - 1).is_some_and(|c| !matches!(c, '"' | '»' | '”' | ')')) {
            y -= 1;
        }
        // An unbalanced closing quote.
        while y > x
            && self.punct(y - 1).is_some_and(|c| matches!(c, '"' | '»' | '”'))
            && !(x..y - 1).any(|k| self.quote_close(k).is_some())
        {
            y -= 1;
        }
        (x < y && (x..y).any(|k| self.tok(k).is_word() || self.tok(k).kind == TokenKind::Number)).then_some((x, y))
    }

    /// Where a content starting at `a` ends once the article's comment is
    /// cut off (…، الأمر الذي لم يتحقق).
    fn comment_cut(&self, a: usize, b: usize) -> usize {
        let mut k = a + 1;
        while k < b {
            // Words inside a quotation are the speaker's, not a comment.
            if let Some(close) = self.quote_close(k - 1) {
                k = close + 2;
                continue;
            }
            if self.is_comma(k - 1) && matches!(self.bound(k), Some((Bound::Comment, _))) && !self.speech_resumes(k, b)
            {
                return k - 1;
            }
            // وهو ما يعني …: the article's comment, also without a comma.
            if !self.is_comma(k - 1)
                && matches!(self.tokens.norm(self.tok(k)), "وهو" | "وهي")
                && k + 1 < b
                && self.word(k + 1) == "ما"
            {
                return k;
            }
            k += 1;
        }
        b
    }

    /// Whether the speaker's words resume after an aside that begins at `k`
    /// (…، لكنه لم يكشف عن اسمه، وأنه استعان …): a complementizer with و
    /// after a later comma.
    fn speech_resumes(&self, k: usize, b: usize) -> bool {
        (k + 1..b.saturating_sub(1)).any(|j| {
            self.is_comma(j) && self.tokens.norm(self.tok(j + 1)).starts_with("وان") && self.is_comp_word(j + 1)
        })
    }

    /// A verb with no complementizer whose source is followed by an
    /// adverbial and an object: أعلنت الوزارة، الأحد، مقتل خمسة جنود. The
    /// object and the rest of the clause are what was said.
    fn object_content(&self, i: usize, cue: Cue, scan_end: usize) -> Option<Cand> {
        let verb = VERBS.verb(cue);
        // Only verbs whose bare object is a proposition (أعلن مقتل، نفى
        // وجود); أقر قانونا، كشف هويته name a thing, not a statement.
        if cue.form != VerbForm::Third || !OBJECT_CLAIM_VERBS.contains(&verb.lemma.as_str()) {
            return None;
        }
        let region = self.region(i + 1, scan_end.min(self.e));
        let (source, obj, clause_start) = if region.led_by_adverbial {
            // وكانت برلين أعلنت، الاثنين، موافقتها على …: the subject stood
            // before the verb; after the adverbial comes the object.
            if self.has_conj(i) || !(i + 1 < self.e && self.is_comma(i + 1)) {
                return None;
            }
            let obj = region.source?.0;
            let b = self.backward_source(i)?;
            (b, obj, b.0)
        } else {
            (region.source?, region.after?, i)
        };
        let end = self.comment_cut(obj, self.e);
        Some(Cand {
            kind: ClaimKind::Indirect,
            cue: (i, i + 1),
            marker: obj,
            source: Some(source),
            relay: None,
            content: (obj, end),
            content_at: None,
            clause_start,
            participle: false,
            cue_after: false,
            source_strip: false,
            passive: false,
            hedged: false,
        })
    }

    /// A verb of judging with an object pronoun, its subject and a predicate
    /// (وتعتبرها أنقرة جماعة إرهابية، اعتبرها الحزب دعوة صريحة …): the
    /// subject is the first word and the words with the article after it;
    /// the predicate is what is said.
    fn predicate_content(&self, i: usize, cue: Cue) -> Option<Cand> {
        if cue.form != VerbForm::Third || !self.object_pronoun(i) {
            return None;
        }
        if !matches!(VERBS.verb(cue).lemma.as_str(), "اعتبر" | "وصف" | "راي") {
            return None;
        }
        let x = i + 1;
        if x >= self.e || !self.tok(x).is_word() || self.bound(x).is_some() || self.adverbial(x).is_some() {
            return None;
        }
        let mut k = x + 1;
        while k < self.e && self.tok(k).is_word() && self.tok(k).proclitics.contains(Proclitics::AL) {
            k += 1;
        }
        if k >= self.e
            || !self.tok(k).is_word()
            || self.tok(k).proclitics.contains(Proclitics::AL)
            || self.adverbial(k).is_some()
            || self.bound(k).is_some()
            || PREPOSITIONS.contains(&self.word(k))
        {
            return None;
        }
        Some(Cand {
            kind: ClaimKind::Indirect,
            cue: (i, i + 1),
            marker: k,
            source: Some((x, k)),
            relay: None,
            content: (k, self.comment_cut(k, self.e)),
            content_at: None,
            clause_start: i,
            participle: false,
            cue_after: false,
            source_strip: false,
            passive: false,
            hedged: false,
        })
    }

    /// A verb with no content after its source: it may follow its content
    /// («…»، قال الوزير. / …، كما أفادت الوكالة).
    fn cue_after_verb(&self, i: usize, cue: Cue) -> Option<Cand> {
        if cue.form != VerbForm::Third || i == self.s {
            return None;
        }
        let mut p = i - 1;
        if matches!(self.word(p), "كما" | "حسبما" | "مثلما") && !self.has_conj(i) {
            if p == self.s {
                return None;
            }
            p -= 1;
        }
        if !(self.is_comma(p) || self.punct(p).is_some_and(|c| matches!(c, '»' | '"' | '”'))) || p <= self.s {
            return None;
        }
        let source = self.forward_source(i + 1, self.e)?;
        // The source must run to the end of the sentence, or to adverbials
        // that do (…، قال الوزير في بيان الثلاثاء).
        let mut after = source.1;
        while after < self.e {
            if self.punct(after).is_some() {
                after += 1;
            } else if let Some(end) = self.adverbial(after) {
                after = self.skip_adverbial(after, end, self.e);
            } else {
                return None;
            }
        }
        let content_end = if self.is_comma(p) { p } else { p + 1 };
        Some(Cand {
            kind: ClaimKind::Indirect,
            cue: (p + 1, i + 1),
            marker: i,
            source: Some(source),
            relay: None,
            content: (self.s, content_end),
            content_at: None,
            clause_start: p,
            participle: false,
            cue_after: true,
            source_strip: false,
            passive: false,
            hedged: false,
        })
    }

    /// An according-to phrase at `[i, end)`.
    fn according(&self, i: usize, end: usize, form: According) -> Option<Cand> {
        let mut k = end;
        if form == According::Verb {
            // بحسب ما (قد) ذكرت الوكالة
            if k < self.e && matches!(self.bound(k), Some((Bound::Auxiliary, _))) {
                k += 1;
            }
            let cue = (k < self.e).then(|| self.cue(k)).flatten()?;
            if cue.form == VerbForm::FirstSecond {
                return None;
            }
            k += 1;
        }
        // لـ / إلى / عن before the source
        // وفق ما أعلنت عنه السلطات: عنه belongs to the verb, the source follows.
        if k < self.e && matches!(self.word(k), "ل" | "الي" | "عن" | "لما" | "ما" | "عنه" | "عنها" | "عنهم")
        {
            k += 1;
        }
        // The source runs to a comma, the end, or a complementizer.
        let mut b = k;
        let mut relay_at = None;
        while b < self.e && b < k + MAX_SOURCE {
            if self.is_comma(b)
                || self.is_complementizer(b)
                || self.punct(b).is_some_and(|c| matches!(c, '.' | ':' | '!' | '؟'))
            {
                break;
            }
            if self.word(b) == "عن" && relay_at.is_none() && b > k {
                relay_at = Some(b);
            }
            b += 1;
        }
        let mut source = self.forward_source(k, relay_at.unwrap_or(b));
        let mut relay = None;
        if let Some(r) = relay_at {
            if let Some(sp) = self.forward_source(r + 1, b) {
                relay = source;
                source = Some(sp);
            }
        }
        let src = source?;
        // بحسب القانون: a rule, not a source.
        if self.head_word(src) == Some(SourceWord::NotSource) {
            return None;
        }
        let at_start = i == self.s
            || (i == self.s + 1 && self.word(self.s) == "و")
            || self.clause_head(i) && self.before_is_empty(i);
        // Content: after the source when the phrase opens the sentence,
        // otherwise what comes before it.
        let (content, cue_after, clause_start) = if at_start {
            let mut a = b;
            while a < self.e && (self.is_comma(a) || matches!(self.word(a), "فان" | "فانه" | "فانها" | "فقد" | "ف"))
            {
                a += 1;
            }
            if a < self.e && self.is_complementizer(a) {
                a += 1;
            }
            if a >= self.e {
                return None;
            }
            ((a, self.comment_cut(a, self.e)), false, i)
        } else {
            let mut z = i;
            while z > self.s && (self.is_comma(z - 1) || matches!(self.word(z - 1), "و" | "وذلك" | "ذلك")) {
                z -= 1;
            }
            if z <= self.s {
                return None;
            }
            ((self.s, z), true, z)
        };
        Some(Cand {
            kind: ClaimKind::AccordingTo,
            cue: (i, k.min(src.0).max(i + 1)),
            marker: i,
            source,
            relay,
            content,
            content_at: None,
            clause_start,
            participle: false,
            cue_after,
            source_strip: false,
            passive: false,
            hedged: false,
        })
    }

    /// Nothing but a conjunction or punctuation before token `i`.
    fn before_is_empty(&self, i: usize) -> bool {
        (self.s..i).all(|k| self.punct(k).is_some() || matches!(self.word(k), "و" | "ف"))
    }

    /// The kind of the head word of a source (after بعض، أحد …).
    fn head_word(&self, (x, y): (usize, usize)) -> Option<SourceWord> {
        let mut k = x;
        while k < y {
            let t = self.tok(k);
            if !t.is_word() {
                k += 1;
                continue;
            }
            let found = lexicon::find(&LEX.sources, self.tokens, t).map(|(v, _)| *v);
            let found = match found {
                Some(SourceWord::VagueIndefinite) if t.proclitics.contains(Proclitics::AL) => None,
                Some(SourceWord::VagueIndefinite) => Some(SourceWord::Vague),
                other => other,
            };
            match found {
                Some(SourceWord::Determiner) => {
                    k += 1;
                    if k < y && self.word(k) == "من" {
                        k += 1;
                    }
                }
                other => return other,
            }
        }
        None
    }

    /// Orders the candidates and decides, for each cue inside another
    /// claim's content, whether it opens a following claim (the first one
    /// then ends there) or belongs to the quoted speaker (it is dropped).
    fn resolve(&self, mut cands: Vec<Cand>) -> Vec<Cand> {
        cands.sort_by_key(|c| c.cue.0);
        let mut out: Vec<Cand> = Vec::new();
        for mut c in cands {
            if out.iter().any(|p| p.marker == c.cue.0 && p.cue.0 < c.cue.0) {
                continue;
            }
            if c.cue_after && c.kind == ClaimKind::AccordingTo {
                // وأضاف، حسب رويترز، "…": the phrase stands between a cue
                // and its content and names the relay of that claim.
                if let Some(prev) = out
                    .iter_mut()
                    .rev()
                    .find(|p| c.content.0 <= p.cue.0 && p.cue.0 < c.content.1 && p.content.0 >= c.cue.1)
                {
                    if prev.relay.is_none() {
                        prev.relay = c.source;
                    }
                    continue;
                }
            }
            if c.cue_after {
                // …، بحسب X after another claim: X relayed that claim.
                if let Some(prev) = out.iter_mut().rev().find(|p| p.content.0 < c.cue.0 && c.cue.0 <= p.content.1) {
                    if c.kind == ClaimKind::AccordingTo && prev.hedged && prev.source.is_none() {
                        // من المتوقع أن …، بحسب X: the expectation is X's,
                        // not the article's own hedge.
                        prev.content = (prev.cue.0, prev.content.1.min(c.clause_start));
                        prev.content_at = Some(self.word_start(prev.cue.0, false));
                        prev.kind = ClaimKind::AccordingTo;
                        prev.hedged = false;
                        prev.source = c.source;
                        prev.cue = c.cue;
                        prev.marker = c.marker;
                        continue;
                    }
                    if c.kind == ClaimKind::AccordingTo {
                        if prev.relay.is_none() && !prev.cue_after {
                            prev.relay = c.source;
                        }
                        prev.content.1 = prev.content.1.min(c.clause_start);
                    }
                    continue;
                }
                out.push(c);
                continue;
            }
            if let Some(prev) = out.iter_mut().rev().find(|p| p.content.0 <= c.cue.0 && c.cue.0 < p.content.1) {
                let opens = self.opens_clause(&c);
                if !opens {
                    continue;
                }
                let cut =
                    if c.participle { self.clause_before(c.cue.0) } else { self.clause_before_aux(c.clause_start) };
                prev.content.1 = prev.content.1.min(cut);
                // وبحسب رويترز، قال فلان "…": the phrase frames the claim
                // that follows it; the outlet is its relay.
                if prev.kind == ClaimKind::AccordingTo
                    && !prev.cue_after
                    && c.relay.is_none()
                    && !(prev.content.0..prev.content.1).any(|k| self.tok(k).is_word())
                {
                    c.relay = prev.source;
                }
                if c.participle && c.source.is_none() {
                    c.source = prev.source;
                    c.relay = prev.relay;
                }
            } else if c.participle && c.source.is_none() {
                c.source = self.head_subject(c.cue.0);
            }
            out.push(c);
        }
        // *نقلا عن الصحيفة: a credit line, nothing claimed.
        out.retain(|c| c.content.0 < c.content.1 && (c.content.0..c.content.1).any(|k| self.tok(k).is_word()));
        out
    }

    /// Whether the claim `c`, whose cue stands inside the content of an
    /// earlier claim, opens a new clause (…، وقال …; …، مضيفا …; …، فلقد
    /// كشفت صحيفة …) rather than reporting words of that claim's speaker
    /// (إن واينستين حذره من …; أن معلومات، رجحت …).
    fn opens_clause(&self, c: &Cand) -> bool {
        if c.participle || self.has_conj(c.clause_start) || c.clause_start <= self.s {
            return true;
        }
        // A conjunction on an auxiliary before the verb (فلقد كشفت، وقد أكد).
        let mut p = c.clause_start - 1;
        while matches!(self.bound(p), Some((Bound::Auxiliary, _))) {
            // فقد، وقد، فلقد: the tokenizer may keep the conjunction on the
            // particle.
            let n = self.tokens.norm(self.tok(p));
            if self.has_conj(p)
                || (n.len() > 2 && (n.starts_with('و') || n.starts_with('ف')))
                || (p > self.s && self.is_comma(p - 1) && c.source.is_some_and(|s| s.0 > c.cue.0))
            {
                return true;
            }
            if p <= self.s {
                return true;
            }
            p -= 1;
        }
        if matches!(self.word(p), "و" | "ثم") {
            return true;
        }
        // …، فيما وصفتها …، حيث ترى الصحيفة أن: a connector after a comma
        // opens a clause of its own.
        if let Some(c) = self.connector_before(c.clause_start) {
            if c > self.s && self.is_comma(c - 1) {
                return true;
            }
        }
        // After a comma, only with its own source after it (…، قال مسؤول).
        self.is_comma(p) && c.source.is_some_and(|s| s.0 > c.cue.0)
    }

    /// Where a clause that begins at `k` really begins: before the
    /// auxiliaries and conjunctions in front of it (…، فلقد كشفت).
    fn clause_before_aux(&self, k: usize) -> usize {
        let k = self.connector_before(k).unwrap_or(k);
        let mut p = k;
        while p > self.s
            && (matches!(self.bound(p - 1), Some((Bound::Auxiliary, _)))
                || matches!(self.word(p - 1), "و" | "ف" | "ثم"))
        {
            p -= 1;
        }
        p
    }

    /// Where a connector (فيما، حيث، في حين) that ends right before token
    /// `k` begins, auxiliaries between them allowed.
    fn connector_before(&self, k: usize) -> Option<usize> {
        let mut p = k;
        while p > self.s && matches!(self.bound(p - 1), Some((Bound::Auxiliary, _))) {
            p -= 1;
        }
        for back in 1..=2 {
            let q = p.checked_sub(back).filter(|&q| q >= self.s)?;
            if matches!(self.bound(q), Some((Bound::Connector, end)) if end == p) {
                return Some(q);
            }
        }
        None
    }

    /// Where the clause of a participle begins: the comma before it.
    fn clause_before(&self, k: usize) -> usize {
        let mut p = k;
        while p > self.s && (self.is_comma(p - 1) || self.word(p - 1) == "و") {
            p -= 1;
        }
        p
    }

    /// The subject of a sentence that opens with a verb (وخطب ترامب في …
    /// قائلا): the source of a participle with no claim before it.
    fn head_subject(&self, participle: usize) -> Option<(usize, usize)> {
        // كما أشاد، وقد أكد: a connector or auxiliary before the verb.
        let mut first = self.s;
        while first + 1 < participle
            && matches!(self.bound(first), Some((Bound::Connector | Bound::Auxiliary, end)) if end == first + 1)
        {
            first += 1;
        }
        let t = self.tok(first);
        if !t.is_word() || t.proclitics.contains(Proclitics::AL) || participle <= first + 1 {
            return None;
        }
        if self.bound(first).is_some() || LEX.according.at(self.tokens, first, self.e).is_some() {
            return None;
        }
        let (x, y) = self.forward_source(first + 1, participle)?;
        // وأشاد الوزير بالخطة، مؤكدا …: the subject ends where the verb's
        // object or prepositional phrase begins.
        let end = (x + 1..y)
            .find(|&k| {
                let t = self.tok(k);
                t.is_word()
                    && (PREPOSITIONS.contains(&self.word(k))
                        || (t.proclitics.contains(Proclitics::BI) || t.proclitics.contains(Proclitics::LI))
                            && self.tokens.base(t) != "اسم")
            })
            .unwrap_or(y);
        self.trim_source(x, end)
    }

    fn word_start(&self, i: usize, preps: bool) -> usize {
        lexicon::word_start(self.text, self.tok(i), preps)
    }

    /// Turns a candidate into a [`Claim`] with byte spans.
    fn build(&self, c: Cand, entities: &[Entity]) -> Claim {
        let part = |(x, y): (usize, usize)| -> Part {
            let start = self.word_start(x, true);
            let end = self.tok(y - 1).span.end;
            Part { text: self.text[start..end].to_string(), span: Span::new(start, end) }
        };
        // The subject of a verb carries no preposition: a first letter that
        // looks like one (كوفسكي، بولتون، لافروف) is part of the name. After an
        // according-to phrase a source may be written with ل or ب (وفقا
        // لوكالة), never with ك.
        let according = c.kind == ClaimKind::AccordingTo;
        let source_part = |(x, y): (usize, usize)| -> Part {
            let t = self.tok(x);
            let strip = (according || c.source_strip) && !t.proclitics.contains(Proclitics::KA);
            let start = self.word_start(x, strip);
            let end = self.tok(y - 1).span.end;
            Part { text: self.text[start..end].to_string(), span: Span::new(start, end) }
        };
        let cue = {
            // A verb that begins with و or ف (وصف، وجد) keeps it.
            let t = self.tok(c.cue.0);
            let whole = VERBS.forms.contains_key(self.tokens.norm(t))
                || LEX.according.at(self.tokens, c.cue.0, self.e).is_some_and(|m| m.form == 0)
                || LEX.hedges.at(self.tokens, c.cue.0, self.e).is_some_and(|m| m.form == 0);
            let start = if whole { t.span.start } else { self.word_start(c.cue.0, false) };
            let end = self.tok(c.cue.1 - 1).span.end;
            Part { text: self.text[start..end].to_string(), span: Span::new(start, end) }
        };
        let (mut kind, content) = self.content(&c);
        if c.kind != ClaimKind::Indirect {
            kind = c.kind;
        }
        let source = c.source.map(source_part);
        let vague = c.passive
            || c.source.is_some_and(|s| {
                self.head_word(s) == Some(SourceWord::Vague)
                    && !(s.0..s.1).any(|k| {
                        lexicon::find(&LEX.sources, self.tokens, self.tok(k))
                            .is_some_and(|(v, _)| *v == SourceWord::Anaphor)
                    })
            });
        let source_entity = source.as_ref().and_then(|s| {
            entities
                .iter()
                .filter(|e| e.canonical.is_some() && s.span.contains(&e.span))
                .max_by_key(|e| e.span.len())
                .and_then(|e| e.canonical.clone())
        });
        Claim {
            kind,
            source,
            cue,
            content,
            source_entity,
            relay: c.relay.map(part),
            vague_source: vague,
            hedged: c.hedged,
        }
    }

    /// The content's text and span, trimmed of punctuation and of the
    /// quotation marks around a whole quotation; `Direct` when it is one.
    fn content(&self, c: &Cand) -> (ClaimKind, Part) {
        let (x, y) = c.content;
        let mut start = c.content_at.unwrap_or(self.tok(x).span.start);
        let mut end = self.tok(y - 1).span.end;
        let mut kind = ClaimKind::Indirect;
        if let Some(close) = self.quote_close(x) {
            // The content is a quotation when nothing but punctuation follows
            // the closing mark.
            let rest_is_punct = (close + 1..y).all(|k| self.punct(k).is_some());
            if rest_is_punct {
                kind = ClaimKind::Direct;
                start = self.tok(x).span.end;
                end = if close < y { self.tok(close).span.start } else { end };
            }
        }
        let text = &self.text[start..end];
        let trimmed_end = text.trim_end_matches(|ch: char| {
            ch.is_whitespace() || matches!(ch, '.' | '،' | ',' | '؛' | ';' | ':' | '!' | '؟' | '?' | '-' | '…')
        });
        let mut t = &text[..trimmed_end.len()];
        // A closing quote whose opening is not in the content.
        for (open, close) in [('"', '"'), ('«', '»'), ('“', '”')] {
            let unbalanced = if open == close {
                t.matches(open).count() % 2 == 1
            } else {
                t.matches(close).count() > t.matches(open).count()
            };
            if t.ends_with(close) && unbalanced {
                t = t[..t.len() - close.len_utf8()].trim_end();
            }
        }
        let lead = t.len() - t.trim_start_matches(|ch: char| ch.is_whitespace() || matches!(ch, ':' | '،' | ',')).len();
        let start2 = start + lead;
        let end2 = start + t.len();
        (kind, Part { text: self.text[start2..end2].to_string(), span: Span::new(start2, end2) })
    }
}

#[cfg(test)]
mod tests;
