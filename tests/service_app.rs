//! OAuth 2.0 service apps (client credentials + `private_key_jwt`) against a mock token
//! endpoint: the signed assertion's claims and signature, token reuse, renewal before
//! expiry (paused time), one refresh for 50 concurrent calls, and one refresh on a 401.
//! Failures are shared by concurrent waiters and back off; short-lived and absurd
//! lifetimes are handled; the token endpoint follows no redirect.

use jsonwebtoken::{DecodingKey, Validation};
use okta_users::{Client, Error, PrivateKeyJwt};
use okta_users_tests::{builder, root, RawPath};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CLIENT_ID: &str = "0oa-service-app";

fn key(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/keys").join(name)).expect("test key")
}

/// The fields of one form-encoded request.
type Form = Vec<(String, String)>;

/// A token endpoint that checks the form, keeps each assertion, and issues `at-1`, `at-2`, ….
#[derive(Clone, Default)]
struct TokenEndpoint {
    /// `expires_in` of the issued tokens (3600 when unset).
    expires_in: Option<u64>,
    issued: Arc<AtomicUsize>,
    assertions: Arc<Mutex<Vec<String>>>,
    forms: Arc<Mutex<Vec<Form>>>,
}

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form: Form = url_decode_form(&String::from_utf8_lossy(&request.body));
        let assertion = form
            .iter()
            .find(|(k, _)| k == "client_assertion")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        self.assertions.lock().expect("lock").push(assertion);
        self.forms.lock().expect("lock").push(form);
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(json!({"token_type": "Bearer", "expires_in": self.expires_in.unwrap_or(3600), "access_token": format!("at-{n}"), "scope": "okta.users.read"}))
            .set_delay(Duration::from_millis(20))
    }
}

fn url_decode_form(body: &str) -> Form {
    reqwest::Url::parse(&format!("http://x/?{body}"))
        .expect("form")
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

async fn server_with_token_endpoint() -> (MockServer, TokenEndpoint) {
    server_issuing(TokenEndpoint::default()).await
}

async fn server_issuing(endpoint: TokenEndpoint) -> (MockServer, TokenEndpoint) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(RawPath("/oauth2/v1/token"))
        .respond_with(endpoint.clone())
        .mount(&server)
        .await;
    (server, endpoint)
}

fn service_client(server: &MockServer, app: PrivateKeyJwt) -> Client {
    builder(server)
        .private_key_jwt(app)
        .build()
        .expect("client")
}

