//! [`Error`]: the one error type of the client. It never contains credentials: transport
//! errors are stripped of their URL (which could hold an API key in the query).

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The client builder was given something unusable.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// A parameter or body could not be encoded.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// Connecting, sending or receiving failed.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The server answered with an error status and a body of the API's error schema.
    #[error("HTTP {status}{}: {}", request_id_suffix(request_id), compact(body))]
    Api {
        /// HTTP status.
        status: StatusCode,
        /// The decoded error body.
        body: Box<crate::ErrorBody>,
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
        /// The raw body as text.
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
        /// The raw body as text.
        body: String,
        /// The server's request id, if it sends one.
        request_id: Option<String>,
    },
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { status, .. }
            | Self::UnexpectedStatus { status, .. }
            | Self::Decode { status, .. } => Some(*status),
            Self::Transport(e) => e.status(),
            Self::Config(_) | Self::InvalidRequest(_) => None,
        }
    }

    /// The server's request id, when the server answered with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { request_id, .. }
            | Self::UnexpectedStatus { request_id, .. }
            | Self::Decode { request_id, .. } => request_id.as_deref(),
            Self::Config(_) | Self::InvalidRequest(_) | Self::Transport(_) => None,
        }
    }

    /// The decoded error body of an [`Error::Api`].
    pub fn api_body(&self) -> Option<&crate::ErrorBody> {
        match self {
            Self::Api { body, .. } => Some(body),
            _ => None,
        }
    }
}

fn request_id_suffix(request_id: &Option<String>) -> String {
    request_id
        .as_ref()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

fn compact(body: &crate::ErrorBody) -> String {
    serde_json::to_string(body).unwrap_or_default()
}

/// At most 200 characters of a body, for messages.
fn excerpt(body: &str) -> String {
    let mut text: String = body.chars().take(200).collect();
    if body.chars().nth(200).is_some() {
        text.push('…');
    }
    text
}
