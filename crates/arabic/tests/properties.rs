//! Properties of the Arabic text layer over generated text: offsets stay
//! exact, normalization is idempotent, offset maps compose, and no input
//! makes anything panic.
//!
//! The generator mixes what real pages mix: Arabic letters with hamza forms,
//! harakat, tatweel, digits of the three systems and their separators,
//! spaces and line breaks, bidi and zero-width controls, presentation forms,
//! Latin letters, Arabic and Latin punctuation, and any other character.

use marsad_arabic::sentence::{LineBreaks, SentenceSplitter};
use marsad_arabic::{clitics, Fold, Normalizer, NormalizerBuilder, OffsetMap, Span, Stemmer, Tokenizer, Tokens};
use proptest::prelude::*;

fn range(lo: u32, hi: u32) -> BoxedStrategy<char> {
    (lo..=hi).prop_filter_map("not a char", char::from_u32).boxed()
}

fn one_of(chars: &'static str) -> BoxedStrategy<char> {
    let v: Vec<char> = chars.chars().collect();
    prop::sample::select(v).boxed()
}

/// One character, weighted towards what Arabic news text contains.
fn text_char() -> impl Strategy<Value = char> {
    prop_oneof![
        12 => range(0x0621, 0x064A),                               // letters
        4 => one_of("وفبكلالاأإآٱىةؤئ"),                          // clitic letters, hamza forms
        3 => range(0x064B, 0x0652),                                // harakat
        1 => one_of("\u{0670}\u{0640}"),                           // superscript alef, tatweel
        3 => one_of("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"),           // three digit systems
        2 => one_of(".,٫٬"),                                       // number separators
        5 => one_of("   \n\t\u{00A0}\r"),                          // spaces and breaks
        1 => one_of("\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{061C}\u{FEFF}\u{00AD}"),
        2 => range(0xFE70, 0xFEFC),                                // presentation forms B
        1 => range(0xFB50, 0xFDFF),                                // presentation forms A, ligatures
        3 => range(0x61, 0x7A),                                    // Latin
        1 => range(0x41, 0x5A),
        3 => one_of("،؛؟!?.…«»\"“”()-:'٪%#_/"),                    // punctuation
        1 => any::<char>(),
    ]
}

fn arabic_text() -> impl Strategy<Value = String> {
    prop::collection::vec(text_char(), 0..80).prop_map(|v| v.into_iter().collect())
}

/// Any set of fold classes.
fn normalizer() -> impl Strategy<Value = Normalizer> {
    prop::collection::vec(any::<bool>(), Fold::ALL.len()).prop_map(|on| {
        let mut b = NormalizerBuilder::none();
        for (f, on) in Fold::ALL.iter().zip(on) {
            b = b.set(*f, on);
        }
        b.build()
    })
}

fn tokenizer() -> impl Strategy<Value = Tokenizer> {
    (prop_oneof![Just(Normalizer::new()), Just(Normalizer::search()), normalizer()], any::<bool>())
        .prop_map(|(n, clitics)| Tokenizer::builder().normalizer(n).clitics(clitics).build())
}

/// How one piece of a derived text was made from its source.
#[derive(Clone, Copy, Debug)]
enum Op {
    Copy(usize),
    /// Source bytes, derived bytes.
    Replace(usize, usize),
    Drop(usize),
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        prop_oneof![
            (1usize..6).prop_map(Op::Copy),
            (1usize..5, 1usize..5).prop_map(|(a, b)| Op::Replace(a, b)),
            (1usize..4).prop_map(Op::Drop),
        ],
        0..12,
    )
}

/// Builds a map from `ops`, starting at source position `from`.
fn build_map(ops: &[Op], from: usize) -> OffsetMap {
    let mut m = OffsetMap::new();
    let mut s = from;
    for op in ops {
        match *op {
            Op::Copy(n) => {
                m.copy(s..s + n);
                s += n;
            }
            Op::Replace(a, b) => {
                m.replace(s..s + a, b);
                s += a;
            }
            Op::Drop(n) => {
                m.replace(s..s + n, 0);
                s += n;
            }
        }
    }
    m
}

