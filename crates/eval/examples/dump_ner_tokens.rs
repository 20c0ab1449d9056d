//! Writes the gold tokens of an NER corpus as JSONL (`{"id", "tokens",
//! "space_after"}`, no gold entities) for an external tagger to run on.
//!
//! ```text
//! cargo run -p filrouge-eval --example dump_ner_tokens -- \
//!     --gold-format hipe --gold FILE.tsv --out tokens.jsonl
//! ```
//!
//! Formats: `hipe`, `hipe-raw`, `europeana-train`, `europeana-test`,
//! `europeana-all` (see `filrouge_eval::ner`).

use std::path::PathBuf;
use std::process::ExitCode;

use filrouge_eval::ner::{read_gold, write_texts_jsonl, GoldFormat};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dump_ner_tokens: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut format: Option<GoldFormat> = None;
    let mut gold: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--gold-format" => format = Some(value()?.parse()?),
            "--gold" => gold = Some(value()?.into()),
            "--out" => out = Some(value()?.into()),
            _ => return Err(format!("unknown argument `{arg}`").into()),
        }
    }
    let (Some(format), Some(gold), Some(out)) = (format, gold, out) else {
        return Err("usage: --gold-format FORMAT --gold FILE --out FILE".into());
    };
    let docs = read_gold(format, &gold)?;
    write_texts_jsonl(&docs, &out)?;
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    eprintln!(
        "{} documents, {tokens} tokens -> {}",
        docs.len(),
        out.display()
    );
    Ok(())
}
