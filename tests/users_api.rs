//! The seven operations of the generated Okta Users client against a mock server: exact
//! method, path, query, headers and body sent; typed value returned.

use okta_users::query::{filter, search, Profile};
use okta_users::types::{
    CreateUserRequest, UpdateUserRequest, UserBlockAppliesTo, UserNextLogin, UserProfile,
    UserStatus,
};
use okta_users::Nullable;
use okta_users_tests::{
    client, EmptyBody, ExactJson, NoHeader, RawHeader, RawPath, RawQuery, TOKEN,
};
use serde_json::json;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const AUTH: &str = "SSWS 00aTestTokenThatMustNeverLeak";

fn user_json(id: &str, status: &str) -> serde_json::Value {
    json!({
        "id": id,
        "status": status,
        "created": "2013-06-24T16:39:18.000Z",
        "activated": null,
        "lastUpdated": "2013-07-02T21:36:25.344Z",
        "profile": {"login": "isaac@example.com", "email": "isaac@example.com", "firstName": "Isaac"},
        "_links": {"self": {"href": format!("https://example.okta.com/api/v1/users/{id}")}}
    })
}

#[tokio::test]
async fn create_user_sends_query_flags_and_body() {
    let server = MockServer::start().await;
    let body = json!({
        "profile": {"login": "isaac@example.com", "email": "isaac@example.com", "firstName": "Isaac", "lastName": "Brock"},
        "groupIds": ["00g1"]
    });
    Mock::given(method("POST"))
        .and(RawPath("/api/v1/users"))
        .and(RawQuery(Some(
            "activate=false&provider=true&nextLogin=changePassword",
        )))
        .and(header("authorization", AUTH))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(header(
            "user-agent",
            format!(
                "okta-users-rust/0.1.0 {}/{}",
                std::env::consts::OS,
                std::env::consts::ARCH
            )
            .as_str(),
        ))
        .and(ExactJson(body))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("00u1", "STAGED")))
        .expect(1)
        .mount(&server)
        .await;

    let mut profile = UserProfile::default();
    profile.login = Some("isaac@example.com".into());
    profile.email = Some("isaac@example.com".into());
    profile.first_name = Nullable::Value("Isaac".into());
    profile.last_name = "Brock".to_owned().into();
    let mut request = CreateUserRequest::default();
    request.profile = profile;
    request.group_ids = Some(vec!["00g1".into()]);
    let response = client(&server)
        .create_user(request)
        .activate(false)
        .provider(true)
        .next_login(UserNextLogin::ChangePassword)
        .send()
        .await
        .expect("created");
    assert_eq!(response.status(), 200);
    let user = response.into_body();
    assert_eq!(user.id.as_deref(), Some("00u1"));
    assert_eq!(user.status, Some(UserStatus::Staged));
    assert!(user.activated.is_null());
    assert_eq!(
        user.created.map(|t| t.timestamp_millis()),
        Some(1_372_091_958_000)
    );
}

#[tokio::test]
async fn get_user_encodes_login_and_exposes_etag() {
    let server = MockServer::start().await;
    let mut body = user_json("00u2", "ACTIVE");
    body["_embedded"] = json!({
        "blocks": [{"type": "DEVICE_BASED", "appliesTo": "ANY_DEVICES"}],
        "classification": {"type": "LITE"}
    });
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/a%2Fb%40c.com"))
        .and(RawQuery(Some("expand=blocks")))
        .and(header("authorization", AUTH))
        .and(RawHeader(
            "content-type",
            "application/json; okta-response=omitCredentials,omitCredentialsLinks",
        ))
        .and(EmptyBody)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(body)
                .insert_header("ETag", "W/\"1234567890abcdef\"")
                .insert_header("X-Okta-Request-Id", "req-get-1"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server)
        .get_user("a/b@c.com")
        .content_type("application/json; okta-response=omitCredentials,omitCredentialsLinks")
        .expand("blocks")
        .send()
        .await
        .expect("user");
    assert_eq!(response.etag(), Some("W/\"1234567890abcdef\""));
    assert_eq!(response.request_id(), Some("req-get-1"));
    let user = response.body();
    assert_eq!(
        user.profile
            .as_ref()
            .and_then(|p| p.first_name.value())
            .map(String::as_str),
        Some("Isaac")
    );
    let blocks = user
        .embedded
        .as_ref()
        .and_then(|e| e.blocks.as_ref())
        .expect("blocks");
    assert_eq!(blocks[0].applies_to, Some(UserBlockAppliesTo::AnyDevices));
}

#[tokio::test]
async fn get_user_me_alias() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/me"))
        .and(RawQuery(None))
        .and(NoHeader("content-type"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("00u3", "ACTIVE")))
        .expect(1)
        .mount(&server)
        .await;
    let user = client(&server)
        .get_user("me")
        .send()
        .await
        .expect("me")
        .into_body();
    assert_eq!(user.id.as_deref(), Some("00u3"));
}

#[tokio::test]
async fn list_users_sends_every_query_parameter_encoded_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users"))
        .and(RawQuery(Some(concat!(
            "search=profile.department%20eq%20%22R%26D%22%20and%20status%20eq%20%22ACTIVE%22",
            "&filter=status%20eq%20%22LOCKED_OUT%22",
            "&q=Is%2Ba",
            "&after=00u%252Fcursor",
            "&limit=50",
            "&sortBy=profile.lastName",
            "&sortOrder=desc",
            "&fields=id%2Cstatus%2Cprofile%3A%28firstName%29",
            "&expand=classification",
        ))))
        .and(header("authorization", AUTH))
        .and(header(
            "content-type",
            "application/json; okta-response=omitCredentials",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            user_json("00u1", "ACTIVE"),
            user_json("00u2", "DEPROVISIONED")
        ])))
        .expect(1)
        .mount(&server)
        .await;

    let users = client(&server)
        .list_users()
        .content_type("application/json; okta-response=omitCredentials")
        .search(
            search::profile(Profile::Department)
                .eq("R&D")
                .and(search::status().eq(UserStatus::Active)),
        )
        .filter(filter::status().eq(UserStatus::LockedOut))
        .q("Is+a")
        .after("00u%2Fcursor")
        .limit(50)
        .sort_by("profile.lastName")
        .sort_order("desc")
        .fields("id,status,profile:(firstName)")
        .expand("classification")
        .send()
        .await
        .expect("users")
        .into_body();
    assert_eq!(users.len(), 2);
    assert_eq!(users[1].status, Some(UserStatus::Deprovisioned));
}