/// Ops that consume exactly `len` source bytes (for the inner map of a
/// composition, whose source is the outer map's derived text).
fn fit_ops(ops: &[Op], len: usize) -> Vec<Op> {
    let mut out = Vec::new();
    let mut left = len;
    for op in ops.iter().cycle().take(ops.len().max(1) * 8) {
        if left == 0 {
            break;
        }
        let op = match *op {
            Op::Copy(n) => Op::Copy(n.min(left)),
            Op::Replace(a, b) => Op::Replace(a.min(left), b),
            Op::Drop(n) => Op::Drop(n.min(left)),
        };
        left -= match op {
            Op::Copy(n) | Op::Replace(n, _) | Op::Drop(n) => n,
        };
        out.push(op);
    }
    if left > 0 {
        out.push(Op::Copy(left));
    }
    out
}

proptest! {
    // No failure files: a failing case is printed, shrunk, in the test output.
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// Token and base spans lie on character boundaries inside the input,
    /// are ordered and do not overlap; norm and base are what the
    /// normalizer makes of the span.
    #[test]
    fn token_spans_are_exact(text in arabic_text(), tk in tokenizer()) {
        let toks = tk.tokenize(&text);
        let n = tk.normalizer();
        let mut prev_end = 0;
        for t in toks.iter() {
            prop_assert!(t.span.start < t.span.end && t.span.end <= text.len());
            prop_assert!(t.span.start >= prev_end, "overlap at {:?}", t.span);
            prev_end = t.span.end;
            let surface = t.span.get(&text);
            prop_assert!(surface.is_some(), "span {:?} not on char boundaries", t.span);
            let expect = n.normalize(surface.unwrap()).text;
            prop_assert_eq!(expect.as_str(), toks.norm(t));
            let b = t.base_span();
            prop_assert!(t.span.contains(&b), "base {:?} outside {:?}", b, t.span);
            let base_surface = b.get(&text);
            prop_assert!(base_surface.is_some(), "base {:?} not on char boundaries", b);
            prop_assert!(toks.norm(t).ends_with(toks.base(t)));
            // A ligature may straddle the clitic boundary (ﻻ = ل + ا), so
            // the base span can hold a little more than the base.
            let base_norm = n.normalize(base_surface.unwrap()).text;
            prop_assert!(base_norm.ends_with(toks.base(t)), "{:?} vs base {:?}", base_norm, toks.base(t));
            if t.proclitics.is_empty() {
                prop_assert_eq!(t.base_start, t.span.start);
                prop_assert_eq!(toks.base(t), toks.norm(t));
            }
        }
    }

    /// A buffer reused across many texts (which caches segmentations)
    /// gives the same tokens as a fresh one.
    #[test]
    fn reused_buffers_agree_with_fresh_ones(text in arabic_text()) {
        thread_local! {
            static WARM: std::cell::RefCell<Tokens> = std::cell::RefCell::new({
                // Enough text for the buffer to start caching.
                let mut t = Tokens::new();
                let filler = "وقال الرئيس إن الوزارة والبيان بالعراق للتاريخ كبير ".repeat(6000);
                Tokenizer::new().tokenize_into(&filler, &mut t);
                t
            });
        }
        let tk = Tokenizer::new();
        let fresh = tk.tokenize(&text);
        WARM.with(|w| {
            let mut warm = w.borrow_mut();
            tk.tokenize_into(&text, &mut warm);
            assert_eq!(warm.len(), fresh.len());
            for (a, b) in warm.iter().zip(fresh.iter()) {
                assert_eq!(a, b);
                assert_eq!((warm.norm(a), warm.base(a)), (fresh.norm(b), fresh.base(b)));
            }
        });
    }

    /// Tokens of the normalized text, carried back through the normalizer's
    /// map, land on the raw bytes they came from.
    #[test]
    fn spans_map_back_to_the_raw_input(text in arabic_text(), n in normalizer()) {
        let norm = n.normalize(&text);
        prop_assert_eq!(norm.map.derived_len(), norm.text.len());
        let toks = Tokenizer::builder().normalizer(n).build().tokenize(&norm.text);
        for t in toks.iter() {
            let src = norm.map.span_to_source(t.span);
            prop_assert!(src.start <= src.end && src.end <= text.len());
            let raw = src.get(&text);
            prop_assert!(raw.is_some(), "{:?} → {:?} not on char boundaries", t.span, src);
            let again = n.normalize(raw.unwrap()).text;
            let tok = t.span.get(&norm.text).unwrap();
            prop_assert!(again.contains(tok), "raw {:?} normalizes to {:?}, token {:?}", raw, again, tok);
        }
        // The map is monotone.
        let mut last = 0;
        for (i, _) in norm.text.char_indices() {
            let s = norm.map.to_source(i);
            prop_assert!(s >= last && s <= text.len());
            last = s;
        }
    }

    /// Normalizing twice changes nothing, for every set of fold classes.
    #[test]
    fn normalization_is_idempotent(text in arabic_text(), n in normalizer()) {
        let once = n.normalize(&text).text;
        prop_assert_eq!(&n.normalize(&once).text, &once);
        prop_assert!(n.is_normalized(&once));
        let mut fast = String::new();
        n.normalize_into(&text, &mut fast);
        prop_assert_eq!(fast, once);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>(), n in normalizer()) {
        let toks = Tokenizer::builder().normalizer(n).build().tokenize(&text);
        for t in toks.iter() {
            prop_assert!(t.span.get(&text).is_some());
            prop_assert!(t.base_span().get(&text).is_some());
        }
        let _ = n.normalize(&text);
        for s in SentenceSplitter::new().split(&text) {
            prop_assert!(s.get(&text).is_some());
        }
        let _ = Stemmer::light10().stem(&text);
        let _ = clitics::segment(&text);
    }

    /// Sentence spans are ordered, on boundaries, trimmed, and cover every
    /// visible character, in both line-break modes.
    #[test]
    fn sentences_cover_the_text(text in arabic_text(), blank in any::<bool>()) {
        let mode = if blank { LineBreaks::Blank } else { LineBreaks::Each };
        let spans = SentenceSplitter::builder().line_breaks(mode).build().split(&text);
        let mut covered = vec![false; text.len()];
        let mut prev = 0;
        for s in &spans {
            prop_assert!(s.start >= prev && s.start < s.end, "{:?} after {}", s, prev);
            prev = s.end;
            let body = s.get(&text);
            prop_assert!(body.is_some());
            let body = body.unwrap();
            prop_assert!(!body.starts_with(char::is_whitespace) && !body.ends_with(char::is_whitespace));
            covered[s.range()].iter_mut().for_each(|c| *c = true);
        }
        for (i, c) in text.char_indices() {
            if !c.is_whitespace() && !c.is_control() && marsad_arabic::chars::class(c) != marsad_arabic::chars::CharClass::Invisible {
                prop_assert!(covered[i], "{:?} at {} is in no sentence", c, i);
            }
        }
    }

    /// Stems are subslices of their word.
    #[test]
    fn stems_are_subslices(word in "[\u{0621}-\u{064A}a-z]{0,12}", min in 1usize..5, prefixes in any::<bool>()) {
        let s = Stemmer::builder().min_stem_chars(min).prefixes(prefixes).build();
        let st = s.stem(&word);
        let off = st.as_ptr() as usize - word.as_ptr() as usize;
        prop_assert!(off + st.len() <= word.len());
        prop_assert!(word.is_char_boundary(off));
        if word.chars().count() >= min {
            prop_assert!(st.chars().count() >= min, "{:?} → {:?}", word, st);
        }
    }

    /// Appending maps keeps each one's mapping.
    #[test]
    fn append_preserves_mapping(a in ops(), b in ops()) {
        let ma = build_map(&a, 0);
        let mb = build_map(&b, ma.source_len() + 3);
        let mut joined = ma.clone();
        joined.append(&mb);
        prop_assert_eq!(joined.derived_len(), ma.derived_len() + mb.derived_len());
        for p in 0..ma.derived_len() {
            prop_assert_eq!(joined.to_source(p), ma.to_source(p), "position {}", p);
        }
        for p in 0..mb.derived_len() {
            prop_assert_eq!(joined.to_source(ma.derived_len() + p), mb.to_source(p), "position {} of b", p);
        }
        for s in 0..ma.derived_len() {
            for e in s + 1..=ma.derived_len() {
                prop_assert_eq!(joined.span_to_source(Span::new(s, e)), ma.span_to_source(Span::new(s, e)));
            }
        }
    }

    /// Composing maps equals mapping twice.
    #[test]
    fn then_equals_mapping_twice(outer_ops in ops(), inner_ops in ops()) {
        let outer = build_map(&outer_ops, 0);
        let inner = build_map(&fit_ops(&inner_ops, outer.derived_len()), 0);
        let composed = inner.then(&outer);
        prop_assert_eq!(composed.derived_len(), inner.derived_len());
        let len = inner.derived_len();
        for s in 0..len {
            for e in s + 1..=len {
                let span = Span::new(s, e);
                let twice = outer.span_to_source(inner.span_to_source(span));
                prop_assert_eq!(composed.span_to_source(span), twice, "span {:?}", span);
            }
        }
    }
}
