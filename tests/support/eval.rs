//! Measuring the coach against labelled replies: the JSON Lines corpora in `tests/corpus/`
//! (and any file of that shape), the floors in `tests/corpus/real/floors.toml`, and the table
//! both `tests/real_corpus.rs` and `scripts/eval-corpus` print.
//!
//! The numbers are those of `score_real.py`: a category counts as flagged when some finding of
//! it is a warning or an error (`Report::flags`); recall is flagged / labelled `true`, the
//! false-flag rate is flagged / labelled `false`, and the AUC is the share of (good, bad) pairs
//! in which the good reply scores higher, ties counting one half.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use lahn::{Category, Channel, Coach, Draft};
use serde::Deserialize;

/// How a support lead following the SPEC judged a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quality {
    Good,
    Mixed,
    Bad,
}

/// One labelled reply, with where it was read from.
#[derive(Debug, Clone)]
pub struct Case {
    /// The file as shown in messages.
    pub file: String,
    /// `file:line` of the case, for messages.
    pub at: String,
    pub id: String,
    pub draft: Draft,
    /// Absent in the project's own corpus, which ranks drafts instead.
    pub quality: Option<Quality>,
    pub expect: BTreeMap<Category, bool>,
    /// The `kind` of source (issue reply, template, chatbot…), or the file's name when the
    /// case has none.
    pub kind: String,
}

/// A line as written: the input `lahn batch` reads, plus the labels. Other fields (`source`,
/// `group`, `rank`…) are ignored.
#[derive(Deserialize)]
struct Line {
    id: String,
    draft: String,
    #[serde(default)]
    customer_message: Option<String>,
    #[serde(default)]
    customer_name: Option<String>,
    #[serde(default)]
    channel: Option<String>,
    #[serde(default)]
    quality: Option<String>,
    expect: BTreeMap<String, bool>,
    #[serde(default)]
    kind: Option<String>,
}

/// Reads the cases of one JSON Lines file; `shown` is the name used in messages. Blank lines
/// are skipped; any other line that is not a well-formed case is an error naming `file:line`.
/// A file of labels without replies (every line a JSON object, none with a `draft`, such as a
/// second labelling of cases kept elsewhere) holds no cases: `Ok(None)`.
pub fn load(path: &Path, shown: &str) -> Result<Option<Vec<Case>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
    if labels_only(&text) {
        return Ok(None);
    }
    let file_name = path
        .file_name()
        .map_or_else(|| shown.to_owned(), |s| s.to_string_lossy().into_owned());
    let mut cases = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let at = format!("{shown}:{}", i + 1);
        let raw = if i == 0 {
            raw.trim_start_matches('\u{feff}')
        } else {
            raw
        };
        if raw.trim().is_empty() {
            continue;
        }
        let line: Line = serde_json::from_str(raw).map_err(|e| format!("{at}: {e}"))?;
        let channel = match line.channel.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(c.parse::<Channel>().map_err(|e| format!("{at}: {e}"))?),
        };
        let quality = match line.quality.as_deref() {
            None => None,
            Some("good") => Some(Quality::Good),
            Some("mixed") => Some(Quality::Mixed),
            Some("bad") => Some(Quality::Bad),
            Some(other) => {
                return Err(format!(
                    "{at}: unknown quality `{other}` (expected good, mixed or bad)"
                ))
            }
        };
        let mut expect = BTreeMap::new();
        for (name, want) in line.expect {
            let category = name
                .parse::<Category>()
                .map_err(|_| format!("{at}: unknown category `{name}` in `expect`"))?;
            expect.insert(category, want);
        }
        cases.push(Case {
            file: shown.to_owned(),
            at,
            id: line.id,
            draft: {
                let mut d = Draft::new(line.draft);
                d.customer_message = line.customer_message;
                d.customer_name = line.customer_name;
                d.channel = channel;
                d
            },
            quality,
            expect,
            kind: line.kind.unwrap_or_else(|| file_name.clone()),
        });
    }
    Ok(Some(cases))
}

fn labels_only(text: &str) -> bool {
    let mut lines = text
        .trim_start_matches('\u{feff}')
        .lines()
        .filter(|l| !l.trim().is_empty())
        .peekable();
    lines.peek().is_some()
        && lines.all(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .is_ok_and(|v| v.is_object() && v.get("draft").is_none())
        })
}

