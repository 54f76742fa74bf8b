//! Page cleaning through the public entry points, on pages the project
//! wrote: each case is a small page in one of the shapes Arabic news sites
//! use, and what the cleaner must make of it.
//!
//! The golden rendering of `examples/` is at the end; after an intended
//! change, update it with
//! `MARSAD_UPDATE_GOLDEN=1 cargo test -p marsad-engine --test clean_pages`.

use marsad_arabic::OffsetMap;
use marsad_engine::clean::{Block, BlockKind, Cleaner};
use marsad_engine::{DropReason, Hints, Page};

fn clean(text: &str) -> Page {
    Cleaner::new().clean_text(text, &Hints::default())
}

fn reasons(page: &Page) -> Vec<(DropReason, &str)> {
    page.dropped.iter().map(|d| (d.reason, d.text.as_str())).collect()
}

/// Every span of the page leads back to the same text in the input.
fn assert_spans(page: &Page, input: &str) {
    for (p, s) in page.paragraphs.iter().zip(&page.paragraph_spans) {
        assert_eq!(s.get(&page.text), Some(p.as_str()));
        assert_eq!(page.map.span_to_source(*s).get(input), Some(p.as_str()), "paragraph maps back");
    }
    if let (Some(h), Some(s)) = (&page.headline, page.headline_span) {
        assert_eq!(page.map.span_to_source(s).get(input), Some(h.as_str()), "headline maps back");
    }
}

const LEDE: &str =
    "أعلنت وزارة الصحة اليوم عن حملة تطعيم جديدة تشمل جميع المدارس الحكومية في البلاد، على أن تبدأ مطلع الشهر المقبل.";
const BODY: &str = "وقال المتحدث باسم الوزارة إن الحملة تستهدف أكثر من مليون طالب، وإن الفرق الطبية ستزور المدارس وفق جدول معلن مسبقا.";
const MORE: &str =
    "وأضاف أن اللقاحات متوفرة بكميات كافية، داعيا أولياء الأمور إلى التعاون مع الفرق الطبية وتسهيل عملها في المدارس.";

#[test]
fn byline_before_or_after_the_lede() {
    for page in [
        format!("حملة تطعيم في المدارس\nبقلم: هالة منصور\n{LEDE}\n{BODY}"),
        format!("حملة تطعيم في المدارس\n{LEDE}\nإعداد - هالة منصور\n{BODY}"),
        format!("حملة تطعيم في المدارس\n{LEDE}\nكتبت هالة منصور\n{BODY}"),
        format!("حملة تطعيم في المدارس\n{LEDE}\n{BODY}\nبقلم:\nهالة منصور"),
    ] {
        let p = clean(&page);
        assert_eq!(p.byline.as_deref(), Some("هالة منصور"), "{page}");
        assert_eq!(p.paragraphs, [LEDE, BODY], "{page}");
        assert_spans(&p, &page);
    }
}

#[test]
fn a_byline_on_the_date_line() {
    for line in [
        "الأحد 14 مارس 2021 | بقلم: هالة منصور",
        "14/03/2021 - كتب: هالة منصور",
        "الأحد، 14 آذار 2021 كتبت هالة منصور",
        "١٤ مارس ٢٠٢١ إعداد: هالة منصور - القاهرة",
    ] {
        let page = format!("حملة تطعيم في المدارس\n{line}\n{LEDE}\n{BODY}");
        let p = clean(&page);
        assert_eq!(p.byline.as_deref(), Some("هالة منصور"), "{line}");
        assert_eq!(p.published.as_deref(), Some("2021-03-14"), "{line}");
        assert_eq!(p.paragraphs, [LEDE, BODY], "{line}");
        assert_eq!(reasons(&p), [(DropReason::Byline, line)], "{line}");
    }
    // A sentence of the article that opens with a date and a verb of writing
    // is not a byline.
    let sentence = "في 14 مارس 2021 كتب الوزير رسالة إلى البرلمان يطلب فيها تمويل الحملة.";
    let page = format!("حملة تطعيم في المدارس\n{LEDE}\n{sentence}\n{BODY}");
    let p = clean(&page);
    assert_eq!(p.byline, None);
    assert_eq!(p.paragraphs, [LEDE, sentence, BODY]);
}

