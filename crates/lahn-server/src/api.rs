//! The routes: `/v1` (review, fix, batch, rules), `/healthz` and `/metrics`.

use std::pin::Pin;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use lahn::Lang;
use lahn_json::lines::Input;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::guard::Permit;
use crate::server::App;
use crate::ApiError;

/// The body of `/v1/review` and `/v1/fix`: a draft with its context, and the language of
/// the messages.
#[derive(Debug, Deserialize)]
struct DraftRequest {
    #[serde(flatten)]
    input: Input,
    #[serde(default)]
    lang: Option<String>,
}

/// `POST /v1/review`: the report of a draft, in the batch schema, each finding with its
/// offsets in bytes, characters and UTF-16 units, the text it found, its fix and its
/// explanation.
pub async fn review(State(app): State<Arc<App>>, req: Request) -> Result<Response, ApiError> {
    let (draft, lang) = read_draft(&app, req).await?;
    let coaches = app.live.get();
    let out = blocking(move || {
        let coach = coaches.get(lang);
        let report = coach.review(&draft);
        lahn_json::report::detailed_json(&draft.text, &report, coach)
    })
    .await?;
    Ok(json_response(StatusCode::OK, &out))
}

/// `POST /v1/fix`: the draft with every safe fix applied, `{"text", "edits"}`, the edits
/// in the original draft's offsets.
pub async fn fix(State(app): State<Arc<App>>, req: Request) -> Result<Response, ApiError> {
    let (draft, lang) = read_draft(&app, req).await?;
    let coaches = app.live.get();
    let out = blocking(move || {
        let fixed = coaches.get(lang).fix_safe(&draft);
        let edits = crate::edits::between(&draft.text, &fixed);
        json!({"text": fixed, "edits": edits})
    })
    .await?;
    Ok(json_response(StatusCode::OK, &out))
}

/// `POST /v1/batch`: JSON Lines in, JSON Lines out as `lahn batch` writes them, streamed.
pub async fn batch(State(app): State<Arc<App>>, req: Request) -> Result<Response, ApiError> {
    content_type(
        req.headers(),
        &[
            "application/x-ndjson",
            "application/jsonl",
            "application/json-lines",
            "application/json",
            "text/plain",
        ],
    )?;
    let lang = query_lang(&req)?;
    if let Some(n) = content_length(req.headers()) {
        if n > app.options.max_body as u64 {
            return Err(too_large(app.options.max_body));
        }
    }
    let permit = req.extensions().get::<Permit>().cloned();
    Ok(crate::batch::stream(&app, lang, req.into_body(), permit))
}

/// `GET /v1/rules`: the rules in force, `{"rules": [{"id", "category", "severity",
/// "summary", "url"?}]}`, in the language `?lang=` names.
pub async fn rules(State(app): State<Arc<App>>, req: Request) -> Result<Response, ApiError> {
    let lang = query_lang(&req)?;
    let coaches = app.live.get();
    let coach = coaches.get(lang);
    let mut rules: Vec<_> = coach.rules().iter().collect();
    rules.sort_by_key(|r| (r.spec.category, r.id.clone()));
    let list: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": &*r.id,
                "category": r.spec.category.name(),
                "severity": r.severity.name(),
                "summary": r.spec.summary(coach.lang()),
                "url": r.spec.url,
            })
        })
        .collect();
    Ok(json_response(StatusCode::OK, &json!({ "rules": list })))
}

/// `GET /v1/rules/{id}`: a rule's documentation, as `lahn explain` shows it (Markdown) and
/// in parts.
pub async fn rule(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    req: Request,
) -> Result<Response, ApiError> {
    let lang = query_lang(&req)?;
    let coaches = app.live.get();
    let coach = coaches.get(lang);
    let rules = coach.rules();
    let Some(r) = rules.get(&id) else {
        let message = match lahn::rule::nearest(&id, rules.iter().map(|r| &*r.id)) {
            Some(n) => format!("unknown rule `{id}`; did you mean `{n}`?"),
            None => format!("unknown rule `{id}` (see /v1/rules)"),
        };
        return Err(ApiError::new(StatusCode::NOT_FOUND, message));
    };
    let s = &r.spec;
    let l = coach.lang();
    let out = json!({
        "id": &*r.id,
        "category": s.category.name(),
        "severity": r.severity.name(),
        "summary": s.summary(l),
        "what": s.doc.what.get(l),
        "why": s.doc.why.get(l),
        "suggestion": s.suggestion.as_ref().map(|x| x.get(l)),
        "url": s.url,
        "explanation": s.explain(l),
    });
    Ok(json_response(StatusCode::OK, &out))
}

