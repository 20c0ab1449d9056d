//! Linking on demand, bounded: each reference date (`as_of`, a day) is
//! linked once per store generation and kept; at most
//! [`crate::ServeOptions::max_dates`] dates are held at once, one linking
//! runs at a time (the others wait in turn), and a date past the cap is
//! refused with a 503 and `Retry-After` until a held date can go.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use filrouge::timeline::LinkedEvents;
use filrouge::Collection;
use tokio::sync::OnceCell;

use crate::error::ApiError;
use crate::snapshot::{blocking, Shared};

/// A held date is not given up for another until it has gone this long
/// unasked (a client cycling through dates cannot keep the linker busy
/// relinking what others use).
pub(crate) const MIN_HOLD: Duration = Duration::from_secs(30);

/// One reference date held.
struct Held {
    as_of: NaiveDate,
    linked: Arc<OnceCell<Arc<LinkedEvents>>>,
    last_asked: Instant,
}

/// The reference dates linked for one generation.
#[derive(Default)]
pub(crate) struct HeldDates {
    held: Mutex<Vec<Held>>,
}

impl HeldDates {
    /// The cell of `as_of`: held already, or a new one taking a free
    /// place or the place of the date least recently asked for (never
    /// `keep`'s, never one being linked, never one asked within
    /// [`MIN_HOLD`]). `None` when no place can be had.
    fn place(
        &self,
        as_of: NaiveDate,
        cap: usize,
        keep: NaiveDate,
        now: Instant,
    ) -> Option<Arc<OnceCell<Arc<LinkedEvents>>>> {
        let mut held = self.held.lock().ok()?;
        if let Some(h) = held.iter_mut().find(|h| h.as_of == as_of) {
            h.last_asked = now;
            return Some(h.linked.clone());
        }
        if held.len() >= cap.max(1) {
            let oldest = held
                .iter()
                .enumerate()
                .filter(|(_, h)| {
                    h.as_of != keep
                        && h.linked.initialized()
                        && now.saturating_duration_since(h.last_asked) >= MIN_HOLD
                })
                .min_by_key(|(_, h)| h.last_asked)
                .map(|(i, _)| i)?;
            held.swap_remove(oldest);
        }
        let cell = Arc::new(OnceCell::new());
        held.push(Held {
            as_of,
            linked: cell.clone(),
            last_asked: now,
        });
        Some(cell)
    }

    /// Whether `as_of` is held (linked or being linked).
    pub(crate) fn holds(&self, as_of: NaiveDate) -> bool {
        self.held
            .lock()
            .map(|h| h.iter().any(|h| h.as_of == as_of))
            .unwrap_or(false)
    }

    /// The events of `collection` linked against `as_of`: held already,
    /// or linked now in turn with other dates' linkings.
    pub(crate) async fn linked(
        &self,
        shared: &Arc<Shared>,
        collection: Arc<Collection>,
        as_of: NaiveDate,
    ) -> Result<Arc<LinkedEvents>, ApiError> {
        let cap = shared.opts.max_dates;
        let Some(cell) = self.place(as_of, cap, filrouge::today(), Instant::now()) else {
            return Err(ApiError::busy(
                format!(
                    "{cap} reference dates (as_of) are linked or being linked already; \
                     try again later or use one of them"
                ),
                MIN_HOLD,
            ));
        };
        // In a task of its own: a client that hangs up does not stop a
        // linking half way (its work would be lost, and the next one would
        // start while it still runs).
        let shared = shared.clone();
        tokio::spawn(async move {
            cell.get_or_try_init(|| async {
                // Linkings take turns; the queue is bounded by the cap on
                // held dates, each linked once.
                let _turn = shared.linking.lock().await;
                blocking(move || {
                    Ok(Arc::new(
                        collection.link(as_of, filrouge::SUMMARY_SENTENCES),
                    ))
                })
                .await
            })
            .await
            .cloned()
        })
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2032, 1, d).expect("date")
    }

    fn linked_now(cell: &OnceCell<Arc<LinkedEvents>>) {
        let empty = Collection::new(Vec::new());
        cell.set(Arc::new(empty.link(day(1), 1))).expect("set once");
    }

    #[test]
    fn past_the_cap_a_date_waits_for_a_held_one_to_go() {
        let dates = HeldDates::default();
        let start = Instant::now();
        let today = day(28);
        let a = dates.place(day(1), 2, today, start).expect("a place");
        let _b = dates.place(day(2), 2, today, start).expect("a place");
        // Both held and not linked yet: no place.
        assert!(dates.place(day(3), 2, today, start).is_none());
        // Asked again: the same cell.
        let again = dates.place(day(1), 2, today, start).expect("held");
        assert!(Arc::ptr_eq(&a, &again));
        linked_now(&a);
        // Linked, but asked too recently.
        assert!(dates.place(day(3), 2, today, start).is_none());
        let later = start + MIN_HOLD;
        assert!(dates.place(day(3), 2, today, later).is_some());
        assert!(!dates.holds(day(1)) && dates.holds(day(3)));
    }

    #[test]
    fn the_default_date_is_never_given_up() {
        let dates = HeldDates::default();
        let start = Instant::now();
        let today = day(28);
        let t = dates.place(today, 1, today, start).expect("a place");
        linked_now(&t);
        assert!(dates
            .place(day(2), 1, today, start + MIN_HOLD * 4)
            .is_none());
    }
}
