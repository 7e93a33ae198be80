//! The client against servers and callers that misbehave on purpose: dot-segment ids,
//! cross-origin redirects of every kind, a server that drips its headers, endless bodies,
//! absurd rate-limit numbers, bodies nested 100,000 levels deep, URLs too long to send, and credentials that must stay put
//! (query API keys on every page, user info in base URLs).

use futures_util::TryStreamExt;
use okta_users::types::{CreateUserRequest, UpdateUserRequest, User};
use okta_users::{Client, Error};
use okta_users_tests::{builder, client, RawPath, TOKEN};
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn dot_segment_ids_are_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let client = client(&server);
    for id in [".", ".."] {
        let update = client
            .update_user(id, UpdateUserRequest::default())
            .send()
            .await;
        let delete = client.delete_user(id).send().await;
        let get = client.get_user(id).send().await;
        for error in [update.err(), delete.err(), get.err()] {
            assert!(
                matches!(error, Some(Error::InvalidRequest(_))),
                "{id}: {error:?}"
            );
        }
    }
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());

    // Everything else stays inside its one segment, encoded once.
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/a%2F..%2F..%2Fgroups"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "x"})))
        .expect(1)
        .mount(&server)
        .await;
    client
        .get_user("a/../../groups")
        .send()
        .await
        .expect("one segment");
    for id in ["%2e%2e", "%2E.", "...", "./"] {
        let result = client.get_user(id).send().await;
        let error = result.expect_err("no mock: 404");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(404), "{id}");
    }
    for request in server.received_requests().await.unwrap_or_default() {
        assert!(
            request.url.path().starts_with("/api/v1/users/"),
            "{}",
            request.url
        );
    }
}

/// A server that redirects every request to `target` with `status`.
async fn redirecting(status: u16, target: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).insert_header(
            "Location",
            format!("{target}/api/v1/users/elsewhere").as_str(),
        ))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn no_redirect_crosses_origins() {
    let other = MockServer::start().await;
    for status in [301, 302, 303, 307, 308] {
        let server = redirecting(status, &other.uri()).await;
        let get = client(&server).get_user("00u1").send().await;
        let create = client(&server)
            .create_user(CreateUserRequest::default())
            .send()
            .await;
        for error in [get.expect_err("get"), create.expect_err("create")] {
            assert!(
                matches!(error, Error::Redirect { .. }),
                "{status}: {error:?}"
            );
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            assert!(!error.is_retryable());
        }
        // A query API key is not carried to the other origin either.
        let keyed = builder(&server)
            .api_key_query("apiKey", TOKEN)
            .build()
            .expect("client");
        keyed.get_user("00u1").send().await.expect_err("redirect");
    }
    let leaked = other.received_requests().await.unwrap_or_default();
    assert!(
        leaked.is_empty(),
        "{} requests reached the other origin",
        leaked.len()
    );
}

#[tokio::test]
async fn same_origin_redirects_are_followed_without_referer() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(RawPath("/api/v1/users"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/api/v1/users2"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(RawPath("/api/v1/users2"))
        .and(okta_users_tests::NoHeader("referer"))
        .and(wiremock::matchers::header(
            "authorization",
            format!("SSWS {TOKEN}").as_str(),
        ))
        .and(okta_users_tests::ExactJson(json!({"profile": {}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "00u9"})))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server)
        .create_user(CreateUserRequest::default())
        .send()
        .await
        .expect("307 replays the body on the same origin");
    assert_eq!(created.body().id.as_deref(), Some("00u9"));

    // A 303 turns the POST into a GET without a body.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(303).insert_header("Location", "/api/v1/users/00u9"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/00u9"))
        .and(okta_users_tests::EmptyBody)
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "00u9"})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .create_user(CreateUserRequest::default())
        .send()
        .await
        .expect("303 followed as GET");
}

/// A raw HTTP server on loopback that runs `serve` on each connection.
async fn raw_server<F, Fut>(serve: F) -> String
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(serve(socket));
        }
    });
    format!("http://{address}")
}

async fn read_request(socket: &mut tokio::net::TcpStream) {
    let mut buffer = [0u8; 4096];
    let _ = socket.read(&mut buffer).await;
}

