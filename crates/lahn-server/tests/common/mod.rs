//! A small HTTP/1.1 client over a plain socket, so the tests can send what a library client
//! would refuse to: broken JSON, wrong headers, bodies that stop halfway.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use lahn_server::{Options, Server};
use serde_json::Value;

/// An answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The `error` of a JSON error body.
    pub fn error(&self) -> String {
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{self:?}"
        );
        self.json()["error"]
            .as_str()
            .expect("an error message")
            .to_owned()
    }
}

/// Opens a connection and sends a request's head and the first `body` bytes.
pub fn open(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> TcpStream {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    s
}

/// A `/v1/review` whose body has been sent only in part, holding its request open.
pub struct Halfway {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl Halfway {
    /// Sends the start of `{"draft": draft}`, with the length of all of it.
    pub fn review(addr: SocketAddr, draft: &str) -> Halfway {
        let body = serde_json::json!({ "draft": draft })
            .to_string()
            .into_bytes();
        let length = body.len().to_string();
        let (start, rest) = body.split_at(5);
        let stream = open(
            addr,
            "POST",
            "/v1/review",
            &[
                ("Content-Type", "application/json"),
                ("Content-Length", &length),
            ],
            start,
        );
        Halfway {
            stream,
            rest: rest.to_vec(),
        }
    }

    /// Sends the rest of the body and reads the answer.
    pub fn finish(mut self) -> Reply {
        self.stream.write_all(&self.rest).unwrap();
        read(self.stream)
    }
}

/// Reads a whole answer from a connection.
pub fn read(mut s: TcpStream) -> Reply {
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read the answer");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..eol]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

/// Sends a whole request and reads its answer.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut h: Vec<(&str, &str)> = headers.to_vec();
    let len = body.len().to_string();
    if method == "POST"
        && !h
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
    {
        h.push(("Content-Length", &len));
    }
    read(open(addr, method, path, &h, body))
}

pub fn get(addr: SocketAddr, path: &str) -> Reply {
    send(addr, "GET", path, &[], b"")
}

/// POSTs a JSON value.
pub fn post_json(addr: SocketAddr, path: &str, v: &Value) -> Reply {
    send(
        addr,
        "POST",
        path,
        &[("Content-Type", "application/json")],
        v.to_string().as_bytes(),
    )
}

/// Options for a test server: a free loopback port, no config file.
pub fn options() -> Options {
    Options {
        listen: "127.0.0.1:0".parse().unwrap(),
        config: lahn_config::Source::Isolated,
        ..Options::default()
    }
}

pub fn start(options: Options) -> Server {
    Server::start(options).expect("the server starts")
}
