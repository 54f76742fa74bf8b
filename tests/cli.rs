//! The `marsad` command line, as a user meets it: `marsad analyze` on a
//! directory of pages, as a summary and as JSON Lines; what happens when some
//! documents cannot be read; standard input; legacy encodings, byte-order
//! marks and Windows line endings.
//!
//! Every page here is text the project wrote. Each test runs the built
//! binary, so it checks exactly what a user would see.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What one run of `marsad` printed, and how it exited.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn marsad_with_stdin(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_marsad"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("marsad runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().expect("marsad exits with a status"),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn marsad(args: &[&str]) -> Run {
    marsad_with_stdin(args, b"")
}

/// The JSON objects of `--json` output, one per line.
fn json_lines(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
}

const HEADLINE: &str = "البلدية تفتتح حديقة عامة جديدة في حي الزيتون";
const LEDE: &str =
    "افتتحت البلدية صباح السبت حديقة عامة جديدة في حي الزيتون، تمتد على مساحة خمسة آلاف متر مربع وتضم ملاعب للأطفال.";
const SECOND: &str =
    "وقال رئيس البلدية في كلمة خلال الافتتاح إن الحديقة ستفتح أبوابها يوميا من السابعة صباحا حتى العاشرة مساء.";
const RELATED: &str = "البلدية تبدأ صيانة شبكة الإنارة في الأحياء الشرقية";

/// A page as a crawler saves it: a menu, a ticker, the article with a byline
/// after the lede and a related link inside it, a credit line, a cookie
/// notice.
fn page() -> String {
    format!(
        "الرئيسية\nأخبار محلية\nرياضة\nعاجـــل\n{HEADLINE}\n{LEDE}\nبقلم: مازن الخطيب\nاقرأ أيضاً: {RELATED}\n{SECOND}\n\
         المصدر: وكالة الأنباء المحلية + صحيفة المدينة\nيستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك. موافق\n"
    )
}

