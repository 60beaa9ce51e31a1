//! The language server's response time: from `didChange` of a 10 KB Persian reply to its
//! `publishDiagnostics`, in-process over an in-memory connection; and of a 100 KB buffer
//! through the stdio framing (`transport::over` on in-memory pipes), bytes in to bytes out,
//! beside the review alone, so the time outside the review shows.

use lahn_lsp as lsp;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use lahn::span::{LineIndex, Unit};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

const URI: &str = "file:///bench/reply.md";

/// One paragraph in several registers: formal and colloquial, with and without ZWNJ, Arabic
/// letters, an emoji and mixed digits; each has exactly one «باید صبر کنید».
const PARAGRAPH: &str =
    "سلام ساره جان، ممنون که اطلاع دادید 🙏 سفارش شماره ۱۲۳۴ دیروز از انبار خارج شد \
و طبق برنامه تا 3 روز کاری به دستتان می‌رسد. اگر بسته آسیب دیده باشد، همکارم در واحد ارسال \
آن را بررسی میکند و نتیجه را پیامک می‌کنیم. شما باید صبر کنید.\r\n\
متأسفانه رنگ آبی این مدل فعلا موجود نیست، ولی مدل مشابهی با همين قيمت داريم که فردا ارسال میشه.\r\n\
اگر سؤال دیگری دارید، در خدمتم.\r\n";

fn document(min_bytes: usize) -> (String, usize) {
    let mut text = String::from("---\r\nname: ساره\r\nchannel: email\r\n---\r\n");
    let mut n = 0;
    while text.len() < min_bytes {
        text.push_str(PARAGRAPH);
        n += 1;
    }
    (text, n)
}

struct Bench {
    conn: Connection,
    version: i32,
}

impl Bench {
    fn start() -> Bench {
        let (server, conn) = Connection::memory();
        std::thread::spawn(move || lsp::serve(&server));
        let init = Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({"capabilities": {"general": {"positionEncodings": ["utf-16"]}}}),
        );
        conn.sender.send(init.into()).unwrap();
        let _ = conn.receiver.recv().unwrap();
        let b = Bench { conn, version: 0 };
        b.notify("initialized", json!({}));
        b
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.into(), params);
        self.conn.sender.send(n.into()).unwrap();
    }

    fn diagnostics(&self) -> Value {
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(Duration::from_secs(30))
                .unwrap()
            {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    return n.params["diagnostics"].clone();
                }
                _ => {}
            }
        }
    }

    fn change(&mut self, text: &str) -> Value {
        self.version += 1;
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": self.version},
                   "contentChanges": [{"text": text}]}),
        );
        self.diagnostics()
    }
}

fn bench(c: &mut Criterion) {
    let (text, paragraphs) = document(10 * 1024);
    // A second version differing by one word, so every change is a real change.
    let edited = text.replacen("دیروز", "امروز", 1);
    let mut b = Bench::start();
    b.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "markdown", "version": 0, "text": text}}),
    );
    b.diagnostics();

    // The answer first: one obligation per paragraph, each on exactly its words.
    let diags = b.change(&edited);
    let idx = LineIndex::new(&edited);
    let musts: Vec<&Value> = diags
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "negativity-obligation")
        .collect();
    assert_eq!(musts.len(), paragraphs);
    for d in musts {
        let at = |p: &Value| {
            idx.offset(
                p["line"].as_u64().unwrap() as usize,
                p["character"].as_u64().unwrap() as usize,
                Unit::Utf16,
            )
        };
        let range = &d["range"];
        assert_eq!(
            &edited[at(&range["start"])..at(&range["end"])],
            "باید صبر کنید"
        );
    }
    assert!(diags
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "score"));

    let mut group = c.benchmark_group("lsp");
    group.throughput(criterion::Throughput::Bytes(text.len() as u64));
    let mut flip = false;
    group.bench_function("didChange_to_publishDiagnostics_10KB", |bench| {
        bench.iter(|| {
            flip = !flip;
            b.change(if flip { &text } else { &edited })
        })
    });
    // The library's share of that time, for comparison: the same review without the server.
    let coach = lahn::Coach::default();
    let body = &text[text.find("\r\n---\r\n").unwrap() + 7..];
    let draft = lahn::Draft::new(body)
        .customer_name("ساره")
        .channel(lahn::Channel::Email);
    group.bench_function("review_only_10KB", |bench| {
        bench.iter(|| coach.review(&draft))
    });
    // The server's work on one change without the thread hand-offs: review, place the
    // findings, build and serialize the diagnostics.
    let context = lsp::document::Context::default();
    group.bench_function("server_work_no_threads_10KB", |bench| {
        bench.iter(|| {
            let analysis = lsp::document::analyse(&coach, &edited, &context);
            let diags = lsp::convert::diagnostics(&coach, &edited, &analysis, Unit::Utf16, true);
            serde_json::to_value(diags).unwrap()
        })
    });
    group.finish();
}

/// The reading end of an in-memory pipe.
struct PipeIn {
    rx: crossbeam_channel::Receiver<Vec<u8>>,
    piece: Vec<u8>,
    at: usize,
}

