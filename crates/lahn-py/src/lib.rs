//! Python bindings of lahn (`import lahn`): a `Coach` that reviews one draft or many (on
//! every core, without the GIL), the `Report` and `Finding` it returns with offsets as
//! Python string indices, and `lahn.fix`. A bad config or rule pack raises
//! `lahn.ConfigError` carrying its file, line and column.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use lahn::{Channel, Draft, Lang};
use lahn_config::{Effective, Source};
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

pyo3::create_exception!(lahn, LahnError, PyException, "Base class of lahn's errors.");
pyo3::create_exception!(
    lahn,
    ConfigError,
    LahnError,
    "A config file or rule pack that can't be used. `file`, `line` and `column` (1-based) say where, when known; `message` says what."
);

/// Coaches support agents on their Persian replies. Build one and reuse it: building reads
/// the config and compiles the rules; reviewing is fast and safe from many threads.
///
/// `config` is the path of a `lahn.toml` (None: the defaults, no file looked for);
/// `lang` is the language of the messages, `"fa"` or `"en"`.
#[pyclass(frozen, module = "lahn")]
struct Coach {
    coach: lahn::Coach,
}

/// The raised exception for a config that can't be loaded.
fn config_error(e: lahn_config::Error) -> PyErr {
    let (file, line, column, message) = match &e {
        lahn_config::Error::Lahn(
            lahn::Error::RulePack {
                file,
                line,
                column,
                message,
            }
            | lahn::Error::Config {
                file,
                line,
                column,
                message,
            },
        ) => (
            Some(file.display().to_string()),
            Some(*line),
            Some(*column),
            message.clone(),
        ),
        lahn_config::Error::Read { path, source } => (
            Some(path.display().to_string()),
            None,
            None,
            source.to_string(),
        ),
        other => (None, None, None, other.to_string()),
    };
    let err = ConfigError::new_err(e.to_string());
    Python::attach(|py| {
        let value = err.value(py);
        let _ = value.setattr("file", file);
        let _ = value.setattr("line", line);
        let _ = value.setattr("column", column);
        let _ = value.setattr("message", message);
    });
    err
}

fn parse_lang(lang: &str) -> PyResult<Lang> {
    lang.parse::<Lang>()
        .map_err(|e| PyValueError::new_err(format!("lang: {e}")))
}

fn parse_channel(channel: Option<&str>) -> PyResult<Option<Channel>> {
    match channel.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(None),
        Some(c) => c
            .parse::<Channel>()
            .map(Some)
            .map_err(|e| PyValueError::new_err(format!("channel: {e}"))),
    }
}

#[pymethods]
impl Coach {
    #[new]
    #[pyo3(signature = (config=None, lang="fa"))]
    fn new(config: Option<PathBuf>, lang: &str) -> PyResult<Coach> {
        let lang = parse_lang(lang)?;
        let cwd = std::env::current_dir().unwrap_or_default();
        let source = match config {
            Some(path) => Source::File(path),
            None => Source::Isolated,
        };
        let mut eff: Effective = lahn_config::load(&source, &cwd).map_err(config_error)?;
        eff.set_lang(lang, "lang=");
        let coach = eff.coach(false).map_err(config_error)?;
        Ok(Coach { coach })
    }

