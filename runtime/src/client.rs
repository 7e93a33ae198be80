//! [`Client`] and [`ClientBuilder`]: configuration, credentials, and the one place where
//! requests are sent — with retries, a tracing span per call, and classification of the
//! response (success body, API error, other status).

use super::auth::{header_value, Credential};
use super::pagination::{next_link, resolve_next, Page};
use super::rate_limit::wait_from_headers;
use super::redirect::{self, Redirect};
use super::request::Request;
use super::response::FromHeaders;
use super::retry::{idempotent, RetryPolicy};
use super::settings::Api;
use super::{limits, redact};
use super::{ClientBuilder, Error, Response, Secret};
use http::StatusCode;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, USER_AGENT,
};
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tracing::field::Empty;
use tracing::Instrument;
use url::Url;

/// An API client. Cheap to clone; clones share the connection pool and the token cache.
pub struct Client<A: Api> {
    pub(crate) inner: Arc<Inner<A>>,
}

impl<A: Api> Clone for Client<A> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
        }
    }
}

/// What a client holds; built by [`ClientBuilder`].
pub(crate) struct Inner<A: Api> {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    pub(crate) credential: Option<Credential<A>>,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent: HeaderValue,
    /// Time limit of one attempt (`None`: unlimited).
    pub(crate) timeout: Option<Duration>,
    /// Largest success body read.
    pub(crate) max_body: usize,
    /// Most pages one stream fetches (`None`: unlimited).
    pub(crate) max_pages: Option<u64>,
    /// Nesting limit of kept JSON values ([`crate::extra::with_max_depth`]).
    pub(crate) max_depth: usize,
}

impl<A: Api> fmt::Debug for Client<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &redact::url(&self.inner.base_url))
            .field("credential", &self.inner.credential)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("max_body", &self.inner.max_body)
            .field("max_pages", &self.inner.max_pages)
            .field("max_depth", &self.inner.max_depth)
            .finish()
    }
}

/// A received response before decoding.
pub(crate) struct Raw {
    pub(crate) url: Url,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    /// The body; for error statuses at most [`limits::ERROR_BODY_PREFIX`] bytes of it.
    pub(crate) body: bytes::Bytes,
}

/// What an operation hands the client to send: its request, or the error that stopped it
/// being built (then nothing is sent and the call's future yields that error).
#[doc(hidden)]
pub trait Prepared<A: Api> {
    /// The request to send, or why there is none.
    fn prepared(self) -> Result<Request, Error<A>>;
}

impl<A: Api> Prepared<A> for Request {
    fn prepared(self) -> Result<Request, Error<A>> {
        Ok(self)
    }
}

impl<A: Api> Prepared<A> for Result<Request, Error<A>> {
    fn prepared(self) -> Result<Request, Error<A>> {
        self
    }
}

/// What one attempt produced.
enum Attempt<A: Api> {
    Answered(Box<Raw>),
    /// Connecting, sending or receiving failed; may be retried.
    Failed(reqwest::Error),
    /// A failure that no retry can mend.
    Refused(Error<A>),
}

