//! `/v1/batch`: the request body read as it arrives into the JSON Lines pipeline of
//! `lahn batch` on a blocking thread, whose output lines stream back as they are written.
//! Past the body limit or the timeout, or when the body breaks off, the lines read so far are
//! answered and a last line `{"error": …}` says why the rest was not.

use std::io::{self, BufReader, Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use lahn::Lang;
use tokio::sync::mpsc;

use crate::api::next_chunk;
use crate::guard::Permit;
use crate::server::App;

/// Pieces of the body (or why it ended early) on their way to the pipeline.
type Piece = Result<Bytes, String>;

pub fn stream(app: &App, lang: Option<Lang>, body: Body, permit: Option<Permit>) -> Response {
    let (in_tx, in_rx) = mpsc::channel::<Piece>(16);
    let (out_tx, out_rx) = mpsc::channel::<io::Result<Bytes>>(16);
    let limit = app.options.max_body;
    let timeout = app.options.timeout;
    let deadline = tokio::time::Instant::from_std(Instant::now() + timeout);
    tokio::spawn(async move {
        let mut body = body.into_data_stream();
        let mut total = 0;
        loop {
            let piece = match tokio::time::timeout_at(deadline, next_chunk(&mut body)).await {
                Err(_) => Err(format!(
                    "the request body was not read within {} ms",
                    timeout.as_millis()
                )),
                Ok(None) => return,
                Ok(Some(Err(e))) => Err(format!("cannot read the request body: {e}")),
                Ok(Some(Ok(b))) => {
                    total += b.len();
                    if total > limit {
                        Err(format!(
                            "the body is larger than the limit of {limit} bytes"
                        ))
                    } else {
                        Ok(b)
                    }
                }
            };
            let stop = piece.is_err();
            if in_tx.send(piece).await.is_err() || stop {
                return;
            }
        }
    });
    let coaches = app.live.get();
    tokio::task::spawn_blocking(move || {
        // The slot of the concurrency limit is held until the stream ends.
        let _permit = permit;
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let reader = BufReader::with_capacity(
            1 << 16,
            ChannelReader {
                rx: in_rx,
                piece: Bytes::new(),
            },
        );
        let mut writer = ChannelWriter { tx: out_tx.clone() };
        let done = lahn_json::lines::process(
            coaches.get(lang),
            reader,
            &mut writer,
            workers,
            &lahn_json::Keep::Nothing,
        );
        if let Err(e) = done {
            if e.kind() != io::ErrorKind::BrokenPipe {
                let line = format!("{}\n", crate::error::json_body(&e.to_string()));
                let _ = out_tx.blocking_send(Ok(Bytes::from(line)));
            }
        }
    });
    let mut r = Body::from_stream(Lines(out_rx)).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-ndjson"),
    );
    r
}

/// The body as a `Read` for the pipeline's thread.
struct ChannelReader {
    rx: mpsc::Receiver<Piece>,
    piece: Bytes,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.piece.is_empty() {
            match self.rx.blocking_recv() {
                None => return Ok(0),
                Some(Ok(b)) => self.piece = b,
                Some(Err(why)) => return Err(io::Error::other(why)),
            }
        }
        let n = buf.len().min(self.piece.len());
        buf[..n].copy_from_slice(&self.piece.split_to(n));
        Ok(n)
    }
}

/// The pipeline's output, each write sent on as a piece of the response.
struct ChannelWriter {
    tx: mpsc::Sender<io::Result<Bytes>>,
}

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tx
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The output pieces as the response body's stream.
struct Lines(mpsc::Receiver<io::Result<Bytes>>);

impl futures_core::Stream for Lines {
    type Item = io::Result<Bytes>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}
