//! Runs filrouge's time tagger over gold documents (TimeML or MEANTIME
//! CAT) and scores it.

use std::path::Path;
use std::time::Instant;

use filrouge_time::{PartialDate, TimeTagger};
use serde::Serialize;

use super::{read_gold_dir, score_document, SystemTimex, TimexCounts, TimexError};
use crate::score::EvalError;

/// The figures of one run.
#[derive(Debug, Clone, Serialize)]
pub struct TimexReport {
    /// Documents scored.
    pub documents: usize,
    /// Language the tagger ran in.
    pub lang: String,
    /// Summed counts.
    pub counts: TimexCounts,
    /// Strict extent F1.
    pub strict_f1: f64,
    /// Relaxed extent precision.
    pub relaxed_precision: f64,
    /// Relaxed extent recall.
    pub relaxed_recall: f64,
    /// Relaxed extent F1.
    pub relaxed_f1: f64,
    /// Type accuracy over relaxed matches.
    pub type_accuracy: f64,
    /// Value accuracy over relaxed matches.
    pub value_accuracy: f64,
    /// Value F1 (TempEval-3 attribute F1).
    pub value_f1: f64,
    /// Megabytes of text tagged per second (tagging only).
    pub mb_per_s: f64,
    /// Every disagreement, in document order.
    #[serde(skip)]
    pub errors: Vec<TimexError>,
}

/// Tags every gold document under `dir` ([`read_gold_dir`]: `.tml` TimeML
/// files and `.xml` CAT files, recursively) in `lang` ("fr", "en", or
/// "auto" to detect it from the text) with the gold DCT, and scores it.
pub fn evaluate_timex(dir: &Path, lang: &str) -> Result<TimexReport, EvalError> {
    let docs = read_gold_dir(dir)?;
    let tagger = TimeTagger::bundled();
    let lang = if lang == "auto" {
        let sample: String = docs.iter().take(5).map(|d| d.text.as_str()).collect();
        filrouge_segment::detect(&sample).map_or_else(|| "en".to_string(), |(l, _)| l)
    } else {
        lang.to_string()
    };
    let mut counts = TimexCounts::default();
    let mut errors = Vec::new();
    let mut bytes = 0usize;
    let mut seconds = 0.0;
    for doc in &docs {
        let dct = doc.dct.as_ref().and_then(|d| PartialDate::parse(&d.value));
        let started = Instant::now();
        let tagged = tagger.tag(&doc.text, &lang, dct);
        seconds += started.elapsed().as_secs_f64();
        bytes += doc.text.len();
        let system: Vec<SystemTimex> = tagged
            .into_iter()
            .map(|t| SystemTimex {
                start: t.span.start,
                end: t.span.end,
                kind: t.expression.kind.as_str().to_string(),
                value: t.expression.value,
            })
            .collect();
        let (c, e) = score_document(doc, &system);
        counts += c;
        errors.extend(e);
    }
    let relaxed = counts.relaxed_prf();
    Ok(TimexReport {
        documents: docs.len(),
        lang,
        strict_f1: counts.strict_prf().f1,
        relaxed_precision: relaxed.precision,
        relaxed_recall: relaxed.recall,
        relaxed_f1: relaxed.f1,
        type_accuracy: counts.type_accuracy(),
        value_accuracy: counts.value_accuracy(),
        value_f1: counts.value_prf().f1,
        mb_per_s: if seconds > 0.0 {
            bytes as f64 / 1e6 / seconds
        } else {
            0.0
        },
        counts,
        errors,
    })
}