impl<A: Api> Client<A> {
    pub(crate) fn new(inner: Inner<A>) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// A builder; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder<A> {
        ClientBuilder::default()
    }

    /// A client configured from the environment; see [`ClientBuilder::from_vars`].
    pub fn from_env() -> Result<Self, Error<A>> {
        ClientBuilder::from_env()?.build_runtime()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// Sends `request` and decodes a JSON success body.
    #[doc(hidden)]
    pub fn execute_json<T: DeserializeOwned, H: FromHeaders>(
        &self,
        request: impl Prepared<A>,
    ) -> impl Future<Output = Result<Response<T, H>, Error<A>>> + '_ {
        self.call(request, "application/json", |raw| {
            let body = decode(&raw, self.inner.max_depth)?;
            Ok(Response::new(raw.status, raw.headers, body, A::SETTINGS))
        })
    }

    /// Sends `request`, decodes a JSON array and reads the next-page link.
    #[doc(hidden)]
    pub fn execute_page<T: DeserializeOwned, H: FromHeaders>(
        &self,
        request: impl Prepared<A>,
        cursor_param: &'static str,
    ) -> impl Future<Output = Result<Response<Page<T>, H>, Error<A>>> + '_ {
        self.call(request, "application/json", move |raw| {
            let items: Vec<T> = decode(&raw, self.inner.max_depth)?;
            let next = next_link(&raw.headers).map(|target| resolve_next(&raw.url, &target));
            let page = Page::new(items, next, cursor_param);
            Ok(Response::new(raw.status, raw.headers, page, A::SETTINGS))
        })
    }

    /// Sends `request` and lets `decode` turn the 2xx status and body into the operation's
    /// response enum.
    #[doc(hidden)]
    pub fn execute_by_status<'a, T, H: FromHeaders>(
        &'a self,
        request: impl Prepared<A>,
        decode: impl FnOnce(u16, &[u8]) -> Result<T, serde_json::Error> + 'a,
    ) -> impl Future<Output = Result<Response<T, H>, Error<A>>> + 'a {
        self.call(request, "application/json, */*", move |raw| {
            let decoded = crate::extra::with_max_depth(self.inner.max_depth, || {
                decode(raw.status.as_u16(), &raw.body)
            });
            match decoded {
                Ok(body) => Ok(Response::new(raw.status, raw.headers, body, A::SETTINGS)),
                Err(e) => Err(decode_error(&raw, e)),
            }
        })
    }

    /// Sends `request`; a success body is ignored.
    #[doc(hidden)]
    pub fn execute_empty<H: FromHeaders>(
        &self,
        request: impl Prepared<A>,
    ) -> impl Future<Output = Result<Response<(), H>, Error<A>>> + '_ {
        self.call(request, "application/json", |raw| {
            Ok(Response::new(raw.status, raw.headers, (), A::SETTINGS))
        })
    }

    /// Sends `request` and returns a success body as text.
    #[doc(hidden)]
    pub fn execute_text<H: FromHeaders>(
        &self,
        request: impl Prepared<A>,
    ) -> impl Future<Output = Result<Response<String, H>, Error<A>>> + '_ {
        self.call(request, "text/plain, */*", |raw| {
            let text = String::from_utf8_lossy(&raw.body).into_owned();
            Ok(Response::new(raw.status, raw.headers, text, A::SETTINGS))
        })
    }

    /// Sends `request` and returns a success body as bytes.
    #[doc(hidden)]
    pub fn execute_bytes<H: FromHeaders>(
        &self,
        request: impl Prepared<A>,
    ) -> impl Future<Output = Result<Response<Vec<u8>, H>, Error<A>>> + '_ {
        self.call(request, "*/*", |raw| {
            let body = Vec::from(raw.body);
            Ok(Response::new(raw.status, raw.headers, body, A::SETTINGS))
        })
    }

    /// Sends what an operation prepared (nothing when building it failed) and turns the
    /// answer into the call's result with `finish`.
    ///
    /// An `async move` block rather than an `async fn`: an `async fn` keeps its by-value
    /// arguments twice in its future (as captured and as moved into the body), and a
    /// call's future is copied on each `.await` on its way up. The block holds the request
    /// once and lends it to `exchange`, and an operation's `send` returns this future as
    /// its own rather than awaiting it inside another.
    #[allow(clippy::manual_async_fn, reason = "holds the request once; see above")]
    fn call<'a, T>(
        &'a self,
        request: impl Prepared<A>,
        accept: &'static str,
        finish: impl FnOnce(Raw) -> Result<T, Error<A>> + 'a,
    ) -> impl Future<Output = Result<T, Error<A>>> + 'a {
        let request = request.prepared();
        async move {
            let request = match request {
                Ok(ref request) => request,
                Err(e) => return Err(e),
            };
            let raw = self.exchange(request, accept).await?;
            finish(raw)
        }
    }

    /// Sends one call: attempts and retries inside one tracing span. Non-2xx statuses that
    /// are not retried become errors.
    async fn exchange(&self, request: &Request, accept: &'static str) -> Result<Raw, Error<A>> {
        let span = tracing::info_span!(
            "http_request",
            operation = request.operation,
            method = %request.method,
            path = request.template,
            status = Empty,
            request_id = Empty,
            attempt = Empty,
            elapsed_ms = Empty,
        );
        self.exchange_in_span(request, accept, span.clone())
            .instrument(span)
            .await
    }

    async fn exchange_in_span(
        &self,
        request: &Request,
        accept: &'static str,
        span: tracing::Span,
    ) -> Result<Raw, Error<A>> {
        let started = tokio::time::Instant::now();
        let url = self.url(request)?;
        let policy = request.options.retry.unwrap_or(self.inner.retry);
        let mut retries: u32 = 0;
        let mut waited = Duration::ZERO;
        let mut retry_for: Option<String> = None;
        let mut stale: Option<Secret> = None;
        let mut refreshed = false;
        loop {
            let attempt = retries + 1;
            span.record("attempt", attempt);
            let token = self.token(stale.as_ref()).await?;
            let outcome = self
                .attempt(
                    request,
                    &url,
                    accept,
                    retries,
                    retry_for.as_deref(),
                    token.as_ref(),
                )
                .await;
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            let (asked, may_retry) = match &outcome {
                Attempt::Answered(raw) => {
                    span.record("status", raw.status.as_u16());
                    // Read only for a subscriber that records spans.
                    if let Some(id) = request_id::<A>(&raw.headers).filter(|_| !span.is_disabled())
                    {
                        span.record("request_id", id.as_str());
                    }
                    if raw.status.is_success() {
                        tracing::debug!(status = raw.status.as_u16(), attempt, "response");
                        break outcome_raw(outcome);
                    }
                    if raw.status == StatusCode::UNAUTHORIZED && token.is_some() && !refreshed {
                        tracing::debug!(attempt, "access token rejected; refreshing it once");
                        refreshed = true;
                        stale = token;
                        continue;
                    }
                    retry_for = request_id::<A>(&raw.headers);
                    match raw.status {
                        StatusCode::TOO_MANY_REQUESTS => (
                            wait_from_headers(&raw.headers, &A::SETTINGS.rate_limit),
                            true,
                        ),
                        StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => {
                            (None, idempotent(&request.method))
                        }
                        _ => (None, false),
                    }
                }
                Attempt::Failed(e) => {
                    retry_for = None;
                    (None, idempotent(&request.method) || e.is_connect())
                }
                Attempt::Refused(_) => (None, false),
            };
            let wait = if may_retry {
                policy.wait(retries + 1, asked, waited)
            } else {
                None
            };
            let Some(wait) = wait else {
                return Err(match outcome {
                    Attempt::Answered(raw) => api_error(*raw, self.inner.max_depth),
                    Attempt::Failed(e) => Error::Transport(crate::TransportError::new(e)),
                    Attempt::Refused(e) => e,
                });
            };
            tracing::warn!(
                attempt,
                wait_ms = wait.as_millis() as u64,
                asked_by_server = asked.is_some(),
                "retrying"
            );
            tokio::time::sleep(wait).await;
            waited += wait;
            retries += 1;
        }
    }

    /// The bearer token of a service app (fetched or cached); `None` for other credentials.
    async fn token(&self, stale: Option<&Secret>) -> Result<Option<Secret>, Error<A>> {
        match &self.inner.credential {
            #[cfg(feature = "private-key-jwt")]
            Some(Credential::ServiceApp(app)) => app.token(&self.inner, stale).await.map(Some),
            _ => {
                let _ = stale;
                Ok(None)
            }
        }
    }

    async fn attempt(
        &self,
        request: &Request,
        url: &Url,
        accept: &'static str,
        retries: u32,
        retry_for: Option<&str>,
        token: Option<&Secret>,
    ) -> Attempt<A> {
        let mut method = request.method.clone();
        let mut url = url.clone();
        let mut body = request.body.as_ref().map(|(_, bytes)| bytes);
        for hop in 0..=limits::MAX_REDIRECTS {
            // Built per hop: the first hop (almost always the only one) copies nothing.
            let mut headers = self
                .inner
                .headers(request, accept, retries, retry_for, token);
            if body.is_none() && request.body.is_some() {
                headers.remove(CONTENT_TYPE);
            }
            // The request is built in place: the header map moves in whole, rather than
            // being copied header by header as `RequestBuilder::headers` does.
            let mut outgoing = reqwest::Request::new(method.clone(), url.clone());
            *outgoing.headers_mut() = headers;
            *outgoing.timeout_mut() = request.options.timeout.or(self.inner.timeout);
            if let Some(bytes) = body {
                *outgoing.body_mut() = Some(bytes.clone().into());
            }
            let response = match self.inner.http.execute(outgoing).await {
                Ok(response) => response,
                Err(e) if e.is_builder() => {
                    return Attempt::Refused(Error::InvalidRequest(format!(
                        "cannot build the request for `{}`",
                        request.operation
                    )))
                }
                Err(e) => return Attempt::Failed(e),
            };
            let status = response.status();
            match redirect::decide(&method, &url, status, response.headers()) {
                Redirect::No => {}
                Redirect::Follow {
                    url: target,
                    method: next_method,
                    keep_body,
                } if hop < limits::MAX_REDIRECTS => {
                    tracing::debug!(status = status.as_u16(), "following a same-origin redirect");
                    url = target;
                    method = next_method;
                    if !keep_body {
                        body = None;
                    }
                    continue;
                }
                Redirect::Follow { .. } => {
                    return Attempt::Refused(Error::Redirect {
                        status,
                        location: format!("more than {} redirects", limits::MAX_REDIRECTS),
                        request_id: request_id::<A>(response.headers()),
                    })
                }
                Redirect::Refuse(origin) => {
                    return Attempt::Refused(Error::Redirect {
                        status,
                        location: origin,
                        request_id: request_id::<A>(response.headers()),
                    })
                }
            }
            return self.inner.receive(response, url, self.inner.max_body).await;
        }
        Attempt::Refused(Error::InvalidRequest("redirect loop".to_owned()))
    }

    /// The URL of `request`: base URL + path + query, or the next-page URL as the server
    /// sent it. A query API key is added to either. The result must stay on the base URL's
    /// origin with the path exactly as encoded (no dot segment resolved away), and within
    /// the length the HTTP stack accepts.
    fn url(&self, request: &Request) -> Result<Url, Error<A>> {
        let invalid = |why: &str| {
            Error::InvalidRequest(format!(
                "cannot build the URL for `{}`: {why}",
                request.operation
            ))
        };
        let key = match &self.inner.credential {
            Some(Credential::Query(name, secret)) if request.authenticated => {
                Some(super::request::query_pair(name, secret.expose()))
            }
            _ => None,
        };
        let (text, expected_path) = match &request.url {
            Some(next) => (with_query_key(next, key.as_deref()), None),
            None => {
                let base = self.inner.base_url.as_str();
                let base = base
                    .split(['?', '#'])
                    .next()
                    .unwrap_or(base)
                    .trim_end_matches('/');
                let mut text = String::with_capacity(base.len() + request.path.len() + 64);
                text.push_str(base);
                text.push_str(&request.path);
                for (i, pair) in request.query.iter().chain(key.as_ref()).enumerate() {
                    text.push(if i == 0 { '?' } else { '&' });
                    text.push_str(pair);
                }
                (text, Some(self.inner.base_url.path().trim_end_matches('/')))
            }
        };
        if text.len() > limits::MAX_URL_LEN {
            return Err(invalid(&format!(
                "it is {} bytes long, over the limit of {}",
                text.len(),
                limits::MAX_URL_LEN
            )));
        }
        let url = Url::parse(&text).map_err(|e| invalid(&e.to_string()))?;
        if !same_origin(&url, &self.inner.base_url) {
            return Err(invalid("it would leave the base URL's origin"));
        }
        let rewritten =
            |base_path: &str| url.path().strip_prefix(base_path) != Some(request.path.as_str());
        if expected_path.is_some_and(rewritten) {
            return Err(invalid("its path would be rewritten by URL normalisation"));
        }
        Ok(url)
    }
}

