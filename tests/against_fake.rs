//! The client against the stateful fake Okta (`fake-okta`) rather than canned mocks: whole
//! user journeys whose steps depend on what earlier steps did.
use fake_okta::FakeOkta;
use futures_util::TryStreamExt;
use okta_users::query::{filter, search};
use okta_users::types::{
    ChangePasswordRequest, CreateUserRequest, PasswordCredential, UpdateUserRequest,
    UserCredentialsWritable, UserProfile, UserStatus,
};
use okta_users::{Error, Nullable};

async fn create(client: &okta_users::Client, login: &str) -> String {
    let mut request = CreateUserRequest::default();
    request.profile.login = Some(login.to_owned());
    request.profile.email = Some(login.to_owned());
    request
        .profile
        .additional_properties
        .insert("skills", &["rust", "go"])
        .unwrap();
    let user = client
        .create_user(request)
        .send()
        .await
        .unwrap()
        .into_body();
    user.id.unwrap()
}

/// The journey of the closing note: deactivate then delete a user found by email.
#[tokio::test]
async fn deactivate_then_delete_a_user_found_by_email() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    create(&client, "isaac@example.com").await;
    create(&client, "ada@example.com").await;

    let found = client
        .list_users()
        .search(search::email().eq("isaac@example.com"))
        .send()
        .await
        .unwrap()
        .into_body();
    let id = found[0].id.clone().unwrap();
    client.delete_user(&id).send().await.unwrap(); // deactivates
    client.delete_user(&id).send().await.unwrap(); // deletes

    let left: Vec<_> = client.list_users().stream().try_collect().await.unwrap();
    assert_eq!(left.len(), 1);
    assert!(matches!(
        client.get_user(&id).send().await,
        Err(Error::Api { status, .. }) if status == 404
    ));
}

/// Read, change one attribute, write back with the ETag: custom attributes survive, and a
/// second writer with the old ETag is refused.
#[tokio::test]
async fn read_modify_write_keeps_custom_attributes_and_refuses_stale_writes() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    let id = create(&client, "isaac@example.com").await;
    let read = client.get_user(&id).send().await.unwrap();
    let etag = read.etag().unwrap().to_owned();
    let mut profile: UserProfile = *read.into_body().profile.unwrap();
    profile.title = Nullable::Value("Engineer".into());
    let mut change = UpdateUserRequest::default();
    change.profile = Some(profile.into());
    let updated = client
        .replace_user(&id, change.clone())
        .if_match(etag.clone())
        .send()
        .await
        .unwrap()
        .into_body();
    let profile = updated.profile.unwrap();
    assert_eq!(profile.title, Nullable::Value("Engineer".into()));
    assert_eq!(
        profile
            .additional_properties
            .get_as::<Vec<String>>("skills")
            .unwrap()
            .unwrap(),
        ["rust", "go"]
    );
    let stale = client.replace_user(&id, change).if_match(etag).send().await;
    assert!(matches!(stale, Err(Error::Api { status, .. }) if status == 412));
    // Created without a password: activated but not set up yet.
    assert_eq!(updated.status, Some(UserStatus::Provisioned));
}

/// An active user with a password, created through the client.
async fn create_active(client: &okta_users::Client, login: &str, password: &str) -> String {
    let mut request = CreateUserRequest::default();
    request.profile.login = Some(login.to_owned());
    request.profile.email = Some(login.to_owned());
    let mut credentials = UserCredentialsWritable::default();
    let mut secret = PasswordCredential::default();
    secret.value = Some(password.into());
    credentials.password = Some(secret);
    request.credentials = Some(credentials.into());
    let user = client
        .create_user(request)
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(user.status, Some(UserStatus::Active));
    user.id.unwrap()
}

async fn status_of(client: &okta_users::Client, id: &str) -> Option<UserStatus> {
    client.get_user(id).send().await.unwrap().into_body().status
}

/// Suspend a user found by login, see them among the suspended, then unsuspend; the
/// transitions the status does not allow are Okta's errors.
#[tokio::test]
async fn suspend_a_user_found_by_login_then_unsuspend() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    create_active(&client, "isaac@example.com", "Correct-h0rse").await;
    create_active(&client, "ada@example.com", "Correct-h0rse").await;

    let found = client
        .list_users()
        .search(search::login().eq("isaac@example.com"))
        .send()
        .await
        .unwrap()
        .into_body();
    let id = found[0].id.clone().unwrap();
    client.suspend_user(&id).send().await.unwrap();
    assert_eq!(status_of(&client, &id).await, Some(UserStatus::Suspended));
    let suspended = client
        .list_users()
        .filter(filter::status().eq(UserStatus::Suspended))
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(suspended.len(), 1);
    assert_eq!(suspended[0].id.as_deref(), Some(id.as_str()));
    let again = client.suspend_user(&id).send().await.unwrap_err();
    assert!(matches!(&again, Error::Api { status, body, .. }
        if *status == 400 && body.error_code.as_deref() == Some("E0000001")));

    client.unsuspend_user(&id).send().await.unwrap();
    assert_eq!(status_of(&client, &id).await, Some(UserStatus::Active));
    let activate = client.activate_user(&id).send().await.unwrap_err();
    assert!(matches!(&activate, Error::Api { status, body, .. }
        if *status == 403 && body.error_code.as_deref() == Some("E0000016")));
}

/// A locked-out user: unlock, expire their password with a temporary one (a secret that
/// never shows in Debug), and the user changes it, which makes them active again.
#[tokio::test]
async fn reset_a_locked_out_user() {
    let okta = FakeOkta::start().await;
    let client = okta.client();
    let id = create_active(&client, "isaac@example.com", "Correct-h0rse").await;
    let not_locked = client.unlock_user(&id).send().await.unwrap_err();
    assert!(matches!(&not_locked, Error::Api { status, body, .. }
        if *status == 403 && body.error_code.as_deref() == Some("E0000032")));
    assert!(okta.lock_out("isaac@example.com").await);
    let locked = client
        .list_users()
        .filter(filter::status().eq(UserStatus::LockedOut))
        .send()
        .await
        .unwrap()
        .into_body();
    assert_eq!(locked[0].id.as_deref(), Some(id.as_str()));

    client.unlock_user(&id).send().await.unwrap();
    assert_eq!(status_of(&client, &id).await, Some(UserStatus::Active));
    let temporary = client
        .expire_password_with_temp_password(&id)
        .revoke_sessions(true)
        .send()
        .await
        .unwrap()
        .into_body();
    let secret = temporary.temp_password.clone().unwrap();
    assert!(!format!("{temporary:?}").contains(secret.expose()));
    assert_eq!(
        status_of(&client, &id).await,
        Some(UserStatus::PasswordExpired)
    );

    let mut old = PasswordCredential::default();
    old.value = Some(secret);
    let mut new = PasswordCredential::default();
    new.value = Some("N3w-Correct-h0rse".into());
    let mut change = ChangePasswordRequest::default();
    change.old_password = Some(old);
    change.new_password = Some(new);
    client.change_password(&id, change).send().await.unwrap();
    assert_eq!(status_of(&client, &id).await, Some(UserStatus::Active));
}
