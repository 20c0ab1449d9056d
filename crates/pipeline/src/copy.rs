//! Copying a store into another, whatever their backends: the embedded
//! store of a laptop moved to the PostgreSQL store of a newsroom, or back.

use filrouge_store::{Store, LOAD_CHUNK};

use crate::{reindex, store_unindexed, IngestError};

/// What a copy did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct CopyReport {
    /// Documents in the source store.
    pub read: usize,
    /// Documents newly stored in the target.
    pub stored: usize,
    /// Documents the target held already (a copy run again, or a target
    /// that shares documents with the source).
    pub duplicates: usize,
    /// Documents added to the target's search index.
    pub indexed: usize,
}

/// Copies every document of `from` into `to`, in ingestion order, a
/// transaction per chunk: annotations and removals as stored (nothing is
/// analysed again), site line counts counted again from the documents,
/// near-duplicate signatures computed for the target, then the target's
/// index caught up. Idempotent: a copy stopped and run again completes it.
/// `progress` gets (documents done, total).
pub fn copy_store(
    from: &Store,
    to: &mut Store,
    mut progress: impl FnMut(usize, usize),
) -> Result<CopyReport, IngestError> {
    let ids = from.ids()?;
    let total = ids.len();
    let mut report = CopyReport::default();
    progress(0, total);
    for chunk in ids.chunks(LOAD_CHUNK) {
        let docs = from.get_many(chunk)?;
        let outcome = store_unindexed(to, &docs)?;
        report.read += docs.len();
        report.stored += outcome.stored;
        report.duplicates += outcome.duplicates;
        progress(report.read, total);
    }
    report.indexed = reindex(to, false)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ingest, IngestOptions};

    #[test]
    fn a_copy_holds_the_same_documents_and_running_it_again_adds_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let article = dir.path().join("a.txt");
        std::fs::write(&article, "Le conseil municipal a voté mardi 3 juin 2025 le budget.\n\nLa séance a duré deux heures.").expect("write");
        let mut source = Store::open(&dir.path().join("from")).expect("store");
        ingest(&[article], &mut source, &IngestOptions::default(), |_| {}).expect("ingest");
        let mut target = Store::open(&dir.path().join("to")).expect("store");
        let first = copy_store(&source, &mut target, |_, _| {}).expect("copy");
        assert_eq!((first.read, first.stored, first.duplicates), (1, 1, 0));
        assert_eq!(first.indexed, 1);
        assert_eq!(
            source.documents().expect("docs"),
            target.documents().expect("docs")
        );
        assert_eq!(
            source.signatures("minhash-w3-64").expect("sigs").len(),
            target.signatures("minhash-w3-64").expect("sigs").len()
        );
        let again = copy_store(&source, &mut target, |_, _| {}).expect("copy again");
        assert_eq!((again.stored, again.duplicates), (0, 1));
    }
}
