//! An ingest killed with SIGKILL at several points, then run again, ends with
//! exactly the right documents: none lost, none doubled, the search index in
//! step with the store.
//!
//! The input is generated here (Arabic sentences this test writes), as JSONL
//! with URLs: most records are distinct articles, some repeat an earlier
//! record (the same article read twice), some republish an earlier text under
//! another URL (a document of its own), and some change the text at an
//! earlier URL (a new version).

use marsad_corpus::{SearchRequest, Store};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const WORDS: &[&str] = &[
    "الحكومة",
    "المدينة",
    "الوزارة",
    "المجلس",
    "الاقتصاد",
    "الطاقة",
    "المياه",
    "الزراعة",
    "التعليم",
    "الصحة",
    "المستشفى",
    "المدرسة",
    "الطريق",
    "الميناء",
    "المطار",
    "السوق",
    "الشركة",
    "المصنع",
    "الجامعة",
    "الملعب",
    "أعلن",
    "قال",
    "أكد",
    "أوضح",
    "أضاف",
    "يبلغ",
    "ارتفع",
    "انخفض",
    "وصل",
    "بدأ",
];

/// A deterministic pseudo-random sequence (no dependency, same data every run).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

/// A body that is unique to `n`: a marker word built from `n` plus filler.
fn body(n: usize, rng: &mut Lcg) -> String {
    let mut s = format!("رمز{} ", marker(n));
    for i in 0..120 {
        s.push_str(WORDS[rng.next() % WORDS.len()]);
        s.push(if i % 15 == 14 { '.' } else { ' ' });
    }
    s
}

/// Arabic letters spelling `n`, so the marker is one Arabic word.
fn marker(mut n: usize) -> String {
    // Letters that end no light-stemmer suffix (ا ت ن و ي ه ة are left out),
    // so no two markers share a search stem.
    const L: [char; 10] = ['ب', 'ج', 'د', 'ر', 'س', 'ش', 'ص', 'ط', 'ع', 'ق'];
    let mut s = String::new();
    loop {
        s.push(L[n % 10]);
        n /= 10;
        if n == 0 {
            return s;
        }
    }
}

/// What identifies a generated text whatever the cleaner does to its lines:
/// its marker words (رمز… for the article, تحديث… for a changed version).
fn markers(text: &str) -> String {
    let mut m: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.strip_prefix("رمز").or_else(|| w.strip_prefix("تحديث")).is_some_and(|rest| !rest.is_empty()))
        .collect();
    m.sort_unstable();
    m.dedup();
    m.join(" ")
}

struct Expected {
    /// (url, markers) of every document that must be stored.
    documents: BTreeSet<(String, String)>,
    lines: usize,
}

fn generate(path: &Path, articles: usize) -> Expected {
    let mut rng = Lcg(42);
    let mut lines = Vec::new();
    let mut documents = BTreeSet::new();
    let mut bodies = Vec::new();
    for n in 0..articles {
        let url = format!("https://example.org/news/{n}");
        let b = body(n, &mut rng);
        lines.push(serde_json::json!({"url": url, "title": format!("خبر رقم {n}"), "text": b}).to_string());
        documents.insert((url.clone(), markers(&b)));
        bodies.push((url, format!("خبر رقم {n}"), b));
        // Every 10th article: the same record again later (same document).
        if n % 10 == 3 {
            let j = rng.next() % bodies.len();
            let (u, title, b) = &bodies[j];
            lines.push(serde_json::json!({"url": u, "title": title, "text": b, "category": "again"}).to_string());
        }
        // Every 25th: republished under another URL (a document of its own).
        if n % 25 == 7 {
            let j = rng.next() % bodies.len();
            let url = format!("https://mirror.example.net/copy/{n}");
            let b = bodies[j].2.clone();
            lines.push(serde_json::json!({"url": url, "title": "منقول", "text": b}).to_string());
            documents.insert((url, markers(&b)));
        }
        // Every 40th: the text at an earlier URL changes (a new version).
        if n % 40 == 11 {
            let j = rng.next() % bodies.len();
            let (url, title) = (bodies[j].0.clone(), bodies[j].1.clone());
            let b = format!("{} تحديث{}.", bodies[j].2, marker(n));
            lines.push(serde_json::json!({"url": url, "title": title, "text": b}).to_string());
            documents.insert((url.clone(), markers(&b)));
            bodies[j] = (url, title, b);
        }
    }
    std::fs::write(path, lines.join("\n") + "\n").expect("writing the input");
    Expected { documents, lines: lines.len() }
}

