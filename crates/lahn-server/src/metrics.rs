//! Counters for `GET /metrics`, in the Prometheus text format: requests by route and
//! status, errors, latency as a histogram, requests in flight and refused, config reloads.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Debug, Default)]
struct Route {
    by_status: BTreeMap<u16, u64>,
    errors: u64,
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// The server's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<&'static str, Route>>,
    in_flight: AtomicI64,
    refused: AtomicU64,
    reloads: AtomicU64,
    reload_errors: AtomicU64,
}

/// The route label of a request path: one of the server's routes, `{id}` for a rule's
/// documentation, or `other`, so labels stay few whatever clients ask for.
pub fn route_label(path: &str) -> &'static str {
    const ROUTES: [&str; 11] = [
        "/",
        "/page.css",
        "/page.js",
        "/widget.js",
        "/healthz",
        "/metrics",
        "/v1/review",
        "/v1/fix",
        "/v1/batch",
        "/v1/rules",
        "/favicon.ico",
    ];
    if let Some(r) = ROUTES.iter().find(|r| **r == path) {
        return r;
    }
    match path.strip_prefix("/v1/rules/") {
        Some(id) if !id.is_empty() && !id.contains('/') => "/v1/rules/{id}",
        _ => "other",
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn record(&self, route: &'static str, status: u16, took: Duration) {
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let r = routes.entry(route).or_default();
        *r.by_status.entry(status).or_default() += 1;
        if status >= 400 {
            r.errors += 1;
        }
        let secs = took.as_secs_f64();
        for (b, le) in r.buckets.iter_mut().zip(BUCKETS) {
            if secs <= le {
                *b += 1;
            }
        }
        r.count += 1;
        r.sum += secs;
    }

    /// A request started (+1) or ended (-1).
    pub fn in_flight(&self, delta: i64) {
        self.in_flight.fetch_add(delta, Ordering::Relaxed);
    }

    /// A request refused because the concurrency limit was reached.
    pub fn refused(&self) {
        self.refused.fetch_add(1, Ordering::Relaxed);
    }

    /// A config reload, good or not.
    pub fn reloaded(&self, ok: bool) {
        let c = if ok {
            &self.reloads
        } else {
            &self.reload_errors
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    /// The counters in the Prometheus text format.
    pub fn render(&self) -> String {
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let mut s = String::new();
        s.push_str("# HELP lahn_http_requests_total Requests answered, by route and status.\n");
        s.push_str("# TYPE lahn_http_requests_total counter\n");
        for (route, r) in routes.iter() {
            for (status, n) in &r.by_status {
                let _ = writeln!(
                    s,
                    "lahn_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        s.push_str("# HELP lahn_http_errors_total Requests answered with a 4xx or 5xx status.\n");
        s.push_str("# TYPE lahn_http_errors_total counter\n");
        for (route, r) in routes.iter() {
            let _ = writeln!(
                s,
                "lahn_http_errors_total{{route=\"{route}\"}} {}",
                r.errors
            );
        }
        s.push_str(
            "# HELP lahn_http_request_duration_seconds Time to answer a request (to its first byte for a stream).\n",
        );
        s.push_str("# TYPE lahn_http_request_duration_seconds histogram\n");
        for (route, r) in routes.iter() {
            for (n, le) in r.buckets.iter().zip(BUCKETS) {
                let _ = writeln!(
                    s,
                    "lahn_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {n}"
                );
            }
            let _ = writeln!(
                s,
                "lahn_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                r.count
            );
            let _ = writeln!(
                s,
                "lahn_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                r.sum
            );
            let _ = writeln!(
                s,
                "lahn_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                r.count
            );
        }
        let gauges = [
            (
                "lahn_http_requests_in_flight",
                "gauge",
                "Requests being served.",
                self.in_flight.load(Ordering::Relaxed).to_string(),
            ),
            (
                "lahn_http_refused_total",
                "counter",
                "Requests refused at the concurrency limit.",
                self.refused.load(Ordering::Relaxed).to_string(),
            ),
            (
                "lahn_config_reloads_total",
                "counter",
                "Config reloads that took effect.",
                self.reloads.load(Ordering::Relaxed).to_string(),
            ),
            (
                "lahn_config_reload_errors_total",
                "counter",
                "Config changes that could not be loaded (the previous config stays).",
                self.reload_errors.load(Ordering::Relaxed).to_string(),
            ),
        ];
        for (name, kind, help, value) in gauges {
            let _ = writeln!(
                s,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_stay_few() {
        for (path, label) in [
            ("/v1/review", "/v1/review"),
            ("/v1/rules/cliche-asap", "/v1/rules/{id}"),
            ("/v1/rules/a/b", "other"),
            ("/v1/rules/", "other"),
            ("/etc/passwd", "other"),
        ] {
            assert_eq!(route_label(path), label, "{path}");
        }
    }

    #[test]
    fn histogram_is_cumulative() {
        let m = Metrics::default();
        m.record("/v1/review", 200, Duration::from_micros(500));
        m.record("/v1/review", 200, Duration::from_millis(30));
        m.record("/v1/review", 413, Duration::from_millis(2));
        let text = m.render();
        for line in [
            "lahn_http_requests_total{route=\"/v1/review\",status=\"200\"} 2",
            "lahn_http_requests_total{route=\"/v1/review\",status=\"413\"} 1",
            "lahn_http_errors_total{route=\"/v1/review\"} 1",
            "lahn_http_request_duration_seconds_bucket{route=\"/v1/review\",le=\"0.001\"} 1",
            "lahn_http_request_duration_seconds_bucket{route=\"/v1/review\",le=\"0.0025\"} 2",
            "lahn_http_request_duration_seconds_bucket{route=\"/v1/review\",le=\"0.05\"} 3",
            "lahn_http_request_duration_seconds_bucket{route=\"/v1/review\",le=\"+Inf\"} 3",
            "lahn_http_request_duration_seconds_count{route=\"/v1/review\"} 3",
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line} in\n{text}");
        }
    }
}
