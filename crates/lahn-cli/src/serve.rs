//! `lahn serve`: the HTTP API, the reply page and the helpdesk widget of `lahn-server`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context as _};
use lahn::Lang;

use crate::discover::ConfigArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:7010")]
    listen: SocketAddr,
    /// A file holding the bearer token every /v1 request must send.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// A web origin whose pages may call the API (https://support.example.com); repeat
    /// for more.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    allow_origins: Vec<String>,
    /// The largest request body, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    max_body: usize,
    /// How long a request may take, in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    timeout_ms: u64,
    /// How many /v1 requests are served at once; more are refused with 503.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// How often to look for a changed config, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    reload_ms: u64,
    /// Language of messages when a request names none (default: the config's, else fa).
    #[arg(long)]
    lang: Option<Lang>,
    #[command(flatten)]
    config: ConfigArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let token = match &args.token_file {
        None => None,
        Some(f) => {
            let t = std::fs::read_to_string(f)
                .with_context(|| format!("cannot read the token file {}", f.display()))?;
            let t = t.trim().to_owned();
            if t.is_empty() || t.contains(char::is_whitespace) {
                bail!(
                    "the token file {} must hold one token without spaces",
                    f.display()
                );
            }
            Some(t)
        }
    };
    for o in &args.allow_origins {
        let valid = (o.starts_with("https://") || o.starts_with("http://"))
            && !o.trim_end_matches('/').contains(['?', '#'])
            && o.matches('/').count() == 2;
        if !valid {
            bail!("--allow-origin wants an origin such as https://support.example.com, not `{o}`");
        }
    }
    if !args.listen.ip().is_loopback() && token.is_none() {
        eprintln!(
            "lahn serve: listening on {} without --token-file: anyone who reaches it can use it",
            args.listen
        );
    }
    let options = lahn_server::Options {
        listen: args.listen,
        token,
        allow_origins: args.allow_origins,
        max_body: args.max_body,
        timeout: Duration::from_millis(args.timeout_ms),
        concurrency: args.concurrency.max(1),
        config: args.config.source(cwd.clone()),
        cwd,
        lang: args.lang,
        reload_every: Duration::from_millis(args.reload_ms.max(10)),
    };
    lahn_server::run(options, |addr| {
        eprintln!("lahn serve: listening on http://{addr}");
    })?;
    eprintln!("lahn serve: stopped");
    Ok(ExitCode::SUCCESS)
}
