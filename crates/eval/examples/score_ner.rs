//! Scores an external system's NER predictions (JSONL, token indices of the
//! gold tokenisation) against a gold corpus, exact-span match over PER,
//! LOC and ORG.
//!
//! ```text
//! cargo run -p filrouge-eval --example score_ner -- \
//!     --gold-format hipe --gold FILE.tsv --pred predictions.jsonl [--json]
//! ```
//!
//! Formats: `hipe`, `hipe-raw`, `europeana-train`, `europeana-test`,
//! `europeana-all` (see `filrouge_eval::ner`).

use std::path::PathBuf;
use std::process::ExitCode;

use filrouge_eval::ner::{align_predictions, read_gold, read_predictions_jsonl, score, GoldFormat};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("score_ner: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut format: Option<GoldFormat> = None;
    let mut gold: Option<PathBuf> = None;
    let mut pred: Option<PathBuf> = None;
    let mut json = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--gold-format" => format = Some(value()?.parse()?),
            "--gold" => gold = Some(value()?.into()),
            "--pred" => pred = Some(value()?.into()),
            "--json" => json = true,
            _ => return Err(format!("unknown argument `{arg}`").into()),
        }
    }
    let (Some(format), Some(gold), Some(pred)) = (format, gold, pred) else {
        return Err("usage: --gold-format FORMAT --gold FILE --pred FILE [--json]".into());
    };
    let docs = read_gold(format, &gold)?;
    let predictions = align_predictions(&docs, &read_predictions_jsonl(&pred)?)?;
    let report = score(&docs, &predictions);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{report}");
    }
    Ok(())
}
