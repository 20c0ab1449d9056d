//! Timeline summarisation (TLS) scored as the tilse toolkit scores it
//! (Martschat and Markert 2017, "Improving ROUGE for Timeline
//! Summarization", EACL; Martschat and Markert 2018, CoNLL).
//!
//! This module owns the task: what a task is and what a system sees of it
//! ([`GoldTask`], [`TaskInput`]), the gold read from three layouts
//! (SemEval-2015 Task 4, [`read_semeval`]; MEANTIME,
//! [`read_meantime_timelines`]; the tilse layout, [`read_tilse_dir`]), the
//! metrics (date F1 and the concat, agreement and align+ m:1 ROUGE
//! variants, [`score_timeline`]; below), the `first-sentence` baseline
//! ([`first_sentence_baseline`]), and the run of a system over tasks
//! ([`evaluate`], [`TlsReport`]). A system is a closure from a
//! [`TaskInput`] to a [`Timeline`](crate::formats::tilse::Timeline),
//! never given the gold.
//!
//! The CAT files of SemEval and MEANTIME are read by
//! [`crate::formats::cat`], timelines in the tilse text format by
//! [`crate::formats::tilse`].
//!
//! # What is measured
//!
//! A [`Timeline`](crate::formats::tilse::Timeline) maps dates to daily summaries (sentences). A predicted
//! timeline is compared with one or more reference timelines:
//!
//! - **date F1** ([`date_prf`]): precision and recall of the set of
//!   predicted dates against the union of the reference dates (tilse's
//!   `evaluation/dates.py`).
//! - **concat** ROUGE ([`concat()`]): all daily summaries of a timeline
//!   concatenated in date order, then ROUGE-N on the two texts; dates are
//!   ignored.
//! - **agreement** ROUGE ([`agreement`]): ROUGE-N counts summed over the
//!   dates present in both; a predicted date missing from the references
//!   adds only to the precision denominator, a reference date missing from
//!   the prediction only to the recall denominator.
//! - **align+ m:1** ROUGE ([`align_many_to_one`], tilse's
//!   `align_date_content_costs_many_to_one`, reported as AR-1/AR-2 by the
//!   news-TLS papers): every predicted date is aligned with the reference
//!   date of least cost, and (separately, for recall) every reference date
//!   with the predicted date of least cost. The cost of a pair is
//!   `(1 - 1/(|days apart| + 1)) * (1 - F1)`, F1 being a rough unigram
//!   overlap of the two summaries ([`content_overlap`]); an aligned pair's
//!   ROUGE hits are weighted by `1/(|days apart| + 1)`. Ties go to the
//!   earliest date, as numpy's `argmin` does. No assignment algorithm is
//!   needed: many-to-one alignment is a minimum per row.
//!
//! All three ROUGE variants are micro-averages: hits, predicted n-grams
//! and reference n-grams are summed over the pieces compared, then
//! divided once. F1 is `2PR/(P+R)`, 0 when both are 0.
//!
//! # ROUGE counting
//!
//! The n-gram counts follow tilse's `RougeReimplementation`, the fast
//! in-process variant of ROUGE-1.5.5 that tilse ships (its default calls
//! the Perl script, which its authors say gives slightly different
//! figures): a daily summary's tokens are its sentences split on white
//! space (sentences are expected tokenised, as in timeline17 and crisis,
//! and as the gold readers of [`crate::tls`] give them), lower-cased,
//! with the tokens `. , ; : `` '' - "` dropped; by default (tilse's
//! default) also ROUGE's stop words dropped (`data/rouge_stopwords.txt`)
//! and the rest stemmed. Bigrams run across sentence boundaries within one
//! summary, as there. With several references a hit is counted against
//! each, and the precision denominator is the number of references times
//! the predicted n-grams.
//!
//! One difference: tilse stems with NLTK's Porter stemmer, this module
//! with the Snowball English ("Porter 2") stemmer of `rust-stemmers`;
//! the two agree on most news words but not all (`generously`, `dying`),
//! so stemmed figures can differ from tilse's in the third decimal.
//! [`RougeOptions::stem`] off gives tilse's exact counts; the tests check
//! figures computed by tilse itself in that setting.
//!
//! # Edge cases tilse leaves undefined
//!
//! tilse divides by zero (and crashes) on an empty predicted timeline or
//! an empty concatenation; here the affected precision or recall is 0.
//! Its many-to-one alignment also crashes when one side has no dates;
//! here nothing is aligned and the unaligned side scores 0.

mod baseline;
mod gold;
mod meantime;
mod metrics;
mod report;
mod semeval;

pub use baseline::first_sentence_baseline;
pub use gold::{read_tilse_dir, GoldDocument, GoldTask, TaskInput};
pub use meantime::read_meantime_timelines;
pub use metrics::{
    agreement, align_many_to_one, concat, content_overlap, date_prf, mean_scores, rouge_tokens,
    score_timeline, RougeOptions, RougeScores, TimelineScores,
};
pub use report::{evaluate, evaluate_with, TaskReport, TlsReport};
pub use semeval::read_semeval;
