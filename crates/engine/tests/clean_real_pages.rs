//! Page cleaning on real crawled text: the 8 WET text exports of
//! `../shared/data/pages/wet/` (menus, most-read lists, tickers, share bars,
//! comment forms and footers included), the 114 ANT articles of
//! `../shared/data/pages/text/ant-with-furniture/` that kept their "اقرأ
//! أيضاً" lines, and the OSCAR crawl lines of `pages/text/oscar2019/`.
//!
//! The facts asserted here were checked by reading each page: which line is
//! the headline, which lines are the article, which are its related links,
//! byline, date and credits, and the reason of some furniture lines. Line
//! numbers are 1-based, as `cat -n` shows them; expected strings are read
//! from the files at run time, never copied here.
//!
//! Run with `scripts/real-data-checks`, or
//! `cargo test --release -p marsad-engine --test clean_real_pages -- --ignored`.

use marsad_arabic::Normalizer;
use marsad_engine::clean::Cleaner;
use marsad_engine::{DropReason, Hints, Page};
use std::path::{Path, PathBuf};

use marsad_shared_data::dir as shared_data;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{} must be readable: {e}", path.display()))
}

/// How an expected value is read from its line.
#[derive(Clone, Copy, Debug)]
enum Take {
    /// After the first word ("كتب فلان" → "فلان").
    AfterFirstWord,
    /// Before " - " ("الاسم - المدينة" → "الاسم").
    BeforeDash,
    /// After " - ", without brackets ("(المدينة - الصحيفة)" → "الصحيفة").
    AfterDash,
    /// Inside the brackets ("--(الوكالة)" → "الوكالة").
    InBrackets,
}

impl Take {
    fn apply(self, line: &str) -> String {
        let brackets =
            |s: &str| s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '-')).to_string();
        match self {
            Take::AfterFirstWord => line.split_once(' ').expect("two words").1.trim().to_string(),
            Take::BeforeDash => line.split_once(" - ").expect("a dash").0.trim().to_string(),
            Take::AfterDash => brackets(line.split_once(" - ").expect("a dash").1),
            Take::InBrackets => brackets(line),
        }
    }
}

/// What reading a WET page showed.
struct Wet {
    /// Start of the file name.
    site: &'static str,
    headline: usize,
    body: &'static [usize],
    published: Option<&'static str>,
    byline: Option<(usize, Take)>,
    related: &'static [usize],
    credits: &'static [(usize, Take)],
    /// Furniture lines and the reason they must be dropped with.
    reasons: &'static [(usize, DropReason)],
}

