//! `filrouge eval timeline`: timelines against gold timelines, as tilse
//! scores them.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};
use filrouge::evaluation::{task_timeline, TaskSelection, TaskText};
use filrouge_eval::formats::tilse::Timeline;
use filrouge_eval::tls::{
    evaluate, first_sentence_baseline, read_meantime_timelines, read_semeval, read_tilse_dir,
    TaskInput, TimelineScores, TlsReport,
};

use crate::args::{emit, Exit, DONE};

/// Arguments of `filrouge eval timeline`.
#[derive(Args)]
pub struct TimelineArgs {
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
}

/// Gold timeline layouts (`filrouge_eval::tls_gold`).
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
    /// filrouge's timeline builder with every dated event it finds (for a
    /// task following an entity, every event naming it), day dates only:
    /// what these gold timelines (every annotated event of the articles)
    /// ask for.
    Filrouge,
    /// filrouge as `filrouge timeline` shows it by default: the news that
    /// stands out in the collection and the days two sources recall.
    FilrougeDefault,
    /// filrouge, only the articles' news.
    FilrougeNews,
    /// Each document's first (target-naming) sentence at its DCT: a
    /// baseline, not filrouge's timeline builder.
    Baseline,
}

/// filrouge's timeline of a task, from its documents only (never the gold).
fn filrouge_system(task: &TaskInput<'_>, selection: TaskSelection) -> Timeline {
    let texts: Vec<TaskText<'_>> = task
        .documents
        .iter()
        .map(|g| TaskText {
            name: &g.id,
            text: &g.text,
            published: g.dct,
            lang: (g.lang != "und").then_some(g.lang.as_str()),
        })
        .collect();
    let target = task.target.map(|t| t.replace('_', " "));
    task_timeline(&texts, target.as_deref(), selection)
}

/// Reads the gold tasks, runs the system on each and prints the scores.
pub fn run(args: TimelineArgs) -> Result<Exit> {
    let gold = &args.gold;
    let format = args
        .format
        .unwrap_or(if gold.join("list_instances.csv").is_file() {
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
    let (name, report) = match args.system {
        TimelineSystem::Baseline => (
            "first-sentence baseline",
            evaluate(&tasks, &mut |t| first_sentence_baseline(t)),
        ),
        TimelineSystem::Filrouge => (
            "filrouge",
            evaluate(&tasks, &mut |t| filrouge_system(t, TaskSelection::All)),
        ),
        TimelineSystem::FilrougeDefault => (
            "filrouge, default selection",
            evaluate(&tasks, &mut |t| filrouge_system(t, TaskSelection::Default)),
        ),
        TimelineSystem::FilrougeNews => (
            "filrouge, the articles' news only",
            evaluate(&tasks, &mut |t| filrouge_system(t, TaskSelection::News)),
        ),
    };
    // Written through `emit`, so a closed pipe (`| head`) ends quietly.
    let mut out = std::io::stdout().lock();
    if args.json {
        emit(&mut out, &serde_json::to_string_pretty(&report)?)?;
        return DONE;
    }
    emit(&mut out, table(name, &args, &report).trim_end())?;
    DONE
}

/// The report as a table, one row per task and the mean.
fn table(name: &str, args: &TimelineArgs, report: &TlsReport) -> String {
    let mut text = format!(
        "{name} on {} ({} tasks; ROUGE: stop words {}, stemmed {}); F1 figures\n",
        args.gold.display(),
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
    let row = |label: &str, gold: String, pred: String, s: &TimelineScores| {
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
    text
}
