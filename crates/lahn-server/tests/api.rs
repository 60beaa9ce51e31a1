//! The HTTP API over real HTTP on a loopback port: every route, every error path, the
//! limits, config reload and graceful shutdown.

mod common;

use std::io::Write;
use std::time::{Duration, Instant};

use common::*;
use lahn_server::Server;
use serde_json::{json, Value};

/// Drafts in several registers: colloquial with emoji, formal with ZWNJ, notification
/// style with Arabic letters and Latin digits, a placeholder.
const DRAFTS: [&str; 4] = [
    "سلام مریم جان 🌷 متاسفانه نمیتونیم سفارشت رو زودتر بفرستیم 😔",
    "با سلام و احترام، درخواست شما بررسی شد و امکان استرداد وجه وجود ندارد.",
    "مشتري گرامي، سفارش 1234 شما لغو شد.",
    "{{first_name}} عزیز، باید صبر کنید!!!",
];

#[test]
fn review_reports_findings_in_every_unit() {
    let server = start(options());
    let addr = server.addr();
    for draft in DRAFTS {
        let r = post_json(
            addr,
            "/v1/review",
            &json!({"draft": draft, "channel": "chat"}),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.header("content-type"), Some("application/json"));
        let v = r.json();
        assert!(v["score"].as_u64().unwrap() < 100, "{draft}: {v}");
        assert_eq!(v["categories"].as_object().unwrap().len(), 10);
        let findings = v["findings"].as_array().unwrap();
        assert!(!findings.is_empty(), "{draft}");
        for f in findings {
            let [b0, b1] = [0, 1].map(|i| f["offsets"]["byte"][i].as_u64().unwrap() as usize);
            assert_eq!(
                (f["start"].as_u64(), f["end"].as_u64()),
                (Some(b0 as u64), Some(b1 as u64))
            );
            assert_eq!(f["found"], json!(&draft[b0..b1]), "{f}");
            let before = &draft[..b0];
            assert_eq!(f["offsets"]["char"][0], json!(before.chars().count()));
            assert_eq!(
                f["offsets"]["utf16"][0],
                json!(before.encode_utf16().count())
            );
            let inside = &draft[b0..b1];
            assert_eq!(
                f["offsets"]["utf16"][1].as_u64().unwrap()
                    - f["offsets"]["utf16"][0].as_u64().unwrap(),
                inside.encode_utf16().count() as u64
            );
            assert!(
                f["explanation"]["what"]
                    .as_str()
                    .is_some_and(|s| !s.is_empty()),
                "{f}"
            );
        }
    }
    // The emoji before «نمیتونیم» takes two UTF-16 units and one character.
    let v = post_json(
        addr,
        "/v1/review",
        &json!({"draft": DRAFTS[0], "lang": "en"}),
    )
    .json();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "negativity-inability")
        .unwrap()
        .clone();
    assert_eq!(f["found"], "نمیتونیم");
    assert_eq!(
        f["offsets"]["utf16"][0].as_u64().unwrap(),
        f["offsets"]["char"][0].as_u64().unwrap() + 1
    );
    assert!(f["message"].as_str().unwrap().is_ascii(), "English: {f}");
    // The customer's context counts: a known name not used.
    let v = post_json(
        addr,
        "/v1/review",
        &json!({"draft": "سلام، بسته فردا می‌رسد.", "customer_name": "کامران", "customer_message": "بسته‌ام کی می‌رسد؟"}),
    )
    .json();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "personalization-name-missing"));
}

#[test]
fn fix_returns_the_fixed_text_and_edits_in_the_original() {
    let server = start(options());
    let draft = "😊 سلام ,كمک می خواهید?";
    let r = post_json(server.addr(), "/v1/fix", &json!({"draft": draft}));
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["text"], "😊 سلام، کمک می‌خواهید؟");
    // Applying the edits in UTF-16 units, as JavaScript would, gives the fixed text.
    let units: Vec<u16> = draft.encode_utf16().collect();
    let mut out: Vec<u16> = Vec::new();
    let mut at = 0;
    for e in v["edits"].as_array().unwrap() {
        let [s, t] = [0, 1].map(|i| e["offsets"]["utf16"][i].as_u64().unwrap() as usize);
        out.extend_from_slice(&units[at..s]);
        out.extend(e["replacement"].as_str().unwrap().encode_utf16());
        at = t;
    }
    out.extend_from_slice(&units[at..]);
    assert_eq!(
        String::from_utf16(&out).unwrap(),
        v["text"].as_str().unwrap()
    );
    let r = post_json(
        server.addr(),
        "/v1/fix",
        &json!({"draft": "سلام، خوش آمدید."}),
    );
    assert_eq!(r.json(), json!({"text": "سلام، خوش آمدید.", "edits": []}));
}

