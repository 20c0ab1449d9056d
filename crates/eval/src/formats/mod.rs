//! The gold-data readers: one module per file format, each reading files
//! into plain data and naming the file (and line) in its errors. Which
//! part of that data a task scores, and how, is the task module's.
//!
//! - [`cat`]: NewsReader CAT XML (MEANTIME, SemEval-2015 Task 4), the one
//!   [`cat::CatDocument`] of tokens, markables and relations;
//! - [`timeml`]: inline TimeML (French TimeBank, TempEval-3);
//! - [`entities`]: token-level entity gold ([`entities::NerDocument`])
//!   and BIO tag decoding, shared by
//! - [`hipe`]: HIPE-2022 TSV, and [`europeana`]: Europeana BIO;
//! - [`ner_jsonl`]: the JSONL exchanged with an external NER system;
//! - [`tilse`]: the tilse timeline text format and [`tilse::Timeline`];
//! - [`quotes`]: the quote gold JSONL of `examples/quotes/`;
//! - [`attributions`]: attribution relations in brat standoff files
//!   (PolNeAR);
//! - [`zyte`]: the Zyte article-extraction benchmark layout;
//! - [`docdate`]: the date tables, texts and predictions of document
//!   dating.
//!
//! Private here: the XML scanner the two XML readers share and the file
//! helpers every reader uses. This layer imports [`crate::score`] (for
//! [`crate::score::EvalError`]) and no task module.

pub mod attributions;
pub mod cat;
pub mod docdate;
pub mod entities;
pub mod europeana;
pub(crate) mod files;
pub mod hipe;
mod markup;
pub mod ner_jsonl;
pub mod quotes;
pub mod tilse;
pub mod timeml;
pub mod zyte;