/// `GET /healthz`: `{"status": "ok", "config", "config_error"}`; the server answers with
/// the last good config while a changed one is broken, and says why here.
pub async fn healthz(State(app): State<Arc<App>>) -> Response {
    let coaches = app.live.get();
    let out = json!({
        "status": "ok",
        "config": coaches.path.as_ref().map(|p| p.display().to_string()),
        "config_error": app.live.error(),
    });
    json_response(StatusCode::OK, &out)
}

/// `GET /metrics`: the counters in the Prometheus text format.
pub async fn metrics(State(app): State<Arc<App>>) -> Response {
    let mut r = app.metrics.render().into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    r
}

/// Any other path: a JSON 404.
pub async fn not_found(req: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no route `{} {}`", req.method(), req.uri().path()),
    )
}

fn json_response(status: StatusCode, v: &Value) -> Response {
    let mut r = (status, v.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// Runs CPU-bound work off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f).await.map_err(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the review failed; the server goes on",
        )
    })
}

/// The draft and language of a `/v1/review` or `/v1/fix` body.
async fn read_draft(app: &App, req: Request) -> Result<(lahn::Draft, Option<Lang>), ApiError> {
    content_type(req.headers(), &["application/json"])?;
    if content_length(req.headers()).is_some_and(|n| n > app.options.max_body as u64) {
        return Err(too_large(app.options.max_body));
    }
    let bytes = read_body(req.into_body(), app.options.max_body).await?;
    let r: DraftRequest = serde_json::from_slice(&bytes).map_err(|e| ApiError::from_json(&e))?;
    let lang = parse_lang(r.lang.as_deref())?;
    let draft = r
        .input
        .into_draft()
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e))?;
    Ok((draft, lang))
}

fn parse_lang(lang: Option<&str>) -> Result<Option<Lang>, ApiError> {
    match lang.map(str::trim) {
        None | Some("") => Ok(None),
        Some(l) => l
            .parse()
            .map(Some)
            .map_err(|e: String| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e)),
    }
}

/// The `lang` of the query string.
fn query_lang(req: &Request) -> Result<Option<Lang>, ApiError> {
    let lang = req
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="));
    parse_lang(lang).map_err(|e| ApiError::bad_request(e.message))
}

/// Refuses a body whose media type is none of `allowed`.
fn content_type(headers: &HeaderMap, allowed: &[&str]) -> Result<(), ApiError> {
    let given = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
    match given {
        Some(t) if allowed.contains(&t.as_str()) => Ok(()),
        Some(t) => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "content type `{t}` is not accepted here; send {}",
                allowed[0]
            ),
        )),
        None => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("the request has no content type; send {}", allowed[0]),
        )),
    }
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

pub(crate) fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the body is larger than the limit of {limit} bytes"),
    )
}

/// The next piece of a body.
pub(crate) async fn next_chunk(
    stream: &mut axum::body::BodyDataStream,
) -> Option<Result<Bytes, axum::Error>> {
    std::future::poll_fn(|cx| futures_core::Stream::poll_next(Pin::new(&mut *stream), cx)).await
}

/// A whole body, refused past `limit` bytes (before reading it when it says its length).
async fn read_body(body: Body, limit: usize) -> Result<Vec<u8>, ApiError> {
    let mut stream = body.into_data_stream();
    let mut out = Vec::new();
    while let Some(chunk) = next_chunk(&mut stream).await {
        let chunk =
            chunk.map_err(|e| ApiError::bad_request(format!("cannot read the body: {e}")))?;
        if out.len() + chunk.len() > limit {
            return Err(too_large(limit));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}
