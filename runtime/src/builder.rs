//! [`ClientBuilder`]: base URL (https unless loopback is explicitly allowed), credential,
//! retry policy, limits (timeouts, body size, pages) and user agent, checked when the
//! client is built. The HTTP stack is always configured to follow no redirect and send no
//! `Referer` (see `redirect.rs`), also when the caller supplies its own.

use super::auth::{header_value, Credential};
use super::client::Inner;
use super::retry::RetryPolicy;
use super::settings::{Api, ApiKeyLocation};
use super::{limits, redact, Client, Error, Secret};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Url;
use std::fmt;
use std::time::Duration;

/// Configures a [`Client`]: base URL, credential, retries, limits, user agent.
///
/// Defaults are bounded: 10 s to connect, 30 s per attempt (connect, send, receive the
/// whole body), 16 MiB per success body, no page limit (a looping server is detected).
pub struct ClientBuilder<A: Api> {
    base_url: Option<String>,
    credential: Option<Result<PendingCredential<A>, String>>,
    retry: RetryPolicy,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_body: usize,
    max_pages: Option<u64>,
    max_depth: usize,
    user_agent: Option<String>,
    http: Option<reqwest::ClientBuilder>,
    allow_http_loopback: bool,
    api: std::marker::PhantomData<fn() -> A>,
}

impl<A: Api> Default for ClientBuilder<A> {
    fn default() -> Self {
        Self {
            base_url: None,
            credential: None,
            retry: RetryPolicy::default(),
            timeout: Some(limits::DEFAULT_TIMEOUT),
            connect_timeout: Some(limits::DEFAULT_CONNECT_TIMEOUT),
            max_body: limits::DEFAULT_MAX_BODY,
            max_pages: None,
            max_depth: crate::extra::DEFAULT_MAX_DEPTH,
            user_agent: None,
            http: None,
            allow_http_loopback: false,
            api: std::marker::PhantomData,
        }
    }
}

/// A credential waiting for the base URL (service apps resolve their token endpoint).
enum PendingCredential<A: Api> {
    Ready(Credential<A>),
    #[cfg(feature = "private-key-jwt")]
    ServiceApp(super::PrivateKeyJwt),
}

impl<A: Api> fmt::Debug for ClientBuilder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(redact::url_text))
            .field(
                "credential",
                &self.credential.as_ref().map(|_| "<redacted>"),
            )
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_body", &self.max_body)
            .field("max_pages", &self.max_pages)
            .field("max_depth", &self.max_depth)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

impl<A: Api> ClientBuilder<A> {
    /// A builder with the defaults (see [`ClientBuilder`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `key` with the API's first API-key scheme (its header and prefix, or its query
    /// parameter), e.g. `Authorization: SSWS <key>`.
    pub fn api_key(self, key: impl Into<String>) -> Self {
        match A::SETTINGS.api_keys.first() {
            Some(scheme) => self.api_key_scheme(scheme, key),
            None => self.refuse("the API declares no API-key scheme"),
        }
    }

    /// Sends `key` with the API-key scheme named `scheme` in the spec's
    /// `components.securitySchemes`.
    pub fn api_key_for(self, scheme: &str, key: impl Into<String>) -> Self {
        match A::SETTINGS.api_keys.iter().find(|s| s.scheme == scheme) {
            Some(found) => self.api_key_scheme(found, key),
            None => self.refuse(&format!("the API declares no API-key scheme `{scheme}`")),
        }
    }

    fn api_key_scheme(self, scheme: &crate::ApiKeyScheme, key: impl Into<String>) -> Self {
        let key: String = key.into();
        match scheme.location {
            ApiKeyLocation::Header => self.api_key_header(scheme.name, scheme.prefix, key),
            ApiKeyLocation::Query => {
                self.api_key_query(scheme.name, format!("{}{key}", scheme.prefix))
            }
        }
    }

    fn refuse(mut self, why: &str) -> Self {
        self.credential = Some(Err(why.to_owned()));
        self
    }