impl std::io::Read for PipeIn {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.piece.len() {
            match self.rx.recv() {
                Ok(p) => (self.piece, self.at) = (p, 0),
                Err(_) => return Ok(0),
            }
        }
        let n = out.len().min(self.piece.len() - self.at);
        out[..n].copy_from_slice(&self.piece[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// The writing end of an in-memory pipe: what is written goes over at each flush.
struct PipeOut {
    tx: crossbeam_channel::Sender<Vec<u8>>,
    buf: Vec<u8>,
}

impl std::io::Write for PipeOut {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let _ = self.tx.send(std::mem::take(&mut self.buf));
        Ok(())
    }
}

/// The server on the stdio framing, over in-memory pipes.
struct Framed {
    to_server: crossbeam_channel::Sender<Vec<u8>>,
    frames: lsp::transport::Frames<PipeIn>,
    version: i32,
}

impl Framed {
    fn start() -> Framed {
        let (to_server, server_in) = crossbeam_channel::unbounded();
        let (server_out, from_server) = crossbeam_channel::unbounded();
        let input = PipeIn {
            rx: server_in,
            piece: Vec::new(),
            at: 0,
        };
        let output = PipeOut {
            tx: server_out,
            buf: Vec::new(),
        };
        std::thread::spawn(move || {
            let (framed, _threads) = lsp::transport::over(input, output);
            lsp::serve_framed(&framed)
        });
        let frames = lsp::transport::Frames::new(PipeIn {
            rx: from_server,
            piece: Vec::new(),
            at: 0,
        });
        let mut f = Framed {
            to_server,
            frames,
            version: 0,
        };
        f.send(&json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"capabilities": {"general": {"positionEncodings": ["utf-16"]}}}}));
        f.next_body();
        f.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        f
    }

    fn send(&self, msg: &Value) {
        let body = msg.to_string();
        let framed = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.to_server.send(framed.into_bytes()).unwrap();
    }

    fn next_body(&mut self) -> Vec<u8> {
        self.frames.read().unwrap().unwrap().unwrap().to_vec()
    }

    /// The bytes of the next `publishDiagnostics`.
    fn diagnostics(&mut self) -> Vec<u8> {
        loop {
            let body = self.next_body();
            let head = &body[..body.len().min(80)];
            if head.windows(18).any(|w| w == b"publishDiagnostics") {
                return body;
            }
        }
    }

    fn open(&mut self, text: &str) -> Vec<u8> {
        self.send(
            &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params":
            {"textDocument": {"uri": URI, "languageId": "markdown", "version": 0, "text": text}}}),
        );
        self.diagnostics()
    }

    /// A `didChange` to the next version, framed in advance, so only the server's work is
    /// timed.
    fn change_frame(&mut self, text: &str) -> Vec<u8> {
        self.version += 1;
        self.change_frame_at(text, self.version)
    }

    fn change_frame_at(&self, text: &str, version: i32) -> Vec<u8> {
        let body = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params":
            {"textDocument": {"uri": URI, "version": version},
             "contentChanges": [{"text": text}]}})
        .to_string();
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }
}

fn bench_100kb(c: &mut Criterion) {
    let (text, paragraphs) = document(100 * 1024);
    let edited = text.replacen("دیروز", "امروز", 1);
    let mut f = Framed::start();
    f.open(&text);
    // The answer first: the diagnostics as the client reads them, one obligation a paragraph.
    let frame = f.change_frame(&edited);
    f.to_server.send(frame).unwrap();
    let body: Value = serde_json::from_slice(&f.diagnostics()).unwrap();
    assert_eq!(body["method"], "textDocument/publishDiagnostics");
    let diags = body["params"]["diagnostics"].as_array().unwrap();
    let musts = diags
        .iter()
        .filter(|d| d["code"] == "negativity-obligation")
        .count();
    assert_eq!(musts, paragraphs);
    assert!(diags.iter().any(|d| d["code"] == "score"));

    let mut group = c.benchmark_group("lsp_100KB");
    group.throughput(criterion::Throughput::Bytes(text.len() as u64));
    group.sample_size(30);
    // Both versions under one version number: a change is stale only when it is older.
    f.version += 1;
    let frames = [&text, &edited].map(|t| f.change_frame_at(t, f.version));
    let mut flip = 0;
    group.bench_function("framed_didChange_to_publishDiagnostics", |bench| {
        bench.iter_batched(
            || {
                flip = 1 - flip;
                frames[flip].clone()
            },
            |frame| {
                f.to_server.send(frame).unwrap();
                f.diagnostics()
            },
            criterion::BatchSize::PerIteration,
        )
    });
    let coach = lahn::Coach::default();
    let body = &text[text.find("\r\n---\r\n").unwrap() + 7..];
    let draft = lahn::Draft::new(body)
        .customer_name("ساره")
        .channel(lahn::Channel::Email);
    group.bench_function("review_only", |bench| bench.iter(|| coach.review(&draft)));
    // The server's own work on one change, without the threads and pipes: review, place the
    // findings, write the notification.
    let context = lsp::document::Context::default();
    let uri: lsp_types::Uri = URI.parse().unwrap();
    group.bench_function("server_work_no_threads", |bench| {
        bench.iter(|| {
            let analysis = lsp::document::analyse(&coach, &edited, &context);
            let reviewed = lsp::publish::Reviewed {
                coach: &coach,
                text: &edited,
                analysis: &analysis,
                unit: Unit::Utf16,
                score: true,
            };
            lsp::publish::notification(&uri, Some(1), Some(&reviewed))
        })
    });
    group.finish();
}

criterion_group!(benches, bench, bench_100kb);
criterion_main!(benches);
