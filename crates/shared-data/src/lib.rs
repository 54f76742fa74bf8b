//! Where marsad's real-data tests, benchmarks and examples find
//! `../shared/data`: the folder named by `$MARSAD_SHARED_DATA`, else the
//! `shared/data` folder beside the repository (`<repo>/../shared/data`).
//!
//! Real data is never copied into the project, so a check that needs it
//! reads it at run time. A missing folder or file is a panic that names the
//! path and the variable to set: a real-data check must fail without its
//! data, never pass by skipping.
//!
//! ```no_run
//! let data = marsad_shared_data::read(&marsad_shared_data::dir().join(marsad_shared_data::ANT));
//! assert!(data.lines().count() > 30_000);
//! let first = marsad_shared_data::ant_articles().next().unwrap();
//! assert_eq!(first.line, 1);
//! ```

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

/// The ANT multi-source corpus, relative to [`dir`].
pub const ANT: &str = "ant-multisource/ant_multisource_v2.1.jsonl";

/// The shared data folder; panics when it is not there.
pub fn dir() -> PathBuf {
    let dir = std::env::var_os("MARSAD_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")));
    assert!(dir.is_dir(), "real data not found at {} (set MARSAD_SHARED_DATA)", dir.display());
    dir
}

/// The text of a file of the shared data; panics naming the file when it
/// cannot be read.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("real data missing: {} ({e}); set MARSAD_SHARED_DATA", path.display()))
}

/// One article of the ANT corpus: its line in the file (1-based), title
/// and text.
#[derive(Clone, Debug)]
pub struct Article {
    pub line: usize,
    pub title: String,
    pub text: String,
}

/// The articles of the ANT corpus in file order, read and parsed one line
/// at a time; panics naming the file and line when one cannot be read.
pub fn ant_articles() -> impl Iterator<Item = Article> {
    let path = dir().join(ANT);
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("real data missing: {} ({e}); set MARSAD_SHARED_DATA", path.display()));
    BufReader::new(file).lines().enumerate().map(move |(i, line)| {
        let at = || format!("{}: line {}", path.display(), i + 1);
        let line = line.unwrap_or_else(|e| panic!("{}: {e}", at()));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{}: {e}", at()));
        let text = v["text"].as_str().unwrap_or_else(|| panic!("{}: no text", at())).to_string();
        let title = v["title"].as_str().unwrap_or_default().to_string();
        Article { line: i + 1, title, text }
    })
}
