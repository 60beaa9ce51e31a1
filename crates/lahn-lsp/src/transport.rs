//! The stdio transport, with its own framing. `lsp-server`'s stops reading at the first
//! malformed message, loses the framing after a missing or wrong `Content-Length`, and
//! allocates whatever length a header claims. This one answers a malformed message with a
//! JSON-RPC parse error, finds the next message by its `Content-Length` header, refuses a
//! length over [`MAX_CONTENT_LENGTH`], and reads on.

use std::io::{self, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;

use crossbeam_channel::{bounded, Receiver, Sender};
use lsp_server::{Message, Notification, Request, RequestId};
use serde::Deserialize;

/// The largest message body read. Far above any buffer the server lints, far below what
/// would exhaust memory.
pub const MAX_CONTENT_LENGTH: usize = 64 << 20;

/// The most room made for a body before its bytes have arrived.
const RESERVE_AHEAD: usize = 4 << 20;

/// The longest header block read before the input is taken for garbage.
const MAX_HEADER: usize = 8 << 10;

/// Messages the reader may have read ahead of the server: while the server lints, the
/// changes that follow queue up here, so it can skip to the newest text.
const READ_AHEAD: usize = 1024;

/// The server's end of the transport: the messages read, from the reader thread; and the
/// writer, which the server (and the reader, answering a malformed message) writes whole
/// frames with, on its own thread, with no hand-off to a thread of its own.
pub struct Framed {
    pub receiver: Receiver<Message>,
    pub writer: Writer,
}

/// The thread reading stdin into messages.
pub struct IoThreads {
    reader: thread::JoinHandle<()>,
    writer: Writer,
}

impl IoThreads {
    /// Waits for the reader, stopped by the end of input or an `exit`; the first error
    /// writing, if there was one.
    pub fn join(self) -> io::Result<()> {
        let _ = self.reader.join();
        let mut out = self.writer.out.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::replace(&mut out.1, Ok(()))
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Framed, IoThreads) {
    over(io::stdin(), io::stdout())
}

/// A connection over any byte streams framed as on stdio (a benchmark's in-memory pipes).
pub fn over(
    input: impl Read + Send + 'static,
    output: impl Write + Send + 'static,
) -> (Framed, IoThreads) {
    let (to_server, from_reader) = bounded::<Message>(READ_AHEAD);
    let writer = Writer {
        out: Arc::new(Mutex::new((Box::new(output), Ok(())))),
    };
    let errors = writer.clone();
    let reader = thread::Builder::new()
        .name("lahn-lsp-reader".into())
        .spawn(move || read_loop(input, to_server, errors))
        .expect("can spawn a thread");
    (
        Framed {
            receiver: from_reader,
            writer: writer.clone(),
        },
        IoThreads { reader, writer },
    )
}

/// Writes frames to the output, one whole frame at a time whichever thread writes. After an
/// error (the client went away) nothing more is written; [`IoThreads::join`] reports it.
#[derive(Clone)]
pub struct Writer {
    #[allow(clippy::type_complexity)]
    out: Arc<Mutex<(Box<dyn Write + Send>, io::Result<()>)>>,
}

impl Writer {
    /// Frames and writes `msg`.
    pub fn send(&self, msg: Message) {
        self.with(|mut out| msg.write(&mut out));
    }

    /// Frames and writes a message already written as JSON text (`body`): a large message
    /// (the diagnostics of a long buffer) goes out without a JSON tree.
    pub fn send_text(&self, body: &[u8]) {
        self.with(|out| {
            write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
            out.write_all(body)?;
            out.flush()
        });
    }

    fn with(&self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
        let mut out = self.out.lock().unwrap_or_else(|e| e.into_inner());
        let (out, state) = &mut *out;
        if state.is_ok() {
            *state = write(out);
        }
    }
}

fn read_loop(input: impl Read, to_server: Sender<Message>, errors: Writer) {
    let mut frames = Frames::new(input);
    loop {
        let problem = match frames.read() {
            Ok(Some(Ok(body))) => match message(body) {
                Ok(msg) => {
                    let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                    if to_server.send(msg).is_err() || exit {
                        return;
                    }
                    continue;
                }
                Err(e) => format!("the message is not JSON-RPC: {e}"),
            },
            Ok(Some(Err(problem))) => problem,
            Ok(None) | Err(_) => return,
        };
        let body = serde_json::json!({
            "jsonrpc": "2.0",
            "id": null,
            "error": {"code": -32700, "message": format!("parse error: {problem}")},
        });
        errors.send_text(body.to_string().as_bytes());
    }
}

/// The message of a frame's body. A request or notification is read straight into its
/// struct; anything else (a response, or what is not JSON-RPC) as `lsp-server` reads it, the
/// one way of reading a message an editor sends that buffers it whole (a `didChange` carries
/// the buffer's full text) before it knows what it is.
fn message(body: &[u8]) -> serde_json::Result<Message> {
    #[derive(Deserialize)]
    struct WithMethod {
        #[serde(default)]
        id: Option<RequestId>,
        method: String,
        #[serde(default)]
        params: serde_json::Value,
    }
    match serde_json::from_slice::<WithMethod>(body) {
        Ok(WithMethod {
            id: Some(id),
            method,
            params,
        }) => Ok(Request { id, method, params }.into()),
        Ok(WithMethod {
            id: None,
            method,
            params,
        }) => Ok(Notification { method, params }.into()),
        Err(_) => serde_json::from_slice::<Message>(body),
    }
}

/// The message bodies of a byte stream framed by `Content-Length` headers.
pub struct Frames<R> {
    input: R,
    buf: Vec<u8>,
    /// Where the unread part of `buf` starts.
    at: usize,
    eof: bool,
}

impl<R: Read> Frames<R> {
    pub fn new(input: R) -> Frames<R> {
        Frames {
            input,
            buf: Vec::new(),
            at: 0,
            eof: false,
        }
    }

    /// The next message body, or what was wrong with the frame skipped to find the next
    /// one; `None` at the end of the input.
    pub fn read(&mut self) -> io::Result<Option<Result<&[u8], String>>> {
        self.compact();
        let Some((header_end, body_start)) = self.header_end()? else {
            return Ok(None);
        };
        let length = match content_length(&self.buf[self.at..header_end]) {
            Ok(n) => n,
            Err(problem) => {
                // The next `Content-Length` may be inside this very block (a body shorter
                // than its header said runs into the next header) or after its body.
                self.resync(body_start);
                return Ok(Some(Err(problem)));
            }
        };
        if !self.fill_to(body_start + length)? {
            return Ok(None);
        }
        self.at = body_start + length;
        Ok(Some(Ok(&self.buf[body_start..self.at])))
    }

    /// The end of the header block that starts at `at` (where its text ends, where the body
    /// starts), reading more as needed; `None` at the end of the input. A block that grows
    /// past [`MAX_HEADER`] is garbage: skipped up to the next `Content-Length`.
    fn header_end(&mut self) -> io::Result<Option<(usize, usize)>> {
        let mut from = self.at;
        loop {
            if let Some(i) = find(&self.buf[from..], b"\r\n\r\n") {
                return Ok(Some((from + i, from + i + 4)));
            }
            if self.buf.len() - self.at > MAX_HEADER && self.resync(self.at) {
                from = self.at;
                continue;
            }
            from = self.at.max(self.buf.len().saturating_sub(3));
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Skips to the next `Content-Length` header after `at`; whether there is one in what
    /// was read. Without one, what was read is dropped up to `past` at least, and up to the
    /// tail that could be the start of a header.
    fn resync(&mut self, past: usize) -> bool {
        let from = (self.at + 1).min(self.buf.len());
        let found = find_ignore_case(&self.buf[from..], LENGTH);
        self.at = match found {
            Some(i) => from + i,
            None => past
                .max(from)
                .max(self.buf.len().saturating_sub(LENGTH.len() - 1)),
        };
        self.compact();
        found.is_some()
    }

    /// Reads more input; false at its end.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        let mut chunk = [0u8; 1 << 16];
        loop {
            match self.input.read(&mut chunk) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads until `buf` holds `len` bytes; false if the input ends first.
    fn fill_to(&mut self, len: usize) -> io::Result<bool> {
        // Room for a long body at once, not grown (and copied) chunk by chunk; no more than
        // a few megabytes before the bytes arrive, whatever the header claims.
        self.buf
            .reserve(len.saturating_sub(self.buf.len()).min(RESERVE_AHEAD));
        while self.buf.len() < len {
            if !self.fill()? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Drops what was read.
    fn compact(&mut self) {
        if self.at > 0 && self.at * 2 >= self.buf.len() {
            self.buf.drain(..self.at);
            self.at = 0;
        }
    }
}

/// The header that frames a message.
const LENGTH: &[u8] = b"content-length:";

/// The `Content-Length` of a header block: present once, a number, at most
/// [`MAX_CONTENT_LENGTH`]. Other headers (`Content-Type`) are ignored.
fn content_length(header: &[u8]) -> Result<usize, String> {
    let text = String::from_utf8_lossy(header);
    let mut length = None;
    for line in text.split("\r\n") {
        let Some((name, value)) = line.split_once(':') else {
            return Err(format!("malformed header {:?}", clip(line)));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let n: u64 = value
                .trim()
                .parse()
                .map_err(|_| format!("bad Content-Length {:?}", clip(value.trim())))?;
            if n > MAX_CONTENT_LENGTH as u64 {
                return Err(format!(
                    "Content-Length {n} is over the {MAX_CONTENT_LENGTH}-byte limit"
                ));
            }
            length = Some(n as usize);
        }
    }
    length.ok_or_else(|| "no Content-Length header".to_owned())
}

/// At most 60 characters of `s`, for an error message.
fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    /// A reader that hands out one byte at a time, as a slow pipe might.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), out.first_mut()) {
                (Some((b, rest)), Some(o)) => {
                    *o = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    /// Each frame read: the body, or `!` for a skipped bad frame.
    fn read_all(input: impl Read) -> Vec<String> {
        let mut frames = Frames::new(input);
        let mut out = Vec::new();
        while let Some(f) = frames.read().unwrap() {
            out.push(match f {
                Ok(body) => String::from_utf8(body.to_vec()).unwrap(),
                Err(_) => "!".to_owned(),
            });
        }
        out
    }

    fn bodies(frames: &[String]) -> Vec<&str> {
        frames
            .iter()
            .map(String::as_str)
            .filter(|f| *f != "!")
            .collect()
    }

    #[test]
    fn bad_frames_are_skipped_and_the_next_good_one_read() {
        let a = r#"{"jsonrpc":"2.0","method":"a"}"#;
        let b = r#"{"jsonrpc":"2.0","method":"سلام"}"#;
        let garbage = "x".repeat(MAX_HEADER * 3);
        let cases: Vec<String> = vec![
            // No Content-Length at all.
            format!("Content-Type: application/json\r\n\r\n{a}{}", frame(b)),
            // A length that is not a number, negative, or absurd.
            format!("Content-Length: abc\r\n\r\n{a}{}", frame(b)),
            format!("Content-Length: -5\r\n\r\n{a}{}", frame(b)),
            format!("Content-Length: 1000000000000\r\n\r\n{a}{}", frame(b)),
            format!(
                "Content-Length: 99999999999999999999999\r\n\r\n{a}{}",
                frame(b)
            ),
            // A header line without a colon.
            format!("Content-Length 5\r\n\r\n{a}{}", frame(b)),
            // Lines of garbage, and a long run of it with no line break.
            format!("hello\r\nworld\r\n\r\n{}", frame(b)),
            format!("{garbage}{}", frame(b)),
            // A header name in lower case is a header all the same.
            format!("content-length: {}\r\n\r\n{b}", b.len()),
        ];
        for (i, case) in cases.iter().enumerate() {
            let input = format!("{}{case}{}", frame(a), frame(a));
            for got in [
                read_all(input.as_bytes()),
                read_all(Trickle(input.as_bytes())),
            ] {
                assert_eq!(bodies(&got), [a, b, a], "case {i}");
                assert!(
                    got.iter().filter(|f| *f == "!").count() <= 2,
                    "case {i}: {got:?}"
                );
            }
        }
    }

    #[test]
    fn a_body_shorter_than_its_length_said_costs_only_itself() {
        let a = r#"{"jsonrpc":"2.0","method":"a"}"#;
        let b = r#"{"jsonrpc":"2.0","method":"b"}"#;
        // The first frame claims 10 bytes but has 30: its rest runs into the next header.
        let input = format!("Content-Length: 10\r\n\r\n{a}{}", frame(b));
        let got = read_all(input.as_bytes());
        assert_eq!(got.last().map(String::as_str), Some(b), "{got:?}");
        // Longer than it is: the input ends first, and that is the end.
        let input = format!("Content-Length: 500\r\n\r\n{a}");
        assert!(read_all(input.as_bytes()).is_empty());
    }

    /// An output the test reads back once the writers are done.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().write(b)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn writer(out: &Shared) -> Writer {
        Writer {
            out: Arc::new(Mutex::new((Box::new(out.clone()), Ok(())))),
        }
    }

    #[test]
    fn a_message_as_text_is_written_as_the_message_itself() {
        use lsp_types::{Diagnostic, Position, PublishDiagnosticsParams, Range};
        let diagnostic = |message: &str| Diagnostic {
            range: Range::new(Position::new(0, 3), Position::new(2, 0)),
            message: message.to_owned(),
            source: Some("lahn".into()),
            ..Diagnostic::default()
        };
        let params = PublishDiagnosticsParams {
            uri: "file:///a%20b/%D8%B3.md".parse().unwrap(),
            diagnostics: vec![diagnostic("«باید» \"x\"\n\t\u{1}"), diagnostic("")],
            version: Some(7),
        };
        let method = "textDocument/publishDiagnostics";
        let out = Shared::default();
        let w = writer(&out);
        let body = serde_json::json!({"jsonrpc": "2.0", "method": method, "params": &params});
        w.send_text(body.to_string().as_bytes());
        w.send(Notification::new(method.into(), &params).into());
        let bytes = out.0.lock().unwrap().clone();
        let bodies = read_all(&bytes[..]);
        let [ours, theirs] =
            [&bodies[0], &bodies[1]].map(|b| serde_json::from_str::<serde_json::Value>(b).unwrap());
        assert_eq!(ours, theirs);
        assert_eq!(
            ours["params"]["diagnostics"][0]["range"]["start"]["character"],
            3
        );
    }

    #[test]
    fn frames_from_two_threads_are_never_mixed() {
        let out = Shared::default();
        let w = writer(&out);
        let body = |t: usize, i: usize| {
            format!(
                "{{\"t\":{t},\"i\":{i},\"x\":\"{}\"}}",
                "سلام ".repeat(i * 37 % 2000)
            )
        };
        std::thread::scope(|s| {
            for t in 0..2 {
                let w = w.clone();
                s.spawn(move || {
                    for i in 0..300 {
                        match i % 2 {
                            0 => w.send_text(body(t, i).as_bytes()),
                            _ => w.send(Notification::new("n".into(), body(t, i)).into()),
                        }
                    }
                });
            }
        });
        let bytes = out.0.lock().unwrap().clone();
        let bodies = read_all(&bytes[..]);
        assert_eq!(bodies.len(), 600);
        let mut seen = [0; 2];
        for b in &bodies {
            let v: serde_json::Value = serde_json::from_str(b).unwrap();
            let v = v.get("params").map_or(v.clone(), |p| {
                serde_json::from_str(p.as_str().unwrap()).unwrap()
            });
            let (t, i) = (
                v["t"].as_u64().unwrap() as usize,
                v["i"].as_u64().unwrap() as usize,
            );
            assert_eq!(i, seen[t], "each thread's frames in its order");
            assert_eq!(v["x"].as_str().unwrap(), "سلام ".repeat(i * 37 % 2000));
            seen[t] += 1;
        }
    }

    #[test]
    fn after_a_failed_write_nothing_more_is_written_and_the_error_is_kept() {
        struct Broken(usize);
        impl Write for Broken {
            fn write(&mut self, b: &[u8]) -> io::Result<usize> {
                self.0 += 1;
                match self.0 {
                    1 => Err(io::Error::new(io::ErrorKind::BrokenPipe, "gone")),
                    _ => panic!("written to after an error"),
                }
                .map(|()| b.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let (_, threads) = over(io::empty(), Broken(0));
        threads.writer.send_text(b"{}");
        threads.writer.send_text(b"{}");
        let e = threads.join().unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    }

    #[test]
    fn messages_are_read_as_lsp_server_reads_them() {
        let samples = [
            r#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"a":[1,"ب"]}}"#,
            r#"{"jsonrpc":"2.0","id":"x-7","method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"contentChanges":[{"text":"سلام\r\n«باید» \"x\" \u06cc"}]}}"#,
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
            r#"{"method":"initialized","params":null}"#,
            r#"{"jsonrpc":"2.0","id":null,"method":"a","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":1.5,"method":"a"}"#,
            r#"{"jsonrpc":"2.0","id":{"n":1},"method":"a"}"#,
            r#"{"jsonrpc":"2.0","id":-3,"method":"a","extra":true}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":7}"#,
            r#"{"jsonrpc":"2.0","id":1,"method":"a","method":"b"}"#,
            r#"{"jsonrpc":"2.0","id":2,"result":{"ok":true}}"#,
            r#"{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"no"}}"#,
            r#"{"jsonrpc":"2.0","id":2}"#,
            r#"{"jsonrpc":"2.0"}"#,
            r#"[1,2]"#,
            r#"{"jsonrpc":"2.0","method":"a","params":"#,
            "not json",
            "",
        ];
        for body in samples {
            let ours = format!("{:?}", message(body.as_bytes()));
            let theirs = format!("{:?}", serde_json::from_slice::<Message>(body.as_bytes()));
            assert_eq!(ours, theirs, "{body}");
        }
    }

    #[test]
    fn an_absurd_length_allocates_nothing() {
        let mut frames = Frames::new("Content-Length: 1000000000000\r\n\r\n{}".as_bytes());
        let e = frames.read().unwrap().unwrap().unwrap_err();
        assert!(e.contains("over the"), "{e}");
        assert!(frames.buf.capacity() < 1 << 20);
    }
}
