//! Client-wide rate limiting, shared by every clone of a `Client`: a cap on requests in flight, an
//! optional minimum interval between request starts, and a hold on the whole client after a 429.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The limits. The defaults follow Axero's advice for a shared intranet: at most 3 requests in flight,
/// no interval (200 ms is the advised figure when bulk jobs run beside users).
#[derive(Debug)]
pub(crate) struct Limiter {
    permits: Arc<Semaphore>,
    max_in_flight: usize,
    min_interval: Option<Duration>,
    /// When the latest request started (for the minimum interval). Its lock is also the queue of the
    /// requests waiting for their start, in arrival order: a request takes its start time only when it
    /// leaves the queue, so one dropped while waiting leaves no reserved slot behind.
    last_start: tokio::sync::Mutex<Option<Instant>>,
    /// No request starts before this (after a 429).
    hold_until: Mutex<Option<Instant>>,
}

/// Held while a request is in flight.
#[derive(Debug)]
pub(crate) struct Permit {
    _permit: Option<OwnedSemaphorePermit>,
}

impl Limiter {
    /// At most `max_in_flight` requests at once (at least 1, and at most what a semaphore holds, about
    /// 2.3·10¹⁸), starts at least `min_interval` apart.
    pub(crate) fn new(max_in_flight: usize, min_interval: Option<Duration>) -> Self {
        let max_in_flight = max_in_flight.clamp(1, Semaphore::MAX_PERMITS);
        Limiter {
            permits: Arc::new(Semaphore::new(max_in_flight)),
            max_in_flight,
            min_interval: min_interval.filter(|d| !d.is_zero()),
            last_start: tokio::sync::Mutex::new(None),
            hold_until: Mutex::new(None),
        }
    }

    /// The in-flight cap.
    pub(crate) fn max_in_flight(&self) -> usize {
        self.max_in_flight
    }

    /// The minimum interval between starts.
    pub(crate) fn min_interval(&self) -> Option<Duration> {
        self.min_interval
    }

    /// Waits for a slot: a free in-flight permit, then (in arrival order) the end of any hold and the
    /// minimum interval since the latest start.
    pub(crate) async fn acquire(&self) -> Permit {
        let permit = Arc::clone(&self.permits).acquire_owned().await.ok();
        let mut last_start = self.last_start.lock().await;
        loop {
            let now = Instant::now();
            let spaced = match (*last_start, self.min_interval) {
                (Some(last), Some(gap)) => instant_after(last, gap),
                _ => now,
            };
            let start = spaced.max(self.held_until().unwrap_or(now));
            // Only sleep when there is something to wait for: a timer rounds up to the next
            // millisecond tick, which would add about 1 ms to every request. A 429 seen by another
            // request while this one slept extends the hold: the loop then waits again.
            if start <= now {
                break;
            }
            tokio::time::sleep_until(start).await;
        }
        if self.min_interval.is_some() {
            *last_start = Some(Instant::now());
        }
        Permit { _permit: permit }
    }

    /// Holds every request of the client back until `until`.
    pub(crate) fn hold(&self, until: Instant) {
        let mut hold = self.hold_until.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *hold = Some(hold.map_or(until, |h| h.max(until)));
    }

    fn held_until(&self) -> Option<Instant> {
        // One instant; a panic elsewhere cannot leave it inconsistent.
        *self.hold_until.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// About thirty years: what "later than an `Instant` can say" becomes.
const FAR: Duration = Duration::from_secs(30 * 365 * 24 * 60 * 60);

/// `at + wait`, saturating: a wait too long for an `Instant` (a `Retry-After` of `u64::MAX` seconds,
/// a `min_interval` of `Duration::MAX`) ends about thirty years on instead of panicking.
pub(crate) fn instant_after(at: Instant, wait: Duration) -> Instant {
    at.checked_add(wait).or_else(|| at.checked_add(FAR)).unwrap_or(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn spaces_request_starts() {
        let limiter = Limiter::new(10, Some(Duration::from_millis(200)));
        let t0 = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..4 {
            let _p = limiter.acquire().await;
            starts.push(Instant::now() - t0);
        }
        assert_eq!(starts, [0, 200, 400, 600].map(Duration::from_millis));
    }

    #[tokio::test(start_paused = true)]
    async fn a_hold_delays_everyone() {
        let limiter = Limiter::new(3, None);
        let t0 = Instant::now();
        limiter.hold(t0 + Duration::from_secs(2));
        let _p = limiter.acquire().await;
        assert!(Instant::now() - t0 >= Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn a_caller_dropped_while_queued_gives_its_slot_back() {
        let limiter = Arc::new(Limiter::new(10, Some(Duration::from_millis(300))));
        let t0 = Instant::now();
        drop(limiter.acquire().await);
        let queued: Vec<_> = (0..3)
            .map(|_| {
                let l = Arc::clone(&limiter);
                tokio::spawn(async move { drop(l.acquire().await) })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(50)).await;
        for task in &queued {
            task.abort();
        }
        drop(limiter.acquire().await);
        assert_eq!(Instant::now() - t0, Duration::from_millis(300), "no phantom slots before this one");
    }

    #[tokio::test(start_paused = true)]
    async fn huge_limits_saturate() {
        let limiter = Limiter::new(usize::MAX, Some(Duration::MAX));
        assert_eq!(limiter.max_in_flight(), Semaphore::MAX_PERMITS);
        drop(limiter.acquire().await);
        limiter.hold(instant_after(Instant::now(), Duration::MAX));
        let second = tokio::time::timeout(Duration::from_secs(3600), limiter.acquire()).await;
        assert!(second.is_err(), "still waiting, without a panic");
    }

    #[tokio::test(start_paused = true)]
    async fn caps_requests_in_flight() {
        let limiter = Arc::new(Limiter::new(2, None));
        let a = limiter.acquire().await;
        let _b = limiter.acquire().await;
        let l = Arc::clone(&limiter);
        let third = tokio::spawn(async move { l.acquire().await });
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!third.is_finished(), "a third request waits while two are in flight");
        drop(a);
        third.await.unwrap();
    }
}