/// A second page, shorter, from another outlet.
fn other_page() -> String {
    format!("{HEADLINE}\n{LEDE}\n{SECOND}\n")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

#[test]
fn analyze_prints_a_summary_of_each_page() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a-page.txt", page());
    write(dir.path(), "b-page.txt", other_page());
    let run = marsad(&["analyze", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    // One block per page, in path order, with the fields a reader looks for.
    assert_eq!(run.stdout.matches("── ").count(), 2, "{}", run.stdout);
    assert!(run.stdout.find("a-page.txt").unwrap() < run.stdout.find("b-page.txt").unwrap());
    for want in [
        format!("  headline   {HEADLINE}"),
        "  byline     مازن الخطيب".to_string(),
        "  body       2 paragraphs".to_string(),
        format!("  related    {RELATED}"),
        "  credits    وكالة الأنباء المحلية · صحيفة المدينة".to_string(),
        "cookie_notice".to_string(),
        "ticker".to_string(),
    ] {
        assert!(run.stdout.contains(&want), "summary lacks {want:?}:\n{}", run.stdout);
    }
    assert!(run.stderr.contains("2 analyzed, 0 failed"), "{}", run.stderr);
}

#[test]
fn analyze_json_prints_one_object_per_document_with_the_schema_fields() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a-page.txt", page());
    write(dir.path(), "b-page.txt", other_page());
    let run = marsad(&["analyze", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    let docs = json_lines(&run.stdout);
    assert_eq!(docs.len(), 2);
    // Exactly the documented fields (docs/schema.md), in order.
    let first = run.stdout.lines().next().unwrap();
    let fields = serde_json::from_str::<KeysInOrder>(first).unwrap().0;
    assert_eq!(
        fields,
        [
            "id",
            "source",
            "headline",
            "byline",
            "published",
            "paragraphs",
            "related",
            "credits",
            "dropped",
            "text",
            "entities",
            "claims",
            "quantities",
            "flags",
            "wording"
        ]
    );
    let d = &docs[0];
    assert_eq!(d["source"]["format"], "text");
    assert!(d["source"]["path"].as_str().unwrap().ends_with("a-page.txt"));
    assert_eq!(d["id"].as_str().unwrap().len(), 16);
    assert_eq!(d["headline"], HEADLINE);
    assert_eq!(d["byline"], "مازن الخطيب");
    assert_eq!(d["paragraphs"], serde_json::json!([LEDE, SECOND]));
    assert_eq!(d["related"], serde_json::json!([RELATED]));
    assert_eq!(d["credits"], serde_json::json!(["وكالة الأنباء المحلية", "صحيفة المدينة"]));
    let reasons: Vec<(&str, &str)> = d["dropped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["reason"].as_str().unwrap(), x["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("navigation", "الرئيسية"),
            ("navigation", "أخبار محلية"),
            ("navigation", "رياضة"),
            ("ticker", "عاجـــل"),
            ("byline", "بقلم: مازن الخطيب"),
            ("related_link", &*format!("اقرأ أيضاً: {RELATED}")),
            ("credit_line", "المصدر: وكالة الأنباء المحلية + صحيفة المدينة"),
            ("cookie_notice", "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك. موافق"),
        ]
    );
    // `text` is the headline and the paragraphs, separated by blank lines,
    // and every span of every annotation points inside it.
    let text = d["text"].as_str().unwrap();
    assert_eq!(text, format!("{HEADLINE}\n\n{LEDE}\n\n{SECOND}"));
    for field in ["entities", "claims", "quantities", "flags", "wording"] {
        for span in spans(&d[field]) {
            assert!(span.1 <= text.len() && text.is_char_boundary(span.0) && text.is_char_boundary(span.1), "{field}");
        }
    }
}

/// The keys of a JSON object in the order they were written.
struct KeysInOrder(Vec<String>);

impl<'de> serde::Deserialize<'de> for KeysInOrder {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = KeysInOrder;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<KeysInOrder, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(k);
                }
                Ok(KeysInOrder(keys))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// Every `span` (a `[start, end]` pair) anywhere inside `v`.
fn spans(v: &Value) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "span" || k == "spans" {
                    let list = if k == "span" { vec![x.clone()] } else { x.as_array().cloned().unwrap_or_default() };
                    for s in list {
                        let s = s.as_array().expect("a span is an array");
                        out.push((s[0].as_u64().unwrap() as usize, s[1].as_u64().unwrap() as usize));
                    }
                } else {
                    out.extend(spans(x));
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| out.extend(spans(x))),
        _ => {}
    }
    out
}

#[test]
fn a_document_that_fails_is_named_and_the_others_are_still_printed() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "1-good.txt", page());
    let empty = write(dir.path(), "2-empty.txt", "");
    let binary = write(dir.path(), "3-binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00");
    // Two MiB of text, over a one-MiB limit.
    let huge = write(dir.path(), "4-huge.txt", format!("{LEDE}\n").repeat(2 * 1024 * 1024 / LEDE.len() + 1));
    write(dir.path(), "5-good.txt", other_page());
    let missing = dir.path().join("no-such-page.txt").display().to_string();
    let run = marsad(&["analyze", "--json", "--max-size", "1", dir.path().to_str().unwrap(), &missing]);
    assert_eq!(run.code, 1, "exit status 1 when any document failed; stderr: {}", run.stderr);
    // The good documents are printed.
    let docs = json_lines(&run.stdout);
    let paths: Vec<&str> = docs.iter().map(|d| d["source"]["path"].as_str().unwrap()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths[0].ends_with("1-good.txt") && paths[1].ends_with("5-good.txt"));
    // Each failure names its file and says what is wrong with it.
    for (file, what) in [(&empty, "empty"), (&binary, "binary"), (&huge, "over the limit"), (&missing, "cannot read")] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.contains(file.as_str()))
            .unwrap_or_else(|| panic!("{file} not named:\n{}", run.stderr));
        assert!(line.contains(what), "{line}");
    }
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [&["analyze", "--no-such-flag"][..], &["analyze", "--max-size", "many"], &["no-such-command"]] {
        let run = marsad(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty());
    }
}

