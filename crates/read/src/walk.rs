//! Directory walking: every regular file, recursively, in sorted order so a
//! run over the same folder always sees documents in the same order.

use std::path::{Path, PathBuf};

/// Regular files under `root`, sorted; hidden files and folders are skipped.
pub(crate) fn files(root: &Path) -> impl Iterator<Item = Result<PathBuf, String>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_file() => Some(Ok(e.into_path())),
            Ok(_) => None,
            Err(e) => Some(Err(e.to_string())),
        })
}
