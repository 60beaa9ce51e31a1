//! The server: its state, its routes, and starting and stopping it.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, Semaphore};

use crate::coaches::Live;
use crate::metrics::Metrics;
use crate::{api, assets, guard, Options};

/// What every handler shares.
#[derive(Debug)]
pub struct App {
    pub options: Options,
    pub live: Arc<Live>,
    pub metrics: Metrics,
    pub permits: Arc<Semaphore>,
    /// Whether the server listens on loopback only (then only loopback host names are served).
    pub loopback: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The config could not be loaded.
    #[error(transparent)]
    Config(#[from] lahn_config::Error),
    /// The address could not be bound, or the runtime not started.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(assets::index))
        .route("/page.css", get(assets::page_css))
        .route("/page.js", get(assets::page_js))
        .route("/widget.js", get(assets::widget_js))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .route("/v1/review", post(api::review))
        .route("/v1/fix", post(api::fix))
        .route("/v1/batch", post(api::batch))
        .route("/v1/rules", get(api::rules))
        .route("/v1/rules/{id}", get(api::rule))
        .fallback(api::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            guard::guard,
        ))
        .with_state(app)
}

/// Loads the config and binds the address: everything that can fail before serving.
async fn prepare(options: Options) -> Result<(TcpListener, Arc<App>), StartError> {
    let listener =
        TcpListener::bind(options.listen)
            .await
            .map_err(|source| StartError::Listen {
                addr: options.listen,
                source,
            })?;
    let live = Arc::new(Live::new(options.clone())?);
    let app = Arc::new(App {
        loopback: options.listen.ip().is_loopback(),
        permits: Arc::new(Semaphore::new(options.concurrency.max(1))),
        metrics: Metrics::default(),
        live,
        options,
    });
    let watched = Arc::clone(&app);
    crate::coaches::watch(Arc::downgrade(&app.live), move |r| {
        watched.metrics.reloaded(r.is_ok());
        match r {
            Ok(()) => eprintln!("lahn serve: config reloaded"),
            Err(e) => eprintln!("lahn serve: the changed config is not used: {e}"),
        }
    });
    Ok((listener, app))
}

/// Serves until `shutdown` completes, then finishes the requests in flight.
async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Answers are small and clients wait for each: no Nagle delay.
    let listener = crate::linger::Lingering(listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    }));
    axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("lahn-serve")
        .build()
}

/// Runs the server in the foreground until SIGTERM or Ctrl-C, then finishes the requests
/// in flight. `ready` is told the address it listens on.
pub fn run(options: Options, ready: impl FnOnce(SocketAddr)) -> Result<(), StartError> {
    let addr = options.listen;
    let listen_error = |source| StartError::Listen { addr, source };
    let rt = runtime().map_err(listen_error)?;
    rt.block_on(async move {
        let (listener, app) = prepare(options).await?;
        ready(listener.local_addr().map_err(listen_error)?);
        serve(listener, app, stop_signal())
            .await
            .map_err(listen_error)
    })
}

/// SIGTERM (or Ctrl-C).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// A server running on a thread of its own, for tests and programs that embed one.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl Server {
    /// Starts a server (port 0 picks a free one) and returns once it accepts connections.
    pub fn start(options: Options) -> Result<Server, StartError> {
        let addr = options.listen;
        let rt = runtime().map_err(|source| StartError::Listen { addr, source })?;
        let (listener, app) = rt.block_on(prepare(options))?;
        let bound = listener
            .local_addr()
            .map_err(|source| StartError::Listen { addr, source })?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            rt.block_on(serve(listener, app, async move {
                let _ = stopped.await;
            }))
        });
        Ok(Server {
            addr: bound,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections, finishes the requests in flight, and waits for them.
    pub fn shutdown(mut self) -> std::io::Result<()> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> std::io::Result<()> {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(r)) => r,
            Some(Err(_)) => Err(std::io::Error::other("the server thread failed")),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}
