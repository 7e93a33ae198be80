//! Typed mocks (feature `mocks`): matchers built from what an operation builder would send,
//! responders that take the operation's typed body. No URL or JSON written by hand.
use okta_users::mocks::when;
use okta_users::query::search;
use okta_users::types::{
    ChangePasswordRequest, Error as OktaError, PasswordCredential, TempPassword, UpdateUserRequest,
    User, UserCredentials, UserProfile, UserStatus,
};
use okta_users::{Error, Nullable};
use okta_users_tests::client;
use wiremock::MockServer;

fn user(id: &str, status: UserStatus) -> User {
    let mut user = User::default();
    user.id = Some(id.to_owned());
    user.status = Some(status);
    user
}

/// The journey of `against_fake.rs`, with typed mocks.
#[tokio::test]
async fn deactivate_then_delete_a_user_found_by_email_with_typed_mocks() {
    let server = MockServer::start().await;
    let client = client(&server);
    let by_email = || {
        client
            .list_users()
            .search(search::email().eq("isaac@example.com"))
    };
    let mut not_found = OktaError::default();
    not_found.error_code = Some("E0000007".into());
    when(&by_email())
        .respond(200, &vec![user("00u1", UserStatus::Active)])
        .expect(1)
        .mount(&server)
        .await;
    when(&client.delete_user("00u1"))
        .respond_empty(204)
        .expect(2)
        .mount(&server)
        .await;
    when(&client.list_users())
        .respond(200, &vec![user("00u2", UserStatus::Active)])
        .mount(&server)
        .await;
    when(&client.get_user("00u1"))
        .respond_error(404, &not_found)
        .mount(&server)
        .await;

    let found = by_email().send().await.unwrap().into_body();
    let id = found[0].id.clone().unwrap();
    client.delete_user(&id).send().await.unwrap();
    client.delete_user(&id).send().await.unwrap();

    let left = client.list_users().send().await.unwrap().into_body();
    assert!(left.iter().all(|u| u.id.as_deref() != Some("00u1")));
    assert!(matches!(
        client.get_user(&id).send().await,
        Err(Error::Api { status, .. }) if status == 404
    ));
}

#[tokio::test]
async fn the_matcher_compares_path_query_headers_and_json_body() {
    let server = MockServer::start().await;
    let client = client(&server);
    let mut profile = UserProfile::default();
    profile.nick_name = Nullable::Value("Ike".into());
    let mut change = UpdateUserRequest::default();
    change.profile = Some(profile.into());
    let expected = client
        .update_user("00u1", change.clone())
        .if_match("W/\"1\"");
    when(&expected)
        .header("etag", "W/\"2\"")
        .respond(200, &user("00u1", UserStatus::Active))
        .expect(1)
        .mount(&server)
        .await;

    // Another If-Match, another body or another id: no match (wiremock answers 404).
    let mut other = change.clone();
    other.realm_id = Some("guo1".into());
    for attempt in [
        client
            .update_user("00u1", change.clone())
            .if_match("W/\"0\""),
        client.update_user("00u1", other).if_match("W/\"1\""),
        client
            .update_user("00u9", change.clone())
            .if_match("W/\"1\""),
    ] {
        let error = attempt.send().await.expect_err("not mocked");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(404), "{error:?}");
    }
    let answered = expected.send().await.expect("matched");
    assert_eq!(answered.headers()["etag"], "W/\"2\"");
    assert_eq!(answered.body().status, Some(UserStatus::Active));
}

/// The journey of `against_fake.rs`, with typed mocks: suspend a user found by login, then
/// unsuspend.
#[tokio::test]
async fn suspend_a_user_found_by_login_then_unsuspend_with_typed_mocks() {
    let server = MockServer::start().await;
    let client = client(&server);
    let by_login = || {
        client
            .list_users()
            .search(search::login().eq("isaac@example.com"))
    };
    when(&by_login())
        .respond(200, &vec![user("00u1", UserStatus::Active)])
        .expect(1)
        .mount(&server)
        .await;
    when(&client.suspend_user("00u1"))
        .respond_empty(200)
        .expect(1)
        .mount(&server)
        .await;
    when(&client.unsuspend_user("00u1"))
        .respond_empty(200)
        .expect(1)
        .mount(&server)
        .await;

    let found = by_login().send().await.unwrap().into_body();
    let id = found[0].id.clone().unwrap();
    client.suspend_user(&id).send().await.unwrap();
    client.unsuspend_user(&id).send().await.unwrap();
}

/// The journey of `against_fake.rs`, with typed mocks: unlock a locked-out user, expire
/// their password with a temporary one, and change it.
#[tokio::test]
async fn reset_a_locked_out_user_with_typed_mocks() {
    let server = MockServer::start().await;
    let client = client(&server);
    let mut temporary = TempPassword::default();
    temporary.temp_password = Some("Tmp-4zE8".into());
    let mut old = PasswordCredential::default();
    old.value = Some("Tmp-4zE8".into());
    let mut new = PasswordCredential::default();
    new.value = Some("N3w-Correct-h0rse".into());
    let mut change = ChangePasswordRequest::default();
    change.old_password = Some(old);
    change.new_password = Some(new);
    when(&client.unlock_user("00u1"))
        .respond_empty(200)
        .expect(1)
        .mount(&server)
        .await;
    when(
        &client
            .expire_password_with_temp_password("00u1")
            .revoke_sessions(true),
    )
    .respond(200, &temporary)
    .expect(1)
    .mount(&server)
    .await;
    when(&client.change_password("00u1", change.clone()))
        .respond(200, &UserCredentials::default())
        .expect(1)
        .mount(&server)
        .await;

    client.unlock_user("00u1").send().await.unwrap();
    let got = client
        .expire_password_with_temp_password("00u1")
        .revoke_sessions(true)
        .send()
        .await
        .unwrap()
        .into_body();
    assert!(!format!("{got:?}").contains("Tmp-4zE8"));
    let mut change_from_answer = change;
    change_from_answer.old_password.as_mut().unwrap().value = got.temp_password;
    client
        .change_password("00u1", change_from_answer)
        .send()
        .await
        .unwrap();
}