/// `url.origin() == base.origin()` for a base URL the builder checked to be http(s),
/// without the four allocations of building both origins on every request.
fn same_origin(url: &Url, base: &Url) -> bool {
    url.scheme() == base.scheme()
        && matches!(url.scheme(), "http" | "https")
        && url.host() == base.host()
        && url.port_or_known_default() == base.port_or_known_default()
}

/// Helpers on the client's state rather than on [`Client`], so that no generated
/// operation method can collide with them.
impl<A: Api> Inner<A> {
    /// Reads a response: a success body up to `max` bytes (refused beyond), an error body
    /// up to its bounded prefix.
    async fn receive(&self, mut response: reqwest::Response, url: Url, max: usize) -> Attempt<A> {
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        let too_large = || {
            Attempt::Refused(Error::ResponseTooLarge {
                status,
                limit: max,
                request_id: request_id::<A>(&headers),
            })
        };
        let limit = if status.is_success() {
            if response.content_length().is_some_and(|n| n > max as u64) {
                return too_large();
            }
            max
        } else {
            max.min(limits::ERROR_BODY_PREFIX)
        };
        match limits::read_body(response, limit).await {
            Ok(body) if body.truncated && status.is_success() => too_large(),
            Ok(body) => Attempt::Answered(Box::new(Raw {
                url,
                status,
                headers,
                body: body.bytes,
            })),
            Err(e) => Attempt::Failed(e),
        }
    }

