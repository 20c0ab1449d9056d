//! The per-document stages with their resources ([`Pipeline`]), run in
//! parallel over batches of read documents, keeping input order; [`analyze`]
//! learns the batch's page furniture first (see [`crate::furniture`]).

use std::path::PathBuf;
use std::sync::Arc;

use filrouge_clean::{Cleaner, CollectionFurniture, LearnedBoilerplate};
use filrouge_entities::{EntityStage, QuoteFinder};
use filrouge_lexicon::Lexicon;
use filrouge_model::Document;
use filrouge_read::{read_path, ReadOptions, ReadResult};
use filrouge_segment::Segmenter;
use filrouge_time::TimeStage;
use rayon::prelude::*;

use crate::furniture::{batches, FurnitureSummary, Inputs, Run};

/// Documents processed together: one parallel step and, when ingesting, one
/// transaction.
pub const BATCH_SIZE: usize = 256;

/// The per-document stages with their resources.
#[derive(Debug, Clone)]
pub struct Pipeline {
    lexicon: &'static Lexicon,
    learned: Option<Arc<LearnedBoilerplate>>,
    /// Page furniture learned from the collection, frozen.
    furniture: Option<Arc<CollectionFurniture>>,
    /// Whether batch runs learn their page furniture first.
    learn_furniture: bool,
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
            furniture: None,
            learn_furniture: true,
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
        self.learned = Some(Arc::new(learned));
        self
    }

    /// Also removes the page furniture learned from a collection (frozen:
    /// batch runs then learn nothing more).
    pub fn with_furniture(mut self, furniture: CollectionFurniture) -> Self {
        self.furniture = Some(Arc::new(furniture));
        self
    }

    /// Whether batch runs ([`analyze`], [`crate::ingest`],
    /// [`crate::Collection::analyse`]) first learn the page furniture of
    /// their inputs (on by default).
    pub fn with_furniture_learning(mut self, on: bool) -> Self {
        self.learn_furniture = on;
        self
    }

    /// Whether a batch run should learn furniture before analysing: on,
    /// and none given.
    pub(crate) fn learns_furniture(&self) -> bool {
        self.learn_furniture && self.furniture.is_none()
    }

    /// This pipeline with the furniture `learn` gives when it learns.
    pub(crate) fn frozen_with(
        &self,
        learn: impl FnOnce() -> CollectionFurniture,
    ) -> (Pipeline, FurnitureSummary) {
        if !self.learns_furniture() {
            let summary = self.furniture.as_deref().map(FurnitureSummary::of);
            return (self.clone(), summary.unwrap_or_default());
        }
        let furniture = learn();
        let summary = FurnitureSummary::of(&furniture);
        (self.clone().with_furniture(furniture), summary)
    }

    /// Runs every per-document stage on `doc`. Never fails.
    pub fn process(&self, doc: Document) -> Document {
        let mut cleaner = Cleaner::new(self.lexicon);
        if let Some(l) = &self.learned {
            cleaner = cleaner.with_learned(l);
        }
        if let Some(f) = &self.furniture {
            cleaner = cleaner.with_furniture(f);
        }
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

    /// Processes documents in parallel, keeping their order; a document on
    /// which a stage panics (a bug its input shows) is that document's
    /// failure, said with the panic's message, and the others go on. For a
    /// process that must outlive a poison record (a queue's worker).
    pub fn process_guarded(&self, docs: Vec<Document>) -> Vec<Result<Document, String>> {
        docs.into_par_iter()
            .map(|doc| {
                let id = doc.id.clone();
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.process(doc)))
                    .map_err(|panic| format!("analysis failed: {}", panic_message(&*panic)))
                    .map_err(|e| format!("document {id}: {e}"))
            })
            .collect()
    }
}

/// What a panic said, when it said it as text.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(s), _) => format!("a stage panicked: {s}"),
        (_, Some(s)) => format!("a stage panicked: {s}"),
        _ => "a stage panicked".to_string(),
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
    batches(inputs.iter().flat_map(move |p| read_path(p, opts)))
}

/// Reads and analyses `inputs`, calling `sink` with each document or read
/// error in input order. Stops early when `sink` returns `false`.
///
/// When the pipeline learns furniture, a first reading counts the inputs'
/// lines, and the documents are analysed with the furniture learned: from
/// memory when their text is small enough to hold, else read again (see
/// [`crate::furniture`]). Returns what was learned.
pub fn analyze(
    inputs: &[PathBuf],
    opts: &ReadOptions,
    pipeline: &Pipeline,
    mut sink: impl FnMut(ReadResult) -> bool,
) -> FurnitureSummary {
    let inputs = Inputs::new(inputs, opts);
    let run = Run::prepare(pipeline, &inputs);
    for batch in batches(run.items) {
        for item in run.pipeline.process_batch(batch) {
            if !sink(item) {
                return run.summary;
            }
        }
    }
    run.summary
}
