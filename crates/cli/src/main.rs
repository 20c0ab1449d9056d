//! The `filrouge` command line: a thin layer over the `filrouge` library.
//!
//! Exit codes: 0 success (inputs that could not be read are reported on
//! stderr, one line each, and skipped); 1 an error stopped the command (store,
//! output, gold data); 2 bad usage; 3 `--strict` and an input could not be read.

mod eval_linking;

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use filrouge::output::{document_json, render_show};
use filrouge::read::{JsonlFields, ReadOptions, DEFAULT_MAX_BYTES};
use filrouge::store::Store;
use filrouge::{IngestError, IngestOptions, Pipeline};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Parser)]
#[command(
    name = "filrouge",
    version,
    about = "From raw news articles to a clean, dated, sourced timeline."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read, clean, analyse and store articles (files, folders, `-` for stdin).
    Ingest {
        /// Inputs: .txt, .html, .jsonl, .warc[.gz], .rss/.atom, folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        store: StoreArg,
        #[command(flatten)]
        input: InputArgs,
        /// Remove lines the store has seen on many pages of the same site.
        #[arg(long)]
        learn_boilerplate: bool,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        /// No progress bar and no summary.
        #[arg(long, short)]
        quiet: bool,
    },
    /// List stored documents.
    Docs {
        #[command(flatten)]
        store: StoreArg,
        /// At most this many.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// Skip this many first.
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
    },
    /// Show a stored document: metadata, removals and why, the cleaned text.
    Show {
        /// Document id or a unique prefix of it.
        id: String,
        #[command(flatten)]
        store: StoreArg,
        /// The full JSON record instead.
        #[arg(long)]
        json: bool,
    },
    /// Search a store's full-text index: documents (or sentences) by stem,
    /// accents optional, filtered by entity, date and language.
    Search(SearchArgs),
    /// Analyse articles without a store; one JSON object per document on stdout.
    Analyze {
        /// Inputs: .txt, .html, .jsonl, .warc[.gz], .rss/.atom, folders, `-`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        /// Leave token annotations out of the output.
        #[arg(long)]
        no_tokens: bool,
        #[command(flatten)]
        input: InputArgs,
        /// Nothing on stderr but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Named entities across the inputs, one per person, place or
    /// organisation whatever the spelling, with aliases, counts, documents
    /// and co-occurring entities (no store needed).
    Entities {
        /// Inputs, as for `analyze`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Only entities mentioned at least this many times.
        #[arg(long, default_value_t = 1)]
        min_mentions: usize,
        /// One JSON object per entity.
        #[arg(long)]
        json: bool,
    },
    /// Direct quotes across the inputs with their speakers (canonical
    /// entities), cue verbs, channels and who reported them (no store needed).
    Quotes {
        /// Inputs, as for `analyze`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Only quotes of this speaker (any alias, case and accents ignored).
        #[arg(long)]
        speaker: Option<String>,
        /// One JSON object per quote.
        #[arg(long)]
        json: bool,
    },
    /// The timeline of the events the inputs report: one entry per event
    /// however many articles report it, dated with its precision, with a
    /// summary from the sources' own sentences, participants, quotes,
    /// sources and disagreements (no store needed).
    Timeline {
        /// Inputs, as for `analyze` (or `--store`).
        #[arg(required_unless_present = "store")]
        paths: Vec<PathBuf>,
        /// Build the timeline of a store's documents (made by `ingest`)
        /// instead of reading inputs.
        #[arg(long, value_name = "DIR", conflicts_with = "paths")]
        store: Option<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = TimelineFormat::Text)]
        format: TimelineFormat,
        /// Only events on or after this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        from: Option<NaiveDate>,
        /// Only events on or before this day (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        to: Option<NaiveDate>,
        /// Only events reported in this language (ISO 639-1).
        #[arg(long)]
        lang: Option<String>,
        /// At most this many events (the most reported are kept).
        #[arg(long)]
        max_events: Option<usize>,
        /// Summary sentences per event.
        #[arg(long, default_value_t = 2)]
        sentences: usize,
        /// Also show events the articles mention in passing.
        #[arg(long)]
        include_background: bool,
        /// Only events with this participant or place (any alias).
        #[arg(long)]
        entity: Option<String>,
        /// Only events whose sentences hold one of these words.
        #[arg(long)]
        query: Option<String>,
        /// Only events of this story (a number, as `filrouge stories` lists
        /// them: `story-3` is 3), over the same inputs.
        #[arg(long, value_name = "N")]
        story: Option<u32>,
    },
    /// Near-duplicate articles (a story republished with edits): pairs whose
    /// estimated word-trigram Jaccard similarity reaches the threshold.
    Duplicates {
        /// Inputs, as for `analyze`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Similarity threshold, 0 to 1.
        #[arg(long, default_value_t = 0.5)]
        threshold: f64,
        /// One JSON object per pair.
        #[arg(long)]
        json: bool,
    },
    /// Stories across the inputs: articles grouped by shared words,
    /// entities and dates (no store needed).
    Stories {
        /// Inputs, as for `analyze`.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Similarity an article needs to join a story, 0 to 1.
        #[arg(long, default_value_t = filrouge_corpus::StoryParams::default().threshold)]
        threshold: f64,
        /// One JSON object per story.
        #[arg(long)]
        json: bool,
    },
    /// Train a model from gold data (reproducible: same data, same model).
    Train {
        #[command(subcommand)]
        what: TrainCommand,
    },
    /// Evaluate a stage against gold data.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Serve a store over HTTP: the JSON API (`/api/...`, described at
    /// `/api/openapi.json`) and the web page (`/`). Documents ingested
    /// while it runs appear without a restart.
    Serve {
        #[command(flatten)]
        store: StoreArg,
        /// Address to listen on (loopback by default).
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: std::net::SocketAddr,
        /// Accept documents posted to `POST /api/documents`.
        #[arg(long)]
        allow_writes: bool,
        /// Bearer token writes must carry (required with --allow-writes
        /// on an address other than loopback).
        #[arg(long, env = "FILROUGE_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Largest request body, in bytes.
        #[arg(long, default_value_t = filrouge_serve::DEFAULT_MAX_BODY)]
        max_body: usize,
    },
    /// Measure throughput on a generated corpus (and on HTML pages if given).
    Bench {
        /// Number of generated plain-text articles.
        #[arg(long, default_value_t = 20_000)]
        docs: usize,
        /// A folder of .html/.html.gz pages for the extraction benchmark.
        #[arg(long)]
        html: Option<PathBuf>,
        /// Measure on this many threads only (default: one thread, then all cores).
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
        /// Instead, run near-duplicates and story clustering over this many
        /// generated articles (speed, stories, duplicates, peak memory).
        #[arg(long)]
        corpus_scale: Option<usize>,
        /// Print results as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum TrainCommand {
    /// The named-entity tagger: French on the Europeana French train split
    /// (and HIPE dev), English on the MEANTIME train split.
    Ner {
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
    },
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Article extraction: token precision, recall and F1 (Zyte benchmark layout).
    Extract {
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
    },
    /// Named entities: exact-span precision, recall and F1 per type and
    /// micro-averaged over PER, LOC and ORG, with the bundled model; MISC
    /// (gold HIPE `HumanProd`, MEANTIME `PRO`) on a line of its own, outside
    /// the micro average.
    Ner {
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
        perturb: Option<filrouge_eval::perturb::Perturbation>,
        /// After the report, list the bundled model's misses and false
        /// alarms of one type (PER, LOC, ORG or MISC) with their words.
        #[arg(long, value_name = "TYPE")]
        errors: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Cross-document linking and dating on the generated news corpus
    /// (stories known): B-cubed P/R/F1 of the events holding each article's
    /// news, and how many are dated to the story's day.
    Linking {
        /// Articles to generate.
        #[arg(long, default_value_t = 10_000)]
        docs: usize,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Quotes and their speakers against a gold set in the format of
    /// `examples/quotes/README.md`.
    Quotes {
        /// The gold JSONL.
        #[arg(long)]
        gold: PathBuf,
        /// List every missed, spurious and misattributed quote.
        #[arg(long)]
        errors: bool,
        /// Print the report as JSON (errors included).
        #[arg(long)]
        json: bool,
    },
    /// Timeline summarisation as tilse scores it: date F1 and concat,
    /// agreement and align+ m:1 ROUGE-1/2 F1, per task and averaged.
    Timeline {
        /// The SemEval-2015 Task 4 folder, the MEANTIME folder, or a tilse
        /// layout folder.
        #[arg(long)]
        gold: PathBuf,
        /// The gold layout (default: guessed from the folder's content).
        #[arg(long, value_enum)]
        format: Option<GoldTimelineFormat>,
        /// The system to score.
        #[arg(long, value_enum, default_value_t = TimelineSystem::Baseline)]
        system: TimelineSystem,
        /// Print the report as JSON (with per-task scores).
        #[arg(long)]
        json: bool,
    },
    /// Time expressions against TimeML gold (French TimeBank, TempEval-3) or
    /// MEANTIME CAT XML: strict and relaxed extent F1, type and value
    /// accuracy, value F1.
    Timex {
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
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TimelineFormat {
    /// Readable text (coloured on a terminal).
    Text,
    /// Markdown.
    Markdown,
    /// JSON, schema filrouge.timeline/1 (docs/timeline-schema.json).
    Json,
    /// A self-contained HTML page (no network needed).
    Html,
    /// TimelineJS 3 JSON.
    Timelinejs,
}

/// Gold timeline layouts (`filrouge_eval::tls`).
#[derive(Clone, Copy, ValueEnum)]
enum GoldTimelineFormat {
    /// SemEval-2015 Task 4 TimeLine (entity timelines).
    Semeval,
    /// MEANTIME, one timeline per topic.
    Meantime,
    /// `<task>.txt` tilse timelines plus `documents/<task>/`.
    Tilse,
}

/// Timeline systems `eval timeline` can run.
#[derive(Clone, Copy, ValueEnum)]
enum TimelineSystem {
    /// filrouge's timeline builder (`filrouge timeline`), restricted to
    /// the task's entity, background events included, day dates only.
    Filrouge,
    /// Each document's first (target-naming) sentence at its DCT: a
    /// baseline, not filrouge's timeline builder.
    Baseline,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON object per document (schema filrouge.document/1).
    Jsonl,
}

#[derive(Args)]
struct StoreArg {
    /// Store directory.
    #[arg(long = "store", default_value = "filrouge-data")]
    dir: PathBuf,
}

#[derive(Args)]
struct InputArgs {
    /// Stop at the first input that cannot be read (exit code 3).
    #[arg(long)]
    strict: bool,
    /// Largest document accepted, in bytes (larger ones are reported and skipped).
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// JSONL field names, as FIELD=NAME[,NAME] (fields: text, html, title, url, date, lang, id, site, author).
    #[arg(long = "field", value_name = "FIELD=NAME")]
    fields: Vec<String>,
    /// Reference date for dating documents that carry no date (YYYY-MM-DD;
    /// default today): no document is dated after it.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<NaiveDate>,
}

fn parse_date(s: &str) -> std::result::Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?} is not a YYYY-MM-DD date: {e}"))
}

impl InputArgs {
    fn read_options(&self) -> Result<ReadOptions> {
        let mut jsonl_fields = JsonlFields::default();
        for f in &self.fields {
            if let Err(e) = jsonl_fields.set(f) {
                bail!("--field {e}");
            }
        }
        Ok(ReadOptions {
            max_bytes: self.max_bytes,
            jsonl_fields,
        })
    }
}

/// An exit with a code, after the error was reported.
struct Exit(u8);

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code.0),
        Err(e) => {
            eprintln!("filrouge: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<Exit> {
    match cli.command {
        Command::Ingest {
            paths,
            store,
            input,
            learn_boilerplate,
            json,
            quiet,
        } => ingest(paths, store, input, learn_boilerplate, json, quiet),
        Command::Docs {
            store,
            limit,
            offset,
            json,
        } => docs(store, limit, offset, json),
        Command::Show { id, store, json } => show(&id, store, json),
        Command::Search(args) => search(args),
        Command::Analyze {
            paths,
            format: Format::Jsonl,
            no_tokens,
            input,
            quiet,
        } => analyze(paths, no_tokens, input, quiet),
        Command::Eval {
            what: EvalCommand::Extract { gold, clean, json },
        } => eval_extract(&gold, clean, json),
        Command::Eval {
            what:
                EvalCommand::Timex {
                    gold,
                    lang,
                    errors,
                    json,
                },
        } => eval_timex(&gold, &lang, errors, json),
        Command::Entities {
            paths,
            input,
            min_mentions,
            json,
        } => entities(paths, input, min_mentions, json),
        Command::Quotes {
            paths,
            input,
            speaker,
            json,
        } => quotes(paths, input, speaker, json),
        Command::Timeline {
            paths,
            store,
            input,
            format,
            from,
            to,
            lang,
            max_events,
            sentences,
            include_background,
            entity,
            query,
            story,
        } => {
            let mut options = filrouge_timeline::TimelineOptions::new(
                input.as_of.unwrap_or_else(filrouge::today),
            );
            options.from = from;
            options.to = to;
            options.lang = lang;
            options.max_events = max_events;
            options.sentences = sentences;
            options.include_background = include_background;
            options.entity = entity;
            options.query = query;
            timeline(paths, store, input, format, story, &options)
        }
        Command::Duplicates {
            paths,
            input,
            threshold,
            json,
        } => duplicates(paths, input, threshold, json),
        Command::Stories {
            paths,
            input,
            threshold,
            json,
        } => stories(paths, input, threshold, json),
        Command::Train {
            what:
                TrainCommand::Ner {
                    lang,
                    europeana,
                    hipe,
                    meantime,
                    out,
                    epochs,
                    case_copies,
                },
        } => train_ner(
            &lang,
            europeana.as_deref(),
            &hipe,
            meantime.as_deref(),
            out,
            epochs,
            case_copies,
        ),
        Command::Eval {
            what:
                EvalCommand::Ner {
                    gold,
                    format,
                    pred,
                    dump_tokens,
                    perturb,
                    errors,
                    json,
                },
        } => eval_ner(
            &gold,
            &format,
            pred.as_deref(),
            dump_tokens.as_deref(),
            perturb,
            errors.as_deref(),
            json,
        ),
        Command::Eval {
            what: EvalCommand::Quotes { gold, errors, json },
        } => eval_quotes(&gold, errors, json),
        Command::Eval {
            what: EvalCommand::Linking { docs, json },
        } => eval_linking::run(docs, json),
        Command::Eval {
            what:
                EvalCommand::Timeline {
                    gold,
                    format,
                    system,
                    json,
                },
        } => eval_timeline(&gold, format, system, json),
        Command::Serve {
            store,
            bind,
            allow_writes,
            token,
            max_body,
        } => serve(filrouge_serve::ServeOptions {
            store: store.dir,
            bind,
            allow_writes,
            token,
            max_body,
        }),
        Command::Bench {
            corpus_scale: Some(n),
            threads,
            json,
            ..
        } => bench_scale(n, threads, json),
        Command::Bench {
            docs,
            html,
            threads,
            json,
            corpus_scale: None,
        } => bench(docs, html, threads, json),
    }
}

fn spinner(quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn ingest(
    paths: Vec<PathBuf>,
    store: StoreArg,
    input: InputArgs,
    learn_boilerplate: bool,
    json: bool,
    quiet: bool,
) -> Result<Exit> {
    let opts = IngestOptions {
        read: input.read_options()?,
        strict: input.strict,
        learn_boilerplate,
        as_of: input.as_of,
    };
    let mut db = Store::open(&store.dir)?;
    let bar = spinner(quiet);
    let mut reported = 0;
    let result = filrouge::ingest(&paths, &mut db, &opts, |r| {
        // Each failed input is reported once, as soon as it is known.
        for f in &r.failed[reported..] {
            bar.suspend(|| eprintln!("filrouge: {f}"));
        }
        reported = r.failed.len();
        bar.set_message(format!(
            "{} read, {} stored, {} duplicates, {} failed",
            r.read,
            r.stored,
            r.duplicates,
            r.failed.len()
        ));
    });
    bar.finish_and_clear();
    let report = match result {
        Ok(r) => r,
        Err(IngestError::Strict(e)) => {
            eprintln!("filrouge: {e} (stopped: --strict)");
            return Ok(Exit(3));
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else if !quiet {
        eprintln!(
            "ingested into {}: {} read, {} stored, {} duplicates skipped, {} failed",
            db.db_path().display(),
            report.read,
            report.stored,
            report.duplicates,
            report.failed.len()
        );
    }
    Ok(Exit(0))
}

fn docs(store: StoreArg, limit: usize, offset: usize, json: bool) -> Result<Exit> {
    let db = open_existing(&store)?;
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    for d in db.list(limit, offset)? {
        if json {
            writeln!(out, "{}", serde_json::to_string(&d)?)?;
        } else {
            writeln!(
                out,
                "{}  {:<2}  {:>6}B  {:>2} removed  {}  {}",
                d.id.get(..12).unwrap_or(&d.id),
                d.lang.as_deref().unwrap_or("?"),
                d.chars,
                d.removals,
                d.title.as_deref().unwrap_or("(untitled)"),
                d.origin
            )?;
        }
    }
    out.flush()?;
    Ok(Exit(0))
}

fn open_existing(store: &StoreArg) -> Result<Store> {
    if !store.dir.join(filrouge::store::DB_FILE).exists() {
        bail!(
            "no store at {} (run `filrouge ingest PATH --store {}` first)",
            store.dir.display(),
            store.dir.display()
        );
    }
    Ok(Store::open(&store.dir)?)
}

fn serve(opts: filrouge_serve::ServeOptions) -> Result<Exit> {
    let writes = if opts.allow_writes { "on" } else { "off" };
    let store = opts.store.display().to_string();
    filrouge_serve::run_blocking(opts, |addr| {
        // Tests and scripts read this line to learn the port.
        println!("filrouge: serving {store} on http://{addr}/ (writes {writes})");
    })?;
    Ok(Exit(0))
}

fn show(id: &str, store: StoreArg, json: bool) -> Result<Exit> {
    let db = open_existing(&store)?;
    let Some(full) = db.resolve(id)? else {
        bail!("no document `{id}` in {}", store.dir.display());
    };
    let doc = db
        .get(&full)?
        .with_context(|| format!("document {full} vanished"))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&document_json(&doc))?);
    } else {
        print!("{}", render_show(&doc));
    }
    Ok(Exit(0))
}

fn analyze(paths: Vec<PathBuf>, no_tokens: bool, input: InputArgs, quiet: bool) -> Result<Exit> {
    let opts = input.read_options()?;
    let pipeline = Pipeline::new()
        .with_tokens(!no_tokens)
        .with_time(Some(input.as_of.unwrap_or_else(filrouge::today)));
    let out = std::io::stdout();
    let mut out = BufWriter::new(out.lock());
    let mut io_error = None;
    let mut strict_failure = false;
    let (mut ok, mut failed) = (0usize, 0usize);
    filrouge::analyze(&paths, &opts, &pipeline, |item| match item {
        Ok(doc) => {
            ok += 1;
            let line = serde_json::to_string(&document_json(&doc)).unwrap_or_default();
            if let Err(e) = writeln!(out, "{line}") {
                io_error = Some(e);
                return false;
            }
            true
        }
        Err(e) => {
            failed += 1;
            eprintln!("filrouge: {e}");
            if input.strict {
                strict_failure = true;
                return false;
            }
            true
        }
    });
    if let Some(e) = io_error {
        // A closed pipe (`| head`) is a normal way to stop reading.
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(Exit(0));
        }
        return Err(e).context("writing to stdout");
    }
    out.flush().ok();
    if strict_failure {
        return Ok(Exit(3));
    }
    if !quiet {
        eprintln!("analyzed {ok} documents, {failed} inputs failed");
    }
    Ok(Exit(0))
}

fn eval_extract(gold: &std::path::Path, clean: bool, json: bool) -> Result<Exit> {
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} pages")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let scored = if clean {
        filrouge_eval::extract::Scored::Cleaned
    } else {
        filrouge_eval::extract::Scored::Extracted
    };
    let report = filrouge_eval::extract::evaluate_extraction_of(gold, scored, |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    })?;
    bar.finish_and_clear();
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "article extraction on {} ({} pages, {} text scored)",
            gold.display(),
            report.documents,
            if clean { "cleaned" } else { "extracted" }
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
    }
    Ok(Exit(0))
}

