//! Client-wide rate limiting, shared by every clone of a `Client`: a cap on requests in flight, an
//! optional minimum interval between request starts, and a hold on the whole client after a 429.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The limits. The defaults follow Axero's advice for a shared intranet: at most 3 requests in flight,
/// no interval (200 ms is the advised figure when bulk jobs run beside users).
#[derive(Debug)]
pub struct Limiter {
    permits: Arc<Semaphore>,
    max_in_flight: usize,
    min_interval: Option<Duration>,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// The earliest time the next request may start (min-interval spacing).
    next_start: Option<Instant>,
    /// No request starts before this (after a 429).
    hold_until: Option<Instant>,
}

/// Held while a request is in flight.
#[derive(Debug)]
pub struct Permit {
    _permit: Option<OwnedSemaphorePermit>,
}

impl Limiter {
    /// At most `max_in_flight` (at least 1) requests at once, starts at least `min_interval` apart.
    pub fn new(max_in_flight: usize, min_interval: Option<Duration>) -> Self {
        let max_in_flight = max_in_flight.max(1);
        Limiter {
            permits: Arc::new(Semaphore::new(max_in_flight)),
            max_in_flight,
            min_interval: min_interval.filter(|d| !d.is_zero()),
            state: Mutex::new(State::default()),
        }
    }

    /// The in-flight cap.
    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight
    }

    /// The minimum interval between starts.
    pub fn min_interval(&self) -> Option<Duration> {
        self.min_interval
    }

    /// Waits for a slot: a free in-flight permit, the end of any hold, and the next start time.
    pub async fn acquire(&self) -> Permit {
        let permit = Arc::clone(&self.permits).acquire_owned().await.ok();
        loop {
            let start = {
                let mut state = self.lock();
                let now = Instant::now();
                let start = [Some(now), state.next_start, state.hold_until].into_iter().flatten().max().unwrap_or(now);
                if let Some(gap) = self.min_interval {
                    state.next_start = Some(start + gap);
                }
                start
            };
            // Only sleep when there is something to wait for: a timer rounds up to the next
            // millisecond tick, which would add about 1 ms to every request.
            if start > Instant::now() {
                tokio::time::sleep_until(start).await;
            }
            // A 429 seen by another request while this one slept extends the hold: wait again.
            let held = self.lock().hold_until.is_some_and(|h| h > Instant::now());
            if !held {
                return Permit { _permit: permit };
            }
        }
    }

    /// Holds every request of the client back until `until`.
    pub fn hold(&self, until: Instant) {
        let mut state = self.lock();
        state.hold_until = Some(state.hold_until.map_or(until, |h| h.max(until)));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is two instants; a panic elsewhere cannot leave it inconsistent.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
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
