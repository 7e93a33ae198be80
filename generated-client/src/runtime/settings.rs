// Copied by `cargo xtask generate` from generator/runtime/. Do not edit.

//! [`Settings`]: the per-API facts the runtime needs, filled in by the generated `lib.rs`
//! from the spec and its generator settings (header names, environment variable names,
//! token endpoint). The runtime itself names no vendor.

/// Everything API-specific the runtime reads.
pub(crate) struct Settings {
    /// Base URL used when the builder is given none (the spec's first server).
    pub(crate) default_base_url: Option<&'static str>,
    /// `User-Agent` sent unless the builder overrides it.
    pub(crate) user_agent: &'static str,
    /// Response header carrying the server's request id.
    pub(crate) request_id_header: Option<&'static str>,
    /// Rate-limit response headers.
    pub(crate) rate_limit: RateLimitHeaders,
    /// Request header naming the request id of the response that caused a retry.
    pub(crate) retry_for_header: Option<&'static str>,
    /// Request header counting retries.
    pub(crate) retry_count_header: Option<&'static str>,
    /// Field names of the error body, for `Display`.
    pub(crate) error_fields: ErrorFields,
    /// OAuth 2.0 token endpoint (absolute, or relative to the base URL).
    pub(crate) token_url: Option<&'static str>,
    /// The API-key scheme (`header`, `prefix`) that `from_env` uses for API tokens.
    pub(crate) api_key: Option<(&'static str, &'static str)>,
    /// Environment variable names for `Client::from_env`.
    pub(crate) env: EnvNames,
}

/// Names of the rate-limit response headers.
pub(crate) struct RateLimitHeaders {
    /// Requests allowed in the window.
    pub(crate) limit: Option<&'static str>,
    /// Requests left in the window.
    pub(crate) remaining: Option<&'static str>,
    /// When the window resets, in epoch seconds.
    pub(crate) reset: Option<&'static str>,
}

/// How to describe an error body in one line.
pub(crate) struct ErrorFields {
    /// Word put before `HTTP <status>`, e.g. the vendor's name.
    pub(crate) label: &'static str,
    /// Field holding the error code.
    pub(crate) code: Option<&'static str>,
    /// Field holding the summary.
    pub(crate) summary: Option<&'static str>,
    /// Field holding the list of causes.
    pub(crate) causes: Option<&'static str>,
    /// Field of each cause holding its summary.
    pub(crate) cause_summary: Option<&'static str>,
}

/// Environment variables read by `Client::from_env`.
pub(crate) struct EnvNames {
    /// Base URL of the API.
    pub(crate) base_url: Option<&'static str>,
    /// API token or access token.
    pub(crate) token: Option<&'static str>,
    /// Which credential to use (one of `modes`).
    pub(crate) mode: Option<&'static str>,
    /// Values of `mode` and what they select.
    pub(crate) modes: &'static [(&'static str, EnvMode)],
    /// OAuth 2.0 client id.
    pub(crate) client_id: Option<&'static str>,
    /// OAuth 2.0 scopes, comma- or space-separated.
    pub(crate) scopes: Option<&'static str>,
    /// Private key (PEM or JWK) or a path to a file holding it.
    pub(crate) private_key: Option<&'static str>,
    /// Key id (`kid`) of the private key.
    pub(crate) key_id: Option<&'static str>,
}

/// A credential kind selectable from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnvMode {
    /// The API-key scheme with its prefix.
    ApiKey,
    /// An OAuth 2.0 bearer access token.
    Bearer,
    /// OAuth 2.0 client credentials with a `private_key_jwt` assertion.
    PrivateKeyJwt,
}
