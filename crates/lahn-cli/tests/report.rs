//! `lahn report`: its figures checked against a computation of their own over the same batch
//! output (the bundled examples, and 100,000 generated replies with agents and dates), and
//! its page against hostile text.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use common::generated::{line, Rng, CATEGORIES};
use common::{examples, lahn, text};
use serde_json::Value;

/// Rows of a CSV file written by the report (after its byte-order mark), as cells.
fn csv(path: &Path) -> Vec<Vec<String>> {
    let raw = std::fs::read_to_string(path).unwrap();
    let raw = raw.strip_prefix('\u{FEFF}').expect("a byte-order mark");
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut quoted = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

/// Rows keyed by their first cell, header skipped.
fn keyed(rows: &[Vec<String>]) -> HashMap<String, Vec<String>> {
    rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r.clone()))
        .collect()
}

/// What the report should say of a set of scores, computed by sorting.
#[derive(Debug, Default)]
struct Expected {
    scores: Vec<u64>,
    lost: [u64; 10],
}

impl Expected {
    fn add(&mut self, v: &Value) {
        self.scores.push(v["score"].as_u64().unwrap());
        for (i, (name, w)) in CATEGORIES.iter().enumerate() {
            let sub = v["categories"][name].as_u64().unwrap() as u32;
            // The loss whose sub-score this is, found by trying each.
            let lost = (0..=*w).find(|l| (w - l) * 100 / w == sub).unwrap();
            self.lost[i] += u64::from(lost);
        }
    }
    fn mean(&self) -> f64 {
        self.scores.iter().sum::<u64>() as f64 / self.scores.len() as f64
    }
    fn median(&self) -> f64 {
        let mut s = self.scores.clone();
        s.sort_unstable();
        let n = s.len();
        if n % 2 == 1 {
            s[n / 2] as f64
        } else {
            (s[n / 2 - 1] + s[n / 2]) as f64 / 2.0
        }
    }
    fn under(&self, t: u64) -> usize {
        self.scores.iter().filter(|&&s| s < t).count()
    }
    fn costliest(&self) -> &'static str {
        let most = *self.lost.iter().max().unwrap();
        if most == 0 {
            return "";
        }
        CATEGORIES[self.lost.iter().position(|&l| l == most).unwrap()].0
    }
}

/// Checks a groups.csv / periods.csv row against the expected figures.
fn check_row(row: &[String], e: &Expected, threshold: u64) {
    let what = &row[0];
    assert_eq!(
        row[1].parse::<usize>().unwrap(),
        e.scores.len(),
        "{what} count"
    );
    assert!(
        (row[2].parse::<f64>().unwrap() - e.mean()).abs() < 1e-3,
        "{what} mean"
    );
    assert_eq!(row[3].parse::<f64>().unwrap(), e.median(), "{what} median");
    assert_eq!(
        row[4].parse::<usize>().unwrap(),
        e.under(threshold),
        "{what} under"
    );
    assert_eq!(row[5], e.costliest(), "{what} costliest");
}

/// The date `days` after 2026-03-01, counted out month by month.
fn date_after_march_first(days: u64) -> String {
    let lengths = [(3, 31), (4, 30), (5, 31), (6, 30)];
    let mut left = days;
    for (month, len) in lengths {
        if left < len {
            return format!("2026-{month:02}-{:02}", left + 1);
        }
        left -= len;
    }
    unreachable!()
}

/// The day of a generated line's `created_at`, if it has one.
fn day_of(v: &Value) -> Option<String> {
    match &v["created_at"] {
        Value::String(s) => Some(s[..10].to_owned()),
        Value::Number(n) => Some(date_after_march_first(
            (n.as_u64()? - 1_772_323_200) / 86_400,
        )),
        _ => None,
    }
}

