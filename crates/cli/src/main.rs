//! The `filrouge` command line: a thin layer over the `filrouge` library.
//!
//! `main.rs` holds the command list and the dispatch; each command's
//! arguments and output live in `cmd/<command>.rs` (`cmd/eval/<task>.rs`
//! for evaluations), arguments shared by several in `args.rs`.
//!
//! Exit codes: 0 success (inputs that could not be read are reported on
//! stderr, one line each, and skipped); 1 an error stopped the command (store,
//! output, gold data); 2 bad usage; 3 the inputs failed: nothing could be
//! read from them (a missing path, or every input unreadable), or
//! `--strict` and one could not be read.

mod args;
mod cmd;
mod progress;

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};

use crate::args::{Exit, InputFailure, INPUT_FAILURE};
use crate::cmd::*;

#[derive(Parser)]
#[command(
    name = "filrouge",
    version,
    about = "From raw news articles to a clean, dated, sourced timeline."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read, clean, analyse and store articles (files, folders, `-` for stdin).
    Ingest(ingest::IngestArgs),
    /// List stored documents.
    Docs(docs::DocsArgs),
    /// Copy a store into another (an embedded store into PostgreSQL, or
    /// back): documents and annotations as stored, nothing analysed again.
    Copy(copy::CopyArgs),
    /// Show a stored document: metadata, removals and why, the cleaned text.
    Show(show::ShowArgs),
    /// Search a store's full-text index: documents (or sentences) by stem,
    /// accents optional, filtered by entity, date and language.
    Search(search::SearchArgs),
    /// Analyse articles without a store; one JSON object per document on stdout.
    Analyze(analyze::AnalyzeArgs),
    /// Named entities across the inputs (or a store), one per person,
    /// place or organisation whatever the spelling, with aliases, counts,
    /// documents and co-occurring entities.
    Entities(entities::EntitiesArgs),
    /// Direct quotes across the inputs (or a store) with their speakers
    /// (canonical entities), cue verbs, channels and who reported them.
    Quotes(quotes::QuotesArgs),
    /// The timeline of the events the inputs report: one entry per event
    /// however many articles report it, dated with its precision, with a
    /// summary from the sources' own sentences, participants, quotes,
    /// sources and disagreements, from the inputs or a store.
    Timeline(timeline::TimelineArgs),
    /// Near-duplicate articles (a story republished with edits) among the
    /// inputs (or a store): pairs whose estimated word-trigram Jaccard
    /// similarity reaches the threshold.
    Duplicates(duplicates::DuplicatesArgs),
    /// Stories across the inputs (or a store): articles grouped by shared
    /// words, entities and dates, numbered as `--story N` takes them.
    Stories(stories::StoriesArgs),
    /// Put the inputs' documents, read as `ingest` reads them, on a NATS
    /// JetStream queue for `worker`s to analyse and store.
    Publish(publish::PublishArgs),
    /// Pull documents off the queue, analyse and store them, acknowledging
    /// each once stored (run as many as you like, on any machine).
    Worker(worker::WorkerArgs),
    /// Where the queue stands: pending, in flight, stored, dead letters.
    Status(status::StatusArgs),
    /// Place the store's documents at the corpus level, one at a time
    /// (near-copies, stories, events linked), and keep the events in the
    /// store, so `serve` reads timelines from them; `--follow` keeps up
    /// with workers and ingests.
    Place(place::PlaceArgs),
    /// Train a model from gold data (reproducible: same data, same model).
    Train {
        #[command(subcommand)]
        what: train::TrainCommand,
    },
    /// Evaluate a stage against gold data.
    Eval {
        #[command(subcommand)]
        what: eval::EvalCommand,
    },
    /// Serve a store over HTTP: the JSON API (`/api/...`, described at
    /// `/api/openapi.json`) and the web page (`/`). Documents ingested
    /// while it runs appear without a restart.
    Serve(serve::ServeArgs),
    /// Measure throughput on a generated corpus (and on HTML pages if given).
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => ExitCode::from(code.0),
        Err(e) => match e.downcast_ref::<InputFailure>() {
            // The input that stopped it was reported as it was read.
            Some(InputFailure::Strict) => ExitCode::from(INPUT_FAILURE),
            Some(failure) => {
                eprintln!("filrouge: error: {failure}");
                ExitCode::from(INPUT_FAILURE)
            }
            None => {
                eprintln!("filrouge: error: {e:#}");
                ExitCode::from(1)
            }
        },
    }
}

fn run(command: Command) -> Result<Exit> {
    match command {
        Command::Ingest(args) => ingest::run(args),
        Command::Docs(args) => docs::run(args),
        Command::Copy(args) => copy::run(args),
        Command::Show(args) => show::run(args),
        Command::Search(args) => search::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Quotes(args) => quotes::run(args),
        Command::Timeline(args) => timeline::run(args),
        Command::Duplicates(args) => duplicates::run(args),
        Command::Stories(args) => stories::run(args),
        Command::Publish(args) => publish::run(args),
        Command::Worker(args) => worker::run(args),
        Command::Status(args) => status::run(args),
        Command::Place(args) => place::run(args),
        Command::Train { what } => train::run(what),
        Command::Eval { what } => eval::run(what),
        Command::Serve(args) => serve::run(args),
        Command::Bench(args) => bench::run(args),
    }
}