    /// The headers of an attempt. Parameters come first, so the runtime's own headers
    /// (credentials, `User-Agent`, `Accept`, the body's `Content-Type`) always win; headers
    /// the HTTP stack derives itself (`Host`, `Content-Length`, …) are never taken from
    /// parameters, nor is `Content-Type` when there is a body.
    fn headers(
        &self,
        request: &Request,
        accept: &'static str,
        retries: u32,
        retry_for: Option<&str>,
        token: Option<&Secret>,
    ) -> HeaderMap {
        // Room for the usual four (User-Agent, Accept, a credential, Content-Type) without
        // growing.
        let mut headers = HeaderMap::with_capacity(4 + request.headers.len());
        for (name, value) in &request.headers {
            let body_type = *name == CONTENT_TYPE && request.body.is_some();
            if !body_type && !super::request::RESERVED_HEADERS.contains(&name.as_str()) {
                headers.insert(name.clone(), value.clone());
            }
        }
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
        if let Some((content_type, _)) = &request.body {
            headers.insert(CONTENT_TYPE, content_type.clone());
        }
        if request.authenticated {
            if let Some(Credential::Header(name, value)) = &self.credential {
                headers.insert(name.clone(), value.clone());
            }
            if let Some(value) = token.and_then(|t| header_value("Bearer ", t.expose()).ok()) {
                headers.insert(AUTHORIZATION, value);
            }
        }
        if !request.cookies.is_empty() {
            if let Ok(cookie) = HeaderValue::from_str(&request.cookies.join("; ")) {
                headers.insert(COOKIE, cookie);
            }
        }
        if retries > 0 {
            let retry_headers = [
                (A::SETTINGS.retry_for_header, retry_for.map(str::to_owned)),
                (A::SETTINGS.retry_count_header, Some(retries.to_string())),
            ];
            for (name, value) in retry_headers {
                let name = name.and_then(|n| HeaderName::from_bytes(n.as_bytes()).ok());
                let value = value.and_then(|v| HeaderValue::from_str(&v).ok());
                if let (Some(name), Some(value)) = (name, value) {
                    headers.insert(name, value);
                }
            }
        }
        headers
    }

