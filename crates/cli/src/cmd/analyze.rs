//! `filrouge analyze`: the analysis of each input on stdout, no store.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use filrouge::output::document_json;
use filrouge::Pipeline;

use crate::args::{Exit, FurnitureArg, InputArgs, InputFailure, DONE};

/// Arguments of `filrouge analyze`.
#[derive(Args)]
pub struct AnalyzeArgs {
    /// Inputs: .txt, .html, .jsonl, .warc[.gz], .rss/.atom, folders, `-`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Leave token annotations out of the output.
    #[arg(long)]
    no_tokens: bool,
    #[command(flatten)]
    furniture: FurnitureArg,
    #[command(flatten)]
    input: InputArgs,
    /// Nothing on stderr but errors.
    #[arg(long, short)]
    quiet: bool,
}

/// Output formats of `analyze`.
#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON object per document (schema filrouge.document/1).
    Jsonl,
}

/// Streams one JSON record per document, in input order, after a first
/// pass over the inputs has learned their page furniture.
pub fn run(args: AnalyzeArgs) -> Result<Exit> {
    let Format::Jsonl = args.format;
    let opts = args.input.read_options()?;
    let pipeline = Pipeline::new()
        .with_tokens(!args.no_tokens)
        .with_time(Some(args.input.as_of()))
        .with_furniture_learning(args.furniture.learn());
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    let mut io_error = None;
    let mut strict_failure = false;
    let (mut ok, mut failed) = (0usize, 0usize);
    let furniture = filrouge::analyze(&args.paths, &opts, &pipeline, |item| match item {
        Ok(doc) => {
            ok += 1;
            let line = serde_json::to_string(&document_json(&doc)).unwrap_or_default();
            if let Err(e) = writeln!(out, "{line}") {
                io_error = Some(e);
                return false;
            }
            true
        }
        Err(e) => {
            failed += 1;
            eprintln!("filrouge: {e}");
            if args.input.strict {
                strict_failure = true;
                return false;
            }
            true
        }
    });
    if let Some(e) = io_error {
        // A closed pipe (`| head`) is a normal way to stop reading.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return DONE;
        }
        return Err(e).context("writing to stdout");
    }
    out.flush().ok();
    if strict_failure {
        return Err(InputFailure::Strict.into());
    }
    if !args.quiet {
        eprintln!(
            "analyzed {ok} documents, {failed} inputs failed; {} lines of page furniture learned from them",
            furniture.lines
        );
    }
    if ok == 0 && failed > 0 {
        return Err(InputFailure::NothingRead { failed }.into());
    }
    DONE
}
