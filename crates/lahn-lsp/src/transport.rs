//! The stdio transport. `lsp-server`'s own stops reading at the first malformed message,
//! which ends the server; this one answers a malformed message with a JSON-RPC parse error
//! and reads on.

use std::io::{self, BufRead, Write};
use std::thread;

use crossbeam_channel::{bounded, Receiver, Sender};
use lsp_server::{Connection, Message, Notification};

/// Method of the internal message the reader sends the writer for input it could not parse.
const PARSE_ERROR: &str = "$/lahn/parseError";

/// Threads moving messages between stdio and a [`Connection`].
pub struct IoThreads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Waits for both threads. The reader is stopped by the end of input or an `exit`.
    pub fn join(self) -> io::Result<()> {
        let _ = self.reader.join();
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")))
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, IoThreads) {
    let (to_writer, from_server) = bounded::<Message>(0);
    let (to_server, from_reader) = bounded::<Message>(0);
    let parse_errors = to_writer.clone();
    let writer = thread::Builder::new()
        .name("lahn-lsp-writer".into())
        .spawn(move || write_loop(from_server, io::stdout().lock()))
        .expect("can spawn a thread");
    let reader = thread::Builder::new()
        .name("lahn-lsp-reader".into())
        .spawn(move || read_loop(io::stdin().lock(), to_server, parse_errors))
        .expect("can spawn a thread");
    (
        Connection {
            sender: to_writer,
            receiver: from_reader,
        },
        IoThreads { reader, writer },
    )
}

fn read_loop(mut input: impl BufRead, to_server: Sender<Message>, errors: Sender<Message>) {
    loop {
        match Message::read(&mut input) {
            Ok(Some(msg)) => {
                let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                if to_server.send(msg).is_err() || exit {
                    return;
                }
            }
            Ok(None) => return,
            // The header or body was consumed; the stream is still framed, so read on.
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                let note = Notification::new(PARSE_ERROR.into(), e.to_string());
                if errors.send(note.into()).is_err() {
                    return;
                }
            }
            Err(_) => return,
        }
    }
}

fn write_loop(messages: Receiver<Message>, mut out: impl Write) -> io::Result<()> {
    for msg in messages {
        match msg {
            Message::Notification(n) if n.method == PARSE_ERROR => {
                let detail = n.params.as_str().unwrap_or("malformed message");
                let body = serde_json::json!({
                    "jsonrpc": "2.0",
                    "id": null,
                    "error": {"code": -32700, "message": format!("parse error: {detail}")},
                })
                .to_string();
                write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
                out.flush()?;
            }
            msg => msg.write(&mut out)?,
        }
    }
    Ok(())
}
