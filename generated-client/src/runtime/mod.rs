// Copied by `cargo xtask generate` from generator/runtime/. Do not edit.

//! The hand-written runtime shared by every generated client: the HTTP client and its
//! builder, request encoding, response and error types, and the small value types the
//! generated models use. Generated code only declares; this module does the work.
//!
//! The runtime is the same for every API, and not every API uses every encoding (forms,
//! cookies, text bodies), so unused parts are expected here.
#![allow(dead_code)]

mod client;
mod error;
mod nullable;
mod request;
mod response;
mod secret;

pub use client::{Client, ClientBuilder};
pub use error::Error;
pub use nullable::Nullable;
pub(crate) use request::Request;
pub use response::Response;
pub use secret::Secret;
