//! Helpers shared by the integration tests: paths to specs and fixtures, generation of a
//! spec with default settings, and mock-server plumbing for the generated client.

pub mod recording;

use std::path::{Path, PathBuf};
use wiremock::{Match, MockServer, Request};

/// The workspace root.
pub fn root() -> PathBuf {
    xtask::workspace_root()
}

/// `tests/specs`, the real-world specs written by others (copied in with their
/// provenance, so the tests need nothing beside the repository).
pub fn shared_specs_dir() -> PathBuf {
    root().join("tests/specs")
}

/// `tests/fixtures`, the small specs exercising one construct each.
pub fn fixtures_dir() -> PathBuf {
    root().join("tests/fixtures")
}

/// Files in `dir` with one of `extensions`, sorted by name ([`xtask::specs_in`]).
pub fn specs_in(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    xtask::specs_in(dir, extensions).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// A builder pointed at `server` (plain http on loopback allowed). Its HTTP stack keeps no
/// idle-pool timer and it has no timeouts, so under paused tokio time the only timers that
/// move the clock are the client's own waits (tests of the timeouts set them themselves).
pub fn builder(server: &MockServer) -> okta_users::ClientBuilder {
    use okta_users::escape_hatch::{reqwest, HttpClient as _};
    let http = reqwest::Client::builder().pool_idle_timeout(None);
    okta_users::Client::builder()
        .base_url(server.uri())
        .allow_http_on_loopback()
        .http_client(http)
        .timeout(None)
        .connect_timeout(None)
}

/// A client pointed at `server`, authenticated with [`TOKEN`], default retries.
pub fn client(server: &MockServer) -> okta_users::Client {
    builder(server)
        .api_key(TOKEN)
        .build()
        .expect("client builds")
}

/// Like [`client`], without retries.
pub fn client_without_retries(server: &MockServer) -> okta_users::Client {
    builder(server)
        .api_key(TOKEN)
        .retry(okta_users::RetryPolicy::none())
        .build()
        .expect("client builds")
}

/// The API token the tests use; it must never show up in errors or Debug output.
pub const TOKEN: &str = "00aTestTokenThatMustNeverLeak";

/// Matches the raw (still percent-encoded) query string exactly, `None` meaning no query.
pub struct RawQuery(pub Option<&'static str>);

impl Match for RawQuery {
    fn matches(&self, request: &Request) -> bool {
        request.url.query() == self.0
    }
}

/// Matches the raw (still percent-encoded) path exactly.
pub struct RawPath(pub &'static str);

impl Match for RawPath {
    fn matches(&self, request: &Request) -> bool {
        request.url.path() == self.0
    }
}

/// Matches requests that carry no header named `name`.
pub struct NoHeader(pub &'static str);

impl Match for NoHeader {
    fn matches(&self, request: &Request) -> bool {
        !request.headers.contains_key(self.0)
    }
}

/// Matches a body that is exactly `expected` as JSON (same keys, no extra ones, same values).
pub struct ExactJson(pub serde_json::Value);

impl Match for ExactJson {
    fn matches(&self, request: &Request) -> bool {
        serde_json::from_slice::<serde_json::Value>(&request.body)
            .ok()
            .as_ref()
            == Some(&self.0)
    }
}

/// Matches requests without a body.
pub struct EmptyBody;

impl Match for EmptyBody {
    fn matches(&self, request: &Request) -> bool {
        request.body.is_empty()
    }
}

/// Matches header `name` whose whole raw value is `value` (wiremock's `header` matcher
/// splits values at commas, which `okta-response=a,b` contains).
pub struct RawHeader(pub &'static str, pub &'static str);

impl Match for RawHeader {
    fn matches(&self, request: &Request) -> bool {
        request.headers.get(self.0).and_then(|v| v.to_str().ok()) == Some(self.1)
    }
}

/// The README's usage example, compiled as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
