//! No secret ever reaches tracing logs, Debug output or errors. One test in its own binary,
//! so that it can install the global tracing subscriber.

use okta_users_tests::{RawPath, TOKEN};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Collects everything `tracing` writes while a test runs.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_reach_logs_debug_output_or_errors() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber)
        .expect("the only subscriber in this binary");

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/00u1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "00u1"}))
                .insert_header("X-Okta-Request-Id", "req-log"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(RawPath("/api/v1/users/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"errorCode": "E0000007"})))
        .mount(&server)
        .await;
    let builder = okta_users::Client::builder()
        .base_url(server.uri())
        .allow_http_on_loopback()
        .api_key(TOKEN);
    let mut debug = format!("{builder:?}");
    let client = builder.build().expect("client");
    debug.push_str(&format!("{client:?}"));
    let response = client.get_user("00u1").send().await.expect("user");
    debug.push_str(&format!("{response:?}"));
    let not_found = client.get_user("missing").send().await.expect_err("404");
    debug.push_str(&format!("{not_found:?} {not_found}"));
    let query_key = okta_users::Client::builder()
        .base_url("http://127.0.0.1:9")
        .allow_http_on_loopback()
        .retry(okta_users::RetryPolicy::none())
        .api_key_query("api_key", TOKEN)
        .build()
        .expect("client");
    let transport = query_key
        .get_user("00u1")
        .send()
        .await
        .expect_err("nothing listens");
    debug.push_str(&format!("{query_key:?} {transport:?} {transport}"));
    let secret = okta_users::Secret::new(TOKEN);
    debug.push_str(&format!("{secret:?}"));

    // Every other error kind: a token that cannot be a header value, a body that does not
    // decode, a status whose body is not the API's error shape.
    let bad_token = okta_users::Client::builder()
        .base_url("https://example.okta.com")
        .api_key(format!("{TOKEN}\n"))
        .build()
        .expect_err("a newline cannot be sent");
    debug.push_str(&format!("{bad_token:?} {bad_token}"));
    for (path, template) in [
        (
            "/api/v1/users/garbled",
            ResponseTemplate::new(200).set_body_string("{not json"),
        ),
        (
            "/api/v1/users/html",
            ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"),
        ),
    ] {
        Mock::given(method("GET"))
            .and(RawPath(path))
            .respond_with(template)
            .mount(&server)
            .await;
    }
    for id in ["garbled", "html"] {
        let error = client.get_user(id).send().await.expect_err("an error");
        debug.push_str(&format!("{error:?} {error}"));
    }

    let logs = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf8");
    assert!(
        logs.contains("getUser") && logs.contains("/api/v1/users/{id}") && logs.contains("req-log"),
        "span fields logged:\n{logs}"
    );
    assert!(
        logs.contains("status=200") && logs.contains("attempt=1"),
        "{logs}"
    );
    for text in [&logs, &debug] {
        assert!(!text.contains(TOKEN), "token leaked:\n{text}");
    }
}

/// Fields the spec marks secret (`format: password`, `x-secret: true`) never show in
/// `Debug`, yet are sent as they are.
#[test]
fn secret_model_fields_are_redacted_in_debug() {
    let credentials: okta_users::types::UserCredentialsWritable = serde_json::from_value(json!({
        "password": {
            "value": "plain-Passw0rd",
            "hash": {"algorithm": "BCRYPT", "value": "hash-VALUE-b64", "salt": "salt-VALUE-b64", "workFactor": 10}
        },
        "recovery_question": {"question": "Who?", "answer": "Annie Oakley"}
    }))
    .expect("decodes");
    let shown = format!("{credentials:?}");
    for secret in [
        "plain-Passw0rd",
        "hash-VALUE-b64",
        "salt-VALUE-b64",
        "Annie Oakley",
    ] {
        assert!(!shown.contains(secret), "{secret} shows in {shown}");
    }
    let sent = serde_json::to_string(&credentials).expect("encodes");
    for secret in [
        "plain-Passw0rd",
        "hash-VALUE-b64",
        "salt-VALUE-b64",
        "Annie Oakley",
    ] {
        assert!(sent.contains(secret), "{secret} is sent");
    }
}
