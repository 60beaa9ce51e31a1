//! The config options every subcommand shares (`--config FILE`, `--isolated`), loaded
//! through `lahn-config` as every front end loads it.

use std::path::PathBuf;

use anyhow::Context as _;
use lahn::Lang;
use lahn_config::{Effective, Source};

/// Where the config comes from.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConfigArgs {
    /// Use this config file instead of looking for `lahn.toml` or `.lahn.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    pub isolated: bool,
}

impl ConfigArgs {
    /// The config source these options name.
    pub fn source(&self, cwd: PathBuf) -> Source {
        match (&self.config, self.isolated) {
            (_, true) => Source::Isolated,
            (Some(p), false) => Source::File(p.clone()),
            (None, false) => Source::Discover(cwd),
        }
    }

    /// The effective config: the file these options name, with `--lang` on top.
    pub fn load(&self, lang: Option<Lang>) -> anyhow::Result<Effective> {
        let cwd = std::env::current_dir().context("cannot read the working directory")?;
        let mut eff = lahn_config::load(&self.source(cwd.clone()), &cwd)?;
        if let Some(l) = lang {
            eff.set_lang(l, "--lang");
        }
        Ok(eff)
    }
}