    /// One `POST` of a form to `url` (the token endpoint) with the client's limits and no
    /// redirects; any status is returned for the caller to classify.
    #[cfg(feature = "private-key-jwt")]
    pub(crate) async fn post_form(&self, url: &Url, form: String) -> Result<Raw, Error<A>> {
        let mut builder = self
            .http
            .post(url.clone())
            .header(USER_AGENT, self.user_agent.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(form);
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| Error::Transport(crate::TransportError::new(e)))?;
        outcome_raw(
            self.receive(response, url.clone(), limits::ERROR_BODY_PREFIX)
                .await,
        )
    }
}

/// `next` with the query API key pair (if any) as its last query pair, replacing a pair of
/// that name the server may have echoed; everything else stays byte for byte.
fn with_query_key(next: &Url, key: Option<&str>) -> String {
    let Some(key) = key else {
        return next.as_str().to_owned();
    };
    let name = key.split('=').next().unwrap_or(key);
    let (head, fragment) = match next.as_str().split_once('#') {
        Some((head, fragment)) => (head, Some(fragment)),
        None => (next.as_str(), None),
    };
    let (path, query) = head.split_once('?').unwrap_or((head, ""));
    let mut pairs: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .collect();
    pairs.push(key);
    let mut text = format!("{path}?{}", pairs.join("&"));
    if let Some(fragment) = fragment {
        text.push('#');
        text.push_str(fragment);
    }
    text
}

