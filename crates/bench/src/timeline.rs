//! The timeline (linking, dating across articles, assembling) over fully
//! analysed articles.

use std::time::Instant;

use chrono::NaiveDate;
use filrouge::evaluation::dated_text;
use filrouge::timeline::TimelineOptions;
use filrouge::{Collection, Pipeline};
use rayon::prelude::*;

use crate::Throughput;

/// Analyses `corpus` (all stages, all threads; dated like a feed, one
/// article every few hours over a year before `as_of`), then times the
/// timeline alone, on one thread, background events included.
pub fn bench_timeline(corpus: &[Vec<u8>], as_of: NaiveDate) -> Throughput {
    let pipeline = Pipeline::new().with_tokens(false).with_time(Some(as_of));
    let docs: Vec<filrouge::model::Document> = corpus
        .par_iter()
        .enumerate()
        .filter_map(|(i, bytes)| {
            let day = as_of - chrono::Duration::days((i % 365) as i64);
            let doc = dated_text(&format!("gen-{i}.txt"), bytes.clone(), Some(day), None)?;
            Some(pipeline.process(doc))
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let documents = docs.len();
    let mut options = TimelineOptions::new(as_of);
    options.include_background = true;
    let started = Instant::now();
    let t = Collection::new(docs).timeline(&options);
    let seconds = started.elapsed().as_secs_f64();
    Throughput {
        name: format!("timeline ({} events)", t.events.len()),
        documents,
        bytes,
        seconds,
        threads: 1,
    }
}