    /// The API's base URL, e.g. `https://api.example.com`. Defaults to the spec's server.
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
        use base64::Engine as _;
        let encoded =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        self.api_key_header("Authorization", "Basic ", encoded)
    }

    /// Sends `key` in header `header`, preceded by `prefix`.
    pub fn api_key_header(mut self, header: &str, prefix: &str, key: impl Into<String>) -> Self {
        let credential = HeaderName::from_bytes(header.as_bytes())
            .map_err(|_| format!("invalid credential header name `{header}`"))
            .and_then(|name| {
                Ok(PendingCredential::Ready(Credential::Header(
                    name,
                    header_value(prefix, &key.into())?,
                )))
            });
        self.credential = Some(credential);
        self
    }

    /// Sends `key` as query parameter `param`.
    pub fn api_key_query(mut self, param: &str, key: impl Into<String>) -> Self {
        self.credential = Some(Ok(PendingCredential::Ready(Credential::Query(
            param.to_owned(),
            Secret::new(key),
        ))));
        self
    }

    /// Authenticates as an OAuth 2.0 service app (client credentials with a signed
    /// `private_key_jwt` assertion); access tokens are fetched, cached and renewed.
    #[cfg(feature = "private-key-jwt")]
    pub fn private_key_jwt(mut self, app: super::PrivateKeyJwt) -> Self {
        self.credential = Some(Ok(PendingCredential::ServiceApp(app)));
        self
    }

    /// Retry behaviour (default: [`RetryPolicy::default`]; [`RetryPolicy::none`] disables).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Time limit for each attempt: connect, send, and receive the whole response (default
    /// 30 s). `None` removes the limit. Applies also to a client given to
    /// `escape_hatch::HttpClient::http_client`. A timed-out attempt is an [`Error::Transport`] whose
    /// [`Error::is_timeout`] is true, retried like other transport failures.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Time limit for establishing a connection (default 10 s); `None` removes it.
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = timeout.into();
        self
    }

    /// Largest success body read, in bytes (default 16 MiB). A longer body is refused with
    /// [`Error::ResponseTooLarge`] while it is read, never buffered whole; error bodies are
    /// read only up to 64 KiB.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Nesting limit of the JSON values decoded objects keep for properties their schema
    /// does not declare (custom attributes, newer fields): a value with this many levels of
    /// arrays and objects or more makes the call fail with [`Error::Decode`]. Default and
    /// maximum 128, serde_json's limit for the typed fields (which stop there whatever this
    /// says); lower it to refuse deep values sooner.
    pub fn max_json_depth(mut self, levels: usize) -> Self {
        self.max_depth = levels.min(crate::extra::DEFAULT_MAX_DEPTH);
        self
    }

    /// Most pages one `stream()` fetches before it ends with [`Error::Pagination`]
    /// (default: no limit).
    pub fn max_pages(mut self, pages: impl Into<Option<u64>>) -> Self {
        self.max_pages = pages.into();
        self
    }

    /// Replaces the default `User-Agent` (`<client>/<version> <os>/<arch>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The HTTP stack to build on (see [`crate::escape_hatch::HttpClient`]).
    pub(crate) fn with_http(mut self, http: reqwest::ClientBuilder) -> Self {
        self.http = Some(http);
        self
    }

    /// Allows a plain `http://` base URL when its host is a loopback address (for tests
    /// against local mock servers). Any other `http://` URL is refused.
    pub fn allow_http_on_loopback(mut self) -> Self {
        self.allow_http_loopback = true;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<A::Client, Error<A>> {
        self.build_runtime().map(A::Client::from)
    }

    /// Builds the runtime's client (what [`ClientBuilder::build`] wraps).
    pub fn build_runtime(self) -> Result<Client<A>, Error<A>> {
        let base = self
            .base_url
            .as_deref()
            .or(A::SETTINGS.default_base_url)
            .ok_or_else(|| {
                Error::Config("no base URL given and the spec declares none".to_owned())
            })?;
        let shown = redact::url_text(base);
        let base_url = Url::parse(base)
            .map_err(|e| Error::Config(format!("invalid base URL `{shown}`: {e}")))?;
        let loopback = match base_url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d == "localhost",
            None => false,
        };
        match base_url.scheme() {
            "https" => {}
            "http" if self.allow_http_loopback && loopback => {}
            "http" => return Err(Error::Config(format!("base URL `{shown}` is not https (plain http is only allowed on loopback, after allow_http_on_loopback)"))),
            other => return Err(Error::Config(format!("base URL must be https, not `{other}`"))),
        }
        let credential = match self.credential.transpose().map_err(Error::Config)? {
            None => None,
            Some(PendingCredential::Ready(credential)) => Some(credential),
            #[cfg(feature = "private-key-jwt")]
            Some(PendingCredential::ServiceApp(app)) => Some(Credential::ServiceApp(
                std::sync::Arc::new(super::service_app::ServiceApp::new(app, &base_url)?),
            )),
        };
        let user_agent = self.user_agent.unwrap_or_else(default_user_agent::<A>);
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::Config(format!("invalid User-Agent `{user_agent}`")))?;
        let mut http = self
            .http
            .unwrap_or_default()
            .redirect(reqwest::redirect::Policy::none())
            .referer(false);
        if let Some(timeout) = self.connect_timeout {
            http = http.connect_timeout(timeout);
        }
        let http = http
            .build()
            .map_err(|e| Error::Config(format!("cannot build HTTP client: {e}")))?;
        Ok(Client::new(Inner {
            http,
            base_url,
            credential,
            retry: self.retry,
            user_agent,
            timeout: self.timeout,
            max_body: self.max_body,
            max_pages: self.max_pages,
            max_depth: self.max_depth,
        }))
    }
}

/// `<client>/<version> <os>/<arch>`, e.g. `api-client/0.1.0 linux/x86_64`.
fn default_user_agent<A: Api>() -> String {
    format!(
        "{} {}/{}",
        A::SETTINGS.user_agent,
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}