#[test]
fn help_explains_with_an_example() {
    let run = marsad(&["analyze", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Examples:") && run.stdout.contains("marsad analyze"), "{}", run.stdout);
    assert!(run.stdout.contains("docs/schema.md"));
}

#[test]
fn a_page_is_read_from_standard_input_with_a_dash() {
    let run = marsad_with_stdin(&["analyze", "--json", "-"], page().as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docs = json_lines(&run.stdout);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["source"]["path"], "-");
    assert_eq!(docs[0]["headline"], HEADLINE);
}

#[test]
fn legacy_encodings_byte_order_marks_and_crlf_are_read() {
    let dir = tempfile::tempdir().unwrap();
    // A page the project saved in windows-1256 (examples/).
    let legacy = include_bytes!("../examples/wadi-dam-nahar-windows-1256.txt");
    write(dir.path(), "1-windows-1256.txt", legacy);
    let mut bom = "\u{FEFF}".as_bytes().to_vec();
    bom.extend(page().as_bytes());
    write(dir.path(), "2-bom.txt", bom);
    write(dir.path(), "3-crlf.txt", page().replace('\n', "\r\n"));
    let run = marsad(&["analyze", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docs = json_lines(&run.stdout);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["source"]["encoding"], "windows-1256");
    assert_eq!(docs[0]["headline"], "قوات درع الوادي تسيطر على سد الوادي الأخضر وتهجير ألفي عائلة");
    assert_eq!(docs[0]["paragraphs"].as_array().unwrap().len(), 4);
    // A BOM or CRLF changes nothing but the document's id.
    for d in &docs[1..] {
        assert_eq!(d["headline"], HEADLINE);
        assert_eq!(d["paragraphs"], serde_json::json!([LEDE, SECOND]));
        assert!(!d["text"].as_str().unwrap().contains('\r'));
        assert!(d["source"].get("encoding").is_none(), "UTF-8 is not reported");
    }
    assert_ne!(docs[1]["id"], docs[2]["id"]);
}

/// The project's gold files hold references into `../shared/data` (ANT
/// articles, ArMPro paragraphs), never text: every line of every file must
/// still rebuild into a sentence whose annotated parts are strings of it.
#[test]
#[ignore = "reads ../shared/data: scripts/real-data-checks"]
fn real_data_gold_references_rebuild_their_sentences() {
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval");
    let mut files: Vec<_> = std::fs::read_dir(&eval)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut armpro = 0;
    for what in ["claims", "quantities"] {
        for file in files.iter().filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with(what)) {
            let refs = std::fs::read_to_string(file).unwrap();
            armpro += refs.lines().filter(|l| l.contains("\"armpro\"")).count();
            let run = marsad(&["eval", what, "--materialize", file.to_str().unwrap()]);
            assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
            let rebuilt = json_lines(&run.stdout);
            assert!(!rebuilt.is_empty(), "{}", file.display());
            for line in &rebuilt {
                let sentence = line["sentence"].as_str().filter(|s| !s.trim().is_empty());
                let sentence = sentence.unwrap_or_else(|| panic!("{}: no sentence in {line}", file.display()));
                let parts: Vec<&str> = match what {
                    "claims" => line["claims"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .flat_map(|c| ["source", "cue", "content"].map(|k| c[k].as_str()))
                        .flatten()
                        .collect(),
                    _ => line["text"].as_str().into_iter().collect(),
                };
                for part in parts {
                    assert!(sentence.contains(part), "{}: {part:?} is not in {sentence:?}", file.display());
                }
            }
        }
    }
    assert!(armpro > 0, "no gold line names an ArMPro paragraph");
}