#[test]
fn every_spelling_of_read_also() {
    let link = "الوزارة تعلن موعد امتحانات نهاية العام";
    for cue in [
        "اقرأ أيضاً: ",
        "إقرأ أيضا: ",
        "اقرا ايضا : ",
        "أقرأ أيضًا| ",
        "اقرأ أيضـــاً - ",
        "اقرأ كذلك: ",
        "اقرأ المزيد... ",
        "شاهد أيضاً: ",
        "طالع أيضا: ",
        "لمزيد من التفاصيل: ",
        "اقرأ: ",
        "إقرأ أيضا في موقعنا: ",
        "أيضاً: ",
    ] {
        let page = format!("حملة تطعيم في المدارس\n{LEDE}\n{cue}{link}\n{BODY}");
        let p = clean(&page);
        assert_eq!(p.paragraphs, [LEDE, BODY], "{cue}");
        assert_eq!(p.related.len(), 1, "{cue}");
        assert_eq!(p.related[0].headline, link, "{cue}");
        assert_eq!(reasons(&p), [(DropReason::RelatedLink, format!("{cue}{link}").trim())], "{cue}");
    }
}

#[test]
fn a_related_box_inside_the_article() {
    let page = format!(
        "حملة تطعيم في المدارس\n{LEDE}\nمواضيع ذات صلة\nالوزارة تعلن موعد امتحانات نهاية العام\n12 يناير 2021\nارتفاع عدد الطلاب في المدارس الحكومية\n{BODY}"
    );
    let p = clean(&page);
    assert_eq!(p.paragraphs, [LEDE, BODY]);
    let related: Vec<&str> = p.related.iter().map(|r| r.headline.as_str()).collect();
    assert_eq!(related, ["الوزارة تعلن موعد امتحانات نهاية العام", "ارتفاع عدد الطلاب في المدارس الحكومية"]);
    // A date inside a related box is not the article's.
    assert_eq!(p.published, None);
}

#[test]
fn a_related_list_does_not_run_into_menu_sections() {
    // After the article: a header, then its items, each one link (as an HTML
    // page gives them). Sections of the site's menu (one or two words) are
    // not related headlines, even under a "more articles" header.
    let table: &[(&str, &[&str], &[&str])] = &[
        ("المزيد من المقالات", &["المحليات", "كلمة ورأي", "الرياضة اليوم", "الاقتصاد"], &[]),
        (
            "اقرأ أيضا",
            &["الوزارة تعلن موعد امتحانات نهاية العام", "منوعات", "الثقافة والفنون"],
            &["الوزارة تعلن موعد امتحانات نهاية العام"],
        ),
        (
            "أخبار ذات صلة",
            &["ارتفاع عدد الطلاب في المدارس الحكومية", "افتتاح مدرسة جديدة في الحي الشرقي"],
            &["ارتفاع عدد الطلاب في المدارس الحكومية", "افتتاح مدرسة جديدة في الحي الشرقي"],
        ),
    ];
    for (header, items, want) in table {
        let input = format!("حملة تطعيم في المدارس\n{LEDE}\n{BODY}\n{MORE}\n{header}\n{}", items.join("\n"));
        let mut blocks = Vec::new();
        let mut at = 0;
        for (i, line) in input.lines().enumerate() {
            let mut b = Block::line(line, at);
            if (1..4).contains(&i) {
                b.kind = BlockKind::Paragraph;
                b.in_main = Some(true);
            }
            if i >= 5 {
                b.link_density = 1.0;
                b.href = Some(format!("https://example.invalid/{i}"));
            }
            blocks.push(b);
            at += line.len() + 1;
        }
        let p = Cleaner::new().clean_blocks(blocks, &Hints::default());
        assert_eq!(p.paragraphs, [LEDE, BODY, MORE], "{header}");
        let related: Vec<&str> = p.related.iter().map(|r| r.headline.as_str()).collect();
        assert_eq!(related, *want, "{header}");
    }
}