const WET: &[Wet] = &[
    Wet {
        site: "akhbarelyom.com",
        headline: 97,
        body: &[101, 102, 103, 104],
        published: Some("2020-10-07T12:09:00"),
        byline: None,
        related: &[113, 114, 115],
        credits: &[],
        reasons: &[
            (1, DropReason::PageTitle),
            (7, DropReason::Navigation),
            (77, DropReason::Duplicate),
            (105, DropReason::Tags),
            (111, DropReason::SharePrompt),
            (112, DropReason::RelatedLink),
            (116, DropReason::LinkList),
            (176, DropReason::Copyright),
        ],
    },
    Wet {
        site: "albayan.ae",
        headline: 119,
        body: &[132, 133, 134],
        published: Some("2020-06-03"),
        byline: None,
        related: &[],
        credits: &[(129, Take::AfterDash)],
        reasons: &[
            (1, DropReason::PageTitle),
            (2, DropReason::Navigation),
            (128, DropReason::CreditLine),
            (135, DropReason::SharePrompt),
            (155, DropReason::Copyright),
        ],
    },
    Wet {
        site: "almadenahnews.com",
        headline: 40,
        body: &[43, 44],
        published: Some("2020-04-24T21:22:00"),
        byline: None,
        related: &[66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 93],
        credits: &[(45, Take::InBrackets)],
        reasons: &[
            (1, DropReason::PageTitle),
            (41, DropReason::DateLine),
            (46, DropReason::SharePrompt),
            (65, DropReason::RelatedLink),
            (96, DropReason::Copyright),
        ],
    },
    Wet {
        site: "alyaum.com",
        headline: 64,
        // Three subheadings (73, 77, 80) between the paragraphs are kept.
        body: &[71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86],
        published: Some("2020-12-01"),
        byline: Some((68, Take::BeforeDash)),
        related: &[114, 116, 118, 120, 122, 124],
        credits: &[],
        reasons: &[
            (1, DropReason::PageTitle),
            (63, DropReason::Duplicate),
            (69, DropReason::DateLine),
            (88, DropReason::LinkList),
            (111, DropReason::RelatedLink),
            (153, DropReason::Copyright),
        ],
    },
    Wet {
        site: "arabic.sputniknews.com",
        headline: 26,
        // Lines 45-47 inside the article are a photo credit and the title of
        // an embedded link.
        body: &[43, 44, 48, 49, 50, 51, 52, 53, 54, 55],
        published: Some("2020-03-17"),
        byline: None,
        related: &[],
        credits: &[],
        reasons: &[
            (1, DropReason::PageTitle),
            (24, DropReason::Ticker),
            (25, DropReason::Ticker),
            (30, DropReason::DateLine),
            (70, DropReason::Comments),
            (126, DropReason::Copyright),
            (176, DropReason::Comments),
            (203, DropReason::Comments),
        ],
    },
    Wet {
        site: "beirutobserver.com",
        headline: 27,
        body: &[29, 30, 31, 32, 33, 34],
        published: Some("2020-11-09"),
        byline: None,
        related: &[],
        credits: &[],
        reasons: &[
            (1, DropReason::PageTitle),
            (3, DropReason::Ticker),
            (28, DropReason::DateLine),
            (96, DropReason::Copyright),
        ],
    },
    Wet {
        site: "elbaladtv.net",
        headline: 70,
        // The related box (76-80) sits inside the article.
        body: &[74, 75, 81, 82],
        published: Some("2020-12-25T01:59:00"),
        byline: Some((71, Take::AfterFirstWord)),
        related: &[77, 79],
        credits: &[],
        reasons: &[
            (1, DropReason::PageTitle),
            (73, DropReason::SharePrompt),
            (76, DropReason::RelatedLink),
            (78, DropReason::DateLine),
            (83, DropReason::Tags),
            (84, DropReason::Comments),
        ],
    },
    Wet {
        site: "youm7.com",
        headline: 38,
        body: &[44, 45, 46, 47, 48, 49],
        published: Some("2020-08-24T09:23:00"),
        byline: Some((41, Take::AfterFirstWord)),
        related: &[57, 59, 61, 63],
        credits: &[],
        reasons: &[
            (1, DropReason::PageTitle),
            (4, DropReason::Ticker),
            (39, DropReason::DateLine),
            (42, DropReason::SharePrompt),
            (43, DropReason::Comments),
            (56, DropReason::RelatedLink),
            (95, DropReason::LinkList),
            (138, DropReason::Copyright),
        ],
    },
];

fn wet_file(site: &str) -> PathBuf {
    let dir = shared_data().join("pages/wet");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{} must be readable: {e}", dir.display()));
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(site)))
        .unwrap_or_else(|| panic!("no WET page for {site} in {}", dir.display()))
}

/// Every non-empty line of the input is the headline, a paragraph, or
/// dropped with a reason: nothing is lost silently.
/// (A related link cut off the end of a paragraph is dropped as a part of
/// its line, not as a line.)
fn assert_accounted(name: &str, lines: &[&str], page: &Page) {
    let nonempty = lines.iter().filter(|l| !l.trim().is_empty()).count();
    let headline = usize::from(page.headline.is_some());
    let whole = page.dropped.iter().filter(|d| lines.iter().any(|l| l.trim() == d.text)).count();
    assert_eq!(headline + page.paragraphs.len() + whole, nonempty, "{name}: every line accounted for");
}

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_wet_pages_keep_the_article() {
    let cleaner = Cleaner::new();
    for case in WET {
        let path = wet_file(case.site);
        let text = read(&path);
        let lines: Vec<&str> = text.split('\n').collect();
        let line = |n: usize| lines[n - 1].trim();
        let page = cleaner.clean_text(&text, &Hints::default());
        let site = case.site;

        assert_eq!(page.headline.as_deref(), Some(line(case.headline)), "{site}: headline is line {}", case.headline);
        let body: Vec<&str> = case.body.iter().map(|&n| line(n)).collect();
        assert_eq!(page.paragraphs, body, "{site}: the article is lines {:?}", case.body);
        assert_eq!(page.published.as_deref(), case.published, "{site}: date");
        assert_eq!(page.byline, case.byline.map(|(n, t)| t.apply(line(n))), "{site}: byline");
        let related: Vec<&str> = page.related.iter().map(|r| r.headline.as_str()).collect();
        let want: Vec<&str> = case.related.iter().map(|&n| line(n)).collect();
        assert_eq!(related, want, "{site}: related links are lines {:?}", case.related);
        let credits: Vec<String> = case.credits.iter().map(|&(n, t)| t.apply(line(n))).collect();
        assert_eq!(page.credits, credits, "{site}: credits");
        for &(n, reason) in case.reasons {
            let got = page.dropped.iter().filter(|d| d.text == line(n)).map(|d| d.reason).collect::<Vec<_>>();
            assert!(got.contains(&reason), "{site}: line {n} must be dropped as {reason:?}, got {got:?}");
        }
        assert_accounted(site, &lines, &page);
    }
}

