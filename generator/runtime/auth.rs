//! Credentials: how the configured one is attached to each request.

use super::Secret;
use reqwest::header::{HeaderName, HeaderValue};
use std::fmt;

/// The credential a client sends.
#[derive(Clone)]
pub(crate) enum Credential {
    /// A fixed header value (API key, bearer token, basic), marked sensitive.
    Header(HeaderName, HeaderValue),
    /// An API key in the query string.
    Query(String, Secret),
    /// OAuth 2.0 client credentials with a signed client assertion; tokens are fetched and
    /// cached by the service app.
    #[cfg(feature = "private-key-jwt")]
    ServiceApp(std::sync::Arc<super::service_app::ServiceApp>),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Header(name, _) => write!(f, "Header({name}: <redacted>)"),
            Self::Query(name, _) => write!(f, "Query({name}=<redacted>)"),
            #[cfg(feature = "private-key-jwt")]
            Self::ServiceApp(app) => write!(f, "{app:?}"),
        }
    }
}

/// A sensitive header value `prefix + secret`.
pub(crate) fn header_value(prefix: &str, secret: &str) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(&format!("{prefix}{secret}"))
        .map_err(|_| "the credential contains characters a header cannot carry".to_owned())?;
    value.set_sensitive(true);
    Ok(value)
}
