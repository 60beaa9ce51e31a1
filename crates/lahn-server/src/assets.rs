//! The reply page and the helpdesk widget, embedded in the binary: no CDN, works offline.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The reply page.
pub const INDEX_HTML: &str = include_str!("../assets/index.html");
/// The page's styles.
pub const PAGE_CSS: &str = include_str!("../assets/page.css");
/// The page's script (it uses the widget's client, loaded before it).
pub const PAGE_JS: &str = include_str!("../assets/page.js");
/// The widget: the API client, and the badge and panel it attaches to a helpdesk's reply
/// boxes.
pub const WIDGET_JS: &str = include_str!("../assets/widget.js");

/// The page's own files only; no inline script or style, no other site, not in a frame.
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// `GET /`.
pub async fn index() -> Response {
    let mut r = asset(INDEX_HTML, "text/html; charset=utf-8");
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_CSP),
    );
    r
}

/// `GET /page.css`.
pub async fn page_css() -> Response {
    asset(PAGE_CSS, "text/css; charset=utf-8")
}

/// `GET /page.js`.
pub async fn page_js() -> Response {
    asset(PAGE_JS, "text/javascript; charset=utf-8")
}

/// `GET /widget.js`.
pub async fn widget_js() -> Response {
    asset(WIDGET_JS, "text/javascript; charset=utf-8")
}