/// Reads several files as one corpus; an id used twice is an error naming both places.
pub fn load_all<'a>(files: impl IntoIterator<Item = (&'a Path, String)>) -> Result<Corpus, String> {
    let mut corpus = Corpus::default();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (path, shown) in files {
        let Some(cases) = load(path, &shown)? else {
            corpus.skipped.push(shown);
            continue;
        };
        for case in &cases {
            if let Some(first) = seen.insert(case.id.clone(), case.at.clone()) {
                return Err(format!(
                    "{}: id `{}` is already used at {first}",
                    case.at, case.id
                ));
            }
        }
        corpus.files.push((shown, cases.len()));
        corpus.cases.extend(cases);
    }
    Ok(corpus)
}

/// Labelled cases and the files they came from.
#[derive(Debug, Default)]
pub struct Corpus {
    /// Each file as shown in messages, with its number of cases.
    pub files: Vec<(String, usize)>,
    /// Files of labels without replies, not measured.
    pub skipped: Vec<String>,
    pub cases: Vec<Case>,
}

/// Labels of one category (or of all), and how many of them the coach agrees with.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Labelled `true` and flagged.
    pub caught: usize,
    /// Labelled `true`.
    pub positives: usize,
    /// Labelled `false` but flagged.
    pub false_flags: usize,
    /// Labelled `false`.
    pub negatives: usize,
}

impl Counts {
    /// Caught / labelled `true`; `None` without such labels.
    pub fn recall(&self) -> Option<f64> {
        ratio(self.caught, self.positives)
    }

    /// Flagged / labelled `false`; `None` without such labels.
    pub fn false_flag_rate(&self) -> Option<f64> {
        ratio(self.false_flags, self.negatives)
    }

    fn add(&mut self, other: Counts) {
        self.caught += other.caught;
        self.positives += other.positives;
        self.false_flags += other.false_flags;
        self.negatives += other.negatives;
    }
}

fn ratio(n: usize, d: usize) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// The measures over a set of cases.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub cases: usize,
    pub categories: BTreeMap<Category, Counts>,
    /// Scores of the replies judged good, and of those judged bad.
    pub good: Vec<u32>,
    pub bad: Vec<u32>,
}

impl Tally {
    fn add(&mut self, case: &Case, report: &lahn::Report) {
        self.cases += 1;
        for (&category, &want) in &case.expect {
            let counts = self.categories.entry(category).or_default();
            let flagged = report.flags(category);
            if want {
                counts.positives += 1;
                counts.caught += usize::from(flagged);
            } else {
                counts.negatives += 1;
                counts.false_flags += usize::from(flagged);
            }
        }
        match case.quality {
            Some(Quality::Good) => self.good.push(report.score),
            Some(Quality::Bad) => self.bad.push(report.score),
            Some(Quality::Mixed) | None => {}
        }
    }

    /// Every category's counts added up.
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        for &counts in self.categories.values() {
            total.add(counts);
        }
        total
    }

    /// How often a reply judged good scores above one judged bad (ties count ½); `None`
    /// without both.
    pub fn auc(&self) -> Option<f64> {
        let pairs = self.good.len() * self.bad.len();
        let mut sum = 0.0;
        for &g in &self.good {
            for &b in &self.bad {
                sum += match g.cmp(&b) {
                    std::cmp::Ordering::Greater => 1.0,
                    std::cmp::Ordering::Equal => 0.5,
                    std::cmp::Ordering::Less => 0.0,
                };
            }
        }
        (pairs > 0).then(|| sum / pairs as f64)
    }

    /// The share of replies labelled `negativity: true` that are flagged negative.
    pub fn negativity_caught(&self) -> Counts {
        self.categories
            .get(&Category::Negativity)
            .copied()
            .unwrap_or_default()
    }

    /// The categories with labels, by name (the order `score_real.py` prints them in).
    fn labelled(&self) -> Vec<(Category, Counts)> {
        let mut v: Vec<_> = self.categories.iter().map(|(&c, &n)| (c, n)).collect();
        v.sort_by_key(|(c, _)| c.name());
        v
    }
}

/// The measures over a corpus, overall, per kind of source and per file.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    pub files: Vec<(String, usize)>,
    pub skipped: Vec<String>,
    pub all: Tally,
    pub by_kind: BTreeMap<String, Tally>,
    /// In the order the files were read.
    pub by_file: Vec<(String, Tally)>,
}

