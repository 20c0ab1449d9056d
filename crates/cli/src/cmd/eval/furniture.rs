//! `filrouge eval furniture`: page furniture removed and article kept on
//! whole pages read as one batch, without and with collection learning.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use filrouge_eval::furniture::{evaluate_furniture, Outcome};

use crate::args::{advance, page_bar, Exit, DONE};

/// Arguments of `filrouge eval furniture`.
#[derive(Args)]
pub struct FurnitureArgs {
    /// Folder with ground-truth.json and html/*.html.gz (Zyte benchmark
    /// layout).
    #[arg(long)]
    gold: PathBuf,
    /// Print the report as JSON (with every article line learning lost).
    #[arg(long)]
    json: bool,
    /// Give each page its site (the host of its address), as a crawler
    /// that records addresses does, so furniture is also learned per site.
    #[arg(long)]
    sites: bool,
    /// List this many article lines learning removed.
    #[arg(long, default_value_t = 10)]
    errors: usize,
}

/// Renders every page whole, cleans the batch both ways and prints the
/// shares of furniture lines removed and article lines kept.
pub fn run(args: FurnitureArgs) -> Result<Exit> {
    let bar = page_bar();
    let report = evaluate_furniture(&args.gold, args.sites, |done, total| {
        advance(&bar, done, total)
    })?;
    bar.finish_and_clear();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return DONE;
    }
    println!(
        "page furniture on {} ({} whole pages as one batch{}: {} furniture lines, {} article lines)",
        args.gold.display(),
        report.pages,
        if args.sites { ", with their sites" } else { "" },
        report.furniture_lines,
        report.article_lines
    );
    let row = |name: &str, o: &Outcome| {
        println!(
            "{name:<22} furniture removed {:.3} ({})  article kept {:.3} ({})",
            o.furniture_removed_share, o.furniture_removed, o.article_kept_share, o.article_kept
        );
    };
    row("lexicon only", &report.baseline);
    row("learned from the batch", &report.learned);
    println!(
        "{} lines learned; {} pages set aside as copies",
        report.learned_lines, report.copies
    );
    if args.errors > 0 && !report.article_lost.is_empty() {
        println!("article lines lost to learning:");
        for lost in report.article_lost.iter().take(args.errors) {
            println!("  {}  {:?}  ({})", lost.page, lost.line, lost.reason);
        }
    }
    DONE
}
