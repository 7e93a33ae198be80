//! [`Error`]: the one error type of the client. It never contains credentials: transport
//! errors are stripped of their URL (which could hold an API key in the query), bodies are
//! kept only as a bounded prefix, and token endpoint failures are the same kinds of error
//! as API failures (status, request id, decoded error body) behind [`Error::Auth`].

use super::settings::Api;
use super::RateLimit;
use http::{HeaderMap, StatusCode};
use serde_json::Value;

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<A: Api> {
    /// The client builder was given something unusable.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// A parameter or body could not be encoded.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// Connecting, sending or receiving failed, or the attempt timed out.
    #[error("transport error: {0}")]
    Transport(#[source] crate::TransportError),
    /// Obtaining an access token failed; the cause is the token endpoint's answer (or the
    /// transport failure), shared by every caller that waited for the same fetch.
    #[error("authentication failed: {}", cause_text(.0))]
    Auth(std::sync::Arc<Error<A>>),
    /// The server redirected to another origin (or too often); nothing was sent there.
    #[error(
        "refused a redirect (HTTP {status}) to {location}{}",
        request_id_suffix(request_id)
    )]
    Redirect {
        /// HTTP status of the redirect.
        status: StatusCode,
        /// Where it pointed: `scheme://host:port` only, or why it was refused.
        location: String,
        /// The server's request id, if it sends one.
        request_id: Option<String>,
    },
    /// A success body was larger than the client's limit; it was not read past the limit.
    #[error(
        "HTTP {status} body exceeds the limit of {limit} bytes{}",
        request_id_suffix(request_id)
    )]
    ResponseTooLarge {
        /// HTTP status.
        status: StatusCode,
        /// The limit in bytes (`ClientBuilder::max_response_body`).
        limit: usize,
        /// The server's request id, if it sends one.
        request_id: Option<String>,
    },
    /// Following pages failed: a next-page link to another origin or a loop, or the page
    /// limit was reached.
    #[error("pagination stopped: {0}")]
    Pagination(String),
    /// The server answered with an error status and a body of the API's error schema.
    #[error("{}", describe_api::<A>(*status, body, request_id))]
    Api {
        /// HTTP status.
        status: StatusCode,
        /// The decoded error body.
        body: Box<A::ErrorBody>,
        /// The server's request id, if it sends one.
        request_id: Option<String>,
        /// Response headers.
        headers: Box<HeaderMap>,
    },
    /// The server answered with an error status and a body that is not the error schema.
    #[error(
        "unexpected HTTP {status}{}: {}",
        request_id_suffix(request_id),
        excerpt(body)
    )]
    UnexpectedStatus {
        /// HTTP status.
        status: StatusCode,
        /// The start of the raw body as text (at most 64 KiB).
        body: String,
        /// The server's request id, if it sends one.
        request_id: Option<String>,
        /// Response headers.
        headers: Box<HeaderMap>,
    },
    /// A success response whose body does not match the declared type.
    #[error(
        "cannot decode HTTP {status} body{}: {message}",
        request_id_suffix(request_id)
    )]
    Decode {
        /// HTTP status.
        status: StatusCode,
        /// What did not match.
        message: String,
        /// The start of the raw body as text (at most 64 KiB).
        body: String,
        /// The server's request id, if it sends one.
        request_id: Option<String>,
    },
}

/// A configuration value that cannot be used (a key that does not parse, an unknown
/// algorithm); becomes the API's `Error::Config`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid client configuration: {0}")]
pub struct ConfigError(pub(crate) String);

impl<A: Api> From<ConfigError> for Error<A> {
    fn from(error: ConfigError) -> Self {
        Self::Config(error.0)
    }
}

impl<A: Api> From<crate::request::Error> for Error<A> {
    fn from(error: crate::request::Error) -> Self {
        Self::InvalidRequest(error.0)
    }
}

