//! [`Client`] and [`ClientBuilder`]: configuration, credentials, and the one place where
//! requests are sent and responses classified (success body, API error, other status).

use super::{Error, Request, Response, Secret};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE, COOKIE};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// An API client. Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    credential: Option<Credential>,
}

/// How the configured credential is attached to requests.
#[derive(Clone)]
enum Credential {
    /// A header (marked sensitive so that it is never logged by the HTTP stack).
    Header(HeaderName, HeaderValue),
    /// A query parameter.
    Query(String, Secret),
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field(
                "credential",
                &self.inner.credential.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

/// A received response before decoding.
struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Client {
    /// A builder; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// Sends `request` and decodes a JSON success body.
    pub(crate) async fn execute_json<T: DeserializeOwned, H>(
        &self,
        request: Request,
    ) -> Result<Response<T, H>, Error> {
        let raw = self.exchange(request, "application/json").await?;
        let text = if raw.body.iter().all(u8::is_ascii_whitespace) {
            &b"null"[..]
        } else {
            &raw.body[..]
        };
        match serde_json::from_slice(text) {
            Ok(body) => Ok(Response::new(raw.status, raw.headers, body)),
            Err(e) => Err(Error::Decode {
                status: raw.status,
                message: e.to_string(),
                request_id: request_id(&raw.headers),
                body: String::from_utf8_lossy(&raw.body).into_owned(),
            }),
        }
    }

    /// Sends `request`; a success body is ignored.
    pub(crate) async fn execute_empty<H>(
        &self,
        request: Request,
    ) -> Result<Response<(), H>, Error> {
        let raw = self.exchange(request, "application/json").await?;
        Ok(Response::new(raw.status, raw.headers, ()))
    }

    /// Sends `request` and returns a success body as text.
    pub(crate) async fn execute_text<H>(
        &self,
        request: Request,
    ) -> Result<Response<String, H>, Error> {
        let raw = self.exchange(request, "text/plain, */*").await?;
        let text = String::from_utf8_lossy(&raw.body).into_owned();
        Ok(Response::new(raw.status, raw.headers, text))
    }

    /// Sends `request` and returns a success body as bytes.
    pub(crate) async fn execute_bytes<H>(
        &self,
        request: Request,
    ) -> Result<Response<Vec<u8>, H>, Error> {
        let raw = self.exchange(request, "*/*").await?;
        Ok(Response::new(raw.status, raw.headers, raw.body))
    }

    /// Sends one request; non-2xx statuses become errors.
    async fn exchange(&self, request: Request, accept: &'static str) -> Result<Raw, Error> {
        let url = self.url(&request)?;
        let mut builder = self.inner.http.request(request.method.clone(), url);
        builder = builder.header(ACCEPT, HeaderValue::from_static(accept));
        if let Some((content_type, bytes)) = request.body {
            builder = builder.header(CONTENT_TYPE, content_type).body(bytes);
        }
        if request.authenticated {
            if let Some(Credential::Header(name, value)) = &self.inner.credential {
                builder = builder.header(name.clone(), value.clone());
            }
        }
        let mut headers = HeaderMap::new();
        for (name, value) in request.headers {
            headers.insert(name, value);
        }
        if !request.cookies.is_empty() {
            let cookie = HeaderValue::from_str(&request.cookies.join("; "))
                .map_err(|_| Error::InvalidRequest("cookie value cannot be sent".to_owned()))?;
            headers.insert(COOKIE, cookie);
        }
        let response = builder.headers(headers).send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?.to_vec();
        if status.is_success() {
            return Ok(Raw {
                status,
                headers,
                body,
            });
        }
        let request_id = request_id(&headers);
        match serde_json::from_slice::<crate::ErrorBody>(&body) {
            Ok(decoded) if !body.is_empty() => Err(Error::Api {
                status,
                body: Box::new(decoded),
                request_id,
                headers: Box::new(headers),
            }),
            _ => Err(Error::UnexpectedStatus {
                status,
                body: String::from_utf8_lossy(&body).into_owned(),
                request_id,
                headers: Box::new(headers),
            }),
        }
    }

    fn url(&self, request: &Request) -> Result<Url, Error> {
        let base = self.inner.base_url.as_str().trim_end_matches('/');
        let mut query = request.query.clone();
        if request.authenticated {
            if let Some(Credential::Query(name, secret)) = &self.inner.credential {
                let mut pair = Request::new(request.method.clone(), "", "", false);
                pair.query(name, &secret.expose(), true)?;
                query.extend(pair.query);
            }
        }
        let mut url = format!("{base}{}", request.path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query.join("&"));
        }
        Url::parse(&url).map_err(|e| {
            Error::InvalidRequest(format!("cannot build URL for `{}`: {e}", request.operation))
        })
    }
}

fn transport(error: reqwest::Error) -> Error {
    Error::Transport(error.without_url())
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    let name = crate::REQUEST_ID_HEADER?;
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Configures a [`Client`]: base URL, credential, timeout, user agent.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credential: Option<Result<Credential, String>>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field(
                "credential",
                &self.credential.as_ref().map(|_| "<redacted>"),
            )
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

impl ClientBuilder {
    /// The API's base URL, e.g. `https://example.okta.com`. Defaults to the spec's server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends `Authorization: Bearer <token>` (an OAuth 2.0 access token).
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.api_key_header("Authorization", "Bearer ", token)
    }

    /// Sends HTTP Basic credentials.
    pub fn basic_auth(self, user: &str, password: &str) -> Self {
        let encoded = base64_encode(format!("{user}:{password}").as_bytes());
        self.api_key_header("Authorization", "Basic ", encoded)
    }

    /// Sends `key` in header `header`, preceded by `prefix`.
    pub fn api_key_header(mut self, header: &str, prefix: &str, key: impl Into<String>) -> Self {
        let credential = HeaderName::from_bytes(header.as_bytes())
            .map_err(|_| format!("invalid credential header name `{header}`"))
            .and_then(|name| {
                let mut value =
                    HeaderValue::from_str(&format!("{prefix}{}", key.into())).map_err(|_| {
                        "the credential contains characters a header cannot carry".to_owned()
                    })?;
                value.set_sensitive(true);
                Ok(Credential::Header(name, value))
            });
        self.credential = Some(credential);
        self
    }

    /// Sends `key` as query parameter `param`.
    pub fn api_key_query(mut self, param: &str, key: impl Into<String>) -> Self {
        self.credential = Some(Ok(Credential::Query(param.to_owned(), Secret::new(key))));
        self
    }

    /// Total time limit for each request (connect, send, receive).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Replaces the default `User-Agent`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses a preconfigured `reqwest::Client` (proxies, TLS roots, …); `timeout` and
    /// `user_agent` are then the given client's business.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base = self
            .base_url
            .as_deref()
            .or(crate::DEFAULT_BASE_URL)
            .ok_or_else(|| {
                Error::Config("no base URL given and the spec declares none".to_owned())
            })?;
        let base_url = Url::parse(base)
            .map_err(|e| Error::Config(format!("invalid base URL `{base}`: {e}")))?;
        if !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base URL must be http or https, not `{}`",
                base_url.scheme()
            )));
        }
        let credential = self.credential.transpose().map_err(Error::Config)?;
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder()
                    .user_agent(self.user_agent.as_deref().unwrap_or(crate::USER_AGENT));
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                builder
                    .build()
                    .map_err(|e| Error::Config(format!("cannot build HTTP client: {e}")))?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credential,
            }),
        })
    }
}

/// Standard base64 (RFC 4648, with padding), for Basic credentials.
fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
