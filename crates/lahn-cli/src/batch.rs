//! `lahn batch`: JSON Lines in, JSON Lines out, in input order, on every core, in constant
//! memory. A line that can't be read gets an error object; the stream goes on. `--keep` and
//! `--keep-all` carry input fields over to each output line exactly as written.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;
use std::thread;

use crossbeam_channel::bounded;
use lahn::{Channel, Coach, Draft, Lang};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::discover::ConfigArgs;
use crate::output;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Worker threads (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Language of messages: fa or en (default: the config's, else fa).
    #[arg(long)]
    lang: Option<Lang>,
    /// Input fields to copy into each output line as written (`--keep agent,ticket_id`).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "FIELDS",
        conflicts_with = "keep_all"
    )]
    keep: Vec<String>,
    /// Copy every input field into each output line, except the names the output itself uses.
    #[arg(long)]
    keep_all: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

/// Which input fields each output line carries over, written exactly as the input has them
/// (numbers keep every digit, nested values every byte).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Keep {
    /// None: the output is the report alone.
    #[default]
    Nothing,
    /// These fields, in this order, where a line has them.
    Fields(Vec<String>),
    /// Every field of the line but the output's own names.
    All,
}

/// Names the output object itself uses. `id` is not among them: keeping it writes the id as
/// the input has it, where the report would otherwise round a number past 2^53.
const OUTPUT_NAMES: [&str; 5] = ["score", "categories", "findings", "error", "line"];

impl Keep {
    /// The choice of `--keep FIELDS` / `--keep-all`, or why it can't be kept.
    pub fn new(fields: Vec<String>, all: bool) -> anyhow::Result<Keep> {
        if all {
            return Ok(Keep::All);
        }
        let mut unique: Vec<String> = Vec::new();
        for f in fields.into_iter().map(|f| f.trim().to_owned()) {
            if f.is_empty() {
                anyhow::bail!("--keep: an empty field name");
            }
            if OUTPUT_NAMES.contains(&f.as_str()) {
                anyhow::bail!("--keep: `{f}` is a name of the output object itself");
            }
            if !unique.contains(&f) {
                unique.push(f);
            }
        }
        Ok(match unique.is_empty() {
            true => Keep::Nothing,
            false => Keep::Fields(unique),
        })
    }
}

/// Lines per unit of work: large enough to amortise the channel, small enough to stream.
const CHUNK: usize = 256;

