//! Document dating from the text alone: how often the date filrouge infers
//! for a document whose metadata gives none ([`filrouge::time::TimeStage`],
//! the document's `document_date`) has the right day, month and year, and
//! whether its confidence can be trusted.
//!
//! - [`sets`]: the development sets read in place (French TimeBank,
//!   TempEval-3, MEANTIME, HIPE-2022, the Zyte pages, the seeds), each
//!   document's text with every date of its metadata removed and its truth
//!   kept aside ([`read_set`]);
//! - [`value`]: what a TimeML date value states ([`StatedDate`]);
//! - [`scorer`]: each answer judged part by part ([`judge`]) and the
//!   figures of a set ([`Figures`]): day, month and year right,
//!   abstentions, wrong years among confident answers, the reliability
//!   table;
//! - [`run`]: filrouge run through the facade's pipeline as users get it
//!   ([`evaluate`]), the latest-full-date baseline from the same run,
//!   another system's predictions ([`score_predictions`]), and the
//!   [`DocdateReport`].
//!
//! The pipeline is measured, never tuned here: the sets are development
//! sets (the held-out real French news stay outside the repository).

pub mod run;
pub mod scorer;
pub mod sets;
pub mod value;

pub use run::{
    evaluate, ids, latest_full_date, score_predictions, texts, DocdateReport, JudgedDocument,
    SetFigures, SetSummary, SystemReport, FILROUGE, LATEST_FULL_DATE,
};
pub use scorer::{judge, Answer, Figures, Judgement, Outcome, ReliabilityBin, Share, CONFIDENT};
pub use sets::{read_set, DevDocument, DevSet, GoldFormat, LeftOut};
pub use value::{Precision, StatedDate};

#[cfg(test)]
mod tests;
