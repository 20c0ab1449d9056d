//! Storing analysed documents: [`ingest`] reads, analyses and stores
//! inputs one transaction per batch, keeping the store's full-text index
//! and near-duplicate signatures in step; [`reindex`] catches the index up.

use std::path::PathBuf;

use filrouge_clean::{CollectionFurniture, SiteLineCounts};
use filrouge_model::Document;
use filrouge_read::{ReadError, ReadOptions};
use filrouge_search::{SearchError, SearchIndex};
use filrouge_store::{BatchOutcome, Store, StoreError};

use crate::copies::COPY_THRESHOLD;
use crate::furniture::{batches, furniture_of, FurnitureSummary, Inputs, Run};
use crate::{signatures, today, Pipeline, BATCH_SIZE};

/// Minimum number of a site's documents a line must recur in to be learned
/// as boilerplate.
pub const LEARN_MIN_DOCS: u32 = 5;

/// What an ingest did.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IngestReport {
    /// Documents read and analysed.
    pub read: usize,
    /// Documents newly stored.
    pub stored: usize,
    /// Documents already in the store (same content hash), skipped.
    pub duplicates: usize,
    /// Inputs (or records) that could not be read, with the reason.
    pub failed: Vec<String>,
    /// Documents added to the search index (the new ones, plus stored
    /// documents an earlier ingest left unindexed).
    pub indexed: usize,
    /// Page furniture learned from the inputs before they were analysed.
    pub furniture: FurnitureSummary,
    /// Documents and unreadable inputs the ingest goes through, when a
    /// first reading counted them (for progress; not in the summary).
    #[serde(skip)]
    pub expected: Option<usize>,
}

/// Settings of an ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Reader settings.
    pub read: ReadOptions,
    /// Stop at the first input that cannot be read.
    pub strict: bool,
    /// Remove lines the store has learned as site boilerplate.
    pub learn_boilerplate: bool,
    /// Learn the page furniture of the inputs first (on by default).
    pub learn_furniture: bool,
    /// Reference date of the time stage (no document is dated after it);
    /// `None` is today.
    pub as_of: Option<chrono::NaiveDate>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            read: ReadOptions::default(),
            strict: false,
            learn_boilerplate: false,
            learn_furniture: true,
            as_of: None,
        }
    }
}

/// Why an ingest stopped.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The store failed; batches committed before stay committed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The search index failed; the store holds every committed batch, and
    /// the next ingest (or `reindex`) indexes what is missing.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// `--strict` and an input could not be read.
    #[error("{0} (stopped: --strict)")]
    Strict(ReadError),
}

/// Reads, analyses and stores `inputs`, one transaction per batch, and adds
/// each batch to the store's search index (`<store>/index/`) once it is
/// committed. Stored documents the index lacks (a store made before the
/// index, an ingest stopped between the two commits) are indexed first.
/// The inputs' page furniture is learned first, in a first reading that
/// counts their lines (see [`crate::furniture`]).
/// `progress` is called after each document or error with the running report.
pub fn ingest(
    inputs: &[PathBuf],
    store: &mut Store,
    opts: &IngestOptions,
    mut progress: impl FnMut(&IngestReport),
) -> Result<IngestReport, IngestError> {
    let inputs = Inputs::new(inputs, &opts.read);
    let run = Run::prepare(&ingest_pipeline(store, opts)?, &inputs);
    let pipeline = run.pipeline;
    let mut report = IngestReport {
        furniture: run.summary,
        expected: run.count,
        ..IngestReport::default()
    };
    let mut index = index_for_writing(store)?;
    if let Some(index) = &mut index {
        report.indexed += index_missing(store, index)?;
    }
    signatures::sign_missing(store, COPY_THRESHOLD)?;
    for batch in batches(run.items) {
        let mut docs = Vec::with_capacity(batch.len());
        for item in pipeline.process_batch(batch) {
            match item {
                Ok(doc) => {
                    report.read += 1;
                    docs.push(doc);
                }
                Err(e) if opts.strict => {
                    // Keep what was read before the failure.
                    store_batch(store, index.as_mut(), &docs, &mut report)?;
                    return Err(IngestError::Strict(e));
                }
                Err(e) => report.failed.push(e.to_string()),
            }
            progress(&report);
        }
        store_batch(store, index.as_mut(), &docs, &mut report)?;
        progress(&report);
    }
    Ok(report)
}

/// What every pipeline that stores its documents runs: no tokens (they
/// are not stored), the time stage at `as_of`.
fn stored_pipeline(as_of: chrono::NaiveDate) -> Pipeline {
    Pipeline::new().with_tokens(false).with_time(Some(as_of))
}

