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

/// The generated client as every benchmark configures it: the API token, plain HTTP on
/// loopback.
pub fn generated(base: &str) -> okta_users::Client {
    okta_users::Client::builder()
        .base_url(base)
        .api_key(TOKEN)
        .allow_http_on_loopback()
        .build()
        .expect("client")
}

/// Streams every user of every page through the generated client, as a caller collecting
/// them would; how many there were.
pub async fn stream_all(client: &okta_users::Client) -> usize {
    use futures_util::StreamExt as _;
    let mut users = client.list_users().limit(PAGE_SIZE as i32).stream();
    let mut count = 0;
    while let Some(user) = users.next().await {
        std::hint::black_box(user.expect("user"));
        count += 1;
    }
    count
}