    /// The language of the messages, `"fa"` or `"en"`.
    #[getter]
    fn lang(&self) -> &'static str {
        match self.coach.lang() {
            Lang::En => "en",
            _ => "fa",
        }
    }

    /// Reviews one draft. `customer_message` is what the customer wrote, `customer_name`
    /// their name, `channel` one of `"chat"`, `"email"`, `"sms"`, `"social"`. Findings'
    /// `start` and `end` index the draft as a Python string: `draft[f.start:f.end]`.
    #[pyo3(signature = (draft, customer_message=None, customer_name=None, channel=None))]
    fn review(
        &self,
        py: Python<'_>,
        draft: String,
        customer_message: Option<String>,
        customer_name: Option<String>,
        channel: Option<&str>,
    ) -> PyResult<Report> {
        let mut d = Draft::new(draft);
        d.customer_message = customer_message;
        d.customer_name = customer_name;
        d.channel = parse_channel(channel)?;
        Ok(py.detach(|| Report::new(&d, self.coach.review(&d))))
    }

    /// Reviews many drafts on `threads` threads (default: every core), with the GIL
    /// released. Each row is a draft string, or a mapping with `"draft"` and optionally
    /// `"customer_message"`, `"customer_name"` and `"channel"` (other keys are ignored; a
    /// None value is no value). Returns the reports in the rows' order.
    #[pyo3(signature = (rows, threads=None))]
    fn review_many(
        &self,
        py: Python<'_>,
        rows: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<Report>> {
        let mut drafts = Vec::new();
        for (i, row) in rows.try_iter()?.enumerate() {
            drafts.push(draft_of(&row?).map_err(|e| {
                let msg = format!("row {i}: {}", e.value(py));
                if e.is_instance_of::<PyTypeError>(py) {
                    PyTypeError::new_err(msg)
                } else {
                    PyValueError::new_err(msg)
                }
            })?);
        }
        let threads = threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .clamp(1, drafts.len().max(1));
        Ok(py.detach(|| review_all(&self.coach, &drafts, threads)))
    }

    /// The draft with lahn's safe fixes applied (spacing, ZWNJ, Arabic letters…).
    #[pyo3(signature = (text, channel=None))]
    fn fix(&self, py: Python<'_>, text: String, channel: Option<&str>) -> PyResult<String> {
        let mut d = Draft::new(text);
        d.channel = parse_channel(channel)?;
        Ok(py.detach(|| self.coach.fix_safe(&d)))
    }

    fn __repr__(&self) -> String {
        format!("lahn.Coach(lang={:?})", self.lang())
    }
}

/// A row of `review_many` as a draft.
fn draft_of(row: &Bound<'_, PyAny>) -> PyResult<Draft> {
    if let Ok(s) = row.cast::<PyString>() {
        return Ok(Draft::new(s.extract::<String>()?));
    }
    let get = |key: &str| -> PyResult<Option<String>> {
        match row.get_item(key) {
            Ok(v) if v.is_none() => Ok(None),
            Ok(v) => v
                .extract::<String>()
                .map(Some)
                .map_err(|_| PyTypeError::new_err(format!("`{key}` must be a string or None"))),
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(row.py()) => Ok(None),
            Err(e) => Err(e),
        }
    };
    if !row.hasattr("get")? {
        return Err(PyTypeError::new_err(
            "a row is a draft string or a mapping with a \"draft\" key",
        ));
    }
    let text = get("draft")?.ok_or_else(|| PyValueError::new_err("no \"draft\""))?;
    let mut d = Draft::new(text);
    d.customer_message = get("customer_message")?;
    d.customer_name = get("customer_name")?;
    d.channel = parse_channel(get("channel")?.as_deref())?;
    Ok(d)
}

/// Reviews `drafts` on `threads` threads, each taking the next block of drafts as it
/// finishes one, so long and short drafts even out.
fn review_all(coach: &lahn::Coach, drafts: &[Draft], threads: usize) -> Vec<Report> {
    const BLOCK: usize = 32;
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Vec<Report>)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let start = next.fetch_add(BLOCK, Ordering::Relaxed);
                if start >= drafts.len() {
                    break;
                }
                let block: Vec<Report> = drafts[start..(start + BLOCK).min(drafts.len())]
                    .iter()
                    .map(|d| Report::new(d, coach.review(d)))
                    .collect();
                done.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((start, block));
            });
        }
    });
    let mut blocks = done.into_inner().unwrap_or_else(|e| e.into_inner());
    blocks.sort_unstable_by_key(|(start, _)| *start);
    blocks.into_iter().flat_map(|(_, b)| b).collect()
}

/// The review of one draft.
#[pyclass(frozen, module = "lahn")]
struct Report {
    /// 0–100: 100 less the points the findings took.
    #[pyo3(get)]
    score: u32,
    categories: Vec<(&'static str, u32)>,
    findings: Vec<Finding>,
}

impl Report {
    fn new(draft: &Draft, report: lahn::Report) -> Report {
        Report {
            score: report.score,
            categories: report
                .categories
                .iter()
                .map(|(c, s)| (c.name(), *s))
                .collect(),
            findings: report
                .findings
                .into_iter()
                .map(|f| Finding::new(&draft.text, f))
                .collect(),
        }
    }
}

#[pymethods]
impl Report {
    /// Per category, 0–100: the share of the category's weight that is left.
    #[getter]
    fn categories<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (name, sub) in &self.categories {
            d.set_item(PyString::intern(py, name), sub)?;
        }
        Ok(d)
    }

