//! Generation settings that are not in the OpenAPI document: crate metadata and API
//! conventions (credential prefixes, request-id header). Read from a YAML file beside the spec.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Settings for one generated crate. Every field has a default, so an empty file is valid.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Config {
    /// Cargo package name of the generated crate.
    #[serde(default = "default_name")]
    pub crate_name: String,
    /// Cargo package version.
    #[serde(default = "default_version")]
    pub crate_version: String,
    /// `User-Agent` sent by default; `{version}` is replaced by the crate version.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Response header holding the server's request id, surfaced on responses and errors.
    #[serde(default)]
    pub request_id_header: Option<String>,
    /// Per security scheme (key in `components.securitySchemes`) settings.
    #[serde(default)]
    pub security: BTreeMap<String, SchemeConfig>,
    /// Link-header pagination.
    #[serde(default)]
    pub pagination: Option<PaginationConfig>,
    /// Rate-limit response headers and retry request headers.
    #[serde(default)]
    pub rate_limit: RateLimitConfig,
    /// Fields of the error body used for one-line error messages.
    #[serde(default)]
    pub error_display: ErrorDisplayConfig,
    /// Environment variables read by `Client::from_env`.
    #[serde(default)]
    pub env: EnvConfig,
    /// Media-type parameters offered as typed setters on a header parameter.
    #[serde(default)]
    pub media_type_parameters: Vec<MediaTypeParameterConfig>,
    /// Cargo package metadata of the generated crate (licence, repository, …).
    #[serde(default)]
    pub package: PackageConfig,
    /// Where the generated crate gets the runtime crate from.
    #[serde(default)]
    pub runtime: RuntimeConfig,
    /// Treat every warning as an error.
    #[serde(default)]
    pub strict: bool,
    /// One Cargo feature per OpenAPI tag, so that large APIs compile in part.
    #[serde(default)]
    pub tag_features: bool,
    /// Hand-written modules copied into the generated crate (API-specific helpers that
    /// OpenAPI cannot describe), each declared `pub mod <name>` in `lib.rs`.
    #[serde(default)]
    pub modules: Vec<ModuleConfig>,
    /// Hand-written Markdown appended to the crate documentation and README (a quick
    /// start, links to the hand-written modules). Trusted like the modules: its Rust code
    /// blocks are doctests, where spec text never becomes one.
    #[serde(default)]
    pub docs: Option<DocsConfig>,
    /// Parameters whose Rust type is given here instead of derived from their schema (a
    /// type of an included module, for instance); the type must implement `Serialize`.
    #[serde(default)]
    pub parameter_types: Vec<ParameterTypeConfig>,
    /// Emit `src/lib.rs` for `include!` into another crate's root (a build script's
    /// output): no crate-level docs or attributes, and each module declared with
    /// `#[path = "<include_dir>/<module>.rs"]`. Set by the build-script entry point, not
    /// by the settings file.
    #[serde(skip)]
    pub include_dir: Option<String>,
}

/// A hand-written module of the generated crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ModuleConfig {
    /// Module name (`query` → `src/query.rs`, `pub mod query`).
    pub name: String,
    /// Source file, relative to the settings file.
    pub file: String,
    /// The file's text, filled in by whoever reads the settings file (the generator itself
    /// reads no files).
    #[serde(skip)]
    pub source: Option<String>,
}

/// A hand-written Markdown file of the settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct DocsConfig {
    /// Markdown file, relative to the settings file.
    pub file: String,
    /// The file's text, filled in by whoever reads the settings file.
    #[serde(skip)]
    pub source: Option<String>,
}

/// The Rust type of one operation parameter.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ParameterTypeConfig {
    /// `operationId`.
    pub operation: String,
    /// Parameter name as in the spec.
    pub parameter: String,
    /// A Rust type path, e.g. `crate::query::Search`.
    pub rust_type: String,
}

/// The `client-runtime` dependency of the generated crate: a path (kept with the version,
/// so the crate can also be published) or the published version alone.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RuntimeConfig {
    /// Path to the runtime crate, relative to the generated crate or absolute.
    #[serde(default)]
    pub path: Option<String>,
    /// Version requirement.
    #[serde(default = "runtime_version")]
    pub version: String,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        Self {
            path: None,
            version: runtime_version(),
        }
    }
}

/// The runtime version this generator emits code for.
fn runtime_version() -> String {
    "0.1.0".to_owned()
}

