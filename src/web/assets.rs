//! The stylesheet, script and icon, compiled into the binary: the UI needs
//! no network and no files beside the binary. Links carry a version (a hash
//! of the contents), so browsers may cache them for long.

use super::error::AppError;
use axum::extract::Path;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::sync::LazyLock;

const STYLE: &str = include_str!("assets/style.css");
const SCRIPT: &str = include_str!("assets/app.js");
const ICON: &str = include_str!("assets/icon.svg");

/// Changes whenever an asset does (FNV-1a of all of them).
static VERSION: LazyLock<String> = LazyLock::new(|| {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in STYLE.bytes().chain(SCRIPT.bytes()).chain(ICON.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h as u32)
});

/// [`VERSION`] for templates.
pub fn version() -> &'static str {
    VERSION.as_str()
}

pub async fn serve(Path(file): Path<String>) -> Result<Response, AppError> {
    let (body, ctype) = match file.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "app.js" => (SCRIPT, "text/javascript; charset=utf-8"),
        "icon.svg" => (ICON, "image/svg+xml"),
        _ => return Err(AppError::NotFound(format!("no asset {file:?}"))),
    };
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    Ok(res)
}

/// Browsers ask for `/favicon.ico` whatever the page says.
pub async fn favicon() -> Response {
    let mut res = ICON.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    res
}