impl<A: Api> Error<A> {
    /// The HTTP status, when the server answered (for [`Error::Auth`], the token endpoint's).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. }
            | Self::Redirect { status, .. }
            | Self::ResponseTooLarge { status, .. } => Some(*status),
            Self::Transport(_) => None,
            Self::Auth(cause) => cause.status(),
            Self::Config(_) | Self::InvalidRequest(_) | Self::Pagination(_) => None,
        }
    }

    /// The server's request id, when the server answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { request_id, .. }
            | Self::UnexpectedStatus { request_id, .. }
            | Self::Decode { request_id, .. }
            | Self::Redirect { request_id, .. }
            | Self::ResponseTooLarge { request_id, .. } => request_id.as_deref(),
            Self::Auth(cause) => cause.request_id(),
            Self::Config(_)
            | Self::InvalidRequest(_)
            | Self::Transport(_)
            | Self::Pagination(_) => None,
        }
    }

    /// The rate-limit state the error response reported, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        match self {
            Self::Api { headers, .. } | Self::UnexpectedStatus { headers, .. } => {
                RateLimit::from_headers(headers, &A::SETTINGS.rate_limit)
            }
            Self::Auth(cause) => cause.rate_limit(),
            _ => None,
        }
    }

    /// The decoded error body of an [`Error::Api`] (also behind [`Error::Auth`]).
    pub fn api_body(&self) -> Option<&A::ErrorBody> {
        match self {
            Self::Api { body, .. } => Some(body),
            Self::Auth(cause) => cause.api_body(),
            _ => None,
        }
    }

    /// True when an attempt ran out of time (connecting, or the whole attempt).
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Transport(e) => e.is_timeout(),
            Self::Auth(cause) => cause.is_timeout(),
            _ => false,
        }
    }

    /// True when the same call may succeed later: transport failures and timeouts, and
    /// `429`, `502`, `503`, `504` answers. Invalid requests, configuration errors, refused
    /// redirects, oversized or undecodable bodies and other statuses are not.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(e) => !e.is_request_invalid(),
            Self::Api { status, .. } | Self::UnexpectedStatus { status, .. } => {
                matches!(status.as_u16(), 429 | 502 | 503 | 504)
            }
            Self::Auth(cause) => cause.is_retryable(),
            _ => false,
        }
    }
}

/// The cause's message (a function, so that the derived `Display` does not require itself).
fn cause_text<A: Api>(cause: &Error<A>) -> String {
    cause.to_string()
}

fn request_id_suffix(request_id: &Option<String>) -> String {
    request_id
        .as_ref()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

/// `<label> HTTP <status> <code>: <summary>: <cause>; <cause> (request id <id>)`, using the
/// error body's fields named in the settings, or the compact JSON body when they are absent.
fn describe_api<A: Api>(
    status: StatusCode,
    body: &A::ErrorBody,
    request_id: &Option<String>,
) -> String {
    let fields = &A::SETTINGS.error_fields;
    let value = serde_json::to_value(body).unwrap_or(Value::Null);
    let text = |v: &Value, name: Option<&str>| {
        name.and_then(|n| v.get(n))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let mut out = if fields.label.is_empty() {
        String::new()
    } else {
        format!("{} ", fields.label)
    };
    out.push_str(&format!("HTTP {}", status.as_u16()));
    let summary = text(&value, fields.summary);
    match (text(&value, fields.code), &summary) {
        (Some(code), Some(summary)) => out.push_str(&format!(" {code}: {summary}")),
        (Some(code), None) => out.push_str(&format!(" {code}")),
        (None, Some(summary)) => out.push_str(&format!(": {summary}")),
        (None, None) => out.push_str(&format!(
            ": {}",
            serde_json::to_string(&value).unwrap_or_default()
        )),
    }
    let causes: Vec<String> = fields
        .causes
        .and_then(|n| value.get(n))
        .and_then(Value::as_array)
        .map(|causes| {
            causes
                .iter()
                .filter_map(|c| text(c, fields.cause_summary))
                .collect()
        })
        .unwrap_or_default();
    if !causes.is_empty() {
        out.push_str(&format!(" ({})", causes.join("; ")));
    }
    out.push_str(&request_id_suffix(request_id));
    out
}

/// At most 200 characters of a body, for messages.
fn excerpt(body: &str) -> String {
    let mut text: String = body.chars().take(200).collect();
    if body.chars().nth(200).is_some() {
        text.push('…');
    }
    text
}
