//! Full-text search across server replicas, measured both ways on one
//! PostgreSQL store: PostgreSQL's own full-text search (French and English
//! configurations after `unaccent`, a GIN index) against the tantivy index
//! each replica keeps in step from the store. Same documents, same
//! queries ([`QUERIES`]: those of the index benchmark, for the generated
//! corpus of `bench`, and words of the server load's generated news), top
//! 10 by score.
//!
//! The PostgreSQL side works in temporary tables of its session: the store
//! is read, never changed (the `unaccent` extension must exist in the
//! database or be creatable by its owner: it is a trusted extension).

use std::time::Instant;

use filrouge::search::{SearchIndex, SearchQuery};
use filrouge::store::{Location, Store, LOAD_CHUNK};
use postgres::{Client, NoTls};

/// The queries: one word, two, a phrase, a name, accents left out, in
/// both languages; frequent and rare.
pub const QUERIES: &[&str] = &[
    "budget",
    "negociation",
    "prefecture electricite",
    "\"journée de mobilisation\"",
    "storm",
    "strikes",
    "reunion",
    "visite officielle",
    "transparence",
    "\"ordre du jour\"",
    "riverains projet",
    "Bonnefoy",
    "meeting",
    "\"closed doors\"",
    "councillors explanation",
    "Angers",
];

/// Rounds of the query set on each side.
const ROUNDS: usize = 10;

/// One side of the comparison.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FullTextSide {
    /// Which engine.
    pub engine: String,
    /// Seconds to build its index over the store's documents.
    pub build_seconds: f64,
    /// Median query latency, milliseconds.
    pub p50_ms: f64,
    /// 95th percentile query latency, milliseconds.
    pub p95_ms: f64,
    /// Documents found per query (the first round), in [`QUERIES`] order.
    pub hits: Vec<usize>,
}

/// Both sides, and how much their top 10 agree.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FullTextComparison {
    /// Documents in the store.
    pub documents: usize,
    /// PostgreSQL full-text search, then tantivy.
    pub sides: Vec<FullTextSide>,
    /// Mean share of PostgreSQL's top 10 that tantivy's top 10 also holds.
    pub top10_overlap: f64,
}

