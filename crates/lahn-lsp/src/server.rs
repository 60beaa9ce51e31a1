//! The server's state and its message loop.

use std::collections::{HashMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

use crossbeam_channel::{Receiver, TryRecvError};
use lahn::span::{LineIndex, Unit};
use lahn::Coach;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DidChangeConfigurationParams,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, HoverParams, HoverProviderCapability,
    InitializeParams, MessageType, PositionEncodingKind, SaveOptions, ServerCapabilities,
    ServerInfo, ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::actions;
use super::config::{self, Options};
use super::document::{self, Context, Doc};
use super::publish;
use super::transport;

/// The custom method a helpdesk plugin uses to pass a reply's context (request or
/// notification): `{uri, customer?, name?, channel?}`.
pub const SET_CONTEXT: &str = "lahn/setContext";

/// Language ids linted; other buffers are kept but left alone.
const LANGUAGES: &[&str] = &["plaintext", "text", "markdown", "mail"];
/// File extensions linted whatever the language id.
const EXTENSIONS: &[&str] = &[".txt", ".md", ".markdown"];

/// Everything the server knows.
pub struct Server<'c> {
    link: Link<'c>,
    pub unit: Unit,
    root: Option<PathBuf>,
    init_options: Options,
    options: Options,
    pub coach: Coach,
    files: lahn_config::Files,
    pub docs: HashMap<Uri, Doc>,
    contexts: HashMap<Uri, Context>,
    warned_large: HashSet<Uri>,
    /// Buffers changed since they were last linted.
    pending: HashSet<Uri>,
    shutdown: bool,
}

/// How the message loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// `exit` after `shutdown`.
    Clean,
    /// `exit` without `shutdown`, or the connection closed.
    Abrupt,
}

/// Runs the server on `conn` until `exit` or the end of input. Never returns early on bad
/// input: malformed or unexpected messages get error responses or are ignored.
pub fn serve(conn: &Connection) -> End {
    serve_on(Link::Memory(conn))
}

/// [`serve`] on [`transport`]'s framing (its stdio or [`transport::over`]): the server writes
/// each message's frame itself, the diagnostics straight from their JSON text.
pub fn serve_framed(framed: &transport::Framed) -> End {
    serve_on(Link::Framed(framed))
}

/// Where the server's messages come from and go to.
#[derive(Clone, Copy)]
enum Link<'c> {
    /// An `lsp-server` connection, whose other end reads messages.
    Memory(&'c Connection),
    /// Frames written by the server itself.
    Framed(&'c transport::Framed),
}

impl<'c> Link<'c> {
    fn receiver(self) -> &'c Receiver<Message> {
        match self {
            Link::Memory(conn) => &conn.receiver,
            Link::Framed(f) => &f.receiver,
        }
    }

    fn send(self, msg: impl Into<Message>) {
        match self {
            // A closed connection ends the loop on the receiving side; nothing to do here.
            Link::Memory(conn) => {
                let _ = conn.sender.send(msg.into());
            }
            Link::Framed(f) => f.writer.send(msg.into()),
        }
    }

    /// Sends a message written as JSON text: framed as it is, or read back into a message
    /// for a connection that writes its own.
    fn send_text(self, body: Vec<u8>) {
        match self {
            Link::Memory(_) => self.send(
                serde_json::from_slice::<Message>(&body).expect("the server's own JSON reads back"),
            ),
            Link::Framed(f) => f.writer.send_text(&body),
        }
    }
}

fn serve_on(link: Link<'_>) -> End {
    let Some(params) = handshake(link) else {
        return End::Abrupt;
    };
    let mut server = Server::new(link, params);
    let receiver = link.receiver();
    loop {
        // What has arrived is handled first; the buffers it changed are linted when nothing
        // is waiting or a request comes, once each, at their newest text: a burst of changes
        // costs one review.
        let msg = match receiver.try_recv() {
            Ok(msg) => msg,
            Err(TryRecvError::Empty) => {
                let _ = panic::catch_unwind(AssertUnwindSafe(|| server.lint_pending()));
                match receiver.recv() {
                    Ok(msg) => msg,
                    Err(_) => return End::Abrupt,
                }
            }
            Err(TryRecvError::Disconnected) => return End::Abrupt,
        };
        let id = match &msg {
            Message::Request(req) => Some(req.id.clone()),
            _ => None,
        };
        match panic::catch_unwind(AssertUnwindSafe(|| server.handle(msg))) {
            Ok(Some(end)) => return end,
            Ok(None) => {}
            Err(_) => {
                if let Some(id) = id {
                    server.reply_err(id, ErrorCode::InternalError, "internal error");
                }
            }
        }
    }
}

