//! [`Response`]: a decoded body together with the status and headers it came with.

use super::settings::Settings;
use super::RateLimit;
use http::HeaderMap;
use http::StatusCode;
use std::fmt;

/// A successful response: the typed body plus status and headers.
///
/// `H` holds the typed headers of operations that declare response headers; its accessors
/// are reached through `Deref` (for example `etag()`).
pub struct Response<T, H = ()> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
    settings: &'static Settings,
    typed: H,
}

/// Typed access to the response headers an operation declares: generated per operation and
/// reached through [`Response`]'s `Deref` (so `response.etag()` reads the `ETag` header).
pub trait FromHeaders {
    /// Reads the declared headers.
    fn from_headers(headers: &HeaderMap) -> Self;
}

impl FromHeaders for () {
    fn from_headers(_: &HeaderMap) -> Self {}
}

/// The value of header `name` as text, if it is present and valid text.
pub fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

impl<T, H> std::ops::Deref for Response<T, H> {
    type Target = H;

    fn deref(&self) -> &H {
        &self.typed
    }
}

impl<T, H: FromHeaders> Response<T, H> {
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: T,
        settings: &'static Settings,
    ) -> Self {
        let typed = H::from_headers(&headers);
        Self {
            status,
            headers,
            body,
            settings,
            typed,
        }
    }
}

impl<T, H> Response<T, H> {
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
        self.settings
            .request_id_header
            .and_then(|name| self.header(name))
    }

    /// The rate-limit state the server reported with this response, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(&self.headers, &self.settings.rate_limit)
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
