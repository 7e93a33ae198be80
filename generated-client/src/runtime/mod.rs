// Copied by `cargo xtask generate` from generator/runtime/. Do not edit.

//! The hand-written runtime shared by every generated client: the HTTP client and its
//! builder, credentials, retries, pagination, request encoding, response and error types,
//! and the small value types the generated models use. Generated code only declares; this
//! module does the work.
//!
//! The runtime is the same for every API, and not every API uses every encoding (forms,
//! cookies, text bodies) or capability, so unused parts are expected here.
#![allow(dead_code)]

mod auth;
mod builder;
pub(crate) mod client;
mod env;
mod error;
mod limits;
mod multipart;
mod nullable;
pub(crate) mod pagination;
mod rate_limit;
mod redact;
mod redirect;
mod request;
mod response;
mod retry;
mod secret;
#[cfg(feature = "private-key-jwt")]
mod service_app;
pub(crate) mod settings;
pub(crate) mod union;

pub use builder::ClientBuilder;
pub use client::Client;
pub use error::Error;
pub use multipart::Multipart;
pub use nullable::Nullable;
pub use pagination::{Page, PageStream};
pub use rate_limit::RateLimit;
pub(crate) use request::Request;
pub use request::RequestOptions;
pub use response::Response;
pub use retry::RetryPolicy;
pub use secret::Secret;
#[cfg(feature = "private-key-jwt")]
pub use service_app::PrivateKeyJwt;

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
