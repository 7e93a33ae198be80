//! The runtime of the clients this repository's generator emits: the HTTP client and its
//! builder, credentials, retries, pagination, request encoding, response and error types,
//! and the small value types generated models use. A generated crate only declares (its
//! [`Api`] settings, types and operations); this crate does the work, so a fix here reaches
//! every generated client with `cargo update`.
//!
//! Every type that depends on an API is generic over the [`Api`] the generated crate
//! declares. [`codegen`] holds what generated code calls and is not meant for hand use.
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod auth;
mod builder;
mod client;
mod env;
mod error;
mod limits;
mod multipart;
mod nullable;
mod pagination;
mod rate_limit;
mod redact;
mod redirect;
mod request;
mod response;
mod retry;
mod secret;
#[cfg(feature = "private-key-jwt")]
mod service_app;
mod settings;
mod union;

pub use builder::ClientBuilder;
pub use client::Client;
pub use error::Error;
pub use multipart::Multipart;
pub use nullable::Nullable;
pub use pagination::{Page, PageStream};
pub use rate_limit::RateLimit;
pub use request::RequestOptions;
pub use response::Response;
pub use retry::RetryPolicy;
pub use secret::Secret;
#[cfg(feature = "private-key-jwt")]
#[cfg_attr(docsrs, doc(cfg(feature = "private-key-jwt")))]
pub use service_app::PrivateKeyJwt;
pub use settings::{
    Api, ApiKeyLocation, ApiKeyScheme, EnvMode, EnvNames, ErrorFields, RateLimitHeaders, Settings,
};

/// What generated code calls: request building, sending, paging and union helpers. Not
/// for hand use; it may change in any release together with the generator.
#[doc(hidden)]
pub mod codegen {
    pub use crate::client::json_body;
    pub use crate::pagination::{pages, paginate};
    pub use crate::request::{Error as EncodeError, Request};
    pub use crate::response::{header, FromHeaders};
    pub use crate::union::{tag, tagged, variant};
    pub use reqwest::header::HeaderMap;
    pub use reqwest::{Method, Url};
}

/// An unpredictable number from the standard library's randomly seeded hasher (for backoff
/// jitter, multipart boundaries and assertion ids; not for keys).
pub(crate) fn random_u64() -> u64 {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    hasher.finish()
}
