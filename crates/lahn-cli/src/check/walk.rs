//! Finding the files to check: directories walked honouring `.gitignore` (and `.ignore`),
//! include and exclude globs relative to the config's directory, only the formats `lahn
//! check` reads.

use std::path::PathBuf;

use anyhow::Context as _;
use ignore::WalkBuilder;
use lahn_config::Files;

use super::source::Kind;

/// Files `lahn check` never reads as macros.
const OWN_FILES: [&str; 3] = ["lahn.toml", ".lahn.toml", "lahn-baseline.json"];

/// The files under `paths` to check, sorted, without duplicates.
pub fn files(paths: &[PathBuf], globs: &Files) -> anyhow::Result<Vec<PathBuf>> {
    let cwd = std::env::current_dir()?;
    let overrides = globs.overrides();
    let mut out = Vec::new();
    for p in paths {
        let abs = cwd.join(p);
        let meta =
            std::fs::metadata(&abs).with_context(|| format!("cannot read {}", p.display()))?;
        // A file named on the command line is read whatever its extension, unless excluded
        // (pre-commit passes every changed file); a FIFO or a device named there is kept, to
        // be reported as not a regular file rather than silently left out.
        if !meta.is_dir() {
            if !overrides.matched(&abs, false).is_ignore() {
                out.push(abs);
            }
            continue;
        }
        let walker = WalkBuilder::new(&abs)
            .require_git(false)
            .overrides(overrides.clone())
            .build();
        for entry in walker {
            let entry = entry?;
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.into_path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if OWN_FILES.contains(&name) || Kind::of(&path).is_none() {
                continue;
            }
            out.push(path);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}
