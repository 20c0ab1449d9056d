//! One module per command; `eval` holds one per evaluated task.

pub mod analyze;
pub mod bench;
pub mod bench_queue;
pub mod copy;
pub mod docs;
pub mod duplicates;
pub mod entities;
pub mod eval;
pub mod ingest;
pub mod place;
pub mod publish;
pub mod quotes;
pub mod search;
pub mod serve;
pub mod show;
pub mod status;
pub mod stories;
pub mod timeline;
pub mod train;
pub mod worker;