/// A client with every default limit, over a caller-supplied HTTP stack.
fn default_client(base: &str) -> Client {
    default_builder(base).build().expect("client")
}

/// [`default_client`]'s builder, for a test that changes one setting.
fn default_builder(base: &str) -> okta_users::ClientBuilder {
    use okta_users::escape_hatch::{reqwest, HttpClient as _};
    Client::builder()
        .base_url(base)
        .allow_http_on_loopback()
        .http_client(reqwest::Client::builder())
        .api_key(TOKEN)
        .retry(okta_users::RetryPolicy::none())
}

#[tokio::test(start_paused = true)]
async fn a_dripping_server_times_out_by_default() {
    let base = raw_server(|mut socket| async move {
        read_request(&mut socket).await;
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" {
            if socket.write_all(&[*byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    })
    .await;
    let started = tokio::time::Instant::now();
    let error = default_client(&base)
        .get_user("00u1")
        .send()
        .await
        .expect_err("times out");
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.is_retryable());
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(30) && waited < Duration::from_secs(33),
        "{waited:?}"
    );
}

#[test]
fn default_limits_are_documented_values() {
    let shown = format!("{:?}", Client::builder());
    for expected in [
        "timeout: Some(30s)",
        "connect_timeout: Some(10s)",
        "max_body: 16777216",
        "max_pages: None",
        "max_depth: 128",
    ] {
        assert!(shown.contains(expected), "{expected} in {shown}");
    }
}

/// Serves `head` and then an endless chunked body.
async fn endless(head: &'static str) -> String {
    raw_server(move |mut socket| async move {
        read_request(&mut socket).await;
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = format!("4000\r\n{}\r\n", "x".repeat(0x4000));
        while socket.write_all(chunk.as_bytes()).await.is_ok() {}
    })
    .await
}

#[tokio::test]
async fn endless_bodies_are_cut_off_while_reading() {
    let success = endless("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").await;
    let error = default_client(&success)
        .get_user("00u1")
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(
            error,
            Error::ResponseTooLarge {
                limit: 16_777_216,
                ..
            }
        ),
        "{error:?}"
    );

    let failure =
        endless("HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n").await;
    let error = default_client(&failure)
        .get_user("00u1")
        .send()
        .await
        .expect_err("500");
    let Error::UnexpectedStatus { body, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(body.len(), 64 * 1024, "a bounded prefix is kept");

    // A declared length over the limit is refused without reading.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(2048)))
        .mount(&server)
        .await;
    let small = builder(&server)
        .max_response_body(1024)
        .build()
        .expect("client");
    let error = small.get_user("00u1").send().await.expect_err("over 1 KiB");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1024, .. }),
        "{error:?}"
    );
}

/// Serves a getUser body in chunks of `size` bytes, each written and flushed on its own
/// after a pause, so the client reads them one by one.
async fn dripped(size: usize) -> String {
    raw_server(move |mut socket| async move {
        read_request(&mut socket).await;
        let body = serde_json::json!({
            "id": "00u1",
            "profile": {"login": "a@example.com", "nickName": "x".repeat(3000)},
        })
        .to_string();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
        let head = format!("{head}Content-Length: {}\r\n\r\n", body.len());
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for chunk in body.as_bytes().chunks(size) {
            if socket.write_all(chunk).await.is_err() || socket.flush().await.is_err() {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
    })
    .await
}

#[tokio::test]
async fn a_body_read_in_many_chunks_is_joined_whole_and_still_bounded() {
    let base = dripped(700).await;
    let user = default_client(&base)
        .get_user("00u1")
        .send()
        .await
        .expect("decodes")
        .into_body();
    let nick = user.profile.expect("profile").nick_name.into_value();
    assert_eq!(nick, Some("x".repeat(3000)));
    // The limit falls inside the third chunk: refused, not decoded from a prefix.
    let base = dripped(700).await;
    let small = default_builder(&base)
        .max_response_body(1800)
        .build()
        .expect("client");
    let error = small.get_user("00u1").send().await.expect_err("too large");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit: 1800, .. }),
        "{error:?}"
    );
}

/// `levels` of nested arrays around `1`.
fn nested_arrays(levels: usize) -> String {
    format!("{}1{}", "[".repeat(levels), "]".repeat(levels))
}

