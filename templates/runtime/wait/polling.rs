//! Polling until a result is final, with backoff, within a deadline.

use std::time::{Duration, Instant};

use crate::Error;

/// How long and how often to poll for an asynchronous result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitPolicy {
    timeout: Duration,
    initial_delay: Duration,
    max_delay: Duration,
}

impl WaitPolicy {
    /// Polls until `timeout` has passed: first after 500 ms, then doubling the pause up to 5 s.
    /// The time-out is hard and covers the whole wait, the request that starts the work
    /// included: a request still in flight when it runs out is dropped.
    pub fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(5),
        }
    }

    /// The first pause, and the longest one as the pauses double.
    pub fn with_delays(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_delay = initial;
        self.max_delay = max.max(initial);
        self
    }
}

impl WaitPolicy {
    /// Starts the clock of a wait: its deadline is now plus the time-out, for the request that
    /// starts the work and every poll alike.
    pub(crate) fn start(&self) -> Deadline {
        let started = Instant::now();
        // A time-out too large to add to the clock means no deadline.
        Deadline {
            started,
            at: started.checked_add(self.timeout),
            timeout: self.timeout,
        }
    }
}

/// When a wait must be over, whatever it is doing then.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    started: Instant,
    at: Option<Instant>,
    timeout: Duration,
}

impl Deadline {
    /// Runs one request of the wait (`operation`, the one that starts the work or a poll), cut
    /// off at the deadline: a request still in flight then (its retries included) is dropped,
    /// and the wait fails with [`Error::WaitTimeout`] naming it.
    pub(crate) async fn run<T>(
        &self,
        operation: &'static str,
        polls: u32,
        call: impl Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        let Some(at) = self.at else {
            return call.await;
        };
        match tokio::time::timeout_at(at.into(), call).await {
            Ok(result) => result,
            Err(_) => Err(self.timed_out(operation, polls)),
        }
    }

    /// Whether a pause of `delay` from now would end past the deadline.
    fn passed_after(&self, delay: Duration) -> bool {
        self.at.is_some_and(|at| {
            Instant::now()
                .checked_add(delay)
                .is_none_or(|end| end >= at)
        })
    }

    fn timed_out(&self, operation: &'static str, polls: u32) -> Error {
        Error::WaitTimeout {
            operation,
            waited: self.started.elapsed(),
            polls,
            timeout: self.timeout,
        }
    }
}

/// What a polled result says.
pub(crate) enum Progress {
    Pending,
    Done,
    Failed(String),
}

/// Calls `call` after each pause until `progress` says the result is final, or the deadline
/// comes: a pause that would end past it is not taken, and a poll in flight at the deadline is
/// dropped. A failed poll (after the client's own retries) ends the wait with that error.
pub(crate) async fn poll<T, F, Fut>(
    policy: &WaitPolicy,
    deadline: Deadline,
    operation: &'static str,
    mut call: F,
    progress: impl Fn(&T) -> Progress,
) -> Result<T, Error>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Error>>,
{
    let mut delay = policy.initial_delay;
    let mut polls = 0;
    loop {
        if deadline.passed_after(delay) {
            return Err(deadline.timed_out(operation, polls));
        }
        tokio::time::sleep(delay).await;
        let result = deadline.run(operation, polls, call()).await?;
        polls += 1;
        match progress(&result) {
            Progress::Done => return Ok(result),
            Progress::Failed(status) => return Err(Error::WaitFailed { operation, status }),
            Progress::Pending => tracing::debug!(operation, polls, "result not final yet"),
        }
        delay = delay.saturating_mul(2).min(policy.max_delay);
    }
}
