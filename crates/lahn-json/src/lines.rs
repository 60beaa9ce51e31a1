//! The JSON Lines pipeline: one draft a line in, one report object a line out, in input
//! order, on several threads, in constant memory. A line that can't be read (not JSON, not
//! UTF-8, longer than [`MAX_LINE_BYTES`]) gets an error object naming it, and the stream goes
//! on, so output line N always answers input line N.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::thread;

use crossbeam_channel::bounded;
use lahn::{Channel, Coach, Draft};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::Keep;

/// Lines per unit of work: large enough to amortise the channel, small enough to stream.
const CHUNK: usize = 256;

/// Bytes of input per unit of work: a chunk ends at this size even with fewer lines, so the
/// chunks in flight hold a bounded amount of text.
const CHUNK_BYTES: usize = 1 << 20;

/// The longest input line read (a draft is a reply, not a book). A longer one is skipped,
/// without being held in memory, and answered with an error object.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// One draft to review with its context: an input line of `lahn batch` (`Input<Box<RawValue>>`,
/// its id kept exactly as written, a number beyond 2⁶⁴ too), the body of the server's
/// `/v1/review` (the default, its id skipped). Fields other than these are ignored.
#[derive(Debug, Deserialize)]
pub struct Input<Id = IgnoredAny> {
    /// The caller's id for the case, given back with its report.
    #[serde(default)]
    pub id: Option<Id>,
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

impl<Id> Input<Id> {
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

/// The output line of an input line that could not be reviewed.
#[derive(Debug, Serialize)]
pub struct LineError {
    /// What is wrong, naming the line.
    pub error: String,
    /// The line's id when it has one, exactly as written; else `null`.
    pub id: Option<Box<RawValue>>,
    /// The line's number, from 1.
    pub line: usize,
}

/// An input line as read.
enum Line {
    Text(Vec<u8>),
    /// Longer than [`MAX_LINE_BYTES`]: only its length was kept.
    TooLong(u64),
}

/// Reviews every line of `input` and writes one output line per input line, in order, with
/// the input fields `keep` names. When reading `input` fails, the lines read before are
/// answered and the error is returned.
pub fn process(
    coach: &Coach,
    mut input: impl BufRead + Send,
    out: &mut impl Write,
    workers: usize,
    keep: &Keep,
) -> io::Result<()> {
    if workers <= 1 {
        return process_here(coach, input, out, keep);
    }
    // At most `in_flight` chunks exist at once (reading, reviewing or waiting to be written),
    // each of at most CHUNK lines and about CHUNK_BYTES, which bounds memory whatever the
    // input's size.
    let in_flight = workers * 4;
    let (work_tx, work_rx) = bounded::<(usize, Vec<(usize, Line)>)>(in_flight);
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
                        write_line(&mut buf, coach, &line, number, keep);
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
                let mut bytes = 0;
                let mut failed = None;
                while chunk.len() < CHUNK && bytes < CHUNK_BYTES {
                    match next_line(&mut input) {
                        Ok(None) => break,
                        Ok(Some(line)) => {
                            number += 1;
                            if let Line::Text(t) = &line {
                                bytes += t.len();
                            }
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

/// [`process`] on the calling thread, for one worker: no threads, no channels.
fn process_here(
    coach: &Coach,
    mut input: impl BufRead,
    out: &mut impl Write,
    keep: &Keep,
) -> io::Result<()> {
    const FLUSH_AT: usize = 1 << 16;
    let mut buf = Vec::with_capacity(FLUSH_AT + 4096);
    let mut number = 0;
    loop {
        let line = match next_line(&mut input) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                out.write_all(&buf)?;
                return Err(e);
            }
        };
        number += 1;
        write_line(&mut buf, coach, &line, number, keep);
        buf.push(b'\n');
        if buf.len() >= FLUSH_AT {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

/// The next line of `input` with its line break, or `None` at the end. A line longer than
/// [`MAX_LINE_BYTES`] is read through without being kept.
fn next_line(input: &mut impl BufRead) -> io::Result<Option<Line>> {
    let mut line = Vec::new();
    let mut len = 0u64;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        let (take, ends) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        len += take as u64;
        if len <= MAX_LINE_BYTES as u64 {
            line.extend_from_slice(&buf[..take]);
        } else {
            line = Vec::new();
        }
        input.consume(take);
        if ends {
            break;
        }
    }
    Ok(match len {
        0 => None,
        n if n > MAX_LINE_BYTES as u64 => Some(Line::TooLong(n)),
        _ => Some(Line::Text(line)),
    })
}

/// Writes the output object of input line `number`: its report, or an error naming it, with
/// the fields of the line `keep` names.
fn write_line(buf: &mut Vec<u8>, coach: &Coach, line: &Line, number: usize, keep: &Keep) {
    let _ = match line {
        Line::Text(line) => {
            let start = buf.len();
            let written = match read_line(line, number) {
                Ok((id, draft)) => {
                    crate::report::write_batch(buf, id.as_deref(), &coach.review(&draft));
                    Ok(())
                }
                Err(error) => serde_json::to_writer(&mut *buf, &error),
            };
            keep.append(buf, start, line);
            written
        }
        Line::TooLong(len) => serde_json::to_writer(
            &mut *buf,
            &LineError {
                error: format!(
                    "line {number} is {len} bytes long, over the {MAX_LINE_BYTES}-byte limit; it was skipped"
                ),
                id: None,
                line: number,
            },
        ),
    };
}

/// The id of a line that could not be read as an input object, when it is a JSON object with
/// one, so the error can be matched to its case.
fn id_of(text: &str) -> Option<Box<RawValue>> {
    #[derive(Deserialize)]
    struct Id {
        #[serde(default)]
        id: Option<Box<RawValue>>,
    }
    serde_json::from_str::<Id>(text).ok().and_then(|i| i.id)
}

/// Input line `number` (1-based) read into its id (exactly as written) and draft, or the
/// error object its output line is.
pub fn read_line(line: &[u8], number: usize) -> Result<(Option<Box<RawValue>>, Draft), LineError> {
    let fail = |id: Option<Box<RawValue>>, error: String| LineError {
        error,
        id,
        line: number,
    };
    // Windows tools open a file with a byte-order mark; it is not part of the JSON.
    let line = match number {
        1 => line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line),
        _ => line,
    };
    // A blank line gets its own (error) line, so output line N still answers input line N.
    if line.iter().all(u8::is_ascii_whitespace) {
        return Err(fail(None, format!("line {number} is blank")));
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
    let mut input: Input<Box<RawValue>> = match serde_json::from_str(text) {
        Ok(i) => i,
        Err(e) => return Err(fail(id_of(text), format!("line {number}: {e}"))),
    };
    let id = input.id.take();
    match input.into_draft() {
        Ok(draft) => Ok((id, draft)),
        Err(e) => Err(fail(id, format!("line {number}: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

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
        let joined = String::from_utf8(out).unwrap();
        let lines: Vec<Value> = joined
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
        let mut alone = Vec::new();
        process(&coach, input.as_bytes(), &mut alone, 1, &Keep::Nothing).unwrap();
        assert_eq!(String::from_utf8(alone).unwrap(), joined);
        assert_eq!(lines[1000]["error"], json!("line 1001 is blank"));
        assert_eq!(lines[1000]["id"], Value::Null);
        assert_eq!(lines[1001]["id"], json!("x"));
        assert!(lines[1001]["error"].is_string());
    }
}
