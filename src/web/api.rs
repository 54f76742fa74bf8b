//! The JSON API. Each route returns the view of the page of the same name
//! (see [`super::views`]); `POST /api/analyze` returns the analysed document
//! in the schema of `marsad analyze --json` (docs/schema.md).

use super::analysis::{self, FormatHint};
use super::error::AppError;
use super::pages::query_error;
use super::params::SearchParams;
use super::views::{self, ArticleView, ClaimView, EntityView, SearchView, StoryPageView};
use super::AppState;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use marsad_engine::Document;
use serde::Deserialize;

pub async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchView>, AppError> {
    let s = params.map_err(query_error)?.0.check()?;
    let v = state.store()?.with(move |store| views::search(store, &s)).await?;
    Ok(Json(v))
}

/// The JSON form of an analyze request.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnalyzeRequest {
    /// The page: plain text or HTML.
    text: String,
    /// `auto` (default), `text` or `html`.
    format: Option<String>,
}

/// `POST /api/analyze`: the body is the page itself (`text/plain`,
/// `text/html`) or JSON `{"text": …, "format": …}`.
pub async fn analyze(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Document>, AppError> {
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge { limit: super::MAX_BODY },
        _ => AppError::BadRequest(e.body_text()),
    })?;
    let ctype = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = ctype.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let (bytes, hint) = match mime.as_str() {
        "application/json" => {
            let req: AnalyzeRequest = serde_json::from_slice(&body)
                .map_err(|e| AppError::BadRequest(format!("the body is not a JSON analyze request: {e}")))?;
            (req.text.into_bytes(), FormatHint::parse(req.format.as_deref())?)
        }
        "text/html" | "application/xhtml+xml" => (body.to_vec(), FormatHint::Html),
        "text/plain" => (body.to_vec(), FormatHint::Text),
        // curl --data-binary sends form-urlencoded by default; a body with
        // no type is sniffed too.
        "" | "application/octet-stream" | "application/x-www-form-urlencoded" => (body.to_vec(), FormatHint::Auto),
        other => {
            return Err(AppError::UnsupportedType(format!(
                "send the page as text/plain, text/html or application/json, not {other}"
            )))
        }
    };
    let analyzed = analysis::run(&state, bytes, hint, "<request>").await?;
    Ok(Json(analyzed.document))
}

pub async fn article(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<ArticleView>, AppError> {
    Ok(Json(state.store()?.with(move |store| views::article(store, &id)).await?))
}

pub async fn story(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<StoryPageView>, AppError> {
    Ok(Json(state.store()?.with(move |store| views::story(store, &id)).await?))
}

pub async fn entity(State(state): State<AppState>, Path(key): Path<String>) -> Result<Json<EntityView>, AppError> {
    Ok(Json(state.store()?.with(move |store| views::entity(store, &key)).await?))
}

pub async fn claim(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<ClaimView>, AppError> {
    Ok(Json(state.store()?.with(move |store| views::claim(store, &id)).await?))
}