/// `levels` of nested objects under the key `a`.
fn nested_objects(levels: usize) -> String {
    format!("{}1{}", r#"{"a":"#.repeat(levels), "}".repeat(levels))
}

#[tokio::test]
async fn deeply_nested_bodies_are_decode_errors_not_unbounded_work() {
    let server = MockServer::start().await;
    let client = client(&server);
    let user = |custom: &str| {
        format!(
            r#"{{"id":"00u1","status":"ACTIVE","profile":{{"login":"a@example.com","custom":{custom}}}}}"#
        )
    };
    let mut bodies = Vec::new();
    for levels in [10_000, 100_000] {
        // In a kept property (a custom profile attribute, an undeclared top-level key) …
        bodies.push(user(&nested_arrays(levels)));
        bodies.push(user(&nested_objects(levels)));
        bodies.push(format!(
            r#"{{"id":"00u1","newer":{}}}"#,
            nested_arrays(levels)
        ));
        // … and as the whole body.
        bodies.push(nested_arrays(levels));
        bodies.push(nested_objects(levels));
    }
    for body in bodies {
        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
            .mount(&server)
            .await;
        let error = client.get_user("00u1").send().await.expect_err("refused");
        assert!(
            matches!(error, Error::Decode { status, .. } if status == 200),
            "{}…: {error:?}",
            &body[..40]
        );
    }
    // Within the limit a kept value round-trips; a client may lower the limit.
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(user(&nested_arrays(100)), "application/json"),
        )
        .mount(&server)
        .await;
    let kept = client.get_user("00u1").send().await.expect("100 levels");
    let profile = kept.body().profile.as_ref().expect("profile");
    let custom = profile.additional_properties.get("custom");
    assert_eq!(custom.map(|v| v.as_str().len()), Some(201));
    let strict = builder(&server).max_json_depth(16).build().expect("client");
    let error = strict.get_user("00u1").send().await.expect_err("over 16");
    let Error::Decode { message, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(message.contains("16 levels"), "{message}");
}

#[tokio::test]
async fn absurd_rate_limit_numbers_do_not_panic() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("Date", "Thu, 01 Jan 1970 00:00:00 GMT")
                .insert_header("X-Rate-Limit-Reset", u64::MAX.to_string().as_str())
                .insert_header("X-Rate-Limit-Limit", "99999999999999999999999"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .get_user("00u1")
        .send()
        .await
        .expect_err("the wait is over the limit, so no retry");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert!(error.is_retryable());
}

#[tokio::test(start_paused = true)]
async fn an_unsendable_url_fails_once_without_retries() {
    let server = MockServer::start().await;
    let started = tokio::time::Instant::now();
    let error = client(&server)
        .get_user("x".repeat(70_000))
        .send()
        .await
        .expect_err("too long");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(!error.is_retryable());
    assert_eq!(started.elapsed(), Duration::ZERO, "no backoff");
    assert!(server
        .received_requests()
        .await
        .unwrap_or_default()
        .is_empty());
}

#[tokio::test]
async fn a_query_api_key_is_sent_on_every_page() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(query_param("apiKey", TOKEN))
        .and(query_param("after", "c2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "u2"}])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("apiKey", TOKEN))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "u1"}]))
                .insert_header(
                    "Link",
                    format!("<{base}/api/v1/users?after=c2>; rel=\"next\"").as_str(),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .api_key_query("apiKey", TOKEN)
        .build()
        .expect("client");
    let users: Vec<User> = client
        .list_users()
        .stream()
        .try_collect()
        .await
        .expect("two pages");
    assert_eq!(users.len(), 2);
}

#[test]
fn user_info_in_base_urls_is_redacted() {
    let base = "https://admin:hunter2@org.example.com";
    let builder = Client::builder().base_url(base).api_key(TOKEN);
    assert!(!format!("{builder:?}").contains("hunter2"), "{builder:?}");
    let client = builder.build().expect("client");
    assert!(!format!("{client:?}").contains("hunter2"), "{client:?}");
    let error = Client::builder()
        .base_url("http://admin:hunter2@org.example.com")
        .build()
        .expect_err("not https");
    assert!(!error.to_string().contains("hunter2"), "{error}");
    assert!(!format!("{error:?}").contains("hunter2"), "{error:?}");
}
