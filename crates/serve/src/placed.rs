//! Timelines read from the events placed in the store (`filrouge place`):
//! once a store is placed, the server cuts timelines from its stored
//! events instead of loading every document and linking them, and follows
//! the placement as it moves (only the events written or removed since the
//! last revision are read again).

use std::sync::{Arc, Mutex};

use filrouge::store::Store;
use filrouge::timeline::stored::{from_stored_json, PlacedEvents};

/// The placed events as last read.
#[derive(Default)]
pub(crate) struct PlacedCache {
    state: Mutex<Held>,
}

#[derive(Default)]
struct Held {
    /// When the store's placement was last asked for.
    checked: Option<std::time::Instant>,
    /// Whether the store was placed then.
    was_placed: bool,
    /// The placement's revision read.
    revision: u64,
    /// The events at that revision, ready to cut.
    view: Option<Arc<PlacedEvents>>,
}

/// The placed events of a store at one revision.
#[derive(Clone)]
pub(crate) struct Placed {
    /// The placement's revision.
    pub revision: u64,
    /// The events.
    pub events: Arc<PlacedEvents>,
}

/// How long an answer about the placement stands before the store is
/// asked again: requests in between share it, so a busy server does not
/// queue every request behind a round trip to the store.
const RECHECK: std::time::Duration = std::time::Duration::from_millis(200);

impl PlacedCache {
    /// The events as read less than [`RECHECK`] ago, when they were:
    /// `Some(None)` when the store was not placed then.
    pub fn recent(&self) -> Option<Option<Placed>> {
        let held = self.state.lock().ok()?;
        let fresh = held.checked.is_some_and(|t| t.elapsed() < RECHECK);
        if !fresh {
            return None;
        }
        if !held.was_placed {
            return Some(None);
        }
        let view = held.view.clone()?;
        Some(Some(Placed {
            revision: held.revision,
            events: view,
        }))
    }

    /// The store's placed events, read again where the placement moved
    /// since the last call; `None` when the store was never placed (the
    /// server links its documents itself). Blocking.
    pub fn current(&self, store: &Store) -> Result<Option<Placed>, String> {
        let placement = store.placement().map_err(|e| e.to_string())?;
        let mut held = self
            .state
            .lock()
            .map_err(|_| "a request panicked while reading placed events".to_string())?;
        held.checked = Some(std::time::Instant::now());
        held.was_placed = placement.placed > 0;
        if placement.placed == 0 {
            return Ok(None);
        }
        if let (true, Some(view)) = (held.revision == placement.revision, &held.view) {
            return Ok(Some(Placed {
                revision: held.revision,
                events: view.clone(),
            }));
        }
        // A placement started again is read whole; else only what moved.
        let (since, mut events) = match held.view.take() {
            Some(v) if placement.revision >= held.revision => {
                (held.revision, Arc::unwrap_or_clone(v))
            }
            _ => (0, PlacedEvents::default()),
        };
        let gone = store.placed_removed(since).map_err(|e| e.to_string())?;
        let mut changed = Vec::new();
        for row in store.placed_events(since).map_err(|e| e.to_string())? {
            changed.push(
                from_stored_json(&row.event)
                    .map_err(|e| format!("placed event {}: {e}", row.key))?,
            );
        }
        events.apply(changed, &gone, placement.placed);
        let view = Arc::new(events);
        held.revision = placement.revision;
        held.view = Some(view.clone());
        Ok(Some(Placed {
            revision: held.revision,
            events: view,
        }))
    }
}
