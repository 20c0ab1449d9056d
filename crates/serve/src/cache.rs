//! Answers kept for many requests, bounded by their size in bytes: the
//! least recently asked go first when the budget is spent, and an answer
//! larger than the whole budget is sent but not kept.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use tokio::sync::OnceCell;

use crate::error::ApiError;

/// Bytes counted for an entry beyond its key and bodies (the map's own
/// share, the cell, the counters).
const ENTRY_OVERHEAD: usize = 128;

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
    /// `plain` and its gzip.
    pub(crate) fn of(plain: Vec<u8>) -> Result<CachedBody, String> {
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

    /// Bytes held.
    fn size(&self) -> usize {
        self.plain.len() + self.gzip.len()
    }
}

type Cell = Arc<OnceCell<CachedBody>>;

/// One key's answer: being built (`size` 0) or built.
struct Entry {
    cell: Cell,
    size: usize,
    last_asked: u64,
}

#[derive(Default)]
struct State {
    entries: HashMap<String, Entry>,
    used: usize,
    clock: u64,
}

/// Bodies by key within a byte budget.
pub(crate) struct BodyCache {
    budget: usize,
    state: Mutex<State>,
}

impl BodyCache {
    /// A cache holding at most `budget` bytes of answers.
    pub(crate) fn new(budget: usize) -> BodyCache {
        BodyCache {
            budget,
            state: Mutex::new(State::default()),
        }
    }

    /// Bytes held now.
    #[cfg(test)]
    fn used(&self) -> usize {
        self.state.lock().map_or(0, |s| s.used)
    }

    /// The cell of `key`, made when absent.
    fn cell(&self, key: &str) -> Cell {
        let Ok(mut state) = self.state.lock() else {
            return Arc::new(OnceCell::new());
        };
        state.clock += 1;
        let now = state.clock;
        let entry = state
            .entries
            .entry(key.to_string())
            .or_insert_with(|| Entry {
                cell: Arc::new(OnceCell::new()),
                size: 0,
                last_asked: now,
            });
        entry.last_asked = now;
        entry.cell.clone()
    }

    /// Counts the built body of `key` and gives up the least recently
    /// asked bodies until the budget holds (`key`'s own too, when it is
    /// larger than the budget alone).
    fn settle(&self, key: &str, cell: &Cell, body: &CachedBody) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let state = &mut *state;
        match state.entries.get_mut(key) {
            Some(e) if Arc::ptr_eq(&e.cell, cell) && e.size == 0 => {
                e.size = body.size() + key.len() + ENTRY_OVERHEAD;
                state.used += e.size;
            }
            _ => return,
        }
        while state.used > self.budget {
            let victim = state
                .entries
                .iter()
                .filter(|(_, e)| e.size > 0)
                .min_by_key(|(k, e)| (k.as_str() == key, e.last_asked))
                .map(|(k, _)| k.clone());
            let Some(victim) = victim else { break };
            if let Some(e) = state.entries.remove(&victim) {
                state.used -= e.size;
            }
        }
    }

    /// Drops `key` when it is still `cell` and was never built (its
    /// making failed): failed keys do not pile up.
    fn forget(&self, key: &str, cell: &Cell) {
        if let Ok(mut state) = self.state.lock() {
            if state
                .entries
                .get(key)
                .is_some_and(|e| Arc::ptr_eq(&e.cell, cell) && e.size == 0 && !cell.initialized())
            {
                state.entries.remove(key);
            }
        }
    }

    /// The body of `key`: kept, or made by `make` (once for concurrent
    /// callers) and kept within the budget. `make` runs in a task of its
    /// own, so a client that hangs up does not waste it.
    pub(crate) async fn get<F>(
        self: &Arc<Self>,
        key: String,
        make: F,
    ) -> Result<CachedBody, ApiError>
    where
        F: std::future::Future<Output = Result<CachedBody, ApiError>> + Send + 'static,
    {
        let cell = self.cell(&key);
        if let Some(body) = cell.get() {
            return Ok(body.clone());
        }
        let cache = self.clone();
        tokio::spawn(async move {
            match cell.get_or_try_init(|| make).await {
                Ok(body) => {
                    cache.settle(&key, &cell, body);
                    Ok(body.clone())
                }
                Err(e) => {
                    cache.forget(&key, &cell);
                    Err(e)
                }
            }
        })
        .await
        .map_err(ApiError::internal)?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(n: usize) -> CachedBody {
        CachedBody {
            plain: Bytes::from(vec![b'x'; n]),
            gzip: Bytes::new(),
        }
    }

    #[tokio::test]
    async fn finding_7_the_timeline_cache_is_bounded_in_bytes() {
        let cache = Arc::new(BodyCache::new(10_000));
        for i in 0..50 {
            let b = cache
                .get(format!("q{i}"), async { Ok(body(3000)) })
                .await
                .expect("body");
            assert_eq!(b.plain.len(), 3000);
            assert!(cache.used() <= 10_000, "{}", cache.used());
        }
        // Three fit; the latest are kept.
        let kept = cache
            .get("q49".into(), async { Ok(body(1)) })
            .await
            .expect("kept");
        assert_eq!(kept.plain.len(), 3000);
        let gone = cache
            .get("q0".into(), async { Ok(body(1)) })
            .await
            .expect("remade");
        assert_eq!(gone.plain.len(), 1);
        // Larger than the budget alone: answered, not kept.
        let big = cache
            .get("big".into(), async { Ok(body(20_000)) })
            .await
            .expect("big");
        assert_eq!(big.plain.len(), 20_000);
        assert!(cache.used() <= 10_000);
    }
}