#[test]
fn also_inside_prose_is_not_a_link() {
    // "أيضاً" is a related-link label only with a colon-like separator and a
    // value; inside or at the end of a sentence it is prose.
    for line in [
        "وقال الوزير إن الحملة تشمل المدارس الخاصة، أيضاً.",
        "وتشمل الحملة المدارس الحكومية. أيضاً، ستزور الفرق الطبية القرى النائية في الجنوب.",
        "أيضاً، قال الوزير إن الحملة تستهدف أكثر من مليون طالب في المدارس.",
    ] {
        let page = format!("حملة تطعيم في المدارس\n{LEDE}\n{line}\n{BODY}");
        let p = clean(&page);
        assert_eq!(p.paragraphs, [LEDE, line, BODY], "{line}");
        assert!(p.related.is_empty(), "{line}");
    }
}

#[test]
fn a_link_at_the_end_of_a_paragraph_is_cut_off() {
    let tail = "، اقرأ المزيد: الوزارة تعلن موعد امتحانات نهاية العام";
    let first = LEDE.trim_end_matches('.');
    let page = format!("حملة تطعيم في المدارس\n{first}{tail}\n{BODY}");
    let p = clean(&page);
    assert_eq!(p.paragraphs[0], format!("{first}،"));
    assert_eq!(p.related[0].headline, "الوزارة تعلن موعد امتحانات نهاية العام");
    assert_spans(&p, &page);
}

#[test]
fn credits_are_split_into_outlets() {
    let table: &[(&str, &[&str])] = &[
        ("المصدر: وكالة الأنباء الرسمية + صحيفة الغد", &["وكالة الأنباء الرسمية", "صحيفة الغد"]),
        ("مصدر الخبر: رويترز ووكالة الأناضول.", &["رويترز", "وكالة الأناضول"]),
        ("المصادر: سانا، واس، كونا", &["سانا", "واس", "كونا"]),
        ("--(بترا)", &["بترا"]),
        ("(أ ف ب)", &["أ ف ب"]),
        ("نقلاً عن صحيفة الشاطئ", &["صحيفة الشاطئ"]),
        ("فرانس 24/ أ ف ب", &["فرانس 24", "أ ف ب"]),
    ];
    for (line, want) in table {
        let page = format!("حملة تطعيم في المدارس\n{LEDE}\n{BODY}\n{line}");
        let p = clean(&page);
        assert_eq!(p.credits, *want, "{line}");
        assert_eq!(p.paragraphs.len(), 2, "{line}");
        assert_eq!(p.dropped[0].reason, DropReason::CreditLine, "{line}");
    }
}

#[test]
fn date_lines_in_every_calendar() {
    let table: &[(&str, &str)] = &[
        ("الأحد، 14 مارس 2021 - 10:45 ص", "2021-03-14T10:45:00"),
        ("الخميس 7 كانون الثاني 2021", "2021-01-07"),
        ("١٦ حزيران ٢٠٢١", "2021-06-16"),
        ("23 جمادى الأولى 1442 هـ", "1442-05-23 AH"),
        ("تاريخ النشر: 2021/03/14 09:30", "2021-03-14T09:30:00"),
        ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", "2020-04-24T21:22:00"),
    ];
    for (line, iso) in table {
        let page = format!("حملة تطعيم في المدارس\n{line}\n{LEDE}\n{BODY}");
        let p = clean(&page);
        assert_eq!(p.published.as_deref(), Some(*iso), "{line}");
        assert_eq!(reasons(&p), [(DropReason::DateLine, *line)], "{line}");
    }
}

