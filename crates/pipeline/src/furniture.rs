//! The first pass: page furniture learned from a batch before any of it is
//! cleaned.
//!
//! Cleaning reads learned furniture as a frozen resource
//! ([`filrouge_clean::CollectionFurniture`]), so a batch is read a first
//! time to count its lines, keeping at most
//! [`filrouge_clean::furniture::MAX_COUNTED_LINES`] line counts. When the
//! documents' text fits in [`HOLD_MAX_BYTES`] they are held and analysed
//! from memory; a larger batch is read a second time, so memory stays
//! bounded whatever the input ([`learn_furniture`] alone never holds).
//! Standard input cannot be read twice; it is read once into memory (the
//! reader holds it whole anyway, under the same size limit) and replayed
//! ([`Inputs`]). Documents already in memory are learned from directly
//! ([`furniture_of`]).

use std::io::Read;
use std::path::PathBuf;

pub use filrouge_clean::CollectionFurniture;
use filrouge_clean::{CollectionLines, DocumentLines};
use filrouge_model::Document;
use filrouge_read::{read_bytes, read_path, ReadError, ReadErrorKind, ReadOptions, ReadResult};
use rayon::prelude::*;

use crate::{Pipeline, BATCH_SIZE};

/// What the first pass learned from a batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct FurnitureSummary {
    /// Documents learned from.
    pub documents: u32,
    /// Of them, copies of an earlier document (not learned from).
    pub copies: u32,
    /// Lines learned as furniture.
    pub lines: usize,
}

impl FurnitureSummary {
    /// The summary of `furniture`.
    pub fn of(furniture: &CollectionFurniture) -> FurnitureSummary {
        FurnitureSummary {
            documents: furniture.documents(),
            copies: furniture.copies(),
            lines: furniture.len(),
        }
    }
}

/// Inputs that can be read more than once: paths, and standard input
/// (`-`) read once and replayed.
pub struct Inputs<'a> {
    paths: &'a [PathBuf],
    opts: &'a ReadOptions,
    /// Standard input's bytes, or why they could not be read.
    stdin: Option<Result<Vec<u8>, String>>,
}

impl<'a> Inputs<'a> {
    /// `paths` read with `opts`; standard input, when one of them is `-`,
    /// is read now (at most the size limit and one byte, as the reader
    /// does, so that too large an input is still reported).
    pub fn new(paths: &'a [PathBuf], opts: &'a ReadOptions) -> Inputs<'a> {
        let stdin = paths.iter().any(|p| p.as_os_str() == "-").then(|| {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(opts.max_bytes.saturating_add(1))
                .read_to_end(&mut bytes)
                .map(|_| bytes)
                .map_err(|e| e.to_string())
        });
        Inputs { paths, opts, stdin }
    }

    /// Every document of every input, in input order (each time the same).
    pub fn read(&self) -> impl Iterator<Item = ReadResult> + '_ {
        self.paths
            .iter()
            .flat_map(move |p| -> Box<dyn Iterator<Item = ReadResult> + '_> {
                match (&self.stdin, p.as_os_str() == "-") {
                    (Some(Ok(bytes)), true) => read_bytes("-", bytes.clone(), self.opts),
                    (Some(Err(e)), true) => Box::new(std::iter::once(Err(ReadError {
                        path: "-".into(),
                        location: None,
                        kind: ReadErrorKind::Io(e.clone()),
                    }))),
                    _ => read_path(p, self.opts),
                }
            })
    }

    /// [`Inputs::read`] in batches of [`BATCH_SIZE`].
    pub fn batches(&self) -> impl Iterator<Item = Vec<ReadResult>> + '_ {
        batches(self.read())
    }
}

/// Items in batches of [`BATCH_SIZE`].
pub(crate) fn batches<T>(mut items: impl Iterator<Item = T>) -> impl Iterator<Item = Vec<T>> {
    std::iter::from_fn(move || {
        let batch: Vec<T> = items.by_ref().take(BATCH_SIZE).collect();
        (!batch.is_empty()).then_some(batch)
    })
}

/// Text (original and working copy, in bytes) a first reading may hold to
/// spare a second: a batch of that size is read once, a larger one twice,
/// so that memory stays bounded whatever the input.
pub const HOLD_MAX_BYTES: usize = 256 << 20;

/// The furniture of the documents `inputs` hold: a first reading that keeps
/// only line counts. Unreadable inputs are skipped here (the analysing
/// reading reports them).
pub fn learn_furniture(inputs: &Inputs<'_>) -> CollectionFurniture {
    first_reading(inputs, 0).furniture
}

/// What a first reading of a batch found.
struct FirstReading {
    /// The batch's furniture.
    furniture: CollectionFurniture,
    /// Every item read, when their text fits the bytes held (`None`: they
    /// must be read again).
    held: Option<Vec<ReadResult>>,
    /// How many items (documents and errors) there are.
    items: usize,
}

/// A first reading of `inputs`: their furniture, how many items they hold,
/// and every item read when their text fits in `hold` bytes.
fn first_reading(inputs: &Inputs<'_>, hold: usize) -> FirstReading {
    let mut lines = CollectionLines::new();
    let mut held = Some(Vec::new());
    let mut bytes = 0usize;
    let mut items = 0;
    for batch in inputs.batches() {
        items += batch.len();
        let docs: Vec<&Document> = batch.iter().filter_map(|r| r.as_ref().ok()).collect();
        observe(&mut lines, &docs);
        bytes += docs
            .iter()
            .map(|d| d.original.len() + d.text.len())
            .sum::<usize>();
        held = held.filter(|_| bytes <= hold).map(|mut h| {
            h.extend(batch);
            h
        });
    }
    FirstReading {
        furniture: lines.learn(),
        held,
        items,
    }
}

