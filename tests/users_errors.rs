//! Error responses become typed errors; custom profile attributes and unknown enum values
//! survive a read-modify-write round trip.

use okta_users::types::{UpdateUserRequest, UserStatus};
use okta_users::{Error, Nullable};
use okta_users_tests::{client, client_without_retries, ExactJson, RawPath, TOKEN};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn okta_error(code: &str, summary: &str, causes: &[&str]) -> serde_json::Value {
    let causes: Vec<_> = causes.iter().map(|c| json!({"errorSummary": c})).collect();
    json!({"errorCode": code, "errorSummary": summary, "errorLink": code, "errorId": "oae123", "errorCauses": causes})
}

async fn error_for(status: u16, body: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(body.insert_header("X-Okta-Request-Id", format!("req-{status}")))
        .mount(&server)
        .await;
    let client = client_without_retries(&server);
    client
        .get_user("00u1")
        .send()
        .await
        .expect_err("an error status")
}

#[tokio::test]
async fn declared_error_statuses_decode_the_okta_error() {
    let cases = [
        (
            400,
            "E0000001",
            "Api validation failed: login",
            vec!["login: already exists"],
        ),
        (
            403,
            "E0000006",
            "You do not have permission to perform the requested action",
            vec![],
        ),
        (
            404,
            "E0000007",
            "Not found: Resource not found: 00u1 (User)",
            vec![],
        ),
        (
            429,
            "E0000047",
            "API call exceeded rate limit due to too many requests.",
            vec![],
        ),
    ];
    for (status, code, summary, causes) in cases {
        let body = ResponseTemplate::new(status).set_body_json(okta_error(code, summary, &causes));
        let error = error_for(status, body).await;
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(error.request_id(), Some(format!("req-{status}").as_str()));
        let Error::Api { body, .. } = &error else {
            panic!("expected Error::Api, got {error:?}")
        };
        assert_eq!(body.error_code.as_deref(), Some(code));
        assert_eq!(body.error_summary.as_deref(), Some(summary));
        assert_eq!(body.error_id.as_deref(), Some("oae123"));
        let got: Vec<_> = body
            .error_causes
            .iter()
            .flatten()
            .filter_map(|c| c.error_summary.clone())
            .collect();
        assert_eq!(got, causes);
        let text = error.to_string();
        assert!(
            text.contains(&format!("HTTP {status}")) && text.contains(code),
            "{text}"
        );
        assert!(!format!("{error:?}").contains(TOKEN) && !text.contains(TOKEN));
    }
}

#[tokio::test]
async fn undeclared_status_with_foreign_body_keeps_the_raw_text() {
    let html = "<html><body>502 Bad Gateway</body></html>";
    let error = error_for(502, ResponseTemplate::new(502).set_body_string(html)).await;
    let Error::UnexpectedStatus {
        status,
        body,
        request_id,
        ..
    } = &error
    else {
        panic!("expected UnexpectedStatus, got {error:?}")
    };
    assert_eq!(status.as_u16(), 502);
    assert_eq!(body, html);
    assert_eq!(request_id.as_deref(), Some("req-502"));
}

#[tokio::test]
async fn undecodable_success_body_is_a_decode_error_with_the_raw_body() {
    let error = error_for(
        200,
        ResponseTemplate::new(200).set_body_string("{\"id\": 42"),
    )
    .await;
    let Error::Decode { status, body, .. } = &error else {
        panic!("expected Decode, got {error:?}")
    };
    assert_eq!(status.as_u16(), 200);
    assert_eq!(body, "{\"id\": 42");
}

#[tokio::test]
async fn transport_errors_are_typed() {
    let client = okta_users::Client::builder()
        .base_url("http://127.0.0.1:9")
        .allow_http_on_loopback()
        .retry(okta_users::RetryPolicy::none())
        .api_key(TOKEN)
        .build()
        .expect("client");
    let error = client
        .get_user("00u1")
        .send()
        .await
        .expect_err("nothing listens on port 9");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!format!("{error:?}").contains(TOKEN));
}

#[tokio::test]
async fn custom_profile_attributes_survive_get_modify_update_byte_for_byte() {
    let custom = r#""costCenterCode":"CC-12","skills":["rust","go"],"clearance":{"level":3,"granted":"2024-01-01","tags":[]},"nullableCustom":null,"ratio":0.25"#;
    let user = format!(
        r#"{{"id":"00u1","status":"ACTIVATING","profile":{{"login":"isaac@example.com","firstName":"Isaac",{custom}}},"futureField":{{"x":1}}}}"#
    );
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/00u1"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(user.clone(), "application/json"))
        .mount(&server)
        .await;
    let expected_update =
        format!(r#"{{"profile":{{"login":"isaac@example.com","firstName":"Ike",{custom}}}}}"#);
    Mock::given(method("POST"))
        .and(RawPath("/api/v1/users/00u1"))
        .and(ExactJson(
            serde_json::from_str(&expected_update).expect("json"),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_raw(user.clone(), "application/json"))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let mut fetched = client
        .get_user("00u1")
        .send()
        .await
        .expect("get")
        .into_body();
    assert_eq!(
        fetched.status,
        Some(UserStatus::Unknown("ACTIVATING".into()))
    );
    let reserialized: serde_json::Value = serde_json::to_value(&fetched).expect("serializes");
    assert_eq!(
        reserialized,
        serde_json::from_str::<serde_json::Value>(&user).expect("json"),
        "lossless"
    );
    let text = serde_json::to_string(&fetched).expect("serializes");
    assert!(text.contains(custom), "custom attributes changed:\n{text}");

    let mut profile = fetched.profile.take().expect("profile");
    profile.first_name = Nullable::Value("Ike".into());
    let mut request = UpdateUserRequest::default();
    request.profile = Some(profile);
    let sent = serde_json::to_string(&request).expect("serializes");
    assert!(sent.contains(custom), "custom attributes changed:\n{sent}");
    let updated = client
        .update_user("00u1", request)
        .send()
        .await
        .expect("update")
        .into_body();
    assert_eq!(
        updated.status.as_ref().map(UserStatus::as_str),
        Some("ACTIVATING")
    );
}
