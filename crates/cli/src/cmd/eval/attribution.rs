//! `filrouge eval attribution`: quotes and reported speech against
//! attribution relations annotated by others (a PolNeAR split folder).

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use filrouge::model::Label;
use filrouge::read::{read_bytes, ReadOptions};
use filrouge::Pipeline;
use filrouge_eval::attribution::{score_attributions, AttributionReport, FoundAttribution};
use filrouge_eval::formats::attributions::{read_attributions, AttributedText};

use crate::args::{Exit, DONE};

/// Arguments of `filrouge eval attribution`.
#[derive(Args)]
pub struct AttributionArgs {
    /// A split folder holding `text/` and `attributions/` (PolNeAR's
    /// `data/dev`).
    #[arg(long)]
    gold: PathBuf,
    /// The articles' language.
    #[arg(long, default_value = "en")]
    lang: String,
    /// List every spurious, missed and misattributed quote, and missed
    /// reported speech.
    #[arg(long)]
    errors: bool,
    /// Print the report as JSON (errors included).
    #[arg(long)]
    json: bool,
}

/// Runs the pipeline on each article and scores its quotes.
pub fn run(args: AttributionArgs) -> Result<Exit> {
    let gold = read_attributions(&args.gold)?;
    let pipeline = Pipeline::new().with_tokens(false);
    let found: Vec<Vec<FoundAttribution>> = gold
        .iter()
        .map(|a| found_in(a, &args.lang, &pipeline))
        .collect();
    let r = score_attributions(&gold, &found);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        print_report(&args, &r);
    }
    DONE
}

/// The quotes filrouge finds in one article, over its original text.
fn found_in(article: &AttributedText, lang: &str, pipeline: &Pipeline) -> Vec<FoundAttribution> {
    let name = format!("{}.txt", article.name);
    let mut out = Vec::new();
    for mut doc in read_bytes(
        &name,
        article.text.clone().into_bytes(),
        &ReadOptions::default(),
    )
    .flatten()
    {
        doc.metadata.declared_lang = Some(lang.to_string());
        let doc = pipeline.process(doc);
        for a in &doc.annotations {
            if let Label::Quote {
                speaker, indirect, ..
            } = &a.label
            {
                let span = doc.original_span(a.span);
                out.push(FoundAttribution {
                    span: (span.start, span.end),
                    speaker: speaker.clone(),
                    indirect: *indirect,
                });
            }
        }
    }
    out
}

fn print_report(args: &AttributionArgs, r: &AttributionReport) {
    println!(
        "attribution on {} ({} articles, {} quoted and {} reported gold attributions)",
        args.gold.display(),
        r.articles,
        r.gold_quoted,
        r.gold_reported
    );
    println!(
        "quotes: precision {:.3} ({} of {} in an attribution)  quoted recall {:.3} ({} of {})",
        r.quote_precision,
        r.quotes_in_attribution,
        r.quotes,
        r.quoted_recall,
        r.quoted_found,
        r.gold_quoted
    );
    println!(
        "speaker right, named sources: {:.3} ({} of {})",
        r.speaker_accuracy, r.named_right, r.named
    );
    println!(
        "reported speech: recall {:.3} ({} of {})  precision {:.3} ({} of {} found)  speaker right {} of {} named",
        r.reported_recall,
        r.reported_found,
        r.gold_reported,
        r.reported_precision,
        r.reported_in_attribution,
        r.reported,
        r.reported_named_right,
        r.reported_named
    );
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
        println!("{}\t{}\t{}\t{}", e.article, e.kind, who, e.words);
    }
}
