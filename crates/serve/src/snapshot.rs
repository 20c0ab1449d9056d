//! What the server derives from one generation of the store, built lazily
//! and shared by every request of that generation.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use filrouge::search::SearchIndex;
use filrouge::store::Store;
use filrouge::timeline::Timeline;
use filrouge::Collection;
use tokio::sync::OnceCell;

use crate::cache::BodyCache;
use crate::limits::{Gate, RateLimiter};
use crate::linking::HeldDates;
use crate::{ServeError, ServeOptions};

/// Requests that may wait for a turn to cut a timeline or search beyond
/// those running; past it they are refused (503).
const CUT_QUEUE: usize = 64;

/// State shared by all requests.
pub(crate) struct Shared {
    /// Settings the server started with.
    pub opts: ServeOptions,
    /// The store; one connection, so requests take turns (queries are
    /// short, and heavy work runs on snapshots, not under this lock).
    pub store: Mutex<Store>,
    /// The store's document count at the last check.
    generation: AtomicUsize,
    /// Where this server's search index is (beside an embedded store, or
    /// this machine's own for a shared one).
    index_dir: std::path::PathBuf,
    /// What was derived from the latest generation seen.
    current: RwLock<Arc<Snapshot>>,
    /// One linking at a time, whatever its generation and date.
    pub linking: tokio::sync::Mutex<()>,
    /// Timeline cuts and searches: as many at once as there are cores.
    pub cuts: Gate,
    /// Posted documents read and analysed at once, and waiting.
    pub posts: Gate,
    /// Expensive requests per client.
    pub rates: RateLimiter,
    /// The address the listener is bound to, once known.
    bound: OnceLock<SocketAddr>,
    /// A generation is being linked ahead of requests (one at a time: a
    /// store growing under a running ingest is linked at its latest
    /// generation once the previous linking ends, not at each).
    warming: AtomicBool,
    /// The events placed in the store, as last read.
    placed: crate::placed::PlacedCache,
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
    /// The reference dates linked.
    pub dates: HeldDates,
    /// Timelines cut, as JSON, by their query.
    pub timelines: Arc<BodyCache>,
    /// The last timeline cut for JSON pages, whole, by its view (query
    /// but page): the next page of that view is taken from it, not cut
    /// again. One view only, so memory stays bounded.
    last_cut: Mutex<Option<(String, Arc<Timeline>)>>,
}

impl Shared {
    /// Opens the store and its index at their current generation. A
    /// read-only server needs the store to exist (a mistyped path would
    /// otherwise serve an empty one); one that takes writes creates it.
    pub fn open(opts: &ServeOptions) -> Result<Shared, ServeError> {
        let store = if opts.allow_writes {
            Store::open_location(&opts.store)?
        } else {
            Store::open_existing_location(&opts.store)?
        };
        let index_dir = filrouge::index_dir(&store);
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
        let snapshot = Snapshot::new(generation, &index_dir, opts);
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(Shared {
            opts: opts.clone(),
            store: Mutex::new(store),
            generation: AtomicUsize::new(generation),
            index_dir,
            current: RwLock::new(Arc::new(snapshot)),
            linking: tokio::sync::Mutex::new(()),
            cuts: Gate::new(cores, CUT_QUEUE),
            posts: Gate::new(crate::posting::READERS, crate::posting::QUEUE),
            rates: RateLimiter::new(opts.rate_limit),
            bound: OnceLock::new(),
            warming: AtomicBool::new(false),
            placed: crate::placed::PlacedCache::default(),
        })
    }

    /// Counts the stored documents and records the generation. Blocking.
    pub fn refresh(&self) -> usize {
        let count = match self.store.lock() {
            Ok(store) => {
                let count = store.count().ok();
                self.catch_up_index(&store, count);
                count
            }
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
            self.replace(Snapshot::new(
                current.generation,
                &self.index_dir,
                &self.opts,
            ));
        }
        self.generation.load(Ordering::SeqCst)
    }

    /// A shared store is written by other processes (queue workers,
    /// ingests on other machines) that leave this machine's index alone:
    /// the server indexes what it lacks before the next snapshot opens the
    /// index. Another process of this machine holding the index does it
    /// instead (busy: skipped); a failure is retried at the next poll.
    fn catch_up_index(&self, store: &Store, count: Option<usize>) {
        if store.folder().is_some() {
            return;
        }
        let indexed = self.snapshot().index.as_ref().map_or(0, SearchIndex::len);
        if count.is_some_and(|n| n > indexed) {
            let _ = filrouge::reindex(store, false);
        }
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
        self.replace(Snapshot::new(generation, &self.index_dir, &self.opts))
    }

    /// Records the address the listener is bound to.
    pub fn set_bound(&self, addr: SocketAddr) {
        let _ = self.bound.set(addr);
    }

