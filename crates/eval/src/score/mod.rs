//! What every task's scoring shares, and nothing task-specific: [`Prf`],
//! the one precision/recall/F1 type (every P/R/F1 of the crate is computed
//! through it); [`bcubed`], clusters scored against gold groups;
//! [`EvalError`], the one error type of the crate; and the statistics the
//! scorers need ([`mean`], [`sample_std`], the
//! [`SplitMix64`] generator behind bootstrap resampling and fixed
//! perturbations).
//!
//! This layer imports neither [`crate::formats`] nor the task modules.

mod bcubed;
mod error;
mod prf;
mod stats;

pub use bcubed::bcubed;
pub use error::EvalError;
pub use prf::{ratio, Prf};
pub use stats::{mean, sample_std, SplitMix64};
