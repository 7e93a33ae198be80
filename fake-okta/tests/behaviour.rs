//! The fake's behaviour, pinned through the generated client: lifecycle on create, partial
//! update against replace, two-step delete, ETag/If-Match, search/filter/q and cursors,
//! `expand=blocks`, custom attributes, Okta errors, and each injectable fault.
use fake_okta::{FakeOkta, Fault};
use futures_util::TryStreamExt;
use okta_users::query::{filter, search, Search};
use okta_users::types::{
    CreateUserRequest, PasswordCredential, UpdateUserRequest, UserCredentialsWritable, UserProfile,
    UserStatus,
};
use okta_users::{Error, Nullable, RetryPolicy};
use std::time::Duration;

fn profile(login: &str) -> UserProfile {
    let mut profile = UserProfile::default();
    profile.login = Some(login.to_owned());
    profile.email = Some(login.to_owned());
    profile.first_name = Nullable::Value(login.split('@').next().unwrap_or(login).to_owned());
    profile.last_name = Nullable::Value("Brock".to_owned());
    profile
        .additional_properties
        .insert("costCenterCode", "CC-12")
        .unwrap();
    profile
}

fn create_request(login: &str, password: bool) -> CreateUserRequest {
    let mut request = CreateUserRequest::default();
    request.profile = profile(login);
    if password {
        let mut credential = PasswordCredential::default();
        credential.value = Some("correct horse".into());
        let mut credentials = UserCredentialsWritable::default();
        credentials.password = Some(credential);
        request.credentials = Some(credentials.into());
    }
    request
}

/// Creates an active user with a password; its id.
async fn create_active(client: &okta_users::Client, login: &str) -> String {
    let created = client.create_user(create_request(login, true)).send().await;
    created.expect("created").into_body().id.expect("an id")
}

/// The Okta error code of an `Error::Api`.
fn code(error: &Error) -> (u16, String) {
    match error {
        Error::Api { status, body, .. } => {
            (status.as_u16(), body.error_code.clone().unwrap_or_default())
        }
        other => panic!("not an Okta error: {other:?}"),
    }
}

#[tokio::test]
async fn creation_statuses_follow_activation_and_credentials() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    let staged = client
        .create_user(create_request("a@example.com", true))
        .activate(false);
    let active = client.create_user(create_request("b@example.com", true));
    let provisioned = client.create_user(create_request("c@example.com", false));
    for (request, status) in [
        (staged, UserStatus::Staged),
        (active, UserStatus::Active),
        (provisioned, UserStatus::Provisioned),
    ] {
        let user = request.send().await.expect("created").into_body();
        assert_eq!(user.status, Some(status));
        assert!(user.id.as_deref().is_some_and(|id| id.starts_with("00u")));
    }
    let expired = client
        .create_user(create_request("d@example.com", false))
        .next_login(okta_users::types::UserNextLogin::ChangePassword)
        .send()
        .await
        .expect_err("needs a password");
    assert_eq!(code(&expired), (400, "E0000124".to_owned()));
    let duplicate = client
        .create_user(create_request("A@example.com", true))
        .send()
        .await
        .expect_err("login taken");
    assert_eq!(code(&duplicate), (400, "E0000001".to_owned()));
    // The password is write-only: stored as `{}`.
    let stored = okta.users().await;
    assert_eq!(stored[0]["credentials"]["password"], serde_json::json!({}));
}

#[tokio::test]
async fn partial_updates_merge_and_replacements_remove() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    let id = create_active(&client, "isaac@example.com").await;
    let read = client.get_user(&id).send().await.unwrap();
    let etag = read.etag().expect("an ETag").to_owned();

    let mut change = UpdateUserRequest::default();
    let mut patch = UserProfile::default();
    patch.nick_name = Nullable::Value("Ike".into());
    change.profile = Some(patch.into());
    let stale = client
        .update_user(&id, change.clone())
        .if_match("W/\"0\"")
        .send()
        .await
        .expect_err("stale ETag");
    assert_eq!(code(&stale), (412, "E0000001".to_owned()));
    let updated = client
        .update_user(&id, change)
        .if_match(etag.clone())
        .send()
        .await
        .expect("current ETag");
    // The spec declares `ETag` on getUser only; the fake sends it after updates too.
    let new_etag = updated.headers().get("etag").and_then(|v| v.to_str().ok());
    assert!(new_etag.is_some_and(|e| e != etag), "{new_etag:?}");
    let user = updated.into_body();
    let profile = user.profile.unwrap();
    assert_eq!(profile.nick_name, Nullable::Value("Ike".into()));
    assert_eq!(profile.login.as_deref(), Some("isaac@example.com"), "kept");
    assert_eq!(
        profile
            .additional_properties
            .get_as::<String>("costCenterCode")
            .unwrap()
            .unwrap(),
        "CC-12"
    );

    let mut replacement = UpdateUserRequest::default();
    let mut whole = UserProfile::default();
    whole.login = Some("isaac@example.com".into());
    whole.email = Some("isaac@example.com".into());
    replacement.profile = Some(whole.into());
    let replaced = client
        .replace_user(&id, replacement)
        .send()
        .await
        .unwrap()
        .into_body();
    let profile = replaced.profile.unwrap();
    assert_eq!(profile.nick_name, Nullable::Absent, "left out, so removed");
    assert!(profile.additional_properties.is_empty());
}