async fn mount_user(server: &MockServer, token: &str) {
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/00u1"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "00u1"})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn assertion_is_signed_with_the_key_and_carries_the_right_claims() {
    for (app, expected_kid) in [
        (
            PrivateKeyJwt::from_pem(
                CLIENT_ID,
                &["okta.users.read", "okta.users.manage"],
                &key("test-rsa-private.pem"),
            )
            .expect("pem")
            .key_id("pem-kid"),
            "pem-kid",
        ),
        (
            PrivateKeyJwt::from_jwk(
                CLIENT_ID,
                &["okta.users.read", "okta.users.manage"],
                &key("test-rsa-private.jwk.json"),
            )
            .expect("jwk"),
            "test-key-1",
        ),
    ] {
        let (server, endpoint) = server_with_token_endpoint().await;
        mount_user(&server, "at-1").await;
        service_client(&server, app)
            .get_user("00u1")
            .send()
            .await
            .expect("user");

        let token_url = format!("{}/oauth2/v1/token", server.uri());
        let assertion = endpoint.assertions.lock().expect("lock")[0].clone();
        let mut validation = Validation::new(jsonwebtoken::Algorithm::RS256);
        validation.set_audience(&[token_url.as_str()]);
        validation.set_issuer(&[CLIENT_ID]);
        validation.set_required_spec_claims(&["exp", "iat", "aud", "iss", "sub"]);
        let public =
            DecodingKey::from_rsa_pem(key("test-rsa-public.pem").as_bytes()).expect("public key");
        let decoded = jsonwebtoken::decode::<serde_json::Value>(&assertion, &public, &validation)
            .expect("valid signature and claims");
        let claims = decoded.claims;
        assert_eq!(claims["sub"], CLIENT_ID);
        let lifetime = claims["exp"].as_u64().expect("exp") - claims["iat"].as_u64().expect("iat");
        assert!(lifetime > 0 && lifetime <= 3600, "lifetime {lifetime}");
        assert!(claims["jti"].as_str().is_some_and(|j| j.len() >= 16));
        assert_eq!(decoded.header.kid.as_deref(), Some(expected_kid));

        let form = endpoint.forms.lock().expect("lock")[0].clone();
        let field = |k: &str| {
            form.iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        assert_eq!(field("grant_type").as_deref(), Some("client_credentials"));
        assert_eq!(
            field("scope").as_deref(),
            Some("okta.users.read okta.users.manage")
        );
        assert_eq!(
            field("client_assertion_type").as_deref(),
            Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        );
    }
}

fn app() -> PrivateKeyJwt {
    PrivateKeyJwt::from_pem(
        CLIENT_ID,
        &["okta.users.read"],
        &key("test-rsa-private.pem"),
    )
    .expect("pem")
}

#[tokio::test]
async fn token_is_reused_across_calls() {
    let (server, endpoint) = server_with_token_endpoint().await;
    mount_user(&server, "at-1").await;
    let client = service_client(&server, app());
    for _ in 0..3 {
        client.get_user("00u1").send().await.expect("user");
    }
    assert_eq!(endpoint.issued.load(Ordering::SeqCst), 1);
}

/// A server issuing tokens that live `expires_in` seconds and accepting the first two, and
/// a service-app client of it.
async fn client_with_lifetime(expires_in: u64) -> (MockServer, TokenEndpoint, Client) {
    let endpoint = TokenEndpoint {
        expires_in: Some(expires_in),
        ..TokenEndpoint::default()
    };
    let (server, endpoint) = server_issuing(endpoint).await;
    mount_user(&server, "at-1").await;
    mount_user(&server, "at-2").await;
    let client = service_client(&server, app());
    (server, endpoint, client)
}

/// Issues tokens living `expires_in` seconds; checks that a call `reused_at` seconds in
/// still uses the first token and one at `renewed_at` fetches a second (paused time).
async fn renewal_schedule(expires_in: u64, reused_at: u64, renewed_at: u64) {
    let (_server, endpoint, client) = client_with_lifetime(expires_in).await;
    client.get_user("00u1").send().await.expect("first");
    tokio::time::advance(Duration::from_secs(reused_at)).await;
    client.get_user("00u1").send().await.expect("reused");
    let issued = endpoint.issued.load(Ordering::SeqCst);
    assert_eq!(issued, 1, "reused {reused_at} s into {expires_in} s");
    tokio::time::advance(Duration::from_secs(renewed_at - reused_at)).await;
    client.get_user("00u1").send().await.expect("renewed");
    let issued = endpoint.issued.load(Ordering::SeqCst);
    assert_eq!(issued, 2, "renewed {renewed_at} s into {expires_in} s");
}

#[tokio::test(start_paused = true)]
async fn token_is_renewed_shortly_before_it_expires() {
    // Renewed within 5 minutes of expiry.
    renewal_schedule(3600, 3000, 3301).await;
}

#[tokio::test]
async fn fifty_concurrent_calls_share_one_token_request() {
    let (server, endpoint) = server_with_token_endpoint().await;
    mount_user(&server, "at-1").await;
    let client = service_client(&server, app());
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_user("00u1").send().await.map(|_| ()) })
    });
    for call in futures_util::future::join_all(calls).await {
        call.expect("task").expect("user");
    }
    assert_eq!(endpoint.issued.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_401_refreshes_the_token_once_and_retries() {
    let (server, endpoint) = server_with_token_endpoint().await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer at-1"))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided"}),
        ))
        .mount(&server)
        .await;
    mount_user(&server, "at-2").await;
    let client = service_client(&server, app());
    client
        .get_user("00u1")
        .send()
        .await
        .expect("retried with a fresh token");
    assert_eq!(endpoint.issued.load(Ordering::SeqCst), 2);

    // A token that keeps being rejected is refreshed once, then the 401 is returned.
    let (server, endpoint) = server_with_token_endpoint().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(2)
        .mount(&server)
        .await;
    let error = service_client(&server, app())
        .get_user("00u1")
        .send()
        .await
        .expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(endpoint.issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn token_endpoint_errors_are_typed_and_hold_no_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(RawPath("/oauth2/v1/token"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": "invalid_client", "error_description": "The client_assertion signature is invalid."})).insert_header("X-Okta-Request-Id", "req-token"))
        .mount(&server)
        .await;
    let error = service_client(&server, app())
        .get_user("00u1")
        .send()
        .await
        .expect_err("auth fails");
    let Error::Auth(cause) = &error else {
        panic!("expected Error::Auth, got {error:?}")
    };
    assert!(matches!(**cause, Error::Api { .. }), "{cause:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(error.request_id(), Some("req-token"));
    let body = serde_json::to_value(error.api_body().expect("decoded body")).expect("json");
    assert_eq!(body["error"], "invalid_client");
    let message = error.to_string();
    assert!(
        message.contains("invalid_client") && message.contains("HTTP 401"),
        "{message}"
    );
    assert!(!error.is_retryable());
    assert!(!format!("{error:?}").contains("eyJ"), "no JWT in the error");
}

/// A token endpoint that fails slowly, counting its requests.
async fn failing_token_endpoint(server: &MockServer, status: u16) -> Arc<AtomicUsize> {
    #[derive(Clone)]
    struct Failing(Arc<AtomicUsize>, u16);
    impl Respond for Failing {
        fn respond(&self, _: &Request) -> ResponseTemplate {
            self.0.fetch_add(1, Ordering::SeqCst);
            ResponseTemplate::new(self.1)
                .set_body_json(json!({"error": "temporarily_unavailable"}))
                .set_delay(Duration::from_millis(50))
        }
    }
    let count = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(RawPath("/oauth2/v1/token"))
        .respond_with(Failing(count.clone(), status))
        .mount(server)
        .await;
    count
}

#[tokio::test]
async fn concurrent_callers_share_one_failed_fetch() {
    let server = MockServer::start().await;
    let fetches = failing_token_endpoint(&server, 503).await;
    let client = service_client(&server, app());
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_user("00u1").send().await.map(|_| ()) })
    });
    for call in futures_util::future::join_all(calls).await {
        let error = call.expect("task").expect_err("no token");
        assert!(matches!(error, Error::Auth(_)), "{error:?}");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
        assert!(error.is_retryable());
    }
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        1,
        "one fetch for 50 callers"
    );
}

