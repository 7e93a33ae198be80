//! The bounds every call runs within, and reading a response body without exceeding them.
//!
//! A server may stall, drip bytes or send a body of any size. Each attempt therefore has a
//! connect timeout and a total timeout (which also covers reading the body), success bodies
//! are refused past a maximum size while they are read (never buffered first), and error
//! bodies are kept only up to a short prefix.

use bytes::Bytes;
use std::time::Duration;

/// Default time to establish a connection (TCP and TLS).
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default time for one attempt: connect, send, receive headers and read the whole body.
pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Default largest success body read (16 MiB; a page of 200 users is about 1 MiB).
pub(crate) const DEFAULT_MAX_BODY: usize = 16 * 1024 * 1024;

/// How much of an error body is read and kept (64 KiB).
pub(crate) const ERROR_BODY_PREFIX: usize = 64 * 1024;

/// Same-origin redirects followed within one attempt.
pub(crate) const MAX_REDIRECTS: usize = 5;

/// Longest URL a request may have (what the HTTP stack accepts as a request target).
pub(crate) const MAX_URL_LEN: usize = 65_534;

/// A body read up to a limit.
pub(crate) struct Bounded {
    /// The bytes read, at most the limit.
    pub(crate) bytes: Bytes,
    /// True when the body was longer than the limit (the rest was not read).
    pub(crate) truncated: bool,
}

/// Reads `response`'s body, stopping after `limit` bytes. A body that arrives as one chunk
/// (the usual case, even for a 200-user page) is kept as that chunk, without a copy; only a
/// body in several chunks is joined into one buffer.
pub(crate) async fn read_body(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Bounded, reqwest::Error> {
    let declared = response.content_length().unwrap_or(0);
    let mut first: Option<Bytes> = None;
    let mut joined: Option<Vec<u8>> = None;
    while let Some(chunk) = response.chunk().await? {
        let held = match (&joined, &first) {
            (Some(buffer), _) => buffer.len(),
            (None, head) => head.as_ref().map_or(0, Bytes::len),
        };
        let room = limit - held;
        let truncated = chunk.len() > room;
        let chunk = if truncated {
            chunk.slice(..room)
        } else {
            chunk
        };
        if let Some(buffer) = joined.as_mut() {
            buffer.extend_from_slice(&chunk);
        } else if let Some(head) = first.take() {
            let declared = usize::try_from(declared).unwrap_or(limit).min(limit);
            let mut buffer = Vec::with_capacity(declared.max(head.len() + chunk.len()));
            buffer.extend_from_slice(&head);
            buffer.extend_from_slice(&chunk);
            joined = Some(buffer);
        } else {
            first = Some(chunk);
        }
        if truncated {
            return Ok(Bounded {
                bytes: joined.map(Bytes::from).or(first).unwrap_or_default(),
                truncated: true,
            });
        }
    }
    Ok(Bounded {
        bytes: joined.map(Bytes::from).or(first).unwrap_or_default(),
        truncated: false,
    })
}

/// At most [`ERROR_BODY_PREFIX`] bytes of `body` as text, for error values.
pub(crate) fn body_prefix(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(ERROR_BODY_PREFIX)]).into_owned()
}