#[tokio::test]
async fn delete_deprovisions_first_and_deletes_second() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    let id = create_active(&client, "gone@example.com").await;
    client.delete_user(&id).send().await.expect("deactivated");
    let user = client.get_user(&id).send().await.unwrap().into_body();
    assert_eq!(user.status, Some(UserStatus::Deprovisioned));
    client.delete_user(&id).send().await.expect("deleted");
    let missing = client.get_user(&id).send().await.expect_err("gone");
    assert_eq!(code(&missing), (404, "E0000007".to_owned()));
}

#[tokio::test]
async fn search_filter_q_and_cursors() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    for i in 0..5 {
        client
            .create_user(create_request(&format!("user{i}@example.com"), true))
            .activate(i % 2 == 0)
            .send()
            .await
            .unwrap();
    }
    // Five users, two per page: three pages followed by `Link` headers.
    let all: Vec<_> = client
        .list_users()
        .limit(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    let staged: Vec<_> = client
        .list_users()
        .search(
            search::status()
                .eq(UserStatus::Staged)
                .and(search::email().co("user")),
        )
        .limit(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(staged.len(), 2, "search carried onto every page");
    let one = client
        .list_users()
        .filter(filter::login().eq("USER3@example.com"))
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(one.len(), 1, "values compare case-insensitively");
    let q = client
        .list_users()
        .q("user1")
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(q.len(), 1);
    for bad in [r#"status ne "ACTIVE""#, r#"id co "00u""#, "status eq"] {
        let error = client
            .list_users()
            .search(Search::raw(bad))
            .send()
            .await
            .expect_err(bad);
        assert_eq!(code(&error), (400, "E0000031".to_owned()), "{bad}");
    }
    // Deprovisioned users: hidden from plain lists, found by search.
    let id = all[0].id.clone().unwrap();
    client.delete_user(&id).send().await.unwrap();
    let live = client.list_users().send().await.unwrap().into_body();
    assert_eq!(live.len(), 4);
    let found = client
        .list_users()
        .search(search::id().eq(&id))
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(found.len(), 1);
}

#[tokio::test]
async fn blocks_are_expanded_on_request() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    let id = create_active(&client, "b@example.com").await;
    let user = client
        .get_user(&id)
        .expand("blocks")
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(user.embedded.unwrap().blocks, Some(Vec::new()));
    let blocks = client
        .list_user_blocks(&id)
        .send()
        .await
        .unwrap()
        .into_body();
    assert!(blocks.is_empty());
}

#[tokio::test]
async fn requests_without_the_token_are_refused() {
    let okta = FakeOkta::start().await;
    let client = okta_users::Client::builder()
        .base_url(okta.base_url())
        .api_key("wrong")
        .allow_http_on_loopback()
        .build()
        .unwrap();
    let error = client.list_users().send().await.expect_err("401");
    assert_eq!(code(&error), (401, "E0000011".to_owned()));
}

#[tokio::test]
async fn injected_faults() {
    let okta = FakeOkta::start().await;
    // A 429 with Okta's headers: a retrying client waits for the reset and succeeds.
    let retrying = okta
        .client_builder()
        .retry(RetryPolicy::default())
        .build()
        .unwrap();
    okta.inject(Fault::RateLimited { reset_in: 0 }).await;
    let page = retrying
        .list_users()
        .send()
        .await
        .expect("retried after the reset");
    assert!(page.request_id().is_some());
    assert_eq!(okta.requests(), 2);

    let client = okta.client();
    okta.inject(Fault::Status(503)).await;
    let error = client.list_users().send().await.expect_err("503");
    assert_eq!(code(&error), (503, "E0000009".to_owned()));

    okta.inject(Fault::Slow(Duration::from_secs(2))).await;
    let error = client
        .list_users()
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .expect_err("too slow");
    assert!(error.is_timeout(), "{error:?}");

    okta.inject(Fault::DropConnection).await;
    let error = client.list_users().send().await.expect_err("dropped");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    client
        .list_users()
        .send()
        .await
        .expect("faults are used up");
}
