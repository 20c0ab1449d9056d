//! `filrouge eval timex`: time expressions against TimeML gold.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use filrouge_eval::timex::evaluate_timex;

use crate::args::{Exit, DONE};

/// Arguments of `filrouge eval timex`.
#[derive(Args)]
pub struct TimexArgs {
    /// Folder of .tml TimeML files and/or .xml CAT files (searched recursively).
    #[arg(long)]
    gold: PathBuf,
    /// Language of the gold texts: fr, en, or auto.
    #[arg(long, default_value = "auto")]
    lang: String,
    /// Also list this many disagreements (missed, spurious, extent, type, value).
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

/// Tags every gold text and prints the figures (and disagreements).
pub fn run(args: TimexArgs) -> Result<Exit> {
    let report = evaluate_timex(&args.gold, &args.lang)
        .with_context(|| format!("reading gold time expressions in {}", args.gold.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        let c = &report.counts;
        println!(
            "time expressions on {} ({} documents, lang {}, {} gold, {} found)",
            args.gold.display(),
            report.documents,
            report.lang,
            c.gold,
            c.system
        );
        println!(
            "strict F1 {:.3}  relaxed P {:.3} R {:.3} F1 {:.3}  type acc {:.3}  value acc {:.3}  value F1 {:.3}",
            report.strict_f1,
            report.relaxed_precision,
            report.relaxed_recall,
            report.relaxed_f1,
            report.type_accuracy,
            report.value_accuracy,
            report.value_f1
        );
        println!("tagging speed {:.1} MB/s (one thread)", report.mb_per_s);
    }
    for e in report.errors.iter().take(args.errors) {
        let gold = e
            .gold
            .as_ref()
            .map(|g| format!("{} {} {}", g.text, g.kind, g.value))
            .unwrap_or_default();
        let sys = e
            .system
            .as_ref()
            .map(|s| format!("{} {}", s.kind, s.value))
            .unwrap_or_default();
        eprintln!(
            "{:8} {} | gold: {} | ours: {} | {}",
            e.kind.as_str(),
            e.doc,
            gold,
            sys,
            e.context
        );
    }
    DONE
}
