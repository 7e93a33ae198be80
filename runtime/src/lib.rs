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
mod extra;
mod limits;
#[cfg(feature = "mocks")]
#[cfg_attr(docsrs, doc(cfg(feature = "mocks")))]
pub mod mocks;
mod multipart;
mod nullable;
mod object;
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
mod timestamp;
mod transport;
mod union;

pub use builder::ClientBuilder;
pub use client::Client;
pub use error::Error;
pub use extra::{Extra, RawJson};
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
pub use timestamp::{ParseTimestampError, Timestamp};
pub use transport::TransportError;

/// The crates generated code is written against, re-exported so that a generated crate, or a
/// build script's output, depends on this runtime alone. Not a stable API of its own:
/// generated code names these through this path so that versions always match the runtime's.
#[doc(hidden)]
pub mod deps {
    pub use ::chrono;
    pub use ::futures_util;
    pub use ::serde;
    pub use ::serde_json;
}

/// The one place the HTTP stack shows: the `reqwest` crate this runtime is built on, for
/// configuring it (proxies, TLS roots, pools) with
/// [`escape_hatch::HttpClient::http_client`]. Code that uses this module may need changes
/// when the runtime moves to another `reqwest` release; nothing else in the public API names
/// `reqwest`.
pub mod escape_hatch {
    pub use reqwest;

    /// Builds a client's HTTP stack from a preconfigured `reqwest::ClientBuilder`.
    pub trait HttpClient {
        /// Uses `http` for the HTTP stack. The runtime still sets its own redirect policy
        /// (none: redirects are handled by the client, same origin only), turns `Referer`
        /// off and applies the connect and attempt timeouts.
        fn http_client(self, http: reqwest::ClientBuilder) -> Self;
    }

    impl<A: crate::Api> HttpClient for crate::ClientBuilder<A> {
        fn http_client(self, http: reqwest::ClientBuilder) -> Self {
            self.with_http(http)
        }
    }
}

/// What generated code calls: request building, sending, paging and union helpers. Not
/// for hand use; it may change in any release together with the generator.
#[doc(hidden)]
pub mod codegen {
    pub use crate::client::{json_body, Prepared};
    pub use crate::object::{
        keep, object, optional, required, skip, string_enum, CatchAll, Key, Object,
    };
    pub use crate::pagination::{pages, paginate};
    pub use crate::request::{json_text, Error as EncodeError, Request};
    pub use crate::response::{header, FromHeaders};
    pub use crate::union::{tag, tagged, variant};
    pub use http::{HeaderMap, Method};
    pub use url::Url;
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