/// The output lines of a `/v1/batch` request with `body`, which is answered with 200.
fn batch_lines(server: &Server, path: &str, body: &str) -> Vec<Value> {
    let r = send(
        server.addr(),
        "POST",
        path,
        &[("Content-Type", "application/x-ndjson")],
        body.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
    r.text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn batch_streams_json_lines_in_order() {
    let server = start(options());
    let mut body = String::new();
    for i in 0..600 {
        if i % 100 == 7 {
            body.push_str("{broken\n");
        } else {
            body.push_str(&json!({"id": i, "draft": DRAFTS[i % 4]}).to_string());
            body.push('\n');
        }
    }
    let lines = batch_lines(&server, "/v1/batch?lang=en", &body);
    assert_eq!(lines.len(), 600);
    for (i, v) in lines.iter().enumerate() {
        if i % 100 == 7 {
            assert_eq!(v["line"], json!(i + 1), "{v}");
        } else {
            assert_eq!(v["id"], json!(i));
            assert!(v["score"].is_u64());
        }
    }
    // Past the body limit, the whole lines read are answered and a last line says why.
    let mut o = options();
    o.max_body = 4000;
    let small = start(o);
    let line = json!({"id": 1, "draft": "سلام، نمیتونیم."}).to_string() + "\n";
    let s = open(
        small.addr(),
        "POST",
        "/v1/batch",
        &[
            ("Content-Type", "application/jsonl"),
            ("Transfer-Encoding", "chunked"),
        ],
        b"",
    );
    let mut s = s;
    for _ in 0..200 {
        let chunk = format!("{:x}\r\n{line}\r\n", line.len());
        if s.write_all(chunk.as_bytes()).is_err() {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n");
    let r = read(s);
    assert_eq!(r.status, 200);
    let text = r.text();
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(
        last["error"], "the body is larger than the limit of 4000 bytes",
        "{text}"
    );
    assert!(text.lines().count() > 10, "{text}");
}

#[test]
fn answers_given_before_the_body_is_read_arrive_whole() {
    // Past the body limit the server answers while the client is still sending. Closing a
    // socket with bytes unread would send a reset and lose the answer; it must arrive, in
    // full, however the timing falls.
    let mut o = options();
    o.max_body = 4000;
    let server = start(o);
    let line = json!({"id": 1, "draft": "سلام، نمیتونیم."}).to_string() + "\n";
    let chunk = format!("{:x}\r\n{line}\r\n", line.len());
    let big = format!("{{\"draft\": \"{}\"}}", "س".repeat(50_000));
    for round in 0..100 {
        let (path, mut s, rest) = if round % 4 != 3 {
            let s = open(
                server.addr(),
                "POST",
                "/v1/batch",
                &[
                    ("Content-Type", "application/jsonl"),
                    ("Transfer-Encoding", "chunked"),
                ],
                b"",
            );
            ("/v1/batch", s, chunk.repeat(200) + "0\r\n\r\n")
        } else {
            let length = big.len().to_string();
            let s = open(
                server.addr(),
                "POST",
                "/v1/review",
                &[
                    ("Content-Type", "application/json"),
                    ("Content-Length", &length),
                ],
                b"",
            );
            ("/v1/review", s, big.clone())
        };
        // Sent piece by piece, as a client streams a body.
        for piece in rest.as_bytes().chunks(chunk.len()) {
            if s.write_all(piece).is_err() {
                break;
            }
        }
        let r = read(s);
        assert!(
            r.text()
                .contains("the body is larger than the limit of 4000 bytes"),
            "{path}, round {round}: {}",
            r.status
        );
    }
}

#[test]
fn batch_answers_a_line_past_the_line_limit_with_an_error() {
    // A body limit raised past the 1 MiB line limit lets a huge line in; it is skipped
    // like `lahn batch` skips it, and the lines around it are answered.
    let mut o = options();
    o.max_body = 4 << 20;
    let server = start(o);
    let mut body = json!({"id": 1, "draft": DRAFTS[0]}).to_string() + "\n";
    body.push_str(r#"{"id": "huge", "draft": ""#);
    body.push_str(&"سلام ".repeat(250_000));
    body.push_str("\"}\n");
    body.push_str(&(json!({"id": 3, "draft": DRAFTS[1]}).to_string() + "\n"));
    let lines = batch_lines(&server, "/v1/batch", &body);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(lines[1]["line"], 2);
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .ends_with("over the 1048576-byte limit; it was skipped"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2]["id"], 3);
    assert!(lines[2]["score"].is_u64());
}

#[test]
fn rules_and_a_rules_documentation() {
    let server = start(options());
    let v = get(server.addr(), "/v1/rules").json();
    let rules = v["rules"].as_array().unwrap();
    assert!(rules.len() > 30);
    assert!(rules
        .iter()
        .any(|r| r["id"] == "cliche-asap" && r["category"] == "cliche"));
    let v = get(server.addr(), "/v1/rules/cliche-asap?lang=en").json();
    assert_eq!(v["id"], "cliche-asap");
    assert!(v["explanation"]
        .as_str()
        .unwrap()
        .contains("## What it does"));
    assert!(v["what"]
        .as_str()
        .unwrap()
        .starts_with(|c: char| c.is_ascii_uppercase()));
    let fa = get(server.addr(), "/v1/rules/cliche-asap").json();
    assert_ne!(fa["what"], v["what"]);
    assert!(fa["explanation"]
        .as_str()
        .unwrap()
        .contains("چه چیزی را می‌گیرد"));
    let r = get(server.addr(), "/v1/rules/cliche-asp");
    assert_eq!(r.status, 404);
    assert_eq!(
        r.error(),
        "unknown rule `cliche-asp`; did you mean `cliche-asap`?"
    );
}

#[test]
fn page_widget_health_and_metrics() {
    let server = start(options());
    let addr = server.addr();
    for (path, kind, needle) in [
        (
            "/",
            "text/html; charset=utf-8",
            "<html lang=\"fa\" dir=\"rtl\">",
        ),
        ("/page.js", "text/javascript; charset=utf-8", "applyEdits"),
        ("/page.css", "text/css; charset=utf-8", ".backdrop"),
        (
            "/widget.js",
            "text/javascript; charset=utf-8",
            "window.lahn",
        ),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(kind), "{path}");
        assert!(r.text().contains(needle), "{path}");
    }
    // The page runs only its own scripts, and loads nothing from elsewhere.
    let page = get(addr, "/");
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("script-src 'self'"));
    assert!(!page.text().contains("http"), "no outside links");
    let v = get(addr, "/healthz").json();
    assert_eq!(v["status"], "ok");
    assert_eq!(v["config_error"], Value::Null);
    post_json(addr, "/v1/review", &json!({"draft": "سلام"}));
    post_json(addr, "/v1/review", &json!({"nodraft": 1}));
    let r = get(addr, "/metrics");
    assert_eq!(
        r.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let text = r.text();
    for line in [
        "lahn_http_requests_total{route=\"/v1/review\",status=\"200\"} 1",
        "lahn_http_requests_total{route=\"/v1/review\",status=\"422\"} 1",
        "lahn_http_requests_total{route=\"/healthz\",status=\"200\"} 1",
        "lahn_http_errors_total{route=\"/v1/review\"} 1",
        "lahn_http_request_duration_seconds_count{route=\"/v1/review\"} 2",
        "lahn_http_requests_in_flight 1",
    ] {
        assert!(text.lines().any(|l| l == line), "no `{line}` in\n{text}");
    }
    let r = get(addr, "/no/such/page");
    assert_eq!(
        (r.status, r.error()),
        (404, "no route `GET /no/such/page`".to_owned())
    );
}

#[test]
fn bad_requests_get_a_clear_json_error() {
    let mut o = options();
    o.max_body = 1000;
    let server = start(o);
    let addr = server.addr();
    let json_type = [("Content-Type", "application/json")];
    /// A route, its headers and body, and the status and the start of the message expected.
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Vec<u8>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            "/v1/review",
            json_type.to_vec(),
            b"{\"draft\": ".to_vec(),
            400,
            "the body is not a valid request: EOF while parsing",
        ),
        (
            "/v1/review",
            json_type.to_vec(),
            b"not json".to_vec(),
            400,
            "the body is not a valid request: expected",
        ),
        (
            "/v1/review",
            json_type.to_vec(),
            b"{\"text\": \"x\"}".to_vec(),
            422,
            "the body is not a valid request: missing field `draft`",
        ),
        (
            "/v1/review",
            json_type.to_vec(),
            b"{\"draft\": 5}".to_vec(),
            422,
            "the body is not a valid request: invalid type: integer `5`",
        ),
        (
            "/v1/review",
            json_type.to_vec(),
            b"{\"draft\": \"x\", \"channel\": \"fax\"}".to_vec(),
            422,
            "unknown channel `fax`",
        ),
        (
            "/v1/review",
            json_type.to_vec(),
            b"{\"draft\": \"x\", \"lang\": \"de\"}".to_vec(),
            422,
            "unknown language `de`",
        ),
        (
            "/v1/fix",
            json_type.to_vec(),
            b"[]".to_vec(),
            422,
            "the body is not a valid request",
        ),
        (
            "/v1/review",
            vec![("Content-Type", "text/plain")],
            b"{\"draft\": \"x\"}".to_vec(),
            415,
            "content type `text/plain` is not accepted here; send application/json",
        ),
        (
            "/v1/review",
            vec![],
            b"{\"draft\": \"x\"}".to_vec(),
            415,
            "the request has no content type; send application/json",
        ),
        (
            "/v1/batch",
            vec![("Content-Type", "image/png")],
            b"{}".to_vec(),
            415,
            "content type `image/png`",
        ),
        (
            "/v1/review",
            json_type.to_vec(),
            format!("{{\"draft\": \"{}\"}}", "س".repeat(600)).into_bytes(),
            413,
            "the body is larger than the limit of 1000 bytes",
        ),
        (
            "/v1/batch",
            vec![("Content-Type", "application/x-ndjson")],
            vec![b'\n'; 2000],
            413,
            "the body is larger than the limit of 1000 bytes",
        ),
        (
            "/v1/review",
            json_type.to_vec(),
            b"{\"draft\": \"\xff\xfe\"}".to_vec(),
            400,
            "the body is not a valid request",
        ),
    ];
    for (path, headers, body, status, message) in cases {
        let r = send(addr, "POST", path, &headers, &body);
        assert_eq!(
            r.status,
            status,
            "{path} {:?}: {}",
            String::from_utf8_lossy(&body),
            r.text()
        );
        assert!(r.error().starts_with(message), "{}: {}", message, r.error());
    }
    // A body without a length, larger than the limit, is cut off as it arrives.
    let s = open(
        addr,
        "POST",
        "/v1/review",
        &[
            ("Content-Type", "application/json"),
            ("Transfer-Encoding", "chunked"),
        ],
        b"",
    );
    let mut s = s;
    let piece = "x".repeat(600);
    let _ = s.write_all(
        format!(
            "{:x}\r\n{piece}\r\n{:x}\r\n{piece}\r\n0\r\n\r\n",
            piece.len(),
            piece.len()
        )
        .as_bytes(),
    );
    let r = read(s);
    assert_eq!(r.status, 413);
    // A method a route does not take.
    let r = send(addr, "GET", "/v1/review", &[], b"");
    assert_eq!(r.status, 405);
    // The server goes on.
    assert_eq!(get(addr, "/healthz").status, 200);
}

#[test]
fn token_origin_and_host() {
    let mut o = options();
    o.token = Some("s3cret-token".into());
    o.allow_origins = vec!["https://support.example.com".into()];
    let server = start(o);
    let addr = server.addr();
    let body = br#"{"draft": "x"}"#;
    let json = ("Content-Type", "application/json");
    let r = send(addr, "POST", "/v1/review", &[json], body);
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    assert!(r.error().contains("needs a token"));
    let r = send(
        addr,
        "POST",
        "/v1/review",
        &[json, ("Authorization", "Bearer wrong")],
        body,
    );
    assert_eq!(r.status, 401);
    assert_eq!(get(addr, "/v1/rules").status, 401);
    let auth = ("Authorization", "Bearer s3cret-token");
    assert_eq!(
        send(addr, "POST", "/v1/review", &[json, auth], body).status,
        200
    );
    // The page, the widget and the health check need no token.
    assert_eq!(get(addr, "/").status, 200);
    assert_eq!(get(addr, "/healthz").status, 200);
    // A listed origin gets CORS headers, and its preflight is answered.
    let listed = ("Origin", "https://support.example.com");
    let r = send(addr, "POST", "/v1/review", &[json, auth, listed], body);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://support.example.com")
    );
    let r = send(
        addr,
        "OPTIONS",
        "/v1/review",
        &[
            listed,
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type",
            ),
        ],
        b"",
    );
    assert_eq!(r.status, 204);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://support.example.com")
    );
    assert!(r
        .header("access-control-allow-headers")
        .unwrap()
        .contains("authorization"));
    // Another origin is refused, even with the token.
    let r = send(
        addr,
        "POST",
        "/v1/review",
        &[json, auth, ("Origin", "https://evil.example")],
        body,
    );
    assert_eq!(r.status, 403);
    assert!(r
        .error()
        .contains("origin `https://evil.example` is not allowed"));
    assert_eq!(r.header("access-control-allow-origin"), None);
    let r = send(
        addr,
        "OPTIONS",
        "/v1/review",
        &[("Origin", "https://evil.example")],
        b"",
    );
    assert_eq!(r.status, 403);
    // The server's own page is its own origin.
    let own = format!("http://{addr}");
    let r = send(
        addr,
        "POST",
        "/v1/review",
        &[json, auth, ("Origin", &own)],
        body,
    );
    assert_eq!(r.status, 200);
    // A name that only points at loopback (DNS rebinding) is not served.
    let r = send(
        addr,
        "GET",
        "/healthz",
        &[("Host", "attacker.example:7010")],
        b"",
    );
    assert_eq!(r.status, 403);
    assert!(r
        .error()
        .contains("does not answer for host `attacker.example:7010`"));
    let r = send(
        addr,
        "GET",
        "/healthz",
        &[("Host", &format!("localhost:{}", addr.port()))],
        b"",
    );
    assert_eq!(r.status, 200);
}

