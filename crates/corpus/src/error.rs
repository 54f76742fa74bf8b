//! Typed errors for the corpus layer. The binary adds context; the library
//! says what failed and, when it concerns one, which document.

use std::fmt;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// SQLite failed.
    Sqlite(rusqlite::Error),
    /// The full-text index failed.
    Index(tantivy::TantivyError),
    /// Reading or writing a file failed.
    Io(std::io::Error),
    /// The store was written by a newer marsad (its schema version is
    /// higher than this build knows).
    SchemaTooNew { found: i64, known: i64 },
    /// A stored value could not be read back (a corrupt row).
    Corrupt(String),
    /// A query could not be understood.
    Query(String),
    /// Something asked for does not exist (a document id, a store).
    NotFound(String),
    /// An input file (labelled pairs) is malformed.
    Input(String),
}

#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    doc: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, doc: None }
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Names the document this error concerns.
    pub fn with_doc(mut self, doc: impl Into<String>) -> Error {
        if self.doc.is_none() {
            self.doc = Some(doc.into());
        }
        self
    }

    pub fn doc(&self) -> Option<&str> {
        self.doc.as_deref()
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Sqlite(e) => write!(f, "store (SQLite): {e}"),
            ErrorKind::Index(e) => write!(f, "search index: {e}"),
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::SchemaTooNew { found, known } => write!(
                f,
                "the store has schema version {found}, newer than this marsad knows ({known}); upgrade marsad"
            ),
            ErrorKind::Corrupt(m) => write!(f, "corrupt store: {m}"),
            ErrorKind::Query(m) => write!(f, "query: {m}"),
            ErrorKind::NotFound(m) => write!(f, "not found: {m}"),
            ErrorKind::Input(m) => write!(f, "input: {m}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.doc {
            Some(d) => write!(f, "{d}: {}", self.kind),
            None => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Sqlite(e) => Some(e),
            ErrorKind::Index(e) => Some(e),
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::new(ErrorKind::Sqlite(e))
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Error {
        Error::new(ErrorKind::Index(e))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for Error {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Error {
        Error::new(ErrorKind::Index(e.into()))
    }
}

impl From<tantivy::query::QueryParserError> for Error {
    fn from(e: tantivy::query::QueryParserError) -> Error {
        Error::new(ErrorKind::Query(e.to_string()))
    }
}
