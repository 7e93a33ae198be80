//! Per-call settings and paging by hand: every builder takes a timeout, a retry policy and
//! extra headers; optional setters have `Option`-taking siblings; `Nullable` converts from
//! values and options; `pages()` yields each page with its metadata; `next_page` follows the
//! server's next URL byte for byte.

use futures_util::TryStreamExt;
use okta_users::types::UserProfile;
use okta_users::{Error, Nullable, RetryPolicy};
use okta_users_tests::{builder, client, RawHeader, RawQuery, TOKEN};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_call_sets_its_own_timeout_retry_policy_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawHeader("x-trace", "abc"))
        .and(RawHeader(
            "authorization",
            "SSWS 00aTestTokenThatMustNeverLeak",
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "00u1"}))
                .set_delay(Duration::from_millis(300)),
        )
        .mount(&server)
        .await;
    let client = builder(&server).api_key(TOKEN).build().expect("client");
    let error = client
        .get_user("00u1")
        .header("X-Trace", "abc")
        .header("Authorization", "SSWS stolen")
        .timeout(Duration::from_millis(50))
        .retry(RetryPolicy::none())
        .send()
        .await
        .expect_err("the call's own timeout");
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1,
        "no retry"
    );
    client
        .get_user("00u1")
        .header("X-Trace", "abc")
        .send()
        .await
        .expect("the client's settings otherwise");
    let error = client
        .get_user("00u1")
        .header("bad header", "x")
        .send()
        .await
        .expect_err("invalid");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
}

#[tokio::test]
async fn option_setters_set_or_leave_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawQuery(Some("limit=5")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let search: Option<okta_users::query::Search> = None;
    client(&server)
        .list_users()
        .set_search(search)
        .set_limit(Some(5))
        .send()
        .await
        .expect("only limit sent");
}

#[test]
fn nullable_converts_from_values_and_options() {
    let mut profile = UserProfile::default();
    profile.second_email = "a@example.com".to_owned().into();
    profile.mobile_phone = None::<String>.into();
    assert_eq!(
        profile.second_email,
        Nullable::Value("a@example.com".to_owned())
    );
    assert_eq!(profile.mobile_phone, Nullable::Null);
    let sent = serde_json::to_value(&profile).expect("encodes");
    assert_eq!(sent["mobilePhone"], serde_json::Value::Null);
}

/// Two pages; the first links to the second with a cursor that must not be re-encoded.
async fn two_pages(server: &MockServer) {
    let base = server.uri();
    Mock::given(method("GET"))
        .and(RawQuery(Some("after=a%2Fb%3D%3D&limit=1")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "u2"}]))
                .insert_header("X-Okta-Request-Id", "req-2"),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(RawQuery(Some("limit=1")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "u1"}]))
                .insert_header("X-Okta-Request-Id", "req-1")
                .insert_header("X-Rate-Limit-Remaining", "99")
                .insert_header(
                    "Link",
                    format!("<{base}/api/v1/users?after=a%2Fb%3D%3D&limit=1>; rel=\"next\"")
                        .as_str(),
                ),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn pages_carry_their_metadata() {
    let server = MockServer::start().await;
    two_pages(&server).await;
    let pages: Vec<_> = client(&server)
        .list_users()
        .limit(1)
        .pages()
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].request_id(), Some("req-1"));
    assert_eq!(pages[0].status().as_u16(), 200);
    assert_eq!(pages[0].rate_limit().and_then(|r| r.remaining), Some(99));
    assert_eq!(pages[1].request_id(), Some("req-2"));
    assert_eq!(pages[1].body()[0].id.as_deref(), Some("u2"));
}

#[tokio::test]
async fn next_page_follows_the_server_url_byte_for_byte() {
    let server = MockServer::start().await;
    two_pages(&server).await;
    let client = client(&server);
    let request = client.list_users().limit(1);
    let first = request.clone().send().await.expect("first").into_body();
    let next = request.next_page(&first).expect("a next page");
    let second = next.clone().send().await.expect("second").into_body();
    assert_eq!(second[0].id.as_deref(), Some("u2"));
    assert!(next.next_page(&second).is_none(), "the last page");
}
