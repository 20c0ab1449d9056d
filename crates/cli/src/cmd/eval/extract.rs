//! `filrouge eval extract`: article extraction on the Zyte benchmark.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use filrouge_eval::extract::{evaluate_extraction_of, Scored};

use crate::args::{advance, page_bar, Exit, DONE};

/// Arguments of `filrouge eval extract`.
#[derive(Args)]
pub struct ExtractArgs {
    /// Folder with ground-truth.json and html/*.html.gz.
    #[arg(long)]
    gold: PathBuf,
    /// Score the text after cleaning (what `analyze` shows) instead of
    /// the extracted text.
    #[arg(long)]
    clean: bool,
    /// Print the report as JSON (with per-page scores).
    #[arg(long)]
    json: bool,
}

/// Scores every page and prints the figures and the worst pages.
pub fn run(args: ExtractArgs) -> Result<Exit> {
    let bar = page_bar();
    let scored = if args.clean {
        Scored::Cleaned
    } else {
        Scored::Extracted
    };
    let report =
        evaluate_extraction_of(&args.gold, scored, |done, total| advance(&bar, done, total))?;
    bar.finish_and_clear();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return DONE;
    }
    println!(
        "article extraction on {} ({} pages, {} text scored)",
        args.gold.display(),
        report.documents,
        if args.clean { "cleaned" } else { "extracted" }
    );
    println!(
        "precision {:.3}  recall {:.3}  F1 {:.3}",
        report.prf.precision, report.prf.recall, report.prf.f1
    );
    println!("worst pages:");
    for d in report.per_document.iter().take(5) {
        println!(
            "  {}  P {:.3} R {:.3} F1 {:.3}",
            d.id, d.prf.precision, d.prf.recall, d.prf.f1
        );
    }
    DONE
}
