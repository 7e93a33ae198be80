//! [`TransportError`]: connecting, sending or receiving failed. Opaque, so that the HTTP
//! stack (reqwest today) is not part of the public API; the underlying error is its
//! `source()`, and [`crate::escape_hatch`] can reach it.

use std::fmt;

/// Connecting, sending or receiving failed, or an attempt timed out. Holds no URL (which
/// could carry an API key in its query).
#[derive(Debug)]
pub struct TransportError(pub(crate) reqwest::Error);

impl TransportError {
    pub(crate) fn new(error: reqwest::Error) -> Self {
        Self(error.without_url())
    }

    /// True when the attempt ran out of time (connecting, or the whole attempt).
    pub fn is_timeout(&self) -> bool {
        self.0.is_timeout()
    }

    /// True when no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.0.is_connect()
    }

    /// True when the request could not be built (never worth retrying).
    pub fn is_request_invalid(&self) -> bool {
        self.0.is_builder()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}