fn marsad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_marsad"))
}

/// What the store holds: (url, markers) of each document, via the library.
fn stored(store: &Path) -> (Vec<(String, String)>, marsad_corpus::Stats) {
    let s = Store::open(store).expect("the store opens after a kill");
    let mut docs = Vec::new();
    let mut q = s.conn().prepare("SELECT url, text FROM documents ORDER BY seq").unwrap();
    let rows = q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).unwrap();
    for r in rows {
        let (url, text) = r.unwrap();
        docs.push((url, markers(&text)));
    }
    (docs, s.stats().unwrap())
}

#[test]
fn sigkill_at_several_points_then_rerun_gives_exactly_the_right_documents() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.jsonl");
    let store = dir.path().join("store");
    let want = generate(&input, 6000);

    let mut partial_states = Vec::new();
    let mut elapsed = Duration::ZERO;
    for step in [300u64, 400, 500, 700, 900] {
        elapsed += Duration::from_millis(step);
        let mut child = marsad()
            .args(["ingest", "--batch", "64", "--store"])
            .arg(&store)
            .arg(&input)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("marsad runs");
        let t = Instant::now();
        while t.elapsed() < Duration::from_millis(step) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        // Child::kill sends SIGKILL on Unix: no handler runs, nothing is
        // flushed.
        let _ = child.kill();
        child.wait().unwrap();
        let (docs, stats) = stored(&store);
        // After any kill the store is consistent: no document twice, the
        // index holds exactly the latest versions.
        let unique: HashSet<&(String, String)> = docs.iter().collect();
        assert_eq!(unique.len(), docs.len(), "a document was stored twice after a kill at {elapsed:?}");
        assert_eq!(stats.indexed, stats.latest_documents, "index out of step after a kill at {elapsed:?}");
        for d in &docs {
            assert!(want.documents.contains(d), "stored a document that is not in the input: {d:?}");
        }
        partial_states.push(docs.len());
    }
    // Shown with --nocapture: how far each killed run had got.
    eprintln!("documents stored after each kill: {partial_states:?} of {}", want.documents.len());
    assert!(
        partial_states.iter().any(|&n| n > 0 && n < want.documents.len()),
        "no kill landed in the middle of an ingest ({partial_states:?} of {}); the test would prove nothing",
        want.documents.len()
    );

    // The rerun completes.
    let out = marsad().args(["ingest", "--json", "--store"]).arg(&store).arg(&input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (docs, stats) = stored(&store);
    let got: BTreeSet<(String, String)> = docs.iter().cloned().collect();
    assert_eq!(docs.len(), got.len(), "documents doubled");
    let lost: Vec<_> = want.documents.difference(&got).map(|d| d.0.clone()).take(5).collect();
    assert!(lost.is_empty(), "documents lost: {lost:?}");
    assert_eq!(got, want.documents);
    assert_eq!(stats.sightings as usize, want.lines, "every input record is recorded once");
    assert_eq!(stats.indexed, stats.latest_documents);

    // Searching for an article's marker word finds that article once.
    let s = Store::open(&store).unwrap();
    for n in [0usize, 1234, 5999] {
        let word = format!("رمز{}", marker(n));
        // Latest versions carrying the marker: the article, and any copy
        // republished under another URL.
        let mut latest: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
        for (url, m) in &docs {
            latest.insert(url, m);
        }
        let want_hits = latest.values().filter(|m| m.split(' ').any(|w| w == word)).count();
        assert!(want_hits >= 1);
        let r = s.search(&SearchRequest { query: word.clone(), limit: 5, ..Default::default() }).unwrap();
        assert_eq!(r.total, want_hits, "hits for the marker of article {n}");
    }
    drop(s);

    // And one more run adds nothing.
    let out = marsad().args(["ingest", "--json", "--store"]).arg(&store).arg(&input).output().unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["added"], 0);
    assert_eq!(summary["versions"], 0);
    assert_eq!(summary["already_seen"].as_u64().unwrap() as usize, want.lines);
}
