//! The marsad engine: raw Arabic news pages in, structured evidence out.
//!
//! Data flows one way through concrete types: [`ingest`] reads inputs into
//! [`RawDoc`]s (bytes + where they came from); [`clean`] turns each into a
//! [`Page`] (headline, byline, paragraphs, related links, credits, and every
//! dropped line with its reason); [`analyze`] annotates the page's text;
//! [`pipeline`] is the only module that knows all the stages.
//!
//! ```
//! use marsad_engine::{Pipeline, RawDoc, Source, Hints};
//! let text = "عنوان الخبر\n\nنص الخبر الأول، وهو فقرة طويلة بما يكفي لتكون متن المقال.";
//! let raw = RawDoc { source: Source::default(), bytes: text.as_bytes().to_vec(), hints: Hints::default() };
//! let done = Pipeline::builder().build().unwrap().analyze(&raw).unwrap();
//! assert_eq!(done.document.headline.as_deref(), Some("عنوان الخبر"));
//! ```

pub mod analyze;
pub mod clean;
pub mod doc;
pub mod error;
pub mod ingest;
pub mod pipeline;

pub use doc::{Document, DropReason, Dropped, Format, Hints, Page, RawDoc, Related, Source};
pub use error::{Error, ErrorKind, Result};
pub use pipeline::{Analyzed, Pipeline, PipelineBuilder};
