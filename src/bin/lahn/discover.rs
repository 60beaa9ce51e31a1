//! Finding `lahn.toml`: `--config FILE`, else the nearest one upward from the working
//! directory, unless `--isolated`.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use lahn::{Coach, Config, Lang};

/// Where the config comes from.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ConfigArgs {
    /// Use this config file instead of looking for `lahn.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// Ignore every config file.
    #[arg(long)]
    pub isolated: bool,
}

/// The config in force and where it was read.
#[derive(Debug, Clone, Default)]
pub struct Effective {
    /// The file, when there is one.
    pub path: Option<PathBuf>,
    /// The directory paths in the config are relative to: the file's, else the working one.
    pub base: PathBuf,
    pub config: Config,
}

/// The names a config file may have, looked for in this order.
pub const NAMES: [&str; 2] = ["lahn.toml", ".lahn.toml"];

impl ConfigArgs {
    pub fn load(&self) -> anyhow::Result<Effective> {
        let cwd = std::env::current_dir().context("cannot read the working directory")?;
        let path = if self.isolated {
            None
        } else if let Some(p) = &self.config {
            Some(p.clone())
        } else {
            find_upward(&cwd)
        };
        let Some(path) = path else {
            return Ok(Effective {
                path: None,
                base: cwd,
                config: Config::default(),
            });
        };
        let source = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the config {}", path.display()))?;
        let config = Config::parse(&path, &source)?;
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or(cwd.clone(), |p| cwd.join(p));
        Ok(Effective {
            path: Some(path),
            base,
            config,
        })
    }
}

/// The nearest config file in `dir` or a parent of it.
pub fn find_upward(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .flat_map(|d| NAMES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

impl Effective {
    /// A coach with the config applied. Canned replies require a name placeholder unless the
    /// config says otherwise; `lang` overrides the config's language.
    pub fn coach(&self, lang: Option<Lang>, require_name: bool) -> anyhow::Result<Coach> {
        let mut builder = Coach::builder();
        let mut settings = builder.current_settings().clone();
        settings.require_name = require_name;
        builder = builder.settings(settings);
        builder = self.config.apply(builder, &self.base)?;
        if let Some(l) = lang {
            builder = builder.lang(l);
        }
        Ok(builder.build()?)
    }
}
