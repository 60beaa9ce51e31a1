//! Closing a connection without losing its answer.
//!
//! The server may answer a request before reading all of its body: one past the body limit,
//! say. Closing a socket with bytes still unread sends a reset instead of an orderly end, and a
//! reset makes the client drop what it has not read yet: the answer. So a connection, once
//! closed, first ends its side (the answer is then complete), then reads and drops what the
//! client still sends until the client closes its side, for a bounded time and amount.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::serve::Listener;
use std::future::poll_fn;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// How long a closed connection goes on reading what the client sends.
const LINGER_TIME: Duration = Duration::from_secs(2);
/// How long it waits for the next bytes before it gives up.
const LINGER_IDLE: Duration = Duration::from_millis(500);
/// How many bytes it reads and drops at most.
const LINGER_BYTES: usize = 4 << 20;

/// A listener whose connections linger when they close.
pub struct Lingering<L>(pub L);

impl<L: Listener<Io = TcpStream>> Listener for Lingering<L> {
    type Io = Linger;
    type Addr = L::Addr;

    async fn accept(&mut self) -> (Linger, L::Addr) {
        let (io, addr) = self.0.accept().await;
        (Linger(Some(io)), addr)
    }

    fn local_addr(&self) -> io::Result<L::Addr> {
        self.0.local_addr()
    }
}

/// A connection that lingers when dropped. The stream is only taken out by `drop`.
pub struct Linger(Option<TcpStream>);

impl Linger {
    fn io(&mut self) -> Pin<&mut TcpStream> {
        Pin::new(self.0.as_mut().expect("a connection is open until dropped"))
    }
}

impl Drop for Linger {
    fn drop(&mut self) {
        let (Some(io), Ok(runtime)) = (self.0.take(), tokio::runtime::Handle::try_current()) else {
            return;
        };
        runtime.spawn(async move {
            let _ = tokio::time::timeout(LINGER_TIME, drain(io)).await;
        });
    }
}

/// Ends the connection's side, then reads until the client ends its side, stops sending or
/// has sent `LINGER_BYTES`.
async fn drain(mut io: TcpStream) {
    if poll_fn(|cx| Pin::new(&mut io).poll_shutdown(cx))
        .await
        .is_err()
    {
        return;
    }
    let mut scratch = vec![0; 16 << 10];
    let mut left = LINGER_BYTES;
    while left > 0 {
        let mut buf = ReadBuf::new(&mut scratch);
        let read = poll_fn(|cx| Pin::new(&mut io).poll_read(cx, &mut buf));
        match tokio::time::timeout(LINGER_IDLE, read).await {
            Ok(Ok(())) if !buf.filled().is_empty() => {
                left = left.saturating_sub(buf.filled().len())
            }
            _ => return,
        }
    }
}

impl AsyncRead for Linger {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.io().poll_read(cx, buf)
    }
}

impl AsyncWrite for Linger {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.io().poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.io().poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.0.as_ref().is_some_and(TcpStream::is_write_vectored)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.io().poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.io().poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use tokio::net::TcpListener;

    use super::*;

    /// A connection accepted through `Lingering`, and a client on a thread of its own.
    async fn connect<T: Send + 'static>(
        client: impl FnOnce(std::net::TcpStream) -> T + Send + 'static,
    ) -> (Linger, std::thread::JoinHandle<T>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let client =
            std::thread::spawn(move || client(std::net::TcpStream::connect(addr).unwrap()));
        let (conn, _) = Lingering(listener).accept().await;
        (conn, client)
    }

    async fn write(conn: &mut Linger, bytes: &[u8]) {
        let n = poll_fn(|cx| Pin::new(&mut *conn).poll_write(cx, bytes))
            .await
            .unwrap();
        assert_eq!(n, bytes.len());
    }

    #[tokio::test]
    async fn an_answer_dropped_with_the_request_unread_still_arrives() {
        let (sent, told) = std::sync::mpsc::channel();
        let (mut conn, client) = connect(move |mut s| {
            // The client sends all of its request before it reads the answer.
            s.write_all(&[b'x'; 100_000])?;
            sent.send(()).unwrap();
            let mut answer = String::new();
            s.read_to_string(&mut answer)?;
            Ok::<_, io::Error>(answer)
        })
        .await;
        // The server answers with the request in its socket, unread.
        tokio::task::spawn_blocking(move || told.recv().unwrap())
            .await
            .unwrap();
        write(&mut conn, b"413 too large").await;
        drop(conn);
        let answer = tokio::task::spawn_blocking(|| client.join().unwrap())
            .await
            .unwrap();
        assert_eq!(answer.unwrap(), "413 too large");
    }

    #[tokio::test]
    async fn a_client_that_never_stops_sending_is_cut_off() {
        let (mut conn, client) = connect(|mut s| {
            let piece = [b'x'; 64 << 10];
            let mut sent = 0_usize;
            while s.write_all(&piece).is_ok() {
                sent += piece.len();
            }
            sent
        })
        .await;
        write(&mut conn, b"answer").await;
        drop(conn);
        let sent = tokio::task::spawn_blocking(|| client.join().unwrap())
            .await
            .unwrap();
        // What was read and dropped, plus what the two sockets' buffers held.
        assert!(sent >= LINGER_BYTES, "{sent}");
    }
}
