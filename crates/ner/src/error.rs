//! Typed errors for the tagger: model files, training data and lexicons.

use std::fmt;

/// A specialised `Result` for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing a file failed.
    Io(std::io::Error),
    /// The bytes are not a marsad entity model (wrong magic header).
    NotAModel,
    /// The model was written by a format version this build cannot read.
    Version { found: u32, expected: u32 },
    /// The model file ends before its declared contents.
    Truncated { what: &'static str },
    /// The model file is internally inconsistent.
    Corrupt(String),
    /// A training or evaluation file is malformed (with its 1-based line).
    Conll { line: usize, message: String },
    /// A lexicon or cluster file is malformed.
    Lexicon(String),
    /// Training was asked to do something it cannot (no data, bad option).
    Training(String),
}

/// An error, with the file it concerns when known.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind, path: None }
    }

    /// Names the file this error concerns (keeps an existing name).
    pub fn with_path(mut self, path: impl Into<String>) -> Error {
        if self.path.is_none() {
            self.path = Some(path.into());
        }
        self
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    pub(crate) fn io(err: std::io::Error, path: &std::path::Path) -> Error {
        Error::new(ErrorKind::Io(err)).with_path(path.display().to_string())
    }

    pub(crate) fn corrupt(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Corrupt(msg.into()))
    }

    pub(crate) fn truncated(what: &'static str) -> Error {
        Error::new(ErrorKind::Truncated { what })
    }

    pub(crate) fn conll(line: usize, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Conll { line, message: message.into() })
    }

    pub(crate) fn lexicon(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Lexicon(msg.into()))
    }

    pub(crate) fn training(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Training(msg.into()))
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::NotAModel => f.write_str("not a marsad entity model (bad magic header)"),
            ErrorKind::Version { found, expected } => {
                write!(f, "model format version {found}, but this build reads version {expected}; retrain with `marsad train ner`")
            }
            ErrorKind::Truncated { what } => write!(f, "model file is truncated (while reading {what})"),
            ErrorKind::Corrupt(m) => write!(f, "model file is corrupt: {m}"),
            ErrorKind::Conll { line, message } => write!(f, "line {line}: {message}"),
            ErrorKind::Lexicon(m) => write!(f, "lexicon: {m}"),
            ErrorKind::Training(m) => write!(f, "training: {m}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{p}: {}", self.kind),
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
