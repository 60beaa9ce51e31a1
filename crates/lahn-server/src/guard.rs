//! What every request passes before its handler: the Host and Origin checks (the server's
//! own page and the origins a team lists, answering CORS preflights for those), the bearer
//! token and the concurrency limit on `/v1`, and the timeout; and the metrics of every
//! answer.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::OwnedSemaphorePermit;

use crate::metrics::route_label;
use crate::server::App;
use crate::ApiError;

/// A slot of the concurrency limit, held by a request's handler (and by a batch stream
/// until it ends).
#[derive(Debug, Clone)]
pub struct Permit(#[allow(dead_code)] pub Arc<OwnedSemaphorePermit>);

/// The middleware: checks, runs the handler, counts the answer.
pub async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = route_label(req.uri().path());
    app.metrics.in_flight(1);
    let response = check_and_run(&app, req, next).await;
    app.metrics.in_flight(-1);
    app.metrics
        .record(route, response.status().as_u16(), started.elapsed());
    response
}

async fn check_and_run(app: &App, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_owned();
    // A page on another site can point its own host name at 127.0.0.1 (DNS rebinding) and
    // then call this server as "same origin"; on loopback only loopback names are served.
    if app.loopback && !is_loopback_host(&host) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            format!("the server listens on loopback and does not answer for host `{host}`"),
        )
        .into_response();
    }
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let listed = origin
        .as_deref()
        .is_some_and(|o| app.options.allow_origins.iter().any(|a| a == o));
    if let Some(o) = &origin {
        let own = *o == format!("http://{host}");
        if !own && !listed {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                format!("origin `{o}` is not allowed (start the server with --allow-origin {o})"),
            )
            .into_response();
        }
    }
    if req.method() == Method::OPTIONS {
        let mut r = StatusCode::NO_CONTENT.into_response();
        if listed {
            preflight_headers(r.headers_mut());
            // A public helpdesk calling a server on this machine asks first (Chromium's
            // Private Network Access).
            if req
                .headers()
                .contains_key("access-control-request-private-network")
            {
                r.headers_mut().insert(
                    "access-control-allow-private-network",
                    HeaderValue::from_static("true"),
                );
            }
        }
        cors_headers(r.headers_mut(), origin.as_deref().filter(|_| listed));
        return r;
    }
    let path = req.uri().path();
    let mut response = if path == "/v1" || path.starts_with("/v1/") {
        if let Some(token) = &app.options.token {
            if !bearer_matches(req.headers(), token) {
                let mut r = ApiError::new(
                    StatusCode::UNAUTHORIZED,
                    "this server needs a token: send `Authorization: Bearer <token>`",
                )
                .into_response();
                r.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                cors_headers(r.headers_mut(), origin.as_deref().filter(|_| listed));
                return r;
            }
        }
        let Ok(permit) = Arc::clone(&app.permits).try_acquire_owned() else {
            app.metrics.refused();
            let mut r = ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the server is busy ({} requests at once); try again",
                    app.options.concurrency
                ),
            )
            .into_response();
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            cors_headers(r.headers_mut(), origin.as_deref().filter(|_| listed));
            return r;
        };
        // Held here until the handler is done (the handler drops the request's extensions
        // when it takes the body), and by a batch stream until it ends.
        let permit = Permit(Arc::new(permit));
        req.extensions_mut().insert(permit.clone());
        let answer = tokio::time::timeout(app.options.timeout, next.run(req)).await;
        drop(permit);
        match answer {
            Ok(r) => r,
            Err(_) => ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "the request did not finish within {} ms",
                    app.options.timeout.as_millis()
                ),
            )
            .into_response(),
        }
    } else {
        next.run(req).await
    };
    cors_headers(response.headers_mut(), origin.as_deref().filter(|_| listed));
    response
}

/// Whether a Host header names this machine's loopback: `localhost`, `127.x.x.x` or
/// `[::1]`, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether the request carries `Authorization: Bearer <token>`, compared in constant time.
fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
    else {
        return false;
    };
    let (a, b) = (given.trim().as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn cors_headers(h: &mut HeaderMap, origin: Option<&str>) {
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(v) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
}

fn preflight_headers(h: &mut HeaderMap) {
    h.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET, POST"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("authorization, content-type"),
    );
    h.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for (host, ok) in [
            ("127.0.0.1:7010", true),
            ("localhost:7010", true),
            ("LOCALHOST", true),
            ("[::1]:7010", true),
            ("127.8.9.10", true),
            ("evil.example:7010", false),
            ("10.0.0.1:7010", false),
            ("", false),
            ("[::2]:1", false),
        ] {
            assert_eq!(is_loopback_host(host), ok, "{host}");
        }
    }

    #[test]
    fn bearer_token() {
        let mut h = HeaderMap::new();
        assert!(!bearer_matches(&h, "s3cret"));
        for (value, ok) in [
            ("Bearer s3cret", true),
            ("Bearer s3cre", false),
            ("Bearer s3cretX", false),
            ("Basic s3cret", false),
            ("s3cret", false),
        ] {
            h.insert(header::AUTHORIZATION, HeaderValue::from_static(value));
            assert_eq!(bearer_matches(&h, "s3cret"), ok, "{value}");
        }
    }
}
