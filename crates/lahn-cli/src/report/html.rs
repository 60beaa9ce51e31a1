//! The report as one HTML file: inline CSS, inline SVG charts and a few lines of inline script
//! (the language switch and sortable tables), nothing fetched from anywhere. Persian and
//! right-to-left by default, English at the press of a button (or with `#en` in the address).
//! Every text from the input is escaped.

use std::collections::HashMap;
use std::fmt::Write as _;

use lahn::{Category, Lang};

use super::stats::{Mark, Options, RuleTally, Stats, Tally, Worst, NONE, OTHER};

/// Rules shown in the page (the CSV has all).
const RULES_SHOWN: usize = 100;

/// The whole page. Drafts and the text quoted from them are Persian and set right to left
/// in both languages of the page (a draft that opens with `{{name}}` would otherwise be laid
/// out left to right); messages take the direction of their own language.
pub fn render(stats: &Stats, opts: &Options) -> String {
    let mut p = String::with_capacity(64 * 1024);
    p.push_str(HEAD);
    let _ = writeln!(
        p,
        "<header><h1>{}</h1><button id=\"lang\" type=\"button\">{}</button></header>",
        both("گزارش کیفیت پاسخ‌ها", "Reply quality report"),
        both("English", "فارسی")
    );
    summary(&mut p, stats, opts);
    if stats.all.count > 0 {
        distribution(&mut p, &stats.all, opts.threshold);
        categories(&mut p, &stats.all);
        rules(&mut p, stats);
        if let Some(by) = &opts.by {
            groups(&mut p, by, &stats.groups, opts.threshold);
        }
        if let Some((field, period)) = &opts.time {
            over_time(&mut p, field, *period, &stats.periods);
        }
        worst(&mut p, &stats.worst());
    }
    p.push_str(SCRIPT);
    p.push_str("</body>\n</html>\n");
    p
}

/// Rules by findings, most first.
pub fn ranked_rules(stats: &Stats) -> Vec<(&str, &RuleTally)> {
    let mut v: Vec<(&str, &RuleTally)> = stats.rules.iter().map(|(k, t)| (k.as_str(), t)).collect();
    v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    v
}

