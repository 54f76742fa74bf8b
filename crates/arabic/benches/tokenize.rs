//! Throughput of the Arabic text layer on real news text, one core.
//!
//! Reads the `text` field of the first articles of the ANT corpus
//! (`../shared/data/ant-multisource/ant_multisource_v2.1.jsonl`, or
//! `$MARSAD_SHARED_DATA/ant-multisource/…`) at bench time: about 16 MB of
//! text with `cargo bench`, 1 MB when the bench binary runs as a test
//! (`cargo test --benches`). Before timing anything it checks its own
//! output: the tokens against a slow reference tokenizer written
//! independently below, the clitic split of every word against
//! `clitics::segment`, the normalizer against a character-by-character
//! rebuild, the stemmer against a reference written with plain string
//! operations. A fast wrong answer fails here instead of being reported.
//!
//! ```text
//! cargo bench -p marsad-arabic --bench tokenize
//! MARSAD_BENCH_CLOCK=cpu cargo bench -p marsad-arabic --bench tokenize
//! ```
//!
//! Everything runs on one thread. By default criterion measures wall-clock
//! time; with `MARSAD_BENCH_CLOCK=cpu` it measures the CPU time of the
//! benchmarking thread instead (Linux), which stays meaningful on a machine
//! busy with other work, where wall-clock time also counts the waiting.

use criterion::measurement::Measurement;
use criterion::{BenchmarkId, Criterion, Throughput};
use marsad_arabic::chars::{class, is_number_separator, CharClass};
use marsad_arabic::{clitics, Normalized, Normalizer, Stemmer, TokenKind, Tokenizer, Tokens};
use std::hint::black_box;

use marsad_shared_data::dir as shared_data;

/// The `text` fields of the first articles, joined by newlines, up to
/// `max` bytes of text.
fn ant_text(max: usize) -> String {
    let path = shared_data().join("ant-multisource/ant_multisource_v2.1.jsonl");
    let data = marsad_shared_data::read(&path);
    let mut text = String::with_capacity(max + 64 * 1024);
    for (i, line) in data.lines().enumerate() {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: line {}: {e}", path.display(), i + 1));
        let t = v["text"].as_str().unwrap_or_else(|| panic!("{}: line {}: no text field", path.display(), i + 1));
        text.push_str(t);
        text.push('\n');
        if text.len() >= max {
            break;
        }
    }
    text
}

/// A slow reference tokenizer written from the rules in the tokenizer's
/// documentation, over a vector of classified characters.
fn reference_tokens(text: &str) -> Vec<(usize, usize, TokenKind)> {
    let cs: Vec<(usize, char, CharClass)> = text.char_indices().map(|(i, c)| (i, c, class(c))).collect();
    let end_of = |k: usize| if k < cs.len() { cs[k].0 } else { text.len() };
    let mut out = Vec::new();
    let mut k = 0;
    while k < cs.len() {
        let (start, c, cl) = cs[k];
        match cl {
            CharClass::Space | CharClass::Invisible => k += 1,
            CharClass::ArabicLetter | CharClass::Mark | CharClass::OtherLetter => {
                let arabic = cl != CharClass::OtherLetter;
                let member = |x: CharClass| {
                    if arabic {
                        matches!(x, CharClass::ArabicLetter | CharClass::Mark)
                    } else {
                        matches!(x, CharClass::OtherLetter | CharClass::Digit | CharClass::Mark)
                    }
                };
                // Extend over members; invisible characters only count
                // when a member follows them.
                let mut last = k;
                let mut j = k + 1;
                while j < cs.len() {
                    if member(cs[j].2) {
                        last = j;
                    } else if cs[j].2 != CharClass::Invisible {
                        break;
                    }
                    j += 1;
                }
                out.push((start, end_of(last + 1), if arabic { TokenKind::Word } else { TokenKind::Latin }));
                k = last + 1;
            }
            CharClass::Digit => {
                let mut j = k + 1;
                loop {
                    while j < cs.len() && cs[j].2 == CharClass::Digit {
                        j += 1;
                    }
                    if j + 1 < cs.len() && is_number_separator(cs[j].1) && cs[j + 1].2 == CharClass::Digit {
                        j += 1;
                    } else {
                        break;
                    }
                }
                out.push((start, end_of(j), TokenKind::Number));
                k = j;
            }
            CharClass::Punct => {
                let mut j = k + 1;
                while j < cs.len() && cs[j].1 == c {
                    j += 1;
                }
                out.push((start, end_of(j), TokenKind::Punct));
                k = j;
            }
            CharClass::Symbol => {
                out.push((start, end_of(k + 1), TokenKind::Symbol));
                k += 1;
            }
        }
    }
    out
}

