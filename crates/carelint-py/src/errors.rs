//! `carelint::Error` → the Python exceptions of `carelint.errors`.
//!
//! The exception classes are written in Python (`python/carelint/errors.py`) so that they
//! pickle, subclass `ValueError`/`OSError` where that is what a Python user expects, and
//! carry plain attributes (`kind`, `path`, `line`, `column`, `rule`, `message`,
//! `problems`). Rust only picks the class and fills the attributes.

use carelint::{Error, ErrorKind};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// The `carelint.errors` class for an error kind.
fn class_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Rule => "RuleError",
        ErrorKind::Config => "ConfigError",
        ErrorKind::Parse => "ParseError",
        ErrorKind::Io | ErrorKind::TooLarge => "FileError",
        _ => "CarelintError",
    }
}

/// The exception instance for `e` (not raised). Several problems found at once become
/// one exception whose `problems` lists one exception per problem.
pub fn exception<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyAny>> {
    let class = py
        .import("carelint.errors")?
        .getattr(class_name(e.kind()))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", e.kind().as_str())?;
    kwargs.set_item("path", e.path())?;
    kwargs.set_item("line", e.line())?;
    kwargs.set_item("column", e.column())?;
    kwargs.set_item("rule", e.rule())?;
    kwargs.set_item("message", e.message())?;
    let instance = class.call((e.to_string(),), Some(&kwargs))?;
    if e.problems().len() > 1 {
        let problems = e
            .problems()
            .iter()
            .map(|p| exception(py, p))
            .collect::<PyResult<Vec<_>>>()?;
        instance.setattr("problems", PyList::new(py, problems)?)?;
    }
    Ok(instance)
}

/// `e` as a `PyErr`, ready to raise.
pub fn to_py(py: Python<'_>, e: &Error) -> PyErr {
    match exception(py, e) {
        Ok(instance) => PyErr::from_value(instance),
        Err(failed) => failed,
    }
}

/// A `ConfigError` for a bad keyword setting of `Linter(...)` (no file, no position).
pub fn config(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py(py, &Error::new(ErrorKind::Config, message))
}

/// A `ValueError` for a bad argument value.
pub fn value(message: impl Into<String>) -> PyErr {
    PyValueError::new_err(message.into())
}
