//! The one error type of the web layer.
//!
//! Every handler returns `Result<_, AppError>`. An `AppError` becomes a JSON
//! body `{"error": {"status", "code", "message"}}` with the matching status;
//! for the HTML pages, [`super::html_errors`] turns that same response into
//! an error page. A 5xx never shows what went wrong inside: the detail is
//! written to the server's log with an incident number, and the client gets
//! the number only.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};

/// What went wrong with a request.
#[derive(Debug)]
pub enum AppError {
    /// No such page, article, story, entity or claim (404).
    NotFound(String),
    /// The request is malformed: a bad parameter, unreadable JSON (400).
    BadRequest(String),
    /// The body is over the limit (413).
    TooLarge { limit: usize },
    /// The body's content type is not one the route reads (415).
    UnsupportedType(String),
    /// The input was read but holds nothing to analyze (422).
    Unprocessable(String),
    /// The route needs a store and the server was started without one (503).
    NoStore,
    /// Another client error the framework answered (405 method not allowed).
    Other(StatusCode, String),
    /// Anything else: logged, never shown (500).
    Internal(anyhow::Error),
}

/// Carried in the extensions of an error response so that the page layer
/// can render it as HTML without parsing the JSON body back.
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub message: String,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Detail<'a>,
}

#[derive(Serialize)]
struct Detail<'a> {
    status: u16,
    code: &'a str,
    message: &'a str,
}

static INCIDENTS: AtomicU64 = AtomicU64::new(0);

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NoStore => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Other(s, _) => *s,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::NotFound(_) => "not_found",
            AppError::BadRequest(_) => "bad_request",
            AppError::TooLarge { .. } => "payload_too_large",
            AppError::UnsupportedType(_) => "unsupported_media_type",
            AppError::Unprocessable(_) => "unprocessable",
            AppError::NoStore => "no_store",
            AppError::Other(..) => "client_error",
            AppError::Internal(_) => "internal",
        }
    }

    /// The message the client sees.
    fn public_message(&self) -> String {
        match self {
            AppError::NotFound(m) | AppError::BadRequest(m) | AppError::Unprocessable(m) => m.clone(),
            AppError::UnsupportedType(m) | AppError::Other(_, m) => m.clone(),
            AppError::TooLarge { limit } => format!("the request body is over the limit of {limit} bytes"),
            AppError::NoStore => "this server has no store: start it with `marsad serve --store DIR`".to_string(),
            AppError::Internal(err) => {
                let n = INCIDENTS.fetch_add(1, Ordering::Relaxed) + 1;
                eprintln!("marsad serve: incident {n}: {err:#}");
                format!("internal error (incident {n}, see the server log)")
            }
        }
    }

    /// The error for a response status that the framework produced itself
    /// (a 405, an extractor's rejection) with no body of ours.
    pub fn from_status(status: StatusCode) -> AppError {
        match status {
            StatusCode::NOT_FOUND => AppError::NotFound("no such page".into()),
            StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge { limit: super::MAX_BODY },
            s if s.is_server_error() => AppError::Internal(anyhow::anyhow!("the framework answered {s}")),
            s => AppError::Other(s, s.canonical_reason().unwrap_or("error").to_lowercase()),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = self.public_message();
        let body = Body { error: Detail { status: status.as_u16(), code: self.code(), message: &message } };
        let mut res = (status, Json(body)).into_response();
        res.extensions_mut().insert(ErrorInfo { status, message });
        res
    }
}

impl From<marsad_corpus::Error> for AppError {
    fn from(e: marsad_corpus::Error) -> AppError {
        use marsad_corpus::ErrorKind as K;
        match e.kind() {
            K::NotFound(m) => AppError::NotFound(m.clone()),
            K::Query(m) => AppError::BadRequest(m.clone()),
            _ => AppError::Internal(e.into()),
        }
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> AppError {
        AppError::Internal(anyhow::anyhow!("a worker task failed: {e}"))
    }
}
