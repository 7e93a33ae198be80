//! Rate limits and retries: a 429 waits until the reset time measured against the
//! response's `Date` (+1 s) and retries with the retry headers; missing or duplicated
//! headers fall back to bounded backoff; retries stop at the limit; transport errors and
//! 503 are retried only where replaying is safe. Waits run on paused tokio time.

use okta_users::{Error, RetryPolicy};
use okta_users_tests::{client, RawPath, TOKEN};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const DATE: &str = "Mon, 30 Nov 2026 05:00:00 GMT";
const DATE_EPOCH: u64 = 1_796_014_800;

fn rate_limited(reset_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(429)
        .set_body_json(json!({"errorCode": "E0000047", "errorSummary": "API call exceeded rate limit due to too many requests."}))
        .insert_header("Date", DATE)
        .insert_header("X-Rate-Limit-Limit", "600")
        .insert_header("X-Rate-Limit-Remaining", "0")
        .insert_header("X-Rate-Limit-Reset", (DATE_EPOCH + reset_in).to_string().as_str())
        .insert_header("X-Okta-Request-Id", "req-429")
}

fn ok_user() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"id": "00u1"}))
        .insert_header("X-Rate-Limit-Limit", "600")
        .insert_header("X-Rate-Limit-Remaining", "599")
        .insert_header("X-Rate-Limit-Reset", "1796014860")
        .insert_header("X-Okta-Request-Id", "req-ok")
}

/// Answers with the given responses in order, then repeats the last one.
struct Sequence(Vec<ResponseTemplate>, AtomicUsize);

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let i = self.1.fetch_add(1, Ordering::SeqCst);
        self.0[i.min(self.0.len() - 1)].clone()
    }
}

fn sequence(responses: Vec<ResponseTemplate>) -> Sequence {
    Sequence(responses, AtomicUsize::new(0))
}

/// Gets a user through `server` and returns how long the call took on the (paused) clock.
async fn timed_get_user(server: &MockServer) -> Duration {
    let started = Instant::now();
    client(server)
        .get_user("00u1")
        .send()
        .await
        .expect("retried to success");
    started.elapsed()
}

#[tokio::test(start_paused = true)]
async fn rate_limited_request_waits_for_the_reset_and_retries_with_retry_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("X-Okta-Retry-For", "req-429"))
        .and(header("X-Okta-Retry-Count", "1"))
        .respond_with(ok_user())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(rate_limited(3))
        .expect(1)
        .mount(&server)
        .await;

    let started = Instant::now();
    let response = client(&server)
        .get_user("00u1")
        .send()
        .await
        .expect("retried to success");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(4) && waited < Duration::from_secs(5),
        "waited {waited:?}, expected reset − Date + 1 s = 4 s"
    );
    let limit = response.rate_limit().expect("rate-limit headers");
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset),
        (Some(600), Some(599), Some(1_796_014_860))
    );
    assert_eq!(response.request_id(), Some("req-ok"));
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured_when_there_is_no_reset_header() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429).insert_header("Retry-After", "7");
    Mock::given(method("GET"))
        .respond_with(sequence(vec![limited, ok_user()]))
        .expect(2)
        .mount(&server)
        .await;
    let waited = timed_get_user(&server).await;
    assert!(
        waited >= Duration::from_secs(7) && waited < Duration::from_secs(8),
        "waited {waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn second_retry_carries_count_two() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("X-Okta-Retry-Count", "2"))
        .respond_with(ok_user())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(rate_limited(0))
        .expect(2)
        .mount(&server)
        .await;
    client(&server)
        .get_user("00u1")
        .send()
        .await
        .expect("success on the second retry");
}

#[tokio::test(start_paused = true)]
async fn missing_or_duplicated_rate_limit_headers_fall_back_to_bounded_backoff() {
    let bare = ResponseTemplate::new(429).set_body_json(json!({"errorCode": "E0000047"}));
    let duplicated =
        rate_limited(30).append_header("X-Rate-Limit-Reset", (DATE_EPOCH + 1).to_string().as_str());
    for first in [bare, duplicated] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(sequence(vec![first, ok_user()]))
            .expect(2)
            .mount(&server)
            .await;
        let waited = timed_get_user(&server).await;
        // First backoff: 500 ms × jitter in [0.5, 1].
        assert!(
            waited >= Duration::from_millis(250) && waited <= Duration::from_millis(501),
            "waited {waited:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn retries_are_exhausted_after_two_and_the_429_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rate_limited(1))
        .expect(3)
        .mount(&server)
        .await;
    let error = client(&server)
        .get_user("00u1")
        .send()
        .await
        .expect_err("still limited");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(error.rate_limit().and_then(|r| r.remaining), Some(0));
}

#[tokio::test(start_paused = true)]
async fn retries_can_be_disabled_and_long_waits_are_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rate_limited(1))
        .expect(1)
        .mount(&server)
        .await;
    let no_retry = okta_users_tests::client_without_retries(&server);
    assert!(no_retry.get_user("00u1").send().await.is_err());

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rate_limited(3600))
        .expect(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    assert!(
        client(&server).get_user("00u1").send().await.is_err(),
        "an hour exceeds the 60 s cap"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn service_unavailable_is_retried_for_get_but_not_for_post() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(sequence(vec![ResponseTemplate::new(503), ok_user()]))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client.get_user("00u1").send().await.expect("GET retried");
    let body = okta_users::types::CreateUserRequest::default();
    let error = client
        .create_user(body)
        .send()
        .await
        .expect_err("POST not replayed");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}

/// A server that reads each request and closes the connection without answering.
async fn dropping_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let mut buf = vec![0u8; 65536];
            let _ = socket.read(&mut buf).await;
            let _ = socket.shutdown().await;
        }
    });
    (url, count)
}

#[tokio::test]
async fn post_is_not_replayed_after_a_dropped_connection_but_get_is() {
    let (url, count) = dropping_server().await;
    let client = okta_users::Client::builder()
        .base_url(url)
        .allow_http_on_loopback()
        .api_key(TOKEN)
        .retry(RetryPolicy::default().base_backoff(Duration::from_millis(1)))
        .build()
        .expect("client");
    let error = client
        .create_user(Default::default())
        .send()
        .await
        .expect_err("dropped");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(
        count.load(Ordering::SeqCst),
        1,
        "the POST reached the server once and was not replayed"
    );

    count.store(0, Ordering::SeqCst);
    let error = client.get_user("00u1").send().await.expect_err("dropped");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(
        count.load(Ordering::SeqCst),
        3,
        "the GET was tried three times"
    );
}

#[tokio::test]
async fn responses_expose_rate_limit_state_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/00u1"))
        .respond_with(ok_user())
        .mount(&server)
        .await;
    let response = client(&server).get_user("00u1").send().await.expect("user");
    assert_eq!(response.rate_limit().and_then(|r| r.remaining), Some(599));
    assert_eq!(response.request_id(), Some("req-ok"));
}