/// Why the comparison could not run.
#[derive(Debug, thiserror::Error)]
pub enum FullTextError {
    /// The store.
    #[error(transparent)]
    Store(#[from] filrouge::store::StoreError),
    /// The index.
    #[error(transparent)]
    Search(#[from] filrouge::search::SearchError),
    /// PostgreSQL's side.
    #[error("PostgreSQL full-text search: {0}")]
    Postgres(#[from] postgres::Error),
    /// Not a PostgreSQL store.
    #[error("the full-text comparison needs a PostgreSQL store (--store postgres://…)")]
    NotPostgres,
}

/// Runs the comparison on the PostgreSQL store at `url`.
pub fn compare_fulltext(url: &str) -> Result<FullTextComparison, FullTextError> {
    let location = Location::parse(url);
    if !matches!(location, Location::Postgres(_)) {
        return Err(FullTextError::NotPostgres);
    }
    let store = Store::open_existing_location(&location)?;
    let documents = store.count()?;
    let (pg, pg_top) = postgres_side(url)?;
    let (tv, tv_top) = tantivy_side(&store)?;
    let overlap: f64 = pg_top
        .iter()
        .zip(&tv_top)
        .map(|(a, b)| {
            if a.is_empty() {
                return 1.0;
            }
            a.iter().filter(|id| b.contains(id)).count() as f64 / a.len() as f64
        })
        .sum::<f64>()
        / QUERIES.len() as f64;
    Ok(FullTextComparison {
        documents,
        sides: vec![pg, tv],
        top10_overlap: overlap,
    })
}

/// The store's texts in a temporary table with one `tsvector` per document
/// (French or English stems by its language, accents folded), a GIN index,
/// then the queries as `websearch_to_tsquery` (every word required, quotes
/// a phrase: tantivy's reading) in both configurations, top 10 by `ts_rank`.
fn postgres_side(url: &str) -> Result<(FullTextSide, Vec<Vec<String>>), FullTextError> {
    let mut client = Client::connect(url, NoTls)?;
    client.batch_execute(
        "CREATE EXTENSION IF NOT EXISTS unaccent;
         DROP TEXT SEARCH CONFIGURATION IF EXISTS pg_temp.fr_u;
         CREATE TEXT SEARCH CONFIGURATION pg_temp.fr_u (COPY = french);
         ALTER TEXT SEARCH CONFIGURATION pg_temp.fr_u ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
         CREATE TEXT SEARCH CONFIGURATION pg_temp.en_u (COPY = english);
         ALTER TEXT SEARCH CONFIGURATION pg_temp.en_u ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;",
    )?;
    let start = Instant::now();
    client.batch_execute(
        "CREATE TEMP TABLE ft AS
           SELECT id, seq, CASE WHEN lang = 'en'
                    THEN to_tsvector('pg_temp.en_u', coalesce(title, '') || ' ' || convert_from(text, 'UTF8'))
                    ELSE to_tsvector('pg_temp.fr_u', coalesce(title, '') || ' ' || convert_from(text, 'UTF8')) END AS tsv
           FROM documents;
         CREATE INDEX ft_tsv ON ft USING gin(tsv);
         ANALYZE ft;",
    )?;
    let build_seconds = start.elapsed().as_secs_f64();
    let search = client.prepare(
        "SELECT id FROM ft,
                websearch_to_tsquery('pg_temp.fr_u', $1) AS qf,
                websearch_to_tsquery('pg_temp.en_u', $1) AS qe
         WHERE tsv @@ qf OR tsv @@ qe
         ORDER BY greatest(ts_rank(tsv, qf), ts_rank(tsv, qe)) DESC, seq LIMIT 10",
    )?;
    let count = client.prepare(
        "SELECT count(*) FROM ft WHERE tsv @@ websearch_to_tsquery('pg_temp.fr_u', $1)
                                   OR tsv @@ websearch_to_tsquery('pg_temp.en_u', $1)",
    )?;
    let mut hits = Vec::new();
    let mut top = Vec::new();
    for q in QUERIES {
        hits.push(client.query_one(&count, &[q])?.try_get::<_, i64>(0)? as usize);
        let rows = client.query(&search, &[q])?;
        top.push(rows.iter().filter_map(|r| r.try_get(0).ok()).collect());
    }
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        for q in QUERIES {
            let start = Instant::now();
            std::hint::black_box(client.query(&search, &[q])?);
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    let (p50_ms, p95_ms) = quantiles(times);
    let side = FullTextSide {
        engine: "PostgreSQL full-text search (GIN, french/english + unaccent)".into(),
        build_seconds,
        p50_ms,
        p95_ms,
        hits,
    };
    Ok((side, top))
}

/// A new tantivy index in a temporary folder, filled from the store as a
/// replica catches up, then the same queries (documents, top 10).
fn tantivy_side(store: &Store) -> Result<(FullTextSide, Vec<Vec<String>>), FullTextError> {
    let dir = std::env::temp_dir().join(format!("filrouge-bench-fulltext-{}", std::process::id()));
    let mut index = SearchIndex::recreate(&dir)?;
    let start = Instant::now();
    for ids in store.ids()?.chunks(LOAD_CHUNK) {
        index.add(&store.get_many(ids)?)?;
    }
    let build_seconds = start.elapsed().as_secs_f64();
    let reader = SearchIndex::open(&dir)?;
    let query = |text: &str, limit: usize| SearchQuery {
        text: text.to_string(),
        limit,
        ..SearchQuery::default()
    };
    let mut hits = Vec::new();
    let mut top = Vec::new();
    for q in QUERIES {
        hits.push(reader.search(&query(q, reader.len().max(1)))?.len());
        let found = reader.search(&query(q, 10))?;
        top.push(found.into_iter().map(|h| h.id).collect());
    }
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        for q in QUERIES {
            let start = Instant::now();
            std::hint::black_box(reader.search(&query(q, 10))?);
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    drop((index, reader));
    let _ = std::fs::remove_dir_all(&dir);
    let (p50_ms, p95_ms) = quantiles(times);
    let side = FullTextSide {
        engine: "tantivy, one index per replica caught up from the store".into(),
        build_seconds,
        p50_ms,
        p95_ms,
        hits,
    };
    Ok((side, top))
}

/// Median and 95th percentile of `times`.
fn quantiles(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let i = ((times.len() as f64 - 1.0) * p).round() as usize;
        times.get(i).copied().unwrap_or(0.0)
    };
    (at(0.5), at(0.95))
}
