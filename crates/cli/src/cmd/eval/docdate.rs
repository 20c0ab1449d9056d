//! `filrouge eval docdate`: document dates inferred from the text alone
//! against the dates development sets know, beside the latest-full-date
//! baseline or another system's predictions.

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::Args;
use filrouge_eval::docdate::{
    evaluate, ids, read_set, score_predictions, texts, DevSet, DocdateReport, Figures, GoldFormat,
    Share, SystemReport,
};
use filrouge_eval::formats::docdate::{
    align_date_predictions, read_date_predictions, write_dated_texts,
};

use crate::args::{parse_date, Exit, DONE};

/// The reference date the held-out measurement uses.
const HELD_OUT_AS_OF: &str = "2026-11-22";

/// Arguments of `filrouge eval docdate`.
#[derive(Args)]
pub struct DocdateArgs {
    /// A development set: a folder of TimeML or MEANTIME CAT files, a
    /// HIPE-2022 .tsv file or folder, the Zyte benchmark folder, or a
    /// folder of .txt files (the seeds). Give it once per set.
    #[arg(long, required = true)]
    gold: Vec<PathBuf>,
    /// The sets' format: timeml, cat, hipe, zyte or seeds (default: found
    /// from each set's files).
    #[arg(long)]
    format: Option<String>,
    /// The date table (`file name<TAB>date` lines) of a folder of .txt
    /// files (default: the seeds' table bundled with the evaluation crate).
    #[arg(long, value_name = "FILE")]
    truth: Option<PathBuf>,
    /// Reference date of the pipeline: no document is dated after it.
    #[arg(long, value_name = "DATE", value_parser = parse_date, default_value = HELD_OUT_AS_OF)]
    as_of: NaiveDate,
    /// Score another system's predictions instead of running filrouge:
    /// JSONL `{"id", "date", "confidence"?, "reasons"?}`, one line per
    /// text of `--dump-texts` (see `tools/htmldate-baseline/`).
    #[arg(long, value_name = "FILE")]
    pred: Option<PathBuf>,
    /// The predictions' name in the report.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "predictions",
        requires = "pred"
    )]
    system: String,
    /// Write the texts as JSONL `{"id", "set", "text"}` (no truth) for
    /// another system to date, and score nothing.
    #[arg(long, value_name = "FILE", conflicts_with = "pred")]
    dump_texts: Option<PathBuf>,
    /// Also list the first N wrong answers with their truth, confidence
    /// and first reasons.
    #[arg(long, value_name = "N", default_value_t = 0)]
    errors: usize,
    /// Print the whole report as JSON.
    #[arg(long)]
    json: bool,
}

/// Reads the sets, then dumps their texts, scores predictions, or runs
/// filrouge and the baseline and scores them.
pub fn run(args: DocdateArgs) -> Result<Exit> {
    let format: Option<GoldFormat> = args.format.as_deref().map(str::parse).transpose()?;
    let mut sets = Vec::with_capacity(args.gold.len());
    for path in &args.gold {
        let set = read_set(path, format, args.truth.as_deref())
            .with_context(|| format!("reading {}", path.display()))?;
        sets.push(set);
    }
    if let Some(out) = &args.dump_texts {
        let texts = texts(&sets);
        write_dated_texts(out, &texts)?;
        eprintln!("{} texts -> {}", texts.len(), out.display());
        return DONE;
    }
    let report = match &args.pred {
        Some(pred) => predictions_report(&sets, pred, &args.system)?,
        None => evaluate(&sets, args.as_of),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    if let Some(first) = report.systems.first() {
        let errors = errors(first, args.errors);
        if args.json {
            eprint!("{errors}");
        } else if !errors.is_empty() {
            println!("\nfirst wrong answers of {}:\n{errors}", first.system);
        }
    }
    DONE
}

/// The report of the predictions in `pred`, lined up with the sets' texts.
fn predictions_report(
    sets: &[DevSet],
    pred: &std::path::Path,
    system: &str,
) -> Result<DocdateReport> {
    let ids = ids(sets);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let predictions = align_date_predictions(&ids, &read_date_predictions(pred)?)?;
    Ok(score_predictions(sets, system, predictions))
}

/// The report as tables: the sets, then per system its figures per set
/// and overall and its reliability table.
fn print_report(report: &DocdateReport) {
    match report.as_of {
        Some(as_of) => {
            println!("document dates from the text alone, as of {as_of} (development sets)")
        }
        None => println!("document dates from the text alone (development sets)"),
    }
    for s in &report.sets {
        let mut line = format!(
            "  {} ({}, {}): {} documents",
            s.set,
            s.format,
            s.lang.as_deref().unwrap_or("language unknown"),
            s.documents
        );
        if let Some(first) = s.left_out.first() {
            line.push_str(&format!(
                ", {} left out (first: {} {})",
                s.left_out.len(),
                first.name,
                first.reason
            ));
        }
        println!("{line}");
    }
    for system in &report.systems {
        println!();
        println!("{}", system.system);
        println!(
            "  {:<28} {:>5}  {:>16}  {:>16}  {:>16}  {:>16}  {:>16}  {:>18}",
            "set",
            "docs",
            "day right",
            "month right",
            "year right",
            "full date",
            "no year",
            "conf>=0.5 wrong yr"
        );
        for s in &system.sets {
            print_figures(&s.set, &s.figures);
        }
        print_figures("overall", &system.overall);
        print_reliability(&system.overall);
    }
}

/// One row of figures.
fn print_figures(name: &str, f: &Figures) {
    let confident = f
        .confident_wrong_years
        .map_or_else(|| "n/a".to_string(), share);
    println!(
        "  {:<28} {:>5}  {:>16}  {:>16}  {:>16}  {:>16}  {:>16}  {:>18}",
        name,
        f.documents,
        share(f.day),
        share(f.month),
        share(f.year),
        share(f.full_date),
        share(f.abstentions),
        confident
    );
}

/// `3/108 2.8%` (`0/0 -` when there is nothing to count).
fn share(s: Share) -> String {
    if s.of == 0 {
        return "0/0 -".to_string();
    }
    format!("{}/{} {:.1}%", s.count, s.of, 100.0 * s.share)
}

/// The reliability table of `f`, when its answers carry confidences.
fn print_reliability(f: &Figures) {
    if f.reliability.is_empty() {
        return;
    }
    println!("  reliability (overall): stated confidence -> share right at the precision stated");
    for bin in &f.reliability {
        println!(
            "    {:.1}-{:.1}  {:>4} answers  mean confidence {:.2}  right {:>4} = {:>5.1}%",
            bin.from,
            bin.to,
            bin.answers,
            bin.mean_confidence,
            bin.right,
            100.0 * bin.share_right
        );
    }
}

/// The first `n` wrong answers of `system` with their truth, confidence
/// and first reasons, one block each.
fn errors(system: &SystemReport, n: usize) -> String {
    let mut out = String::new();
    for d in system.wrong().take(n) {
        let confidence = d.answer.confidence.map_or_else(
            || "no confidence".to_string(),
            |c| format!("confidence {c:.2}"),
        );
        out.push_str(&format!(
            "{}  truth {}  answer {} ({confidence})\n",
            d.id,
            d.truth,
            d.answer.value.as_deref().unwrap_or("none")
        ));
        for reason in d.answer.reasons.iter().take(3) {
            out.push_str(&format!("    {reason}\n"));
        }
    }
    out
}
