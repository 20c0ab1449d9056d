//! Bounds on the work requests may start: [`Gate`] (so many at once, a
//! bounded queue behind them, refused past it) and [`RateLimiter`] (a
//! token bucket per client address for the expensive routes).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// At most `permits` holders at once and `queue` waiting behind them;
/// past that, [`Gate::enter`] refuses at once instead of queueing.
#[derive(Debug)]
pub(crate) struct Gate {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
}

/// The gate's queue is full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Full;

/// Counts a waiter for as long as it waits (also when its future is
/// dropped: a client that hangs up leaves the queue).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Gate {
    /// A gate letting `permits` (at least 1) through at once, with room
    /// for `queue` waiting.
    pub(crate) fn new(permits: usize, queue: usize) -> Gate {
        Gate {
            permits: Arc::new(Semaphore::new(permits.max(1))),
            waiting: AtomicUsize::new(0),
            queue,
        }
    }

    /// Waits for a turn, or fails at once when the queue is full. The
    /// turn lasts as long as the permit (which may move to a thread).
    pub(crate) async fn enter(&self) -> Result<OwnedSemaphorePermit, Full> {
        if let Ok(permit) = self.permits.clone().try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(Full);
        }
        let _waiting = Waiting(&self.waiting);
        // The semaphore is never closed.
        self.permits.clone().acquire_owned().await.map_err(|_| Full)
    }
}

/// Most client addresses remembered; past it, those with a full bucket
/// (not seen for a while) are forgotten first.
const MAX_CLIENTS: usize = 10_000;

/// One client's bucket.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// A token bucket per client address: `per_minute` requests a minute,
/// as a burst or spread out. IPv6 clients are keyed by their /64 (one
/// host usually holds a whole /64).
#[derive(Debug)]
pub(crate) struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// `per_minute` requests a minute per client; 0 lets everything
    /// through.
    pub(crate) fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `client`; `Err(seconds)` until the next token
    /// when the bucket is empty.
    pub(crate) fn take(&self, client: IpAddr) -> Result<(), u64> {
        self.take_at(client, Instant::now())
    }

    fn take_at(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&key(client)) {
            forget_idle(&mut buckets, now, capacity, per_second);
        }
        let bucket = buckets.entry(key(client)).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / per_second).ceil().max(1.0) as u64)
        }
    }
}

/// The address a client is counted under.
fn key(client: IpAddr) -> IpAddr {
    match client {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6([s[0], s[1], s[2], s[3], 0, 0, 0, 0].into())
            }
        },
        v4 => v4,
    }
}

/// Drops the buckets that have refilled (their clients would start full
/// anyway); when none has, all of them (a flood of addresses).
fn forget_idle(
    buckets: &mut HashMap<IpAddr, Bucket>,
    now: Instant,
    capacity: f64,
    per_second: f64,
) {
    buckets.retain(|_, b| {
        let elapsed = now.saturating_duration_since(b.updated).as_secs_f64();
        b.tokens + elapsed * per_second < capacity
    });
    if buckets.len() >= MAX_CLIENTS {
        buckets.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_bucket_empties_and_refills() {
        let limiter = RateLimiter::new(60);
        let ip: IpAddr = [127, 0, 0, 1].into();
        let other: IpAddr = [127, 0, 0, 2].into();
        let start = Instant::now();
        for _ in 0..60 {
            assert_eq!(limiter.take_at(ip, start), Ok(()));
        }
        assert_eq!(limiter.take_at(ip, start), Err(1));
        assert_eq!(limiter.take_at(other, start), Ok(()));
        assert_eq!(
            limiter.take_at(ip, start + Duration::from_millis(1100)),
            Ok(())
        );
        assert!(RateLimiter::new(0).take_at(ip, start).is_ok());
    }

    #[test]
    fn ipv6_hosts_count_by_their_64() {
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("address");
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("address");
        assert_eq!(key(a), key(b));
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().expect("address");
        assert_eq!(key(mapped), IpAddr::from([127, 0, 0, 1]));
    }

    #[tokio::test]
    async fn a_full_gate_refuses_at_once() {
        let gate = Gate::new(1, 1);
        let first = gate.enter().await.expect("first");
        let waiting = gate.enter();
        tokio::pin!(waiting);
        // Polled once: it queues.
        assert!(
            tokio::time::timeout(Duration::from_millis(10), &mut waiting)
                .await
                .is_err()
        );
        assert_eq!(gate.enter().await.err(), Some(Full));
        drop(first);
        assert!(waiting.await.is_ok());
    }
}
