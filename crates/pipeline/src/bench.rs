//! Throughput benchmarks: read + clean + segment on a corpus generated at
//! bench time, the time stage, search-index building and query latency,
//! and HTML extraction on a folder of pages; [`scale`] runs the corpus
//! stages (near-duplicates, stories) over millions of articles.
//!
//! The generated corpus is deterministic (a fixed-seed generator over a
//! vocabulary of French and English news sentences written for this
//! purpose) and carries the defects cleaning handles: repeated paragraphs, a
//! repeated title, boilerplate lines and a credit line.

use std::path::Path;
use std::time::Instant;

use filrouge_read::{read_bytes, ReadOptions};
use rayon::prelude::*;

use crate::Pipeline;

pub mod news;
pub mod scale;

/// A measured run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Throughput {
    /// What was measured.
    pub name: String,
    /// Documents processed.
    pub documents: usize,
    /// Input bytes.
    pub bytes: usize,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Threads used.
    pub threads: usize,
}

impl Throughput {
    /// Documents per second.
    pub fn docs_per_sec(&self) -> f64 {
        self.documents as f64 / self.seconds.max(1e-9)
    }

    /// Megabytes (10^6 bytes) per second.
    pub fn mb_per_sec(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds.max(1e-9)
    }
}

const FR: &[&str] = &[
    "Le conseil municipal s'est réuni mardi soir pour examiner le budget de l'année prochaine.",
    "Selon la préfecture, près de 1 200 foyers restent privés d'électricité depuis la tempête.",
    "« Nous ne laisserons personne de côté », a déclaré M. Hamel, le maire de la commune.",
    "Les discussions ont duré près de deux heures, a indiqué une source proche du dossier.",
    "La ministre a annoncé une enveloppe de 3,5 millions d'euros pour la reconstruction.",
    "Les syndicats ont appelé à une nouvelle journée de mobilisation le 14 octobre.",
    "D'après Mme Lefort, les travaux devraient commencer début janvier au plus tôt.",
    "L'entreprise n'a pas souhaité commenter ces informations jeudi.",
];

const EN: &[&str] = &[
    "The council met on Tuesday evening to review next year's budget.",
    "About 1,200 homes were still without power after the storm, officials said.",
    "\"We will not leave anyone behind,\" Mayor Hamel told reporters.",
    "The talks lasted nearly two hours, according to a person familiar with the matter.",
    "The minister announced $3.5 million for reconstruction on Friday.",
    "Unions called for another day of strikes on Oct. 14.",
];

/// Deterministic linear congruential generator (no dependency needed for
/// bench data).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

/// `n` plain-text articles, about 2-3 KB each.
pub fn generate_corpus(n: usize) -> Vec<Vec<u8>> {
    let mut rng = Lcg(42);
    (0..n)
        .map(|i| {
            let pool = if i % 3 == 2 { EN } else { FR };
            let mut text = format!("Article {i} : le point sur la situation\n\n");
            if i % 5 == 0 {
                text.push_str(&format!("Article {i} : le point sur la situation\n\n"));
            }
            let paragraphs: Vec<String> = (0..8)
                .map(|p| {
                    let sentences: Vec<&str> =
                        (0..3).map(|_| pool[rng.next() % pool.len()]).collect();
                    format!("{} (paragraphe {p}, dépêche {i}.)", sentences.join(" "))
                })
                .collect();
            for p in &paragraphs {
                text.push_str(p);
                text.push('\n');
            }
            if i % 4 == 0 {
                // A crawler artefact: the body repeated.
                for p in &paragraphs[1..4] {
                    text.push_str(p);
                    text.push('\n');
                }
            }
            text.push_str(
                "Lire aussi : notre dossier complet\nSource : AFP\nLaisser un commentaire\n",
            );
            text.into_bytes()
        })
        .collect()
}

/// The time stage alone (document date inference, then tagging and
/// resolution) over the texts of `corpus`, on the current rayon pool.
pub fn bench_time(corpus: &[Vec<u8>], as_of: chrono::NaiveDate) -> Throughput {
    let tagger = filrouge_time::TimeTagger::bundled();
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
        std::hint::black_box(filrouge_read::extract_html(t, None));
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

/// Search latency over a set of queries.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QueryLatency {
    /// What was measured.
    pub name: String,
    /// Queries run (each query of the set, several times).
    pub queries: usize,
    /// Documents in the index.
    pub documents: usize,
    /// Median latency in milliseconds.
    pub p50_ms: f64,
    /// 95th percentile latency in milliseconds.
    pub p95_ms: f64,
}

/// Words of the generated articles, searched as analysts would: one word,
/// two, a phrase, accents left out, in both languages.
const QUERIES: &[&str] = &[
    "budget",
    "negociation",
    "prefecture electricite",
    "\"journée de mobilisation\"",
    "travaux janvier",
    "storm",
    "minister reconstruction",
    "strikes",
    "commenter",
    "reporters",
];

/// Index building and search on the analysed texts of `corpus`: the
/// documents go through the ingest pipeline first (not timed), then into a
/// new index in a temporary folder, in ingest's batches with a commit each
/// (timed: [`Throughput`] over the cleaned text); then every query of a
/// fixed set, with snippets, as documents and as sentences ([`QueryLatency`]).
pub fn bench_index(
    corpus: &[Vec<u8>],
    as_of: chrono::NaiveDate,
) -> Result<(Throughput, QueryLatency), filrouge_search::SearchError> {
    use filrouge_search::{SearchIndex, SearchQuery};
    let pipeline = Pipeline::new().with_tokens(false).with_time(Some(as_of));
    let opts = ReadOptions::default();
    let docs: Vec<_> = corpus
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, raw)| {
            read_bytes(&format!("bench/{i}.txt"), raw.clone(), &opts)
                .flatten()
                .map(|d| pipeline.process(d))
                .collect::<Vec<_>>()
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("filrouge-bench-index-{}", std::process::id()));
    let mut index = SearchIndex::recreate(&dir)?;
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let start = Instant::now();
    for batch in docs.chunks(crate::BATCH_SIZE) {
        index.add(batch)?;
    }
    let build = Throughput {
        name: "search index build (cleaned text)".into(),
        documents: docs.len(),
        bytes,
        seconds: start.elapsed().as_secs_f64(),
        threads: 1,
    };
    let mut times = Vec::new();
    for round in 0..10 {
        for (i, q) in QUERIES.iter().enumerate() {
            let query = SearchQuery {
                text: (*q).to_string(),
                limit: 10,
                ..SearchQuery::default()
            };
            let start = Instant::now();
            // Alternate documents and sentences.
            if (round + i) % 2 == 0 {
                std::hint::black_box(index.search(&query)?);
            } else {
                std::hint::black_box(index.search_sentences(&query)?);
            }
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let i = ((times.len() as f64 - 1.0) * p).round() as usize;
        times.get(i).copied().unwrap_or(0.0)
    };
    let latency = QueryLatency {
        name: "search query, top 10 with snippets".into(),
        queries: times.len(),
        documents: index.len(),
        p50_ms: at(0.5),
        p95_ms: at(0.95),
    };
    drop(index);
    // A leftover folder in the temporary directory is harmless.
    let _ = std::fs::remove_dir_all(&dir);
    Ok((build, latency))
}
