//! The JSON Lines pipeline: one draft a line in, one report object a line out, in input
//! order, on several threads, in constant memory. A line that can't be read (not JSON, not
//! UTF-8, longer than [`MAX_LINE_BYTES`]) gets an error object naming it, and the stream goes
//! on, so output line N always answers input line N.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::thread;

use crossbeam_channel::bounded;
use lahn::{Channel, Coach, Draft, Report};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::Keep;

/// Lines per unit of work: large enough to amortise the channels, small enough that a unit's
/// output stays a modest buffer.
const CHUNK: usize = 64;

/// Bytes of input per unit of work: a unit ends at this size even with fewer lines, so the
/// units in flight hold a bounded amount of text.
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

/// An input line as read, in the text of its unit.
enum Line {
    /// The line's bytes, with its line break.
    Text(Range<usize>),
    /// Longer than [`MAX_LINE_BYTES`]: only its length was kept.
    TooLong(u64),
}

/// A run of input lines and, once reviewed, their output. The units go round: read, reviewed,
/// written, then cleared and read into again, so their buffers are allocated once.
#[derive(Default)]
struct Unit {
    /// Where the run is in the input.
    seq: usize,
    /// The number of the run's first line, from 1.
    first: usize,
    /// The lines' text, one after the other.
    text: Vec<u8>,
    lines: Vec<Line>,
    /// The output lines.
    out: Vec<u8>,
}

impl Unit {
    /// Reads up to [`CHUNK`] lines, about [`CHUNK_BYTES`], into this emptied unit. An error
    /// is returned after the whole lines before it are in.
    fn read(&mut self, input: &mut impl BufRead, seq: usize, first: usize) -> io::Result<()> {
        self.seq = seq;
        self.first = first;
        self.text.clear();
        self.lines.clear();
        self.out.clear();
        while self.lines.len() < CHUNK && self.text.len() < CHUNK_BYTES {
            match next_line(input, &mut self.text)? {
                Some(line) => self.lines.push(line),
                None => break,
            }
        }
        Ok(())
    }

    /// Reviews the unit's lines into its output.
    fn review(&mut self, review: &Review<'_>, keep: &Keep) {
        for (i, line) in self.lines.iter().enumerate() {
            write_line(
                &mut self.out,
                review,
                &self.text,
                line,
                self.first + i,
                keep,
            );
            self.out.push(b'\n');
        }
    }
}

/// Reviews every line of `input` and writes one output line per input line, in order, with
/// the input fields `keep` names. When reading `input` fails, the lines read before are
/// answered and the error is returned.
pub fn process(
    coach: &Coach,
    input: impl BufRead + Send,
    out: &mut impl Write,
    workers: usize,
    keep: &Keep,
) -> io::Result<()> {
    process_with(&|draft| coach.review(draft), input, out, workers, keep)
}

/// What reviews a draft: the coach's review, or in tests a stand-in.
type Review<'a> = dyn Fn(&Draft) -> Report + Sync + 'a;

