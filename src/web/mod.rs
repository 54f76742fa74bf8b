//! The web UI and JSON API of `marsad serve`.
//!
//! A thin layer over the engine and the store: [`app`] builds the whole
//! router from an [`AppState`], so tests drive it with `oneshot` and no
//! socket. Pages are rendered on the server (askama templates, compiled and
//! type-checked with the binary, escaping on by default) and every JSON
//! route mirrors a page. The stylesheet, script and icon are compiled into
//! the binary and nothing is fetched from elsewhere, so the UI works with no
//! network; responses carry a Content-Security-Policy that allows scripts
//! only from the server itself and no inline script at all, so text taken
//! from a hostile page can at worst be shown, never run.
//!
//! Evidence is highlighted where it sits: [`highlight`] turns byte spans
//! into nested elements over the cleaned text, and [`evidence`] decides
//! which spans become which elements.

mod analysis;
mod api;
mod assets;
mod error;
mod evidence;
mod highlight;
mod pages;
mod params;
mod store_pool;
#[cfg(test)]
mod tests;
mod views;

pub use error::AppError;
pub use store_pool::StorePool;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use error::ErrorInfo;
use marsad_engine::Pipeline;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Largest request body (a pasted page for analysis), in bytes.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// The policy every response carries. No inline script or style anywhere:
/// the page's script and stylesheet are files served from here.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What handlers share: the pipeline (for analyze) and the store, when the
/// server has one.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    pipeline: Pipeline,
    store: Option<Arc<StorePool>>,
    /// Analysis is CPU-bound: at most this many run at once, the rest wait.
    analyze_slots: Arc<Semaphore>,
}

impl AppState {
    pub fn new(pipeline: Pipeline, store: Option<StorePool>) -> AppState {
        AppState::with_shared_store(pipeline, store.map(Arc::new))
    }

    /// [`AppState::new`] with a pool the caller keeps a hold on too.
    pub fn with_shared_store(pipeline: Pipeline, store: Option<Arc<StorePool>>) -> AppState {
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        AppState { inner: Arc::new(Inner { pipeline, store, analyze_slots: Arc::new(Semaphore::new(cpus)) }) }
    }

    fn store(&self) -> Result<&Arc<StorePool>, AppError> {
        self.inner.store.as_ref().ok_or(AppError::NoStore)
    }

    fn has_store(&self) -> bool {
        self.inner.store.is_some()
    }
}

/// The whole application: pages, API, assets, errors, security headers.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/articles/{id}", get(pages::article))
        .route("/stories/{id}", get(pages::story))
        .route("/entities/{id}", get(pages::entity))
        .route("/claims/{id}", get(pages::claim))
        .route("/analyze", get(pages::analyze_form).post(pages::analyze_submit))
        .route("/api/search", get(api::search))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/stories/{id}", get(api::story))
        .route("/api/entities/{id}", get(api::entity))
        .route("/api/claims/{id}", get(api::claim))
        .route("/api/analyze", axum::routing::post(api::analyze))
        .route("/assets/{file}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn(html_errors))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

async fn not_found() -> AppError {
    AppError::NotFound("no such page".into())
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Error responses outside `/api/` become HTML pages; responses the
/// framework made itself (a 405) get our JSON or HTML error body too.
async fn html_errors(req: Request, next: Next) -> Response {
    let api = is_api(req.uri().path());
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let info = match res.extensions().get::<ErrorInfo>() {
        Some(info) => info.clone(),
        None => {
            let allow = res.headers().get(header::ALLOW).cloned();
            let mut ours = AppError::from_status(status).into_response();
            if let Some(allow) = allow {
                ours.headers_mut().insert(header::ALLOW, allow);
            }
            if api {
                return ours;
            }
            match ours.extensions().get::<ErrorInfo>() {
                Some(info) => info.clone(),
                None => return ours,
            }
        }
    };
    if api {
        return res;
    }
    pages::error_page(info.status, &info.message)
}

async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    res
}
