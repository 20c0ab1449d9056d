//! Evaluation against gold data written by others.
//!
//! Each analysis stage gets a scorer here and a `filrouge eval ...` command
//! in the CLI; the figures go in the README next to peers' figures on the
//! same data.
//!
//! Architecture invariant: evaluation reads gold files and calls the public
//! API of the stage it measures; stages never know they are evaluated.

pub mod cat;
pub mod extract;
pub mod extract_metric;
pub mod ner;
pub mod ner_cat;
pub mod quotes;
pub mod timex;
pub mod timex_run;
