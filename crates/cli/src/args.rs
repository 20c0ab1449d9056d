//! Arguments and helpers shared by several commands: the store, where a
//! corpus command's documents come from, how inputs are read, page
//! furniture learning, a summary's output, dates, exit codes, the
//! evaluations' page bar and output to a pipe.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use clap::Args;
use filrouge::read::{JsonlFields, ReadOptions, DEFAULT_MAX_BYTES};
use filrouge::store::{Location, Store};
use filrouge::{Collection, Pipeline};
use filrouge_queue::{Names, Queue};
use indicatif::{ProgressBar, ProgressStyle};

use crate::progress::Progress;

/// The store a command reads or writes.
#[derive(Args)]
pub struct StoreArg {
    /// Store: a folder (the embedded store) or a PostgreSQL address
    /// (`postgres://user@host/db`, shared by several processes).
    #[arg(
        long = "store",
        value_name = "DIR|URL",
        env = "FILROUGE_STORE",
        default_value = "filrouge-data"
    )]
    pub location: Location,
}

impl StoreArg {
    /// The store, which must exist (made by `ingest`).
    pub fn open_existing(&self) -> Result<Store> {
        Ok(Store::open_existing_location(&self.location)?)
    }

    /// The store, created if needed (for commands that write).
    pub fn open(&self) -> Result<Store> {
        Ok(Store::open_location(&self.location)?)
    }

    /// The store as messages name it (never a password).
    pub fn display(&self) -> String {
        self.location.display()
    }
}

/// The NATS server and queue of `publish`, `worker` and `status`.
#[derive(Args)]
pub struct NatsArgs {
    /// NATS server with JetStream, as nats://HOST:PORT.
    #[arg(long = "nats", env = "FILROUGE_NATS", value_name = "URL")]
    pub url: String,
    /// Prefix of the queue's stream, subject, consumer and bucket names,
    /// for several queues on one server (letters, digits, `_`, `-`).
    #[arg(
        long = "queue-prefix",
        env = "FILROUGE_QUEUE_PREFIX",
        value_name = "NAME",
        default_value = ""
    )]
    pub prefix: String,
}

impl NatsArgs {
    /// A connection to the queue.
    pub fn connect(&self) -> Result<Queue> {
        Ok(Queue::connect(&self.url, Names::new(&self.prefix)?)?)
    }
}

/// How inputs are read and dated.
#[derive(Args)]
pub struct InputArgs {
    /// Stop at the first input that cannot be read (exit code 3).
    #[arg(long)]
    pub strict: bool,
    /// Largest document accepted, in bytes (larger ones are reported and skipped).
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    pub max_bytes: u64,
    /// JSONL field names, as FIELD=NAME[,NAME] (fields: text, html, title, url, date, lang, id, site, author).
    #[arg(long = "field", value_name = "FIELD=NAME")]
    pub fields: Vec<String>,
    /// Reference date for dating documents that carry no date (YYYY-MM-DD;
    /// default today): no document is dated after it.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
}

impl InputArgs {
    /// The reader's settings.
    pub fn read_options(&self) -> Result<ReadOptions> {
        let mut jsonl_fields = JsonlFields::default();
        for f in &self.fields {
            if let Err(e) = jsonl_fields.set(f) {
                bail!("--field {e}");
            }
        }
        Ok(ReadOptions {
            max_bytes: self.max_bytes,
            jsonl_fields,
        })
    }

    /// The reference date: `--as-of`, or today.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(filrouge::today)
    }

    /// Every stage but tokens, with the reference date of `--as-of`.
    pub fn annotating(&self) -> Pipeline {
        Pipeline::new()
            .with_tokens(false)
            .with_time(Some(self.as_of()))
    }

    /// Every document of `paths` through `pipeline`, as a collection,
    /// the analysis counted on `progress`; unreadable inputs are reported
    /// on stderr, and with `--strict` the first one stops the command
    /// ([`InputFailure::Strict`], exit code 3), as does an input of which
    /// nothing could be read at all ([`InputFailure::NothingRead`]).
    pub fn collection(
        &self,
        paths: &[PathBuf],
        pipeline: &Pipeline,
        progress: &Progress,
    ) -> Result<Collection> {
        let opts = self.read_options()?;
        let mut failed = 0;
        progress.step("reading the inputs");
        let collection = Collection::analyse_counted(
            paths,
            &opts,
            pipeline,
            |e| {
                progress.suspend(|| eprintln!("filrouge: {e}"));
                failed += 1;
                !self.strict
            },
            progress.counter("documents analysed"),
        );
        if failed > 0 && self.strict {
            return Err(InputFailure::Strict.into());
        }
        if failed > 0 && collection.is_empty() {
            return Err(InputFailure::NothingRead { failed }.into());
        }
        Ok(collection)
    }
}