fn outcome_raw<A: Api>(outcome: Attempt<A>) -> Result<Raw, Error<A>> {
    match outcome {
        Attempt::Answered(raw) => Ok(*raw),
        Attempt::Failed(e) => Err(Error::Transport(crate::TransportError::new(e))),
        Attempt::Refused(e) => Err(e),
    }
}

/// Decodes a JSON success body (kept values refused from `max_depth` levels of nesting);
/// an empty body decodes as `null`.
fn decode<A: Api, T: DeserializeOwned>(raw: &Raw, max_depth: usize) -> Result<T, Error<A>> {
    crate::extra::with_max_depth(max_depth, || json_body(&raw.body))
        .map_err(|e| decode_error(raw, e))
}

/// A JSON body; an empty one decodes as `null` (so that optional bodies may be absent).
pub fn json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    let text = if body.iter().all(u8::is_ascii_whitespace) {
        &b"null"[..]
    } else {
        body
    };
    serde_json::from_slice(text)
}

pub(crate) fn decode_error<A: Api>(raw: &Raw, error: serde_json::Error) -> Error<A> {
    Error::Decode {
        status: raw.status,
        message: error.to_string(),
        request_id: request_id::<A>(&raw.headers),
        body: limits::body_prefix(&raw.body),
    }
}

/// A non-2xx response as an error: the API's error body if it decodes (kept values refused
/// from `max_depth` levels of nesting), else the raw text.
pub(crate) fn api_error<A: Api>(raw: Raw, max_depth: usize) -> Error<A> {
    let request_id = request_id::<A>(&raw.headers);
    let headers = Box::new(raw.headers);
    let decoded = crate::extra::with_max_depth(max_depth, || {
        serde_json::from_slice::<A::ErrorBody>(&raw.body)
    });
    match decoded {
        Ok(body) if !raw.body.is_empty() => Error::Api {
            status: raw.status,
            body: Box::new(body),
            request_id,
            headers,
        },
        _ => Error::UnexpectedStatus {
            status: raw.status,
            body: limits::body_prefix(&raw.body),
            request_id,
            headers,
        },
    }
}

pub(crate) fn request_id<A: Api>(headers: &HeaderMap) -> Option<String> {
    let name = A::SETTINGS.request_id_header?;
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}
