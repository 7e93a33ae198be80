//! Client configuration: `from_env` settings and their errors, https enforcement, the
//! typed `okta-response` option, and one-line error messages.

use okta_users::types::OktaResponse;
use okta_users::{ClientBuilder, Error};
use okta_users_tests::{client, root, RawHeader, RawPath};
use serde_json::json;
use std::collections::BTreeMap;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: BTreeMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name| map.get(name).cloned()
}

fn config_error(pairs: &[(&str, &str)]) -> String {
    match ClientBuilder::from_vars(vars(pairs)).and_then(ClientBuilder::build) {
        Err(Error::Config(message)) => message,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[tokio::test]
async fn from_vars_configures_ssws_by_default_and_bearer_on_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("authorization", "SSWS env-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer env-access-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let url = server.uri();
    for pairs in [
        vec![
            ("OKTA_CLIENT_ORGURL", url.as_str()),
            ("OKTA_CLIENT_TOKEN", "env-token"),
        ],
        vec![
            ("OKTA_CLIENT_ORGURL", url.as_str()),
            ("OKTA_CLIENT_AUTHORIZATIONMODE", "Bearer"),
            ("OKTA_CLIENT_TOKEN", "env-access-token"),
        ],
    ] {
        let client = ClientBuilder::from_vars(vars(&pairs))
            .expect("vars")
            .allow_http_on_loopback()
            .build()
            .expect("client");
        client.list_user_blocks("00u1").send().await.expect("call");
    }
}

#[test]
fn from_vars_reports_missing_unknown_and_contradictory_settings() {
    let org = ("OKTA_CLIENT_ORGURL", "https://example.okta.com");
    assert!(config_error(&[org]).contains("OKTA_CLIENT_TOKEN is not set"));
    assert!(
        config_error(&[org, ("OKTA_CLIENT_AUTHORIZATIONMODE", "Magic")])
            .contains("OKTA_CLIENT_AUTHORIZATIONMODE=Magic is not one of SSWS, Bearer, PrivateKey")
    );
    let private = ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey");
    assert!(config_error(&[org, private]).contains("OKTA_CLIENT_CLIENTID is not set"));
    assert!(
        config_error(&[org, private, ("OKTA_CLIENT_CLIENTID", "0oa1")])
            .contains("OKTA_CLIENT_SCOPES is not set")
    );
    assert!(config_error(&[org, private, ("OKTA_CLIENT_TOKEN", "t")])
        .contains("OKTA_CLIENT_TOKEN is set but the credential mode is private key"));
    assert!(config_error(&[
        org,
        ("OKTA_CLIENT_TOKEN", "t"),
        ("OKTA_CLIENT_PRIVATEKEY", "k")
    ])
    .contains("OKTA_CLIENT_PRIVATEKEY is set but the credential mode is a token"));
    assert!(config_error(&[
        ("OKTA_CLIENT_ORGURL", "http://example.okta.com"),
        ("OKTA_CLIENT_TOKEN", "t")
    ])
    .contains("is not https"));
}

#[test]
fn from_vars_builds_a_service_app_from_a_key_file() {
    let key_path = root().join("tests/keys/test-rsa-private.pem");
    let builder = ClientBuilder::from_vars(vars(&[
        ("OKTA_CLIENT_ORGURL", "https://example.okta.com"),
        ("OKTA_CLIENT_AUTHORIZATIONMODE", "PrivateKey"),
        ("OKTA_CLIENT_CLIENTID", "0oa1"),
        ("OKTA_CLIENT_SCOPES", "okta.users.read,okta.users.manage"),
        ("OKTA_CLIENT_PRIVATEKEY", key_path.to_str().expect("path")),
        ("OKTA_CLIENT_KEYID", "kid-1"),
    ]))
    .expect("service app settings");
    let client = builder.build().expect("client");
    let debug = format!("{client:?}");
    assert!(
        debug.contains("0oa1") && debug.contains("kid-1") && !debug.contains("PRIVATE KEY"),
        "{debug}"
    );
}

#[test]
fn plain_http_is_refused_unless_explicitly_allowed_on_loopback() {
    let refused = okta_users::Client::builder()
        .base_url("http://example.okta.com")
        .api_key("t")
        .build();
    assert!(matches!(refused, Err(Error::Config(ref m)) if m.contains("not https")));
    let loopback = okta_users::Client::builder()
        .base_url("http://127.0.0.1:1")
        .api_key("t")
        .build();
    assert!(loopback.is_err(), "loopback needs the explicit opt-in too");
    let allowed = okta_users::Client::builder()
        .base_url("http://127.0.0.1:1")
        .allow_http_on_loopback()
        .api_key("t")
        .build();
    assert!(allowed.is_ok());
    let elsewhere = okta_users::Client::builder()
        .base_url("http://10.0.0.1")
        .allow_http_on_loopback()
        .api_key("t")
        .build();
    assert!(elsewhere.is_err(), "the opt-in covers loopback only");
}

#[tokio::test]
async fn okta_response_is_a_typed_option() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/00u1"))
        .and(RawHeader(
            "content-type",
            "application/json; okta-response=omitCredentials,omitTransitioningToStatus",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "00u1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users"))
        .and(RawHeader(
            "content-type",
            "application/json; okta-response=omitCredentialsLinks",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client
        .get_user("00u1")
        .okta_response([
            OktaResponse::OmitCredentials,
            OktaResponse::OmitTransitioningToStatus,
        ])
        .send()
        .await
        .expect("user");
    client
        .list_users()
        .okta_response([OktaResponse::OmitCredentialsLinks])
        .send()
        .await
        .expect("users");
}

#[tokio::test]
async fn api_errors_read_like_okta_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"errorCode": "E0000007", "errorSummary": "Not found: Resource not found: 00u1 (User)", "errorCauses": []}))
                .insert_header("X-Okta-Request-Id", "reqABC"),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .get_user("00u1")
        .send()
        .await
        .expect_err("404");
    assert_eq!(
        error.to_string(),
        "Okta HTTP 404 E0000007: Not found: Resource not found: 00u1 (User) (request id reqABC)"
    );

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "errorCode": "E0000001", "errorSummary": "Api validation failed: login",
            "errorCauses": [{"errorSummary": "login: An object with this field already exists"}]
        })))
        .mount(&server)
        .await;
    let error = client(&server)
        .create_user(Default::default())
        .send()
        .await
        .expect_err("400");
    assert_eq!(error.to_string(), "Okta HTTP 400 E0000001: Api validation failed: login (login: An object with this field already exists)");
}