/// `--json` and `--quiet` of the commands that end on a one-line summary
/// of what they stored or sent (`ingest`, `publish`).
#[derive(Args)]
pub struct SummaryArgs {
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

impl SummaryArgs {
    /// The summary: `summary` as JSON on stdout with `--json`, else
    /// `line()` on stderr unless `--quiet`.
    pub fn print(
        &self,
        summary: &impl serde::Serialize,
        line: impl FnOnce() -> String,
    ) -> Result<()> {
        if self.json {
            println!("{}", serde_json::to_string(summary)?);
        } else if !self.quiet {
            eprintln!("{}", line());
        }
        Ok(())
    }
}

/// `--no-furniture-learning` of the commands that read and analyse inputs
/// themselves (`analyze`, `ingest`, `timeline`).
#[derive(Args)]
pub struct FurnitureArg {
    /// Do not learn page furniture from the inputs first (one reading
    /// instead of two; lines recurring across the inputs are then kept).
    #[arg(long)]
    pub no_furniture_learning: bool,
}

impl FurnitureArg {
    /// Whether page furniture is learned from the inputs first.
    pub fn learn(&self) -> bool {
        !self.no_furniture_learning
    }
}

/// Where a corpus command's documents come from: inputs, analysed now, or
/// a store, analysed at ingest. Shared by `timeline`, `entities`,
/// `quotes`, `stories` and `duplicates`.
#[derive(Args)]
pub struct CorpusArgs {
    /// Inputs, as for `analyze` (or `--store`).
    #[arg(required_unless_present = "store")]
    pub paths: Vec<PathBuf>,
    /// Read the documents of a store (made by `ingest`: a folder or a
    /// PostgreSQL address) instead of inputs.
    #[arg(long, value_name = "DIR|URL", conflicts_with = "paths")]
    pub store: Option<Location>,
    #[command(flatten)]
    pub input: InputArgs,
    /// No progress and no summary on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

impl CorpusArgs {
    /// The documents as a collection: the store's (which must exist), or
    /// the inputs analysed by `pipeline`; loading counted on `progress`.
    pub fn collection(&self, pipeline: &Pipeline, progress: &Progress) -> Result<Collection> {
        match &self.store {
            Some(location) => {
                let store = Store::open_existing_location(location)?;
                progress.step("opening the store");
                Ok(Collection::from_store_counted(
                    &store,
                    progress.counter("stored documents loaded"),
                )?)
            }
            None => self.input.collection(&self.paths, pipeline, progress),
        }
    }

    /// What the documents came from, for a summary line.
    pub fn origin(&self) -> String {
        match (&self.store, self.paths.as_slice()) {
            (Some(location), _) => format!("the store {}", location.display()),
            (None, [one]) => one.display().to_string(),
            (None, many) => format!("{} inputs", many.len()),
        }
    }
}

/// Fails with [`InputFailure::NothingRead`], reporting each, when not one
/// of `paths` exists (`-`, standard input, always does).
pub fn some_exist(paths: &[PathBuf]) -> Result<()> {
    let missing: Vec<&PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-" && std::fs::metadata(p).is_err())
        .collect();
    if missing.len() < paths.len() {
        return Ok(());
    }
    for p in &missing {
        eprintln!("filrouge: {}: no such file or folder", p.display());
    }
    Err(InputFailure::NothingRead {
        failed: missing.len(),
    }
    .into())
}

/// The inputs failed: exit code 3.
#[derive(Debug)]
pub enum InputFailure {
    /// `--strict` stopped the command at an input that could not be read
    /// (already reported).
    Strict,
    /// Not one document could be read from the inputs (each failure
    /// reported already): a missing path, or every input unreadable.
    NothingRead {
        /// Inputs (or records) that failed.
        failed: usize,
    },
}

impl std::fmt::Display for InputFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputFailure::Strict => f.write_str("stopped: --strict"),
            InputFailure::NothingRead { failed } => write!(
                f,
                "nothing could be read: {failed} input(s) failed, each reported above"
            ),
        }
    }
}

impl std::error::Error for InputFailure {}

/// The exit code of input failures.
pub const INPUT_FAILURE: u8 = 3;

/// Reads a `YYYY-MM-DD` argument.
pub fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?} is not a YYYY-MM-DD date: {e}"))
}

/// An exit with a code, after the error was reported.
pub struct Exit(pub u8);

/// Success.
pub const DONE: Result<Exit> = Ok(Exit(0));

/// A bar on stderr counting the pages an evaluation has done.
pub fn page_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} pages")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Moves `bar` to `done` of `total`.
pub fn advance(bar: &ProgressBar, done: usize, total: usize) {
    bar.set_length(total as u64);
    bar.set_position(done as u64);
}

/// Writes one line to stdout: `Ok(false)` when the reader has gone (a closed
/// pipe, as with `| head`), which ends the listing without an error.
pub fn emit(out: &mut impl Write, line: &str) -> Result<bool> {
    match writeln!(out, "{line}") {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Whether stdout is a terminal that takes colour (and `NO_COLOR` is unset).
pub fn colour() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