    /// What was found, by position.
    #[getter]
    fn findings(&self) -> Vec<Finding> {
        self.findings.clone()
    }

    /// The report as plain Python values (for JSON or a pandas column), in the shape of
    /// `lahn batch`'s output but with string indices.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item(intern!(py, "score"), self.score)?;
        d.set_item(intern!(py, "categories"), self.categories(py)?)?;
        let findings = self
            .findings
            .iter()
            .map(|f| f.to_dict(py))
            .collect::<PyResult<Vec<_>>>()?;
        d.set_item(intern!(py, "findings"), findings)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "lahn.Report(score={}, findings={})",
            self.score,
            self.findings.len()
        )
    }
}

/// One thing a review found.
#[pyclass(frozen, module = "lahn", from_py_object)]
#[derive(Clone)]
struct Finding {
    /// The rule's id, e.g. `"negativity-inability"`.
    #[pyo3(get)]
    rule: String,
    /// The category's name, e.g. `"negativity"`.
    #[pyo3(get)]
    category: &'static str,
    /// `"error"`, `"warning"` or `"info"`.
    #[pyo3(get)]
    severity: &'static str,
    /// Start of the flagged text, as an index of the draft string.
    #[pyo3(get)]
    start: usize,
    /// End of it (exclusive).
    #[pyo3(get)]
    end: usize,
    /// The flagged text, `draft[start:end]`.
    #[pyo3(get)]
    text: String,
    /// What is wrong, in the coach's language.
    #[pyo3(get)]
    message: String,
    /// What to write instead, when the rule has advice.
    #[pyo3(get)]
    suggestion: Option<String>,
    /// The replacement text of a machine-applicable fix.
    #[pyo3(get)]
    replacement: Option<String>,
    /// Points of the score this finding took.
    #[pyo3(get)]
    penalty: u32,
}

impl Finding {
    fn new(text: &str, f: lahn::Finding) -> Finding {
        let chars = f.span.to_chars(text);
        Finding {
            rule: f.rule.to_string(),
            category: f.category.name(),
            severity: f.severity.name(),
            start: chars.start,
            end: chars.end,
            text: f.span.text(text).to_owned(),
            message: f.message.to_string(),
            suggestion: f.suggestion.as_deref().map(str::to_owned),
            replacement: f.fix.map(|x| x.replacement),
            penalty: f.penalty,
        }
    }
}

#[pymethods]
impl Finding {
    /// The finding as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item(intern!(py, "rule"), &self.rule)?;
        d.set_item(intern!(py, "category"), self.category)?;
        d.set_item(intern!(py, "severity"), self.severity)?;
        d.set_item(intern!(py, "start"), self.start)?;
        d.set_item(intern!(py, "end"), self.end)?;
        d.set_item(intern!(py, "text"), &self.text)?;
        d.set_item(intern!(py, "message"), &self.message)?;
        d.set_item(intern!(py, "suggestion"), &self.suggestion)?;
        d.set_item(intern!(py, "replacement"), &self.replacement)?;
        d.set_item(intern!(py, "penalty"), self.penalty)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "lahn.Finding(rule={:?}, start={}, end={}, text={:?})",
            self.rule, self.start, self.end, self.text
        )
    }
}

/// The text with lahn's safe fixes applied, by the default rules.
#[pyfunction]
#[pyo3(signature = (text, channel=None))]
fn fix(py: Python<'_>, text: String, channel: Option<&str>) -> PyResult<String> {
    static DEFAULT: std::sync::OnceLock<lahn::Coach> = std::sync::OnceLock::new();
    let mut d = Draft::new(text);
    d.channel = parse_channel(channel)?;
    Ok(py.detach(|| DEFAULT.get_or_init(lahn::Coach::default).fix_safe(&d)))
}

#[pymodule]
fn _lahn(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Coach>()?;
    m.add_class::<Report>()?;
    m.add_class::<Finding>()?;
    m.add_function(wrap_pyfunction!(fix, m)?)?;
    m.add("LahnError", m.py().get_type::<LahnError>())?;
    m.add("ConfigError", m.py().get_type::<ConfigError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
