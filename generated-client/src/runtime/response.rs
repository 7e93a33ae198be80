// Copied by `cargo xtask generate` from generator/runtime/. Do not edit.

//! [`Response`]: a decoded body together with the status and headers it came with.

use super::RateLimit;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use std::fmt;
use std::marker::PhantomData;

/// A successful response: the typed body plus status and headers.
///
/// `H` marks operations that declare response headers; for those, typed accessors are
/// generated as methods on `Response<T, H>` (for example `etag()`).
pub struct Response<T, H = ()> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
    marker: PhantomData<fn() -> H>,
}

impl<T, H> Response<T, H> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
            marker: PhantomData,
        }
    }

    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of header `name`, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The server's id for this request (for support tickets), if it sends one.
    pub fn request_id(&self) -> Option<&str> {
        crate::SETTINGS
            .request_id_header
            .and_then(|name| self.header(name))
    }

    /// The rate-limit state the server reported with this response, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers)
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, consuming the response.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Status, headers and body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl<T: fmt::Debug, H> fmt::Debug for Response<T, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .finish()
    }
}