    /// The address the listener is bound to, once serving.
    pub fn bound(&self) -> Option<SocketAddr> {
        self.bound.get().copied()
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

    /// Reads a placed store's events, or else links the latest
    /// generation's events for today, in the background, unless that is
    /// done or another linking runs: the first timeline request then finds
    /// them ready (linking 100,000 articles takes about a minute, reading
    /// their placed events a few seconds). Requests that come earlier wait
    /// for the same work.
    pub fn warm(self: &Arc<Self>) {
        let snap = self.snapshot();
        let today = filrouge::today();
        if snap.dates.holds(today) || self.warming.swap(true, Ordering::SeqCst) {
            return;
        }
        let shared = self.clone();
        tokio::spawn(async move {
            // A placed store's timelines come from its stored events: read
            // them ahead instead of linking.
            let reader = shared.clone();
            let placed = blocking(move || reader.placed()).await;
            if !matches!(placed, Ok(Some(_))) {
                if let Ok(collection) = snap.collection(&shared).await {
                    let _ = snap.dates.linked(&shared, collection, today).await;
                }
            }
            shared.warming.store(false, Ordering::SeqCst);
        });
    }

    /// The events placed in the store (`filrouge place`) at its latest
    /// revision; `None` when the store was never placed. Blocking.
    pub fn placed(&self) -> Result<Option<crate::placed::Placed>, String> {
        if let Some(recent) = self.placed.recent() {
            return Ok(recent);
        }
        let store = self
            .store
            .lock()
            .map_err(|_| "a request panicked while holding the store".to_string())?;
        self.placed.current(&store)
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
    fn new(generation: usize, index_dir: &std::path::Path, opts: &ServeOptions) -> Snapshot {
        Snapshot {
            generation,
            index: SearchIndex::open(index_dir).ok(),
            collection: OnceCell::new(),
            dates: HeldDates::default(),
            timelines: Arc::new(BodyCache::new(opts.cache_bytes)),
            last_cut: Mutex::new(None),
        }
    }

    /// The timeline of view `view`: the last one cut when it is that
    /// view's, else `cut()`, kept in its place.
    pub(crate) fn cut_once(&self, view: &str, cut: impl FnOnce() -> Timeline) -> Arc<Timeline> {
        let kept = self.last_cut.lock().ok().and_then(|last| {
            last.as_ref()
                .filter(|(v, _)| v == view)
                .map(|(_, t)| t.clone())
        });
        if let Some(t) = kept {
            return t;
        }
        let t = Arc::new(cut());
        if let Ok(mut last) = self.last_cut.lock() {
            *last = Some((view.to_string(), t.clone()));
        }
        t
    }

    /// The stored documents and the corpus level over them, loaded once
    /// per generation (its parts are computed when first asked for: call
    /// them through [`blocking`]).
    pub async fn collection(
        self: &Arc<Self>,
        shared: &Arc<Shared>,
    ) -> Result<Arc<Collection>, String> {
        if let Some(c) = self.collection.get() {
            return Ok(c.clone());
        }
        // In a task of its own: a client hanging up does not stop the
        // load half way (the next request would start a second one).
        let (snap, shared) = (self.clone(), shared.clone());
        tokio::spawn(async move {
            snap.collection
                .get_or_try_init(|| async move {
                    blocking(move || shared.load_all().map(Arc::new)).await
                })
                .await
                .cloned()
        })
        .await
        .map_err(|e| format!("loading the collection: {e}"))?
    }
}

/// Runs CPU or disk work off the async workers.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(move || {
        crate::priority::background();
        work()
    })
    .await
    .map_err(|e| format!("worker failed: {e}"))?
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline(as_of: &str) -> Timeline {
        Timeline {
            schema: filrouge::timeline::SCHEMA,
            as_of: as_of.into(),
            language: "fr".into(),
            events: Vec::new(),
            undated_events: 0,
            background_events: 0,
            documents: Vec::new(),
        }
    }

    #[test]
    fn a_view_is_cut_once_for_its_pages() {
        let dir = std::env::temp_dir().join("filrouge-serve-no-store");
        let snap = Snapshot::new(0, &dir.join("index"), &ServeOptions::new(dir.clone()));
        let mut cuts = 0;
        let first = snap.cut_once("a", || {
            cuts += 1;
            timeline("2025-01-01")
        });
        let again = snap.cut_once("a", || {
            cuts += 1;
            timeline("2025-01-02")
        });
        assert_eq!((cuts, &again.as_of), (1, &first.as_of));
        let other = snap.cut_once("b", || {
            cuts += 1;
            timeline("2025-01-03")
        });
        assert_eq!((cuts, other.as_of.as_str()), (2, "2025-01-03"));
    }
}
