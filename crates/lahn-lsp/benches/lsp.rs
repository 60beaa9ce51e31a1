//! The language server's response time: from `didChange` of a 10 KB Persian reply to its
//! `publishDiagnostics`, in-process over an in-memory connection.

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

criterion_group!(benches, bench);
criterion_main!(benches);
