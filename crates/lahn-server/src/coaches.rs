//! The coaches of the effective config, one per language a request may ask for, and their
//! reload when the config file or the team's rule packs change (found by polling their
//! modification times: no watcher to set up, and it works on every file system).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock, Weak};
use std::time::SystemTime;

use lahn::{Coach, Lang};

use crate::Options;

/// A coach per language, built from one load of the config.
#[derive(Debug)]
pub struct Coaches {
    fa: Coach,
    en: Coach,
    lang: Lang,
    /// The config file in force, if any.
    pub path: Option<PathBuf>,
}

impl Coaches {
    /// Loads the config `options` name and builds its coaches; with them, what to watch.
    fn load(options: &Options) -> Result<(Coaches, Watched), lahn_config::Error> {
        let eff = lahn_config::load(&options.config, &options.cwd)?;
        let watched = Watched {
            stamp: Stamp::of(eff.path.as_deref(), &eff.base, &eff.config.rule_dirs),
            base: eff.base.clone(),
            rule_dirs: eff.config.rule_dirs.clone(),
        };
        let lang = options.lang.or(eff.config.lang).unwrap_or_default();
        let coach = |l: Lang| {
            let mut e = eff.clone();
            e.set_lang(l, "the request");
            e.coach(false)
        };
        let coaches = Coaches {
            fa: coach(Lang::Fa)?,
            en: coach(Lang::En)?,
            lang,
            path: eff.path.clone(),
        };
        Ok((coaches, watched))
    }

    /// The coach speaking `lang`, or the default language.
    pub fn get(&self, lang: Option<Lang>) -> &Coach {
        match lang.unwrap_or(self.lang) {
            Lang::En => &self.en,
            _ => &self.fa,
        }
    }
}

/// What a reload watches: the rule directories of the last good config, and the stamp of
/// the files last read.
#[derive(Debug)]
struct Watched {
    base: PathBuf,
    rule_dirs: Vec<PathBuf>,
    stamp: Stamp,
}

/// The files a config depends on, with their modification times and sizes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Stamp(Vec<(PathBuf, Option<SystemTime>, u64)>);

/// At most this many files of rule directories are watched: a config can't make the poll
/// walk a whole disk.
const MAX_WATCHED: usize = 10_000;

impl Stamp {
    fn of(config: Option<&Path>, base: &Path, rule_dirs: &[PathBuf]) -> Stamp {
        let mut files = Vec::new();
        let mut add = |p: &Path| {
            let meta = std::fs::metadata(p).ok();
            files.push((
                p.to_owned(),
                meta.as_ref().and_then(|m| m.modified().ok()),
                meta.map_or(0, |m| m.len()),
            ));
        };
        if let Some(c) = config {
            add(c);
        }
        let mut dirs: Vec<PathBuf> = rule_dirs.iter().map(|d| base.join(d)).collect();
        let mut seen = 0;
        while let Some(dir) = dirs.pop() {
            add(&dir);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                seen += 1;
                if seen > MAX_WATCHED {
                    break;
                }
                let path = entry.path();
                match entry.file_type() {
                    Ok(t) if t.is_dir() => dirs.push(path),
                    Ok(_) => add(&path),
                    Err(_) => {}
                }
            }
        }
        files.sort();
        Stamp(files)
    }
}

/// The coaches in force, swapped whole when the config changes.
#[derive(Debug)]
pub struct Live {
    options: Options,
    current: RwLock<Arc<Coaches>>,
    watched: Mutex<Watched>,
    error: RwLock<Option<String>>,
}

impl Live {
    /// Loads the config once; an error here stops the server from starting.
    pub fn new(options: Options) -> Result<Live, lahn_config::Error> {
        let (coaches, watched) = Coaches::load(&options)?;
        Ok(Live {
            options,
            current: RwLock::new(Arc::new(coaches)),
            watched: Mutex::new(watched),
            error: RwLock::new(None),
        })
    }

    /// The coaches in force.
    pub fn get(&self) -> Arc<Coaches> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Why the last reload failed, while the config stays broken (the previous coaches
    /// serve meanwhile).
    pub fn error(&self) -> Option<String> {
        self.error.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Reloads the config if a file it depends on changed, appeared or went away; `None`
    /// when nothing changed, else whether the new config loaded.
    pub fn reload_if_changed(&self) -> Option<Result<(), String>> {
        use lahn_config::Source;
        let path = match &self.options.config {
            Source::Discover(dir) => lahn_config::find_upward(&self.options.cwd.join(dir)),
            Source::File(p) => Some(self.options.cwd.join(p)),
            Source::Isolated => return None,
        };
        let mut watched = self.watched.lock().unwrap_or_else(|e| e.into_inner());
        let stamp = Stamp::of(path.as_deref(), &watched.base, &watched.rule_dirs);
        if stamp == watched.stamp {
            return None;
        }
        // A broken file is read again only once it changes again. The stamp is the one taken
        // before the files were read, so a write that lands while they are read (an editor
        // truncating, then writing) is seen at the next poll, not lost.
        watched.stamp = stamp;
        let mut error = self.error.write().unwrap_or_else(|e| e.into_inner());
        Some(match Coaches::load(&self.options) {
            Ok((coaches, now)) => {
                *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(coaches);
                // New rule directories are stamped at the next poll, which reloads once more.
                watched.base = now.base;
                watched.rule_dirs = now.rule_dirs;
                *error = None;
                Ok(())
            }
            Err(e) => {
                *error = Some(e.to_string());
                Err(e.to_string())
            }
        })
    }
}

/// Polls for config changes every `options.reload_every` until `live` is dropped, reporting
/// each reload to `report`.
pub fn watch(live: Weak<Live>, mut report: impl FnMut(Result<(), String>) + Send + 'static) {
    let every = match live.upgrade() {
        Some(l) => l.options.reload_every,
        None => return,
    };
    std::thread::spawn(move || loop {
        std::thread::sleep(every);
        let Some(live) = live.upgrade() else {
            return;
        };
        if let Some(r) = live.reload_if_changed() {
            report(r);
        }
    });
}
