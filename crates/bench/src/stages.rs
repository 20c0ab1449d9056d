//! Per-document stages timed on their own: read + clean + segment, the
//! time stage, and HTML main-content extraction on a folder of pages.

use std::path::Path;
use std::time::Instant;

use filrouge::read::{read_bytes, ReadOptions};
use filrouge::Pipeline;
use rayon::prelude::*;

use crate::Throughput;

/// The time stage alone (document date inference, then tagging and
/// resolution) over the texts of `corpus`, on the current rayon pool.
pub fn bench_time(corpus: &[Vec<u8>], as_of: chrono::NaiveDate) -> Throughput {
    let tagger = filrouge::time::TimeTagger::bundled();
    let bytes: usize = corpus.iter().map(Vec::len).sum();
    let start = Instant::now();
    let documents: usize = corpus
        .par_iter()
        .enumerate()
        .map(|(i, raw)| {
            let text = String::from_utf8_lossy(raw);
            // The generator writes every third article in English.
            let lang = if i % 3 == 2 { "en" } else { "fr" };
            std::hint::black_box(tagger.analyze(&text, lang, None, as_of));
            1
        })
        .sum();
    Throughput {
        name: "time stage (date inference + tagging)".into(),
        documents,
        bytes,
        seconds: start.elapsed().as_secs_f64(),
        threads: rayon::current_num_threads(),
    }
}

/// Read + clean + segment over `corpus`, on the current rayon pool.
pub fn bench_text(corpus: &[Vec<u8>], pipeline: &Pipeline) -> Throughput {
    let opts = ReadOptions::default();
    let bytes: usize = corpus.iter().map(Vec::len).sum();
    let start = Instant::now();
    let documents: usize = corpus
        .par_iter()
        .enumerate()
        .map(|(i, raw)| {
            let mut processed = 0;
            for doc in read_bytes(&format!("bench/{i}.txt"), raw.clone(), &opts).flatten() {
                std::hint::black_box(pipeline.process(doc));
                processed += 1;
            }
            processed
        })
        .sum();
    Throughput {
        name: "read+clean+segment (plain text)".into(),
        documents,
        bytes,
        seconds: start.elapsed().as_secs_f64(),
        threads: rayon::current_num_threads(),
    }
}

/// HTML pages (`*.html`, `*.htm`, `*.html.gz`) under `dir`, decompressed in memory.
pub fn load_pages(dir: &Path) -> std::io::Result<Vec<Vec<u8>>> {
    use std::io::Read;
    let mut pages = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.to_string_lossy().to_lowercase();
        if name.ends_with(".html.gz") {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&path)?).read_to_end(&mut out)?;
            pages.push(out);
        } else if name.ends_with(".html") || name.ends_with(".htm") {
            pages.push(std::fs::read(&path)?);
        }
    }
    Ok(pages)
}

/// Main-content extraction alone over `pages`, one thread (comparable to a
/// single Python process).
pub fn bench_html(pages: &[Vec<u8>]) -> Throughput {
    let bytes: usize = pages.iter().map(Vec::len).sum();
    let texts: Vec<String> = pages
        .iter()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let start = Instant::now();
    let mut documents = 0;
    for t in &texts {
        std::hint::black_box(filrouge::read::extract_html(t, None));
        documents += 1;
    }
    Throughput {
        name: "HTML main-content extraction".into(),
        documents,
        bytes,
        seconds: start.elapsed().as_secs_f64(),
        threads: 1,
    }
}
