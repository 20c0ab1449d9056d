//! Reading gold files and listing gold folders, one way for every reader:
//! whole files as UTF-8 text, folder listings sorted by path.

use std::path::{Path, PathBuf};

use crate::score::EvalError;

/// The whole file as UTF-8 text.
pub(crate) fn read_text(path: &Path) -> Result<String, EvalError> {
    let bytes = std::fs::read(path).map_err(EvalError::io(path))?;
    String::from_utf8(bytes).map_err(|e| EvalError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// The file name without its extension (a document's name).
pub(crate) fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The lines of a text file that hold something: `(1-based line number,
/// line)`, the line without its `\r` (and, on the first line, without a
/// byte-order mark); blank lines are skipped.
pub(crate) fn content_lines(source: &str) -> impl Iterator<Item = (usize, &str)> {
    source.lines().enumerate().filter_map(|(index, raw)| {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let line = if index == 0 {
            line.strip_prefix('\u{feff}').unwrap_or(line)
        } else {
            line
        };
        (!line.trim().is_empty()).then_some((index + 1, line))
    })
}

/// The files of `dir` (not below) whose name ends with `suffix` and does
/// not start with `.`, sorted.
pub(crate) fn files_in(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, EvalError> {
    entries(dir, |name, path| {
        name.ends_with(suffix) && !name.starts_with('.') && path.is_file()
    })
}

/// The folders of `dir` whose name starts with `prefix`, sorted.
pub(crate) fn subdirs(dir: &Path, prefix: &str) -> Result<Vec<PathBuf>, EvalError> {
    entries(dir, |name, path| name.starts_with(prefix) && path.is_dir())
}

/// Like [`subdirs`], but finding none is an error saying that `what` was
/// expected there.
pub(crate) fn some_subdirs(
    dir: &Path,
    prefix: &str,
    what: &str,
) -> Result<Vec<PathBuf>, EvalError> {
    let found = subdirs(dir, prefix)?;
    if found.is_empty() {
        return Err(EvalError::invalid(dir, format!("no {what}")));
    }
    Ok(found)
}

/// `dir/name` when that folder exists (a data set's inner folder), else
/// `dir` itself.
pub(crate) fn inner_or_self(dir: &Path, name: &str) -> PathBuf {
    let inner = dir.join(name);
    if inner.is_dir() {
        inner
    } else {
        dir.to_path_buf()
    }
}

/// The entries of `dir` that `keep` (given the entry's name and path)
/// keeps, sorted; entries whose name is not UTF-8 are left out.
fn entries(dir: &Path, keep: impl Fn(&str, &Path) -> bool) -> Result<Vec<PathBuf>, EvalError> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(EvalError::io(dir))? {
        let path = entry.map_err(EvalError::io(dir))?.path();
        let is_match = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| keep(n, &path));
        if is_match {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// The files under `dir` (recursively) whose extension is one of
/// `extensions`, sorted by path. Symbolic links to files are listed;
/// symbolic links to folders are not followed (no cycles).
pub(crate) fn files_under(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, EvalError> {
    let mut out = Vec::new();
    collect(dir, extensions, &mut out)?;
    out.sort();
    Ok(out)
}

/// Appends the files under `dir` with one of `extensions` to `out`.
fn collect(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) -> Result<(), EvalError> {
    for entry in std::fs::read_dir(dir).map_err(EvalError::io(dir))? {
        let entry = entry.map_err(EvalError::io(dir))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(EvalError::io(dir))?;
        if file_type.is_dir() {
            collect(&path, extensions, out)?;
        } else if path
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e == *x))
            && (file_type.is_file() || path.is_file())
        {
            out.push(path);
        }
    }
    Ok(())
}

/// The JSON values of a JSON-lines file, one per line that holds
/// something, each with its 1-based line number; `path` is named in
/// errors.
pub(crate) fn json_lines<T: serde::de::DeserializeOwned>(
    path: &Path,
    source: &str,
) -> Result<Vec<(usize, T)>, EvalError> {
    content_lines(source)
        .map(|(line, text)| {
            serde_json::from_str(text)
                .map(|value| (line, value))
                .map_err(|source| EvalError::Json {
                    path: path.to_path_buf(),
                    line,
                    source,
                })
        })
        .collect()
}

/// Lines up the lines of a predictions file (`path`, each line with its
/// 1-based number) with the gold documents `gold_ids` by id: one answer
/// per gold document, in gold order. Every gold document must have exactly
/// one line and no line may name an unknown document; `check` may refuse a
/// line that does not fit its document (given the document's index).
pub(crate) fn align_by_id<T: Clone>(
    path: &Path,
    gold_ids: &[&str],
    lines: &[(usize, T)],
    id_of: impl Fn(&T) -> &str,
    check: impl Fn(usize, usize, &T) -> Result<(), EvalError>,
) -> Result<Vec<T>, EvalError> {
    let index: std::collections::HashMap<&str, usize> = gold_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let mut out: Vec<Option<T>> = vec![None; gold_ids.len()];
    for (line, value) in lines {
        let (line, id) = (*line, id_of(value).to_string());
        let Some(&i) = index.get(id.as_str()) else {
            return Err(EvalError::UnknownDocument {
                path: path.to_path_buf(),
                line,
                id,
            });
        };
        if out[i].is_some() {
            return Err(EvalError::DuplicateDocument {
                path: path.to_path_buf(),
                line,
                id,
            });
        }
        check(i, line, value)?;
        out[i] = Some(value.clone());
    }
    out.into_iter()
        .zip(gold_ids)
        .map(|(value, id)| {
            value.ok_or_else(|| EvalError::MissingDocument {
                path: path.to_path_buf(),
                id: id.to_string(),
            })
        })
        .collect()
}

/// Writes `values` to `path` as JSON lines, one value a line.
pub(crate) fn write_json_lines<T: serde::Serialize>(
    path: &Path,
    values: impl IntoIterator<Item = T>,
) -> Result<(), EvalError> {
    use std::io::Write;
    let io = EvalError::io;
    let file = std::fs::File::create(path).map_err(io(path))?;
    let mut out = std::io::BufWriter::new(file);
    for value in values {
        serde_json::to_writer(&mut out, &value).map_err(|e| io(path)(std::io::Error::other(e)))?;
        out.write_all(b"\n").map_err(io(path))?;
    }
    out.flush().map_err(io(path))
}