/// Checks the tokenizer against the reference and the clitic rules;
/// returns the number of tokens.
fn check_tokens(text: &str, toks: &Tokens, n: &Normalizer) -> usize {
    let want = reference_tokens(text);
    assert_eq!(toks.len(), want.len(), "token count differs from the reference tokenizer");
    let mut split = 0;
    for (t, &(s, e, kind)) in toks.iter().zip(&want) {
        assert_eq!((t.span.start, t.span.end, t.kind), (s, e, kind), "token {:?}", &text[s..e]);
        let norm = n.normalize(&text[s..e]).text;
        assert_eq!(toks.norm(t), norm, "normalized form of {:?}", &text[s..e]);
        if kind == TokenKind::Word {
            let (p, at) = clitics::segment(&norm);
            assert_eq!((t.proclitics, toks.base(t)), (p, &norm[at..]), "clitics of {norm:?}");
            split += usize::from(!p.is_empty());
        }
    }
    let words = want.iter().filter(|w| w.2 == TokenKind::Word).count();
    // Arabic news: a clitic on roughly a third to a half of the words.
    assert!(split * 5 > words && split * 5 < words * 3, "{split} of {words} words split: implausible");
    toks.len()
}

/// The normalizer rebuilt one character at a time from `fold_char`.
fn reference_normalize(n: &Normalizer, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match n.fold_char(c) {
            None => out.push(c),
            Some(r) => {
                for rc in r.chars() {
                    match n.fold_char(rc) {
                        None => out.push(rc),
                        Some(r2) => out.push_str(r2),
                    }
                }
            }
        }
    }
    out
}

/// Light stemming with plain string operations, for the check.
fn reference_stem(w: &str) -> &str {
    let mut s = w;
    for suf in ["ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"] {
        if s.ends_with(suf) && s.chars().count() - suf.chars().count() >= Stemmer::MIN_STEM_CHARS {
            s = &s[..s.len() - suf.len()];
        }
    }
    s
}

fn size() -> usize {
    // `cargo bench` passes --bench; as a test the binary gets no such flag.
    if std::env::args().any(|a| a == "--bench") {
        16 << 20
    } else {
        1 << 20
    }
}

fn benches<M: Measurement>(c: &mut Criterion<M>) {
    let text = ant_text(size());
    let bytes = text.len() as u64;
    let n = Normalizer::new();
    let tk = Tokenizer::new();
    let mut toks = Tokens::new();
    tk.tokenize_into(&text, &mut toks);
    let count = check_tokens(&text, &toks, &n);
    eprintln!("ANT text: {:.1} MB, {count} tokens", bytes as f64 / 1e6);

    let mut g = c.benchmark_group("arabic");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(20);
    g.bench_function(BenchmarkId::new("normalize+tokenize", "ant"), |b| {
        b.iter(|| {
            tk.tokenize_into(black_box(&text), &mut toks);
            assert_eq!(toks.len(), count);
        })
    });

    let no_clitics = Tokenizer::builder().clitics(false).build();
    g.bench_function(BenchmarkId::new("normalize+tokenize, no clitics", "ant"), |b| {
        b.iter(|| {
            no_clitics.tokenize_into(black_box(&text), &mut toks);
            assert_eq!(toks.len(), count);
        })
    });

    let mut out = Normalized::default();
    n.normalize_with_map_into(&text, &mut out.text, &mut out.map);
    assert_eq!(out.text, reference_normalize(&n, &text), "normalizer differs from its reference");
    let norm_len = out.text.len();
    g.bench_function(BenchmarkId::new("normalize with offset map", "ant"), |b| {
        b.iter(|| {
            n.normalize_with_map_into(black_box(&text), &mut out.text, &mut out.map);
            assert_eq!(out.text.len(), norm_len);
        })
    });
    let mut plain = String::new();
    g.bench_function(BenchmarkId::new("normalize", "ant"), |b| {
        b.iter(|| {
            plain.clear();
            n.normalize_into(black_box(&text), &mut plain);
            assert_eq!(plain.len(), norm_len);
        })
    });

    // The stemmer over the clitic-free bases of every Arabic word.
    tk.tokenize_into(&text, &mut toks);
    let mut bases = String::new();
    let mut ranges = Vec::new();
    for t in toks.iter().filter(|t| t.kind == TokenKind::Word) {
        let s = bases.len();
        bases.push_str(toks.base(t));
        ranges.push((s, bases.len()));
    }
    let stemmer = Stemmer::new();
    let mut stem_bytes = 0;
    for &(s, e) in &ranges {
        let w = &bases[s..e];
        let st = stemmer.stem(w);
        assert_eq!(st, reference_stem(w), "stem of {w:?}");
        stem_bytes += st.len();
    }
    g.throughput(Throughput::Bytes(bases.len() as u64));
    g.bench_function(BenchmarkId::new("stem bases", "ant"), |b| {
        b.iter(|| {
            let mut total = 0;
            for &(s, e) in &ranges {
                total += stemmer.stem(black_box(&bases[s..e])).len();
            }
            assert_eq!(total, stem_bytes);
        })
    });
    g.finish();
}

marsad_bench_clock::main!(benches);
