//! Typed errors for the engine. Each error names the document it concerns, so
//! a batch can report every failure and carry on with the rest.

use std::fmt;

/// A specialised `Result` for the engine.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading the input failed.
    Io(std::io::Error),
    /// The input has no content (zero bytes, or only whitespace).
    Empty,
    /// The input looks binary (NUL bytes, control characters), not text.
    Binary,
    /// The input is larger than the configured limit.
    TooLarge { size: u64, limit: u64 },
    /// The bytes could not be decoded as text in any supported encoding.
    Encoding(String),
    /// The input is in a recognised format but is malformed.
    Malformed(String),
    /// The input decoded but held no text a page can be made of.
    NoText,
    /// A model or lexicon could not be loaded.
    Model(String),
    /// The store failed.
    Store(String),
}

/// An error, with the document (path, URL or record) it concerns when known.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    doc: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, doc: None }
    }

    /// Names the document this error concerns (keeps an existing name).
    pub fn with_doc(mut self, doc: impl Into<String>) -> Error {
        if self.doc.is_none() {
            self.doc = Some(doc.into());
        }
        self
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub fn doc(&self) -> Option<&str> {
        self.doc.as_deref()
    }

    pub fn io(err: std::io::Error, path: &std::path::Path) -> Error {
        Error::new(ErrorKind::Io(err)).with_doc(path.display().to_string())
    }

    pub fn malformed(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Malformed(msg.into()))
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Io(e) => write!(f, "cannot read: {e}"),
            ErrorKind::Empty => f.write_str("the input is empty"),
            ErrorKind::Binary => f.write_str("the input is binary, not text"),
            ErrorKind::TooLarge { size, limit } => {
                write!(f, "the input is {size} bytes, over the limit of {limit} bytes")
            }
            ErrorKind::Encoding(m) => write!(f, "cannot decode the text: {m}"),
            ErrorKind::Malformed(m) => write!(f, "malformed input: {m}"),
            ErrorKind::NoText => f.write_str("no article text found"),
            ErrorKind::Model(m) => write!(f, "model: {m}"),
            ErrorKind::Store(m) => write!(f, "store: {m}"),
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
