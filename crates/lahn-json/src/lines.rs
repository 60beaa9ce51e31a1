//! The JSON Lines pipeline: one draft a line in, one report object a line out, in input
//! order, on several threads, in constant memory. A line that can't be read gets an error
//! object naming it, and the stream goes on, so output line N always answers input line N.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::thread;

use crossbeam_channel::bounded;
use lahn::{Channel, Coach, Draft};
use serde::Deserialize;
use serde_json::{json, Value};

/// Lines per unit of work: large enough to amortise the channel, small enough to stream.
const CHUNK: usize = 256;

/// One draft to review with its context: an input line of `lahn batch`, the body of the
/// server's `/v1/review`. Fields other than these are ignored.
#[derive(Debug, Deserialize)]
pub struct Input {
    /// The caller's id for the case, given back with its report.
    #[serde(default)]
    pub id: Value,
    /// The reply.
    pub draft: String,
    /// The customer's message it answers.
    #[serde(default)]
    pub customer_message: Option<String>,
    /// The customer's name.
    #[serde(default)]
    pub customer_name: Option<String>,
    /// `chat`, `email`, `sms` or `social`; blank for none.
    #[serde(default)]
    pub channel: Option<String>,
}

impl Input {
    /// The draft to review, or what is wrong with the channel.
    pub fn into_draft(self) -> Result<Draft, String> {
        let channel = match self.channel.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(c.parse::<Channel>()?),
        };
        let mut draft = Draft::new(self.draft);
        draft.customer_message = self.customer_message;
        draft.customer_name = self.customer_name;
        draft.channel = channel;
        Ok(draft)
    }
}

/// Reviews every line of `input` and writes one output line per input line, in order. When
/// reading `input` fails, the lines read before are answered and the error is returned.
pub fn process(
    coach: &Coach,
    mut input: impl BufRead + Send,
    out: &mut impl Write,
    workers: usize,
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
                        let _ = serde_json::to_writer(&mut buf, &v);
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
                let mut failed = None;
                while chunk.len() < CHUNK {
                    let mut line = Vec::new();
                    match input.read_until(b'\n', &mut line) {
                        Ok(0) => break,
                        Ok(_) => {
                            number += 1;
                            chunk.push((number, line));
                        }
                        // The whole lines read before the input broke off are still
                        // answered; the broken one is not.
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    }
                }
                if chunk.is_empty() {
                    return failed.map_or(Ok(()), Err);
                }
                if slot_rx.recv().is_err() || work_tx.send((seq, chunk)).is_err() {
                    return Ok(());
                }
                if let Some(e) = failed {
                    return Err(e);
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

/// The output object for one input line: a report, or an error naming the line.
fn review_line(coach: &Coach, line: &[u8], number: usize) -> Value {
    match read_line(line, number) {
        Ok((id, draft)) => crate::report::batch_json(Some(&id), &coach.review(&draft)),
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
    let id = input.id.clone();
    match input.into_draft() {
        Ok(draft) => Ok((id, draft)),
        Err(e) => Err(fail(id, format!("line {number}: {e}"))),
    }
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
        process(&coach, input.as_bytes(), &mut out, 3).unwrap();
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
