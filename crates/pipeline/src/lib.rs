//! filrouge: from raw news articles to a clean, dated, sourced timeline.
//!
//! This crate is the library facade the CLI (and any other front end) uses.
//! It runs the per-document stages (read -> clean -> segment) over inputs in
//! parallel, in batches, keeping input order, and either streams the
//! analysed documents ([`analyze`]) or stores them ([`ingest`]), keeping
//! the store's full-text index in step ([`reindex`]).
//!
//! Architecture invariant: the pipeline wires stages together and owns
//! batching and parallelism; it holds no analysis logic of its own.

pub mod bench;
pub mod output;
pub mod signatures;
pub mod stories;

use std::path::{Path, PathBuf};

use filrouge_clean::{Cleaner, LearnedBoilerplate, SiteLineCounts};
use filrouge_entities::{EntityStage, QuoteFinder};
use filrouge_lexicon::Lexicon;
use filrouge_model::Document;
use filrouge_read::{read_path, ReadError, ReadOptions, ReadResult};
use filrouge_search::{SearchError, SearchIndex};
use filrouge_segment::Segmenter;
use filrouge_store::{Store, StoreError};
use filrouge_time::TimeStage;
use rayon::prelude::*;

pub use filrouge_model as model;
pub use filrouge_read as read;
pub use filrouge_search as search;
pub use filrouge_store as store;
pub use filrouge_time as time;

/// Documents processed together: one parallel step and, when ingesting, one
/// transaction.
pub const BATCH_SIZE: usize = 256;

/// Minimum number of a site's documents a line must recur in to be learned
/// as boilerplate.
pub const LEARN_MIN_DOCS: u32 = 5;

/// The per-document stages with their resources.
#[derive(Debug, Clone)]
pub struct Pipeline {
    lexicon: &'static Lexicon,
    learned: Option<LearnedBoilerplate>,
    /// Whether token annotations are kept on the documents.
    pub tokens: bool,
    /// The time stage (document date and time expressions), when on.
    time: Option<TimeStage>,
    /// The entity stage, when on (and its bundled model readable).
    entities: Option<EntityStage>,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline {
            lexicon: Lexicon::bundled(),
            learned: None,
            tokens: true,
            time: Some(TimeStage::new(today())),
            entities: EntityStage::bundled(),
        }
    }
}

impl Pipeline {
    /// The default pipeline with the bundled lexicon.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps (or leaves out) token annotations on processed documents.
    pub fn with_tokens(mut self, tokens: bool) -> Self {
        self.tokens = tokens;
        self
    }

    /// Dates documents and tags time expressions with `as_of` as the
    /// reference date (the latest date a document can have); `None` leaves
    /// the time stage out.
    pub fn with_time(mut self, as_of: Option<chrono::NaiveDate>) -> Self {
        self.time = as_of.map(TimeStage::new);
        self
    }

    /// Tags named entities (on by default) or leaves them out.
    pub fn with_entities(mut self, on: bool) -> Self {
        self.entities = if on { EntityStage::bundled() } else { None };
        self
    }

    /// Also removes lines learned as site boilerplate.
    pub fn with_learned(mut self, learned: LearnedBoilerplate) -> Self {
        self.learned = Some(learned);
        self
    }

    /// Runs every per-document stage on `doc`. Never fails.
    pub fn process(&self, doc: Document) -> Document {
        let cleaner = match &self.learned {
            Some(l) => Cleaner::new(self.lexicon).with_learned(l),
            None => Cleaner::new(self.lexicon),
        };
        let doc = cleaner.clean(doc);
        let mut segmenter = Segmenter::new(self.lexicon);
        segmenter.tokens = self.tokens;
        let doc = segmenter.segment(doc);
        let doc = match &self.time {
            Some(time) => time.annotate(doc),
            None => doc,
        };
        match &self.entities {
            // Quotes need the people the entity stage found.
            Some(entities) => QuoteFinder::bundled().annotate(entities.annotate(doc)),
            None => doc,
        }
    }

    /// Processes a batch in parallel, keeping its order.
    pub fn process_batch(&self, batch: Vec<ReadResult>) -> Vec<ReadResult> {
        batch
            .into_par_iter()
            .map(|item| item.map(|doc| self.process(doc)))
            .collect()
    }
}

/// Today's date on this machine's clock (UTC).
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Every document of every input, in input order, as fixed-size batches.
pub fn read_batches<'a>(
    inputs: &'a [PathBuf],
    opts: &'a ReadOptions,
) -> impl Iterator<Item = Vec<ReadResult>> + 'a {
    let mut items = inputs.iter().flat_map(move |p| read_path(p, opts));
    std::iter::from_fn(move || {
        let batch: Vec<ReadResult> = items.by_ref().take(BATCH_SIZE).collect();
        (!batch.is_empty()).then_some(batch)
    })
}

/// Reads and analyses `inputs`, calling `sink` with each document or read
/// error in input order. Stops early when `sink` returns `false`.
pub fn analyze(
    inputs: &[PathBuf],
    opts: &ReadOptions,
    pipeline: &Pipeline,
    mut sink: impl FnMut(ReadResult) -> bool,
) {
    for batch in read_batches(inputs, opts) {
        for item in pipeline.process_batch(batch) {
            if !sink(item) {
                return;
            }
        }
    }
}

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
}

