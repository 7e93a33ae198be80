//! Faults a test can switch on: each injected [`Fault`] replaces the answer to one request.
use std::collections::VecDeque;
use std::time::Duration;

/// What the next request meets instead of a normal answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// `429` with Okta's rate-limit headers (`X-Rate-Limit-Remaining: 0`, a reset this many
    /// seconds after the response's `Date`) and error `E0000047`.
    RateLimited {
        /// Seconds until the window resets.
        reset_in: u64,
    },
    /// This status (a `5xx`, say) with an Okta error body.
    Status(u16),
    /// The normal answer, after this delay.
    Slow(Duration),
    /// The connection is closed after the status line: no complete response.
    DropConnection,
}

/// The queue of injected faults.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queue: VecDeque<Fault>,
}

impl Faults {
    pub(crate) fn push(&mut self, fault: Fault) {
        self.queue.push_back(fault);
    }

    pub(crate) fn next(&mut self) -> Option<Fault> {
        self.queue.pop_front()
    }
}
