//! Link-header pagination: `send()` returns one page and its cursor, `stream()` follows
//! `rel="next"` across pages in both header forms, cursors are never re-encoded, links to
//! another origin are not followed (the page carrying one is kept), a looping server and
//! the page limit end a stream with an error.

use futures_util::TryStreamExt;
use okta_users::types::User;
use okta_users_tests::{client, RawPath, RawQuery};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn users(ids: &[&str]) -> serde_json::Value {
    json!(ids
        .iter()
        .map(|id| json!({"id": id, "status": "ACTIVE"}))
        .collect::<Vec<_>>())
}

fn ids(users: &[User]) -> Vec<String> {
    users.iter().filter_map(|u| u.id.clone()).collect()
}

/// Three pages: the first announces the next one in separate `Link` lines, the second in
/// one comma-joined line (with the self link first), the third announces none.
async fn three_pages(server: &MockServer) {
    let base = server.uri();
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users"))
        .and(RawQuery(Some("limit=2")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(users(&["u1", "u2"]))
                .append_header(
                    "Link",
                    format!("<{base}/api/v1/users?limit=2>; rel=\"self\""),
                )
                .append_header(
                    "Link",
                    format!("<{base}/api/v1/users?after=c%2F1%3D&limit=2>; rel=\"next\""),
                ),
        )
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users"))
        .and(RawQuery(Some("after=c%2F1%3D&limit=2")))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(users(&["u3", "u4"])).insert_header(
                "Link",
                format!("<{base}/api/v1/users?after=c%2F1%3D&limit=2>; rel=\"self\", <{base}/api/v1/users?after=c3&limit=2>; rel=next"),
            ),
        )
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users"))
        .and(RawQuery(Some("after=c3&limit=2")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(users(&["u5"]))
                .insert_header(
                    "Link",
                    format!("<{base}/api/v1/users?after=c3&limit=2>; rel=\"self\""),
                ),
        )
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn stream_follows_next_links_in_both_header_forms() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let all: Vec<User> = client(&server)
        .list_users()
        .limit(2)
        .stream()
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(ids(&all), ["u1", "u2", "u3", "u4", "u5"]);
}

#[tokio::test]
async fn send_returns_one_page_and_the_decoded_cursor() {
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = client(&server);
    let first = client
        .list_users()
        .limit(2)
        .send()
        .await
        .expect("page 1")
        .into_body();
    assert_eq!(ids(&first), ["u1", "u2"]);
    let cursor = first.next_cursor().expect("a next page");
    assert_eq!(
        cursor, "c/1=",
        "cursor is decoded from the link, opaque otherwise"
    );
    // Passing the decoded cursor back encodes it exactly once.
    let second = client
        .list_users()
        .limit(2)
        .after(cursor)
        .send()
        .await
        .expect("page 2")
        .into_body();
    assert_eq!(ids(&second), ["u3", "u4"]);
    let third = client
        .list_users()
        .limit(2)
        .after(second.next_cursor().expect("page 3"))
        .send()
        .await;
    let third = third.expect("page 3").into_body();
    assert!(third.is_last() && third.next_cursor().is_none());
    assert_eq!(ids(&third), ["u5"]);
}

#[tokio::test]
async fn stream_stops_at_the_first_error() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .and(RawQuery(None))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(users(&["u1"]))
                .insert_header(
                    "Link",
                    format!("<{base}/api/v1/users?after=x>; rel=\"next\""),
                ),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(RawQuery(Some("after=x")))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({"errorCode": "E0000006"})))
        .expect(1)
        .mount(&server)
        .await;
    let results: Vec<_> =
        futures_util::StreamExt::collect(client(&server).list_users().stream()).await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert_eq!(
        results[1]
            .as_ref()
            .err()
            .and_then(|e| e.status())
            .map(|s| s.as_u16()),
        Some(403)
    );
}

#[tokio::test]
async fn links_to_another_origin_are_not_followed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(users(&["u1"]))
                .insert_header(
                    "Link",
                    "<https://evil.example.com/api/v1/users?after=x>; rel=\"next\"",
                ),
        )
        .expect(2)
        .mount(&server)
        .await;
    // `send()` keeps the page and says why its link was not followed.
    let page = client(&server)
        .list_users()
        .send()
        .await
        .expect("the page itself is fine")
        .into_body();
    assert_eq!(ids(page.items()), ["u1"]);
    assert!(page.next_url().is_none());
    let why = page.next_link_error().expect("refused link");
    assert!(why.contains("another origin"), "{why}");
    // `stream()` yields the page's items first, then the error.
    let mut stream = client(&server).list_users().stream();
    let first = stream.try_next().await.expect("first item").expect("some");
    assert_eq!(first.id.as_deref(), Some("u1"));
    let error = stream.try_next().await.expect_err("then the refusal");
    assert!(
        matches!(error, okta_users::Error::Pagination(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("another origin"), "{error}");
    assert!(stream.try_next().await.expect("ended").is_none());
}

#[tokio::test]
async fn a_looping_next_link_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    let base = server.uri();
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(users(&["u1"]))
                .insert_header(
                    "Link",
                    format!("<{base}/api/v1/users?after=same>; rel=\"next\"").as_str(),
                ),
        )
        .mount(&server)
        .await;
    let result: Result<Vec<User>, _> = client(&server).list_users().stream().try_collect().await;
    let error = result.expect_err("loop detected");
    assert!(error.to_string().contains("repeats a page"), "{error}");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests.len(),
        2,
        "the first page and the linked page; the repeat is refused"
    );
}

#[tokio::test]
async fn the_page_limit_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    let base = server.uri();
    let page = std::sync::atomic::AtomicUsize::new(0);
    Mock::given(method("GET"))
        .respond_with(move |_: &wiremock::Request| {
            let n = page.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            ResponseTemplate::new(200)
                .set_body_json(users(&["u"]))
                .insert_header(
                    "Link",
                    format!("<{base}/api/v1/users?after=p{n}>; rel=\"next\"").as_str(),
                )
        })
        .mount(&server)
        .await;
    let client = okta_users_tests::builder(&server)
        .api_key(okta_users_tests::TOKEN)
        .max_pages(4)
        .build()
        .expect("client");
    let mut stream = client.list_users().stream();
    for _ in 0..4 {
        stream.try_next().await.expect("item").expect("some");
    }
    let error = stream.try_next().await.expect_err("limit");
    assert!(error.to_string().contains("page limit of 4"), "{error}");
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        4
    );
}

#[tokio::test]
async fn list_user_blocks_is_not_paginated() {
    // Only GET operations returning an array that take the cursor parameter page; blocks
    // has no `after`, so its body stays a plain Vec.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    let blocks: Vec<okta_users::types::UserBlock> = client(&server)
        .list_user_blocks("00u1")
        .send()
        .await
        .expect("blocks")
        .into_body();
    assert!(blocks.is_empty());
}