#[tokio::test]
async fn list_user_blocks_returns_typed_blocks() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/00u1/blocks"))
        .and(RawQuery(None))
        .and(header("authorization", AUTH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"type": "DEVICE_BASED", "appliesTo": "UNKNOWN_DEVICES"}])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let blocks = client(&server)
        .list_user_blocks("00u1")
        .send()
        .await
        .expect("blocks")
        .into_body();
    assert_eq!(blocks.len(), 1);
    assert_eq!(
        blocks[0].applies_to,
        Some(UserBlockAppliesTo::UnknownDevices)
    );
    assert_eq!(
        blocks[0].r#type.as_ref().map(|t| t.as_str()),
        Some("DEVICE_BASED")
    );
}

#[tokio::test]
async fn replace_user_sends_if_match_strict_and_full_body() {
    let server = MockServer::start().await;
    let body = json!({
        "credentials": {"provider": {"type": "OKTA", "name": "OKTA"}},
        "profile": {"login": "isaac@example.com", "email": "isaac@example.com", "firstName": "Isaac", "lastName": "Brock"}
    });
    Mock::given(method("PUT"))
        .and(RawPath("/api/v1/users/00u1"))
        .and(RawQuery(Some("strict=true")))
        .and(header("if-match", "W/\"abc\""))
        .and(header("authorization", AUTH))
        .and(header("content-type", "application/json"))
        .and(ExactJson(body.clone()))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("00u1", "ACTIVE")))
        .expect(1)
        .mount(&server)
        .await;
    let request: UpdateUserRequest = serde_json::from_value(body).expect("spec example shape");
    let user = client(&server)
        .replace_user("00u1", request)
        .strict(true)
        .if_match("W/\"abc\"")
        .send()
        .await
        .expect("replaced")
        .into_body();
    assert_eq!(user.id.as_deref(), Some("00u1"));
}

#[tokio::test]
async fn update_user_sends_only_what_was_set_and_explicit_nulls() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(RawPath("/api/v1/users/me"))
        .and(RawQuery(None))
        .and(header("if-match", "W/\"v2\""))
        .and(header("content-type", "application/json"))
        .and(ExactJson(
            json!({"profile": {"nickName": "Ike", "secondEmail": null}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(user_json("00u1", "ACTIVE")))
        .expect(1)
        .mount(&server)
        .await;
    let mut profile = UserProfile::default();
    profile.nick_name = Nullable::Value("Ike".into());
    profile.second_email = Nullable::Null;
    let mut request = UpdateUserRequest::default();
    request.profile = Some(profile.into());
    client(&server)
        .update_user("me", request)
        .if_match("W/\"v2\"")
        .send()
        .await
        .expect("updated");
}

#[tokio::test]
async fn delete_user_sends_prefer_and_send_email() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(RawPath("/api/v1/users/00u1"))
        .and(RawQuery(Some("sendEmail=true")))
        .and(header("prefer", "respond-async"))
        .and(header("authorization", AUTH))
        .and(EmptyBody)
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .delete_user("00u1")
        .send_email(true)
        .prefer(okta_users::types::DeleteUserPrefer::RespondAsync)
        .send()
        .await
        .expect("deleted");
    assert_eq!(response.status(), 204);
}

#[tokio::test]
async fn bearer_token_is_sent_instead_of_api_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/00u1/blocks"))
        .and(header("authorization", "Bearer eyJ.access.token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let client = okta_users_tests::builder(&server)
        .bearer_token("eyJ.access.token")
        .build()
        .expect("client");
    let blocks = client
        .list_user_blocks("00u1")
        .send()
        .await
        .expect("blocks")
        .into_body();
    assert!(blocks.is_empty());
    assert!(!format!("{client:?}").contains(TOKEN));
}

/// The journey of `against_fake.rs` written against canned mocks, for comparison: every
/// URL, query string and JSON body by hand, and no check that the steps agree.
#[tokio::test]
async fn deactivate_then_delete_a_user_found_by_email_with_raw_mocks() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users"))
        .and(RawQuery(Some(
            "search=profile.email%20eq%20%22isaac%40example.com%22",
        )))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([user_json("00u1", "ACTIVE")])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(RawPath("/api/v1/users/00u1"))
        .respond_with(ResponseTemplate::new(204))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users"))
        .and(RawQuery(None))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([user_json("00u2", "ACTIVE")])),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/00u1"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "errorCode": "E0000007",
            "errorSummary": "Not found: Resource not found: 00u1 (User)"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    let found = client
        .list_users()
        .search(search::email().eq("isaac@example.com"))
        .send()
        .await
        .unwrap()
        .into_body();
    let id = found[0].id.clone().unwrap();
    client.delete_user(&id).send().await.unwrap();
    client.delete_user(&id).send().await.unwrap();

    let left = client.list_users().send().await.unwrap().into_body();
    assert_eq!(left.len(), 1);
    assert!(matches!(
        client.get_user(&id).send().await,
        Err(okta_users::Error::Api { status, .. }) if status == 404
    ));
}
