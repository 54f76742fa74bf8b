//! The HTML pages: each handler builds its view ([`super::views`]) and
//! renders it with a template from `templates/`. Templates escape every
//! value; the only raw HTML they insert is what [`super::highlight`] made.

use super::analysis::{self, FormatHint};
use super::error::AppError;
use super::params::SearchParams;
use super::views::{self, AnalysisView, ArticleView, ClaimView, EntityView, SearchView, StoryPageView};
use super::AppState;
use askama::Template;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use marsad_corpus::Stats;
use serde::Deserialize;

fn html(t: impl Template) -> Result<Html<String>, AppError> {
    t.render().map(Html).map_err(|e| AppError::Internal(anyhow::anyhow!("template: {e}")))
}

/// A 400 for a query string that does not parse.
pub fn query_error(e: QueryRejection) -> AppError {
    AppError::BadRequest(e.body_text())
}

/// A form that does not parse: 413 when over the body limit, else 400/415.
pub fn form_error(e: FormRejection) -> AppError {
    match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge { limit: super::MAX_BODY },
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::UnsupportedType(e.body_text()),
        _ => AppError::BadRequest(e.body_text()),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    status: u16,
    title: &'static str,
    message: &'a str,
}

/// The HTML page for an error (see [`super::html_errors`]).
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => "غير موجود",
        StatusCode::BAD_REQUEST => "طلب غير صالح",
        StatusCode::PAYLOAD_TOO_LARGE => "النص أكبر من المسموح",
        StatusCode::UNPROCESSABLE_ENTITY => "تعذّر التحليل",
        StatusCode::SERVICE_UNAVAILABLE => "لا يوجد مخزن",
        s if s.is_server_error() => "خطأ في الخادم",
        _ => "خطأ",
    };
    let page = ErrorPage { status: status.as_u16(), title, message };
    match page.render() {
        Ok(body) => (status, Html(body)).into_response(),
        // The error page is a fixed template: this cannot fail on input.
        Err(_) => (status, "error").into_response(),
    }
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    stats: Option<Stats>,
    stories: Vec<views::StoryItem>,
    latest: Option<SearchView>,
}

pub async fn home(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let Ok(pool) = state.store() else {
        return html(HomePage { stats: None, stories: Vec::new(), latest: None });
    };
    let (stats, stories, latest) = pool.with(views::home).await?;
    html(HomePage { stats: Some(stats), stories, latest: Some(latest) })
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    v: SearchView,
}

pub async fn search(
    State(state): State<AppState>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Html<String>, AppError> {
    let s = params.map_err(query_error)?.0.check()?;
    let v = state.store()?.with(move |store| views::search(store, &s)).await?;
    html(SearchPage { v })
}

#[derive(Template)]
#[template(path = "analyze.html")]
struct AnalyzePage {
    input: String,
    format: &'static str,
    result: Option<AnalysisView>,
}

pub async fn analyze_form() -> Result<Html<String>, AppError> {
    html(AnalyzePage { input: String::new(), format: "auto", result: None })
}

#[derive(Deserialize)]
pub struct AnalyzeForm {
    text: String,
    format: Option<String>,
}

pub async fn analyze_submit(
    State(state): State<AppState>,
    form: Result<Form<AnalyzeForm>, FormRejection>,
) -> Result<Html<String>, AppError> {
    let Form(f) = form.map_err(form_error)?;
    let hint = FormatHint::parse(f.format.as_deref())?;
    let analyzed = analysis::run(&state, f.text.clone().into_bytes(), hint, "<pasted>").await?;
    let result = views::analysis(&analyzed, state.has_store());
    html(AnalyzePage { input: f.text, format: hint.as_str(), result: Some(result) })
}

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    v: ArticleView,
}

pub async fn article(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>, AppError> {
    let v = state.store()?.with(move |store| views::article(store, &id)).await?;
    html(ArticlePage { v })
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    v: StoryPageView,
}

pub async fn story(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>, AppError> {
    let v = state.store()?.with(move |store| views::story(store, &id)).await?;
    html(StoryPage { v })
}

#[derive(Template)]
#[template(path = "entity.html")]
struct EntityPage {
    v: EntityView,
}

pub async fn entity(State(state): State<AppState>, Path(key): Path<String>) -> Result<Html<String>, AppError> {
    let v = state.store()?.with(move |store| views::entity(store, &key)).await?;
    html(EntityPage { v })
}

#[derive(Template)]
#[template(path = "claim.html")]
struct ClaimPage {
    v: ClaimView,
}

pub async fn claim(State(state): State<AppState>, Path(id): Path<String>) -> Result<Html<String>, AppError> {
    let v = state.store()?.with(move |store| views::claim(store, &id)).await?;
    html(ClaimPage { v })
}