#[test]
fn furniture_around_the_article() {
    let menu = "الرئيسية\nأخبار محلية\nعربي ودولي\nاقتصاد\nرياضة\nمنوعات";
    let page = format!(
        "حملة تطعيم في المدارس | موقع الخبر اليومي\n{menu}\nعـــــاجل\nحملة تطعيم في المدارس\n{LEDE}\n{BODY}\n{MORE}\n\
         شارك هذا الخبر:\nفيسبوك\nتويتر\nالأكثر قراءة\nأسعار الذهب تتراجع في الأسواق المحلية\n\
         منتخب الشباب يتأهل إلى نهائي البطولة\nافتتاح معرض الكتاب في دورته الجديدة\n{menu}\n\
         جميع الحقوق محفوظة © 2021\nنستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. موافق"
    );
    let p = clean(&page);
    assert_eq!(p.headline.as_deref(), Some("حملة تطعيم في المدارس"));
    assert_eq!(p.paragraphs, [LEDE, BODY, MORE]);
    let r = reasons(&p);
    let reason_of = |t: &str| r.iter().find(|(_, x)| *x == t).map(|(r, _)| *r);
    assert_eq!(reason_of("حملة تطعيم في المدارس | موقع الخبر اليومي"), Some(DropReason::PageTitle));
    assert_eq!(reason_of("عـــــاجل"), Some(DropReason::Ticker));
    assert_eq!(reason_of("أخبار محلية"), Some(DropReason::Navigation));
    assert_eq!(reason_of("شارك هذا الخبر:"), Some(DropReason::SharePrompt));
    assert_eq!(reason_of("الأكثر قراءة"), Some(DropReason::LinkList));
    assert_eq!(reason_of("منتخب الشباب يتأهل إلى نهائي البطولة"), Some(DropReason::LinkList));
    assert_eq!(reason_of("جميع الحقوق محفوظة © 2021"), Some(DropReason::Copyright));
    assert_eq!(reason_of("نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. موافق"), Some(DropReason::CookieNotice));
    // Everything that is not the article is accounted for.
    assert_eq!(1 + p.paragraphs.len() + p.dropped.len(), page.lines().count());
    assert_spans(&p, &page);
}

#[test]
fn the_page_title_names_the_headline() {
    // The title's headline is not repeated: it is taken from the title line,
    // without the site's name, and its span points inside that line.
    let page = format!("حملة تطعيم في المدارس - صحة - موقع الخبر اليومي\n{LEDE}\n{BODY}");
    let p = clean(&page);
    assert_eq!(p.headline.as_deref(), Some("حملة تطعيم في المدارس"));
    assert_spans(&p, &page);
    // A headline's own tail is not a site name.
    let page = format!("حملة تطعيم واسعة في المدارس الحكومية - فيديو\n{LEDE}\n{BODY}");
    assert_eq!(clean(&page).headline.as_deref(), Some("حملة تطعيم واسعة في المدارس الحكومية - فيديو"));
}

#[test]
fn subheadings_between_paragraphs_are_kept() {
    let page = format!("حملة تطعيم في المدارس\n{LEDE}\nمواعيد الحملة\n{BODY}\n{MORE}");
    let p = clean(&page);
    assert_eq!(p.paragraphs, [LEDE, "مواعيد الحملة", BODY, MORE]);
}

#[test]
fn a_repeated_paragraph_is_kept_once() {
    let page = format!("حملة تطعيم في المدارس\n{LEDE}\n{BODY}\n{BODY}");
    let p = clean(&page);
    assert_eq!(p.paragraphs, [LEDE, BODY]);
    assert_eq!(reasons(&p), [(DropReason::Duplicate, BODY)]);
}

#[test]
fn comment_rules_below_do_not_outweigh_the_article() {
    let rules =
        "إذا كان التعليق يحتوي على إساءة أو تهديد للمستخدمين الآخرين فسيتم حذفه دون إشعار مسبق من إدارة الموقع.\n"
            .repeat(8);
    let page = format!("حملة تطعيم في المدارس\n{LEDE}\n{BODY}\nتعليقات\nأضف تعليقا\n{rules}");
    let p = clean(&page);
    assert_eq!(p.paragraphs, [LEDE, BODY]);
    assert!(p.dropped.iter().filter(|d| d.reason == DropReason::Comments).count() >= 8);
}

