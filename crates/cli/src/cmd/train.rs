//! `filrouge train`: models rebuilt from gold data, reproducibly.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand};
use filrouge::entities::{Gazetteer, Model};
use filrouge_eval::formats::entities::{NerDocument, Split};
use filrouge_eval::formats::europeana::read_europeana;
use filrouge_eval::formats::hipe::read_hipe;

use crate::args::{Exit, DONE};

/// What `filrouge train` can train.
#[derive(Subcommand)]
pub enum TrainCommand {
    /// The named-entity tagger: French on the Europeana French train split
    /// (and HIPE dev), English on the MEANTIME train split.
    Ner(TrainNerArgs),
}

/// Arguments of `filrouge train ner`.
#[derive(Args)]
pub struct TrainNerArgs {
    /// The model's language: `fr` (Europeana, HIPE) or `en` (MEANTIME).
    #[arg(long, default_value = "fr")]
    lang: String,
    /// The Europeana French BIO file (`enp_FR.bnf.bio`); its train
    /// split is used (`--lang fr`).
    #[arg(long)]
    europeana: Option<PathBuf>,
    /// HIPE-2022 TSV files to train on as well (the dev set; never the
    /// test set; `--lang fr`).
    #[arg(long)]
    hipe: Vec<PathBuf>,
    /// The MEANTIME English folder (`intra-doc_annotation/` or its
    /// parent); its train split is used (`--lang en`).
    #[arg(long)]
    meantime: Option<PathBuf>,
    /// Where to write the model (default
    /// `crates/entities/models/ner.bin`, `ner-en.bin` for English).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Passes over the data.
    #[arg(long, default_value_t = 8)]
    epochs: usize,
    /// Also train on one sentence in N written in lower case and one
    /// in N in capitals (copies, labels unchanged), so that names are
    /// found where case says nothing; 0 for none.
    #[arg(long, default_value_t = 0, value_name = "N")]
    case_copies: usize,
}

/// Runs the training asked for.
pub fn run(command: TrainCommand) -> Result<Exit> {
    match command {
        TrainCommand::Ner(args) => train_ner(args),
    }
}

/// The gold documents of the model's language and the default output.
fn gold_of(args: &TrainNerArgs) -> Result<(Vec<NerDocument>, PathBuf)> {
    match args.lang.as_str() {
        "fr" => {
            if args.meantime.is_some() {
                bail!("--meantime is English data: use it with --lang en");
            }
            let Some(europeana) = &args.europeana else {
                bail!("--lang fr needs --europeana <enp_FR.bnf.bio>");
            };
            let mut docs = read_europeana(europeana, Split::Train)
                .with_context(|| format!("reading {}", europeana.display()))?;
            for h in &args.hipe {
                if h.to_string_lossy().contains("-test-") {
                    bail!("{} looks like a test set: never train on it", h.display());
                }
                docs.extend(read_hipe(h).with_context(|| format!("reading {}", h.display()))?);
            }
            Ok((docs, "crates/entities/models/ner.bin".into()))
        }
        "en" => {
            if args.europeana.is_some() || !args.hipe.is_empty() {
                bail!("--europeana and --hipe are French data: use them with --lang fr");
            }
            let Some(meantime) = &args.meantime else {
                bail!("--lang en needs --meantime <intra-doc_annotation dir>");
            };
            let docs = filrouge_eval::ner::read_meantime(meantime, Split::Train)
                .with_context(|| format!("reading {}", meantime.display()))?;
            Ok((docs, "crates/entities/models/ner-en.bin".into()))
        }
        other => bail!("--lang {other}: only fr and en models are trained"),
    }
}

fn train_ner(args: TrainNerArgs) -> Result<Exit> {
    let (docs, default_out) = gold_of(&args)?;
    let out = args.out.clone().unwrap_or(default_out);
    let mut sentences = Vec::new();
    for d in &docs {
        let spans: Vec<(usize, usize, String)> = d
            .gold
            .iter()
            .map(|e| (e.start, e.end, e.label.clone()))
            .collect();
        sentences.extend(filrouge::entities::training_sentences(&d.tokens, &spans));
    }
    let copies = filrouge::entities::case_copies(&sentences, args.case_copies);
    sentences.extend(copies);
    let tokens: usize = sentences.iter().map(|(t, _)| t.len()).sum();
    eprintln!(
        "training on {} sentences, {tokens} tokens ({} documents), {} epochs",
        sentences.len(),
        docs.len(),
        args.epochs
    );
    let started = std::time::Instant::now();
    let model = Model::train(&sentences, args.epochs, Gazetteer::bundled());
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {} ({:.1} MB) in {:.0} s",
        out.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    DONE
}
