//! The figures of a QA report, gathered in one pass over `lahn batch` output in memory that
//! does not grow with the input: integer scores go into a 101-bin histogram (which gives exact
//! medians), groups and periods are capped, and only the worst replies are held.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::io::{self, BufRead};

use lahn::Category;
use serde_json::Value;

use super::when::{period_of, Period};

/// The name of the group of replies past the cap on distinct groups, rules or periods.
pub const OTHER: &str = "(other)";
/// The name of the group of replies without the field.
pub const NONE: &str = "(none)";
/// Distinct rules tallied one by one; more are tallied together as [`OTHER`].
const MAX_RULES: usize = 5_000;
/// Characters of a reply held for the list of worst replies.
const MAX_DRAFT_CHARS: usize = 10_000;
/// Characters of a name, message or example held (the input may hold anything).
const MAX_TEXT_CHARS: usize = 500;
/// Findings held for one of the worst replies.
const MAX_MARKS: usize = 200;

/// What to gather.
#[derive(Debug, Clone)]
pub struct Options {
    /// A score under this is "under the threshold".
    pub threshold: u32,
    /// The kept field to group by.
    pub by: Option<String>,
    /// The kept date field, and the length of a period.
    pub time: Option<(String, Period)>,
    /// How many of the worst replies to list.
    pub worst: usize,
    /// Distinct groups (and periods) tallied one by one; the rest go to [`OTHER`].
    pub max_groups: usize,
}

/// Count, score histogram and category figures of a set of replies.
#[derive(Debug, Clone)]
pub struct Tally {
    /// Replies.
    pub count: u64,
    /// Sum of their scores.
    pub sum: u64,
    /// Replies per score, 0 to 100.
    pub hist: Box<[u64; 101]>,
    /// Per category (in [`Category::ALL`] order): replies with at least one finding in it.
    pub flagged: [u64; 10],
    /// Per category: points of the score it took, summed over the replies.
    pub lost: [u64; 10],
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            count: 0,
            sum: 0,
            hist: Box::new([0; 101]),
            flagged: [0; 10],
            lost: [0; 10],
        }
    }
}

impl Tally {
    fn add(&mut self, r: &Reply) {
        self.count += 1;
        self.sum += u64::from(r.score);
        self.hist[r.score as usize] += 1;
        for i in 0..10 {
            self.flagged[i] += u64::from(r.flagged[i]);
            self.lost[i] += u64::from(r.lost[i]);
        }
    }

    /// The mean score, if there are replies.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| self.sum as f64 / self.count as f64)
    }

    /// The median score (the mean of the two middle ones for an even count).
    pub fn median(&self) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let nth = |k: u64| {
            let mut seen = 0;
            for (score, &n) in self.hist.iter().enumerate() {
                seen += n;
                if seen > k {
                    return score as f64;
                }
            }
            100.0
        };
        let c = self.count;
        Some(if c % 2 == 1 {
            nth(c / 2)
        } else {
            (nth(c / 2 - 1) + nth(c / 2)) / 2.0
        })
    }

    /// Replies scoring under `threshold`.
    pub fn under(&self, threshold: u32) -> u64 {
        self.hist.iter().take(threshold.min(101) as usize).sum()
    }

    /// The category that cost these replies most points, if any cost any.
    pub fn costliest(&self) -> Option<Category> {
        let (i, &most) = self
            .lost
            .iter()
            .enumerate()
            .max_by_key(|&(i, &l)| (l, std::cmp::Reverse(i)))?;
        (most > 0).then(|| Category::ALL[i])
    }
}

/// How often one rule fired, and an example of what it flagged.
#[derive(Debug, Clone, Default)]
pub struct RuleTally {
    /// The rule's category, as the output names it.
    pub category: String,
    /// Findings.
    pub count: u64,
    /// Replies with at least one.
    pub replies: u64,
    /// The first message seen.
    pub message: String,
    /// The first flagged text seen (when the batch kept the draft).
    pub example: Option<String>,
}

/// One finding of a listed reply.
#[derive(Debug, Clone)]
pub struct Mark {
    /// Byte range in the draft.
    pub start: usize,
    /// End of it.
    pub end: usize,
    /// Rule id.
    pub rule: String,
    /// Message.
    pub message: String,
}

/// One of the worst replies.
#[derive(Debug, Clone)]
pub struct Worst {
    /// Its score.
    pub score: u32,
    /// Its line in the input (1-based).
    pub line: u64,
    /// Its id, as JSON.
    pub id: String,
    /// Its group, with `--by`.
    pub group: Option<String>,
    /// The draft, when the batch kept it.
    pub draft: Option<String>,
    /// Its findings.
    pub marks: Vec<Mark>,
}

