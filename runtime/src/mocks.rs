//! Typed mocks for tests (feature `mocks`): a wiremock matcher built by the client's own
//! request encoding from an operation builder, and responders that take the operation's
//! typed body. A test never writes a URL, a query string or JSON by hand:
//!
//! ```ignore
//! let server = wiremock::MockServer::start().await;
//! let client = /* a client whose base URL is server.uri() */;
//! when(&client.get_user("00u1"))
//!     .respond(200, &user)
//!     .expect(1)
//!     .mount(&server)
//!     .await;
//! ```
//!
//! The matcher requires the method, the encoded path, every query pair and header the
//! builder would send, and (for JSON bodies) an equal JSON body; other headers and query
//! pairs the client adds (credentials, `User-Agent`) are not compared.

/// The wiremock crate the mocks are built on (`MockServer`, `Mock`), so a test needs no
/// dependency of its own.
pub use wiremock;

use crate::request::Request;
use serde::Serialize;
use std::marker::PhantomData;
use wiremock::{Match, Mock, ResponseTemplate};

/// An operation builder that can describe its request without sending it. Implemented by
/// every generated operation builder when the `mocks` feature is on.
pub trait Operation {
    /// The body of the operation's success response.
    type Body: Serialize;
    /// The request the builder would send, or why it cannot be encoded.
    #[doc(hidden)]
    fn expected_request(&self) -> Result<Request, String>;
}

/// Mocks the request `operation` would send; see [`When`].
///
/// # Panics
///
/// When the builder's request cannot be encoded (an invalid header value, say): a test
/// helper fails the test that set it up, as wiremock's own builders do.
pub fn when<O: Operation>(operation: &O) -> When<O::Body> {
    let matcher = match operation.expected_request() {
        Ok(request) => RequestMatcher::from(&request),
        Err(why) => panic!("the mocked request cannot be encoded: {why}"),
    };
    When {
        matcher,
        headers: Vec::new(),
        body: PhantomData,
    }
}

/// A matcher for one operation's request, waiting for its response.
pub struct When<B> {
    matcher: RequestMatcher,
    headers: Vec<(String, String)>,
    body: PhantomData<fn(&B)>,
}

impl<B: Serialize> When<B> {
    /// Adds a response header (`ETag`, `Link`, rate-limit headers, …).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers with `status` and the operation's typed success body.
    pub fn respond(self, status: u16, body: &B) -> Mock {
        let template = ResponseTemplate::new(status).set_body_json(body);
        self.mock(template)
    }

    /// Answers with `status` and no body (`204`, say).
    pub fn respond_empty(self, status: u16) -> Mock {
        self.mock(ResponseTemplate::new(status))
    }

    /// Answers with an error `status` and a typed error body (the API's error schema).
    pub fn respond_error<E: Serialize>(self, status: u16, body: &E) -> Mock {
        self.mock(ResponseTemplate::new(status).set_body_json(body))
    }

    fn mock(self, mut template: ResponseTemplate) -> Mock {
        for (name, value) in &self.headers {
            template = template.append_header(name.as_str(), value.as_str());
        }
        Mock::given(self.matcher).respond_with(template)
    }
}

/// What a request must carry to match.
#[derive(Debug, Clone)]
struct RequestMatcher {
    method: String,
    path: String,
    query: Vec<String>,
    headers: Vec<(String, Vec<u8>)>,
    json: Option<serde_json::Value>,
    raw_body: Option<Vec<u8>>,
}

impl From<&Request> for RequestMatcher {
    fn from(request: &Request) -> Self {
        let (json, raw_body) = match &request.body {
            Some((content_type, bytes)) => {
                let is_json = content_type.to_str().is_ok_and(|t| t.contains("json"));
                match serde_json::from_slice(bytes) {
                    Ok(value) if is_json => (Some(value), None),
                    _ => (None, Some(bytes.to_vec())),
                }
            }
            None => (None, None),
        };
        Self {
            method: request.method.as_str().to_owned(),
            path: request.path.clone(),
            query: request.query.clone(),
            headers: request
                .headers
                .iter()
                .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
                .collect(),
            json,
            raw_body,
        }
    }
}

impl Match for RequestMatcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        if request.method.as_str() != self.method || !request.url.path().ends_with(&self.path) {
            return false;
        }
        let sent: Vec<&str> = request
            .url
            .query()
            .map(|q| q.split('&').filter(|p| !p.is_empty()).collect())
            .unwrap_or_default();
        if !self.query.iter().all(|pair| sent.contains(&pair.as_str())) {
            return false;
        }
        let headers_match = self.headers.iter().all(|(name, value)| {
            request
                .headers
                .get_all(name.as_str())
                .iter()
                .any(|v| v.as_bytes() == value.as_slice())
        });
        if !headers_match {
            return false;
        }
        match (&self.json, &self.raw_body) {
            (Some(expected), _) => {
                serde_json::from_slice::<serde_json::Value>(&request.body)
                    .ok()
                    .as_ref()
                    == Some(expected)
            }
            (None, Some(raw)) => request.body == *raw,
            (None, None) => true,
        }
    }
}