/// Groups by replies, most first.
pub fn ranked_groups(groups: &HashMap<String, Tally>) -> Vec<(&str, &Tally)> {
    let mut v: Vec<(&str, &Tally)> = groups.iter().map(|(k, t)| (k.as_str(), t)).collect();
    v.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    v
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>lahn report</title>
<style>
:root { --ink: #1d2433; --muted: #5c6578; --line: #d9dde6; --bad: #c0392b; --good: #2a7f62; --bar: #3b6fb6; --mark: #ffe08a; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1080px; padding: 24px; color: var(--ink); background: #fafbfc;
  font: 15px/1.6 Vazirmatn, "Noto Sans Arabic", "DejaVu Sans", Tahoma, sans-serif; }
html[lang=fa] .en, html[lang=en] .fa { display: none; }
header { display: flex; align-items: center; justify-content: space-between; gap: 16px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
button#lang { font: inherit; padding: 4px 14px; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 140px; }
.card b { display: block; font-size: 22px; }
.card small { color: var(--muted); }
.note { color: var(--muted); font-size: 13px; }
svg { display: block; max-width: 100%; height: auto; direction: ltr; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
svg text { font-size: 12px; fill: var(--muted); }
div.scroll { overflow-x: auto; }
table.wide { font-size: 12px; }
table.wide th, table.wide td { padding: 4px 5px; }
table { border-collapse: collapse; width: 100%; background: #fff; margin: 8px 0; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: start; vertical-align: top; }
th { background: #f0f2f6; }
table.sortable th { cursor: pointer; user-select: none; }
th[aria-sort=ascending]::after { content: " \25B2"; }
th[aria-sort=descending]::after { content: " \25BC"; }
td.n { white-space: nowrap; font-variant-numeric: tabular-nums; }
.low { color: var(--bad); font-weight: bold; }
q, .ex { unicode-bidi: isolate; }
.ex { background: var(--mark); border-radius: 3px; padding: 0 2px; }
article { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; margin: 10px 0; }
article h3 { font-size: 15px; margin: 0 0 6px; }
.draft { white-space: pre-wrap; margin: 6px 0; unicode-bidi: plaintext; }
mark { background: var(--mark); border-bottom: 2px solid var(--bad); }
ul.findings { margin: 4px 0; padding-inline-start: 20px; font-size: 14px; }
code { direction: ltr; unicode-bidi: isolate; font-size: 13px; }
</style>
</head>
<body>
"#;

const SCRIPT: &str = r##"<script>
(function () {
  var root = document.documentElement;
  function setLang(l) { root.lang = l; root.dir = l === "fa" ? "rtl" : "ltr"; }
  document.getElementById("lang").addEventListener("click", function () {
    setLang(root.lang === "fa" ? "en" : "fa");
  });
  if (location.hash === "#en") setLang("en");
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener("click", function () {
        var down = th.getAttribute("aria-sort") !== "descending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-v"), y = b.cells[col].getAttribute("data-v");
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
          return down ? -c : c;
        });
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  document.body.setAttribute("data-ready", "1");
})();
</script>
"##;

/// Text escaped for HTML content and attribute values alike.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls other than line breaks and tabs have no business in a page.
            c if c.is_control() && c != '\n' && c != '\t' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The Persian and the English text, one shown at a time.
fn both(fa: &str, en: &str) -> String {
    format!(
        "<span class=\"fa\">{}</span><span class=\"en\">{}</span>",
        esc(fa),
        esc(en)
    )
}

/// The same, as SVG text pieces.
fn both_svg(fa: &str, en: &str) -> String {
    format!(
        "<tspan class=\"fa\">{}</tspan><tspan class=\"en\">{}</tspan>",
        esc(fa),
        esc(en)
    )
}

/// A number already written in Latin digits, in Persian digits too.
fn num(latin: &str) -> String {
    both(&persian(latin), latin)
}

fn num_svg(latin: &str) -> String {
    both_svg(&persian(latin), latin)
}

fn persian(latin: &str) -> String {
    Lang::Fa.digits(latin).replace('%', "٪")
}

fn int(n: u64) -> String {
    num(&n.to_string())
}

fn dec(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |x| num(&format!("{x:.1}")))
}

fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "–".to_owned();
    }
    num(&format!("{:.1}%", part as f64 * 100.0 / whole as f64))
}

fn category(c: Category) -> String {
    both(c.label(Lang::Fa), c.name())
}

/// A group or period name from the input, or one of the report's own.
fn group_name(name: &str) -> String {
    match name {
        NONE => both("(بدون مقدار)", NONE),
        OTHER => both("(سایر)", OTHER),
        _ => format!("<bdi>{}</bdi>", esc(name)),
    }
}

fn summary(p: &mut String, s: &Stats, opts: &Options) {
    let t = &s.all;
    let card = |p: &mut String, value: String, fa: &str, en: &str| {
        let _ = write!(
            p,
            "<div class=\"card\"><b>{value}</b><small>{}</small></div>",
            both(fa, en)
        );
    };
    p.push_str("<section class=\"cards\">");
    card(p, int(t.count), "پاسخ بررسی‌شده", "replies reviewed");
    card(p, dec(t.mean()), "میانگین امتیاز", "mean score");
    card(p, dec(t.median()), "میانه‌ی امتیاز", "median score");
    let under = t.under(opts.threshold);
    card(
        p,
        format!("{} <small>({})</small>", int(under), pct(under, t.count)),
        &format!("زیر {}", persian(&opts.threshold.to_string())),
        &format!("under {}", opts.threshold),
    );
    p.push_str("</section>\n");
    if s.errors + s.unreadable > 0 || t.count == 0 {
        let _ = writeln!(
            p,
            "<p class=\"note\">{} {} · {} {}</p>",
            both("سطرهای خطای batch:", "batch error lines:"),
            int(s.errors),
            both(
                "سطرهایی که خروجی batch نبودند:",
                "lines that were not batch output:"
            ),
            int(s.unreadable),
        );
    }
}

fn distribution(p: &mut String, t: &Tally, threshold: u32) {
    let _ = writeln!(
        p,
        "<h2>{}</h2>",
        both("توزیع امتیازها", "Distribution of scores")
    );
    // Twenty bins of five points; the last holds 95 to 100.
    let mut bins = [0u64; 20];
    for (score, &n) in t.hist.iter().enumerate() {
        bins[(score / 5).min(19)] += n;
    }
    let most = bins.iter().copied().max().unwrap_or(0).max(1);
    // Ticks at round steps (1, 2 or 5 times a power of ten), the axis up to the one above
    // the tallest bar.
    let step = round_step(most.div_ceil(4));
    let max = most.div_ceil(step).saturating_mul(step);
    let (w, h, left, bottom, top) = (720.0, 240.0, 70.0, 30.0, 12.0);
    let plot_h = h - bottom - top;
    let bw = (w - left - 12.0) / 20.0;
    let _ = write!(
        p,
        "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" role=\"img\">"
    );
    for v in (0..=max).step_by(step as usize) {
        let y = top + plot_h - plot_h * v as f64 / max as f64;
        let _ = write!(
            p,
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#eceef3\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            w - 12.0,
            left - 6.0,
            y + 4.0,
            num_svg(&v.to_string())
        );
    }
    for (i, &n) in bins.iter().enumerate() {
        let bh = plot_h * n as f64 / max as f64;
        let x = left + bw * i as f64;
        let lo = i * 5;
        let hi = if i == 19 { 100 } else { lo + 4 };
        let colour = if (hi as u32) < threshold {
            "var(--bad)"
        } else {
            "var(--bar)"
        };
        let _ = write!(
            p,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"{colour}\"><title>{lo}–{hi}: {n}</title></rect>",
            x + 1.0,
            top + plot_h - bh,
            bw - 2.0
        );
    }
    for s in [0, 25, 50, 75, 100] {
        let x = left + bw * 20.0 * f64::from(s) / 100.0;
        let anchor = if s == 100 { "end" } else { "middle" };
        let _ = write!(
            p,
            "<text x=\"{x:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            h - 10.0,
            num_svg(&s.to_string())
        );
    }
    let tx = left + bw * 20.0 * f64::from(threshold.min(100)) / 100.0;
    let _ = writeln!(
        p,
        "<line x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"{top}\" y2=\"{}\" stroke=\"var(--bad)\" stroke-dasharray=\"4 3\"/><text x=\"{:.1}\" y=\"{}\" fill=\"var(--bad)\">{}</text></svg>",
        top + plot_h,
        tx + 4.0,
        top + 10.0,
        both_svg(
            &format!("آستانه {}", persian(&threshold.to_string())),
            &format!("threshold {threshold}")
        )
    );
}

/// The smallest of 1, 2 or 5 times a power of ten that is at least `at_least`.
fn round_step(at_least: u64) -> u64 {
    let mut power = 1u64;
    loop {
        for m in [1, 2, 5] {
            match power.checked_mul(m) {
                Some(step) if step >= at_least => return step,
                Some(_) => {}
                None => return at_least,
            }
        }
        power = power.saturating_mul(10);
    }
}

fn categories(p: &mut String, t: &Tally) {
    let _ = writeln!(p, "<h2>{}</h2>", both("دسته‌ها", "Categories"));
    let _ = writeln!(
        p,
        "<p class=\"note\">{}</p>",
        both(
            "درصد پاسخ‌هایی که در هر دسته یافته‌ای دارند و امتیازی که آن دسته از هر پاسخ کم کرده است.",
            "Share of replies with a finding in each category, and the points each category took from a reply on average."
        )
    );
    let (w, row, label, right) = (720.0, 26.0, 150.0, 110.0);
    let h = row * 11.0 + 10.0;
    let _ = write!(
        p,
        "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" role=\"img\"><text x=\"{label}\" y=\"18\">{}</text><text x=\"{:.1}\" y=\"18\" text-anchor=\"end\">{}</text>",
        both_svg("سهم پاسخ‌های دارای یافته", "share of replies flagged"),
        w - 12.0,
        both_svg("امتیاز کم‌شده از هر پاسخ", "points lost per reply")
    );
    for (i, c) in Category::ALL.iter().enumerate() {
        let share = t.flagged[i] as f64 / t.count.max(1) as f64;
        let mean_lost = t.lost[i] as f64 / t.count.max(1) as f64;
        let y = 5.0 + row * (i + 1) as f64;
        let bw = (w - label - right - 60.0) * share;
        let _ = write!(
            p,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text><rect x=\"{label}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"var(--bar)\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            label - 8.0,
            y + 16.0,
            both_svg(c.label(Lang::Fa), c.name()),
            y + 4.0,
            row - 8.0,
            label + bw + 6.0,
            y + 16.0,
            num_svg(&format!("{:.1}%", share * 100.0)),
            w - 12.0,
            y + 16.0,
            num_svg(&format!("{mean_lost:.2}")),
        );
    }
    p.push_str("</svg>\n");
}

fn rules(p: &mut String, s: &Stats) {
    let _ = writeln!(
        p,
        "<h2>{}</h2>",
        both("پرتکرارترین قاعده‌ها", "Most frequent rules")
    );
    let ranked = ranked_rules(s);
    if ranked.is_empty() {
        let _ = writeln!(p, "<p>{}</p>", both("هیچ یافته‌ای نیست.", "No findings."));
        return;
    }
    let _ = writeln!(
        p,
        "<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        both("قاعده", "rule"),
        both("دسته", "category"),
        both("یافته‌ها", "findings"),
        both("سهم پاسخ‌ها", "share of replies"),
        both("نمونه و پیام", "example and message"),
    );
    for (rule, r) in ranked.iter().take(RULES_SHOWN) {
        let cat = Category::ALL
            .iter()
            .find(|c| c.name() == r.category)
            .map_or_else(|| esc(&r.category), |&c| category(c));
        let example = r
            .example
            .as_deref()
            .map(|e| {
                format!(
                    "<bdi class=\"ex\" dir=\"rtl\">{}</bdi> ",
                    esc(&clip(e, 120))
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            p,
            "<tr><td data-v=\"{0}\"><code>{0}</code></td><td data-v=\"{1}\">{cat}</td><td class=\"n\" data-v=\"{2}\">{3}</td><td class=\"n\" data-v=\"{4}\">{5}</td><td data-v=\"\">{example}<span class=\"note\" dir=\"auto\">{6}</span></td></tr>",
            esc(rule),
            esc(&r.category),
            r.count,
            int(r.count),
            r.replies as f64 / s.all.count.max(1) as f64,
            pct(r.replies, s.all.count),
            esc(&clip(&r.message, 200)),
        );
    }
    p.push_str("</tbody></table></div>\n");
    if ranked.len() > RULES_SHOWN {
        let _ = writeln!(
            p,
            "<p class=\"note\">{}</p>",
            both(
                &format!(
                    "{} قاعده‌ی دیگر در جدول CSV.",
                    persian(&(ranked.len() - RULES_SHOWN).to_string())
                ),
                &format!(
                    "{} more rules in the CSV table.",
                    ranked.len() - RULES_SHOWN
                )
            )
        );
    }
}

/// The first `max` characters of `s`, with an ellipsis when cut.
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// The head and cells of a table of tallies, one row per group or period.
fn tally_table<'a>(
    p: &mut String,
    first: String,
    rows: impl Iterator<Item = (&'a str, &'a Tally)>,
    threshold: u32,
) {
    let _ = writeln!(
        p,
        "<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th>{first}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        both("پاسخ‌ها", "replies"),
        both("میانگین", "mean"),
        both("میانه", "median"),
        both(&format!("زیر {}", persian(&threshold.to_string())), &format!("under {threshold}")),
        both("پرهزینه‌ترین دسته", "costliest category"),
    );
    for (name, t) in rows {
        let mean = t.mean().unwrap_or(0.0);
        let under = t.under(threshold);
        let costliest = t.costliest();
        let _ = writeln!(
            p,
            "<tr><td data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n{}\" data-v=\"{mean:.4}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{} <small>({})</small></td><td data-v=\"{}\">{}</td></tr>",
            esc(name),
            group_name(name),
            t.count,
            int(t.count),
            if mean < f64::from(threshold) { " low" } else { "" },
            dec(t.mean()),
            t.median().unwrap_or(0.0),
            dec(t.median()),
            under as f64 / t.count.max(1) as f64,
            int(under),
            pct(under, t.count),
            costliest.map_or("", Category::name),
            costliest.map_or_else(|| "–".to_owned(), category),
        );
    }
    p.push_str("</tbody></table></div>\n");
}

fn groups(p: &mut String, by: &str, groups: &HashMap<String, Tally>, threshold: u32) {
    let _ = writeln!(
        p,
        "<h2>{} <code>{}</code></h2>\n<p class=\"note\">{}</p>",
        both("به تفکیک", "By"),
        esc(by),
        both(
            "برای مرتب کردن، روی سرستون بزنید.",
            "Click a column head to sort."
        )
    );
    tally_table(p, esc(by), ranked_groups(groups).into_iter(), threshold);
}

fn over_time(
    p: &mut String,
    field: &str,
    period: super::Period,
    periods: &std::collections::BTreeMap<String, Tally>,
) {
    let (fa, en) = match period {
        super::Period::Day => ("روز", "day"),
        super::Period::Week => ("هفته (از دوشنبه)", "week (from Monday)"),
    };
    let _ = writeln!(
        p,
        "<h2>{} <code>{}</code> · {}</h2>",
        both("در گذر زمان بر پایه‌ی", "Over time by"),
        esc(field),
        both(fa, en)
    );
    let dated: Vec<(&String, &Tally)> = periods
        .iter()
        .filter(|(k, _)| k.as_str() != NONE && k.as_str() != OTHER)
        .collect();
    if !dated.is_empty() {
        let (w, h, left, bottom, top) = (720.0, 220.0, 44.0, 30.0, 12.0);
        let plot_w = w - left - 24.0;
        let plot_h = h - bottom - top;
        let x = |i: usize| {
            if dated.len() == 1 {
                left + plot_w / 2.0
            } else {
                left + plot_w * i as f64 / (dated.len() - 1) as f64
            }
        };
        let y = |score: f64| top + plot_h - plot_h * score / 100.0;
        let _ = write!(
            p,
            "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" role=\"img\">"
        );
        for s in [0.0, 25.0, 50.0, 75.0, 100.0] {
            let _ = write!(
                p,
                "<line x1=\"{left}\" x2=\"{}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#eceef3\"/><text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                w - 24.0,
                y(s),
                y(s),
                left - 6.0,
                y(s) + 4.0,
                num_svg(&format!("{s}"))
            );
        }
        let points: Vec<String> = dated
            .iter()
            .enumerate()
            .map(|(i, (_, t))| format!("{:.1},{:.1}", x(i), y(t.mean().unwrap_or(0.0))))
            .collect();
        let _ = write!(
            p,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"var(--bar)\" stroke-width=\"2\"/>",
            points.join(" ")
        );
        for (i, (name, t)) in dated.iter().enumerate() {
            let mean = t.mean().unwrap_or(0.0);
            let _ = write!(
                p,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"var(--bar)\"><title>{}: {mean:.1} ({})</title></circle>",
                x(i),
                y(mean),
                esc(name),
                t.count
            );
        }
        let ends = if dated.len() == 1 {
            vec![0]
        } else {
            vec![0, dated.len() - 1]
        };
        for i in ends {
            let anchor = match i {
                0 if dated.len() > 1 => "start",
                0 => "middle",
                _ => "end",
            };
            let _ = write!(
                p,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                x(i),
                h - 10.0,
                num_svg(dated[i].0)
            );
        }
        p.push_str("</svg>\n");
    }
    // The table: mean, median and the flag rate of each category per period.
    let _ = write!(
        p,
        "<div class=\"scroll\"><table class=\"sortable wide\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>",
        both(fa, en),
        both("پاسخ‌ها", "replies"),
        both("میانگین", "mean"),
    );
    for c in Category::ALL {
        let _ = write!(p, "<th>{}</th>", category(c));
    }
    p.push_str("</tr></thead><tbody>\n");
    for (name, t) in periods {
        let _ = write!(
            p,
            "<tr><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{}\">{}</td><td class=\"n\" data-v=\"{:.4}\">{}</td>",
            esc(name),
            match name.as_str() {
                NONE | OTHER => group_name(name),
                _ => num(name),
            },
            t.count,
            int(t.count),
            t.mean().unwrap_or(0.0),
            dec(t.mean()),
        );
        for i in 0..Category::ALL.len() {
            let _ = write!(
                p,
                "<td class=\"n\" data-v=\"{}\">{}</td>",
                t.flagged[i] as f64 / t.count.max(1) as f64,
                pct(t.flagged[i], t.count)
            );
        }
        p.push_str("</tr>\n");
    }
    p.push_str("</tbody></table></div>\n");
}

fn worst(p: &mut String, worst: &[Worst]) {
    if worst.is_empty() {
        return;
    }
    let _ = writeln!(p, "<h2>{}</h2>", both("ضعیف‌ترین پاسخ‌ها", "Worst replies"));
    if worst.iter().all(|w| w.draft.is_none()) {
        let _ = writeln!(
            p,
            "<p class=\"note\">{}</p>",
            both(
                "برای دیدن متن پاسخ‌ها، batch را با ‎--keep draft‎ اجرا کنید.",
                "Run the batch with --keep draft to see the replies' text."
            )
        );
    }
    for w in worst {
        let _ = write!(
            p,
            "<article><h3>{} {} · <code>{}</code> · {} <b class=\"low\">{}</b>{}</h3>",
            both("سطر", "line"),
            int(w.line),
            esc(&clip(&w.id, 80)),
            both("امتیاز", "score"),
            int(u64::from(w.score)),
            w.group
                .as_deref()
                .map(|g| format!(" · {}", group_name(g)))
                .unwrap_or_default()
        );
        if let Some(d) = &w.draft {
            let _ = write!(
                p,
                "<p class=\"draft\" dir=\"rtl\">{}</p>",
                highlighted(d, &w.marks)
            );
        }
        p.push_str("<ul class=\"findings\">");
        for m in &w.marks {
            let found = w
                .draft
                .as_deref()
                .map(|d| &d[m.start..m.end])
                .filter(|s| !s.is_empty())
                .map(|s| format!(" <q class=\"ex\" dir=\"rtl\">{}</q>", esc(&clip(s, 120))))
                .unwrap_or_default();
            let _ = write!(
                p,
                "<li><code>{}</code>{found} <span class=\"note\" dir=\"auto\">{}</span></li>",
                esc(&m.rule),
                esc(&m.message)
            );
        }
        p.push_str("</ul></article>\n");
    }
}

/// The draft with every flagged span marked; overlapping spans make one mark whose title
/// names every rule over it.
fn highlighted(draft: &str, marks: &[Mark]) -> String {
    let mut cuts: Vec<usize> = vec![0, draft.len()];
    for m in marks.iter().filter(|m| m.start < m.end) {
        cuts.push(m.start);
        cuts.push(m.end);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(draft.len() * 2);
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let piece = esc(&draft[a..b]);
        let over: Vec<&str> = marks
            .iter()
            .filter(|m| m.start <= a && b <= m.end && m.start < m.end)
            .map(|m| m.rule.as_str())
            .collect();
        if over.is_empty() {
            out.push_str(&piece);
        } else {
            let _ = write!(
                out,
                "<mark title=\"{}\">{piece}</mark>",
                esc(&over.join(", "))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, rule: &str) -> Mark {
        Mark {
            start,
            end,
            rule: rule.to_owned(),
            message: String::new(),
        }
    }

    #[test]
    fn spans_are_marked_and_text_escaped() {
        let d = "سلام <b>نمیشه</b> & تمام";
        let s = d.find("نمیشه").unwrap();
        let e = s + "نمیشه".len();
        let cases: Vec<(Vec<Mark>, String)> = vec![
            (vec![], esc(d)),
            (
                vec![mark(s, e, "neg")],
                "سلام &lt;b&gt;<mark title=\"neg\">نمیشه</mark>&lt;/b&gt; &amp; تمام".to_owned(),
            ),
            (
                // Overlapping spans: the shared part names both rules.
                vec![mark(0, e, "a"), mark(s, d.len(), "b\"x")],
                "<mark title=\"a\">سلام &lt;b&gt;</mark><mark title=\"a, b&quot;x\">نمیشه</mark><mark title=\"b&quot;x\">&lt;/b&gt; &amp; تمام</mark>"
                    .to_owned(),
            ),
            (vec![mark(3, 3, "empty")], esc(d)),
        ];
        for (marks, want) in cases {
            assert_eq!(highlighted(d, &marks), want);
        }
        assert_eq!(esc("<script>'\u{7}"), "&lt;script&gt;&#39;\u{FFFD}");
    }

    #[test]
    fn axis_steps_are_round() {
        let cases = [
            (0, 1),
            (1, 1),
            (3, 5),
            (6, 10),
            (8534, 10_000),
            (20_001, 50_000),
            (u64::MAX, u64::MAX),
        ];
        for (at_least, step) in cases {
            assert_eq!(round_step(at_least), step, "{at_least}");
        }
    }
}
