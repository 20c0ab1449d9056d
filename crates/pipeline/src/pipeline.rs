//! The per-document stages with their resources ([`Pipeline`]), run in
//! parallel over batches of read documents, keeping input order.

use std::path::PathBuf;

use filrouge_clean::{Cleaner, LearnedBoilerplate};
use filrouge_entities::{EntityStage, QuoteFinder};
use filrouge_lexicon::Lexicon;
use filrouge_model::Document;
use filrouge_read::{read_path, ReadOptions, ReadResult};
use filrouge_segment::Segmenter;
use filrouge_time::TimeStage;
use rayon::prelude::*;

/// Documents processed together: one parallel step and, when ingesting, one
/// transaction.
pub const BATCH_SIZE: usize = 256;

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
