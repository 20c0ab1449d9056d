//! Time expressions (TIMEX3) scored against TimeML and CAT gold the way
//! the TempEval-3 toolkit scores task A (UzZaman et al., SemEval 2013).
//!
//! This module owns the task: which time expressions a gold document holds
//! ([`read_gold_dir`], [`timexes_of_cat`]; inline TimeML itself is read
//! by [`crate::formats::timeml`]), how system expressions are matched and
//! counted ([`score_document`], [`TimexCounts`], [`TimexError`]), and the
//! run of filrouge's tagger over a gold folder ([`evaluate_timex`],
//! [`TimexReport`]).
//!
//! # Matching (what the toolkit does, and where this differs)
//!
//! The TempEval-3 toolkit (`TE3-evaluation.py`, which runs
//! `TimeML-Normalizer.jar` then `evaluation-entities/evaluate_entities.py`;
//! read in the public copy at github.com/jspotter/TempEval-3, `tools/`)
//! pairs gold and system expressions in the normalizer: it walks the
//! tokenised text once, and when an expression begins on a token where an
//! expression of the other annotation is open (begins there or continues
//! there) and that one is not paired yet, both get the same id; otherwise
//! the expression gets a new id. Pairing is therefore one-to-one and greedy
//! in text order (the first overlapping expression wins, not the largest
//! overlap). The scorer then counts, over paired ids:
//!
//! - relaxed match: the pair exists (extents overlap);
//! - strict match: a pair whose two extents have the same text;
//! - type and value: exact string equality of the `type` and `value`
//!   attributes, counted over relaxed matches;
//! - precision over all system expressions, recall over all gold ones
//!   (the `t0` DCT excluded), micro-averaged over documents by summing
//!   counts;
//! - attribute F1 ("Value F1" in the task results) = value accuracy x
//!   relaxed F1. With one-to-one pairs this equals the harmonic mean of
//!   value_correct / system and value_correct / gold, which is how
//!   [`TimexCounts::value_prf`] computes it.
//!
//! Deviations, all on inputs the toolkit does not expect:
//!
//! - overlap is measured on characters, not on the toolkit's tokens. The
//!   two agree whenever extents begin and end on token boundaries, which
//!   TimeML annotation and TempEval-3 system output do;
//! - strict match compares spans (same start and end) rather than texts;
//!   for overlapping extents this only differs on periodic strings;
//! - when one side has overlapping expressions of its own, the toolkit
//!   only looks at the most recently opened one; here any unpaired open
//!   expression can pair (the most recently opened first);
//! - empty denominators give 0.0 everywhere; the toolkit reports F1 = 1 when
//!   a whole run has neither gold nor system expressions;
//! - when the DCT lies in the text (CAT files, where it is the dateline
//!   under the title), system expressions overlapping it are set aside,
//!   neither matched nor spurious: the DCT is not scored, as in TempEval-3
//!   where it sits outside `<TEXT>` and no system can tag it. TimeML DCTs
//!   have an empty span and set nothing aside.

mod context;
mod gold;
mod run;
mod scorer;

pub use gold::{read_gold_dir, timexes_of_cat};
pub use run::{evaluate_timex, TimexReport};
pub use scorer::{score_document, SystemTimex, TimexCounts, TimexError, TimexErrorKind};