#[test]
fn figures_of_100000_generated_replies_match_a_computation_of_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng::new(15);
    let mut input = String::new();
    let lines: Vec<Value> = (0..100_000).map(|i| line(&mut rng, i)).collect();
    for v in &lines {
        input.push_str(&v.to_string());
        input.push('\n');
    }
    input.push_str("not batch output\n\n");
    let file = dir.path().join("batch.jsonl");
    std::fs::write(&file, &input).unwrap();

    let out = lahn(
        dir.path(),
        &[
            "report",
            "batch.jsonl",
            "--by",
            "agent",
            "--time",
            "created_at",
            "--threshold",
            "60",
            "--worst",
            "25",
            "--csv",
            "day",
            "-o",
            "day.html",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("1 line(s) were not batch output"));

    let reports: Vec<&Value> = lines.iter().filter(|v| v.get("error").is_none()).collect();
    assert!(reports.len() > 99_000 && reports.len() < 100_000);
    let mut all = Expected::default();
    let mut agents: BTreeMap<String, Expected> = BTreeMap::new();
    let mut days: BTreeMap<String, Expected> = BTreeMap::new();
    let mut flagged = [0usize; 10];
    let mut rules: HashMap<String, (usize, usize)> = HashMap::new();
    for v in &reports {
        all.add(v);
        agents
            .entry(v["agent"].as_str().unwrap().into())
            .or_default()
            .add(v);
        days.entry(day_of(v).unwrap_or_else(|| "(none)".into()))
            .or_default()
            .add(v);
        let findings = v["findings"].as_array().unwrap();
        for (i, (name, _)) in CATEGORIES.iter().enumerate() {
            flagged[i] += usize::from(findings.iter().any(|f| f["category"] == *name));
        }
        let mut seen = Vec::new();
        for f in findings {
            let rule = f["rule"].as_str().unwrap();
            let r = rules.entry(rule.into()).or_default();
            r.0 += 1;
            if !seen.contains(&rule) {
                r.1 += 1;
                seen.push(rule);
            }
        }
    }

    // The histogram of scores.
    let scores = csv(&dir.path().join("day/scores.csv"));
    for s in 0..=100u64 {
        let n = all.scores.iter().filter(|&&x| x == s).count();
        assert_eq!(scores[s as usize + 1], [s.to_string(), n.to_string()]);
    }
    // Per category: replies flagged and points lost.
    let cats = keyed(&csv(&dir.path().join("day/categories.csv")));
    for (i, (name, _)) in CATEGORIES.iter().enumerate() {
        assert_eq!(cats[*name][1], flagged[i].to_string(), "{name}");
        assert_eq!(cats[*name][3], all.lost[i].to_string(), "{name}");
    }
    // Per rule: findings and replies, most frequent first.
    let rule_rows = csv(&dir.path().join("day/rules.csv"));
    assert_eq!(rule_rows.len() - 1, rules.len());
    for r in &rule_rows[1..] {
        let (count, replies) = rules[&r[0]];
        assert_eq!(
            (r[2].parse().unwrap(), r[3].parse().unwrap()),
            (count, replies),
            "{}",
            r[0]
        );
        assert_eq!(r[4], "پیام <i>آزمایشی</i>");
        assert!(!r[5].is_empty(), "an example span for {}", r[0]);
    }
    let counts: Vec<usize> = rule_rows[1..]
        .iter()
        .map(|r| r[2].parse().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
    // Per agent and per day.
    let groups = keyed(&csv(&dir.path().join("day/groups.csv")));
    assert_eq!(groups.len(), agents.len());
    for (agent, e) in &agents {
        check_row(&groups[agent], e, 60);
    }
    let periods = keyed(&csv(&dir.path().join("day/periods.csv")));
    assert_eq!(periods.len(), days.len());
    assert!(days.len() > 50, "{}", days.len());
    for (day, e) in &days {
        check_row(&periods[day], e, 60);
    }
    // The worst replies: the 25 lowest scores, earliest line first among equals.
    let mut worst: Vec<(u64, usize)> = lines
        .iter()
        .enumerate()
        .filter(|(_, v)| v.get("error").is_none())
        .map(|(i, v)| (v["score"].as_u64().unwrap(), i + 1))
        .collect();
    worst.sort_unstable();
    let listed: Vec<(u64, usize)> = csv(&dir.path().join("day/worst.csv"))[1..]
        .iter()
        .map(|r| (r[2].parse().unwrap(), r[0].parse().unwrap()))
        .collect();
    assert_eq!(listed, worst[..25]);

    // The page shows the same figures.
    let page = std::fs::read_to_string(dir.path().join("day.html")).unwrap();
    assert!(page.contains(&format!("<span class=\"en\">{}</span>", all.scores.len())));
    assert!(page.contains(&format!("<span class=\"en\">{:.1}</span>", all.mean())));
    assert!(page.contains(&format!("<span class=\"en\">{:.1}</span>", all.median())));
    assert_eq!(page.matches("<article>").count(), 25);

    // Weeks: each holds the replies of its seven days, Monday first (2026-03-02 is a Monday).
    let out = lahn(
        dir.path(),
        &[
            "report",
            "batch.jsonl",
            "--time",
            "created_at",
            "--per",
            "week",
            "--csv",
            "week",
            "-o",
            "week.html",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let weeks = keyed(&csv(&dir.path().join("week/periods.csv")));
    let mut per_week: BTreeMap<String, usize> = BTreeMap::new();
    for (day, e) in &days {
        let week = if day == "(none)" {
            day.clone()
        } else {
            let (m, d): (u64, u64) = (day[5..7].parse().unwrap(), day[8..10].parse().unwrap());
            // Days since Monday 2026-01-26.
            let n = match m {
                2 => 5 + d,
                3 => 33 + d,
                _ => 64 + d,
            };
            match n - n % 7 {
                monday @ 0..=5 => format!("2026-01-{:02}", monday + 26),
                monday @ 6..=33 => format!("2026-02-{:02}", monday - 5),
                monday @ 34..=64 => format!("2026-03-{:02}", monday - 33),
                monday => format!("2026-04-{:02}", monday - 64),
            }
        };
        *per_week.entry(week).or_default() += e.scores.len();
    }
    assert_eq!(weeks.len(), per_week.len());
    for (week, n) in per_week {
        assert_eq!(weeks[&week][1], n.to_string(), "{week}");
    }
}

#[test]
fn the_bundled_examples_make_a_report_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let examples = examples();
    let batch = lahn(
        dir.path(),
        &["batch", "--isolated", "--keep-all"],
        &examples,
    );
    assert!(batch.status.success());
    let batch = text(&batch.stdout);
    let out = lahn(
        dir.path(),
        &["report", "--by", "channel", "-o", "-", "--csv", "tables"],
        &batch,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    // No progress bar when standard error is not a terminal.
    assert_eq!(text(&out.stderr), "");
    let page = text(&out.stdout);
    let mut e = Expected::default();
    let mut channels: BTreeMap<String, Expected> = BTreeMap::new();
    for l in batch.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        e.add(&v);
        channels
            .entry(v["channel"].as_str().unwrap().into())
            .or_default()
            .add(&v);
        // Each reply is listed, with its draft.
        let draft = v["draft"].as_str().unwrap();
        let first_words: String = draft.chars().take(3).collect();
        assert!(
            page.contains(&first_words.replace('"', "&quot;")),
            "{first_words}"
        );
    }
    let groups = keyed(&csv(&dir.path().join("tables/groups.csv")));
    assert_eq!(groups.len(), channels.len());
    for (c, e) in &channels {
        check_row(&groups[c], e, 70);
    }
    assert!(page.contains(&format!("<span class=\"en\">{:.1}</span>", e.mean())));
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fa\" dir=\"rtl\">"));
    // Self-contained: nothing loaded from anywhere.
    for outside in ["src=", "href=", "http://", "https://", "@import", "url("] {
        assert!(!page.contains(outside), "{outside}");
    }
}

