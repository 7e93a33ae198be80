//! The included client works like the generated crate: a typed call against a mock server.

use build_script_client::types::UserStatus;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_included_client_makes_a_typed_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/users/00u1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"id": "00u1", "status": "SUSPENDED", "created": "2020-08-27T18:19:24.000Z"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = build_script_client::Client::builder()
        .base_url(server.uri())
        .allow_http_on_loopback()
        .api_key("00aToken")
        .build()
        .expect("client");
    let user = client
        .get_user("00u1")
        .send()
        .await
        .expect("user")
        .into_body();
    assert_eq!(user.status, Some(UserStatus::Suspended));
    assert_eq!(
        user.created.map(|t| t.to_string()).as_deref(),
        Some("2020-08-27T18:19:24.000Z")
    );
}