// The heap keeps the best of the worst on top, to be dropped first: the higher score, and of
// equal scores the later line.
impl Ord for Worst {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.score, self.line).cmp(&(other.score, other.line))
    }
}
impl PartialOrd for Worst {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Worst {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Worst {}

/// Everything a report shows.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Input lines.
    pub lines: u64,
    /// Lines that were batch errors (a reply that could not be read).
    pub errors: u64,
    /// Lines that were not batch output at all.
    pub unreadable: u64,
    /// The first few unreadable lines' numbers.
    pub unreadable_lines: Vec<u64>,
    /// Every reviewed reply.
    pub all: Tally,
    /// Per rule id.
    pub rules: HashMap<String, RuleTally>,
    /// Per value of the `--by` field.
    pub groups: HashMap<String, Tally>,
    /// Per period of the `--time` field; [`NONE`] for replies without a date.
    pub periods: BTreeMap<String, Tally>,
    /// The worst replies, best on top.
    worst: BinaryHeap<Worst>,
}

/// The figures of one reply, as read from its line.
struct Reply {
    score: u32,
    flagged: [bool; 10],
    lost: [u32; 10],
}

impl Stats {
    /// Reads `lahn batch` output line by line, calling `progress` with the bytes read so far
    /// now and then.
    pub fn read(
        mut input: impl BufRead,
        opts: &Options,
        mut progress: impl FnMut(u64),
    ) -> io::Result<Stats> {
        let mut stats = Stats::default();
        let mut line = Vec::new();
        let mut bytes = 0u64;
        let mut reported = 0u64;
        loop {
            line.clear();
            let n = input.read_until(b'\n', &mut line)?;
            if n == 0 {
                break;
            }
            bytes += n as u64;
            if bytes - reported >= 1 << 22 {
                progress(bytes);
                reported = bytes;
            }
            stats.lines += 1;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            match serde_json::from_slice::<Value>(&line) {
                Ok(v) => stats.add(v, opts),
                Err(_) => stats.unreadable(),
            }
        }
        progress(bytes);
        Ok(stats)
    }

    fn unreadable(&mut self) {
        self.unreadable += 1;
        if self.unreadable_lines.len() < 10 {
            self.unreadable_lines.push(self.lines);
        }
    }

    fn add(&mut self, v: Value, opts: &Options) {
        if v.get("error").is_some() {
            self.errors += 1;
            return;
        }
        let Some(score) = v.get("score").and_then(Value::as_f64) else {
            return self.unreadable();
        };
        let score = score.round().clamp(0.0, 100.0) as u32;
        let mut reply = Reply {
            score,
            flagged: [false; 10],
            lost: [0; 10],
        };
        if let Some(cats) = v.get("categories").and_then(Value::as_object) {
            for (name, sub) in cats {
                if let (Some(i), Some(sub)) = (index_of(name), sub.as_f64()) {
                    // A sub-score is the share of its category's weight left, rounded down.
                    let w = Category::ALL[i].weight();
                    let sub = sub.clamp(0.0, 100.0) as u32;
                    reply.lost[i] = w - (sub * w).div_ceil(100).min(w);
                }
            }
        }
        let draft = v.get("draft").and_then(Value::as_str);
        let findings = v
            .get("findings")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let mut seen_rules: HashSet<&str> = HashSet::new();
        for f in findings {
            let category = f.get("category").and_then(Value::as_str).unwrap_or("");
            if let Some(i) = index_of(category) {
                reply.flagged[i] = true;
            }
            let rule = bounded(f.get("rule").and_then(Value::as_str).unwrap_or("?"));
            let key = if self.rules.len() < MAX_RULES || self.rules.contains_key(rule) {
                rule
            } else {
                OTHER
            };
            let t = self.rules.entry(key.to_owned()).or_default();
            if t.count == 0 {
                t.category = bounded(category).to_owned();
                t.message = bounded(text_of(f, "message")).to_owned();
            }
            t.count += 1;
            if seen_rules.insert(key) {
                t.replies += 1;
            }
            if t.example.is_none() {
                t.example = draft
                    .and_then(|d| span(d, f))
                    .map(|(s, e)| bounded(&draft.unwrap_or_default()[s..e]).to_owned())
                    .filter(|s| !s.trim().is_empty());
            }
        }
        self.all.add(&reply);
        let group = opts.by.as_deref().map(|f| key_of(v.get(f)));
        if let Some(g) = &group {
            capped(&mut self.groups, g, opts.max_groups).add(&reply);
        }
        if let Some((field, period)) = &opts.time {
            let p = v
                .get(field)
                .and_then(|d| period_of(d, *period))
                .unwrap_or_else(|| NONE.to_owned());
            if self.periods.len() < opts.max_groups || self.periods.contains_key(&p) {
                self.periods.entry(p).or_default().add(&reply);
            } else {
                self.periods
                    .entry(OTHER.to_owned())
                    .or_default()
                    .add(&reply);
            }
        }
        if opts.worst > 0 {
            let line = self.lines;
            let better_than_all = self.worst.len() >= opts.worst
                && self
                    .worst
                    .peek()
                    .is_some_and(|top| (score, line) > (top.score, top.line));
            if !better_than_all {
                self.worst
                    .push(worst(&v, score, line, group, draft, findings));
                if self.worst.len() > opts.worst {
                    self.worst.pop();
                }
            }
        }
    }