#[test]
fn a_slow_request_times_out() {
    let mut o = options();
    o.timeout = Duration::from_millis(300);
    let server = start(o);
    let started = Instant::now();
    // The body says 100 bytes and sends 10.
    let s = open(
        server.addr(),
        "POST",
        "/v1/review",
        &[
            ("Content-Type", "application/json"),
            ("Content-Length", "100"),
        ],
        b"{\"draft\": ",
    );
    let r = read(s);
    assert_eq!(r.status, 408);
    assert_eq!(r.error(), "the request did not finish within 300 ms");
    assert!(started.elapsed() < Duration::from_secs(10));
    // A batch whose body stalls ends with a line saying so.
    let s = open(
        server.addr(),
        "POST",
        "/v1/batch",
        &[
            ("Content-Type", "application/x-ndjson"),
            ("Content-Length", "1000"),
        ],
        "{\"id\": 1, \"draft\": \"نه\"}\n".as_bytes(),
    );
    let r = read(s);
    let text = r.text();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["id"], 1);
    assert_eq!(
        lines[1]["error"],
        "the request body was not read within 300 ms"
    );
}

#[test]
fn requests_past_the_concurrency_limit_are_refused() {
    let mut o = options();
    o.concurrency = 1;
    let server = start(o);
    let addr = server.addr();
    let json = ("Content-Type", "application/json");
    // One request holds the only slot while its body is still coming.
    let held = Halfway::review(addr, "x");
    std::thread::sleep(Duration::from_millis(200));
    let r = send(addr, "POST", "/v1/review", &[json], br#"{"draft": "x"}"#);
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(r.error().contains("busy"));
    // Routes outside /v1 are not limited.
    assert_eq!(get(addr, "/healthz").status, 200);
    assert_eq!(held.finish().status, 200);
    assert_eq!(
        send(addr, "POST", "/v1/review", &[json], br#"{"draft": "x"}"#).status,
        200
    );
    let metrics = get(addr, "/metrics").text();
    assert!(
        metrics.lines().any(|l| l == "lahn_http_refused_total 1"),
        "{metrics}"
    );
}

#[test]
fn the_config_is_reloaded_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("lahn.toml");
    std::fs::write(&file, "disable = [\"negativity\"]\n").unwrap();
    let mut o = options();
    o.config = lahn_config::Source::Discover(dir.path().to_owned());
    o.cwd = dir.path().to_owned();
    o.reload_every = Duration::from_millis(50);
    let server = start(o);
    let addr = server.addr();
    let negative = |addr| {
        post_json(addr, "/v1/review", &json!({"draft": "سلام، نمیتونیم."})).json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["category"] == "negativity")
    };
    let eventually = |what: &str, cond: &dyn Fn() -> bool| {
        let until = Instant::now() + Duration::from_secs(20);
        while !cond() {
            assert!(Instant::now() < until, "never: {what}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    assert!(!negative(addr));
    assert_eq!(
        get(addr, "/healthz").json()["config"],
        json!(file.display().to_string())
    );
    // Changed (a different size, so a coarse file-system clock can't hide it).
    std::fs::write(&file, "disable = [\"cliche\"]\nlang = \"en\"\n").unwrap();
    eventually("the new config is used", &|| negative(addr));
    // Broken: the last good config stays, and the health check says why.
    std::fs::write(&file, "disable = [\"no-such-rule\"]\n").unwrap();
    eventually("the broken config is reported", &|| {
        get(addr, "/healthz").json()["config_error"]
            .as_str()
            .is_some_and(|e| e.contains("unknown rule `no-such-rule`"))
    });
    assert!(negative(addr));
    // Counted once the reload has finished, just after the health check can tell.
    eventually("the failed reload is counted", &|| {
        get(addr, "/metrics")
            .text()
            .contains("lahn_config_reload_errors_total 1")
    });
    // Removed: the defaults.
    std::fs::remove_file(&file).unwrap();
    eventually("the defaults are used", &|| {
        get(addr, "/healthz").json()["config"] == Value::Null
    });
}

#[test]
fn shutdown_finishes_the_requests_in_flight() {
    let server = start(options());
    let addr = server.addr();
    let held = Halfway::review(addr, "نمیتونیم، ببخشید");
    std::thread::sleep(Duration::from_millis(100));
    let stopping = std::thread::spawn(move || server.shutdown());
    std::thread::sleep(Duration::from_millis(200));
    // No new connections once it is stopping.
    assert!(std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err());
    let r = held.finish();
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["score"].is_u64());
    stopping.join().unwrap().unwrap();
}

/// `run` (what `lahn serve` calls) in a child process of this test binary, stopped by SIGTERM
/// while a request is in flight: the request is answered, then the process ends cleanly.
#[cfg(unix)]
#[test]
fn sigterm_finishes_the_requests_in_flight() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    if std::env::var_os("LAHN_SERVE_CHILD").is_some() {
        lahn_server::run(options(), |addr| println!("listening on {addr}")).unwrap();
        println!("stopped");
        return;
    }
    /// Ends the child however the test ends.
    struct Child(std::process::Child);
    impl Drop for Child {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Child(
        Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "sigterm_finishes_the_requests_in_flight",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("LAHN_SERVE_CHILD", "1")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let child = &mut child.0;
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let addr: std::net::SocketAddr = loop {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the child ended before listening"
        );
        // The test harness writes its own words before ours on the line.
        if let Some((_, a)) = line.trim().split_once("listening on ") {
            break a.parse().unwrap();
        }
    };
    let held = Halfway::review(addr, "سلام، بسته فردا می‌رسد 📦");
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(200));
    let r = held.finish();
    assert_eq!(r.status, 200, "{}", r.text());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status}");
    let mut rest_out = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest_out).unwrap();
    assert!(rest_out.contains("stopped"), "{rest_out}");
}
