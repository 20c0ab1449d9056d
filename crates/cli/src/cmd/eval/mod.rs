//! `filrouge eval`: each stage against gold data, one file per task.

use anyhow::Result;
use clap::Subcommand;

use crate::args::Exit;

mod attribution;
mod docdate;
mod extract;
mod furniture;
mod linking;
mod ner;
mod quotes;
mod stories;
mod timeline;
mod timex;

/// What `filrouge eval` can evaluate.
#[derive(Subcommand)]
pub enum EvalCommand {
    /// Quotes and reported speech against attribution relations annotated
    /// by others (a PolNeAR split folder: `text/`, `attributions/`): quote
    /// precision, quoted recall, speaker accuracy when the source is named,
    /// reported-speech recall and precision.
    Attribution(attribution::AttributionArgs),
    /// Document dates inferred from the text alone (metadata dates removed)
    /// on development sets: day, month and year right, abstentions, wrong
    /// years among confident answers, reliability of the confidence;
    /// beside the latest-full-date baseline or another system's predictions.
    Docdate(docdate::DocdateArgs),
    /// Article extraction: token precision, recall and F1 (Zyte benchmark layout).
    Extract(extract::ExtractArgs),
    /// Page furniture on whole pages read as one batch: furniture lines
    /// removed and article lines kept, without and with collection learning.
    Furniture(furniture::FurnitureArgs),
    /// Named entities: exact-span precision, recall and F1 per type and
    /// micro-averaged over PER, LOC and ORG, with the bundled model; MISC
    /// (gold HIPE `HumanProd`, MEANTIME `PRO`) on a line of its own, outside
    /// the micro average.
    Ner(ner::NerArgs),
    /// Cross-document linking and dating on the generated news corpus
    /// (stories known): B-cubed P/R/F1 of the events holding each article's
    /// news, and how many are dated to the story's day.
    Linking(linking::LinkingArgs),
    /// Quotes and their speakers against a gold set in the format of
    /// `examples/quotes/README.md`.
    Quotes(quotes::QuotesArgs),
    /// Stories against gold groups (MEANTIME topics, SemEval corpora,
    /// French TimeBank's items each alone, folders of texts): B-cubed precision and
    /// recall, articles left alone, stories; each set alone, then all of
    /// them as one mixed batch.
    Stories(stories::StoriesArgs),
    /// Timeline summarisation as tilse scores it: date F1 and concat,
    /// agreement and align+ m:1 ROUGE-1/2 F1, per task and averaged.
    Timeline(timeline::TimelineArgs),
    /// Time expressions against TimeML gold (French TimeBank, TempEval-3) or
    /// MEANTIME CAT XML: strict and relaxed extent F1, type and value
    /// accuracy, value F1.
    Timex(timex::TimexArgs),
}

/// Runs the evaluation asked for.
pub fn run(command: EvalCommand) -> Result<Exit> {
    match command {
        EvalCommand::Attribution(args) => attribution::run(args),
        EvalCommand::Docdate(args) => docdate::run(args),
        EvalCommand::Extract(args) => extract::run(args),
        EvalCommand::Furniture(args) => furniture::run(args),
        EvalCommand::Ner(args) => ner::run(args),
        EvalCommand::Linking(args) => linking::run(args),
        EvalCommand::Quotes(args) => quotes::run(args),
        EvalCommand::Stories(args) => stories::run(args),
        EvalCommand::Timeline(args) => timeline::run(args),
        EvalCommand::Timex(args) => timex::run(args),
    }
}
