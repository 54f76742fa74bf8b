//! The corpus layer of marsad: where analysed documents are kept, searched
//! and related to each other.
//!
//! - [`Store`]: SQLite (bundled, WAL) as the source of truth — documents and
//!   their versions, outlets, paragraphs, entities and mentions, claims,
//!   quantities, flags, wording, duplicate groups, stories, claim records —
//!   with a schema version and migrations ([`schema`]); and a tantivy index
//!   beside it ([`index`]), built with marsad's own Arabic analyzer
//!   ([`ArabicAnalyzer`]) and rebuildable from SQLite.
//! - Identity ([`identity`]): same canonical URL and same normalized content
//!   is the same document; new content at a URL is a new version; the same
//!   content elsewhere is its own document in the first one's duplicate
//!   group.
//! - [`MinHasher`]: MinHash signatures over normalized word shingles and LSH
//!   band keys; [`dedup`] groups exact and near-duplicates.
//! - [`stories`]: articles about the same event across outlets and days.
//! - [`provenance`]: one record per claim, its carriers in time order.
//!
//! **Why a crate of its own** (DESIGN.md placed store, index and corpus in
//! `crates/engine`): rusqlite with bundled SQLite and tantivy are the two
//! heaviest dependencies of the project to compile, and the engine's stages
//! are rebuilt constantly while they are developed. Keeping them here means
//! the engine stays quick to build and test, and the data flow stays one way:
//! this crate depends on the engine's types (`Document`, `Analyzed`), never
//! the reverse.
//!
//! ```
//! use marsad_corpus::{Preparer, Store, SearchRequest};
//! use marsad_engine::{Hints, Pipeline, RawDoc, Source};
//!
//! let dir = tempfile::tempdir().unwrap();
//! let mut store = Store::open(dir.path()).unwrap();
//! let pipeline = Pipeline::builder().build().unwrap();
//! let preparer = Preparer::new();
//! store.begin_ingest(&["example".into()]).unwrap();
//! let raw = RawDoc {
//!     source: Source { url: Some("https://example.com/a".into()), ..Source::default() },
//!     bytes: "وصول الوفد إلى بغداد\n\nوصل الوفد بالعراق صباح اليوم في زيارة رسمية.".as_bytes().to_vec(),
//!     hints: Hints::default(),
//! };
//! let (_, sighting) = Preparer::sighting_of(&raw);
//! let prepared = preparer.prepare(sighting, pipeline.analyze(&raw).unwrap());
//! store.add_batch(vec![prepared]).unwrap();
//! store.finish_ingest().unwrap();
//! let found = store.search(&SearchRequest { query: "العراق".into(), limit: 10, ..Default::default() }).unwrap();
//! assert_eq!(found.total, 1);
//! assert!(found.hits[0].snippet.contains("<b>بالعراق</b>"));
//! ```

pub mod analyzer;
pub mod browse;
pub mod date;
pub mod dedup;
pub mod error;
pub mod hash;
pub mod identity;
pub mod index;
pub mod minhash;
pub mod prepare;
pub mod provenance;
pub mod schema;
pub mod search;
pub mod store;
pub mod stories;
pub mod timing;
mod unionfind;

pub use analyzer::ArabicAnalyzer;
pub use error::{Error, ErrorKind, Result};
pub use minhash::{MinHasher, MinHasherBuilder, Signature};
pub use prepare::{Prepared, Preparer};
pub use search::{Facets, Hit, SearchRequest, SearchResults};
pub use store::{BatchOutcome, CorpusSummary, DocSummary, Stats, Store};
