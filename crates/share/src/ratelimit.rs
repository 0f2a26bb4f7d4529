//! Token-bucket rate limits keyed by client (and link): a burst is allowed,
//! then one attempt per refill period. Old buckets are swept so a flood of
//! distinct keys can't grow memory without bound.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Sweep full buckets once the map holds this many keys.
const SWEEP_AT: usize = 10_000;

#[derive(Debug)]
pub(crate) struct RateLimiter {
    burst: f64,
    refill: Duration,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    pub(crate) fn new(burst: u32, refill: Duration) -> Self {
        RateLimiter {
            burst: f64::from(burst.max(1)),
            refill: refill.max(Duration::from_micros(1)),
            buckets: Mutex::default(),
        }
    }

    /// Takes one attempt for `key`; when none is left, says how long until one is.
    pub(crate) fn acquire(&self, key: &str) -> Result<(), Duration> {
        self.acquire_at(key, Instant::now())
    }

    fn acquire_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() >= SWEEP_AT {
            let (burst, refill) = (self.burst, self.refill);
            buckets.retain(|_, b| b.refilled(now, burst, refill) < burst);
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket { tokens: self.burst, at: now });
        let tokens = bucket.refilled(now, self.burst, self.refill);
        if tokens >= 1.0 {
            *bucket = Bucket { tokens: tokens - 1.0, at: now };
            Ok(())
        } else {
            *bucket = Bucket { tokens, at: now };
            Err(self.refill.mul_f64(1.0 - tokens))
        }
    }
}

impl Bucket {
    fn refilled(&self, now: Instant, burst: f64, refill: Duration) -> f64 {
        let earned = now.saturating_duration_since(self.at).as_secs_f64() / refill.as_secs_f64();
        (self.tokens + earned).min(burst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_a_burst_then_one_per_refill() {
        let limiter = RateLimiter::new(3, Duration::from_secs(10));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.acquire_at("a", t0).is_ok());
        }
        let wait = limiter.acquire_at("a", t0).expect_err("fourth in a burst is refused");
        assert!(wait <= Duration::from_secs(10) && wait > Duration::from_secs(9));
        assert!(limiter.acquire_at("b", t0).is_ok(), "other clients are not affected");
        assert!(limiter.acquire_at("a", t0 + Duration::from_secs(10)).is_ok(), "one comes back after a refill");
        assert!(limiter.acquire_at("a", t0 + Duration::from_secs(10)).is_err());
    }
}