/// The pipeline of an ingest: no tokens, the time stage at `as_of`,
/// furniture learning as asked, and the store's learned boilerplate when
/// asked for.
fn ingest_pipeline(store: &Store, opts: &IngestOptions) -> Result<Pipeline, IngestError> {
    let mut pipeline = stored_pipeline(opts.as_of.unwrap_or_else(today))
        .with_furniture_learning(opts.learn_furniture);
    if opts.learn_boilerplate {
        let mut counts = SiteLineCounts::new();
        for (site, line, docs) in store.site_lines(LEARN_MIN_DOCS)? {
            counts.add(&site, &line, docs);
        }
        pipeline = pipeline.with_learned(counts.learn(LEARN_MIN_DOCS));
    }
    Ok(pipeline)
}

/// Analyses documents that were read already (a body posted to the
/// server, say) and stores and indexes them exactly as [`ingest`] does its
/// inputs: the furniture of these documents learned first, the same
/// stages, one transaction per batch, the index after the store.
pub fn ingest_documents(
    docs: Vec<Document>,
    store: &mut Store,
    opts: &IngestOptions,
) -> Result<IngestReport, IngestError> {
    let (pipeline, furniture) = ingest_pipeline(store, opts)?.frozen_with(|| furniture_of(&docs));
    let mut report = IngestReport {
        furniture,
        ..IngestReport::default()
    };
    let mut index = index_for_writing(store)?;
    if let Some(index) = &mut index {
        report.indexed += index_missing(store, index)?;
    }
    signatures::sign_missing(store, COPY_THRESHOLD)?;
    for batch in batches(docs.into_iter().map(Ok)) {
        let analysed: Vec<Document> = pipeline
            .process_batch(batch)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        report.read += analysed.len();
        store_batch(store, index.as_mut(), &analysed, &mut report)?;
    }
    Ok(report)
}

/// The pipeline of an ingest whose inputs were read, and their page
/// furniture learned, by another process (a queue's publisher; see
/// [`crate::furniture::first_pass`]): no tokens, the time stage at
/// `as_of`, `furniture` frozen (none learned when `None`).
pub fn ingest_pipeline_with(
    as_of: chrono::NaiveDate,
    furniture: Option<CollectionFurniture>,
) -> Pipeline {
    let pipeline = stored_pipeline(as_of).with_furniture_learning(false);
    match furniture {
        Some(furniture) => pipeline.with_furniture(furniture),
        None => pipeline,
    }
}

/// Stores analysed documents in one transaction, then their near-duplicate
/// signatures, as an ingest does, but leaves the search index alone: for
/// writers that run side by side (a queue's workers), which would contend
/// for the index's single writer lock. Readers catch the index up
/// (`search`, `serve`: [`reindex`]). Storing a stored document again is a
/// no-op counted as a duplicate (its signature is written again).
pub fn store_unindexed(store: &mut Store, docs: &[Document]) -> Result<BatchOutcome, StoreError> {
    let outcome = store.insert_batch(docs, |d| filrouge_clean::site_lines(&d.original))?;
    signatures::sign(store, docs, COPY_THRESHOLD)?;
    Ok(outcome)
}

/// Stores one batch (one transaction), then indexes it, and counts what it
/// did. The store commits first: it is the source of truth, and a batch it
/// holds but the index lacks is caught up by the next ingest.
fn store_batch(
    store: &mut Store,
    index: Option<&mut SearchIndex>,
    docs: &[Document],
    report: &mut IngestReport,
) -> Result<(), IngestError> {
    let outcome = store_unindexed(store, docs)?;
    report.stored += outcome.stored;
    report.duplicates += outcome.duplicates;
    if let Some(index) = index {
        report.indexed += index.add(docs)?.added;
    }
    Ok(())
}