fn entities(
    paths: Vec<PathBuf>,
    input: InputArgs,
    min_mentions: usize,
    json: bool,
) -> Result<Exit> {
    let docs = match analysed(&paths, &input, &annotating(&input))? {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let mentions = mentions_of(&docs);
    let found = filrouge_entities::resolve(&mentions);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for e in found.iter().filter(|e| e.mentions >= min_mentions) {
        let line = if json {
            serde_json::to_string(e)?
        } else {
            let aliases: Vec<String> = e
                .aliases
                .iter()
                .map(|(a, n)| format!("{a} ({n})"))
                .collect();
            format!(
                "{:<4} {:<28} {:>4} mentions in {} documents  [{}]  id {}",
                e.kind.as_str(),
                e.name,
                e.mentions,
                e.documents.len(),
                aliases.join(", "),
                e.id
            )
        };
        if !emit(&mut out, &line)? {
            break;
        }
    }
    Ok(Exit(0))
}

/// The ids of story `n`'s articles, the stories being those `filrouge
/// stories` finds in `docs`.
fn story_articles(docs: &[filrouge::model::Document], n: u32) -> Result<Vec<String>> {
    let entities = filrouge_entities::resolve(&mentions_of(docs));
    let stories = filrouge::stories::cluster(docs, &entities, Default::default());
    match filrouge::stories::article_ids(&stories, docs, filrouge_corpus::StoryId(n)) {
        Some(ids) => Ok(ids),
        None => bail!(
            "no story {n}: there are {} in these documents",
            stories.len()
        ),
    }
}

fn timeline(
    paths: Vec<PathBuf>,
    store: Option<PathBuf>,
    input: InputArgs,
    format: TimelineFormat,
    story: Option<u32>,
    options: &filrouge_timeline::TimelineOptions,
) -> Result<Exit> {
    use std::io::IsTerminal;
    let docs = match store {
        // Stored documents are analysed already (time, entities, quotes):
        // read them back as they are.
        Some(dir) => Store::open(&dir)?.documents()?,
        None => match analysed(&paths, &input, &annotating(&input))? {
            Ok(d) => d,
            Err(code) => return Ok(code),
        },
    };
    let mut options = options.clone();
    if let Some(n) = story {
        options.documents = Some(story_articles(&docs, n)?);
    }
    let t = filrouge_timeline::build_timeline(docs, &options);
    let text = match format {
        TimelineFormat::Text => filrouge_timeline::render::terminal(
            &t,
            filrouge_timeline::render::Style {
                colour: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            },
        ),
        TimelineFormat::Markdown => filrouge_timeline::render::markdown(&t),
        TimelineFormat::Json => serde_json::to_string_pretty(&t)? + "\n",
        TimelineFormat::Html => filrouge_timeline::render::html(&t),
        TimelineFormat::Timelinejs => {
            serde_json::to_string_pretty(&filrouge_timeline::render::timelinejs(&t))? + "\n"
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    Ok(Exit(0))
}

/// Writes one line to stdout: `Ok(false)` when the reader has gone (a closed
/// pipe, as with `| head`), which ends the listing without an error.
fn emit(out: &mut impl Write, line: &str) -> Result<bool> {
    match writeln!(out, "{line}") {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Every stage but tokens, with the reference date of `--as-of`.
fn annotating(input: &InputArgs) -> Pipeline {
    Pipeline::new()
        .with_tokens(false)
        .with_time(Some(input.as_of.unwrap_or_else(filrouge::today)))
}

/// Every document of `paths` through the pipeline (no tokens), or the exit
/// code when `--strict` stopped it.
fn analysed(
    paths: &[PathBuf],
    input: &InputArgs,
    pipeline: &Pipeline,
) -> Result<std::result::Result<Vec<filrouge::model::Document>, Exit>> {
    let opts = input.read_options()?;
    let mut docs = Vec::new();
    let mut failed = false;
    filrouge::analyze(paths, &opts, pipeline, |item| {
        match item {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                eprintln!("filrouge: {e}");
                failed = true;
            }
        }
        !(failed && input.strict)
    });
    if failed && input.strict {
        return Ok(Err(Exit(3)));
    }
    Ok(Ok(docs))
}

/// The entity mentions of `docs`.
fn mentions_of(docs: &[filrouge::model::Document]) -> Vec<filrouge_entities::Mention> {
    use filrouge::model::Label;
    let mut mentions = Vec::new();
    for doc in docs {
        for a in &doc.annotations {
            if let Label::Entity { kind, refers_to } = &a.label {
                mentions.push(filrouge_entities::Mention {
                    doc: doc.id.to_string(),
                    text: doc.slice(a.span).to_string(),
                    kind: *kind,
                    refers_to: refers_to.clone(),
                });
            }
        }
    }
    mentions
}

fn quotes(
    paths: Vec<PathBuf>,
    input: InputArgs,
    speaker: Option<String>,
    json: bool,
) -> Result<Exit> {
    use filrouge::model::Label;
    let docs = match analysed(&paths, &input, &annotating(&input))? {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let entities = filrouge_entities::resolve(&mentions_of(&docs));
    let keys = filrouge_entities::canonical::NameKeys::bundled();
    // A speaker string names the canonical entity holding it as an alias.
    let canonical = |name: &str| -> Option<&filrouge_entities::CanonicalEntity> {
        entities
            .iter()
            .find(|e| e.aliases.iter().any(|(a, _)| a == name))
    };
    let wanted = speaker.as_deref().map(|s| keys.key(s));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for doc in &docs {
        for a in &doc.annotations {
            let Label::Quote {
                speaker,
                cue,
                channel,
                reported_by,
                ..
            } = &a.label
            else {
                continue;
            };
            let entity = speaker.as_deref().and_then(canonical);
            if let Some(w) = &wanted {
                let matches = entity.is_some_and(|e| {
                    e.aliases.iter().any(|(al, _)| {
                        let k = keys.key(al);
                        k == *w || k.ends_with(&format!(" {w}"))
                    })
                });
                if !matches {
                    continue;
                }
            }
            let name = entity
                .map(|e| e.name.clone())
                .or_else(|| speaker.clone())
                .unwrap_or_else(|| "(unknown speaker)".into());
            if json {
                let v = serde_json::json!({
                    "document": doc.id,
                    "origin": doc.source.origin(),
                    "span": [a.span.start, a.span.end],
                    "quote": doc.slice(a.span),
                    "speaker": name,
                    "speaker_id": entity.map(|e| e.id.clone()),
                    "speaker_as_written": speaker,
                    "cue": cue,
                    "channel": channel,
                    "reported_by": reported_by,
                });
                if !emit(&mut out, &v.to_string())? {
                    return Ok(Exit(0));
                }
            } else {
                let extra = [
                    cue.as_ref().map(|c| format!("cue {c}")),
                    channel.as_ref().map(|c| format!("on {c}")),
                    reported_by.as_ref().map(|r| format!("reported by {r}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
                let line = format!(
                    "{name} ({extra}) in {}:\n    « {} »",
                    doc.source.origin(),
                    doc.slice(a.span).replace('\n', " ")
                );
                if !emit(&mut out, &line)? {
                    return Ok(Exit(0));
                }
            }
        }
    }
    Ok(Exit(0))
}

fn duplicates(paths: Vec<PathBuf>, input: InputArgs, threshold: f64, json: bool) -> Result<Exit> {
    // Near-duplicates need the cleaned text only.
    let pipeline = Pipeline::new()
        .with_tokens(false)
        .with_time(None)
        .with_entities(false);
    let docs = match analysed(&paths, &input, &pipeline)? {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let mut index = filrouge_corpus::NearDuplicates::new(threshold);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for doc in &docs {
        for d in index.add(&doc.text) {
            let earlier = docs
                .get(d.earlier)
                .map(|e| e.source.origin())
                .unwrap_or_default();
            let line = if json {
                serde_json::to_string(&serde_json::json!({
                    "document": doc.source.origin(),
                    "duplicates": earlier,
                    "similarity": (d.similarity * 1000.0).round() / 1000.0,
                }))?
            } else {
                format!("{:.2}  {}  ~  {earlier}", d.similarity, doc.source.origin())
            };
            if !emit(&mut out, &line)? {
                return Ok(Exit(0));
            }
        }
    }
    Ok(Exit(0))
}

fn stories(paths: Vec<PathBuf>, input: InputArgs, threshold: f64, json: bool) -> Result<Exit> {
    use filrouge::stories::{cluster, day_date};
    let docs = match analysed(&paths, &input, &annotating(&input))? {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let entities = filrouge_entities::resolve(&mentions_of(&docs));
    let params = filrouge_corpus::StoryParams {
        threshold,
        ..Default::default()
    };
    let stories = cluster(&docs, &entities, params);
    let date = |d: Option<i32>| d.and_then(day_date).map(|d| d.to_string());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for story in stories.iter() {
        let label = stories
            .label(story.id)
            .unwrap_or_else(|| filrouge_corpus::StoryLabel {
                entities: Vec::new(),
                terms: Vec::new(),
            });
        // Entity keys are canonical ids: show the entities' names.
        let label = filrouge_corpus::StoryLabel {
            entities: label
                .entities
                .iter()
                .map(|id| {
                    entities
                        .iter()
                        .find(|e| &e.id == id)
                        .map_or_else(|| id.clone(), |e| e.name.clone())
                })
                .collect(),
            terms: label.terms,
        };
        let articles: Vec<String> = story
            .articles
            .iter()
            .filter_map(|&a| docs.get(a as usize).map(|d| d.source.origin()))
            .collect();
        let (first, last) = (date(story.first_day), date(story.last_day));
        let line = if json {
            serde_json::to_string(&serde_json::json!({
                "story": story.id.0,
                "label": label,
                "first": first,
                "last": last,
                "articles": articles,
            }))?
        } else {
            let span = match (first, last) {
                (Some(f), Some(l)) if f == l => f,
                (Some(f), Some(l)) => format!("{f} .. {l}"),
                _ => "undated".into(),
            };
            format!(
                "{}  {} article(s), {span}  {label}\n  {}",
                story.id,
                articles.len(),
                articles.join("\n  ")
            )
        };
        if !emit(&mut out, &line)? {
            break;
        }
    }
    Ok(Exit(0))
}

fn train_ner(
    lang: &str,
    europeana: Option<&std::path::Path>,
    hipe: &[PathBuf],
    meantime: Option<&std::path::Path>,
    out: Option<PathBuf>,
    epochs: usize,
    case_copies: usize,
) -> Result<Exit> {
    use filrouge_eval::formats::entities::Split;
    use filrouge_eval::formats::europeana::read_europeana;
    use filrouge_eval::formats::hipe::read_hipe;
    let (docs, out) = match lang {
        "fr" => {
            if meantime.is_some() {
                bail!("--meantime is English data: use it with --lang en");
            }
            let Some(europeana) = europeana else {
                bail!("--lang fr needs --europeana <enp_FR.bnf.bio>");
            };
            let mut docs = read_europeana(europeana, Split::Train)
                .with_context(|| format!("reading {}", europeana.display()))?;
            for h in hipe {
                if h.to_string_lossy().contains("-test-") {
                    bail!("{} looks like a test set: never train on it", h.display());
                }
                docs.extend(read_hipe(h).with_context(|| format!("reading {}", h.display()))?);
            }
            (
                docs,
                out.unwrap_or_else(|| "crates/entities/models/ner.bin".into()),
            )
        }
        "en" => {
            if europeana.is_some() || !hipe.is_empty() {
                bail!("--europeana and --hipe are French data: use them with --lang fr");
            }
            let Some(meantime) = meantime else {
                bail!("--lang en needs --meantime <intra-doc_annotation dir>");
            };
            let docs = filrouge_eval::ner::read_meantime(meantime, Split::Train)
                .with_context(|| format!("reading {}", meantime.display()))?;
            (
                docs,
                out.unwrap_or_else(|| "crates/entities/models/ner-en.bin".into()),
            )
        }
        other => bail!("--lang {other}: only fr and en models are trained"),
    };
    let out = out.as_path();
    let mut sentences = Vec::new();
    for d in &docs {
        let spans: Vec<(usize, usize, String)> = d
            .gold
            .iter()
            .map(|e| (e.start, e.end, e.label.clone()))
            .collect();
        sentences.extend(filrouge_entities::training_sentences(&d.tokens, &spans));
    }
    if case_copies > 0 {
        // Fixed positions (every Nth sentence, lower case; every Nth from
        // the middle of the stride, capitals): the same model every run.
        let copies: Vec<_> = sentences
            .iter()
            .enumerate()
            .filter_map(|(i, (tokens, labels))| {
                let case = match i % case_copies {
                    0 => str::to_lowercase,
                    k if k == case_copies / 2 => str::to_uppercase,
                    _ => return None,
                };
                let t: Vec<String> = tokens.iter().map(|w| case(w)).collect();
                Some((t, labels.clone()))
            })
            .collect();
        sentences.extend(copies);
    }
    let tokens: usize = sentences.iter().map(|(t, _)| t.len()).sum();
    eprintln!(
        "training on {} sentences, {tokens} tokens ({} documents), {epochs} epochs",
        sentences.len(),
        docs.len()
    );
    let started = std::time::Instant::now();
    let model = filrouge_entities::Model::train(
        &sentences,
        epochs,
        filrouge_entities::Gazetteer::bundled(),
    );
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {} ({:.1} MB) in {:.0} s",
        out.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(Exit(0))
}

/// One plain-text article read from memory, with the date and language a
/// gold set or a generator knows; `None` when it cannot be read.
fn text_article(
    name: &str,
    bytes: Vec<u8>,
    published: Option<NaiveDate>,
    lang: Option<&str>,
) -> Option<filrouge::model::Document> {
    let mut doc = filrouge::read::read_bytes(name, bytes, &ReadOptions::default())
        .next()?
        .ok()?;
    doc.metadata.published = published.map(|d| d.format("%Y-%m-%d").to_string());
    doc.metadata.declared_lang = lang.map(str::to_string);
    Some(doc)
}

/// filrouge's timeline of a task's documents (each dated by its DCT), as a
/// tilse timeline: the day-precision events with their summaries, for the
/// task's entity when it has one.
fn filrouge_tls(
    task: &filrouge_eval::tls::TaskInput<'_>,
) -> filrouge_eval::formats::tilse::Timeline {
    let pipeline = Pipeline::new()
        .with_tokens(false)
        .with_time(Some(filrouge::today()));
    let mut docs = Vec::new();
    for g in task.documents {
        let lang = (g.lang != "und").then_some(g.lang.as_str());
        if let Some(doc) = text_article(&g.id, g.text.clone().into_bytes(), Some(g.dct), lang) {
            docs.push(pipeline.process(doc));
        }
    }
    let latest = task
        .documents
        .iter()
        .map(|g| g.dct)
        .max()
        .unwrap_or_else(filrouge::today);
    let mut options = filrouge_timeline::TimelineOptions::new(latest);
    // The command's defaults (two summary sentences), plus the background:
    // an entity's timeline lists every event naming it.
    options.include_background = true;
    let target = task.target.map(|t| t.replace('_', " "));
    options.entity = target;
    let t = filrouge_timeline::build_timeline(docs, &options);
    let mut out = filrouge_eval::formats::tilse::Timeline::new();
    for e in t
        .events
        .iter()
        .filter(|e| e.precision == filrouge::model::DatePrecision::Day)
    {
        if let Ok(day) = NaiveDate::parse_from_str(&e.date, "%Y-%m-%d") {
            out.entry(day)
                .or_default()
                .extend(e.summary.iter().cloned());
        }
    }
    out
}

fn eval_timeline(
    gold: &std::path::Path,
    format: Option<GoldTimelineFormat>,
    system: TimelineSystem,
    json: bool,
) -> Result<Exit> {
    use filrouge_eval::tls::{
        evaluate, first_sentence_baseline, read_meantime_timelines, read_semeval, read_tilse_dir,
    };
    let format = format.unwrap_or(if gold.join("list_instances.csv").is_file() {
        GoldTimelineFormat::Meantime
    } else if gold.join("SemEval_Task4_data").is_dir() || gold.join("corpus_1").is_dir() {
        GoldTimelineFormat::Semeval
    } else {
        GoldTimelineFormat::Tilse
    });
    let tasks = match format {
        GoldTimelineFormat::Semeval => read_semeval(gold)?,
        GoldTimelineFormat::Meantime => read_meantime_timelines(gold)?,
        GoldTimelineFormat::Tilse => read_tilse_dir(gold)?,
    };
    for note in tasks.iter().flat_map(|t| &t.notes) {
        eprintln!("note: {note}");
    }
    let (name, report) = match system {
        TimelineSystem::Baseline => (
            "first-sentence baseline",
            evaluate(&tasks, &mut |t| first_sentence_baseline(t)),
        ),
        TimelineSystem::Filrouge => ("filrouge", evaluate(&tasks, &mut filrouge_tls)),
    };
    // Written through `emit`, so a closed pipe (`| head`) ends quietly.
    let mut out = std::io::stdout().lock();
    if json {
        emit(&mut out, &serde_json::to_string_pretty(&report)?)?;
        return Ok(Exit(0));
    }
    let mut text = format!(
        "{name} on {} ({} tasks; ROUGE: stop words {}, stemmed {}); F1 figures\n",
        gold.display(),
        report.tasks.len(),
        if report.rouge.stopwords {
            "dropped"
        } else {
            "kept"
        },
        if report.rouge.stem { "yes" } else { "no" },
    );
    text.push_str(&format!(
        "{:<36} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}\n",
        "task", "gold", "pred", "date", "con-1", "con-2", "agr-1", "agr-2", "AR-1", "AR-2"
    ));
    let row = |label: &str, gold: String, pred: String, s: &filrouge_eval::tls::TimelineScores| {
        format!(
            "{label:<36} {gold:>5} {pred:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3}\n",
            s.dates.f1,
            s.concat.rouge_1.f1,
            s.concat.rouge_2.f1,
            s.agreement.rouge_1.f1,
            s.agreement.rouge_2.f1,
            s.align.rouge_1.f1,
            s.align.rouge_2.f1,
        )
    };
    for t in &report.tasks {
        text += &row(
            &t.name,
            t.gold_dates.to_string(),
            t.predicted_dates.to_string(),
            &t.scores,
        );
    }
    text += &row("mean", String::new(), String::new(), &report.mean);
    emit(&mut out, text.trim_end())?;
    Ok(Exit(0))
}

fn eval_quotes(gold: &std::path::Path, errors: bool, json: bool) -> Result<Exit> {
    use filrouge::model::Label;
    use filrouge_eval::formats::quotes::read_quote_gold;
    use filrouge_eval::quotes::{score_quotes, FoundQuote};
    let items = read_quote_gold(gold)?;
    let pipeline = Pipeline::new().with_tokens(false);
    let opts = ReadOptions::default();
    let mut found = Vec::new();
    for item in &items {
        let mut quotes = Vec::new();
        let name = format!("{}.txt", item.id);
        for doc in
            filrouge::read::read_bytes(&name, item.text.clone().into_bytes(), &opts).flatten()
        {
            let mut doc = doc;
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
        found.push(quotes);
    }
    let r = score_quotes(&items, &found);
    if json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        println!(
            "quotes on {} ({} items, {} gold, {} found)",
            gold.display(),
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
        if errors {
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
    }
    Ok(Exit(0))
}

fn eval_ner(
    gold: &std::path::Path,
    format: &str,
    pred: Option<&std::path::Path>,
    dump_tokens: Option<&std::path::Path>,
    perturbation: Option<filrouge_eval::perturb::Perturbation>,
    errors: Option<&str>,
    json: bool,
) -> Result<Exit> {
    use filrouge_eval::formats::entities::EntitySpan;
    use filrouge_eval::formats::ner_jsonl::{
        align_predictions, read_predictions_jsonl, write_texts_jsonl,
    };
    use filrouge_eval::ner::{read_gold, score, GoldFormat};
    let fmt: GoldFormat = format
        .parse()
        .map_err(|e| anyhow::anyhow!("--format: {e}"))?;
    let mut docs = read_gold(fmt, gold).with_context(|| format!("reading {}", gold.display()))?;
    if let Some(p) = perturbation {
        filrouge_eval::perturb::perturb(&mut docs, p);
    }
    if let Some(out) = dump_tokens {
        write_texts_jsonl(&docs, out)?;
        let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
        eprintln!(
            "{} documents, {tokens} tokens -> {}",
            docs.len(),
            out.display()
        );
        return Ok(Exit(0));
    }
    if let Some(pred) = pred {
        // Another system's output, scored by the same scorer.
        let predictions = align_predictions(&docs, &read_predictions_jsonl(pred)?)?;
        let report = score(&docs, &predictions);
        if json {
            println!("{}", serde_json::to_string_pretty(&report)?);
        } else {
            println!("{report}");
        }
        return Ok(Exit(0));
    }
    let Some(stage) = filrouge_entities::EntityStage::bundled() else {
        bail!("the bundled NER model cannot be read (rebuild it with `filrouge train ner`)");
    };
    let started = std::time::Instant::now();
    let mut predicted: Vec<Vec<EntitySpan>> = Vec::with_capacity(docs.len());
    for d in &docs {
        let tokens: Vec<&str> = d.tokens.iter().map(String::as_str).collect();
        let Some(found) = stage.tag_tokens(fmt.lang(), &tokens) else {
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
    let seconds = started.elapsed().as_secs_f64();
    let report = score(&docs, &predicted);
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "named entities on {} ({format}, {} model, {} documents, {tokens} tokens)",
            gold.display(),
            fmt.lang(),
            report.documents
        );
        println!("{report}");
        println!(
            "tagging speed {:.0} tokens/s (one thread)",
            tokens as f64 / seconds.max(1e-9)
        );
    }
    if let Some(label) = errors {
        for (d, found) in docs.iter().zip(&predicted) {
            let words = |s: &EntitySpan| d.tokens[s.start..s.end].join(" ");
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
    Ok(Exit(0))
}

fn eval_timex(gold: &std::path::Path, lang: &str, errors: usize, json: bool) -> Result<Exit> {
    let report = filrouge_eval::timex::evaluate_timex(gold, lang)
        .with_context(|| format!("reading gold time expressions in {}", gold.display()))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        let c = &report.counts;
        println!(
            "time expressions on {} ({} documents, lang {}, {} gold, {} found)",
            gold.display(),
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
    for e in report.errors.iter().take(errors) {
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
    Ok(Exit(0))
}

fn bench_scale(articles: usize, threads: Option<u16>, json: bool) -> Result<Exit> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        pool = pool.num_threads(usize::from(n));
    }
    let r = pool
        .build()?
        .install(|| filrouge::bench::scale::bench_scale(articles));
    if json {
        println!("{}", serde_json::to_string(&r)?);
    } else {
        let peak = r.peak_mb.map_or("?".into(), |m| format!("{m:.0}"));
        println!(
            "corpus scale, {} thread(s): {} articles in {:.1} s ({:.0} articles/s; sequential part {:.1} s, clustering {:.1} s), \
             {} stories ({} generated; purity {:.3}, completeness {:.3}), {} near-duplicates ({} generated), peak {peak} MB",
            r.threads, r.articles, r.seconds, r.articles_per_sec(), r.sequential_seconds, r.clustering_seconds,
            r.stories, r.true_stories, r.purity, r.completeness, r.duplicates, r.true_duplicates
        );
    }
    Ok(Exit(0))
}

/// Articles the timeline benchmark analyses and links.
const TIMELINE_BENCH_DOCS: usize = 2000;

/// Analyses `corpus` (all stages, all threads), then times the timeline
/// alone on one thread.
fn bench_timeline(corpus: &[Vec<u8>], as_of: NaiveDate) -> Result<filrouge::bench::Throughput> {
    use rayon::prelude::*;
    let pipeline = Pipeline::new().with_tokens(false).with_time(Some(as_of));
    let docs: Vec<filrouge::model::Document> = corpus
        .par_iter()
        .enumerate()
        .filter_map(|(i, bytes)| {
            // Dated like a feed: one article every few hours over a year.
            let day = as_of - chrono::Duration::days((i % 365) as i64);
            let doc = text_article(&format!("gen-{i}.txt"), bytes.clone(), Some(day), None)?;
            Some(pipeline.process(doc))
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let documents = docs.len();
    let mut options = filrouge_timeline::TimelineOptions::new(as_of);
    options.include_background = true;
    let started = std::time::Instant::now();
    let t = filrouge_timeline::build_timeline(docs, &options);
    let seconds = started.elapsed().as_secs_f64();
    Ok(filrouge::bench::Throughput {
        name: format!("timeline ({} events)", t.events.len()),
        documents,
        bytes,
        seconds,
        threads: 1,
    })
}

fn bench(docs: usize, html: Option<PathBuf>, threads: Option<u16>, json: bool) -> Result<Exit> {
    use filrouge::bench;
    let corpus = bench::generate_corpus(docs);
    // The foundation figure: read + clean + segment, without the time and
    // entity stages (measured on their own).
    let pipeline = Pipeline::new().with_time(None).with_entities(false);
    let mut results = Vec::new();
    // Warm up the lexicon and caches, then measure one thread and all
    // threads, or only the count asked for (a profiler then sees one run).
    bench::bench_text(&corpus[..corpus.len().min(200)], &pipeline);
    let counts = match threads {
        Some(n) => vec![usize::from(n)],
        None => vec![1, rayon::current_num_threads()],
    };
    for &n in &counts {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build()?;
        results.push(pool.install(|| bench::bench_text(&corpus, &pipeline)));
    }
    // The time stage on one thread (or the count asked for).
    let as_of = filrouge::today();
    bench::bench_time(&corpus[..corpus.len().min(200)], as_of);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(counts.first().copied().unwrap_or(1))
        .build()?;
    results.push(pool.install(|| bench::bench_time(&corpus, as_of)));
    // The search index: build speed on one thread, then query latency.
    let (index, latency) = bench::bench_index(&corpus, as_of)?;
    results.push(index);
    // The timeline (linking, dating across articles, assembling) over fully
    // analysed articles. The generated articles repeat a few dozen
    // sentences, so every one reports the same events: the worst case for
    // linking, hence a smaller sample.
    results.push(bench_timeline(
        &corpus[..corpus.len().min(TIMELINE_BENCH_DOCS)],
        as_of,
    )?);
    if let Some(dir) = html {
        let pages = bench::load_pages(&dir)
            .with_context(|| format!("reading pages in {}", dir.display()))?;
        if pages.is_empty() {
            bail!("no .html or .html.gz pages in {}", dir.display());
        }
        results.push(bench::bench_html(&pages));
    }
    for r in &results {
        if json {
            println!("{}", serde_json::to_string(r)?);
        } else {
            println!(
                "{:<36} {:>2} thread(s): {:>7} docs {:>8.1} MB  {:>9.0} docs/s  {:>7.2} MB/s",
                r.name,
                r.threads,
                r.documents,
                r.bytes as f64 / 1e6,
                r.docs_per_sec(),
                r.mb_per_sec()
            );
        }
    }
    if json {
        println!("{}", serde_json::to_string(&latency)?);
    } else {
        println!(
            "{:<36} {:>7} queries on {} docs: p50 {:.2} ms  p95 {:.2} ms",
            latency.name, latency.queries, latency.documents, latency.p50_ms, latency.p95_ms
        );
    }
    Ok(Exit(0))
}

#[derive(Args)]
struct SearchArgs {
    /// The words (all required; `"a phrase"`, `a OR b`, `-word`); none lists
    /// what the filters let through.
    query: Vec<String>,
    #[command(flatten)]
    store: StoreArg,
    /// Only documents mentioning this person, place or organisation (any
    /// alias, case and accents ignored; a surname alone is enough).
    #[arg(long)]
    entity: Option<String>,
    /// Only documents dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Only documents dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Only documents (sentences) in this language (ISO 639-1).
    #[arg(long)]
    lang: Option<String>,
    /// Only the articles of this story (a number, as `filrouge stories`
    /// would list the store's documents).
    #[arg(long, value_name = "N")]
    story: Option<u32>,
    /// At most this many hits.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// The matching sentences with their spans instead of documents.
    #[arg(long)]
    sentences: bool,
    /// One JSON object per hit.
    #[arg(long)]
    json: bool,
    /// Rebuild the index from the store first (a store made before the
    /// index, or by an older filrouge).
    #[arg(long)]
    reindex: bool,
}

fn search(args: SearchArgs) -> Result<Exit> {
    use filrouge::search::{SearchError, SearchIndex, SearchQuery, Snippet};
    use std::io::IsTerminal;
    let db = open_existing(&args.store)?;
    let dir = SearchIndex::dir_of(&args.store.dir);
    if args.reindex {
        let n = filrouge::reindex(&db, true)?;
        eprintln!("indexed {n} documents into {}", dir.display());
        if args.query.is_empty() {
            return Ok(Exit(0));
        }
    }
    let mut index = SearchIndex::open(&dir)?;
    let stored = db.count()?;
    if index.len() < stored {
        // A store older than its index, or an ingest stopped between the
        // two commits: catch up, unless an ingest is writing right now.
        match filrouge::reindex(&db, false) {
            Ok(n) => eprintln!("filrouge: indexed {n} stored documents the index lacked"),
            Err(filrouge::IngestError::Search(SearchError::Busy(_))) => eprintln!(
                "filrouge: the index holds {} of {stored} documents (an ingest is running)",
                index.len()
            ),
            Err(e) => return Err(e.into()),
        }
        index = SearchIndex::open(&dir)?;
    }
    // The store's stories, as `timeline --store --story` finds them.
    let documents = match args.story {
        Some(n) => Some(story_articles(&db.documents()?, n)?),
        None => None,
    };
    let query = SearchQuery {
        text: args.query.join(" "),
        entity: args.entity,
        from: args.from,
        to: args.to,
        lang: args.lang,
        documents,
        limit: args.limit,
    };
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    // Matched words in bold on a terminal, in brackets in a pipe.
    let marked = |text: &str, spans: &[filrouge::model::Span]| {
        let (open, close) = if colour {
            ("\x1b[1m", "\x1b[0m")
        } else {
            ("[", "]")
        };
        let mut out = String::new();
        let mut at = 0;
        for s in spans {
            if s.start < at || text.get(at..s.start).is_none() {
                continue;
            }
            out += &text[at..s.start];
            out += open;
            out += text.get(s.start..s.end).unwrap_or("");
            out += close;
            at = s.end;
        }
        out += text.get(at..).unwrap_or("");
        out.replace('\n', " ")
    };
    let short = |id: &str| id.get(..12).unwrap_or(id).to_string();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut lines = Vec::new();
    if args.sentences {
        for h in index.search_sentences(&query)? {
            lines.push(if args.json {
                serde_json::to_string(&h)?
            } else {
                format!(
                    "{:.3}  {:<10}  {:<2}  {}  [{}..{}]  {}\n    {}",
                    h.score,
                    h.date.as_deref().unwrap_or("-"),
                    h.lang.as_deref().unwrap_or("?"),
                    short(&h.document),
                    h.span.start,
                    h.span.end,
                    h.origin,
                    marked(&h.text, &h.highlighted)
                )
            });
        }
    } else {
        for h in index.search(&query)? {
            lines.push(if args.json {
                serde_json::to_string(&h)?
            } else {
                let Snippet { text, highlighted } = &h.snippet;
                format!(
                    "{:.3}  {:<10}  {:<2}  {}  {}\n    {}\n    {}",
                    h.score,
                    h.date.as_deref().unwrap_or("-"),
                    h.lang.as_deref().unwrap_or("?"),
                    short(&h.id),
                    h.origin,
                    h.title.as_deref().unwrap_or("(untitled)"),
                    marked(text, highlighted)
                )
            });
        }
    }
    for line in lines {
        if !emit(&mut out, &line)? {
            break;
        }
    }
    Ok(Exit(0))
}