/// Blocks from an HTML extractor: its verdict on the main region and the
/// share of link text are evidence too.
#[test]
fn html_blocks_use_the_extractors_evidence() {
    let input = format!("حملة تطعيم في المدارس\nأخبار ذات صلة\nالوزارة تعلن موعد الامتحانات\n{LEDE}\n{BODY}\nأسعار الذهب تتراجع اليوم في الأسواق المحلية بعد ارتفاع الدولار، بحسب تجار في العاصمة.");
    let mut blocks = Vec::new();
    let mut at = 0;
    for line in input.lines() {
        blocks.push(Block::line(line, at));
        at += line.len() + 1;
    }
    blocks[0].kind = BlockKind::Heading(1);
    blocks[2].link_density = 1.0;
    blocks[2].href = Some("https://example.invalid/exams".into());
    for b in &mut blocks[3..5] {
        b.kind = BlockKind::Paragraph;
        b.in_main = Some(true);
    }
    // A teaser outside the main region, prose though it is.
    blocks[5].in_main = Some(false);
    let p = Cleaner::new().clean_blocks(blocks, &Hints::default());
    assert_eq!(p.headline.as_deref(), Some("حملة تطعيم في المدارس"));
    assert_eq!(p.paragraphs, [LEDE, BODY]);
    assert_eq!(p.related.len(), 1);
    assert_eq!(p.related[0].url.as_deref(), Some("https://example.invalid/exams"));
    assert_spans(&p, &input);
}

#[test]
fn container_hints_are_preferred() {
    let page = format!("{LEDE}\n{BODY}");
    let hints = Hints {
        headline: Some("حملة تطعيم في المدارس".into()),
        byline: Some("هالة منصور".into()),
        published: Some("2021-03-14T09:30:00+02:00".into()),
        ..Hints::default()
    };
    let p = Cleaner::new().clean_text(&page, &hints);
    assert_eq!(p.headline.as_deref(), Some("حملة تطعيم في المدارس"));
    assert_eq!(p.byline.as_deref(), Some("هالة منصور"));
    assert_eq!(p.published.as_deref(), Some("2021-03-14T09:30:00+02:00"));
    assert_eq!(p.paragraphs, [LEDE, BODY]);
    // The headline is part of `text`, and maps to the start of the input.
    assert!(p.text.starts_with("حملة تطعيم في المدارس\n\n"));
    let span = p.headline_span.unwrap();
    assert_eq!(p.map.span_to_source(span).range(), 0..0);
}

#[test]
fn pages_without_an_article() {
    let p = clean("الرئيسية\nأخبار\nرياضة\nاتصل بنا");
    assert!(p.paragraphs.is_empty());
    assert_eq!(p.dropped.len(), 4);
    let p = clean("");
    assert!(p.paragraphs.is_empty() && p.headline.is_none());
    assert_eq!(p.map, OffsetMap::new());
}

/// One line per field, stable across runs: the golden rendering of a page.
fn render(name: &str, p: &Page) -> String {
    let mut out = format!("== {name}\n");
    let opt = |s: &Option<String>| s.clone().unwrap_or_else(|| "-".into());
    out += &format!("headline: {}\nbyline: {}\npublished: {}\n", opt(&p.headline), opt(&p.byline), opt(&p.published));
    for para in &p.paragraphs {
        out += &format!("paragraph: {para}\n");
    }
    for r in &p.related {
        out += &format!("related: {}\n", r.headline);
    }
    for c in &p.credits {
        out += &format!("credit: {c}\n");
    }
    for d in &p.dropped {
        out += &format!("dropped {}: {}\n", d.reason.as_str(), d.text);
    }
    out
}

#[test]
fn golden_examples() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let mut files: Vec<_> = std::fs::read_dir(root).unwrap().filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let mut got = String::new();
    for f in files.iter().filter(|f| f.extension().is_some_and(|x| x == "txt")) {
        let bytes = std::fs::read(f).unwrap();
        let decoded = marsad_engine::ingest::decode::decode(&bytes, None).unwrap();
        let page = clean(&decoded.text);
        got += &render(&f.file_name().unwrap().to_string_lossy(), &page);
    }
    let golden = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/examples.txt");
    if std::env::var_os("MARSAD_UPDATE_GOLDEN").is_some() {
        std::fs::write(golden, &got).unwrap();
    }
    let want = std::fs::read_to_string(golden).unwrap_or_default();
    if got != want {
        let diff: Vec<String> = want
            .lines()
            .zip(got.lines())
            .filter(|(a, b)| a != b)
            .take(10)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        panic!(
            "examples/ no longer clean as recorded in {golden} (update: MARSAD_UPDATE_GOLDEN=1):\n{}",
            diff.join("\n")
        );
    }
}