#[test]
fn hostile_text_is_escaped_and_odd_lines_are_counted_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let draft = "<script>alert(1)</script> سلام \u{202E}عکس \"x\" & 'y'";
    let lines = [
        serde_json::json!({"id": "<b>id</b>", "score": 5, "categories": {"tone": 0},
            "findings": [{"rule": "<img src=x onerror=alert(1)>", "category": "tone", "start": 0, "end": 8, "message": "</td><script>"},
                         {"rule": "bad-span", "category": "nope", "start": 3, "end": 9999, "message": "m"},
                         {"rule": "mid-char", "category": "tone", "start": 1, "end": 27, "message": "m"}],
            "agent": "<i onmouseover=x>", "draft": draft}),
        serde_json::json!({"id": 2, "score": "high"}),
        serde_json::json!({"id": 3, "score": 250, "categories": [], "findings": "none"}),
        serde_json::json!([1, 2]),
    ];
    let mut input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    input.push_str("\u{FEFF}{\"broken\n");
    input.push_str("\u{0}\u{1}binary\n");
    let out = lahn(dir.path(), &["report", "--by", "agent", "-o", "-"], &input);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert_eq!(
        page.matches("<script").count(),
        1,
        "only the page's own script"
    );
    for raw in ["<img", "<b>id", "<i onmouseover", "</td><script>"] {
        assert!(!page.contains(raw), "{raw} unescaped");
    }
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    // The span inside a character is dropped; the good one is marked.
    assert!(page.contains(
        "<mark title=\"&lt;img src=x onerror=alert(1)&gt;\">&lt;script&gt;</mark>alert(1)"
    ));
    // A score out of range counts as 100; the reply under the bar is the hostile one.
    assert!(page.contains("<span class=\"en\">2</span>"));
    assert!(
        text(&out.stderr).contains("4 line(s) were not batch output"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_empty_input_makes_a_page_that_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = lahn(dir.path(), &["report", "-o", "-"], "");
    assert!(out.status.success());
    let page = text(&out.stdout);
    assert!(page.contains("<span class=\"en\">0</span>"));
    assert!(!page.contains("<svg"));
    let missing = lahn(dir.path(), &["report", "no-such-file.jsonl"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("no-such-file.jsonl"));
}

#[test]
fn huge_names_and_many_findings_are_cut_to_size() {
    let dir = tempfile::tempdir().unwrap();
    let long = "ن".repeat(1_000_000);
    let name = "ی".repeat(1_000);
    let findings: Vec<Value> = (0..6_000)
        .map(|i| {
            serde_json::json!({"rule": format!("r{}-{name}", i % 3), "category": "tone",
                "start": 0, "end": 2, "message": name})
        })
        .collect();
    let line = serde_json::json!({"id": long, "score": 1, "categories": {}, "findings": findings,
        "agent": long, "draft": format!("{long}{long}")});
    let out = lahn(
        dir.path(),
        &["report", "--by", "agent", "-o", "-", "--csv", "t"],
        &format!("{line}\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.len() < 2_000_000, "{} bytes", page.len());
    let rules = csv(&dir.path().join("t/rules.csv"));
    assert_eq!(rules.len(), 4);
    assert_eq!(rules[1][2], "2000");
    assert_eq!(rules[1][3], "1");
    assert!(rules[1][0].chars().count() <= 500);
}