/// One input line. Fields other than these are ignored.
#[derive(Debug, Deserialize)]
struct Input {
    #[serde(default)]
    id: Value,
    draft: String,
    #[serde(default)]
    customer_message: Option<String>,
    #[serde(default)]
    customer_name: Option<String>,
    #[serde(default)]
    channel: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let keep = Keep::new(args.keep, args.keep_all)?;
    let coach = args.config.load(args.lang)?.coach(false)?;
    let workers = args
        .threads
        .unwrap_or_else(|| thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let stdin = io::stdin();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    process(
        &coach,
        io::BufReader::with_capacity(1 << 16, stdin),
        &mut out,
        workers,
        &keep,
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Reviews every line of `input` and writes one output line per input line, in order, with
/// the input fields `keep` names.
pub fn process(
    coach: &Coach,
    mut input: impl BufRead + Send,
    out: &mut impl Write,
    workers: usize,
    keep: &Keep,
) -> io::Result<()> {
    // At most `in_flight` chunks exist at once (reading, reviewing or waiting to be written),
    // which bounds memory whatever the input's size.
    let in_flight = workers * 4;
    let (work_tx, work_rx) = bounded::<(usize, Vec<(usize, Vec<u8>)>)>(in_flight);
    let (done_tx, done_rx) = bounded::<(usize, Vec<u8>)>(in_flight);
    let (slot_tx, slot_rx) = bounded::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = slot_tx.send(());
    }
    thread::scope(|s| {
        for _ in 0..workers {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            s.spawn(move || {
                for (seq, lines) in work_rx {
                    let mut buf = Vec::new();
                    for (number, line) in lines {
                        let v = review_line(coach, &line, number);
                        write_line(&mut buf, v, &line, keep);
                        buf.push(b'\n');
                    }
                    if done_tx.send((seq, buf)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        drop(work_rx);
        let reader = s.spawn(move || -> io::Result<()> {
            let mut seq = 0;
            let mut number = 0;
            loop {
                let mut chunk = Vec::with_capacity(CHUNK);
                while chunk.len() < CHUNK {
                    let mut line = Vec::new();
                    if input.read_until(b'\n', &mut line)? == 0 {
                        break;
                    }
                    number += 1;
                    chunk.push((number, line));
                }
                if chunk.is_empty() {
                    return Ok(());
                }
                if slot_rx.recv().is_err() || work_tx.send((seq, chunk)).is_err() {
                    return Ok(());
                }
                seq += 1;
            }
        });
        let mut pending = BTreeMap::new();
        let mut next = 0;
        let mut result = Ok(());
        for (seq, buf) in done_rx.iter() {
            pending.insert(seq, buf);
            while let Some(buf) = pending.remove(&next) {
                if result.is_ok() {
                    result = out.write_all(&buf);
                }
                next += 1;
                let _ = slot_tx.send(());
            }
            if result.is_err() {
                break;
            }
        }
        drop(slot_tx);
        drop(done_rx);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the reader thread failed")));
        result.and(read)
    })
}

/// The id of a line that could not be read as an input object, when it is a JSON object with
/// one, so the error can be matched to its case.
fn id_of(text: &str) -> Value {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("id").cloned())
        .unwrap_or(Value::Null)
}

/// Writes output object `v` for input `line`, with the fields of the line `keep` names.
fn write_line(buf: &mut Vec<u8>, v: Value, line: &[u8], keep: &Keep) {
    let kept = match keep {
        Keep::Nothing => Vec::new(),
        _ => kept_fields(line, keep),
    };
    let Value::Object(mut map) = v else {
        unreachable!("an output line is an object")
    };
    if kept.iter().any(|(k, _)| k == "id") {
        map.remove("id");
    }
    let start = buf.len();
    let _ = serde_json::to_writer(&mut *buf, &map);
    if kept.is_empty() {
        return;
    }
    buf.pop(); // the closing brace
    for (k, raw) in kept {
        if buf.len() > start + 1 {
            buf.push(b',');
        }
        let _ = serde_json::to_writer(&mut *buf, &k);
        buf.push(b':');
        buf.extend_from_slice(raw.get().as_bytes());
    }
    buf.push(b'}');
}

/// The fields of `line` that `keep` names, as written, in the order `--keep` gave (or the
/// line's, for `--keep-all`). Nothing for a line that is not a JSON object.
fn kept_fields<'a>(line: &'a [u8], keep: &Keep) -> Vec<(String, &'a RawValue)> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    let Ok(Fields(fields)) = serde_json::from_slice::<Fields>(line) else {
        return Vec::new();
    };
    match keep {
        Keep::Nothing => Vec::new(),
        Keep::All => fields
            .into_iter()
            .filter(|(k, _)| !OUTPUT_NAMES.contains(&k.as_str()))
            .collect(),
        Keep::Fields(names) => names
            .iter()
            .filter_map(|n| {
                let (_, raw) = fields.iter().rev().find(|(k, _)| k == n)?;
                Some((n.clone(), *raw))
            })
            .collect(),
    }
}

/// A JSON object's members as written, in order; a repeated name keeps its first place and
/// its last value.
struct Fields<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Fields<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Fields<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Fields<'de>, A::Error> {
                let mut fields: Vec<(String, &'de RawValue)> = Vec::new();
                // Where each name is, so a line of many fields is read in linear time.
                let mut at: HashMap<String, usize> = HashMap::new();
                while let Some((k, v)) = m.next_entry::<String, &'de RawValue>()? {
                    match at.get(&k) {
                        Some(&i) => fields[i].1 = v,
                        None => {
                            at.insert(k.clone(), fields.len());
                            fields.push((k, v));
                        }
                    }
                }
                Ok(Fields(fields))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// The output object for one input line: a report, or an error naming the line.
fn review_line(coach: &Coach, line: &[u8], number: usize) -> Value {
    match read_line(line, number) {
        Ok((id, draft)) => output::batch_json(Some(&id), &draft.text, &coach.review(&draft)),
        Err(error) => error,
    }
}

/// Input line `number` (1-based) read into its id and draft, or the error object its output
/// line is.
pub fn read_line(line: &[u8], number: usize) -> Result<(Value, Draft), Value> {
    let fail = |id: Value, msg: String| json!({"id": id, "line": number, "error": msg});
    // Windows tools open a file with a byte-order mark; it is not part of the JSON.
    let line = match number {
        1 => line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line),
        _ => line,
    };
    // A blank line gets its own (error) line, so output line N still answers input line N.
    if line.iter().all(u8::is_ascii_whitespace) {
        return Err(fail(Value::Null, format!("line {number} is blank")));
    }
    let text = match std::str::from_utf8(line) {
        Ok(t) => t,
        Err(e) => {
            return Err(fail(
                id_of(&String::from_utf8_lossy(line)),
                format!(
                    "line {number} is not UTF-8 (invalid byte at column {})",
                    e.valid_up_to() + 1
                ),
            ))
        }
    };
    let input: Input = match serde_json::from_str(text) {
        Ok(i) => i,
        Err(e) => return Err(fail(id_of(text), format!("line {number}: {e}"))),
    };
    let channel = match input
        .channel
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        None => None,
        Some(c) => match c.parse::<Channel>() {
            Ok(c) => Some(c),
            Err(e) => return Err(fail(input.id, format!("line {number}: {e}"))),
        },
    };
    let mut draft = Draft::new(input.draft);
    draft.customer_message = input.customer_message;
    draft.customer_name = input.customer_name;
    draft.channel = channel;
    Ok((input.id, draft))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_reports_bad_lines() {
        let coach = Coach::default();
        let mut input = String::new();
        for i in 0..1000 {
            if i % 97 == 0 {
                input.push_str("{not json\n");
            } else {
                input.push_str(&format!(
                    "{{\"id\": {i}, \"draft\": \"سلام، نمیتونیم. {i}\"}}\n"
                ));
            }
        }
        input.push_str("\n{\"id\": \"x\", \"draft\": 5}\n");
        let mut out = Vec::new();
        process(&coach, input.as_bytes(), &mut out, 3, &Keep::Nothing).unwrap();
        let lines: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 1002);
        for (i, v) in lines.iter().take(1000).enumerate() {
            if i % 97 == 0 {
                assert_eq!(v["line"], json!(i + 1));
                assert!(v["error"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("line {}", i + 1)));
            } else {
                assert_eq!(v["id"], json!(i));
                assert!(v["findings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["rule"] == "negativity-inability"));
            }
        }
        assert_eq!(lines[1000]["error"], json!("line 1001 is blank"));
        assert_eq!(lines[1000]["id"], Value::Null);
        assert_eq!(lines[1001]["id"], json!("x"));
        assert!(lines[1001]["error"].is_string());
    }
}
