//! When and how long to wait before trying a call again.

use std::time::Duration;

use reqwest::StatusCode;

/// How failed calls are retried.
///
/// By default: up to 4 attempts within 60 s. 429 and 503 are retried after the server's
/// `Retry-After` (seconds or an HTTP date), as long as it is at most
/// [`max_retry_after`](Self::with_max_retry_after); 502, 504, time-outs and connection failures are
/// retried with exponential backoff and jitter, but only for idempotent methods (GET, PUT,
/// DELETE). A POST is retried only when the server said when to retry (429 or 503 with
/// `Retry-After`), since it may otherwise have been carried out already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries: every call is tried once.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The most attempts per call, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The first backoff; each retry doubles it, up to `max`.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The longest `Retry-After` the client waits; a longer one ends the call with the error.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// The most time a call may take across all its attempts and waits.
    pub fn with_max_elapsed(mut self, max: Duration) -> Self {
        self.max_elapsed = max;
        self
    }

    /// The most attempts per call.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// How long to wait before attempt `attempt + 1`, or `None` to give up. `elapsed` is the time
    /// spent on the call so far.
    pub(crate) fn delay(
        &self,
        failure: &Failure,
        idempotent: bool,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let delay = match failure {
            Failure::Status {
                status,
                retry_after,
            } => match (*status, retry_after) {
                (StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE, Some(wait)) => {
                    if *wait > self.max_retry_after {
                        return None;
                    }
                    *wait
                }
                (
                    StatusCode::TOO_MANY_REQUESTS
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::BAD_GATEWAY
                    | StatusCode::GATEWAY_TIMEOUT,
                    None,
                ) if idempotent => self.backoff(attempt),
                _ => return None,
            },
            Failure::Connection | Failure::Timeout if idempotent => self.backoff(attempt),
            Failure::Connection | Failure::Timeout => return None,
        };
        (elapsed.saturating_add(delay) < self.max_elapsed).then_some(delay)
    }

    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so retries
    /// from many clients spread out but never come back at once.
    fn backoff(&self, attempt: u32) -> Duration {
        let step = self
            .initial_backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.max_backoff);
        let half = step / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// A failed attempt, as far as retrying is concerned.
#[derive(Debug)]
pub(crate) enum Failure {
    Status {
        status: StatusCode,
        retry_after: Option<Duration>,
    },
    Connection,
    Timeout,
}

/// Parses `Retry-After`: a number of seconds or an HTTP date.
pub(crate) fn parse_retry_after(
    value: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (date.with_timezone(&chrono::Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}
