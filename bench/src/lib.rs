//! What the benchmarks share: realistic Okta user JSON ([`fixtures`]), a minimal HTTP/1.1
//! server on loopback that answers with it ([`server`]), and the baseline every client
//! figure is a ratio against: a hand-written reqwest + serde client ([`hand`]), measured
//! in alternation with it ([`paired`]).
pub mod fixtures;
pub mod hand;
pub mod paired;
pub mod server;

/// The API token both clients send.
pub const TOKEN: &str = "00bench-token";
/// Users per `listUsers` page (Okta's maximum).
pub const PAGE_SIZE: usize = 200;
/// Pages in the streamed collection.
pub const PAGES: usize = 50;