/// Reviews every case with `coach` and measures the result.
pub fn evaluate(coach: &Coach, corpus: &Corpus) -> Evaluation {
    let mut ev = Evaluation {
        files: corpus.files.clone(),
        skipped: corpus.skipped.clone(),
        by_file: (corpus.files.iter())
            .map(|(f, _)| (f.clone(), Tally::default()))
            .collect(),
        ..Evaluation::default()
    };
    for case in &corpus.cases {
        let report = coach.review(&case.draft);
        ev.all.add(case, &report);
        ev.by_kind
            .entry(case.kind.clone())
            .or_default()
            .add(case, &report);
        if let Some((_, tally)) = ev.by_file.iter_mut().find(|(f, _)| *f == case.file) {
            tally.add(case, &report);
        }
    }
    ev
}

/// The least each measure may reach: per category a recall floor and a false-flag ceiling,
/// a floor for the AUC and for the share of negative replies caught.
#[derive(Debug, Clone)]
pub struct Floors {
    pub auc: f64,
    pub negativity_caught: f64,
    pub categories: BTreeMap<Category, CategoryFloor>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryFloor {
    /// Recall may not fall below this.
    pub recall: f64,
    /// The false-flag rate may not rise above this.
    pub false_flags: f64,
}

impl Floors {
    /// Parses `floors.toml`: top-level `auc` and `negativity_caught`, and one table per
    /// category with `recall` and `false_flags`. Every category must have its table.
    pub fn parse(text: &str, shown: &str) -> Result<Floors, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| format!("{shown}: {e}"))?;
        let number = |key: &str| -> Result<f64, String> {
            match table.get(key) {
                Some(toml::Value::Float(x)) => Ok(*x),
                Some(toml::Value::Integer(x)) => Ok(*x as f64),
                Some(_) => Err(format!("{shown}: `{key}` must be a number")),
                None => Err(format!("{shown}: `{key}` is missing")),
            }
        };
        let mut floors = Floors {
            auc: number("auc")?,
            negativity_caught: number("negativity_caught")?,
            categories: BTreeMap::new(),
        };
        for (key, value) in &table {
            if key == "auc" || key == "negativity_caught" {
                continue;
            }
            let category = key
                .parse::<Category>()
                .map_err(|_| format!("{shown}: `{key}` is neither a category nor a measure"))?;
            let floor: CategoryFloor = value
                .clone()
                .try_into()
                .map_err(|e| format!("{shown}: [{key}]: {e}"))?;
            floors.categories.insert(category, floor);
        }
        if let Some(c) = Category::ALL
            .iter()
            .find(|c| !floors.categories.contains_key(c))
        {
            return Err(format!("{shown}: no [{c}] table"));
        }
        Ok(floors)
    }

    /// What falls short, one line each; empty when every floor holds. A measure without
    /// labels (no `true` labels for recall, no good/bad pair for the AUC) is not judged.
    pub fn violations(&self, ev: &Evaluation) -> Vec<String> {
        let mut out = Vec::new();
        for (category, counts) in ev.all.labelled() {
            let Some(floor) = self.categories.get(&category) else {
                continue;
            };
            if let Some(r) = counts.recall().filter(|&r| r < floor.recall) {
                out.push(format!(
                    "{category}: recall {r:.3} ({}/{}) is below its floor {}",
                    counts.caught, counts.positives, floor.recall
                ));
            }
            if let Some(f) = counts.false_flag_rate().filter(|&f| f > floor.false_flags) {
                out.push(format!(
                    "{category}: false-flag rate {f:.3} ({}/{}) is above its ceiling {}",
                    counts.false_flags, counts.negatives, floor.false_flags
                ));
            }
        }
        if let Some(a) = ev.all.auc().filter(|&a| a < self.auc) {
            out.push(format!("auc {a:.3} is below its floor {}", self.auc));
        }
        let neg = ev.all.negativity_caught();
        if let Some(r) = neg.recall().filter(|&r| r < self.negativity_caught) {
            out.push(format!(
                "negativity caught {r:.3} ({}/{}) is below its floor {}",
                neg.caught, neg.positives, self.negativity_caught
            ));
        }
        out
    }
}

fn rate(x: Option<f64>) -> String {
    x.map_or_else(|| "    -".to_owned(), |x| format!("{x:.3}"))
}

/// `≥ floor` or `≤ ceiling`, with a mark when it does not hold.
fn bound(x: Option<f64>, limit: Option<f64>, floor: bool) -> String {
    let Some(limit) = limit else {
        return String::new();
    };
    let fails = x.is_some_and(|x| if floor { x < limit } else { x > limit });
    let sign = if floor { '≥' } else { '≤' };
    format!(" {sign} {limit:<5}{}", if fails { " ✗" } else { "  " })
}