#[tokio::test(start_paused = true)]
async fn token_failures_back_off() {
    let server = MockServer::start().await;
    let fetches = failing_token_endpoint(&server, 500).await;
    let client = service_client(&server, app());
    client.get_user("00u1").send().await.expect_err("first");
    client
        .get_user("00u1")
        .send()
        .await
        .expect_err("during backoff");
    assert_eq!(
        fetches.load(Ordering::SeqCst),
        1,
        "no fetch during the backoff"
    );
    tokio::time::advance(Duration::from_millis(1100)).await;
    client.get_user("00u1").send().await.expect_err("after 1 s");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    tokio::time::advance(Duration::from_millis(1100)).await;
    client
        .get_user("00u1")
        .send()
        .await
        .expect_err("backoff doubled");
    assert_eq!(fetches.load(Ordering::SeqCst), 2, "second backoff is 2 s");
}

#[tokio::test(start_paused = true)]
async fn short_lived_tokens_are_reused_for_most_of_their_life() {
    // The margin is at most a quarter of the lifetime: 75 s of 300 s.
    renewal_schedule(300, 200, 230).await;
}

#[tokio::test]
async fn absurd_token_lifetimes_do_not_panic() {
    for expires_in in [u64::MAX, 0] {
        let (_server, _, client) = client_with_lifetime(expires_in).await;
        client.get_user("00u1").send().await.expect("first");
        client.get_user("00u1").send().await.expect("second");
    }
}

#[tokio::test]
async fn the_token_endpoint_follows_no_redirect() {
    let (other, _) = server_with_token_endpoint().await;
    let server = MockServer::start().await;
    for status in [301, 302, 303, 307, 308] {
        server.reset().await;
        Mock::given(method("POST"))
            .and(RawPath("/oauth2/v1/token"))
            .respond_with(ResponseTemplate::new(status).insert_header(
                "Location",
                format!("{}/oauth2/v1/token", other.uri()).as_str(),
            ))
            .mount(&server)
            .await;
        let error = service_client(&server, app())
            .get_user("00u1")
            .send()
            .await
            .expect_err("no token");
        assert_eq!(
            error.status().map(|s| s.as_u16()),
            Some(status),
            "{error:?}"
        );
    }
    let received = other.received_requests().await.unwrap_or_default();
    assert!(
        received.is_empty(),
        "the assertion went to the redirect target"
    );
}
