//! The tagger's fast path against its straightforward path on real news
//! text: whatever model is built in, the word cache, the packed weights and
//! the vectorized Viterbi must give exactly the mentions that extracting
//! every feature the trainer's way, summing the dense weight tables and
//! decoding with the plain Viterbi gives.

use marsad_arabic::{Tokenizer, Tokens};
use marsad_ner::canonical::MatchBuffer;
use marsad_ner::{Canonicals, Mention, TagBuffer, Tagger};

/// Every 25th ANT article (about 1,260, all five outlets: the file is
/// grouped by outlet), tagged one after the other with one buffer, as the
/// pipeline does, so the word cache fills, is reused across articles and
/// starts over.
#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_fast_tags_equal_reference_tags_on_ant() {
    let tagger = Tagger::embedded().unwrap();
    let tokenizer = Tokenizer::new();
    let mut tokens = Tokens::new();
    let mut buf = TagBuffer::new();
    let (mut fast, mut plain) = (Vec::<Mention>::new(), Vec::<Mention>::new());
    let (mut articles, mut mentions) = (0, 0);
    for article in marsad_shared_data::ant_articles().step_by(25) {
        let text = article.text.as_str();
        tokenizer.tokenize_into(text, &mut tokens);
        fast.clear();
        plain.clear();
        tagger.tag(text, &tokens, &mut buf, &mut fast);
        tagger.tag_reference(text, &tokens, &mut plain);
        assert_eq!(fast, plain, "ANT line {}", article.line);
        articles += 1;
        mentions += fast.len();
    }
    assert!(articles > 1000, "{articles} articles");
    assert!(mentions > articles * 5, "{mentions} mentions in {articles} articles");
}

/// The canonical names prepared from the tagger's words (keys and per-word
/// facts kept by cache slot) are those prepared token by token, on every
/// 25th ANT article tagged one after the other with one buffer: the word
/// cache starts over several times on the way, so tokens whose words it no
/// longer holds are covered too.
#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_canonical_names_from_tagged_words_equal_prepared_ones_on_ant() {
    let tagger = Tagger::embedded().unwrap();
    let table = Canonicals::get();
    let tokenizer = Tokenizer::new();
    let mut tokens = Tokens::new();
    let mut buf = TagBuffer::new();
    let (mut tagged, mut plain) = (MatchBuffer::default(), MatchBuffer::default());
    let mut found = Vec::<Mention>::new();
    let (mut articles, mut matches) = (0, 0);
    for article in marsad_shared_data::ant_articles().step_by(25) {
        let text = article.text.as_str();
        tokenizer.tokenize_into(text, &mut tokens);
        found.clear();
        tagger.tag(text, &tokens, &mut buf, &mut found);
        table.prepare_tagged(&tokens, &buf, &mut tagged);
        table.prepare(&tokens, &mut plain);
        let scan = table.scan(&tagged);
        assert_eq!(scan, table.scan(&plain), "ANT line {}", article.line);
        for m in &found {
            let r = m.tokens.clone();
            assert_eq!(table.best_in(&tagged, r.clone()), table.best_in(&plain, r), "ANT line {}", article.line);
        }
        articles += 1;
        matches += scan.len();
    }
    assert!(articles > 1000, "{articles} articles");
    assert!(matches > articles, "{matches} canonical matches in {articles} articles");
}

/// A copy of a tag buffer keeps its words under a new generation: a match
/// buffer used with the original and then with the copy, each having
/// cached different new words since, still prepares what `prepare` does.
#[test]
fn copied_tag_buffers_do_not_share_word_facts() {
    let tagger = Tagger::embedded().unwrap();
    let table = Canonicals::get();
    let tokenizer = Tokenizer::new();
    // Sentences written for this test.
    let first = "قال مسؤول في واشنطن إن قسد تحارب داعش .";
    let (one, two) = ("وأعلنت الدواعش في السوري .", "ونقلت رويترز عن داعشي في دمشق .");
    let mut a = TagBuffer::new();
    let mut found = Vec::<Mention>::new();
    let tokens = tokenizer.tokenize(first);
    tagger.tag(first, &tokens, &mut a, &mut found);
    let b = a.clone();
    let mut bufs = [a, b];
    let (mut shared, mut plain) = (MatchBuffer::default(), MatchBuffer::default());
    for (text, k) in [(one, 0), (two, 1), (one, 1), (two, 0)] {
        let buf = &mut bufs[k];
        let tokens = tokenizer.tokenize(text);
        found.clear();
        tagger.tag(text, &tokens, buf, &mut found);
        table.prepare_tagged(&tokens, buf, &mut shared);
        table.prepare(&tokens, &mut plain);
        assert_eq!(table.scan(&shared), table.scan(&plain), "{text}");
        assert!(!table.scan(&plain).is_empty(), "{text}");
    }
}