/// Waits for `initialize`, answering anything else as the protocol asks, and replies with
/// the server's capabilities.
fn handshake(link: Link<'_>) -> Option<(InitializeParams, serde_json::Value)> {
    for msg in link.receiver() {
        match msg {
            Message::Request(req) if req.method == "initialize" => {
                let raw = req.params.clone();
                let params: InitializeParams = match serde_json::from_value(raw.clone()) {
                    Ok(p) => p,
                    Err(e) => {
                        link.send(Response::new_err(
                            req.id,
                            ErrorCode::InvalidParams as i32,
                            format!("invalid initialize params: {e}"),
                        ));
                        continue;
                    }
                };
                let unit = negotiate(&params);
                let result = serde_json::json!({
                    "capabilities": capabilities(unit),
                    "serverInfo": ServerInfo {
                        name: "lahn".into(),
                        version: Some(env!("CARGO_PKG_VERSION").into()),
                    },
                });
                link.send(Response::new_ok(req.id, result));
                return Some((params, raw));
            }
            Message::Request(req) => {
                link.send(Response::new_err(
                    req.id,
                    ErrorCode::ServerNotInitialized as i32,
                    "the server is not initialized".into(),
                ));
            }
            Message::Notification(n) if n.method == "exit" => return None,
            _ => {}
        }
    }
    None
}

/// UTF-8 when the client offers it, UTF-16 (the protocol's default) otherwise.
fn negotiate(params: &InitializeParams) -> Unit {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Unit::Utf8,
        _ => Unit::Utf16,
    }
}

