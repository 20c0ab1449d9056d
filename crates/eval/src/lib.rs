//! Evaluation against gold data written by others.
//!
//! Each analysis stage gets a scorer here and a `filrouge eval ...` command
//! in the CLI; the figures go in the README next to peers' figures on the
//! same data.
//!
//! Architecture invariant: evaluation reads gold files and calls the public
//! API of the stage it measures; stages never know they are evaluated.
//!
//! # Layers
//!
//! - [`score`]: what every task's scoring shares: [`score::Prf`], the one
//!   precision/recall/F1 type, [`score::EvalError`], the one error type,
//!   and statistics helpers. It imports nothing else of the crate.
//! - [`formats`]: the gold-data readers, one module per file format. They
//!   import [`score`] only.
//! - One module per task, each reading gold through [`formats`] and
//!   scoring with [`score`]: [`extract`] (article extraction), [`timex`]
//!   (time expressions), [`ner`] (named entities) and [`perturb`] (damage
//!   done to its gold text), [`quotes`] (quotes and speakers),
//!   [`attribution`] (quotes and reported speech against attribution
//!   relations annotated by others), [`linking`]
//!   (cross-document event linking), [`tls`] (timeline summarisation),
//!   [`furniture`] (page furniture learned from a batch of whole pages),
//!   [`docdate`] (document dates inferred from the text alone),
//!   [`stories`] (story clustering against gold groups).
//!   Task modules do not import one another.

pub mod attribution;
pub mod docdate;
pub mod extract;
pub mod formats;
pub mod furniture;
pub mod linking;
pub mod ner;
pub mod perturb;
pub mod quotes;
pub mod score;
pub mod stories;
pub mod timex;
pub mod tls;

/// Test support shared by the scorers' data tests.
#[cfg(test)]
pub(crate) mod test_data {
    use std::path::{Path, PathBuf};

    /// `shared/data` beside the workspace, if present. Absent: the caller
    /// skips with a message, or fails when `CI` is set.
    pub(crate) fn shared_data() -> Option<PathBuf> {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let candidates = [
            manifest.join("../../../shared/data"),
            manifest.join("../../shared/data"),
        ];
        let found = candidates.iter().find(|p| p.is_dir()).cloned();
        if found.is_none() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but no shared/data beside the workspace ({candidates:?})"
            );
            eprintln!("skipped: no shared/data beside the workspace ({candidates:?})");
        }
        found
    }
}
