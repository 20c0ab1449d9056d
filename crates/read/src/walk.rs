//! Directory walking: every regular file, recursively, in sorted order so a
//! run over the same folder always sees documents in the same order.

use std::path::{Path, PathBuf};

/// Regular files under `root`, sorted; hidden files and folders are skipped.
/// Symbolic links are followed (a corpus is often a folder of links into a
/// crawl); a link that loops back to a folder above it, or points nowhere,
/// is an error naming it, never a silent skip.
pub(crate) fn files(root: &Path) -> impl Iterator<Item = Result<PathBuf, String>> {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_file() => Some(Ok(e.into_path())),
            Ok(_) => None,
            Err(e) => Some(Err(e.to_string())),
        })
}

/// Whether a file met in a folder walk is the folder's documentation rather
/// than an article: by the long-standing convention of an all-capital name
/// (`README.md`, `LICENSE`, `EXPECTED.md`, `CHANGELOG.txt`) in a plain-text
/// or Markdown file. A corpus folder often carries one; reading it as an
/// article would put its prose (and its dates) into the timeline. A file
/// named on the command line is always read.
pub(crate) fn is_documentation(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let (stem, ext) = match name.split_once('.') {
        Some((stem, ext)) => (stem, ext.to_ascii_lowercase()),
        None => (name, String::new()),
    };
    let capital_name = stem.len() >= 4
        && stem
            .chars()
            .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-')
        && stem.chars().any(|c| c.is_ascii_uppercase());
    capital_name && matches!(ext.as_str(), "" | "md" | "txt" | "markdown" | "rst")
}

#[cfg(test)]
mod tests {
    use super::{files, is_documentation};
    use std::path::Path;

    #[cfg(unix)]
    #[test]
    fn symlinked_files_are_read_and_loops_are_named() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let outside = tempfile::tempdir().expect("temporary folder");
        let target = outside.path().join("article.txt");
        std::fs::write(&target, "Un article.").expect("write");
        std::os::unix::fs::symlink(&target, dir.path().join("linked.txt")).expect("link");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).expect("link");
        std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("broken.txt"))
            .expect("link");
        let found: Vec<_> = files(dir.path()).collect();
        let read: Vec<_> = found.iter().filter_map(|f| f.as_ref().ok()).collect();
        assert_eq!(read, [&dir.path().join("linked.txt")]);
        let errors: Vec<_> = found.iter().filter_map(|f| f.as_ref().err()).collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("loop")), "{errors:?}");
        assert!(
            errors.iter().any(|e| e.contains("broken.txt")),
            "{errors:?}"
        );
    }

    #[test]
    fn capital_named_text_files_are_documentation() {
        for doc in [
            "README.md",
            "dir/EXPECTED.md",
            "LICENSE",
            "CHANGELOG.txt",
            "NOTES.rst",
        ] {
            assert!(is_documentation(Path::new(doc)), "{doc}");
        }
        for article in [
            "000_f7e1995d.txt",
            "Readme.md",
            "AFP.txt",
            "NEWS.html",
            "BBC.jsonl",
            "story.md",
        ] {
            assert!(!is_documentation(Path::new(article)), "{article}");
        }
    }
}