/// Inputs after their first reading: what was learned from them and the
/// items to hand on, for a reader that does not analyse them itself (a
/// queue's publisher: its workers analyse with this furniture).
pub struct FirstPass<'i> {
    /// The inputs' page furniture (empty when not learned).
    pub furniture: CollectionFurniture,
    /// Every item in input order: held from the first reading, or read again.
    pub items: Box<dyn Iterator<Item = ReadResult> + 'i>,
    /// How many items there are, when a first reading counted them.
    pub count: Option<usize>,
}

/// Reads `inputs` a first time when `learn` (learning their furniture and
/// counting them, holding what fits in [`HOLD_MAX_BYTES`]), as an ingest
/// does before analysing; without `learn`, reads them once, lazily.
pub fn first_pass<'i>(inputs: &'i Inputs<'_>, learn: bool) -> FirstPass<'i> {
    first_pass_holding(inputs, learn, HOLD_MAX_BYTES)
}

/// [`first_pass`], holding at most `hold` bytes of text.
fn first_pass_holding<'i>(inputs: &'i Inputs<'_>, learn: bool, hold: usize) -> FirstPass<'i> {
    if !learn {
        return FirstPass {
            furniture: CollectionFurniture::default(),
            items: Box::new(inputs.read()),
            count: None,
        };
    }
    let FirstReading {
        furniture,
        held,
        items: count,
    } = first_reading(inputs, hold);
    let items: Box<dyn Iterator<Item = ReadResult> + 'i> = match held {
        Some(items) => Box::new(items.into_iter()),
        None => Box::new(inputs.read()),
    };
    FirstPass {
        furniture,
        items,
        count: Some(count),
    }
}

/// A batch run after its first reading: the pipeline with the furniture
/// learned (when it learns), what was learned, and the items to analyse,
/// held from the first reading or read again.
pub(crate) struct Run<'i> {
    /// The pipeline, its furniture frozen.
    pub pipeline: Pipeline,
    /// What the first reading learned.
    pub summary: FurnitureSummary,
    /// The items, in input order.
    pub items: Box<dyn Iterator<Item = ReadResult> + 'i>,
    /// How many items there are, when the first reading counted them.
    pub count: Option<usize>,
}

impl<'i> Run<'i> {
    /// Reads `inputs` a first time when `pipeline` learns furniture.
    pub(crate) fn prepare(pipeline: &Pipeline, inputs: &'i Inputs<'_>) -> Run<'i> {
        Run::holding(pipeline, inputs, HOLD_MAX_BYTES)
    }

    /// [`Run::prepare`], holding at most `hold` bytes of text.
    fn holding(pipeline: &Pipeline, inputs: &'i Inputs<'_>, hold: usize) -> Run<'i> {
        let pass = first_pass_holding(inputs, pipeline.learns_furniture(), hold);
        // A pipeline that does not learn keeps the furniture it was given.
        let (pipeline, summary) = pipeline.frozen_with(|| pass.furniture);
        Run {
            pipeline,
            summary,
            items: pass.items,
            count: pass.count,
        }
    }
}

/// The furniture of documents held in memory, in their order.
pub fn furniture_of(docs: &[Document]) -> CollectionFurniture {
    let mut lines = CollectionLines::new();
    for batch in docs.chunks(BATCH_SIZE) {
        let batch: Vec<&Document> = batch.iter().collect();
        observe(&mut lines, &batch);
    }
    lines.learn()
}

/// Each document's lines, found in parallel and counted in order.
fn observe(lines: &mut CollectionLines, docs: &[&Document]) {
    let found: Vec<DocumentLines> = docs
        .par_iter()
        .map(|d| DocumentLines::of(&d.original, d.metadata.site.as_deref()))
        .collect();
    for doc_lines in found {
        lines.add(doc_lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Four pages of an invented outlet: a shared template, a body each.
    fn pages(dir: &std::path::Path) {
        for i in 0..4 {
            let text = format!(
                "Le Courrier des Landes\nMon abonnement\nLa marée a emporté {i} cabanes de la plage du Nord dans la nuit, selon la mairie de la commune.\nNotre boutique en ligne"
            );
            std::fs::write(dir.join(format!("{i}.txt")), text).expect("write");
        }
    }

    #[test]
    fn held_and_read_again_batches_come_out_the_same() {
        let dir = tempfile::tempdir().expect("temp dir");
        pages(dir.path());
        let paths = vec![dir.path().to_path_buf()];
        let opts = ReadOptions::default();
        let inputs = Inputs::new(&paths, &opts);
        let pipeline = Pipeline::new().with_tokens(false).with_entities(false);
        let analysed = |run: Run<'_>| -> Vec<Document> {
            let pipeline = run.pipeline;
            run.items
                .filter_map(Result::ok)
                .map(|d| pipeline.process(d))
                .collect()
        };
        let held = Run::holding(&pipeline, &inputs, HOLD_MAX_BYTES);
        assert_eq!(held.summary.lines, 3);
        let held = analysed(held);
        let again = analysed(Run::holding(&pipeline, &inputs, 0));
        assert_eq!(held.len(), 4);
        assert_eq!(held, again);
        assert!(held.iter().all(|d| d.removals.len() == 3));
        let first = first_reading(&inputs, 0);
        assert!(first.held.is_none());
        assert_eq!(first.items, 4);
        assert_eq!(learn_furniture(&inputs).len(), 3);
    }
}
