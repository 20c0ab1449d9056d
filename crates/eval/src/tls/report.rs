//! Scoring a timeline system on a set of tasks: per task and macro mean.

use serde::Serialize;

use super::gold::{GoldTask, TaskInput};
use super::metrics::{mean_scores, score_timeline, RougeOptions, TimelineScores};
use crate::formats::tilse::Timeline;

/// One task's result.
#[derive(Debug, Clone, Serialize)]
pub struct TaskReport {
    /// The task's name.
    pub name: String,
    /// Its target entity, if any.
    pub target: Option<String>,
    /// Dates in the gold timeline.
    pub gold_dates: usize,
    /// Sentences in the gold timeline.
    pub gold_sentences: usize,
    /// Dates in the predicted timeline.
    pub predicted_dates: usize,
    /// Sentences in the predicted timeline.
    pub predicted_sentences: usize,
    /// Every figure.
    pub scores: TimelineScores,
}

/// The result over a set of tasks.
#[derive(Debug, Clone, Serialize)]
pub struct TlsReport {
    /// How tokens were normalised for ROUGE.
    pub rouge: RougeOptions,
    /// Per task, in input order.
    pub tasks: Vec<TaskReport>,
    /// The mean of each figure over the tasks.
    pub mean: TimelineScores,
}

/// Scores a system on tasks with tilse's default ROUGE settings; see
/// [`evaluate_with`].
pub fn evaluate(
    tasks: &[GoldTask],
    system: &mut dyn FnMut(&TaskInput<'_>) -> Timeline,
) -> TlsReport {
    evaluate_with(tasks, RougeOptions::default(), system)
}

/// Scores a system on tasks: the system builds a timeline from each
/// task's [`TaskInput`] (never the gold), which is scored against the
/// task's gold timeline with every metric of [`crate::tls`]; the mean is
/// the macro-average over tasks.
pub fn evaluate_with(
    tasks: &[GoldTask],
    rouge: RougeOptions,
    system: &mut dyn FnMut(&TaskInput<'_>) -> Timeline,
) -> TlsReport {
    let reports: Vec<TaskReport> = tasks
        .iter()
        .map(|task| {
            let predicted = system(&TaskInput::from(task));
            let gold = std::slice::from_ref(&task.timeline);
            TaskReport {
                name: task.name.clone(),
                target: task.target.clone(),
                gold_dates: task.timeline.len(),
                gold_sentences: task.timeline.values().map(Vec::len).sum(),
                predicted_dates: predicted.len(),
                predicted_sentences: predicted.values().map(Vec::len).sum(),
                scores: score_timeline(&predicted, gold, rouge),
            }
        })
        .collect();
    let mean = mean_scores(&reports.iter().map(|r| r.scores).collect::<Vec<_>>());
    TlsReport {
        rouge,
        tasks: reports,
        mean,
    }
}
