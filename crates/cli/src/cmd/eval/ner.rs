//! `filrouge eval ner`: named entities against HIPE-2022, Europeana or
//! MEANTIME gold, with the bundled model or another system's output.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::Args;
use filrouge::entities::EntityStage;
use filrouge_eval::formats::entities::{EntitySpan, NerDocument};
use filrouge_eval::formats::ner_jsonl::{
    align_predictions, read_predictions_jsonl, write_texts_jsonl,
};
use filrouge_eval::ner::{read_gold, score, GoldFormat};
use filrouge_eval::perturb::{perturb, Perturbation};

use crate::args::{Exit, DONE};

/// Arguments of `filrouge eval ner`.
#[derive(Args)]
pub struct NerArgs {
    /// The gold file (HIPE-2022 TSV or Europeana BIO) or the MEANTIME
    /// English folder.
    #[arg(long)]
    gold: PathBuf,
    /// hipe, hipe-raw, europeana-test, europeana-train, europeana-all
    /// (French model), meantime-test, meantime-train or meantime-all
    /// (English model; `--gold` is the MEANTIME folder).
    #[arg(long, default_value = "hipe")]
    format: String,
    /// Score another system's predictions instead of the bundled model:
    /// JSONL `{"id", "entities": [{"start", "end", "label"}]}` in gold
    /// token indices (see `tools/spacy-baseline/`).
    #[arg(long, value_name = "FILE")]
    pred: Option<PathBuf>,
    /// Write the gold tokens as JSONL `{"id", "tokens", "space_after"}`
    /// for another system to tag, and score nothing.
    #[arg(long, value_name = "FILE", conflicts_with = "pred")]
    dump_tokens: Option<PathBuf>,
    /// Damage the gold text first, to measure robustness: upper, lower,
    /// curly (typographic apostrophes) or ocr (letters swapped for
    /// look-alikes, at fixed positions). Spans are unchanged, and
    /// `--dump-tokens` writes the damaged tokens for another system.
    #[arg(long, value_name = "KIND")]
    perturb: Option<Perturbation>,
    /// After the report, list the bundled model's misses and false
    /// alarms of one type (PER, LOC, ORG or MISC) with their words.
    #[arg(long, value_name = "TYPE")]
    errors: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Reads the gold, then dumps its tokens, scores another system's
/// predictions, or tags it with the bundled model and scores that.
pub fn run(args: NerArgs) -> Result<Exit> {
    let fmt: GoldFormat = args
        .format
        .parse()
        .map_err(|e| anyhow::anyhow!("--format: {e}"))?;
    let mut docs =
        read_gold(fmt, &args.gold).with_context(|| format!("reading {}", args.gold.display()))?;
    if let Some(p) = args.perturb {
        perturb(&mut docs, p);
    }
    if let Some(out) = &args.dump_tokens {
        write_texts_jsonl(&docs, out)?;
        let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
        eprintln!(
            "{} documents, {tokens} tokens -> {}",
            docs.len(),
            out.display()
        );
        return DONE;
    }
    if let Some(pred) = &args.pred {
        // Another system's output, scored by the same scorer.
        let predictions = align_predictions(&docs, &read_predictions_jsonl(pred)?)?;
        let report = score(&docs, &predictions);
        if args.json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            println!("{report}");
        }
        return DONE;
    }
    let started = std::time::Instant::now();
    let predicted = tag(&docs, fmt.lang())?;
    let seconds = started.elapsed().as_secs_f64();
    let report = score(&docs, &predicted);
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "named entities on {} ({}, {} model, {} documents, {tokens} tokens)",
            args.gold.display(),
            args.format,
            fmt.lang(),
            report.documents
        );
        println!("{report}");
        println!(
            "tagging speed {:.0} tokens/s (one thread)",
            tokens as f64 / seconds.max(1e-9)
        );
    }
    if let Some(label) = &args.errors {
        print_errors(&docs, &predicted, label);
    }
    DONE
}

/// The bundled model's (and MISC patterns') entities in each document.
fn tag(docs: &[NerDocument], lang: &str) -> Result<Vec<Vec<EntitySpan>>> {
    let Some(stage) = EntityStage::bundled() else {
        bail!("the bundled NER model cannot be read (rebuild it with `filrouge train ner`)");
    };
    let mut predicted = Vec::with_capacity(docs.len());
    for d in docs {
        let tokens: Vec<&str> = d.tokens.iter().map(String::as_str).collect();
        let Some(found) = stage.tag_tokens(lang, &tokens) else {
            bail!("the bundled MISC patterns cannot be read (see crates/entities/data/*/misc.txt)");
        };
        predicted.push(
            found
                .into_iter()
                .map(|s| EntitySpan {
                    start: s.start,
                    end: s.end,
                    label: s.label.to_string(),
                })
                .collect(),
        );
    }
    Ok(predicted)
}

/// Lists the misses and false alarms of one type, with their words.
fn print_errors(docs: &[NerDocument], predicted: &[Vec<EntitySpan>], label: &str) {
    for (d, found) in docs.iter().zip(predicted) {
        let words = |s: &EntitySpan| {
            d.tokens
                .get(s.start..s.end)
                .map(|t| t.join(" "))
                .unwrap_or_default()
        };
        for g in d.gold.iter().filter(|g| g.label == label) {
            if !found.contains(g) {
                println!("{}\tmissed\t{}", d.id, words(g));
            }
        }
        for p in found.iter().filter(|p| p.label == label) {
            if !d.gold.contains(p) {
                println!("{}\tfalse alarm\t{}", d.id, words(p));
            }
        }
    }
}
