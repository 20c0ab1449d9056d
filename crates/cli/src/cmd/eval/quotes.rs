//! `filrouge eval quotes`: quotes and speakers against a gold set.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use filrouge::model::Label;
use filrouge::read::{read_bytes, ReadOptions};
use filrouge::Pipeline;
use filrouge_eval::formats::quotes::{read_quote_gold, QuoteItem};
use filrouge_eval::quotes::{score_quotes, FoundQuote, QuoteReport};

use crate::args::{Exit, DONE};

/// Arguments of `filrouge eval quotes`.
#[derive(Args)]
pub struct QuotesArgs {
    /// The gold JSONL.
    #[arg(long)]
    gold: PathBuf,
    /// List every missed, spurious and misattributed quote.
    #[arg(long)]
    errors: bool,
    /// Print the report as JSON (errors included).
    #[arg(long)]
    json: bool,
}

/// Runs the pipeline on each gold item and scores its quotes.
pub fn run(args: QuotesArgs) -> Result<Exit> {
    let items = read_quote_gold(&args.gold)?;
    let pipeline = Pipeline::new().with_tokens(false);
    let found: Vec<Vec<FoundQuote>> = items.iter().map(|i| quotes_of(i, &pipeline)).collect();
    let r = score_quotes(&items, &found);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print_report(&args, &r);
    }
    DONE
}

/// The quotes filrouge finds in one gold item's text.
fn quotes_of(item: &QuoteItem, pipeline: &Pipeline) -> Vec<FoundQuote> {
    let name = format!("{}.txt", item.id);
    let mut quotes = Vec::new();
    for mut doc in read_bytes(
        &name,
        item.text.clone().into_bytes(),
        &ReadOptions::default(),
    )
    .flatten()
    {
        doc.metadata.declared_lang = Some(item.lang.clone());
        let doc = pipeline.process(doc);
        for a in &doc.annotations {
            if let Label::Quote {
                speaker,
                reported_by,
                ..
            } = &a.label
            {
                quotes.push(FoundQuote {
                    quote: doc.slice(a.span).to_string(),
                    speaker: speaker.clone(),
                    reported_by: reported_by.clone(),
                });
            }
        }
    }
    quotes
}

fn print_report(args: &QuotesArgs, r: &QuoteReport) {
    println!(
        "quotes on {} ({} items, {} gold, {} found)",
        args.gold.display(),
        r.items,
        r.gold,
        r.found
    );
    println!(
        "quote P {:.3} R {:.3} F1 {:.3}  speaker accuracy {:.3} ({} of {} matched)  attributed recall {:.3}",
        r.prf.precision, r.prf.recall, r.prf.f1, r.speaker_accuracy, r.speaker_right, r.matched, r.attributed_recall
    );
    if r.nested > 0 {
        println!(
            "nested attribution: reporter right for {} of {} matched quotes reported by someone else",
            r.nested_right, r.nested
        );
    }
    if !args.errors {
        return;
    }
    for e in &r.errors {
        let who = match (&e.gold, &e.found) {
            (Some(g), Some(f)) => format!("gold {g}, found {f}"),
            (Some(g), None) => format!("gold {g}"),
            (None, Some(f)) => format!("found {f}"),
            (None, None) => String::new(),
        };
        println!("{}\t{}\t{}\t{}", e.item, e.kind, who, e.quote);
    }
}
