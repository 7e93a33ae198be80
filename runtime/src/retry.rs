//! [`RetryPolicy`]: when a failed attempt is tried again, and how long to wait first.
//!
//! - `429`: wait what the rate-limit headers say (see `rate_limit`), else back off.
//! - `503`, `504` and transport errors: only for idempotent methods (GET, HEAD, OPTIONS,
//!   PUT, DELETE), with exponential backoff and jitter. A POST is retried only when the
//!   connection was never established, so it is never replayed after the server may have
//!   processed it.
//! - Every wait is capped, and so is the total time spent waiting.

use reqwest::Method;
use std::time::Duration;

/// Retry settings. The default retries twice and waits at most 60 s per retry and 120 s in
/// total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    max_wait: Duration,
    max_total_wait: Duration,
    base_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            max_wait: Duration::from_secs(60),
            max_total_wait: Duration::from_secs(120),
            base_backoff: Duration::from_millis(500),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// At most `retries` retries after the first attempt.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Longest single wait; a server asking for more makes the call fail instead.
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// Longest total wait over all retries of one call.
    pub fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    /// First backoff delay when the server gives no wait (doubles per retry, with jitter).
    pub fn base_backoff(mut self, delay: Duration) -> Self {
        self.base_backoff = delay;
        self
    }

    /// The wait before retry number `retry` (1-based), given what the server asked for
    /// (`asked`) and the time already waited; `None` when no retry should happen.
    pub(crate) fn wait(
        &self,
        retry: u32,
        asked: Option<Duration>,
        waited: Duration,
    ) -> Option<Duration> {
        if retry > self.max_retries {
            return None;
        }
        let wait = match asked {
            Some(asked) if asked > self.max_wait => return None,
            Some(asked) => asked,
            None => self.backoff(retry),
        };
        (waited.saturating_add(wait) <= self.max_total_wait).then_some(wait)
    }

    /// `base · 2^(retry−1)`, capped at `max_wait`, then scaled by a jitter factor in [0.5, 1].
    fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(16);
        let full = self
            .base_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_wait);
        Duration::try_from_secs_f64(full.as_secs_f64() * (0.5 + jitter() / 2.0)).unwrap_or(full)
    }
}

/// True for methods whose repetition has the same effect as one call.
pub(crate) fn idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
    )
}

/// A number in [0, 1).
fn jitter() -> f64 {
    (super::random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_settings_and_waits_do_not_overflow() {
        let policy = RetryPolicy::default()
            .max_retries(u32::MAX)
            .max_wait(Duration::MAX)
            .max_total_wait(Duration::MAX)
            .base_backoff(Duration::MAX);
        assert!(policy.wait(u32::MAX, None, Duration::MAX).is_some());
        assert!(policy.wait(3, Some(Duration::MAX), Duration::MAX).is_some());
        let default = RetryPolicy::default();
        assert_eq!(default.wait(1, Some(Duration::MAX), Duration::ZERO), None);
        assert_eq!(
            default.wait(1, Some(Duration::from_secs(1)), Duration::MAX),
            None
        );
    }
}
