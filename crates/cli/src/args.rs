//! Arguments and helpers shared by several commands: the store, how inputs
//! are read, dates, exit codes, progress and output to a pipe.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Result};
use chrono::NaiveDate;
use clap::Args;
use filrouge::read::{JsonlFields, ReadOptions, DEFAULT_MAX_BYTES};
use filrouge::store::Store;
use filrouge::{Collection, Pipeline};
use indicatif::{ProgressBar, ProgressStyle};

/// The store a command reads or writes.
#[derive(Args)]
pub struct StoreArg {
    /// Store directory.
    #[arg(long = "store", default_value = "filrouge-data")]
    pub dir: PathBuf,
}

impl StoreArg {
    /// The store, which must exist (made by `ingest`).
    pub fn open_existing(&self) -> Result<Store> {
        Ok(Store::open_existing(&self.dir)?)
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

    /// Every document of `paths` through `pipeline`, as a collection;
    /// unreadable inputs are reported on stderr, and with `--strict` the
    /// first one stops the command ([`StrictStop`], exit code 3).
    pub fn collection(&self, paths: &[PathBuf], pipeline: &Pipeline) -> Result<Collection> {
        let opts = self.read_options()?;
        let mut failed = false;
        let collection = Collection::analyse(paths, &opts, pipeline, |e| {
            eprintln!("filrouge: {e}");
            failed = true;
            !self.strict
        });
        if failed && self.strict {
            return Err(StrictStop.into());
        }
        Ok(collection)
    }
}

/// `--strict` stopped the command at an input that could not be read
/// (already reported): exit code 3.
#[derive(Debug)]
pub struct StrictStop;

impl std::fmt::Display for StrictStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("stopped: --strict")
    }
}

impl std::error::Error for StrictStop {}

/// Reads a `YYYY-MM-DD` argument.
pub fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?} is not a YYYY-MM-DD date: {e}"))
}

/// An exit with a code, after the error was reported.
pub struct Exit(pub u8);

/// Success.
pub const DONE: Result<Exit> = Ok(Exit(0));

/// A spinner on stderr (hidden when `quiet`).
pub fn spinner(quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

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
