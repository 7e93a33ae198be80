//! [`Api`] and [`Settings`]: the per-API facts the runtime needs, which a generated crate
//! declares once (header names, environment variable names, token endpoint, credential
//! schemes, the error body type). The runtime itself names no vendor and no API.

/// One API, as a generated crate declares it: its settings and the body of its error
/// responses. Every runtime type is parameterized by it, so two generated clients in one
/// program keep their own settings and error types.
pub trait Api: std::fmt::Debug + Sized + Send + Sync + 'static {
    /// The API's settings.
    const SETTINGS: &'static Settings;
    /// The generated crate's client, which [`crate::ClientBuilder::build`] returns.
    type Client: From<crate::Client<Self>>;
    /// The body of the API's error responses (any JSON when they differ).
    type ErrorBody: serde::de::DeserializeOwned
        + serde::Serialize
        + std::fmt::Debug
        + Clone
        + Send
        + Sync
        + 'static;
}

/// Everything API-specific the runtime reads.
#[derive(Debug)]
pub struct Settings {
    /// Base URL used when the builder is given none (the spec's first server).
    pub default_base_url: Option<&'static str>,
    /// `User-Agent` sent unless the builder overrides it.
    pub user_agent: &'static str,
    /// Response header carrying the server's request id.
    pub request_id_header: Option<&'static str>,
    /// Rate-limit response headers.
    pub rate_limit: RateLimitHeaders,
    /// Request header naming the request id of the response that caused a retry.
    pub retry_for_header: Option<&'static str>,
    /// Request header counting retries.
    pub retry_count_header: Option<&'static str>,
    /// Field names of the error body, for `Display`.
    pub error_fields: ErrorFields,
    /// OAuth 2.0 token endpoint (absolute, or relative to the base URL).
    pub token_url: Option<&'static str>,
    /// The API-key schemes: the first one is what [`crate::ClientBuilder::api_key`] and
    /// `from_env` use.
    pub api_keys: &'static [ApiKeyScheme],
    /// Environment variable names for `Client::from_env`.
    pub env: EnvNames,
}

/// Names of the rate-limit response headers.
#[derive(Debug)]
pub struct RateLimitHeaders {
    /// Requests allowed in the window.
    pub limit: Option<&'static str>,
    /// Requests left in the window.
    pub remaining: Option<&'static str>,
    /// When the window resets, in epoch seconds.
    pub reset: Option<&'static str>,
}

/// How to describe an error body in one line.
#[derive(Debug)]
pub struct ErrorFields {
    /// Word put before `HTTP <status>`, e.g. the vendor's name.
    pub label: &'static str,
    /// Field holding the error code.
    pub code: Option<&'static str>,
    /// Field holding the summary.
    pub summary: Option<&'static str>,
    /// Field holding the list of causes.
    pub causes: Option<&'static str>,
    /// Field of each cause holding its summary.
    pub cause_summary: Option<&'static str>,
}

/// Environment variables read by `Client::from_env`.
#[derive(Debug)]
pub struct EnvNames {
    /// Base URL of the API.
    pub base_url: Option<&'static str>,
    /// API token or access token.
    pub token: Option<&'static str>,
    /// Which credential to use (one of `modes`).
    pub mode: Option<&'static str>,
    /// Values of `mode` and what they select.
    pub modes: &'static [(&'static str, EnvMode)],
    /// OAuth 2.0 client id.
    pub client_id: Option<&'static str>,
    /// OAuth 2.0 scopes, comma- or space-separated.
    pub scopes: Option<&'static str>,
    /// Private key (PEM or JWK) or a path to a file holding it.
    pub private_key: Option<&'static str>,
    /// Key id (`kid`) of the private key.
    pub key_id: Option<&'static str>,
}

/// A credential kind selectable from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvMode {
    /// The API-key scheme with its prefix.
    ApiKey,
    /// An OAuth 2.0 bearer access token.
    Bearer,
    /// OAuth 2.0 client credentials with a `private_key_jwt` assertion.
    PrivateKeyJwt,
}

/// An API-key security scheme.
#[derive(Debug, Clone, Copy)]
pub struct ApiKeyScheme {
    /// The scheme's key in `components.securitySchemes`.
    pub scheme: &'static str,
    /// Where the key goes.
    pub location: ApiKeyLocation,
    /// Header or query parameter name.
    pub name: &'static str,
    /// Text placed before the key (for example `SSWS `).
    pub prefix: &'static str,
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// In a request header.
    Header,
    /// In the query string.
    Query,
}
