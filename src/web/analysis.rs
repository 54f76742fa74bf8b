//! Analyzing a pasted page without storing it: the same pipeline as
//! `marsad analyze`, run on the blocking pool, a few at a time.

use super::error::AppError;
use super::AppState;
use marsad_engine::{Analyzed, ErrorKind, Format, Hints, RawDoc, Source};

/// How the client says to read the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatHint {
    /// Sniff it (HTML if it looks like markup).
    Auto,
    Text,
    Html,
}

impl FormatHint {
    pub fn parse(s: Option<&str>) -> Result<FormatHint, AppError> {
        match s.map(str::trim).unwrap_or("auto") {
            "" | "auto" => Ok(FormatHint::Auto),
            "text" => Ok(FormatHint::Text),
            "html" => Ok(FormatHint::Html),
            other => Err(AppError::BadRequest(format!("format must be auto, text or html, not {other:?}"))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FormatHint::Auto => "auto",
            FormatHint::Text => "text",
            FormatHint::Html => "html",
        }
    }
}

/// Runs the pipeline on `bytes`. `name` is how errors name the input.
pub async fn run(state: &AppState, bytes: Vec<u8>, hint: FormatHint, name: &str) -> Result<Analyzed, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::BadRequest("nothing to analyze: the text is empty".into()));
    }
    let format = match hint {
        FormatHint::Auto => marsad_engine::ingest::detect(&bytes),
        FormatHint::Text => Format::Text,
        FormatHint::Html => Format::Html,
    };
    let raw = RawDoc {
        source: Source { path: Some(name.to_string()), format: Some(format), ..Source::default() },
        bytes,
        hints: Hints::default(),
    };
    // The slot moves into the task, so that an abandoned request still
    // counts until its analysis ends.
    let slot = std::sync::Arc::clone(&state.inner.analyze_slots)
        .acquire_owned()
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let st = state.clone();
    let result = tokio::task::spawn_blocking(move || {
        let _slot = slot;
        st.inner.pipeline.analyze(&raw)
    })
    .await?;
    result.map_err(|e| match e.kind() {
        ErrorKind::Empty => AppError::BadRequest(format!("nothing to analyze: {e}")),
        ErrorKind::TooLarge { .. } => AppError::TooLarge { limit: super::MAX_BODY },
        ErrorKind::Binary | ErrorKind::Encoding(_) | ErrorKind::Malformed(_) | ErrorKind::NoText => {
            AppError::Unprocessable(e.to_string())
        }
        _ => AppError::Internal(e.into()),
    })
}
