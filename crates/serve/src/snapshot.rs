//! What the server derives from one generation of the store, built lazily
//! and shared by every request of that generation.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Bytes;
use filrouge::search::SearchIndex;
use filrouge::store::Store;
use filrouge::Collection;
use tokio::sync::OnceCell;

use crate::{ServeError, ServeOptions};

/// Most distinct timeline queries kept per generation; past it the cache
/// starts again (a cheap bound against a client varying its filters).
const MAX_CACHED_TIMELINES: usize = 256;

/// State shared by all requests.
pub(crate) struct Shared {
    /// Settings the server started with.
    pub opts: ServeOptions,
    /// The store; one connection, so requests take turns (queries are
    /// short, and heavy work runs on snapshots, not under this lock).
    pub store: Mutex<Store>,
    /// The store's document count at the last check.
    generation: AtomicUsize,
    /// What was derived from the latest generation seen.
    current: RwLock<Arc<Snapshot>>,
    /// Posts take turns: one ingest at a time holds the index writer.
    pub writes: tokio::sync::Mutex<()>,
    /// A generation is being linked ahead of requests (one at a time: a
    /// store growing under a running ingest is linked at its latest
    /// generation once the previous linking ends, not at each).
    warming: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("store", &self.opts.store)
            .field("generation", &self.generation)
            .finish()
    }
}

/// Derived data of one generation.
pub(crate) struct Snapshot {
    /// The document count it was made for.
    pub generation: usize,
    /// A search index reader opened at that generation.
    pub index: Option<SearchIndex>,
    /// Every stored document, in ingestion order, and the corpus level
    /// over them (entities, stories, linked events), each computed once.
    collection: OnceCell<Arc<Collection>>,
    /// Timelines cut, as JSON, by their query.
    timelines: Mutex<HashMap<String, Arc<OnceCell<CachedBody>>>>,
}