    /// The worst replies, worst first.
    pub fn worst(&self) -> Vec<Worst> {
        self.worst.clone().into_sorted_vec()
    }
}

/// The tally of group `key`, or of [`OTHER`] when there are `max` groups already.
fn capped<'m>(map: &'m mut HashMap<String, Tally>, key: &str, max: usize) -> &'m mut Tally {
    let key = if map.len() < max || map.contains_key(key) {
        key
    } else {
        OTHER
    };
    map.entry(key.to_owned()).or_default()
}

fn index_of(category: &str) -> Option<usize> {
    Category::ALL.iter().position(|c| c.name() == category)
}

/// The first [`MAX_TEXT_CHARS`] characters of `s`.
fn bounded(s: &str) -> &str {
    s.char_indices()
        .nth(MAX_TEXT_CHARS)
        .map_or(s, |(cut, _)| &s[..cut])
}

fn text_of<'v>(v: &'v Value, field: &str) -> &'v str {
    v.get(field).and_then(Value::as_str).unwrap_or("")
}

/// A group's name for a field's value: a string as it is, anything else as JSON.
fn key_of(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => NONE.to_owned(),
        Some(Value::String(s)) => bounded(s).to_owned(),
        Some(other) => bounded(&other.to_string()).to_owned(),
    }
}

/// A finding's byte range, when it is a range of `draft` on character boundaries.
fn span(draft: &str, f: &Value) -> Option<(usize, usize)> {
    let start = usize::try_from(f.get("start")?.as_u64()?).ok()?;
    let end = usize::try_from(f.get("end")?.as_u64()?).ok()?;
    (start <= end
        && end <= draft.len()
        && draft.is_char_boundary(start)
        && draft.is_char_boundary(end))
    .then_some((start, end))
}

fn worst(
    v: &Value,
    score: u32,
    line: u64,
    group: Option<String>,
    draft: Option<&str>,
    findings: &[Value],
) -> Worst {
    // A long draft is cut, and the findings past the cut go with it.
    let draft = draft.map(|d| match d.char_indices().nth(MAX_DRAFT_CHARS) {
        Some((cut, _)) => &d[..cut],
        None => d,
    });
    let marks = findings
        .iter()
        .take(MAX_MARKS)
        .map(|f| {
            let (start, end) = draft.and_then(|d| span(d, f)).unwrap_or((0, 0));
            Mark {
                start,
                end,
                rule: bounded(text_of(f, "rule")).to_owned(),
                message: bounded(text_of(f, "message")).to_owned(),
            }
        })
        .collect();
    Worst {
        score,
        line,
        id: match v.get("id") {
            Some(Value::String(s)) => bounded(s).to_owned(),
            Some(other) => bounded(&other.to_string()).to_owned(),
            None => "null".to_owned(),
        },
        group,
        draft: draft.map(str::to_owned),
        marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(scores: &[u32]) -> Tally {
        let mut t = Tally::default();
        for &score in scores {
            t.add(&Reply {
                score,
                flagged: [false; 10],
                lost: [0; 10],
            });
        }
        t
    }

    #[test]
    fn medians_from_the_histogram() {
        let cases: &[(&[u32], Option<f64>)] = &[
            (&[], None),
            (&[40], Some(40.0)),
            (&[40, 90], Some(65.0)),
            (&[100, 0, 55], Some(55.0)),
            (&[3, 3, 3, 97], Some(3.0)),
            (&[0, 0, 100, 100], Some(50.0)),
        ];
        for (scores, median) in cases {
            assert_eq!(tally(scores).median(), *median, "{scores:?}");
        }
        assert_eq!(tally(&[10, 69, 70, 100]).under(70), 2);
        assert_eq!(tally(&[10, 69, 70, 100]).under(200), 4);
    }

    #[test]
    fn points_lost_come_back_from_sub_scores() {
        // The sub-score of each possible loss, as the score computes it, reads back as that loss.
        for c in Category::ALL {
            let w = c.weight();
            for lost in 0..=w {
                let sub = (w - lost) * 100 / w;
                let v =
                    serde_json::json!({"score": 50, "categories": {c.name(): sub}, "findings": []});
                let mut s = Stats::default();
                s.add(
                    v,
                    &Options {
                        threshold: 70,
                        by: None,
                        time: None,
                        worst: 0,
                        max_groups: 10,
                    },
                );
                assert_eq!(
                    s.all.lost[index_of(c.name()).unwrap()],
                    u64::from(lost),
                    "{c} {lost}"
                );
            }
        }
    }
}