/// Settings of an ingest.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Reader settings.
    pub read: ReadOptions,
    /// Stop at the first input that cannot be read.
    pub strict: bool,
    /// Remove lines the store has learned as site boilerplate.
    pub learn_boilerplate: bool,
    /// Reference date of the time stage (no document is dated after it);
    /// `None` is today.
    pub as_of: Option<chrono::NaiveDate>,
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
/// `progress` is called after each document or error with the running report.
pub fn ingest(
    inputs: &[PathBuf],
    store: &mut Store,
    opts: &IngestOptions,
    mut progress: impl FnMut(&IngestReport),
) -> Result<IngestReport, IngestError> {
    let pipeline = ingest_pipeline(store, opts)?;
    let mut report = IngestReport::default();
    let mut index = SearchIndex::open(&SearchIndex::dir_of(store_dir(store)))?;
    report.indexed += index_missing(store, &mut index)?;
    for batch in read_batches(inputs, &opts.read) {
        let mut docs = Vec::with_capacity(batch.len());
        for item in pipeline.process_batch(batch) {
            match item {
                Ok(doc) => {
                    report.read += 1;
                    docs.push(doc);
                }
                Err(e) if opts.strict => {
                    // Keep what was read before the failure.
                    store_batch(store, &mut index, &docs, &mut report)?;
                    return Err(IngestError::Strict(e));
                }
                Err(e) => report.failed.push(e.to_string()),
            }
            progress(&report);
        }
        store_batch(store, &mut index, &docs, &mut report)?;
        progress(&report);
    }
    Ok(report)
}

/// The pipeline of an ingest: no tokens, the time stage at `as_of`, and
/// the store's learned boilerplate when asked for.
fn ingest_pipeline(store: &Store, opts: &IngestOptions) -> Result<Pipeline, IngestError> {
    let mut pipeline = Pipeline {
        tokens: false,
        ..Pipeline::default()
    }
    .with_time(Some(opts.as_of.unwrap_or_else(today)));
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
/// inputs: the same stages, one transaction per batch, the index after
/// the store.
pub fn ingest_documents(
    docs: Vec<Document>,
    store: &mut Store,
    opts: &IngestOptions,
) -> Result<IngestReport, IngestError> {
    let pipeline = ingest_pipeline(store, opts)?;
    let mut report = IngestReport::default();
    let mut index = SearchIndex::open(&SearchIndex::dir_of(store_dir(store)))?;
    report.indexed += index_missing(store, &mut index)?;
    let mut docs = docs.into_iter().map(Ok).peekable();
    while docs.peek().is_some() {
        let batch: Vec<ReadResult> = docs.by_ref().take(BATCH_SIZE).collect();
        let analysed: Vec<Document> = pipeline
            .process_batch(batch)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        report.read += analysed.len();
        store_batch(store, &mut index, &analysed, &mut report)?;
    }
    Ok(report)
}

/// Stores one batch (one transaction), then indexes it, and counts what it
/// did. The store commits first: it is the source of truth, and a batch it
/// holds but the index lacks is caught up by the next ingest.
fn store_batch(
    store: &mut Store,
    index: &mut SearchIndex,
    docs: &[Document],
    report: &mut IngestReport,
) -> Result<(), IngestError> {
    let outcome = store.insert_batch(docs, |d| filrouge_clean::site_lines(&d.original))?;
    report.stored += outcome.stored;
    report.duplicates += outcome.duplicates;
    report.indexed += index.add(docs)?.added;
    Ok(())
}

/// The directory a store lives in.
fn store_dir(store: &Store) -> &Path {
    store.db_path().parent().unwrap_or(Path::new("."))
}

/// Adds the stored documents the index lacks, one batch at a time, and
/// returns how many. Cheap when the index is in step (two counts).
fn index_missing(store: &Store, index: &mut SearchIndex) -> Result<usize, IngestError> {
    if index.len() >= store.count()? {
        return Ok(0);
    }
    let mut added = 0;
    let mut batch = Vec::with_capacity(BATCH_SIZE);
    for id in store.ids()? {
        if index.contains(&id)? {
            continue;
        }
        if let Some(doc) = store.get(&id)? {
            batch.push(doc);
        }
        if batch.len() == BATCH_SIZE {
            added += index.add(&batch)?.added;
            batch.clear();
        }
    }
    added += index.add(&batch)?.added;
    Ok(added)
}

/// Brings the store's search index in step with the store: indexes the
/// stored documents it lacks, or with `rebuild`, deletes it and indexes
/// every stored document (for an index in an older format). Returns the
/// number of documents indexed.
pub fn reindex(store: &Store, rebuild: bool) -> Result<usize, IngestError> {
    let dir = SearchIndex::dir_of(store_dir(store));
    let mut index = if rebuild {
        SearchIndex::recreate(&dir)?
    } else {
        SearchIndex::open(&dir)?
    };
    index_missing(store, &mut index)
}