/// Cargo package metadata. Unset fields are left out of `Cargo.toml`, except `license`,
/// which falls back to the spec's `info.license.name` when that is an SPDX expression.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct PackageConfig {
    /// SPDX licence expression.
    pub license: Option<String>,
    /// Source repository URL.
    pub repository: Option<String>,
    /// Home page URL.
    pub homepage: Option<String>,
    /// Documentation URL (e.g. the crate's docs.rs page).
    pub documentation: Option<String>,
    /// crates.io keywords (at most five).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// crates.io category slugs.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Whether the crate may be published (default false).
    #[serde(default)]
    pub publish: bool,
}

/// Link-header pagination: a GET operation whose success body is a JSON array and which
/// takes the query parameter `cursor_param` pages by following `Link: <…>; rel="next"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct PaginationConfig {
    /// Name of the cursor query parameter (e.g. `after`).
    pub cursor_param: String,
}

/// Header names for rate limits and retries (all optional).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RateLimitConfig {
    /// Requests allowed in the window.
    pub limit_header: Option<String>,
    /// Requests left in the window.
    pub remaining_header: Option<String>,
    /// Window reset time in epoch seconds; a `429` waits until then (server clock).
    pub reset_header: Option<String>,
    /// Request header set on a retry to the request id of the response that caused it.
    pub retry_for_header: Option<String>,
    /// Request header set on a retry to the retry number.
    pub retry_count_header: Option<String>,
}

/// Fields of the error body that make up one-line error messages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ErrorDisplayConfig {
    /// Word before `HTTP <status>`.
    #[serde(default)]
    pub label: String,
    /// Error code field.
    pub code: Option<String>,
    /// Summary field.
    pub summary: Option<String>,
    /// List-of-causes field.
    pub causes: Option<String>,
    /// Summary field inside each cause.
    pub cause_summary: Option<String>,
}

/// Names of environment variables read by `Client::from_env`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct EnvConfig {
    /// Base URL.
    pub base_url: Option<String>,
    /// API token or access token.
    pub token: Option<String>,
    /// Credential mode selector.
    pub mode: Option<String>,
    /// Values of the mode variable; the first is the default.
    #[serde(default)]
    pub modes: Vec<EnvModeConfig>,
    /// OAuth client id.
    pub client_id: Option<String>,
    /// OAuth scopes.
    pub scopes: Option<String>,
    /// Private key (PEM, JWK, or a path to either).
    pub private_key: Option<String>,
    /// Key id of the private key.
    pub key_id: Option<String>,
}

/// One value of the credential-mode variable.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct EnvModeConfig {
    /// The value (e.g. `SSWS`).
    pub value: String,
    /// What it selects.
    pub credential: EnvCredential,
}

/// A credential kind selectable from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvCredential {
    /// The spec's API-key scheme.
    ApiKey,
    /// An OAuth 2.0 access token.
    Bearer,
    /// OAuth 2.0 client credentials with a `private_key_jwt` assertion.
    PrivateKeyJwt,
}

/// A media-type parameter (`Content-Type: application/json; <parameter>=a,b`) offered as a
/// typed setter on operations that have the header parameter `header`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct MediaTypeParameterConfig {
    /// Header parameter that carries the media type (e.g. `Content-Type`).
    pub header: String,
    /// Media type before the parameter (e.g. `application/json`).
    pub media_type: String,
    /// Parameter name (e.g. `profile`).
    pub parameter: String,
    /// Known values.
    pub values: Vec<String>,
    /// What the values do, for rustdoc.
    #[serde(default)]
    pub description: Option<String>,
}

/// Settings for one security scheme.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct SchemeConfig {
    /// Text placed before an API key (e.g. `"SSWS "`).
    #[serde(default)]
    pub prefix: String,
    /// Name of the client-builder method (defaults to the scheme key in snake case).
    #[serde(default)]
    pub method: Option<String>,
}

fn default_name() -> String {
    "api-client".to_owned()
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

impl Default for Config {
    fn default() -> Self {
        Self {
            crate_name: default_name(),
            crate_version: default_version(),
            user_agent: None,
            request_id_header: None,
            security: BTreeMap::new(),
            pagination: None,
            rate_limit: RateLimitConfig::default(),
            error_display: ErrorDisplayConfig::default(),
            env: EnvConfig::default(),
            media_type_parameters: Vec::new(),
            package: PackageConfig::default(),
            runtime: RuntimeConfig::default(),
            strict: false,
            tag_features: false,
            modules: Vec::new(),
            docs: None,
            parameter_types: Vec::new(),
            include_dir: None,
        }
    }
}

impl Config {
    /// The hand-written docs' text, once read.
    pub fn docs_text(&self) -> Option<&str> {
        self.docs.as_ref().and_then(|d| d.source.as_deref())
    }

    /// Parses a settings file (YAML).
    pub fn from_yaml(text: &str) -> Result<Self, String> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_yaml::from_str(text).map_err(|e| format!("invalid generator settings: {e}"))
    }
}
