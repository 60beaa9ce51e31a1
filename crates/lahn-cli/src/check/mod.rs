//! `lahn check`: every macro of a library, in CI and pre-commit.
//!
//! The pipeline: find the files (`walk`), read each into macros with a map from body offsets
//! to file offsets (`source` and the format readers), review them in parallel, drop what inline
//! suppressions and the baseline accept, then report (`emit`) and, with `--fix`, write the safe
//! fixes back (`fix`).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context as _;
use lahn::{Channel, Coach, Draft, Finding, Lang, Severity};
use lahn_json::Offsets;

use crate::discover::ConfigArgs;

mod baseline;
pub mod csv;
mod emit;
pub(crate) mod fix;
pub mod html;
pub mod json;
pub mod map;
mod place;
pub mod source;
pub mod toml_src;
mod walk;
mod write;
pub mod yaml;

use lahn::suppress;

use baseline::{Baseline, Key};
use lahn::span::Location;
use place::{Cursor, Places};
use source::{Kind, Macro};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and directories to check (directories are walked, honouring .gitignore).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Exit 1 when a finding is at least this severe.
    #[arg(long, value_enum, default_value = "warning")]
    fail_on: FailOn,
    /// Exit 1 when a macro scores below this (the macros under it are listed).
    #[arg(long, value_name = "SCORE")]
    min_score: Option<u32>,
    /// List each macro's score in human output.
    #[arg(long)]
    scores: bool,
    /// Channel of macros whose file doesn't say.
    #[arg(long)]
    channel: Option<Channel>,
    /// Language of messages: fa or en (default: the config's, else fa).
    #[arg(long)]
    lang: Option<Lang>,
    #[command(flatten)]
    config: ConfigArgs,
    /// Skip paths matching this glob (added to the config's `exclude`).
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Only check paths matching this glob (added to the config's `include`).
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Accept the findings recorded in this baseline file [default: lahn-baseline.json
    /// beside the config, when it exists].
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every current finding in the baseline file and exit 0.
    #[arg(long)]
    write_baseline: bool,
    /// Apply safe fixes to the files.
    #[arg(long)]
    fix: bool,
    /// Show the safe fixes as a diff (without --fix, nothing is written).
    #[arg(long)]
    diff: bool,
    /// When to colour human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorWhen,
    /// Annotations per severity for --format github (GitHub shows 10 per type per step).
    #[arg(long, default_value = "10", value_name = "N")]
    max_annotations: usize,
    /// No progress bar and no summary on standard error.
    #[arg(long, short)]
    quiet: bool,
    /// Threads reading and reviewing, 1 to 1024 (default: every core); 1 works on the main
    /// thread.
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// A finding placed in its file.
#[derive(Debug, Clone)]
pub struct Hit {
    pub finding: Finding,
    pub start: Location,
    pub end: Location,
    /// The span's offsets in the macro's body.
    pub body: Offsets,
    /// The flagged text as the body has it (decoded).
    pub found: String,
}

impl Hit {
    /// The stable fingerprint of this finding of macro `macro_id`: the macro's id, the rule
    /// and the flagged text. Made when a report shows it (JSON, SARIF), not for every hit.
    pub fn fingerprint(&self, macro_id: &str) -> String {
        baseline::hash(&[macro_id, &self.finding.rule, &self.found])
    }
}

/// One macro's review.
#[derive(Debug)]
pub struct Checked {
    pub macro_: Macro,
    pub score: u32,
    pub hits: Vec<Hit>,
    pub suppressed: usize,
    /// Findings the baseline accepted.
    pub baselined: usize,
}

/// One file's result.
#[derive(Debug)]
pub struct FileResult {
    /// The path as shown: relative to the working directory when below it.
    pub path: PathBuf,
    pub kind: Kind,
    pub text: String,
    pub macros: Vec<Checked>,
    pub error: Option<String>,
    pub note: Option<String>,
}

/// Totals for the summary line.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files: usize,
    pub macros: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub suppressed: usize,
    pub baselined: usize,
    pub mean_score: f64,
    pub fixed: usize,
    pub file_errors: usize,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut eff = args.config.load(args.lang)?;
    eff.add_globs(&args.include, &args.exclude, "--include / --exclude")?;
    let cwd = std::env::current_dir()?;
    // `-` is one reply read from standard input.
    let stdin = args.paths.iter().any(|p| p.as_os_str() == STDIN);
    let paths: Vec<PathBuf> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != STDIN)
        .cloned()
        .collect();
    let threads = args
        .threads
        .map_or_else(crate::par::default_threads, usize::from)
        .max(1);

    // Building the coach (parsing the rules, building their automata) needs no file, and
    // finding, reading and parsing the files need no coach: on more than one thread the
    // coach is built on a thread of its own meanwhile. A config error is reported before a
    // file error either way.
    let find_and_read = || {
        let files = match paths.is_empty() && stdin {
            true => Ok(Vec::new()),
            false => walk::files(&paths, eff.files()),
        };
        let read = match &files {
            Ok(files) => read_files(files, &cwd, threads),
            Err(_) => Vec::new(),
        };
        (files, read)
    };
    let (coach, (files, read)) = if threads > 1 {
        std::thread::scope(|s| {
            let building = s.spawn(|| eff.coach(true));
            let found = find_and_read();
            let coach = building
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (coach, found)
        })
    } else {
        (Ok(eff.coach(true)?), find_and_read())
    };
    let (coach, files) = (coach?, files?);
    let lang = coach.lang();

    let interactive = !args.quiet
        && io::stderr().is_terminal()
        && std::env::var_os("CI").is_none_or(|v| v.is_empty());
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let total = files.len();
    let mut results: Vec<FileResult> = std::thread::scope(|s| {
        if interactive && total > 1 {
            s.spawn(|| progress(&done, &finished, total));
        }
        let r = review_files(&coach, read, args.channel, threads, &done);
        finished.store(true, Ordering::Relaxed);
        r
    });
    if stdin {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::stdin(), &mut bytes)
            .context("cannot read the reply from standard input")?;
        let (r, macros, _) = read_bytes(PathBuf::from(STDIN), Kind::Text, bytes, threads);
        results.extend(review_files(
            &coach,
            vec![(r, macros)],
            args.channel,
            threads,
            &AtomicUsize::new(0),
        ));
    }

    // The baseline: explicit, else `lahn-baseline.json` beside the config.
    let baseline_path = args
        .baseline
        .clone()
        .unwrap_or_else(|| eff.base.join("lahn-baseline.json"));
    let mut summary = Summary::default();
    if args.write_baseline {
        let mut b = Baseline::default();
        for r in &results {
            for m in &r.macros {
                for h in &m.hits {
                    b.add(key(&m.macro_, h));
                }
            }
        }
        b.write(&baseline_path)?;
        if !args.quiet {
            eprintln!(
                "lahn: recorded {} findings in {}",
                b.len(),
                display(&baseline_path, &cwd)
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let baseline = match baseline_path.is_file() {
        true => Some(Baseline::read(&baseline_path)?),
        false => None,
    };
    if let Some(b) = &baseline {
        apply_baseline(&mut results, b.clone());
    }

    if args.fix || args.diff {
        // A file read again (it changed while it was being fixed) is checked as the first time.
        let recheck = |path: &Path| {
            let done = AtomicUsize::new(0);
            let checked = check_files(&coach, &[cwd.join(path)], &cwd, args.channel, 1, &done);
            let mut r = checked.into_iter().next().expect("one file, one result");
            if let Some(b) = &baseline {
                apply_baseline(std::slice::from_mut(&mut r), b.clone());
            }
            r
        };
        // A fixed file is checked again, so its findings and scores are those after the fixes.
        for i in apply_fixes(&mut results, &args, &mut summary, &recheck)? {
            let path = results[i].path.clone();
            results[i] = recheck(&path);
        }
    }

    let mut scores = 0u64;
    for r in &results {
        summary.files += 1;
        if r.error.is_some() {
            summary.file_errors += 1;
        }
        for m in &r.macros {
            summary.macros += 1;
            summary.suppressed += m.suppressed;
            summary.baselined += m.baselined;
            scores += u64::from(m.score);
            for h in &m.hits {
                match h.finding.severity {
                    Severity::Error => summary.errors += 1,
                    Severity::Warning => summary.warnings += 1,
                    _ => summary.infos += 1,
                }
            }
        }
    }
    summary.mean_score = if summary.macros == 0 {
        100.0
    } else {
        scores as f64 / summary.macros as f64
    };

    let color = match args.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => crate::output::color_by_default(),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let ctx = emit::Ctx {
        results: &results,
        summary: &summary,
        coach: &coach,
        lang,
        color,
        root: &repo_root(&cwd),
        cwd: &cwd,
        max_annotations: args.max_annotations,
        scores: args.scores,
        threads,
    };
    match args.format {
        // With --diff the diff is the output.
        _ if args.diff => {}
        Format::Human => emit::human(&mut out, &ctx)?,
        Format::Json => emit::json(&mut out, &ctx)?,
        Format::Sarif => emit::sarif(&mut out, &ctx)?,
        Format::Github => emit::github(&mut out, &ctx)?,
    }
    out.flush()?;
    drop(out);
    if (args.diff || !matches!(args.format, Format::Human | Format::Json)) && !args.quiet {
        for r in &results {
            if let Some(e) = &r.error {
                eprintln!("lahn: {}", crate::output::printable(e));
            }
        }
        eprintln!("{}", emit::summary_line(&summary, lang));
    }

    if summary.file_errors > 0 {
        return Ok(ExitCode::from(2));
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let mut failing = results
        .iter()
        .flat_map(|r| &r.macros)
        .any(|m| threshold.is_some_and(|t| m.hits.iter().any(|h| h.finding.severity >= t)));
    if let Some(min) = args.min_score {
        // Name the macros under the score, so the failure says what to fix.
        let mut list = Vec::new();
        let under = emit::macro_scores(&mut list, &ctx, |score| score < min)?;
        if under > 0 {
            failing = true;
            let min = lang.digits(&min.to_string());
            let head = match lang {
                Lang::En => format!("lahn: {under} macro(s) score under {min}:"),
                _ => format!(
                    "lahn: امتیاز {} پاسخ آماده کمتر از {min} است:",
                    lang.digits(&under.to_string())
                ),
            };
            eprintln!("{head}\n{}", String::from_utf8_lossy(&list).trim_end());
        }
    }
    // The process ends next: freeing every report, finding and macro one by one would
    // cost more than a tenth of the time of a large library's run.
    std::mem::forget(results);
    Ok(if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn key(m: &Macro, h: &Hit) -> Key {
    Key {
        macro_id: m.id.clone(),
        rule: h.finding.rule.to_string(),
        hash: baseline::hash(&[&h.found]),
    }
}

/// `path` relative to `cwd` when below it.
pub fn display(path: &Path, cwd: &Path) -> String {
    path.strip_prefix(cwd)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

/// The repository root (the nearest directory with `.git`), for SARIF's relative URIs.
fn repo_root(cwd: &Path) -> PathBuf {
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .unwrap_or(cwd)
        .to_path_buf()
}

fn progress(done: &AtomicUsize, finished: &AtomicBool, total: usize) {
    let mut err = io::stderr();
    while !finished.load(Ordering::Relaxed) {
        let n = done.load(Ordering::Relaxed);
        let width = 30;
        let filled = n * width / total.max(1);
        let _ = write!(
            err,
            "\r[{}{}] {n}/{total}",
            "#".repeat(filled),
            " ".repeat(width - filled)
        );
        let _ = err.flush();
        std::thread::sleep(Duration::from_millis(80));
    }
    let _ = write!(err, "\r{}\r", " ".repeat(50));
    let _ = err.flush();
}

/// The path that stands for standard input.
const STDIN: &str = "-";

/// The largest file `lahn check` reads (a macro library, not a disk image).
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// Reads and reviews `files` on `threads` threads, counting in `done` the files finished.
/// Files are read in parallel and their macros reviewed in parallel, whatever file they are
/// in: one large export keeps every thread busy as well as many small files do.
fn check_files(
    coach: &Coach,
    files: &[PathBuf],
    cwd: &Path,
    channel: Option<Channel>,
    threads: usize,
    done: &AtomicUsize,
) -> Vec<FileResult> {
    let read = read_files(files, cwd, threads);
    review_files(coach, read, channel, threads, done)
}

/// Reads `files` on `threads` threads into their macros, not yet reviewed.
fn read_files(files: &[PathBuf], cwd: &Path, threads: usize) -> Vec<(FileResult, Vec<Macro>)> {
    // A single file (an export) is parsed on every thread; many are read one per thread.
    let per_file = if files.len() == 1 { threads } else { 1 };
    crate::par::map(files.iter().collect(), threads, |path| {
        let shown = PathBuf::from(display(path, cwd));
        let kind = Kind::of(path).unwrap_or(Kind::Text);
        read_settled(&mut || read_bounded(path), shown, kind, per_file)
    })
}

/// How long lahn waits before reading again a file that ends cut short, the way a file looks
/// while another program is still writing it (a write lands a page at a time).
const SETTLE: [Duration; 3] = [
    Duration::from_millis(5),
    Duration::from_millis(25),
    Duration::from_millis(125),
];

/// Reads a file (`read`), shown as `shown`, into its macros. A file that is not UTF-8 or
/// not well-formed may be one that another program is writing at that moment: it is read
/// again until two reads agree, after a wait if it ends mid-character, and said to be
/// changing if the reads never agree.
fn read_settled(
    read: &mut dyn FnMut() -> io::Result<Vec<u8>>,
    shown: PathBuf,
    kind: Kind,
    threads: usize,
) -> (FileResult, Vec<Macro>) {
    let mut previous: Option<Vec<u8>> = None;
    let mut waits = SETTLE.iter();
    let mut changes = 0;
    while changes <= ATTEMPTS {
        let bytes = match read() {
            Ok(bytes) => bytes,
            Err(e) => {
                let error = format!("{}: cannot read: {e}", shown.display());
                return (FileResult::failed(shown, kind, error), Vec::new());
            }
        };
        if previous.as_ref() == Some(&bytes) {
            if let (true, Some(wait)) = (cut_short(&bytes), waits.next()) {
                std::thread::sleep(*wait);
                continue;
            }
            // The same bytes each time: the file is as it will stay, and its error stands.
            let (r, macros, _) = read_bytes(shown, kind, bytes, threads);
            return (r, macros);
        }
        match read_bytes(shown.clone(), kind, bytes, threads) {
            (r, macros, None) => return (r, macros),
            (_, _, Some(unread)) => previous = Some(unread),
        }
        changes += 1;
    }
    let error = format!(
        "{}: changed by another program each of the {} times lahn read it",
        shown.display(),
        ATTEMPTS + 1
    );
    (FileResult::failed(shown, kind, error), Vec::new())
}

/// Whether `bytes` end the way a file half written ends: mid-character, or (valid UTF-8 that
/// failed to parse) anywhere. Bytes that break UTF-8 before their end are a file in another
/// encoding, and no wait mends them.
fn cut_short(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).map_or_else(|e| e.error_len().is_none(), |_| true)
}

/// Reviews the macros read from each file on `threads` threads; each file's result with its
/// macros in order.
fn review_files(
    coach: &Coach,
    read: Vec<(FileResult, Vec<Macro>)>,
    channel: Option<Channel>,
    threads: usize,
    done: &AtomicUsize,
) -> Vec<FileResult> {
    let mut results = Vec::with_capacity(read.len());
    let mut work = Vec::with_capacity(read.iter().map(|(_, macros)| macros.len()).sum());
    for (i, (r, macros)) in read.into_iter().enumerate() {
        if macros.is_empty() {
            done.fetch_add(1, Ordering::Relaxed);
        }
        work.extend(macros.into_iter().map(|m| (i, m)));
        results.push(r);
    }
    let places: Vec<Places<'_>> = results.iter().map(|r| Places::new(&r.text)).collect();
    let mut left: Vec<AtomicUsize> = results.iter().map(|_| AtomicUsize::new(0)).collect();
    for (i, _) in &work {
        *left[*i].get_mut() += 1;
    }
    let checked = crate::par::map(work, threads, |(i, m)| {
        let c = review_macro(coach, m, channel, &places[i]);
        if left[i].fetch_sub(1, Ordering::Relaxed) == 1 {
            done.fetch_add(1, Ordering::Relaxed);
        }
        (i, c)
    });
    drop(places);
    for (i, c) in checked {
        results[i].macros.push(c);
    }
    results
}

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`]; a FIFO or a device is refused
/// before it is opened (it could block or never end).
fn read_bounded(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    // Room for the whole file up front: no copies as it grows.
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_FILE_BYTES) as usize + 1);
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(io::Error::other(format!(
            "larger than {MAX_FILE_BYTES} bytes"
        )));
    }
    Ok(bytes)
}

impl FileResult {
    fn failed(path: PathBuf, kind: Kind, error: String) -> FileResult {
        FileResult {
            error: Some(error),
            ..FileResult::new(path, kind)
        }
    }

    fn new(path: PathBuf, kind: Kind) -> FileResult {
        FileResult {
            path,
            kind,
            text: String::new(),
            macros: Vec::new(),
            error: None,
            note: None,
        }
    }
}

/// Reads the contents of one file (or of standard input), shown as `shown`, into its
/// macros, on `threads` threads where its format allows; the result has no macros yet.
/// When the bytes are not UTF-8 or not well-formed, they come back too, to be compared with
/// the file read again.
fn read_bytes(
    shown: PathBuf,
    kind: Kind,
    bytes: Vec<u8>,
    threads: usize,
) -> (FileResult, Vec<Macro>, Option<Vec<u8>>) {
    let mut result = FileResult::new(shown.clone(), kind);
    // UTF-16 (as some Windows tools save) is text, but not the UTF-8 whose offsets lahn
    // reports and whose bytes `--fix` rewrites: say so rather than call it binary.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        result.error = Some(format!(
            "{}: UTF-16 text; lahn reads UTF-8 (convert it, e.g. `iconv -f UTF-16 -t UTF-8`)",
            shown.display()
        ));
        return (result, Vec::new(), None);
    }
    if memchr::memchr(0, &bytes).is_some() {
        result.note = Some(format!("{}: skipped, a binary file", shown.display()));
        return (result, Vec::new(), None);
    }
    // Validated with vector instructions, several times faster than `String::from_utf8` on
    // Persian text; a file that fails is read again for where.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: `bytes` was just validated as UTF-8.
        Ok(_) => unsafe { String::from_utf8_unchecked(bytes) },
        Err(_) => {
            let at = std::str::from_utf8(&bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            result.error = Some(format!(
                "{}: not UTF-8 text (invalid byte at offset {at})",
                shown.display(),
            ));
            return (result, Vec::new(), Some(bytes));
        }
    };
    let name = shown.to_string_lossy().into_owned();
    let macros = match source::read_on(kind, &name, &text, threads) {
        Ok(Some(m)) => m,
        Ok(None) => {
            result.note = Some(format!(
                "{name}: skipped, no macros found (expected a list of {{title, body}} or a Zendesk macros export)"
            ));
            Vec::new()
        }
        Err(e) => {
            let p = Places::new(&text).at(e.at.min(text.len()));
            result.error = Some(format!("{name}:{}:{}: {}", p.line, p.col, e.message));
            return (result, Vec::new(), Some(text.into_bytes()));
        }
    };
    let macros = macros
        .into_iter()
        .map(|mut m| {
            if m.id.starts_with('#') {
                m.id = format!("{name}{}", m.id);
            }
            m
        })
        .collect();
    result.text = text;
    (result, macros, None)
}

/// Reviews one macro of the file `places` indexes and places its findings in the file.
fn review_macro(coach: &Coach, m: Macro, channel: Option<Channel>, places: &Places<'_>) -> Checked {
    let (supp, masked) = suppress::scan(&m.body);
    let mut draft = Draft::new(masked.unwrap_or_else(|| m.body.clone()));
    draft.channel = m.channel.or(channel);
    let report = coach.review(&draft);
    let before = report.findings.len();
    // Findings come in order of their starts, so each place is counted on from the last.
    let mut last = places.at(m.at.range(0, 0).0);
    let mut body = Cursor::new(&m.body);
    // Sized for every finding: grown by doubling, the lists of ten thousand macros took
    // more memory than all their findings.
    let mut hits = Vec::with_capacity(before);
    hits.extend(
        report
            .findings
            .into_iter()
            .filter(|f| !supp.covers(f))
            .map(|f| {
                let (s, e) = m.at.range(f.span.start, f.span.end);
                let found = f.span.text(&m.body).to_owned();
                let start = places.after(last, s);
                let end = places.after(start, e);
                last = start;
                Hit {
                    body: body.offsets(f.span.start, f.span.end),
                    finding: f,
                    start,
                    end,
                    found,
                }
            }),
    );
    Checked {
        score: report.score,
        macro_: m,
        suppressed: before - hits.len(),
        hits,
        baselined: 0,
    }
}

/// Drops the findings `baseline` accepts (each accepted occurrence once).
fn apply_baseline(results: &mut [FileResult], mut baseline: Baseline) {
    for r in results {
        for m in &mut r.macros {
            let before = m.hits.len();
            let id = m.macro_.id.clone();
            m.hits.retain(|h| {
                !baseline.take(&Key {
                    macro_id: id.clone(),
                    rule: h.finding.rule.to_string(),
                    hash: baseline::hash(&[&h.found]),
                })
            });
            m.baselined = before - m.hits.len();
        }
    }
}

/// How many times a file that changes while it is being fixed is read and fixed again before
/// lahn gives up on it.
const ATTEMPTS: usize = 3;

/// Shows (`--diff`) or writes (`--fix`) the safe fixes of every file; the indices of the
/// files written. A file that changed since it was read is read, checked (`recheck`) and
/// fixed again; a file that can't be written gets an error, and the others go on.
fn apply_fixes(
    results: &mut [FileResult],
    args: &Args,
    summary: &mut Summary,
    recheck: &dyn Fn(&Path) -> FileResult,
) -> anyhow::Result<Vec<usize>> {
    let mut written_files = Vec::new();
    let mut out = io::stdout().lock();
    for (index, r) in results.iter_mut().enumerate() {
        for attempt in 1..=ATTEMPTS {
            let Some(outcome) = plan_fixes(r) else { break };
            let name = r.path.to_string_lossy().into_owned();
            if args.diff && attempt == 1 {
                let diff = similar::TextDiff::from_lines(&r.text, &outcome.text);
                write!(
                    out,
                    "{}",
                    diff.unified_diff()
                        .context_radius(2)
                        .header(&format!("a/{name}"), &format!("b/{name}"))
                )?;
            }
            if !args.fix {
                break;
            }
            match write::replace(&r.path, r.text.as_bytes(), outcome.text.as_bytes()) {
                Ok(write::Replaced::Written) => {
                    summary.fixed += outcome.applied;
                    written_files.push(index);
                    break;
                }
                Ok(write::Replaced::Changed) if attempt < ATTEMPTS => {
                    let path = r.path.clone();
                    *r = recheck(&path);
                }
                Ok(write::Replaced::Changed) => {
                    r.error = Some(format!(
                        "{name}: changed by another program each of the {ATTEMPTS} times lahn read it; its fixes were not written"
                    ));
                }
                Err(e) => {
                    r.error = Some(format!("{name}: cannot write the fixes: {e:#}"));
                    break;
                }
            }
        }
    }
    out.flush()?;
    Ok(written_files)
}

/// The file `r` with its safe fixes applied, or `None` when it has none to apply (or can't
/// be read back with them, which is said on standard error).
fn plan_fixes(r: &FileResult) -> Option<fix::Outcome> {
    // Standard input has no file to write back to.
    if r.error.is_some() || r.macros.is_empty() || r.path.as_os_str() == STDIN {
        return None;
    }
    let all: Vec<Macro> = r.macros.iter().map(|c| c.macro_.clone()).collect();
    let planned: Vec<fix::Planned<'_>> = r
        .macros
        .iter()
        .enumerate()
        .map(|(i, c)| fix::Planned {
            index: i,
            macro_: &c.macro_,
            fixes: c
                .hits
                .iter()
                .map(|h| &h.finding)
                .filter(|f| f.fix.as_ref().is_some_and(|x| x.safe))
                .collect(),
        })
        .filter(|p| !p.fixes.is_empty())
        .collect();
    if planned.is_empty() {
        return None;
    }
    let name = r.path.to_string_lossy();
    match fix::plan(r.kind, &name, &r.text, &all, &planned) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("lahn: {}", crate::output::printable(&format!("{e:#}")));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives each of `reads` in turn, as a file being written would.
    fn reads(reads: &[&[u8]]) -> (FileResult, Vec<Macro>, usize) {
        let mut next = 0;
        let (r, macros) = read_settled(
            &mut || {
                let bytes = reads[next.min(reads.len() - 1)].to_vec();
                next += 1;
                Ok(bytes)
            },
            PathBuf::from("m.txt"),
            Kind::Text,
            1,
        );
        (r, macros, next)
    }

    #[test]
    fn a_file_caught_half_written_is_read_again() {
        // Cut inside «ی»: the first read ends mid-character.
        let whole = "سلام، پیگیری می‌کنیم.\n".as_bytes();
        let (r, macros, n) = reads(&[&whole[..9], whole]);
        assert_eq!(r.error, None);
        assert_eq!(r.text.as_bytes(), whole);
        assert_eq!((macros.len(), n), (1, 2));
    }

    #[test]
    fn a_file_whose_writer_pauses_mid_character_is_waited_for() {
        let whole = "سلام، پیگیری می‌کنیم.\n".as_bytes();
        let (r, _, n) = reads(&[&whole[..9], &whole[..9], &whole[..9], whole]);
        assert_eq!(r.error, None);
        assert_eq!((r.text.as_bytes(), n), (whole, 4));
    }

    #[test]
    fn a_file_cut_mid_character_for_good_is_said_so_after_the_waits() {
        let cut = &"سلام".as_bytes()[..5];
        let (r, _, n) = reads(&[cut]);
        let error = r.error.unwrap();
        assert!(
            error.contains("not UTF-8 text (invalid byte at offset 4)"),
            "{error}"
        );
        assert_eq!(n, 2 + SETTLE.len());
    }

    #[test]
    fn a_file_that_is_not_utf8_is_said_so_once_two_reads_agree() {
        let broken: &[u8] = b"abc \xff def";
        let (r, _, n) = reads(&[broken, broken]);
        let error = r.error.unwrap();
        assert!(
            error.contains("not UTF-8 text (invalid byte at offset 4)"),
            "{error}"
        );
        assert_eq!(n, 2);
    }

    #[test]
    fn a_file_that_changes_on_every_read_is_said_to_change() {
        let (r, macros, n) = reads(&[b"a\xff", b"ab\xff", b"abc\xff", b"abcd\xff", b"x"]);
        let error = r.error.unwrap();
        assert!(error.contains("changed by another program"), "{error}");
        assert!(macros.is_empty());
        assert_eq!(n, ATTEMPTS + 1);
    }

    #[test]
    fn a_read_that_fails_is_said_at_once() {
        let (r, _) = read_settled(
            &mut || Err(io::Error::other("gone")),
            PathBuf::from("m.txt"),
            Kind::Text,
            1,
        );
        assert_eq!(r.error.as_deref(), Some("m.txt: cannot read: gone"));
    }
}