impl Shared {
    /// Opens the store and its index at their current generation.
    pub fn open(opts: &ServeOptions) -> Result<Shared, ServeError> {
        let store = Store::open(&opts.store)?;
        // A store made before the index, or a stopped ingest: catch up
        // once, so search sees what the timeline sees. Another process
        // holding the writer is fine: its ingest indexes as it goes.
        match filrouge::reindex(&store, false) {
            Ok(_) | Err(filrouge::IngestError::Search(filrouge::search::SearchError::Busy(_))) => {}
            Err(filrouge::IngestError::Store(e)) => return Err(e.into()),
            Err(filrouge::IngestError::Search(e)) => return Err(e.into()),
            Err(filrouge::IngestError::Strict(_)) => {}
        }
        let generation = store.count()?;
        let snapshot = Snapshot::new(generation, &opts.store);
        Ok(Shared {
            opts: opts.clone(),
            store: Mutex::new(store),
            generation: AtomicUsize::new(generation),
            current: RwLock::new(Arc::new(snapshot)),
            writes: tokio::sync::Mutex::new(()),
            warming: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Counts the stored documents and records the generation. Blocking.
    pub fn refresh(&self) -> usize {
        let count = match self.store.lock() {
            Ok(store) => store.count().ok(),
            Err(_) => None,
        };
        if let Some(n) = count {
            self.generation.store(n, Ordering::SeqCst);
        }
        let current = self.snapshot();
        // The CLI commits the store, then the index: a snapshot made in
        // between lacks the batch in its reader, so reopen it until the
        // index has caught up.
        if current.index.as_ref().map_or(0, SearchIndex::len) < current.generation {
            self.replace(Snapshot::new(current.generation, &self.opts.store));
        }
        self.generation.load(Ordering::SeqCst)
    }

    /// The snapshot of the latest generation, made now if the store
    /// changed since the last one.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        let generation = self.generation.load(Ordering::SeqCst);
        if let Ok(current) = self.current.read() {
            if current.generation == generation {
                return current.clone();
            }
        }
        self.replace(Snapshot::new(generation, &self.opts.store))
    }

    /// Installs `snapshot` unless a newer one is there already.
    fn replace(&self, snapshot: Snapshot) -> Arc<Snapshot> {
        let fresh = Arc::new(snapshot);
        match self.current.write() {
            Ok(mut current) => {
                if current.generation > fresh.generation {
                    return current.clone();
                }
                *current = fresh.clone();
                fresh
            }
            Err(_) => fresh,
        }
    }

    /// Links the latest generation's events for today in the background,
    /// unless that is done or another linking runs: the first timeline
    /// request then finds them ready (linking 100,000 articles takes
    /// about a minute). Requests that come earlier wait for the same work.
    pub fn warm(self: &Arc<Self>) {
        let snap = self.snapshot();
        let today = filrouge::today();
        if snap.collection.get().is_some_and(|c| c.is_linked(today))
            || self.warming.swap(true, Ordering::SeqCst)
        {
            return;
        }
        let shared = self.clone();
        tokio::spawn(async move {
            if let Ok(collection) = snap.collection(&shared).await {
                let _ = blocking(move || Ok(collection.linked(today))).await;
            }
            shared.warming.store(false, Ordering::SeqCst);
        });
    }

    /// Every stored document, in ingestion order, as a collection.
    /// Blocking.
    fn load_all(&self) -> Result<Collection, String> {
        let store = self
            .store
            .lock()
            .map_err(|_| "a request panicked while holding the store".to_string())?;
        Collection::from_store(&store).map_err(|e| e.to_string())
    }
}

impl Snapshot {
    fn new(generation: usize, store_dir: &std::path::Path) -> Snapshot {
        Snapshot {
            generation,
            index: SearchIndex::open(&SearchIndex::dir_of(store_dir)).ok(),
            collection: OnceCell::new(),
            timelines: Mutex::new(HashMap::new()),
        }
    }

    /// The stored documents and the corpus level over them, loaded once
    /// per generation (its parts are computed when first asked for: call
    /// them through [`blocking`]).
    pub async fn collection(&self, shared: &Arc<Shared>) -> Result<Arc<Collection>, String> {
        self.collection
            .get_or_try_init(|| {
                let shared = shared.clone();
                async move { blocking(move || shared.load_all().map(Arc::new)).await }
            })
            .await
            .cloned()
    }

    /// The JSON of the timeline for `key`, built by `build` once per
    /// generation and query.
    pub async fn timeline(
        &self,
        key: String,
        build: impl FnOnce() -> Result<String, String> + Send + 'static,
    ) -> Result<CachedBody, String> {
        let cell = {
            let mut cache = self
                .timelines
                .lock()
                .map_err(|_| "cache lock".to_string())?;
            if cache.len() >= MAX_CACHED_TIMELINES && !cache.contains_key(&key) {
                cache.clear();
            }
            cache.entry(key).or_default().clone()
        };
        // Bytes: every request shares the one body, no copy.
        cell.get_or_try_init(|| async move {
            blocking(move || build().and_then(|json| CachedBody::of(json.into_bytes()))).await
        })
        .await
        .cloned()
    }
}

/// A response body kept for many requests, plain and gzip-compressed
/// (compressed once, not per request: a timeline over a large corpus is
/// megabytes of JSON and compresses about tenfold).
#[derive(Clone)]
pub(crate) struct CachedBody {
    /// As built.
    pub plain: Bytes,
    /// Gzip of `plain`.
    pub gzip: Bytes,
}

impl CachedBody {
    fn of(plain: Vec<u8>) -> Result<CachedBody, String> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(plain.len() / 8),
            flate2::Compression::fast(),
        );
        encoder
            .write_all(&plain)
            .map_err(|e| format!("gzip: {e}"))?;
        let gzip = encoder.finish().map_err(|e| format!("gzip: {e}"))?;
        Ok(CachedBody {
            plain: Bytes::from(plain),
            gzip: Bytes::from(gzip),
        })
    }
}

/// Runs CPU or disk work off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| format!("worker failed: {e}"))?
}
