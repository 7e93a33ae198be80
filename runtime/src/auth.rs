//! Credentials: how the configured one is attached to each request.

use super::settings::Api;
use super::Secret;
use reqwest::header::{HeaderName, HeaderValue};
use std::fmt;

/// The credential a client sends.
pub(crate) enum Credential<A: Api> {
    /// A fixed header value (API key, bearer token, basic), marked sensitive.
    Header(HeaderName, HeaderValue),
    /// An API key in the query string.
    Query(String, Secret),
    /// OAuth 2.0 client credentials with a signed client assertion; tokens are fetched and
    /// cached by the service app.
    #[cfg(feature = "private-key-jwt")]
    ServiceApp(std::sync::Arc<super::service_app::ServiceApp<A>>),
    /// Never built: it only uses `A` when service apps are compiled out.
    #[cfg(not(feature = "private-key-jwt"))]
    #[allow(dead_code)]
    Never(
        std::convert::Infallible,
        std::marker::PhantomData<fn() -> A>,
    ),
}

impl<A: Api> fmt::Debug for Credential<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Header(name, _) => write!(f, "Header({name}: <redacted>)"),
            Self::Query(name, _) => write!(f, "Query({name}=<redacted>)"),
            #[cfg(feature = "private-key-jwt")]
            Self::ServiceApp(app) => write!(f, "{app:?}"),
            #[cfg(not(feature = "private-key-jwt"))]
            Self::Never(never, _) => match *never {},
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