fn capabilities(unit: Unit) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match unit {
            Unit::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(actions::FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

#[derive(Debug, Deserialize)]
struct SetContextParams {
    uri: Uri,
    #[serde(default)]
    customer: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    channel: Option<String>,
}

impl<'c> Server<'c> {
    fn new(link: Link<'c>, (params, raw): (InitializeParams, serde_json::Value)) -> Self {
        let unit = negotiate(&params);
        #[allow(deprecated)]
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|f| f.first())
            .map(|f| f.uri.as_str().to_owned())
            .or_else(|| params.root_uri.as_ref().map(|u| u.as_str().to_owned()))
            .and_then(|u| config::uri_path(&u))
            .or_else(|| std::env::current_dir().ok());
        let mut errors = Vec::new();
        let init_options = match raw.get("initializationOptions") {
            Some(v) => Options::from_json(v).unwrap_or_else(|e| {
                errors.push(e);
                None
            }),
            None => None,
        }
        .unwrap_or_default();
        let (coach, files) = config::coach(root.as_deref(), &init_options).unwrap_or_else(|e| {
            errors.push(e);
            (Coach::default(), lahn_config::Files::default())
        });
        let server = Server {
            link,
            unit,
            root,
            options: init_options.clone(),
            init_options,
            coach,
            files,
            docs: HashMap::new(),
            contexts: HashMap::new(),
            warned_large: HashSet::new(),
            pending: HashSet::new(),
            shutdown: false,
        };
        for e in errors {
            server.show(MessageType::ERROR, e);
        }
        server
    }

    /// Handles one message; `Some` ends the loop.
    fn handle(&mut self, msg: Message) -> Option<End> {
        match msg {
            // A request sees every change sent before it: the buffers waiting to be linted
            // are linted first (once each, however many changes came), so an answer is
            // about the newest text and the diagnostics of what came before arrive before it.
            Message::Request(req) => {
                self.lint_pending();
                self.request(req)
            }
            Message::Notification(n) => return self.notification(n),
            Message::Response(_) => {}
        }
        None
    }

    fn request(&mut self, req: Request) {
        if self.shutdown {
            return self.reply_err(req.id, ErrorCode::InvalidRequest, "the server is shut down");
        }
        match req.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                self.reply(req.id, ());
            }
            "textDocument/hover" => {
                if let Some(p) = self.params::<HoverParams>(&req) {
                    let pos = &p.text_document_position_params;
                    let hover = self
                        .docs
                        .get(&pos.text_document.uri)
                        .and_then(|d| actions::hover(&self.coach, self.unit, d, pos.position));
                    self.reply(req.id, hover);
                }
            }
            "textDocument/codeAction" => {
                if let Some(p) = self.params::<actions::ActionParams>(&req) {
                    let list = self
                        .docs
                        .get(&p.text_document.uri)
                        .map(|d| actions::code_actions(&self.coach, self.unit, &p, d))
                        .unwrap_or_default();
                    self.reply(req.id, list);
                }
            }
            SET_CONTEXT => {
                if let Some(p) = self.params::<SetContextParams>(&req) {
                    match self.set_context(p) {
                        Ok(()) => self.reply(req.id, serde_json::json!({})),
                        Err(e) => self.reply_err(req.id, ErrorCode::InvalidParams, &e),
                    }
                }
            }
            "initialize" => {
                self.reply_err(req.id, ErrorCode::InvalidRequest, "already initialized");
            }
            _ => self.reply_err(
                req.id,
                ErrorCode::MethodNotFound,
                &format!("unknown method {}", req.method),
            ),
        }
    }

    fn notification(&mut self, n: Notification) -> Option<End> {
        match n.method.as_str() {
            "exit" => {
                return Some(if self.shutdown {
                    End::Clean
                } else {
                    End::Abrupt
                })
            }
            "textDocument/didOpen" => {
                if let Some(p) = from::<DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    self.docs.insert(
                        d.uri.clone(),
                        Doc {
                            text: d.text,
                            version: d.version,
                            language: d.language_id,
                            analysis: None,
                        },
                    );
                    self.pending.insert(d.uri);
                }
            }
            "textDocument/didChange" => {
                if let Some(p) = from::<DidChangeTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    let doc = self.docs.get_mut(&uri)?;
                    // A change older than the text held is stale: the client sent newer.
                    if p.text_document.version < doc.version {
                        return None;
                    }
                    for change in p.content_changes {
                        match change.range {
                            None => doc.text = change.text,
                            Some(r) => {
                                let idx = LineIndex::new(&doc.text);
                                let s = idx.offset(
                                    r.start.line as usize,
                                    r.start.character as usize,
                                    self.unit,
                                );
                                let e = idx.offset(
                                    r.end.line as usize,
                                    r.end.character as usize,
                                    self.unit,
                                );
                                doc.text.replace_range(s..e.max(s), &change.text);
                            }
                        }
                    }
                    doc.version = p.text_document.version;
                    self.pending.insert(uri);
                }
            }
            "textDocument/didSave" => {
                if let Some(p) = from::<DidSaveTextDocumentParams>(n.params) {
                    if is_config(p.text_document.uri.as_str()) {
                        self.reload();
                    } else {
                        self.lint(&p.text_document.uri);
                    }
                }
            }
            "textDocument/didClose" => {
                if let Some(p) = from::<DidCloseTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    self.pending.remove(&uri);
                    if self.docs.remove(&uri).is_some() {
                        self.publish_none(&uri, None);
                    }
                    self.warned_large.remove(&uri);
                }
            }
            "workspace/didChangeConfiguration" => {
                if let Some(p) = from::<DidChangeConfigurationParams>(n.params) {
                    match Options::from_json(&p.settings) {
                        // Clients that only signal a change send null or an empty object.
                        Ok(Some(o)) if p.settings.as_object().is_some_and(|m| !m.is_empty()) => {
                            self.options = o;
                        }
                        Ok(_) => self.options = self.init_options.clone(),
                        Err(e) => {
                            self.show(MessageType::ERROR, e);
                            return None;
                        }
                    }
                    self.reload();
                }
            }
            "workspace/didChangeWatchedFiles" => {
                if let Some(p) = from::<DidChangeWatchedFilesParams>(n.params) {
                    if p.changes.iter().any(|c| is_config(c.uri.as_str())) {
                        self.reload();
                    }
                }
            }
            SET_CONTEXT => {
                if let Some(p) = from::<SetContextParams>(n.params) {
                    if let Err(e) = self.set_context(p) {
                        self.show(MessageType::WARNING, e);
                    }
                }
            }
            _ => {}
        }
        None
    }

    fn set_context(&mut self, p: SetContextParams) -> Result<(), String> {
        let channel = match p.channel.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(c) => Some(c.parse().map_err(|e: String| format!("lahn: {e}"))?),
        };
        let nonempty = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        let context = Context {
            customer: nonempty(p.customer),
            name: nonempty(p.name),
            channel,
        };
        self.contexts.insert(p.uri.clone(), context);
        if self.docs.contains_key(&p.uri) {
            self.lint(&p.uri);
        }
        Ok(())
    }

    /// Rebuilds the coach from `lahn.toml` (or `.lahn.toml`) and the options, and lints every buffer again.
    /// On a config error the previous coach stays.
    fn reload(&mut self) {
        match config::coach(self.root.as_deref(), &self.options) {
            Ok((coach, files)) => {
                self.coach = coach;
                self.files = files;
            }
            Err(e) => self.show(MessageType::ERROR, e),
        }
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        for uri in uris {
            self.lint(&uri);
        }
    }

    /// Lints every buffer changed since it was last linted.
    pub fn lint_pending(&mut self) {
        for uri in std::mem::take(&mut self.pending) {
            self.lint(&uri);
        }
    }

    /// Reviews buffer `uri` and publishes its diagnostics.
    pub fn lint(&mut self, uri: &Uri) {
        self.pending.remove(uri);
        let limit = self.options.max_file_size();
        let Some(doc) = self.docs.get_mut(uri) else {
            return;
        };
        let listed = config::uri_path(uri.as_str()).and_then(|p| self.files.decide(&p));
        let lintable = listed.unwrap_or_else(|| {
            LANGUAGES.contains(&doc.language.as_str())
                || EXTENSIONS.iter().any(|e| uri.as_str().ends_with(e))
        });
        if !lintable {
            if doc.analysis.take().is_some() {
                self.publish_none(uri, None);
            }
            return;
        }
        let version = Some(doc.version);
        if doc.text.len() > limit {
            doc.analysis = None;
            let size = doc.text.len();
            self.publish_none(uri, version);
            if self.warned_large.insert(uri.clone()) {
                self.show(
                    MessageType::WARNING,
                    format!(
                        "lahn: {} is {size} bytes, over the {limit}-byte limit; not checked",
                        uri.as_str()
                    ),
                );
            }
            return;
        }
        self.warned_large.remove(uri);
        let mut context = self.contexts.get(uri).cloned().unwrap_or_default();
        if context.channel.is_none() {
            context.channel = self.options.channel;
        }
        let analysis = document::analyse(&self.coach, &doc.text, &context);
        let reviewed = publish::Reviewed {
            coach: &self.coach,
            text: &doc.text,
            analysis: &analysis,
            unit: self.unit,
            score: self.options.score != Some(false),
        };
        let body = publish::notification(uri, version, Some(&reviewed));
        // The previous review is freed once the client has the new one.
        let previous = doc.analysis.replace(analysis);
        self.send_written(body);
        drop(previous);
    }

    /// Publishes no diagnostics for `uri`.
    fn publish_none(&self, uri: &Uri, version: Option<i32>) {
        self.send_written(publish::notification(uri, version, None));
    }

    fn send_written(&self, body: Vec<u8>) {
        self.link.send_text(body);
    }

    fn show(&self, typ: MessageType, message: String) {
        self.send(Notification::new(
            "window/showMessage".into(),
            ShowMessageParams { typ, message },
        ));
    }

    fn send(&self, msg: impl Into<Message>) {
        self.link.send(msg);
    }

    fn reply(&self, id: RequestId, result: impl serde::Serialize) {
        self.send(Response::new_ok(id, result));
    }

    fn reply_err(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.send(Response::new_err(id, code as i32, message.to_owned()));
    }

    /// The params of `req`, or `None` after answering it with `InvalidParams`.
    fn params<P: DeserializeOwned>(&self, req: &Request) -> Option<P> {
        match serde_json::from_value(req.params.clone()) {
            Ok(p) => Some(p),
            Err(e) => {
                self.reply_err(
                    req.id.clone(),
                    ErrorCode::InvalidParams,
                    &format!("invalid params: {e}"),
                );
                None
            }
        }
    }
}

fn from<P: DeserializeOwned>(params: serde_json::Value) -> Option<P> {
    serde_json::from_value(params).ok()
}

/// Whether `uri` names a config file (`lahn.toml` or `.lahn.toml`).
fn is_config(uri: &str) -> bool {
    lahn_config::NAMES
        .iter()
        .any(|n| uri.rsplit('/').next() == Some(n))
}