impl Evaluation {
    /// The table: the files read; per category recall n/N and false flags n/N (the lines of
    /// `score_real.py`) with their rates and, given floors, the bounds (✗ where one fails);
    /// the summary line of `score_real.py`; negativity caught; then the same per kind of
    /// source.
    pub fn table(&self, floors: Option<&Floors>) -> String {
        let mut t = String::new();
        for (file, n) in &self.files {
            let _ = writeln!(t, "# {file}: {n} replies");
        }
        for file in &self.skipped {
            let _ = writeln!(t, "# {file}: labels without replies, not measured");
        }
        let _ = writeln!(
            t,
            "{:<52} {:<16} false-flag rate",
            "category         recall n/N  false flags n/N", "recall"
        );
        for (category, c) in self.all.labelled() {
            let floor = floors.and_then(|f| f.categories.get(&category));
            let counts = format!(
                "{:16} recall {}/{}  false flags {}/{}",
                category.name(),
                c.caught,
                c.positives,
                c.false_flags,
                c.negatives
            );
            let _ = writeln!(
                t,
                "{counts:<52} {}{:<11} {}{}",
                rate(c.recall()),
                bound(c.recall(), floor.map(|f| f.recall), true),
                rate(c.false_flag_rate()),
                bound(c.false_flag_rate(), floor.map(|f| f.false_flags), false),
            );
        }
        let total = self.all.total();
        let _ = writeln!(
            t,
            "real_auc={:.3} real_recall={:.3} false_flag_rate={:.3} n={}/{}",
            self.all.auc().unwrap_or(0.0),
            total.recall().unwrap_or(0.0),
            total.false_flag_rate().unwrap_or(0.0),
            self.all.cases,
            self.all.cases
        );
        let _ = writeln!(
            t,
            "auc {}{}  ({} good × {} bad replies)",
            rate(self.all.auc()),
            bound(self.all.auc(), floors.map(|f| f.auc), true),
            self.all.good.len(),
            self.all.bad.len()
        );
        let neg = self.all.negativity_caught();
        let _ = writeln!(
            t,
            "negativity caught {}/{} {}{}",
            neg.caught,
            neg.positives,
            rate(neg.recall()),
            bound(neg.recall(), floors.map(|f| f.negativity_caught), true),
        );
        let _ = writeln!(
            t,
            "\n{:<20} {:>7}  {:<15} {:<15} auc",
            "by kind", "replies", "recall", "false flags"
        );
        for (kind, k) in &self.by_kind {
            let c = k.total();
            let _ = writeln!(
                t,
                "{kind:<20} {:>7}  {:<15} {:<15} {}",
                k.cases,
                format!("{}/{} {}", c.caught, c.positives, rate(c.recall())),
                format!(
                    "{}/{} {}",
                    c.false_flags,
                    c.negatives,
                    rate(c.false_flag_rate())
                ),
                rate(k.auc()),
            );
        }
        if self.by_file.len() > 1 {
            self.file_matrix(&mut t);
        }
        t.lines().map(|l| format!("{}\n", l.trim_end())).collect()
    }

    /// Per category and file: recall n/N and false flags n/N, so a regression in one corpus
    /// is not hidden by the others.
    fn file_matrix(&self, t: &mut String) {
        let names: Vec<&str> = (self.by_file.iter())
            .map(|(f, _)| f.rsplit('/').next().unwrap_or(f))
            .collect();
        let width = |i: usize| names[i].chars().count().max(13);
        let _ = write!(t, "\nby file: recall n/N, false flags n/N\n{:<16}", "");
        for (i, name) in names.iter().enumerate() {
            let _ = write!(t, "  {name:<w$}", w = width(i));
        }
        let _ = writeln!(t);
        for (category, _) in self.all.labelled() {
            let _ = write!(t, "{:<16}", category.name());
            for (i, (_, tally)) in self.by_file.iter().enumerate() {
                let cell = tally.categories.get(&category).map_or_else(
                    || "-".to_owned(),
                    |c| {
                        format!(
                            "{}/{} {}/{}",
                            c.caught, c.positives, c.false_flags, c.negatives
                        )
                    },
                );
                let _ = write!(t, "  {cell:<w$}", w = width(i));
            }
            let _ = writeln!(t);
        }
        let _ = write!(t, "{:<16}", "auc");
        for (i, (_, tally)) in self.by_file.iter().enumerate() {
            let _ = write!(t, "  {:<w$}", rate(tally.auc()).trim(), w = width(i));
        }
        let _ = writeln!(t);
    }
}