/// The index an ingest keeps in step with the store, locked for writing.
/// For an embedded store a concurrent ingest fails here, before it stores
/// anything. A shared store takes writers from anywhere: when another
/// process of this machine holds the index, this one stores without it,
/// and readers catch their index up from the store.
fn index_for_writing(store: &Store) -> Result<Option<SearchIndex>, IngestError> {
    let mut index = SearchIndex::open(&index_dir(store))?;
    match index.lock_for_writing() {
        Ok(()) => Ok(Some(index)),
        Err(SearchError::Busy(_)) if store.folder().is_none() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Where the search index of `store` lives: `<store>/index/` beside an
/// embedded store; for a shared (PostgreSQL) store, a folder of this
/// machine's own (`FILROUGE_INDEX`, else the user's cache folder), since
/// each machine keeps its index in step with the store (the index is
/// derived data: it is rebuilt from the store, never the reverse).
pub fn index_dir(store: &Store) -> PathBuf {
    if let Some(folder) = store.folder() {
        return SearchIndex::dir_of(folder);
    }
    if let Some(dir) = std::env::var_os("FILROUGE_INDEX") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    let key = blake3::hash(store.name().as_bytes()).to_hex();
    cache
        .join("filrouge")
        .join(format!("index-{}", &key.as_str()[..16]))
}

/// Adds the stored documents the index lacks, one batch at a time, and
/// returns how many. Cheap when the index is in step (two counts). The
/// documents stored after the first `index.len()` are looked at first:
/// documents are numbered in commit order, so when this index was only
/// ever caught up from the store (a server on a shared store, polling)
/// they are exactly what it lacks, whatever the store's size. Only if it
/// still lags (an ingest stopped between its two commits, another
/// writer's batches indexed here out of order) are all ids gone through.
fn index_missing(store: &Store, index: &mut SearchIndex) -> Result<usize, IngestError> {
    let count = store.count()?;
    if index.len() >= count {
        return Ok(0);
    }
    let mut added = add_unindexed(store, index, store.ids_after(index.len())?)?;
    if index.len() < count {
        added += add_unindexed(store, index, store.ids()?)?;
    }
    Ok(added)
}

/// Adds those of `ids` the index lacks, a batch at a time; how many.
fn add_unindexed(
    store: &Store,
    index: &mut SearchIndex,
    ids: Vec<filrouge_model::DocumentId>,
) -> Result<usize, IngestError> {
    let mut added = 0;
    let mut missing = Vec::with_capacity(BATCH_SIZE);
    for id in ids {
        if !index.contains(&id)? {
            missing.push(id);
        }
        if missing.len() == BATCH_SIZE {
            added += index.add(&store.get_many(&missing)?)?.added;
            missing.clear();
        }
    }
    added += index.add(&store.get_many(&missing)?)?.added;
    Ok(added)
}

/// Brings the store's search index in step with the store: indexes the
/// stored documents it lacks, or with `rebuild`, deletes it and indexes
/// every stored document (for an index in an older format). Returns the
/// number of documents indexed.
pub fn reindex(store: &Store, rebuild: bool) -> Result<usize, IngestError> {
    let dir = index_dir(store);
    let mut index = if rebuild {
        SearchIndex::recreate(&dir)?
    } else {
        SearchIndex::open(&dir)?
    };
    index_missing(store, &mut index)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Finding 12 of the "fast and solid" issue: the losing one of two
    /// concurrent ingests committed a first batch of 256 documents before
    /// it failed on the index lock. Now it fails before storing anything.
    #[test]
    fn finding_12_the_losing_concurrent_ingest_stores_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let article = dir.path().join("a.txt");
        std::fs::write(
            &article,
            "Le pont a rouvert mardi.\nLa circulation reprend.",
        )
        .expect("write");
        let store_dir = dir.path().join("store");
        let mut store = Store::open(&store_dir).expect("store");
        let mut winner = SearchIndex::open(&SearchIndex::dir_of(&store_dir)).expect("index");
        winner
            .lock_for_writing()
            .expect("the first ingest holds the index");
        let opts = IngestOptions::default();
        let lost = ingest(&[article], &mut store, &opts, |_| {});
        assert!(
            matches!(lost, Err(IngestError::Search(SearchError::Busy(_)))),
            "{lost:?}"
        );
        assert_eq!(store.count().expect("count"), 0, "nothing stored");
    }

    /// Workers store without the search index: twice is a no-op, and no
    /// index (nor its writer lock) is touched.
    #[test]
    fn storing_unindexed_is_idempotent_and_leaves_the_index_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = "Le pont a rouvert mardi.\nLa circulation reprend.";
        let read = Document::new(
            filrouge_model::DocumentId("0123456789abcdef0123456789abcdef".into()),
            filrouge_model::Source::text_file("a.txt", text.len() as u64),
            filrouge_model::Metadata::default(),
            text.to_string(),
        );
        let as_of = chrono::NaiveDate::from_ymd_opt(2025, 11, 5).expect("a date");
        let pipeline = ingest_pipeline_with(as_of, None);
        let analysed = pipeline.process_guarded(vec![read.clone()]);
        let analysed: Vec<Document> = analysed.into_iter().map(|r| r.expect("analysed")).collect();
        assert_eq!(analysed, vec![pipeline.process(read)]);
        let mut store = Store::open(dir.path()).expect("store");
        let first = store_unindexed(&mut store, &analysed).expect("stored");
        let again = store_unindexed(&mut store, &analysed).expect("stored again");
        assert_eq!((first.stored, first.duplicates), (1, 0));
        assert_eq!((again.stored, again.duplicates), (0, 1));
        assert!(!SearchIndex::dir_of(dir.path()).exists(), "no index");
        assert_eq!(reindex(&store, false).expect("readers catch up"), 1);
    }
}
