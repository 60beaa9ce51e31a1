//! The report's tables as CSV files: `scores.csv`, `categories.csv`, `rules.csv`, and with
//! `--by` / `--time` `groups.csv` / `periods.csv`, and `worst.csv`.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use lahn::Category;

use super::html::{ranked_groups, ranked_rules};
use super::stats::{Options, Stats, Tally};

/// Writes every table into `dir`, which is made if missing.
pub fn write_all(dir: &Path, stats: &Stats, opts: &Options) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    table(dir, "scores.csv", &["score", "replies"], |row| {
        for (score, n) in stats.all.hist.iter().enumerate() {
            row(&[score.to_string(), n.to_string()])?;
        }
        Ok(())
    })?;
    table(
        dir,
        "categories.csv",
        &[
            "category",
            "replies_flagged",
            "share_flagged",
            "points_lost",
            "mean_points_lost",
        ],
        |row| {
            for (i, c) in Category::ALL.iter().enumerate() {
                row(&[
                    c.name().to_owned(),
                    stats.all.flagged[i].to_string(),
                    ratio(stats.all.flagged[i], stats.all.count),
                    stats.all.lost[i].to_string(),
                    ratio(stats.all.lost[i], stats.all.count),
                ])?;
            }
            Ok(())
        },
    )?;
    table(
        dir,
        "rules.csv",
        &[
            "rule", "category", "findings", "replies", "message", "example",
        ],
        |row| {
            for (rule, t) in ranked_rules(stats) {
                row(&[
                    rule.to_owned(),
                    t.category.clone(),
                    t.count.to_string(),
                    t.replies.to_string(),
                    t.message.clone(),
                    t.example.clone().unwrap_or_default(),
                ])?;
            }
            Ok(())
        },
    )?;
    let head = [
        "replies",
        "mean_score",
        "median_score",
        "under_threshold",
        "costliest_category",
    ];
    let tally_row = |name: &str, t: &Tally| -> Vec<String> {
        let mut r = vec![
            name.to_owned(),
            t.count.to_string(),
            t.mean().map_or_else(String::new, |m| format!("{m:.4}")),
            t.median().map_or_else(String::new, |m| m.to_string()),
            t.under(opts.threshold).to_string(),
            t.costliest().map_or("", Category::name).to_owned(),
        ];
        r.extend(
            Category::ALL
                .iter()
                .enumerate()
                .map(|(i, _)| ratio(t.flagged[i], t.count)),
        );
        r
    };
    let flag_cols: Vec<String> = Category::ALL
        .iter()
        .map(|c| format!("flagged_{}", c.name()))
        .collect();
    if let Some(by) = &opts.by {
        let mut cols = vec![by.as_str()];
        cols.extend(head);
        cols.extend(flag_cols.iter().map(String::as_str));
        table(dir, "groups.csv", &cols, |row| {
            for (name, t) in ranked_groups(&stats.groups) {
                row(&tally_row(name, t))?;
            }
            Ok(())
        })?;
    }
    if opts.time.is_some() {
        let mut cols = vec!["period"];
        cols.extend(head);
        cols.extend(flag_cols.iter().map(String::as_str));
        table(dir, "periods.csv", &cols, |row| {
            for (name, t) in &stats.periods {
                row(&tally_row(name, t))?;
            }
            Ok(())
        })?;
    }
    table(
        dir,
        "worst.csv",
        &["line", "id", "score", "group", "rules", "draft"],
        |row| {
            for w in stats.worst() {
                let rules: Vec<&str> = w.marks.iter().map(|m| m.rule.as_str()).collect();
                row(&[
                    w.line.to_string(),
                    w.id.clone(),
                    w.score.to_string(),
                    w.group.clone().unwrap_or_default(),
                    rules.join(" "),
                    w.draft.clone().unwrap_or_default(),
                ])?;
            }
            Ok(())
        },
    )
}

/// `part / whole` with six decimals, empty for nothing.
fn ratio(part: u64, whole: u64) -> String {
    if whole == 0 {
        String::new()
    } else {
        format!("{:.6}", part as f64 / whole as f64)
    }
}

type Row<'a> = dyn FnMut(&[String]) -> io::Result<()> + 'a;

fn table(
    dir: &Path,
    name: &str,
    head: &[&str],
    rows: impl FnOnce(&mut Row) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = BufWriter::new(fs::File::create(dir.join(name))?);
    // A byte-order mark, so spreadsheet programs read the Persian as UTF-8.
    out.write_all(b"\xEF\xBB\xBF")?;
    let head: Vec<String> = head.iter().map(|h| (*h).to_owned()).collect();
    write_row(&mut out, &head)?;
    rows(&mut |r: &[String]| write_row(&mut out, r))?;
    out.flush()
}

fn write_row(out: &mut impl Write, cells: &[String]) -> io::Result<()> {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    writeln!(out, "{}", cells.join(","))
}

/// One CSV cell: quoted when it holds a comma, quote or line break, and with a text that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) led by an apostrophe.
fn cell(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    let s = if formula {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let cases = [
            ("plain", "plain"),
            ("سلام، دنیا", "سلام، دنیا"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line\nbreak", "\"line\nbreak\""),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-3.5", "-3.5"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(cell(input), want, "{input}");
        }
    }
}