/// [`process`] with `review` for the coach's review.
fn process_with(
    review: &Review<'_>,
    mut input: impl BufRead + Send,
    out: &mut impl Write,
    workers: usize,
    keep: &Keep,
) -> io::Result<()> {
    if workers <= 1 {
        return process_here(review, input, out, keep);
    }
    // At most `in_flight` units exist (being read, reviewed or waiting to be written), each
    // of at most CHUNK lines and about CHUNK_BYTES, which bounds memory whatever the input's
    // size. A written unit goes back to the reader through `spare`.
    let in_flight = workers * 4;
    let (work_tx, work_rx) = bounded::<Unit>(in_flight);
    let (done_tx, done_rx) = bounded::<Unit>(in_flight);
    let (spare_tx, spare_rx) = bounded::<Unit>(in_flight);
    for _ in 0..in_flight {
        let _ = spare_tx.send(Unit::default());
    }
    thread::scope(|s| {
        for _ in 0..workers {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            s.spawn(move || {
                for mut unit in work_rx {
                    unit.review(review, keep);
                    if done_tx.send(unit).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        drop(work_rx);
        let reader = s.spawn(move || -> io::Result<()> {
            let mut number = 1;
            for (seq, mut unit) in spare_rx.into_iter().enumerate() {
                // The whole lines read before the input broke off are still answered; the
                // broken one is not.
                let read = unit.read(&mut input, seq, number);
                if unit.lines.is_empty() {
                    return read;
                }
                number += unit.lines.len();
                if work_tx.send(unit).is_err() {
                    return Ok(());
                }
                read?;
            }
            Ok(())
        });
        let mut pending = BTreeMap::new();
        let mut next = 0;
        let mut result = Ok(());
        for unit in done_rx.iter() {
            pending.insert(unit.seq, unit);
            while let Some(unit) = pending.remove(&next) {
                if result.is_ok() {
                    result = out.write_all(&unit.out);
                }
                next += 1;
                let _ = spare_tx.send(unit);
            }
            if result.is_err() {
                break;
            }
        }
        drop(spare_tx);
        drop(done_rx);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the reader thread failed")));
        result.and(read)
    })
}

/// [`process`] on the calling thread, for one worker: no threads, no channels.
fn process_here(
    review: &Review<'_>,
    mut input: impl BufRead,
    out: &mut impl Write,
    keep: &Keep,
) -> io::Result<()> {
    let mut unit = Unit::default();
    let mut number = 1;
    loop {
        let read = unit.read(&mut input, 0, number);
        unit.review(review, keep);
        out.write_all(&unit.out)?;
        read?;
        if unit.lines.is_empty() {
            return Ok(());
        }
        number += unit.lines.len();
    }
}

/// Reads the next line of `input`, with its line break, onto the end of `text`; `None` at
/// the end of the input. A line longer than [`MAX_LINE_BYTES`] is read through without being
/// kept. On an error, `text` is as it was.
fn next_line(input: &mut impl BufRead, text: &mut Vec<u8>) -> io::Result<Option<Line>> {
    let start = text.len();
    let mut len = 0u64;
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                text.truncate(start);
                return Err(e);
            }
        };
        if buf.is_empty() {
            break;
        }
        let (take, ends) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        len += take as u64;
        if len <= MAX_LINE_BYTES as u64 {
            text.extend_from_slice(&buf[..take]);
        } else {
            text.truncate(start);
        }
        input.consume(take);
        if ends {
            break;
        }
    }
    Ok(match len {
        0 => None,
        n if n > MAX_LINE_BYTES as u64 => Some(Line::TooLong(n)),
        _ => Some(Line::Text(start..text.len())),
    })
}

/// Writes the output object of input line `number`: its report, or an error naming it, with
/// the fields of the line `keep` names.
fn write_line(
    buf: &mut Vec<u8>,
    review: &Review<'_>,
    text: &[u8],
    line: &Line,
    number: usize,
    keep: &Keep,
) {
    let _ = match line {
        Line::Text(range) => {
            let line = &text[range.clone()];
            let start = buf.len();
            let written = match read_line(line, number) {
                // A review never panics; should one, its line is answered with an error and
                // the batch goes on.
                Ok((id, draft)) => match panic::catch_unwind(AssertUnwindSafe(|| review(&draft))) {
                    Ok(report) => {
                        crate::report::write_batch(buf, id.as_deref(), &report);
                        Ok(())
                    }
                    Err(_) => serde_json::to_writer(
                        &mut *buf,
                        &LineError {
                            error: format!(
                                "line {number} could not be reviewed: an internal error, reported on standard error"
                            ),
                            id,
                            line: number,
                        },
                    ),
                },
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
    // Validated with vector instructions; a line that fails is read again for where.
    let text = match simdutf8::basic::from_utf8(line).or_else(|_| std::str::from_utf8(line)) {
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
    fn a_line_that_is_not_utf8_is_answered_with_the_column_of_its_bad_byte() {
        for n in [0, 1, 15, 16, 31, 32, 33, 64, 200] {
            let mut line = format!("{{\"id\": 7, \"draft\": \"{}", "س".repeat(n)).into_bytes();
            let at = line.len();
            line.extend_from_slice(b"\xd8\"}");
            let Err(e) = read_line(&line, 3) else {
                panic!("a line with a broken character was read");
            };
            assert_eq!(
                e.error,
                format!("line 3 is not UTF-8 (invalid byte at column {})", at + 1)
            );
            assert_eq!(e.id.map(|id| id.get().to_owned()).as_deref(), Some("7"));
        }
    }

    #[test]
    fn a_review_that_panics_answers_its_line_with_an_error_and_the_batch_goes_on() {
        let coach = Coach::default();
        let review = |draft: &Draft| {
            assert!(!draft.text.contains("boom"), "a review failed");
            coach.review(draft)
        };
        let input: String = (0..300)
            .map(|i| match i % 50 {
                7 => format!("{{\"id\": {i}, \"draft\": \"boom\"}}\n"),
                _ => format!("{{\"id\": {i}, \"draft\": \"سلام، نمیتونیم. {i}\"}}\n"),
            })
            .collect();
        for workers in [1, 3] {
            let mut out = Vec::new();
            process_with(&review, input.as_bytes(), &mut out, workers, &Keep::Nothing).unwrap();
            let lines: Vec<Value> = String::from_utf8(out)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(lines.len(), 300, "{workers}");
            for (i, v) in lines.iter().enumerate() {
                assert_eq!(v["id"], json!(i), "{workers}");
                match i % 50 {
                    7 => {
                        assert_eq!(v["line"], json!(i + 1));
                        let error = v["error"].as_str().unwrap();
                        assert!(error.starts_with(&format!("line {} could not be reviewed", i + 1)));
                    }
                    _ => assert!(v["score"].is_number(), "{workers} {i}: {v}"),
                }
            }
        }
    }

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

    /// Input that gives `good` bytes, then fails.
    struct Broken<'a> {
        good: &'a [u8],
    }

    impl io::Read for Broken<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.good.is_empty() {
                return Err(io::Error::other("the disk went away"));
            }
            let n = buf.len().min(self.good.len()).min(7);
            buf[..n].copy_from_slice(&self.good[..n]);
            self.good = &self.good[n..];
            Ok(n)
        }
    }

    #[test]
    fn lines_before_a_broken_input_are_answered_in_order() {
        let coach = Coach::default();
        let mut input = String::new();
        // More units than are ever in flight, so units are read into again; one line too
        // long to keep; and half a line where the input breaks.
        for i in 0..CHUNK * 20 {
            if i == CHUNK * 3 + 5 {
                input.push_str(&format!("{{\"id\": {i}, \"draft\": \""));
                input.push_str(&"ب".repeat(MAX_LINE_BYTES / 2 + 1));
                input.push_str("\"}\n");
            } else {
                input.push_str(&format!(
                    "{{\"id\": {i}, \"draft\": \"متاسفانه نمیشه {i}\"}}\n"
                ));
            }
        }
        input.push_str("{\"id\": \"half");
        for workers in [1, 2, 5] {
            let mut out = Vec::new();
            let read = io::BufReader::with_capacity(
                64,
                Broken {
                    good: input.as_bytes(),
                },
            );
            let err = process(&coach, read, &mut out, workers, &Keep::Nothing).unwrap_err();
            assert_eq!(err.to_string(), "the disk went away");
            let lines: Vec<Value> = String::from_utf8(out)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(lines.len(), CHUNK * 20, "{workers} workers");
            for (i, v) in lines.iter().enumerate() {
                if i == CHUNK * 3 + 5 {
                    assert_eq!(v["line"], json!(i + 1));
                    assert!(v["error"].as_str().unwrap().contains("over the"));
                } else {
                    assert_eq!(v["id"], json!(i), "{workers} workers");
                    let rules = v["findings"].as_array().unwrap().iter().map(|f| &f["rule"]);
                    assert!(rules.clone().any(|r| r == "negativity-inability"), "{v}");
                }
            }
        }
    }
}
