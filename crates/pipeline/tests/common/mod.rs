//! What the facade's integration tests share: where the repository is, and
//! the seeds (`../shared/seeds`, read in place, never copied), skipped with
//! a message when absent and failing when `CI` is set.

use std::path::PathBuf;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seeds folder, or `None` (said on stderr) when it is absent outside
/// CI; in CI a missing folder fails the test.
pub fn seeds_dir() -> Option<PathBuf> {
    let dir = root().join("../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {} is missing",
        dir.display()
    );
    eprintln!("skipping: {} not found", dir.display());
    None
}