/// The related-link cue, folded: "اقرأ" followed by one of the words that
/// make it a link ("أيضا", "المزيد", "كذلك", "التفاصيل") or a colon.
fn has_read_also(text: &str) -> bool {
    let folded = Normalizer::search().normalize(text).text;
    ["اقرا ايضا", "اقرا المزيد", "اقرا كذلك", "اقرا التفاصيل", "اقرا:"].iter().any(|c| folded.contains(c))
}

/// One ANT article (TREC-like XML): its title and the lines of its text.
fn ant_article(path: &Path) -> (String, String) {
    let s = read(path);
    let between = |open: &str, close: &str| -> String {
        let a = s.find(open).unwrap_or_else(|| panic!("{}: no {open}", path.display())) + open.len();
        let b = s[a..].find(close).unwrap_or_else(|| panic!("{}: no {close}", path.display())) + a;
        s[a..b].trim_matches('\n').to_string()
    };
    (between("<TITLE>", "</TITLE>").trim().to_string(), between("<TEXT>", "</TEXT>"))
}

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_ant_articles_drop_every_read_also_line() {
    let dir = shared_data().join("pages/text/ant-with-furniture");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} must be readable: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 114, "the 114 ANT articles");
    let cleaner = Cleaner::new();
    let mut related = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy();
        let (title, text) = ant_article(path);
        // The page as a crawler would keep it: the title, then the text.
        let page_text = format!("{title}\n{text}");
        let page = cleaner.clean_text(&page_text, &Hints::default());
        assert_eq!(page.headline.as_deref(), Some(title.as_str()), "{name}: the title is the headline");
        assert!(!page.paragraphs.is_empty(), "{name}: a body");
        for p in &page.paragraphs {
            assert!(!has_read_also(p), "{name}: a kept paragraph holds a read-also link: {p}");
        }
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            // A line that opens with the cue is dropped as a related link.
            let folded = Normalizer::search().normalize(line).text;
            if folded.starts_with("اقرا") && has_read_also(line) {
                let got = page.dropped.iter().find(|d| d.text == line).map(|d| d.reason);
                assert_eq!(got, Some(DropReason::RelatedLink), "{name}: {line}");
            }
            // Sentences of the article (a full stop, seven words or more)
            // are kept, whole or with a trailing link cut off, or dropped
            // as a repeat of a kept one.
            let sentence = line.ends_with('.') && !line.ends_with("..") && line.split_whitespace().count() >= 7;
            // BBC's app promotion is the one sentence-like furniture line.
            let furniture = line.contains("إشعارات") && line.contains("تطبيق");
            if sentence && !furniture && !has_read_also(line) {
                let kept = page.paragraphs.iter().any(|p| p == line)
                    || page.dropped.iter().any(|d| d.text == line && d.reason == DropReason::Duplicate);
                assert!(kept, "{name}: a sentence of the article was dropped: {line}");
            }
        }
        related += page.related.len();
        assert_accounted(&name, &page_text.split('\n').collect::<Vec<_>>(), &page);
    }
    // Most cue lines carry the linked headline (the rest are headers whose
    // links the corpus lost).
    assert!(related >= 150, "{related} related links found");
}

#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_oscar_lines_lose_forum_furniture() {
    let path = shared_data().join("pages/text/oscar2019/unshuffled_deduplicated_ar__ar_part_1.txt");
    let text = read(&path);
    let lines: Vec<&str> = text.split('\n').collect();
    let line = |n: usize| lines[n - 1].trim();
    let page = Cleaner::new().clean_text(&text, &Hints::default());
    let reason = |n: usize| page.dropped.iter().find(|d| d.text == line(n)).map(|d| d.reason);
    // Lines 1-4: a forum's welcome and login prompts.
    for n in 1..=4 {
        assert_eq!(reason(n), Some(DropReason::Account), "line {n}");
    }
    // Line 8: the forum list ("اختر منتدى||--…"); 9 and 11: the footer
    // menu; 13: a list of one word repeated.
    for n in [8, 9, 11, 13] {
        assert_eq!(reason(n), Some(DropReason::Navigation), "line {n}");
    }
    // Lines 5-7: a member's post, the text of the page.
    for n in 5..=7 {
        assert!(page.paragraphs.iter().any(|p| p == line(n)), "line {n} is kept");
    }
    assert_accounted("oscar", &lines, &page);
}
