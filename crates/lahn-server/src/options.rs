//! What a team can set: where to listen, the token, the origins, the limits and the config.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use lahn::Lang;
use lahn_config::Source;

/// The server's settings. [`Options::default`] is `lahn serve` without flags.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to listen on; loopback unless a team says otherwise.
    pub listen: SocketAddr,
    /// When set, every `/v1` route requires `Authorization: Bearer <token>`.
    pub token: Option<String>,
    /// Web origins (`https://support.example.com`) whose pages may call the API; the server's
    /// own page always may.
    pub allow_origins: Vec<String>,
    /// The largest request body, in bytes (also the whole of a `/v1/batch` stream).
    pub max_body: usize,
    /// How long a request may take, reading its body included.
    pub timeout: Duration,
    /// How many `/v1` requests are served at once; more are refused with 503.
    pub concurrency: usize,
    /// Where the config comes from.
    pub config: Source,
    /// The directory relative config paths start from.
    pub cwd: PathBuf,
    /// The language of messages when a request names none (else the config's, else Persian).
    pub lang: Option<Lang>,
    /// How often the config file and the team's rule packs are checked for changes.
    pub reload_every: Duration,
}

impl Default for Options {
    fn default() -> Options {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 7010)),
            token: None,
            allow_origins: Vec::new(),
            max_body: 1 << 20,
            timeout: Duration::from_secs(10),
            concurrency: 64,
            config: Source::Discover(cwd.clone()),
            cwd,
            lang: None,
            reload_every: Duration::from_secs(1),
        }
    }
}
